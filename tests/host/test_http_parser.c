/* The HTTP parser binding (kernel/js/js_http_parser.c) on the host, under
 * AddressSanitizer, against a host QuickJS and the same libllhttp.a the
 * kernel links: split invariance over a corpus and over seeded mutations
 * of it, out-of-memory at every allocation, and no leak (JS_FreeRuntime
 * asserts that every object was freed). The kernel tests
 * (tests/kernel/http_parser.test.js) pin the events themselves. */
#include <stdbool.h>
#include <stdint.h>

#include "check.h"
#include "js_http_parser.h"

/* Helpers shared by the cases: parse(kind, chunks) -> { events, code },
 * with body bytes joined into strings, so that different splits of the
 * same bytes compare equal. */
static const char prelude[] =
	"const str = (u8) => String.fromCharCode(...u8);\n"
	"const bytes = (s) => Uint8Array.from(s, (c) => c.charCodeAt(0));\n"
	"function parse(kind, chunks) {\n"
	"  const h = native.httpParserNew(kind, 200);\n"
	"  const out = [];\n"
	"  let code = null;\n"
	"  const add = (events) => {\n"
	"    for (const ev of events) {\n"
	"      const last = out[out.length - 1];\n"
	"      if (ev.type === 'body' && last && last.type === 'body') { last.data += str(ev.data); continue; }\n"
	"      if (ev.type === 'body') out.push({ type: 'body', data: str(ev.data) });\n"
	"      else if (ev.type === 'upgrade') out.push({ type: 'upgrade', head: str(ev.head) });\n"
	"      else out.push(ev);\n"
	"    }\n"
	"  };\n"
	"  let upgraded = false;\n"
	"  try {\n"
	"    for (const c of chunks) {\n"
	"      const events = native.httpParserExecute(h, c);\n"
	"      if (upgraded) { out[out.length - 1].head += str(events[0].head); continue; }\n"
	"      add(events);\n"
	"      upgraded = events.length > 0 && events[events.length - 1].type === 'upgrade';\n"
	"    }\n"
	"    add(native.httpParserFinish(h));\n"
	"  } catch (e) {\n"
	"    if (!e.code) throw e;\n"
	"    add(e.events);\n"
	"    code = e.code;\n"
	"  }\n"
	"  return JSON.stringify({ events: out, code });\n"
	"}\n"
	"function splits(kind, s, cuts) {\n"
	"  const b = bytes(s), chunks = [];\n"
	"  let at = 0;\n"
	"  for (const c of [...cuts, b.length]) { chunks.push(b.subarray(at, c)); at = c; }\n"
	"  return parse(kind, chunks);\n"
	"}\n"
	"const corpus = [\n"
	"  [1, 'GET /a?b=c HTTP/1.1\\r\\nHost: h\\r\\nX-E:\\r\\nX-S:  v  w \\r\\n\\r\\n'],\n"
	"  [1, 'POST /p HTTP/1.1\\r\\nContent-Length: 5\\r\\n\\r\\nhelloGET / HTTP/1.0\\r\\n\\r\\n'],\n"
	"  [1, 'PUT /c HTTP/1.1\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n3;x=y\\r\\nabc\\r\\n10\\r\\n0123456789abcdef\\r\\n0\\r\\nT: 1\\r\\nU: 2\\r\\n\\r\\n'],\n"
	"  [1, 'GET /ws HTTP/1.1\\r\\nConnection: upgrade\\r\\nUpgrade: websocket\\r\\n\\r\\n\\x81\\x02hi'],\n"
	"  [1, 'CONNECT h:443 HTTP/1.1\\r\\n\\r\\n\\x16\\x03\\x01'],\n"
	"  [1, 'GET / HTTP/1.1\\r\\nX: ' + 'a'.repeat(190) + '\\r\\n\\r\\n'],\n"
	"  [1, 'GET / HTTP/1.1\\r\\n\\r\\nG\\x01T / HTTP/1.1\\r\\n\\r\\n'],\n"
	"  [2, 'HTTP/1.1 200 OK\\r\\nContent-Length: 3\\r\\n\\r\\nabcHTTP/1.1 204 No Content\\r\\n\\r\\n'],\n"
	"  [2, 'HTTP/1.0 200 OK\\r\\nServer: s\\r\\n\\r\\nbody to the end'],\n"
	"  [2, 'HTTP/1.1 500\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n2\\r\\nok\\r\\n0\\r\\n\\r\\n'],\n"
	"];\n";

