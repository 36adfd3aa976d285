/* Structured clone (kernel/js/clone.c) between two QuickJS runtimes, as
 * between two isolates: values built by JS in the writer, checked by JS in
 * the reader. ArrayBuffers are stolen with the kernel's allocator trick:
 * the writer's allocator is told that the next free of a pointer is a
 * change of owner, not a free. */
#include <malloc.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>

#include "check.h"
#include "clone.h"

/* An isolate's allocator: malloc, counting live blocks. */
struct heap {
	size_t live;
	void *stealing;   /* the next free of this pointer hands it over */
};

/* One side: a runtime, a context and its hooks. */
struct iso {
	JSRuntime *rt;
	JSContext *ctx;
	struct heap heap;
	struct clone_hooks hooks;
	struct iso *peer;          /* whose function ids we import */
	JSValue fns[16];           /* exported functions; an id is an index */
	int nfns;
	int nsteals, nadopts;
	bool refuse_exports;
};

static void *heap_malloc(JSMallocState *s, size_t size)
{
	struct heap *h = s->opaque;
	if (s->malloc_size + size > s->malloc_limit)
		return NULL;
	void *p = malloc(size);
	if (!p)
		return NULL;
	h->live++;
	s->malloc_count++;
	s->malloc_size += malloc_usable_size(p);
	return p;
}

static void heap_free(JSMallocState *s, void *p)
{
	struct heap *h = s->opaque;
	if (!p)
		return;
	h->live--;
	s->malloc_count--;
	s->malloc_size -= malloc_usable_size(p);
	if (p == h->stealing) {
		h->stealing = NULL;
		return;
	}
	free(p);
}

static void *heap_realloc(JSMallocState *s, void *p, size_t size)
{
	if (!p)
		return size ? heap_malloc(s, size) : NULL;
	if (!size) {
		heap_free(s, p);
		return NULL;
	}
	size_t old = malloc_usable_size(p);
	void *q = realloc(p, size);
	if (!q)
		return NULL;
	s->malloc_size += malloc_usable_size(q) - old;
	return q;
}

static size_t heap_usable_size(const void *p)
{
	return malloc_usable_size((void *)p);
}

static const JSMallocFunctions heap_funcs = { heap_malloc, heap_free, heap_realloc, heap_usable_size };

/* The free function of adopted buffers: they too can be stolen again. */
static void adopted_free(JSRuntime *rt, void *opaque, void *ptr)
{
	(void)rt;
	struct heap *h = opaque;
	if (ptr && ptr == h->stealing) {
		h->stealing = NULL;
		return;
	}
	free(ptr);
}

static void *steal_buffer(JSContext *ctx, JSValueConst ab, size_t *len, void *opaque)
{
	struct iso *iso = opaque;
	void *p = JS_GetArrayBuffer(ctx, len, ab);
	if (!p && JS_HasException(ctx))
		return NULL;
	iso->heap.stealing = p;
	JS_DetachArrayBuffer(ctx, ab);
	if (iso->heap.stealing) {   /* not freed through us: would be a test bug */
		iso->heap.stealing = NULL;
		JS_ThrowInternalError(ctx, "buffer was not handed over");
		return NULL;
	}
	iso->nsteals++;
	return p;
}

static JSValue adopt_buffer(JSContext *ctx, void *mem, size_t len, void *opaque)
{
	struct iso *iso = opaque;
	iso->nadopts++;
	return JS_NewArrayBuffer(ctx, mem, len, adopted_free, &iso->heap, 0);
}

static int64_t export_function(JSContext *ctx, JSValueConst fn, void *opaque)
{
	struct iso *iso = opaque;
	if (iso->refuse_exports || iso->nfns == (int)(sizeof(iso->fns) / sizeof(iso->fns[0]))) {
		JS_ThrowRangeError(ctx, "no more exports");
		return -1;
	}
	iso->fns[iso->nfns] = JS_DupValue(ctx, fn);
	return iso->nfns++;
}

/* The stand-in returns the id it stands for. */
static JSValue standin_call(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv, int magic,
			    JSValue *data)
{
	(void)ctx, (void)this_val, (void)argc, (void)argv, (void)magic;
	return JS_DupValue(ctx, data[0]);
}

static JSValue import_function(JSContext *ctx, int64_t id, void *opaque)
{
	struct iso *iso = opaque;
	if (!iso->peer || id < 0 || id >= iso->peer->nfns)
		return JS_ThrowRangeError(ctx, "unknown function id %lld", (long long)id);
	JSValue idv = JS_NewInt64(ctx, id);
	return JS_NewCFunctionData(ctx, standin_call, 0, 0, 1, &idv);
}

/* detach(buffer), for JS that detaches a buffer while it is being cloned. */
static JSValue js_detach(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
	(void)this_val, (void)argc;
	JS_DetachArrayBuffer(ctx, argv[0]);
	return JS_UNDEFINED;
}

static void iso_init(struct iso *iso, struct iso *peer)
{
	memset(iso, 0, sizeof(*iso));
	iso->rt = JS_NewRuntime2(&heap_funcs, &iso->heap);
	JS_SetMemoryLimit(iso->rt, 512u << 20);
	iso->ctx = JS_NewContext(iso->rt);
	iso->peer = peer;
	iso->hooks = (struct clone_hooks){ export_function, import_function, steal_buffer, adopt_buffer, iso };
	JSValue global = JS_GetGlobalObject(iso->ctx);
	JS_SetPropertyStr(iso->ctx, global, "detach", JS_NewCFunction(iso->ctx, js_detach, "detach", 1));
	JS_FreeValue(iso->ctx, global);
}

static void iso_free(struct iso *iso)
{
	for (int i = 0; i < iso->nfns; i++)
		JS_FreeValue(iso->ctx, iso->fns[i]);
	JS_FreeContext(iso->ctx);
	JS_FreeRuntime(iso->rt);   /* asserts that no object leaked */
	CHECK(iso->heap.live == 0);
}

/* Two isolates: a writes, b reads. */
struct pair {
	struct iso a, b;
};

static void pair_init(struct pair *p)
{
	iso_init(&p->a, &p->b);
	iso_init(&p->b, &p->a);
}

static void pair_free(struct pair *p)
{
	iso_free(&p->a);
	iso_free(&p->b);
}

static void print_exception(JSContext *ctx)
{
	JSValue e = JS_GetException(ctx);
	const char *s = JS_ToCString(ctx, e);
	printf("    exception: %s\n", s ? s : "?");
	JS_FreeCString(ctx, s);
	JS_FreeValue(ctx, e);
}