static JSRuntime *rt;
static JSContext *ctx;

/* Evaluates SRC after the prelude; true if it returned true. */
static bool js_true(const char *src)
{
	size_t n = strlen(prelude) + strlen(src) + 1;
	char *all = malloc(n);
	snprintf(all, n, "%s%s", prelude, src);
	JSValue v = JS_Eval(ctx, all, strlen(all), "<test>", JS_EVAL_TYPE_GLOBAL);
	free(all);
	if (JS_IsException(v)) {
		JSValue e = JS_GetException(ctx);
		const char *s = JS_ToCString(ctx, e);
		printf("  exception: %s\n", s ? s : "?");
		JS_FreeCString(ctx, s);
		JS_FreeValue(ctx, e);
		return false;
	}
	bool ok = JS_IsBool(v) && JS_ToBool(ctx, v);
	if (!ok) {
		const char *s = JS_ToCString(ctx, v);
		printf("  returned: %s\n", s ? s : "?");
		JS_FreeCString(ctx, s);
	}
	JS_FreeValue(ctx, v);
	return ok;
}

static void setup(void)
{
	rt = JS_NewRuntime();
	JS_SetMemoryLimit(rt, 64u << 20);
	ctx = JS_NewContext(rt);
	JSValue global = JS_GetGlobalObject(ctx);
	JSValue native = JS_NewObject(ctx);
	JS_SetPropertyFunctionList(ctx, native, js_http_parser_funcs, js_http_parser_funcs_count);
	JS_SetPropertyStr(ctx, global, "native", native);
	JS_FreeValue(ctx, global);
}

static void teardown(void)
{
	JS_FreeContext(ctx);
	JS_FreeRuntime(rt);   /* asserts that no object leaked */
}

static void test_every_split_in_two(void)
{
	setup();
	CHECK(js_true(
		"corpus.every(([kind, s]) => {\n"
		"  const whole = splits(kind, s, []);\n"
		"  for (let i = 0; i <= s.length; i++)\n"
		"    if (splits(kind, s, [i]) !== whole) throw new Error(`${s}: split at ${i}: ${splits(kind, s, [i])} vs ${whole}`);\n"
		"  return true;\n"
		"})"));
	teardown();
}

static void test_byte_by_byte(void)
{
	setup();
	CHECK(js_true(
		"corpus.every(([kind, s]) => {\n"
		"  const one = splits(kind, s, [...s].map((_, i) => i));\n"
		"  if (one !== splits(kind, s, [])) throw new Error(`${s}: ${one}`);\n"
		"  return true;\n"
		"})"));
	teardown();
}

/* Seeded mutations of the corpus (bytes changed, inserted, removed), each
 * parsed whole and in three random pieces: same events, same error. */
static void test_mutations_split_invariant(void)
{
	setup();
	CHECK(js_true(
		"let seed = 12345;\n"
		"const rand = (n) => { seed = (seed * 1103515245 + 12345) >>> 0; return (seed >>> 8) % n; };\n"
		"const alphabet = ' :;\\r\\n\\t0123456789abcdefxzGETPOSTHTP/.,-\\x00\\x7f\\x80\\xff';\n"
		"let errors = 0;\n"
		"for (let round = 0; round < 3000; round++) {\n"
		"  const [kind, base] = corpus[rand(corpus.length)];\n"
		"  let s = base;\n"
		"  for (let m = 1 + rand(3); m > 0; m--) {\n"
		"    const at = rand(s.length + 1), c = alphabet[rand(alphabet.length)];\n"
		"    const op = rand(3);\n"
		"    s = s.slice(0, at) + (op === 2 ? '' : c) + s.slice(op === 0 ? at : at + 1);\n"
		"  }\n"
		"  const whole = splits(kind, s, []);\n"
		"  const cuts = [rand(s.length + 1), rand(s.length + 1), rand(s.length + 1)].sort((a, b) => a - b);\n"
		"  const split = splits(kind, s, cuts);\n"
		"  if (split !== whole) throw new Error(`${JSON.stringify(s)} cut at ${cuts}: ${split} vs ${whole}`);\n"
		"  if (JSON.parse(whole).code) errors++;\n"
		"}\n"
		"errors > 100 && errors < 2900"));
	teardown();
}