static JSValue eval(struct iso *iso, const char *src)
{
	return JS_Eval(iso->ctx, src, strlen(src), "<test>", JS_EVAL_TYPE_GLOBAL);
}

/* Runs src, which must give true. */
static bool js_true(struct iso *iso, const char *src)
{
	JSValue v = eval(iso, src);
	if (JS_IsException(v)) {
		print_exception(iso->ctx);
		return false;
	}
	bool ok = JS_VALUE_GET_TAG(v) == JS_TAG_BOOL && JS_VALUE_GET_BOOL(v);
	if (!ok)
		printf("    not true: %s\n", src);
	JS_FreeValue(iso->ctx, v);
	return ok;
}

static void set_global(struct iso *iso, const char *name, JSValue v)
{
	JSValue global = JS_GetGlobalObject(iso->ctx);
	JS_SetPropertyStr(iso->ctx, global, name, v);
	JS_FreeValue(iso->ctx, global);
}

/* Clones value from a to b, where it becomes the global v. */
static bool send_value(struct iso *from, JSValueConst value, struct iso *to)
{
	struct clone_msg msg;
	if (clone_write(from->ctx, value, &from->hooks, &msg)) {
		print_exception(from->ctx);
		return false;
	}
	JSValue v = clone_read(to->ctx, &msg, &to->hooks);
	clone_msg_free(&msg);
	if (JS_IsException(v)) {
		print_exception(to->ctx);
		return false;
	}
	set_global(to, "v", v);
	return true;
}

/* Evaluates src in from as the global orig, and sends it to to as v. */
static bool send(struct iso *from, const char *src, struct iso *to)
{
	JSValue orig = eval(from, src);
	if (JS_IsException(orig)) {
		print_exception(from->ctx);
		return false;
	}
	bool ok = send_value(from, orig, to);
	set_global(from, "orig", orig);
	return ok;
}

/* The pending exception as "name: message". */
static void take_exception(JSContext *ctx, char *buf, size_t size)
{
	JSValue e = JS_GetException(ctx);
	JSValue name = JS_GetPropertyStr(ctx, e, "name");
	JSValue message = JS_GetPropertyStr(ctx, e, "message");
	const char *n = JS_ToCString(ctx, name), *m = JS_ToCString(ctx, message);
	snprintf(buf, size, "%s: %s", n ? n : "?", m ? m : "?");
	JS_FreeCString(ctx, n);
	JS_FreeCString(ctx, m);
	JS_FreeValue(ctx, name);
	JS_FreeValue(ctx, message);
	JS_FreeValue(ctx, e);
}

/* ---- tests ---- */

static void test_primitives(void)
{
	struct pair p;
	pair_init(&p);
	CHECK(send(&p.a, "[undefined, null, true, false, 0, 42, -7, 2147483647, -2147483648]", &p.b));
	CHECK(js_true(&p.b, "v.length === 9 && v[0] === undefined && v[1] === null && v[2] === true && "
			    "v[3] === false && v[5] === 42 && v[6] === -7 && v[7] === 2147483647 && v[8] === -2147483648"));
	CHECK(send(&p.a, "[-0, NaN, Infinity, -Infinity, 1.5, 2**53, 5e-324, 1.7976931348623157e308]", &p.b));
	CHECK(js_true(&p.b, "Object.is(v[0], -0) && Number.isNaN(v[1]) && v[2] === Infinity && v[3] === -Infinity "
			    "&& v[4] === 1.5 && v[5] === 2**53 && v[6] === 5e-324 && v[7] === 1.7976931348623157e308"));
	CHECK(send(&p.a, "-0", &p.b));
	CHECK(js_true(&p.b, "Object.is(v, -0)"));
	CHECK(send(&p.a, "undefined", &p.b));
	CHECK(js_true(&p.b, "v === undefined"));
	pair_free(&p);
}

/* A float that holds an integer stays a float, an int stays an int. */
static void test_number_tags(void)
{
	struct pair p;
	pair_init(&p);
	JSValue arr = JS_NewArray(p.a.ctx);
	JS_SetPropertyUint32(p.a.ctx, arr, 0, __JS_NewFloat64(p.a.ctx, 1.0));
	JS_SetPropertyUint32(p.a.ctx, arr, 1, JS_NewInt32(p.a.ctx, 1));
	CHECK(send_value(&p.a, arr, &p.b));
	JS_FreeValue(p.a.ctx, arr);
	JSValue v = eval(&p.b, "v");
	JSValue f = JS_GetPropertyUint32(p.b.ctx, v, 0), i = JS_GetPropertyUint32(p.b.ctx, v, 1);
	CHECK(JS_VALUE_GET_TAG(f) == JS_TAG_FLOAT64 && JS_VALUE_GET_FLOAT64(f) == 1.0);
	CHECK(JS_VALUE_GET_TAG(i) == JS_TAG_INT && JS_VALUE_GET_INT(i) == 1);
	JS_FreeValue(p.b.ctx, v);
	pair_free(&p);
}

static void test_strings(void)
{
	struct pair p;
	pair_init(&p);
	static const char *const cases[] = {
		"''", "'plain ascii'", "'caf\\u00e9 \\u00ff'", "'\\u20ac \\u4e2d\\u6587'", "'\\ud83d\\ude00 emoji'",
		"'\\ud800'", "'\\udc00'", "'a\\ud800b'", "'a\\udc00\\ud800b'", "'\\ud83d'.repeat(3) + '\\ude00'",
		"'\\u0000 nul \\u0000'", "'x'.repeat(100000) + '\\ud800'",
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char src[256];
		CHECK(send(&p.a, cases[i], &p.b));
		snprintf(src, sizeof(src), "typeof v === 'string' && v === (%s)", cases[i]);
		CHECK(js_true(&p.b, src));
		snprintf(src, sizeof(src), "{ let w = (%s); let ok = w.length === v.length; "
			 "for (let i = 0; i < w.length; i++) ok = ok && w.charCodeAt(i) === v.charCodeAt(i); ok }",
			 cases[i]);
		CHECK(js_true(&p.b, src));
	}
	/* as keys too */
	CHECK(send(&p.a, "({ '\\ud800': 1, 'a\\udc00': 2, '\\u00e9': 3, '': 4 })", &p.b));
	CHECK(js_true(&p.b, "v['\\ud800'] === 1 && v['a\\udc00'] === 2 && v['\\u00e9'] === 3 && v[''] === 4 && "
			    "Object.keys(v).length === 4"));
	pair_free(&p);
}

static void test_bigint(void)
{
	struct pair p;
	pair_init(&p);
	static const char *const cases[] = {
		"0n", "1n", "-1n", "123456789012345678n", "-123456789012345678n", "2n**63n - 1n", "-(2n**63n)",
		"2n**63n", "2n**64n", "-(2n**200n) + 12345n", "7n**1000n", "-(3n**5000n)",
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char src[128];
		CHECK(send(&p.a, cases[i], &p.b));
		snprintf(src, sizeof(src), "typeof v === 'bigint' && v === (%s)", cases[i]);
		CHECK(js_true(&p.b, src));
	}
	pair_free(&p);
}

static void test_plain_objects(void)
{
	struct pair p;
	pair_init(&p);
	CHECK(send(&p.a, "({ b: 1, 2: 'two', a: { x: [1, 'y'] }, 1: null, z: undefined })", &p.b));
	CHECK(js_true(&p.b, "Object.keys(v).join() === '1,2,b,a,z' && v.b === 1 && v[2] === 'two' && "
			    "v.a.x[1] === 'y' && v[1] === null && 'z' in v && v.z === undefined && "
			    "Object.getPrototypeOf(v) === Object.prototype"));
	/* getters run and become data; non-enumerable and symbol keys stay behind */
	CHECK(send(&p.a, "{ let o = { get g() { return 5; }, [Symbol('s')]: 1 }; "
			 "Object.defineProperty(o, 'hidden', { value: 1, enumerable: false }); o }",
		   &p.b));
	CHECK(js_true(&p.b, "Object.getOwnPropertyDescriptor(v, 'g').value === 5 && !('hidden' in v) && "
			    "Object.getOwnPropertySymbols(v).length === 0"));
	/* an own __proto__ stays an own property, not a prototype */
	CHECK(send(&p.a, "JSON.parse('{\"__proto__\": {\"x\": 1}}')", &p.b));
	CHECK(js_true(&p.b, "Object.getPrototypeOf(v) === Object.prototype && Object.keys(v)[0] === '__proto__' && "
			    "v.x === undefined && Object.getOwnPropertyDescriptor(v, '__proto__').value.x === 1"));
	/* class instances lose their prototype, as in browsers */
	CHECK(send(&p.a, "new (class Point { constructor() { this.x = 1; this.y = 2; } get len() { return 3; } })",
		   &p.b));
	CHECK(js_true(&p.b, "Object.getPrototypeOf(v) === Object.prototype && v.x === 1 && v.y === 2 && "
			    "!('len' in v)"));
	CHECK(send(&p.a, "Object.create(null)", &p.b));
	CHECK(js_true(&p.b, "Object.getPrototypeOf(v) === Object.prototype && Object.keys(v).length === 0"));
	/* a getter that deletes a later key: that key is skipped */
	CHECK(send(&p.a, "({ get a() { delete this.b; return 1; }, b: 2, c: 3 })", &p.b));
	CHECK(js_true(&p.b, "v.a === 1 && !('b' in v) && v.c === 3"));
	pair_free(&p);
}

static void test_getter_throws(void)
{
	struct pair p;
	struct clone_msg msg;
	char buf[200];
	pair_init(&p);
	JSValue v = eval(&p.a, "globalThis.buf = new ArrayBuffer(4); "
			       "[buf, { get x() { throw new RangeError('from getter'); } }]");
	CHECK(clone_write(p.a.ctx, v, &p.a.hooks, &msg) == -1);
	CHECK(msg.data == NULL && msg.buffers == NULL && msg.len == 0);
	take_exception(p.a.ctx, buf, sizeof(buf));
	CHECK(strcmp(buf, "RangeError: from getter") == 0);
	CHECK(js_true(&p.a, "buf.byteLength === 4"));
	JS_FreeValue(p.a.ctx, v);
	clone_msg_free(&msg);
	pair_free(&p);
}

static void test_arrays(void)
{
	struct pair p;
	pair_init(&p);
	CHECK(send(&p.a, "[1, 'a', [2, [3]], {}]", &p.b));
	CHECK(js_true(&p.b, "Array.isArray(v) && v.length === 4 && v[2][1][0] === 3 && typeof v[3] === 'object'"));
	CHECK(send(&p.a, "[1, , 3, , ]", &p.b));
	CHECK(js_true(&p.b, "v.length === 4 && !(1 in v) && !(3 in v) && v[2] === 3"));
	CHECK(send(&p.a, "{ let a = [1, 2]; a.foo = 'bar'; a[-1] = 'neg'; a.length = 5; a }", &p.b));
	CHECK(js_true(&p.b, "v.length === 5 && v.foo === 'bar' && v[-1] === 'neg' && v[1] === 2 && !(4 in v)"));
	CHECK(send(&p.a, "{ let a = []; a[1e6] = 1; a[3e9] = 2; a }", &p.b));
	CHECK(js_true(&p.b, "v.length === 3e9 + 1 && v[1e6] === 1 && v[3e9] === 2 && Object.keys(v).length === 2"));
	CHECK(send(&p.a, "new Array(2**32 - 1)", &p.b));
	CHECK(js_true(&p.b, "v.length === 2**32 - 1 && Object.keys(v).length === 0"));
	CHECK(send(&p.a, "Array.from({ length: 10000 }, (_, i) => i * 1.5)", &p.b));
	CHECK(js_true(&p.b, "v.length === 10000 && v.every((x, i) => x === i * 1.5)"));
	pair_free(&p);
}

static void test_date_regexp(void)
{
	struct pair p;
	pair_init(&p);
	CHECK(send(&p.a, "[new Date(1700000000123), new Date(NaN), new Date(-8.64e15)]", &p.b));
	CHECK(js_true(&p.b, "v[0] instanceof Date && v[0].getTime() === 1700000000123 && isNaN(v[1].getTime()) && "
			    "v[2].getTime() === -8.64e15"));
	CHECK(send(&p.a, "{ let r = /a\\/b[\\]]+(?<n>x)/dgimsuy; r.lastIndex = 3; r.extra = 1; r }", &p.b));
	CHECK(js_true(&p.b, "v instanceof RegExp && v.source === 'a\\\\/b[\\\\]]+(?<n>x)' && "
			    "v.flags === 'dgimsuy' && v.lastIndex === 0 && v.exec('a/b]]x').groups.n === 'x'"));
	CHECK(send(&p.a, "[/(?:)/, new RegExp('\\n', 'u')]", &p.b));
	CHECK(js_true(&p.b, "v[0].source === '(?:)' && v[0].flags === '' && v[1].source === '\\\\n' && "
			    "v[1].flags === 'u'"));
	pair_free(&p);
}