/* The memory limit just above what is in use, then a little higher each
 * time, around one call of httpParserExecute made from C (so that the
 * allocations that fail are the binding's and those it asks QuickJS
 * for): a clean exception or the whole result, never a crash, and nothing
 * leaked. */
static void test_out_of_memory(void)
{
	setup();
	CHECK(js_true("globalThis.input = bytes(corpus[2][1] + corpus[0][1]); true"));
	JSValue global = JS_GetGlobalObject(ctx);
	JSValue native = JS_GetPropertyStr(ctx, global, "native");
	JSValue create = JS_GetPropertyStr(ctx, native, "httpParserNew");
	JSValue execute = JS_GetPropertyStr(ctx, native, "httpParserExecute");
	JSValue input = JS_GetPropertyStr(ctx, global, "input");
	JSValue kind = JS_NewInt32(ctx, 1);
	int results = 0, exceptions = 0, broken = 0;
	for (size_t extra = 0; extra < 64 * 1024 && results < 10; extra += 32) {
		JSValue args[2] = { JS_Call(ctx, create, JS_UNDEFINED, 1, &kind), input };
		REQUIRE(!JS_IsException(args[0]));
		for (int round = 0; round < 2; round++) {   /* a message split over two calls */
			JS_RunGC(rt);
			JSMemoryUsage mu;
			JS_ComputeMemoryUsage(rt, &mu);
			JS_SetMemoryLimit(rt, (size_t)mu.malloc_size + extra);
			JSValue v = JS_Call(ctx, execute, JS_UNDEFINED, 2, args);
			JS_SetMemoryLimit(rt, 64u << 20);
			if (JS_IsException(v)) {
				JS_FreeValue(ctx, JS_GetException(ctx));
				exceptions++;
				/* Then the parser parses on (the failure came before
				 * llhttp ran) or is broken for good (inside llhttp). */
				JSValue again = JS_Call(ctx, execute, JS_UNDEFINED, 2, args);
				if (JS_IsException(again)) {
					JSValue e = JS_GetException(ctx);
					JSValue code = JS_GetPropertyStr(ctx, e, "code");
					const char *s = JS_ToCString(ctx, code);
					CHECK(s && !strcmp(s, "HPE_USER"));
					JS_FreeCString(ctx, s);
					JS_FreeValue(ctx, code);
					JS_FreeValue(ctx, e);
					broken++;
				}
				JS_FreeValue(ctx, again);
				break;
			}
			int64_t n = 0;
			JSValue len = JS_GetPropertyStr(ctx, v, "length");
			JS_ToInt64(ctx, &n, len);
			JS_FreeValue(ctx, len);
			JS_FreeValue(ctx, v);
			CHECK(n == 8);    /* chunked: begin headers body body complete; GET: begin headers complete */
			if (round == 1)
				results++;
		}
		JS_FreeValue(ctx, args[0]);
	}
	CHECK(exceptions > 10);
	CHECK(broken > 5);
	CHECK(results == 10);
	JS_FreeValue(ctx, input);
	JS_FreeValue(ctx, execute);
	JS_FreeValue(ctx, create);
	JS_FreeValue(ctx, native);
	JS_FreeValue(ctx, global);
	teardown();
}

static void test_dropped_mid_message(void)
{
	setup();
	CHECK(js_true(
		"for (let i = 0; i < 100; i++) {\n"
		"  const h = native.httpParserNew(1);\n"
		"  native.httpParserExecute(h, bytes('POST / HTTP/1.1\\r\\nX-Long: ' + 'v'.repeat(i * 10)));\n"
		"}\n"
		"true"));
	teardown();
}

static const struct check_test tests[] = {
	{ "every_split_in_two", test_every_split_in_two },
	{ "byte_by_byte", test_byte_by_byte },
	{ "mutations_split_invariant", test_mutations_split_invariant },
	{ "out_of_memory", test_out_of_memory },
	{ "dropped_mid_message", test_dropped_mid_message },
};

CHECK_MAIN(tests)