static void test_map_set(void)
{
	struct pair p;
	pair_init(&p);
	CHECK(send(&p.a, "{ let k = { key: 1 }; new Map([[3, 'c'], ['x', [1]], [k, k], [-0, 'z'], [NaN, 'nan']]) }",
		   &p.b));
	CHECK(js_true(&p.b, "v instanceof Map && v.size === 5 && [...v.keys()][0] === 3 && v.get('x')[0] === 1 && "
			    "[...v.keys()][2] === [...v.values()][2] && [...v.keys()][2].key === 1 && "
			    "v.get(0) === 'z' && v.get(NaN) === 'nan'"));
	CHECK(send(&p.a, "new Set(['b', 'a', 1, { o: 1 }, 'b'])", &p.b));
	CHECK(js_true(&p.b, "v instanceof Set && v.size === 4 && [...v].slice(0, 3).join() === 'b,a,1' && "
			    "[...v][3].o === 1"));
	CHECK(send(&p.a, "{ let m = new Map(); m.set(m, m); let s = new Set(); s.add(s); s.add(m); [m, s] }", &p.b));
	CHECK(js_true(&p.b, "v[0].get(v[0]) === v[0] && v[1].has(v[1]) && v[1].has(v[0])"));
	/* a getter that changes a Map while it is written does not change what is written */
	CHECK(send(&p.a, "{ let m = new Map(); m.set('a', { get x() { m.delete('b'); m.set('c', 3); return 1; } }); "
			 "m.set('b', 2); m }",
		   &p.b));
	CHECK(js_true(&p.b, "v.size === 2 && v.get('a').x === 1 && v.get('b') === 2 && !v.has('c')"));
	pair_free(&p);
}

static void test_boxed(void)
{
	struct pair p;
	pair_init(&p);
	CHECK(send(&p.a, "[new Number(-0), new Number(2.5), new String('s\\ud800'), new Boolean(false), Object(10n ** 30n)]",
		   &p.b));
	CHECK(js_true(&p.b, "v.every(x => typeof x === 'object') && v[0] instanceof Number && "
			    "Object.is(v[0].valueOf(), -0) && v[1].valueOf() === 2.5 && v[2] instanceof String && "
			    "v[2].valueOf() === 's\\ud800' && v[3] instanceof Boolean && v[3].valueOf() === false && "
			    "typeof v[4].valueOf() === 'bigint' && v[4].valueOf() === 10n ** 30n"));
	/* the built-in valueOf, not one JS put on the object */
	CHECK(send(&p.a, "{ let n = new Number(3); n.valueOf = () => 4; n }", &p.b));
	CHECK(js_true(&p.b, "v.valueOf() === 3"));
	pair_free(&p);
}

/* The memory of the buffer behind a JS expression. */
static uint8_t *buffer_memory(struct iso *iso, const char *src, size_t *len)
{
	JSValue v = eval(iso, src);
	uint8_t *mem = JS_GetArrayBuffer(iso->ctx, len, v);
	JS_FreeValue(iso->ctx, v);
	return mem;
}

static void test_typed_arrays(void)
{
	struct pair p;
	pair_init(&p);
	static const char *const kinds[] = {
		"Uint8ClampedArray", "Int8Array", "Uint8Array", "Int16Array", "Uint16Array", "Int32Array",
		"Uint32Array", "BigInt64Array", "BigUint64Array", "Float32Array", "Float64Array",
	};
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		char src[400];
		bool big = kinds[i][0] == 'B';
		snprintf(src, sizeof(src), "{ let b = new ArrayBuffer(64); let t = new %s(b, 8, 3); "
			 "t[0] = %s; t[1] = %s; t[2] = %s; t }",
			 kinds[i], big ? "1n" : "1", big ? "-2n" : "-2", big ? "2n**62n" : "0.5");
		CHECK(send(&p.a, src, &p.b));
		snprintf(src, sizeof(src), "v instanceof %s && v.length === 3 && v.byteOffset === 8 && "
			 "v.buffer.byteLength === 64 && v[0] == 1", kinds[i]);
		CHECK(js_true(&p.b, src));
		snprintf(src, sizeof(src), "{ let w = new %s(3); w[0] = %s; w[1] = %s; w[2] = %s; "
			 "w.every((x, i) => Object.is(x, v[i])) }",
			 kinds[i], big ? "1n" : "1", big ? "-2n" : "-2", big ? "2n**62n" : "0.5");
		CHECK(js_true(&p.b, src));
	}
	CHECK(send(&p.a, "{ let d = new DataView(new ArrayBuffer(16), 4, 8); d.setUint32(0, 0xdeadbeef); d }", &p.b));
	CHECK(js_true(&p.b, "v instanceof DataView && v.byteOffset === 4 && v.byteLength === 8 && "
			    "v.getUint32(0) === 0xdeadbeef && v.buffer.byteLength === 16"));
	CHECK(send(&p.a, "new Uint8Array(0)", &p.b));
	CHECK(js_true(&p.b, "v instanceof Uint8Array && v.length === 0 && v.buffer.byteLength === 0"));
	CHECK(send(&p.a, "new Float64Array([1, 2, 3]).subarray(1)", &p.b));
	CHECK(js_true(&p.b, "v.length === 2 && v[0] === 2 && v.byteOffset === 8"));
	pair_free(&p);
}

/* Views of one buffer still share one buffer, which was not copied. */
static void test_views_share_buffer(void)
{
	struct pair p;
	size_t len_a, len_b;
	pair_init(&p);
	uint8_t *mem = buffer_memory(&p.a, "globalThis.b = new ArrayBuffer(32); b", &len_a);
	CHECK(send(&p.a, "{ let u = new Uint8Array(b); u[5] = 7; "
			 "({ u, d: new DataView(b, 4), f: new Float32Array(b, 8, 2), b, again: u }) }",
		   &p.b));
	CHECK(js_true(&p.b, "v.u.buffer === v.b && v.d.buffer === v.b && v.f.buffer === v.b && v.again === v.u && "
			    "v.d.getUint8(1) === 7"));
	CHECK(js_true(&p.b, "v.u[9] = 1; v.f[0] !== 0"));
	CHECK(buffer_memory(&p.b, "v.b", &len_b) == mem);
	CHECK(len_b == 32);
	CHECK(p.a.nsteals == 1 && p.b.nadopts == 1);
	CHECK(js_true(&p.a, "b.byteLength === 0 && orig.u.length === 0 && orig.f.length === 0"));
	/* the buffer before its view */
	CHECK(send(&p.a, "{ let b = new ArrayBuffer(8); [b, new Int16Array(b, 2, 2), b] }", &p.b));
	CHECK(js_true(&p.b, "v[1].buffer === v[0] && v[2] === v[0] && v[1].byteOffset === 2 && v[1].length === 2"));
	pair_free(&p);
}

/* Transfer detaches the sender's buffer and hands over the memory itself,
 * there and back again. */
static void test_transfer_zero_copy(void)
{
	struct pair p;
	size_t len;
	pair_init(&p);
	uint8_t *mem = buffer_memory(&p.a, "globalThis.b = new ArrayBuffer(4096); new Uint8Array(b).fill(9); b", &len);
	REQUIRE(mem && len == 4096);
	CHECK(send(&p.a, "[b, b, { b }]", &p.b));
	CHECK(js_true(&p.a, "b.byteLength === 0 && orig[0] === b"));
	CHECK(js_true(&p.b, "v[0] === v[1] && v[2].b === v[0] && v[0].byteLength === 4096 && "
			    "new Uint8Array(v[0]).every(x => x === 9)"));
	CHECK(buffer_memory(&p.b, "v[0]", &len) == mem);
	CHECK(p.a.nsteals == 1 && p.b.nadopts == 1);

	/* back: the adopted buffer is stolen from b's runtime in turn */
	CHECK(js_true(&p.b, "globalThis.back = v[0]; new Uint8Array(back)[0] = 1; true"));
	JSValue back = eval(&p.b, "back");
	CHECK(send_value(&p.b, back, &p.a));
	JS_FreeValue(p.b.ctx, back);
	CHECK(js_true(&p.b, "back.byteLength === 0"));
	CHECK(js_true(&p.a, "v.byteLength === 4096 && new Uint8Array(v)[0] === 1"));
	CHECK(buffer_memory(&p.a, "v", &len) == mem);

	/* and an empty one */
	CHECK(send(&p.a, "new ArrayBuffer(0)", &p.b));
	CHECK(js_true(&p.b, "v instanceof ArrayBuffer && v.byteLength === 0"));
	pair_free(&p);
}

static void test_errors(void)
{
	struct pair p;
	pair_init(&p);
	static const char *const types[] = {
		"Error", "EvalError", "RangeError", "ReferenceError", "SyntaxError", "TypeError", "URIError",
	};
	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		char src[300];
		snprintf(src, sizeof(src), "new %s('oops %zu')", types[i], i);
		CHECK(send(&p.a, src, &p.b));
		snprintf(src, sizeof(src), "v instanceof %s && v.name === '%s' && v.message === 'oops %zu' && "
			 "!Object.hasOwn(v, 'name') && !Object.getOwnPropertyDescriptor(v, 'message').enumerable && "
			 "typeof v.stack === 'string'", types[i], types[i], i);
		CHECK(js_true(&p.b, src));
		CHECK(js_true(&p.a, "orig.stack.length > 0"));
		/* the stack is the sender's */
		JSValue s = eval(&p.a, "orig.stack");
		const char *stack = JS_ToCString(p.a.ctx, s);
		set_global(&p.b, "sent_stack", JS_NewString(p.b.ctx, stack));
		JS_FreeCString(p.a.ctx, stack);
		JS_FreeValue(p.a.ctx, s);
		CHECK(js_true(&p.b, "v.stack === sent_stack"));
	}
	CHECK(send(&p.a, "new AggregateError([new TypeError('t'), 1], 'many', { cause: 'why' })", &p.b));
	CHECK(js_true(&p.b, "v instanceof AggregateError && v.message === 'many' && v.errors.length === 2 && "
			    "v.errors[0] instanceof TypeError && v.errors[0].message === 't' && v.cause === 'why' && "
			    "!Object.getOwnPropertyDescriptor(v, 'errors').enumerable && "
			    "!Object.getOwnPropertyDescriptor(v, 'cause').enumerable"));
	/* cause may be any value, itself an error; name may be anything */
	CHECK(send(&p.a, "{ let e = new Error('outer', { cause: new RangeError('inner') }); e.name = 'MyError'; "
			 "e.code = 'ENOENT'; e.errno = -2; e }",
		   &p.b));
	CHECK(js_true(&p.b, "v instanceof Error && v.name === 'MyError' && v.message === 'outer' && "
			    "v.cause instanceof RangeError && v.cause.message === 'inner' && v.code === 'ENOENT' && "
			    "v.errno === -2 && String(v) === 'MyError: outer'"));
	/* no message, a name from a subclass, QuickJS's own InternalError */
	CHECK(send(&p.a, "[new Error(), new (class HttpError extends Error { get name() { return 'HttpError'; } })('x'), "
			 "(() => { try { (function f() { f(); })(); } catch (e) { return e; } })()]",
		   &p.b));
	CHECK(js_true(&p.b, "!Object.hasOwn(v[0], 'message') && v[0].message === '' && "
			    "v[1].name === 'HttpError' && Object.getPrototypeOf(v[1]) === Error.prototype && "
			    "v[2].name === 'InternalError' && v[2] instanceof Error"));
	CHECK(send(&p.a, "new Error('u', { cause: undefined })", &p.b));
	CHECK(js_true(&p.b, "Object.hasOwn(v, 'cause') && v.cause === undefined"));
	/* an error whose cause is itself */
	CHECK(send(&p.a, "{ let e = new Error('loop'); e.cause = e; e }", &p.b));
	CHECK(js_true(&p.b, "v.cause === v"));
	pair_free(&p);
}

static void test_functions(void)
{
	struct pair p;
	pair_init(&p);
	CHECK(send(&p.a, "globalThis.f = function named() {}; globalThis.g = async (x) => x; "
			 "({ f, again: f, g, bound: f.bind(null), list: [g] })",
		   &p.b));
	CHECK(p.a.nfns == 3);
	CHECK(js_true(&p.b, "typeof v.f === 'function' && v.again === v.f && v.list[0] === v.g"));
	/* each stand-in names the writer's function */
	JSValue id = eval(&p.b, "v.f()");
	int32_t n = -1;
	JS_ToInt32(p.b.ctx, &n, id);
	REQUIRE(n >= 0 && n < p.a.nfns);
	JSValue f = eval(&p.a, "f");
	CHECK(JS_StrictEq(p.a.ctx, p.a.fns[n], f));
	JS_FreeValue(p.a.ctx, f);
	JS_FreeValue(p.b.ctx, id);
	id = eval(&p.b, "v.list[0]()");
	JS_ToInt32(p.b.ctx, &n, id);
	REQUIRE(n >= 0 && n < p.a.nfns);
	f = eval(&p.a, "g");
	CHECK(JS_StrictEq(p.a.ctx, p.a.fns[n], f));
	JS_FreeValue(p.a.ctx, f);
	pair_free(&p);
}

static void test_shared_and_circular(void)
{
	struct pair p;
	pair_init(&p);
	CHECK(send(&p.a, "{ let o = { name: 'o' }; o.self = o; o.list = [o, o]; o.map = new Map([[o, o]]); "
			 "let x = {}; [o, x, x, o.list] }",
		   &p.b));
	CHECK(js_true(&p.b, "{ let o = v[0]; o.self === o && o.list[0] === o && o.list[1] === o && "
			    "o.map.get(o) === o && v[1] === v[2] && v[1] !== o && v[3] === o.list }"));
	CHECK(send(&p.a, "{ let a = []; a.push(a); a }", &p.b));
	CHECK(js_true(&p.b, "v[0] === v"));
	pair_free(&p);
}

static void test_deep_nesting(void)
{
	struct pair p;
	pair_init(&p);
	CHECK(send(&p.a, "{ let a = 'leaf'; for (let i = 0; i < 100000; i++) a = [a]; a }", &p.b));
	CHECK(js_true(&p.b, "{ let a = v, n = 0; while (Array.isArray(a)) { a = a[0]; n++; } n === 100000 && a === 'leaf' }"));
	CHECK(send(&p.a, "{ let o = null; for (let i = 0; i < 100000; i++) o = { o, m: new Map([[i, i]]) }; o }", &p.b));
	CHECK(js_true(&p.b, "{ let o = v, n = 0; while (o) { if (o.m.get(99999 - n) !== 99999 - n) break; o = o.o; n++; } "
			    "n === 100000 }"));
	CHECK(send(&p.a, "{ let s = new Set(); for (let i = 0; i < 50000; i++) s = new Set([s]); s }", &p.b));
	CHECK(js_true(&p.b, "{ let s = v, n = 0; while (s.size) { s = [...s][0]; n++; } n === 50000 }"));
	pair_free(&p);
}

/* Refusals throw a DataCloneError, and leave nothing detached or exported. */
static void test_refusals(void)
{
	static const struct {
		const char *src, *error;
	} cases[] = {
		{ "Symbol('foo')", "Symbol(foo) could not be cloned." },
		{ "Symbol()", "Symbol() could not be cloned." },
		{ "({ s: Symbol.iterator })", "Symbol(Symbol.iterator) could not be cloned." },
		{ "new WeakMap()", "#<WeakMap> could not be cloned." },
		{ "new WeakSet()", "#<WeakSet> could not be cloned." },
		{ "new WeakRef({})", "#<WeakRef> could not be cloned." },
		{ "new FinalizationRegistry(() => {})", "#<FinalizationRegistry> could not be cloned." },
		{ "Promise.resolve(1)", "#<Promise> could not be cloned." },
		{ "new Proxy({}, {})", "#<Proxy> could not be cloned." },
		{ "new Proxy(function () {}, {})", "#<Proxy> could not be cloned." },
		{ "new Proxy([], { ownKeys() { throw 1; } })", "#<Proxy> could not be cloned." },
		{ "new SharedArrayBuffer(8)", "#<SharedArrayBuffer> could not be cloned." },
		{ "new Uint8Array(new SharedArrayBuffer(8))", "#<SharedArrayBuffer> could not be cloned." },
		{ "(function* () {})()", "#<Generator> could not be cloned." },
		{ "(async function* () {})()", "#<AsyncGenerator> could not be cloned." },
		{ "[][Symbol.iterator]()", "#<Array Iterator> could not be cloned." },
		{ "new Map().entries()", "#<Map Iterator> could not be cloned." },
		{ "(function () { return arguments; })(1)", "#<Arguments> could not be cloned." },
		{ "Object(Symbol('boxed'))", "#<Symbol> could not be cloned." },
		{ "new (class { #x = 1; })", "#<Object> with private fields could not be cloned." },
		{ "new (class { #m() {} })", "#<Object> with private fields could not be cloned." },
		{ "new (class extends Array { #x = 1; })", "#<Object> with private fields could not be cloned." },
		{ "new (class extends Error { #x = 1; })", "#<Object> with private fields could not be cloned." },
		{ "new Map([[1, { deep: [Symbol('inner')] }]])", "Symbol(inner) could not be cloned." },
		{ "({ get s() { return new WeakMap(); } })", "#<WeakMap> could not be cloned." },
		{ "(() => { let b = new ArrayBuffer(4); detach(b); return b; })()", "An ArrayBuffer is detached and could not be cloned." },
		{ "(() => { let t = new Uint8Array(4); detach(t.buffer); return t; })()", "An ArrayBuffer is detached and could not be cloned." },
		{ "(() => { let d = new DataView(new ArrayBuffer(4)); detach(d.buffer); return d; })()",
		  "An ArrayBuffer is detached and could not be cloned." },
		/* a getter detaches a buffer already written */
		{ "(() => { let b = new ArrayBuffer(4); return { b, get x() { detach(b); return 1; } }; })()",
		  "An ArrayBuffer is detached and could not be cloned." },
	};
	char buf[300];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct pair p;
		struct clone_msg msg;
		char src[400];
		pair_init(&p);
		snprintf(src, sizeof(src), "globalThis.buf = new ArrayBuffer(8); globalThis.fn = () => 1; [buf, fn, %s]",
			 cases[i].src);
		JSValue v = eval(&p.a, src);
		if (JS_IsException(v))
			print_exception(p.a.ctx);
		CHECK(clone_write(p.a.ctx, v, &p.a.hooks, &msg) == -1);
		CHECK(msg.data == NULL && msg.len == 0 && msg.buffers == NULL && msg.nbuffers == 0);
		take_exception(p.a.ctx, buf, sizeof(buf));
		if (strncmp(buf, "DataCloneError: ", 16) || strcmp(buf + 16, cases[i].error))
			printf("    %s: got \"%s\"\n", cases[i].src, buf);
		CHECK(strncmp(buf, "DataCloneError: ", 16) == 0 && strcmp(buf + 16, cases[i].error) == 0);
		CHECK(js_true(&p.a, "buf.byteLength === 8"));
		CHECK(p.a.nfns == 0 && p.a.nsteals == 0);
		JS_FreeValue(p.a.ctx, v);
		clone_msg_free(&msg);
		pair_free(&p);
	}
}

/* A DataCloneError is an Error with a stack. */
static void test_refusal_error_object(void)
{
	struct pair p;
	pair_init(&p);
	JSValue v = eval(&p.a, "Symbol('x')");
	struct clone_msg msg;
	CHECK(clone_write(p.a.ctx, v, &p.a.hooks, &msg) == -1);
	set_global(&p.a, "e", JS_GetException(p.a.ctx));
	CHECK(js_true(&p.a, "e instanceof Error && !(e instanceof TypeError) && e.name === 'DataCloneError' && "
			    "String(e) === 'DataCloneError: Symbol(x) could not be cloned.' && typeof e.stack === 'string'"));
	JS_FreeValue(p.a.ctx, v);
	pair_free(&p);
}

/* Without hooks, functions and ArrayBuffers are refused. */
static void test_no_hooks(void)
{
	struct pair p;
	struct clone_msg msg;
	char buf[200];
	pair_init(&p);
	JSValue v = eval(&p.a, "[function work() {}]");
	CHECK(clone_write(p.a.ctx, v, NULL, &msg) == -1);
	take_exception(p.a.ctx, buf, sizeof(buf));
	CHECK(strcmp(buf, "DataCloneError: function work could not be cloned.") == 0);
	JS_FreeValue(p.a.ctx, v);
	v = eval(&p.a, "globalThis.b = new ArrayBuffer(2); b");
	CHECK(clone_write(p.a.ctx, v, NULL, &msg) == -1);
	take_exception(p.a.ctx, buf, sizeof(buf));
	CHECK(strncmp(buf, "DataCloneError: #<ArrayBuffer> could not be cloned", 50) == 0);
	CHECK(js_true(&p.a, "b.byteLength === 2"));
	/* a reader without hooks refuses a message that needs them */
	CHECK(clone_write(p.a.ctx, v, &p.a.hooks, &msg) == 0);
	JSValue r = clone_read(p.b.ctx, &msg, NULL);
	CHECK(JS_IsException(r));
	take_exception(p.b.ctx, buf, sizeof(buf));
	CHECK(strncmp(buf, "DataCloneError: ", 16) == 0);
	CHECK(msg.buffers[0].mem != NULL);   /* still the message's, freed with it */
	/* a read that fails after adopting leaves the message unreadable, not dangerous */
	JSValue arr = eval(&p.a, "[new ArrayBuffer(3), Symbol.iterator]");
	struct clone_msg two;
	CHECK(clone_write(p.a.ctx, arr, &p.a.hooks, &two) == -1);   /* the symbol */
	JS_FreeValue(p.a.ctx, JS_GetException(p.a.ctx));
	JS_FreeValue(p.a.ctx, arr);
	arr = eval(&p.a, "[new ArrayBuffer(3), function f() {}]");
	CHECK(clone_write(p.a.ctx, arr, &p.a.hooks, &two) == 0);
	JS_FreeValue(p.a.ctx, arr);
	p.b.peer = NULL;   /* b's import hook now refuses every id */
	CHECK(JS_IsException(clone_read(p.b.ctx, &two, &p.b.hooks)));
	JS_FreeValue(p.b.ctx, JS_GetException(p.b.ctx));
	CHECK(two.buffers[0].mem == NULL && two.buffers[0].len == 3);
	p.b.peer = &p.a;
	CHECK(JS_IsException(clone_read(p.b.ctx, &two, &p.b.hooks)));
	take_exception(p.b.ctx, buf, sizeof(buf));
	CHECK(strncmp(buf, "DataCloneError: The clone message is corrupt", 44) == 0);
	clone_msg_free(&two);
	clone_msg_free(&msg);
	clone_msg_free(&msg);                /* twice is fine */
	JS_FreeValue(p.a.ctx, v);
	pair_free(&p);
}

/* An export hook that refuses fails the write before anything is detached. */
static void test_export_refused(void)
{
	struct pair p;
	struct clone_msg msg;
	char buf[200];
	pair_init(&p);
	p.a.refuse_exports = true;
	JSValue v = eval(&p.a, "globalThis.b = new ArrayBuffer(2); [b, () => 1]");
	CHECK(clone_write(p.a.ctx, v, &p.a.hooks, &msg) == -1);
	take_exception(p.a.ctx, buf, sizeof(buf));
	CHECK(strcmp(buf, "RangeError: no more exports") == 0);
	CHECK(js_true(&p.a, "b.byteLength === 2"));
	CHECK(p.a.nsteals == 0);
	JS_FreeValue(p.a.ctx, v);
	pair_free(&p);
}

/* A string is copied each time it is reached: the message has a limit. */
static void test_too_large(void)
{
	struct pair p;
	struct clone_msg msg;
	char buf[200];
	pair_init(&p);
	JSValue v = eval(&p.a, "globalThis.b = new ArrayBuffer(2); "
			       "[b, ...Array(100).fill('x'.repeat(1 << 20))]");
	CHECK(clone_write(p.a.ctx, v, &p.a.hooks, &msg) == -1);
	take_exception(p.a.ctx, buf, sizeof(buf));
	CHECK(strcmp(buf, "DataCloneError: The value is too large to clone (over 64 MiB).") == 0);
	CHECK(js_true(&p.a, "b.byteLength === 2"));
	JS_FreeValue(p.a.ctx, v);
	pair_free(&p);
}

static void test_module_namespace(void)
{
	struct pair p;
	struct clone_msg msg;
	char buf[200];
	pair_init(&p);
	const char *src = "export const x = 1;";
	JSValue m = JS_Eval(p.a.ctx, src, strlen(src), "m.js", JS_EVAL_TYPE_MODULE | JS_EVAL_FLAG_COMPILE_ONLY);
	REQUIRE(!JS_IsException(m));
	JSModuleDef *def = JS_VALUE_GET_PTR(m);
	JS_FreeValue(p.a.ctx, JS_EvalFunction(p.a.ctx, m));
	JSValue ns = JS_GetModuleNamespace(p.a.ctx, def);
	CHECK(clone_write(p.a.ctx, ns, &p.a.hooks, &msg) == -1);
	take_exception(p.a.ctx, buf, sizeof(buf));
	CHECK(strcmp(buf, "DataCloneError: #<Module> could not be cloned.") == 0);
	JS_FreeValue(p.a.ctx, ns);
	pair_free(&p);
}

/* A message with a bit of everything, to break. */
static const char rich_value[] =
	"{ let o = { s: 'str\\ud800', n: -0, i: 7, big: 2n**100n, d: new Date(5), r: /x/g, "
	"  m: new Map([[1, 'a']]), set: new Set([2]), b: new Boolean(true), e: new TypeError('t', { cause: 1 }), "
	"  arr: [1, , 3], u8: new Uint8Array([1, 2, 3]), f: () => 1 }; "
	"  o.dv = new DataView(o.u8.buffer, 1); o.self = o; o }";

static bool copy_msg(struct clone_msg *dst, const struct clone_msg *src, size_t len)
{
	memset(dst, 0, sizeof(*dst));
	dst->data = malloc(len ? len : 1);
	dst->buffers = calloc(src->nbuffers + 1, sizeof(*dst->buffers));
	if (!dst->data || !dst->buffers)
		return false;
	memcpy(dst->data, src->data, len);
	dst->len = dst->cap = len;
	dst->nbuffers = src->nbuffers;
	for (size_t i = 0; i < src->nbuffers; i++) {
		dst->buffers[i].len = src->buffers[i].len;
		dst->buffers[i].mem = malloc(src->buffers[i].len + 1);
		memcpy(dst->buffers[i].mem, src->buffers[i].mem, src->buffers[i].len);
	}
	return true;
}

/* Reads a copy of msg cut or changed; returns whether it was read. */
static bool read_copy(struct iso *to, struct clone_msg *copy)
{
	JSValue v = clone_read(to->ctx, copy, &to->hooks);
	clone_msg_free(copy);
	if (JS_IsException(v)) {
		JS_FreeValue(to->ctx, JS_GetException(to->ctx));
		return false;
	}
	JS_FreeValue(to->ctx, v);
	return true;
}

static void test_truncated(void)
{
	struct pair p;
	struct clone_msg msg, copy;
	pair_init(&p);
	JSValue v = eval(&p.a, rich_value);
	REQUIRE(clone_write(p.a.ctx, v, &p.a.hooks, &msg) == 0);
	JS_FreeValue(p.a.ctx, v);
	REQUIRE(copy_msg(&copy, &msg, msg.len));
	CHECK(read_copy(&p.b, &copy));   /* whole, it reads */
	for (size_t len = 0; len < msg.len; len++) {
		REQUIRE(copy_msg(&copy, &msg, len));
		CHECK(!read_copy(&p.b, &copy));
	}
	/* a buffer missing from the message, or of another size */
	REQUIRE(copy_msg(&copy, &msg, msg.len));
	free(copy.buffers[0].mem);
	copy.nbuffers = 0;
	CHECK(!read_copy(&p.b, &copy));
	REQUIRE(copy_msg(&copy, &msg, msg.len));
	copy.buffers[0].len--;
	CHECK(!read_copy(&p.b, &copy));
	clone_msg_free(&msg);
	pair_free(&p);
}

static uint64_t next_random(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/* Random changes give a value or an exception, never a crash (ASan
 * watches). */
static void test_fuzz(void)
{
	struct pair p;
	struct clone_msg msg, copy;
	uint64_t seed = 0x9e3779b97f4a7c15ull;
	int read = 0, refused = 0;
	pair_init(&p);
	JSValue v = eval(&p.a, rich_value);
	REQUIRE(clone_write(p.a.ctx, v, &p.a.hooks, &msg) == 0);
	JS_FreeValue(p.a.ctx, v);
	for (int round = 0; round < 20000; round++) {
		REQUIRE(copy_msg(&copy, &msg, msg.len));
		int flips = 1 + next_random(&seed) % 4;
		for (int k = 0; k < flips; k++) {
			size_t at = 16 + next_random(&seed) % (msg.len - 16);
			if (round % 3 == 0)
				copy.data[at] ^= 1u << (next_random(&seed) % 8);
			else
				copy.data[at] = next_random(&seed);
		}
		if (read_copy(&p.b, &copy))
			read++;
		else
			refused++;
	}
	/* headers and garbage */
	for (int round = 0; round < 2000; round++) {
		uint8_t junk[64];
		size_t len = next_random(&seed) % sizeof(junk);
		for (size_t k = 0; k < len; k++)
			junk[k] = next_random(&seed);
		if (len >= 16 && round % 2 == 0) {
			memcpy(junk, "RTSC\1\0\0\0", 8);
			uint64_t trailer = 16 + next_random(&seed) % (len - 15);
			for (int k = 0; k < 8; k++)
				junk[8 + k] = trailer >> (8 * k);
		}
		struct clone_msg g = { 0 };
		g.data = malloc(len + 1);
		memcpy(g.data, junk, len);
		g.len = len;
		if (read_copy(&p.b, &g))
			read++;
		else
			refused++;
	}
	CHECK(refused > 0);
	printf("    fuzz: %d read, %d refused\n", read, refused);
	clone_msg_free(&msg);
	pair_free(&p);
}

static const struct check_test tests[] = {
	{ "primitives", test_primitives },
	{ "number_tags", test_number_tags },
	{ "strings", test_strings },
	{ "bigint", test_bigint },
	{ "plain_objects", test_plain_objects },
	{ "getter_throws", test_getter_throws },
	{ "arrays", test_arrays },
	{ "date_regexp", test_date_regexp },
	{ "map_set", test_map_set },
	{ "boxed", test_boxed },
	{ "typed_arrays", test_typed_arrays },
	{ "views_share_buffer", test_views_share_buffer },
	{ "transfer_zero_copy", test_transfer_zero_copy },
	{ "errors", test_errors },
	{ "functions", test_functions },
	{ "shared_and_circular", test_shared_and_circular },
	{ "deep_nesting", test_deep_nesting },
	{ "refusals", test_refusals },
	{ "refusal_error_object", test_refusal_error_object },
	{ "no_hooks", test_no_hooks },
	{ "export_refused", test_export_refused },
	{ "too_large", test_too_large },
	{ "module_namespace", test_module_namespace },
	{ "truncated", test_truncated },
	{ "fuzz", test_fuzz },
};

CHECK_MAIN(tests)
