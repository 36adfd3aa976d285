/* Structured clone between isolates (clone.h): a writer that walks a value
 * of one runtime into a message, and a reader that rebuilds it in another.
 * Both walk with an explicit stack, so nesting costs heap, not C stack.
 *
 * Message format, version 1. "u" is an unsigned LEB128 integer, "z" a
 * zigzag LEB128 one, "u64" and "f64" 8 bytes little endian, "str" a u
 * length and that many bytes of WTF-8 (UTF-8 that also carries lone
 * surrogates, as JS_ToCStringLen writes and JS_NewStringLen reads back:
 * lossless).
 *
 *   message = header body trailer
 *   header  = "RTSC" version:u8 0 0 0 trailer_offset:u64     16 bytes
 *   body    = value                                          the root
 *   trailer = nfunctions:u {id:u}  nbuffers:u {length:u}     to the end
 *
 *   value   = 'u' | 'n' | 'f' | 't'       undefined, null, false, true
 *           | 'i' z                       int32 number
 *           | 'd' f64                     float64 number (NaN, -0 kept)
 *           | 's' str                     string
 *           | 'I' str                     BigInt in decimal: -?[0-9]+
 *           | 'r' n:u                     the n-th object of the message
 *           | object                      numbered in order of appearance
 *   object  = 'o' props                   plain object
 *           | 'a' length:u props          Array (holes are absent keys)
 *           | 'E' name:str has:u8 [message:str] [stack:str] props
 *                                         Error; has bit 0: message,
 *                                         bit 1: stack
 *           | 'D' f64                     Date
 *           | 'R' source:str flags:str    RegExp
 *           | 'B' value                   Number, String, Boolean or BigInt
 *                                         object of that primitive
 *           | 'M' {key:value value} '.'   Map
 *           | 'S' {value} '.'             Set
 *           | 'A' index:u                 ArrayBuffer: transferred buffer
 *                                         #index of clone_msg.buffers
 *           | 'V' kind:u8 offset:u length:u buffer
 *                                         typed array (kind is its
 *                                         JSTypedArrayEnum) or DataView
 *                                         (kind 11), offset and length in
 *                                         bytes; buffer is 'A' or 'r'
 *           | 'F' index:u                 function #index of the trailer
 *   props   = {key value} '.'
 *   key     = 'k' str | 'x' u             string key, or array index
 *
 * An Error's props may carry "cause" and "errors", which are read back
 * non-enumerable, as their constructors define them. */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clone.h"

#define CLONE_VERSION 1
#define HEADER_SIZE   16
#define DATAVIEW_KIND 11

/* QuickJS's class ids for its own classes: the enum is private to
 * quickjs.c (2025-04-26), JS_GetClassID returns them. test_clone covers
 * every class, so a QuickJS upgrade that renumbers them fails there. */
enum {
	CLASS_OBJECT = 1,
	CLASS_ARRAY,
	CLASS_ERROR,
	CLASS_NUMBER,
	CLASS_STRING,
	CLASS_BOOLEAN,
	CLASS_SYMBOL,
	CLASS_ARGUMENTS,
	CLASS_MAPPED_ARGUMENTS,
	CLASS_DATE,
	CLASS_MODULE_NS,
	CLASS_C_FUNCTION,
	CLASS_BYTECODE_FUNCTION,
	CLASS_BOUND_FUNCTION,
	CLASS_C_FUNCTION_DATA,
	CLASS_GENERATOR_FUNCTION,
	CLASS_FOR_IN_ITERATOR,
	CLASS_REGEXP,
	CLASS_ARRAY_BUFFER,
	CLASS_SHARED_ARRAY_BUFFER,
	CLASS_UINT8C_ARRAY,        /* the typed arrays, in JSTypedArrayEnum order */
	CLASS_FLOAT64_ARRAY = CLASS_UINT8C_ARRAY + JS_TYPED_ARRAY_FLOAT64,
	CLASS_DATAVIEW,
	CLASS_BIG_INT,
	CLASS_MAP,
	CLASS_SET,
	CLASS_WEAKMAP,
	CLASS_WEAKSET,
	CLASS_MAP_ITERATOR,
	CLASS_SET_ITERATOR,
	CLASS_ARRAY_ITERATOR,
	CLASS_STRING_ITERATOR,
	CLASS_REGEXP_STRING_ITERATOR,
	CLASS_GENERATOR,
	CLASS_PROXY,
	CLASS_PROMISE,
	CLASS_PROMISE_RESOLVE_FUNCTION,
	CLASS_PROMISE_REJECT_FUNCTION,
	CLASS_ASYNC_FUNCTION,
	CLASS_ASYNC_FUNCTION_RESOLVE,
	CLASS_ASYNC_FUNCTION_REJECT,
	CLASS_ASYNC_FROM_SYNC_ITERATOR,
	CLASS_ASYNC_GENERATOR_FUNCTION,
	CLASS_ASYNC_GENERATOR,
	CLASS_WEAK_REF,
	CLASS_FINALIZATION_REGISTRY,
};

/* For "#<Name> could not be cloned."; classes of our own show as Object. */
static const char *class_name(JSClassID cls)
{
	switch (cls) {
	case CLASS_SYMBOL: return "Symbol";
	case CLASS_ARGUMENTS: case CLASS_MAPPED_ARGUMENTS: return "Arguments";
	case CLASS_MODULE_NS: return "Module";
	case CLASS_SHARED_ARRAY_BUFFER: return "SharedArrayBuffer";
	case CLASS_ARRAY_BUFFER: return "ArrayBuffer";
	case CLASS_WEAKMAP: return "WeakMap";
	case CLASS_WEAKSET: return "WeakSet";
	case CLASS_MAP_ITERATOR: return "Map Iterator";
	case CLASS_SET_ITERATOR: return "Set Iterator";
	case CLASS_ARRAY_ITERATOR: return "Array Iterator";
	case CLASS_STRING_ITERATOR: return "String Iterator";
	case CLASS_REGEXP_STRING_ITERATOR: return "RegExp String Iterator";
	case CLASS_GENERATOR: return "Generator";
	case CLASS_PROXY: return "Proxy";
	case CLASS_PROMISE: return "Promise";
	case CLASS_ASYNC_FROM_SYNC_ITERATOR: return "Async-from-Sync Iterator";
	case CLASS_ASYNC_GENERATOR: return "AsyncGenerator";
	case CLASS_WEAK_REF: return "WeakRef";
	case CLASS_FINALIZATION_REGISTRY: return "FinalizationRegistry";
	case CLASS_NUMBER: return "Number";
	case CLASS_STRING: return "String";
	case CLASS_BOOLEAN: return "Boolean";
	case CLASS_BIG_INT: return "BigInt";
	case CLASS_DATE: return "Date";
	case CLASS_REGEXP: return "RegExp";
	case CLASS_MAP: return "Map";
	case CLASS_SET: return "Set";
	case CLASS_DATAVIEW: return "DataView";
	default: return "Object";
	}
}

static bool is_typed_array(JSClassID cls)
{
	return cls >= CLASS_UINT8C_ARRAY && cls <= CLASS_FLOAT64_ARRAY;
}

/* Throws an Error named DataCloneError, as browsers do (there a
 * DOMException). JS_ThrowTypeError gives it the backtrace; it then becomes
 * a plain Error. */
static void __attribute__((format(printf, 2, 3))) throw_clone_error(JSContext *ctx, const char *fmt, ...)
{
	char msg[200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	JS_ThrowTypeError(ctx, "%s", msg);
	JSValue err = JS_GetException(ctx);
	if (JS_IsError(ctx, err)) {
		JSValue proto = JS_GetClassProto(ctx, CLASS_ERROR);
		JS_SetPrototype(ctx, err, proto);
		JS_FreeValue(ctx, proto);
		JS_DefinePropertyValueStr(ctx, err, "name", JS_NewString(ctx, "DataCloneError"),
					  JS_PROP_WRITABLE | JS_PROP_CONFIGURABLE);
	}
	JS_Throw(ctx, err);
}

/* Drops the pending exception (one we replace with a DataCloneError). */
static void clear_exception(JSContext *ctx)
{
	JS_FreeValue(ctx, JS_GetException(ctx));
}

static void free_prop_enum(JSContext *ctx, JSPropertyEnum *tab, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++)
		JS_FreeAtom(ctx, tab[i].atom);
	js_free(ctx, tab);
}

/* The built-in prototype of a class (not the object's own, which JS may
 * have changed) and a property of it. */
static JSValue intrinsic(JSContext *ctx, JSClassID cls, const char *name)
{
	JSValue proto = JS_GetClassProto(ctx, cls);
	JSValue v = JS_GetPropertyStr(ctx, proto, name);
	JS_FreeValue(ctx, proto);
	return v;
}

/* A built-in accessor of cls's prototype, applied to obj. */
static JSValue intrinsic_get(JSContext *ctx, JSClassID cls, const char *name, JSValueConst obj)
{
	JSValue proto = JS_GetClassProto(ctx, cls);
	JSAtom atom = JS_NewAtom(ctx, name);
	JSValue v = atom == JS_ATOM_NULL ? JS_EXCEPTION : JS_GetPropertyInternal(ctx, proto, atom, obj, 0);
	JS_FreeAtom(ctx, atom);
	JS_FreeValue(ctx, proto);
	return v;
}

/* A built-in method of cls's prototype, called on obj. */
static JSValue intrinsic_call(JSContext *ctx, JSClassID cls, const char *name, JSValueConst obj, int argc,
			      JSValueConst *argv)
{
	JSValue fn = intrinsic(ctx, cls, name);
	if (JS_IsException(fn))
		return fn;
	JSValue v = JS_Call(ctx, fn, obj, argc, argv);
	JS_FreeValue(ctx, fn);
	return v;
}

/* Grows a js_malloc'd array to hold at least need elements. */
static int grow(JSContext *ctx, void **p, uint32_t *cap, uint64_t need, size_t size)
{
	if (need <= *cap)
		return 0;
	uint64_t n = *cap ? *cap : 16;
	while (n < need)
		n *= 2;
	if (n > UINT32_MAX || n > SIZE_MAX / size) {
		JS_ThrowOutOfMemory(ctx);
		return -1;
	}
	void *q = js_realloc(ctx, *p, n * size);
	if (!q)
		return -1;
	*p = q;
	*cap = n;
	return 0;
}

/* A decimal array index, 0 .. 2^32 - 2, written the canonical way. */
static bool parse_index(const char *s, size_t len, uint32_t *out)
{
	uint64_t n = 0;

	if (len == 0 || len > 10 || (len > 1 && s[0] == '0'))
		return false;
	for (size_t i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		n = n * 10 + (uint64_t)(s[i] - '0');
	}
	if (n > UINT32_MAX - 1)
		return false;
	*out = n;
	return true;
}

/* ---- writer ---- */

/* An object whose children are being written: the keys of its properties,
 * or a snapshot of a Map's or Set's entries. */
struct wframe {
	JSValueConst obj;           /* held by writer.objs */
	JSAtom *keys;               /* owned; NULL for Map and Set */
	JSValue *items;             /* owned; Map: key, value, key, value ... */
	uint32_t count, next;
};

struct writer {
	JSContext *ctx;
	const struct clone_hooks *h;
	struct clone_msg m;

	/* Every object met, by number. Holding a reference keeps an object a
	 * getter dropped from being freed and its address reused for another. */
	JSValue *objs;
	uint32_t nobjs, objs_cap;
	uint32_t *hash;             /* open addressing: object number + 1, or 0 */
	uint32_t hash_cap;          /* a power of two, at least twice nobjs */

	struct {
		uint32_t number;    /* an ArrayBuffer's */
		size_t len;         /* its byteLength when written */
	} *buffers;
	uint32_t nbuffers, buffers_cap;
	uint32_t *functions;        /* object numbers of the functions */
	uint32_t nfunctions, functions_cap;

	struct wframe *stack;
	uint32_t depth, stack_cap;
};

static int put(struct writer *w, const void *p, size_t n)
{
	struct clone_msg *m = &w->m;
	if (n > CLONE_MAX_LEN - m->len) {
		throw_clone_error(w->ctx, "The value is too large to clone (over %zu MiB).", CLONE_MAX_LEN >> 20);
		return -1;
	}
	if (n > m->cap - m->len) {
		size_t cap = m->cap ? m->cap : 256;
		while (cap - m->len < n) {
			if (cap > SIZE_MAX / 2)
				goto oom;
			cap *= 2;
		}
		uint8_t *d = realloc(m->data, cap);
		if (!d)
			goto oom;
		m->data = d;
		m->cap = cap;
	}
	memcpy(m->data + m->len, p, n);
	m->len += n;
	return 0;
oom:
	JS_ThrowOutOfMemory(w->ctx);
	return -1;
}

static int put_u8(struct writer *w, uint8_t c)
{
	return put(w, &c, 1);
}

static int put_u(struct writer *w, uint64_t v)
{
	uint8_t b[10];
	size_t n = 0;
	do {
		b[n] = v & 0x7f;
		v >>= 7;
		b[n++] |= v ? 0x80 : 0;
	} while (v);
	return put(w, b, n);
}

static int put_f64(struct writer *w, double d)
{
	uint64_t u;
	uint8_t b[8];
	memcpy(&u, &d, 8);
	for (int i = 0; i < 8; i++)
		b[i] = u >> (8 * i);
	return put(w, b, 8);
}

static int put_bytes(struct writer *w, const char *s, size_t len)
{
	return put_u(w, len) || put(w, s, len);
}

/* A string, or a BigInt in decimal: both conversions are QuickJS's own and
 * run no JS. */
static int put_str(struct writer *w, JSValueConst v)
{
	size_t len;
	const char *s = JS_ToCStringLen(w->ctx, &len, v);
	if (!s)
		return -1;
	int r = put_bytes(w, s, len);
	JS_FreeCString(w->ctx, s);
	return r;
}

static int put_key(struct writer *w, JSAtom key)
{
	size_t len;
	uint32_t index;
	JSValue str = JS_AtomToString(w->ctx, key);
	if (JS_IsException(str))
		return -1;
	const char *s = JS_ToCStringLen(w->ctx, &len, str);
	JS_FreeValue(w->ctx, str);
	if (!s)
		return -1;
	int r = parse_index(s, len, &index) ? put_u8(w, 'x') || put_u(w, index)
					     : put_u8(w, 'k') || put_bytes(w, s, len);
	JS_FreeCString(w->ctx, s);
	return r;
}

static uint32_t hash_ptr(const void *p, uint32_t cap)
{
	uint64_t h = (uint64_t)(uintptr_t)p * 0x9e3779b97f4a7c15ull;
	return (uint32_t)(h >> 32) & (cap - 1);
}

/* The number of an object already written, or -1. */
static int64_t lookup(struct writer *w, JSValueConst obj)
{
	if (!w->hash_cap)
		return -1;
	void *p = JS_VALUE_GET_PTR(obj);
	for (uint32_t i = hash_ptr(p, w->hash_cap);; i = (i + 1) & (w->hash_cap - 1)) {
		uint32_t e = w->hash[i];
		if (!e)
			return -1;
		if (JS_VALUE_GET_PTR(w->objs[e - 1]) == p)
			return e - 1;
	}
}

static void hash_insert(struct writer *w, uint32_t n)
{
	uint32_t i = hash_ptr(JS_VALUE_GET_PTR(w->objs[n]), w->hash_cap);
	while (w->hash[i])
		i = (i + 1) & (w->hash_cap - 1);
	w->hash[i] = n + 1;
}

/* Gives obj the next number. */
static int remember(struct writer *w, JSValueConst obj)
{
	JSContext *ctx = w->ctx;

	if (w->nobjs >= INT32_MAX) {
		throw_clone_error(ctx, "too many objects to clone.");
		return -1;
	}
	if (grow(ctx, (void **)&w->objs, &w->objs_cap, (uint64_t)w->nobjs + 1, sizeof(JSValue)))
		return -1;
	if ((uint64_t)(w->nobjs + 1) * 2 > w->hash_cap) {
		uint32_t cap = w->hash_cap ? w->hash_cap * 2 : 64;
		uint32_t *hash = js_mallocz(ctx, (size_t)cap * sizeof(uint32_t));
		if (!hash)
			return -1;
		js_free(ctx, w->hash);
		w->hash = hash;
		w->hash_cap = cap;
		for (uint32_t i = 0; i < w->nobjs; i++)
			hash_insert(w, i);
	}
	w->objs[w->nobjs] = JS_DupValue(ctx, obj);
	hash_insert(w, w->nobjs++);
	return 0;
}

static int refuse_class(struct writer *w, JSClassID cls)
{
	throw_clone_error(w->ctx, "#<%s> could not be cloned.", class_name(cls));
	return -1;
}

static int refuse_symbol(struct writer *w, JSValueConst sym)
{
	JSAtom atom = JS_ValueToAtom(w->ctx, sym);
	const char *desc = atom == JS_ATOM_NULL ? NULL : JS_AtomToCString(w->ctx, atom);
	JS_FreeAtom(w->ctx, atom);
	if (!desc)
		return -1;
	throw_clone_error(w->ctx, "Symbol(%.100s) could not be cloned.", desc);
	JS_FreeCString(w->ctx, desc);
	return -1;
}

static int refuse_function(struct writer *w, JSValueConst fn)
{
	JSContext *ctx = w->ctx;
	JSPropertyDescriptor desc;
	JSAtom name = JS_NewAtom(ctx, "name");
	const char *s = NULL;

	/* the name only if it is a plain string: no getter runs for a message */
	if (name != JS_ATOM_NULL && JS_GetOwnProperty(ctx, &desc, fn, name) == 1) {
		if (JS_IsString(desc.value))
			s = JS_ToCString(ctx, desc.value);
		JS_FreeValue(ctx, desc.value);
		JS_FreeValue(ctx, desc.getter);
		JS_FreeValue(ctx, desc.setter);
	}
	JS_FreeAtom(ctx, name);
	if (JS_HasException(ctx))
		clear_exception(ctx);
	throw_clone_error(ctx, "function %.100s%scould not be cloned.", s ? s : "", s && *s ? " " : "");
	JS_FreeCString(ctx, s);
	return -1;
}

static int push_frame(struct writer *w, JSValueConst obj, JSAtom *keys, JSValue *items, uint32_t count)
{
	if (grow(w->ctx, (void **)&w->stack, &w->stack_cap, (uint64_t)w->depth + 1, sizeof(struct wframe)))
		return -1;
	w->stack[w->depth++] = (struct wframe){ .obj = obj, .keys = keys, .items = items, .count = count };
	return 0;
}

static void free_wframe(JSContext *ctx, struct wframe *f)
{
	for (uint32_t i = 0; f->keys && i < f->count; i++)
		JS_FreeAtom(ctx, f->keys[i]);
	for (uint32_t i = 0; f->items && i < f->count; i++)
		JS_FreeValue(ctx, f->items[i]);
	js_free(ctx, f->keys);
	js_free(ctx, f->items);
}

/* Pushes a frame over the keys extra (owned atoms, which the frame takes)
 * then obj's own enumerable string keys but those in skip. */
static int push_props(struct writer *w, JSValueConst obj, JSAtom *extra, uint32_t nextra, const JSAtom *skip,
		      uint32_t nskip)
{
	JSContext *ctx = w->ctx;
	JSPropertyEnum *tab;
	uint32_t n, count = nextra;
	JSAtom *keys = NULL;

	if (JS_GetOwnPropertyNames(ctx, &tab, &n, obj, JS_GPN_STRING_MASK | JS_GPN_ENUM_ONLY))
		goto fail;
	keys = js_malloc(ctx, ((size_t)n + nextra) * sizeof(JSAtom) + 1);
	if (!keys) {
		free_prop_enum(ctx, tab, n);
		goto fail;
	}
	if (nextra)
		memcpy(keys, extra, nextra * sizeof(JSAtom));
	for (uint32_t i = 0; i < n; i++) {
		bool skipped = false;
		for (uint32_t k = 0; k < nskip; k++)
			skipped |= tab[i].atom == skip[k];
		if (skipped)
			JS_FreeAtom(ctx, tab[i].atom);
		else
			keys[count++] = tab[i].atom;
	}
	js_free(ctx, tab);
	if (push_frame(w, obj, keys, NULL, count)) {
		struct wframe f = { .keys = keys, .count = count };
		free_wframe(ctx, &f);
		return -1;
	}
	return 0;
fail:
	for (uint32_t i = 0; i < nextra; i++)
		JS_FreeAtom(ctx, extra[i]);
	return -1;
}

/* Copies a Map's entries (key, value, ...) or a Set's values, so JS run by
 * getters while they are written cannot change what is written. */
static int snapshot(struct writer *w, JSValueConst obj, JSClassID cls, JSValue **pitems, uint32_t *pcount)
{
	JSContext *ctx = w->ctx;
	JSValue *items = NULL, next = JS_UNDEFINED;
	uint32_t count = 0, cap = 0;
	JSValue iter = intrinsic_call(ctx, cls, cls == CLASS_MAP ? "entries" : "values", obj, 0, NULL);

	if (JS_IsException(iter))
		return -1;
	next = JS_GetPropertyStr(ctx, iter, "next");
	if (JS_IsException(next))
		goto fail;
	for (;;) {
		JSValue r = JS_Call(ctx, next, iter, 0, NULL);
		if (JS_IsException(r))
			goto fail;
		JSValue d = JS_GetPropertyStr(ctx, r, "done");
		int done = JS_IsException(d) ? -1 : JS_ToBool(ctx, d);
		JS_FreeValue(ctx, d);
		JSValue v = done ? JS_UNDEFINED : JS_GetPropertyStr(ctx, r, "value");
		JS_FreeValue(ctx, r);
		if (done < 0 || JS_IsException(v))
			goto fail;
		if (done)
			break;
		if (grow(ctx, (void **)&items, &cap, (uint64_t)count + 2, sizeof(JSValue))) {
			JS_FreeValue(ctx, v);
			goto fail;
		}
		if (cls == CLASS_MAP) {
			items[count] = JS_GetPropertyUint32(ctx, v, 0);
			items[count + 1] = JS_GetPropertyUint32(ctx, v, 1);
			JS_FreeValue(ctx, v);
			count += 2;
			if (JS_IsException(items[count - 2]) || JS_IsException(items[count - 1]))
				goto fail;
		} else {
			items[count++] = v;
		}
	}
	JS_FreeValue(ctx, next);
	JS_FreeValue(ctx, iter);
	*pitems = items;
	*pcount = count;
	return 0;
fail:
	for (uint32_t i = 0; i < count; i++)
		JS_FreeValue(ctx, items[i]);
	js_free(ctx, items);
	JS_FreeValue(ctx, next);
	JS_FreeValue(ctx, iter);
	return -1;
}

static int write_collection(struct writer *w, JSValueConst obj, JSClassID cls)
{
	JSValue *items;
	uint32_t count;

	if (put_u8(w, cls == CLASS_MAP ? 'M' : 'S') || snapshot(w, obj, cls, &items, &count))
		return -1;
	struct wframe f = { .items = items, .count = count };
	if (push_frame(w, obj, NULL, items, count)) {
		free_wframe(w->ctx, &f);
		return -1;
	}
	return 0;
}

static int write_array(struct writer *w, JSValueConst obj)
{
	int64_t len;
	JSValue v = JS_GetPropertyStr(w->ctx, obj, "length");   /* an own data property */
	int r = JS_ToInt64(w->ctx, &len, v);
	JS_FreeValue(w->ctx, v);
	return r || put_u8(w, 'a') || put_u(w, len) || push_props(w, obj, NULL, 0, NULL, 0);
}

/* An own property of obj, or JS_UNINITIALIZED if it has none. */
static JSValue get_own(JSContext *ctx, JSValueConst obj, JSAtom atom)
{
	int own = JS_GetOwnProperty(ctx, NULL, obj, atom);
	return own < 0 ? JS_EXCEPTION : own ? JS_GetProperty(ctx, obj, atom) : JS_UNINITIALIZED;
}

enum { ERR_NAME, ERR_MESSAGE, ERR_STACK, ERR_CAUSE, ERR_ERRORS, ERR_KEYS };
static const char *const error_keys[ERR_KEYS] = { "name", "message", "stack", "cause", "errors" };

/* name (any string; "Error" if it is not one), message if own, stack if
 * own and a string; then as props cause and errors if own, and the other
 * own enumerable properties (a Node error's code). */
static int write_error(struct writer *w, JSValueConst obj)
{
	JSContext *ctx = w->ctx;
	JSValue name = JS_UNDEFINED, message = JS_UNINITIALIZED, stack = JS_UNINITIALIZED;
	JSAtom keys[ERR_KEYS] = { 0 }, extra[2];
	uint32_t nextra = 0;
	int r = -1;

	for (int i = 0; i < ERR_KEYS; i++)
		if ((keys[i] = JS_NewAtom(ctx, error_keys[i])) == JS_ATOM_NULL)
			goto done;
	name = JS_GetProperty(ctx, obj, keys[ERR_NAME]);
	if (JS_IsException(name))
		goto done;
	if (!JS_IsString(name)) {
		JS_FreeValue(ctx, name);
		name = JS_NewString(ctx, "Error");
		if (JS_IsException(name))
			goto done;
	}
	message = get_own(ctx, obj, keys[ERR_MESSAGE]);
	if (JS_IsException(message))
		goto done;
	if (!JS_IsUninitialized(message)) {
		JSValue s = JS_ToString(ctx, message);
		JS_FreeValue(ctx, message);
		message = s;
		if (JS_IsException(message))
			goto done;
	}
	stack = get_own(ctx, obj, keys[ERR_STACK]);
	if (JS_IsException(stack))
		goto done;
	if (!JS_IsString(stack)) {
		JS_FreeValue(ctx, stack);
		stack = JS_UNINITIALIZED;
	}
	for (int i = ERR_CAUSE; i <= ERR_ERRORS; i++) {
		int own = JS_GetOwnProperty(ctx, NULL, obj, keys[i]);
		if (own < 0)
			goto done;
		if (own)
			extra[nextra++] = JS_DupAtom(ctx, keys[i]);
	}
	uint8_t has = (!JS_IsUninitialized(message)) | (!JS_IsUninitialized(stack)) << 1;
	if (put_u8(w, 'E') || put_str(w, name) || put_u8(w, has) ||
	    (!JS_IsUninitialized(message) && put_str(w, message)) ||
	    (!JS_IsUninitialized(stack) && put_str(w, stack)))
		goto done;
	r = push_props(w, obj, extra, nextra, keys, ERR_KEYS);
	nextra = 0;   /* taken */
done:
	for (uint32_t i = 0; i < nextra; i++)
		JS_FreeAtom(ctx, extra[i]);
	for (int i = 0; i < ERR_KEYS; i++)
		JS_FreeAtom(ctx, keys[i]);
	JS_FreeValue(ctx, name);
	JS_FreeValue(ctx, message);
	JS_FreeValue(ctx, stack);
	return r;
}

static int write_value(struct writer *w, JSValueConst v);

/* Date, and Number, String, Boolean and BigInt objects: their primitive,
 * through the built-in valueOf. */
static int write_boxed(struct writer *w, JSValueConst obj, JSClassID cls)
{
	JSContext *ctx = w->ctx;
	JSValue v = intrinsic_call(ctx, cls, "valueOf", obj, 0, NULL);
	bool ok;
	int r;

	if (JS_IsException(v))
		return -1;
	switch (cls) {
	case CLASS_NUMBER: case CLASS_DATE: ok = JS_IsNumber(v); break;
	case CLASS_STRING: ok = JS_IsString(v); break;
	case CLASS_BOOLEAN: ok = JS_IsBool(v); break;
	default: ok = JS_IsBigInt(ctx, v); break;
	}
	if (!ok) {
		JS_FreeValue(ctx, v);
		return refuse_class(w, cls);
	}
	if (cls == CLASS_DATE) {
		double t;
		JS_ToFloat64(ctx, &t, v);
		r = put_u8(w, 'D') || put_f64(w, t);
	} else {
		r = put_u8(w, 'B') || write_value(w, v);   /* a primitive: no frame */
	}
	JS_FreeValue(ctx, v);
	return r;
}

static int write_regexp(struct writer *w, JSValueConst obj)
{
	JSContext *ctx = w->ctx;
	JSValue source = intrinsic_get(ctx, CLASS_REGEXP, "source", obj);
	JSValue flags = JS_IsException(source) ? JS_EXCEPTION : intrinsic_get(ctx, CLASS_REGEXP, "flags", obj);
	int r = -1;

	if (!JS_IsException(flags)) {
		if (JS_IsString(source) && JS_IsString(flags))
			r = put_u8(w, 'R') || put_str(w, source) || put_str(w, flags);
		else
			r = refuse_class(w, CLASS_REGEXP);
	}
	JS_FreeValue(ctx, source);
	JS_FreeValue(ctx, flags);
	return r;
}

static int refuse_detached(struct writer *w)
{
	if (JS_HasException(w->ctx))
		clear_exception(w->ctx);
	throw_clone_error(w->ctx, "An ArrayBuffer is detached and could not be cloned.");
	return -1;
}

/* Its byteLength, or -1 with a DataCloneError if it is detached. */
static int64_t buffer_length(struct writer *w, JSValueConst buf)
{
	size_t len;
	if (!JS_GetArrayBuffer(w->ctx, &len, buf) && JS_HasException(w->ctx))
		return refuse_detached(w);
	return len;
}

/* Recorded for transfer; nothing is detached until the whole value is
 * written (finish). */
static int write_buffer(struct writer *w, JSValueConst obj, uint32_t number)
{
	JSContext *ctx = w->ctx;

	if (!w->h || !w->h->steal_buffer) {
		throw_clone_error(ctx, "#<ArrayBuffer> could not be cloned: it can only be transferred.");
		return -1;
	}
	int64_t len = buffer_length(w, obj);
	if (len < 0)
		return -1;
	if (grow(ctx, (void **)&w->buffers, &w->buffers_cap, (uint64_t)w->nbuffers + 1, sizeof(w->buffers[0])))
		return -1;
	w->buffers[w->nbuffers].number = number;
	w->buffers[w->nbuffers].len = len;
	return put_u8(w, 'A') || put_u(w, w->nbuffers++);
}

static int write_object(struct writer *w, JSValueConst obj);

/* A typed array or DataView, then its buffer (transferred with it). */
static int write_view(struct writer *w, JSValueConst obj, JSClassID cls)
{
	JSContext *ctx = w->ctx;
	JSValue buf;
	size_t offset, len;
	int r = -1;

	if (cls == CLASS_DATAVIEW) {
		buf = intrinsic_get(ctx, CLASS_DATAVIEW, "buffer", obj);
		if (JS_IsException(buf))
			return -1;
		if (JS_GetClassID(buf) == CLASS_ARRAY_BUFFER && buffer_length(w, buf) < 0)
			goto done;
		JSValue o = intrinsic_get(ctx, CLASS_DATAVIEW, "byteOffset", obj);
		JSValue l = intrinsic_get(ctx, CLASS_DATAVIEW, "byteLength", obj);
		uint64_t o64 = 0, l64 = 0;
		int bad = JS_IsException(o) || JS_IsException(l) || JS_ToIndex(ctx, &o64, o) || JS_ToIndex(ctx, &l64, l);
		JS_FreeValue(ctx, o);
		JS_FreeValue(ctx, l);
		if (bad)
			goto done;
		offset = o64;
		len = l64;
	} else {
		buf = JS_GetTypedArrayBuffer(ctx, obj, &offset, &len, NULL);
		if (JS_IsException(buf))
			return refuse_detached(w);
	}
	if (JS_GetClassID(buf) != CLASS_ARRAY_BUFFER) {
		r = refuse_class(w, JS_GetClassID(buf));
		goto done;
	}
	int64_t size = buffer_length(w, buf);
	if (size < 0)
		goto done;
	if (offset > (size_t)size || len > (size_t)size - offset) {
		r = refuse_class(w, cls);
		goto done;
	}
	uint8_t kind = cls == CLASS_DATAVIEW ? DATAVIEW_KIND : cls - CLASS_UINT8C_ARRAY;
	r = put_u8(w, 'V') || put_u8(w, kind) || put_u(w, offset) || put_u(w, len) || write_object(w, buf);
done:
	JS_FreeValue(ctx, buf);
	return r;
}

/* Recorded; exported only once the whole value is written (finish). */
static int write_function(struct writer *w, uint32_t number)
{
	if (grow(w->ctx, (void **)&w->functions, &w->functions_cap, (uint64_t)w->nfunctions + 1, sizeof(uint32_t)))
		return -1;
	w->functions[w->nfunctions] = number;
	return put_u8(w, 'F') || put_u(w, w->nfunctions++);
}

static int has_private_fields(JSContext *ctx, JSValueConst obj)
{
	JSPropertyEnum *tab;
	uint32_t n;
	if (JS_GetOwnPropertyNames(ctx, &tab, &n, obj, JS_GPN_PRIVATE_MASK))
		return -1;
	free_prop_enum(ctx, tab, n);
	return n > 0;
}

static int write_object(struct writer *w, JSValueConst obj)
{
	JSContext *ctx = w->ctx;
	int64_t seen = lookup(w, obj);
	JSClassID cls = JS_GetClassID(obj);
	bool data;

	if (seen >= 0)
		return put_u8(w, 'r') || put_u(w, seen);
	switch (cls) {
	case CLASS_OBJECT: case CLASS_ARRAY: case CLASS_ERROR: case CLASS_DATE: case CLASS_REGEXP:
	case CLASS_NUMBER: case CLASS_STRING: case CLASS_BOOLEAN: case CLASS_BIG_INT:
	case CLASS_MAP: case CLASS_SET: case CLASS_ARRAY_BUFFER: case CLASS_DATAVIEW:
		data = true;
		break;
	default:
		data = is_typed_array(cls);
		break;
	}
	/* A Proxy is callable when its target is: tell them apart first. */
	if (!data && (cls == CLASS_PROXY || !JS_IsFunction(ctx, obj)))
		return refuse_class(w, cls);
	if (!data && (!w->h || !w->h->export_function))
		return refuse_function(w, obj);
	if (data) {
		int priv = has_private_fields(ctx, obj);
		if (priv < 0)
			return -1;
		if (priv) {
			throw_clone_error(ctx, "#<%s> with private fields could not be cloned.", class_name(cls));
			return -1;
		}
	}
	uint32_t number = w->nobjs;
	if (remember(w, obj))
		return -1;
	switch (cls) {
	case CLASS_OBJECT:
		return put_u8(w, 'o') || push_props(w, obj, NULL, 0, NULL, 0);
	case CLASS_ARRAY:
		return write_array(w, obj);
	case CLASS_ERROR:
		return write_error(w, obj);
	case CLASS_REGEXP:
		return write_regexp(w, obj);
	case CLASS_DATE: case CLASS_NUMBER: case CLASS_STRING: case CLASS_BOOLEAN: case CLASS_BIG_INT:
		return write_boxed(w, obj, cls);
	case CLASS_MAP: case CLASS_SET:
		return write_collection(w, obj, cls);
	case CLASS_ARRAY_BUFFER:
		return write_buffer(w, obj, number);
	default:
		return data ? write_view(w, obj, cls) : write_function(w, number);
	}
}

static int write_value(struct writer *w, JSValueConst v)
{
	switch (JS_VALUE_GET_NORM_TAG(v)) {
	case JS_TAG_UNDEFINED:
		return put_u8(w, 'u');
	case JS_TAG_NULL:
		return put_u8(w, 'n');
	case JS_TAG_BOOL:
		return put_u8(w, JS_VALUE_GET_BOOL(v) ? 't' : 'f');
	case JS_TAG_INT: {
		int32_t i = JS_VALUE_GET_INT(v);
		return put_u8(w, 'i') || put_u(w, ((uint32_t)i << 1) ^ (i < 0 ? UINT32_MAX : 0));
	}
	case JS_TAG_FLOAT64:
		return put_u8(w, 'd') || put_f64(w, JS_VALUE_GET_FLOAT64(v));
	case JS_TAG_STRING: case JS_TAG_STRING_ROPE:
		return put_u8(w, 's') || put_str(w, v);
	case JS_TAG_BIG_INT: case JS_TAG_SHORT_BIG_INT:
		return put_u8(w, 'I') || put_str(w, v);
	case JS_TAG_SYMBOL:
		return refuse_symbol(w, v);
	case JS_TAG_OBJECT:
		return write_object(w, v);
	default:
		throw_clone_error(w->ctx, "value could not be cloned.");
		return -1;
	}
}

/* Writes the next child of the innermost object, or ends it. */
static int write_step(struct writer *w)
{
	JSContext *ctx = w->ctx;
	struct wframe *f = &w->stack[w->depth - 1];

	if (f->keys) {
		while (f->next < f->count) {
			JSAtom key = f->keys[f->next++];
			/* a getter met earlier may have deleted it (HTML checks too) */
			int own = JS_GetOwnProperty(ctx, NULL, f->obj, key);
			if (own < 0)
				return -1;
			if (!own)
				continue;
			JSValue v = JS_GetProperty(ctx, f->obj, key);
			if (JS_IsException(v))
				return -1;
			int r = put_key(w, key) || write_value(w, v);   /* f may move */
			JS_FreeValue(ctx, v);
			return r;
		}
	} else if (f->next < f->count) {
		return write_value(w, f->items[f->next++]);
	}
	free_wframe(ctx, f);
	w->depth--;
	return put_u8(w, '.');
}

static void put_u64_at(uint8_t *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = v >> (8 * i);
}

/* The value was cloneable: export its functions, write the trailer and
 * only then detach the buffers. */
static int finish(struct writer *w)
{
	JSContext *ctx = w->ctx;
	const struct clone_hooks *h = w->h;
	struct clone_buffer *bufs = NULL;
	uint32_t stolen = 0;

	for (uint32_t i = 0; i < w->nbuffers; i++) {
		size_t len;
		if ((!JS_GetArrayBuffer(ctx, &len, w->objs[w->buffers[i].number]) && JS_HasException(ctx)) ||
		    len != w->buffers[i].len)
			return refuse_detached(w);
	}
	uint64_t trailer = w->m.len;
	if (put_u(w, w->nfunctions))
		return -1;
	for (uint32_t i = 0; i < w->nfunctions; i++) {
		int64_t id = h->export_function(ctx, w->objs[w->functions[i]], h->opaque);
		if (id < 0) {
			if (!JS_HasException(ctx))
				throw_clone_error(ctx, "function could not be cloned.");
			return -1;
		}
		if (put_u(w, id))
			return -1;
	}
	if (put_u(w, w->nbuffers))
		return -1;
	for (uint32_t i = 0; i < w->nbuffers; i++)
		if (put_u(w, w->buffers[i].len))
			return -1;
	put_u64_at(w->m.data + 8, trailer);

	if (w->nbuffers) {
		bufs = calloc(w->nbuffers, sizeof(*bufs));
		if (!bufs) {
			JS_ThrowOutOfMemory(ctx);
			return -1;
		}
	}
	for (; stolen < w->nbuffers; stolen++) {
		size_t len = w->buffers[stolen].len;
		void *mem = h->steal_buffer(ctx, w->objs[w->buffers[stolen].number], &len, h->opaque);
		if (!mem && (len || JS_HasException(ctx))) {
			if (!JS_HasException(ctx))
				JS_ThrowInternalError(ctx, "steal_buffer failed");
			goto fail;
		}
		if (len != w->buffers[stolen].len) {
			free(mem);
			JS_ThrowInternalError(ctx, "steal_buffer took %zu bytes of a %zu-byte ArrayBuffer", len,
					      w->buffers[stolen].len);
			goto fail;
		}
		bufs[stolen] = (struct clone_buffer){ mem, len };
	}
	w->m.buffers = bufs;
	w->m.nbuffers = w->nbuffers;
	return 0;
fail:
	for (uint32_t i = 0; i < stolen; i++)
		free(bufs[i].mem);
	free(bufs);
	return -1;
}

static void writer_free(struct writer *w)
{
	JSContext *ctx = w->ctx;
	while (w->depth)
		free_wframe(ctx, &w->stack[--w->depth]);
	for (uint32_t i = 0; i < w->nobjs; i++)
		JS_FreeValue(ctx, w->objs[i]);
	js_free(ctx, w->stack);
	js_free(ctx, w->objs);
	js_free(ctx, w->hash);
	js_free(ctx, w->buffers);
	js_free(ctx, w->functions);
}

int clone_write(JSContext *ctx, JSValueConst value, const struct clone_hooks *h, struct clone_msg *out)
{
	static const uint8_t header[HEADER_SIZE] = { 'R', 'T', 'S', 'C', CLONE_VERSION };
	struct writer w = { .ctx = ctx, .h = h };

	int r = put(&w, header, HEADER_SIZE) || write_value(&w, value);
	while (!r && w.depth)
		r = write_step(&w);
	if (!r)
		r = finish(&w);
	writer_free(&w);
	if (r) {
		clone_msg_free(&w.m);
		memset(out, 0, sizeof(*out));
		return -1;
	}
	*out = w.m;
	return 0;
}

/* ---- reader ---- */

enum { R_PROPS, R_MAP, R_SET };

/* An object whose children are being read. */
struct rframe {
	JSValueConst obj;           /* held by reader.objs */
	uint8_t kind;
	bool is_array, is_error;
	bool have_key;              /* the key is read, its value not yet */
	uint32_t length;            /* an Array's, set when it ends */
	JSAtom key;                 /* props: that key (owned) */
	JSValue map_key;            /* Map: that key (owned) */
	JSValue add;                /* Map: set, Set: add (owned) */
};

struct reader {
	JSContext *ctx;
	const struct clone_hooks *h;
	struct clone_msg *m;
	const uint8_t *p, *end;     /* the body, still to read */

	JSValue *objs;              /* every object read, by number */
	uint32_t nobjs, objs_cap;
	int64_t *ids;               /* the trailer's function ids */
	uint64_t nids;
	uint8_t *adopted;           /* per buffer of the message */

	struct rframe *stack;
	uint32_t depth, stack_cap;
};

static int corrupt(struct reader *r)
{
	throw_clone_error(r->ctx, "The clone message is corrupt (at byte %zu).", (size_t)(r->p - r->m->data));
	return -1;
}

static int get_u8(struct reader *r, uint8_t *c)
{
	if (r->p >= r->end)
		return corrupt(r);
	*c = *r->p++;
	return 0;
}

static int get_u(struct reader *r, uint64_t *v)
{
	uint64_t x = 0;
	for (int shift = 0;; shift += 7) {
		uint8_t b;
		if (get_u8(r, &b))
			return -1;
		if (shift == 63 && b > 1)
			return corrupt(r);
		x |= (uint64_t)(b & 0x7f) << shift;
		if (!(b & 0x80))
			break;
		if (shift == 63)
			return corrupt(r);
	}
	*v = x;
	return 0;
}

static int get_f64(struct reader *r, double *d)
{
	uint64_t u = 0;
	if (r->end - r->p < 8)
		return corrupt(r);
	for (int i = 0; i < 8; i++)
		u |= (uint64_t)r->p[i] << (8 * i);
	r->p += 8;
	memcpy(d, &u, 8);
	return 0;
}

static int get_bytes(struct reader *r, const char **s, size_t *len)
{
	uint64_t n;
	if (get_u(r, &n))
		return -1;
	if (n > (uint64_t)(r->end - r->p) || n > INT32_MAX)
		return corrupt(r);
	*s = (const char *)r->p;
	*len = n;
	r->p += n;
	return 0;
}

static int get_string(struct reader *r, JSValue *out)
{
	const char *s;
	size_t len;
	if (get_bytes(r, &s, &len))
		return -1;
	*out = JS_NewStringLen(r->ctx, s, len);
	return JS_IsException(*out) ? -1 : 0;
}

static bool bytes_are(const char *s, size_t len, const char *lit)
{
	return strlen(lit) == len && memcmp(s, lit, len) == 0;
}

/* Keeps a reference to the next object, for 'r'. */
static int keep(struct reader *r, JSValueConst v)
{
	if (grow(r->ctx, (void **)&r->objs, &r->objs_cap, (uint64_t)r->nobjs + 1, sizeof(JSValue)))
		return -1;
	r->objs[r->nobjs++] = JS_DupValue(r->ctx, v);
	return 0;
}

static int push_rframe(struct reader *r, struct rframe f)
{
	if (grow(r->ctx, (void **)&r->stack, &r->stack_cap, (uint64_t)r->depth + 1, sizeof(struct rframe))) {
		JS_FreeValue(r->ctx, f.add);
		return -1;
	}
	r->stack[r->depth++] = f;
	return 0;
}

static void free_rframe(JSContext *ctx, struct rframe *f)
{
	JS_FreeAtom(ctx, f->key);
	JS_FreeValue(ctx, f->map_key);
	JS_FreeValue(ctx, f->add);
}

static int read_bigint(struct reader *r, JSValue *out)
{
	JSContext *ctx = r->ctx;
	const char *s;
	size_t len;

	if (get_bytes(r, &s, &len))
		return -1;
	size_t i = len && s[0] == '-';
	if (i == len || (s[i] == '0' && (len > i + 1 || i)))
		return corrupt(r);
	for (size_t k = i; k < len; k++)
		if (s[k] < '0' || s[k] > '9')
			return corrupt(r);
	if (len - i <= 18) {
		int64_t v = 0;
		for (size_t k = i; k < len; k++)
			v = v * 10 + (s[k] - '0');
		*out = JS_NewBigInt64(ctx, i ? -v : v);
	} else {
		JSValue str = JS_NewStringLen(ctx, s, len);
		JSValue ctor = intrinsic(ctx, CLASS_BIG_INT, "constructor");
		*out = JS_IsException(str) || JS_IsException(ctor) ? JS_EXCEPTION
								   : JS_Call(ctx, ctor, JS_UNDEFINED, 1, (JSValueConst *)&str);
		JS_FreeValue(ctx, str);
		JS_FreeValue(ctx, ctor);
	}
	if (JS_IsException(*out))
		return -1;
	if (!JS_IsBigInt(ctx, *out)) {
		JS_FreeValue(ctx, *out);
		*out = JS_UNDEFINED;
		return corrupt(r);
	}
	return 0;
}

static int read_primitive(struct reader *r, uint8_t tag, JSValue *out)
{
	uint64_t u;
	double d;

	switch (tag) {
	case 'u': *out = JS_UNDEFINED; return 0;
	case 'n': *out = JS_NULL; return 0;
	case 'f': *out = JS_FALSE; return 0;
	case 't': *out = JS_TRUE; return 0;
	case 'i':
		if (get_u(r, &u))
			return -1;
		if (u > UINT32_MAX)
			return corrupt(r);
		*out = JS_NewInt32(r->ctx, (int32_t)((uint32_t)(u >> 1) ^ -(uint32_t)(u & 1)));
		return 0;
	case 'd':
		if (get_f64(r, &d))
			return -1;
		*out = __JS_NewFloat64(r->ctx, d);   /* a float stays a float, even 1.0 */
		return 0;
	case 's':
		return get_string(r, out);
	case 'I':
		return read_bigint(r, out);
	default:
		r->p--;
		return corrupt(r);
	}
}

/* A Number, String, Boolean or BigInt object, made by Object(primitive). */
static int read_boxed(struct reader *r, JSValue *out)
{
	JSContext *ctx = r->ctx;
	JSValue prim, ctor;
	JSClassID cls;
	uint8_t tag;

	if (get_u8(r, &tag))
		return -1;
	switch (tag) {
	case 'i': case 'd': cls = CLASS_NUMBER; break;
	case 's': cls = CLASS_STRING; break;
	case 't': case 'f': cls = CLASS_BOOLEAN; break;
	case 'I': cls = CLASS_BIG_INT; break;
	default: r->p--; return corrupt(r);
	}
	if (read_primitive(r, tag, &prim))
		return -1;
	ctor = intrinsic(ctx, CLASS_OBJECT, "constructor");
	*out = JS_IsException(ctor) ? JS_EXCEPTION : JS_Call(ctx, ctor, JS_UNDEFINED, 1, (JSValueConst *)&prim);
	JS_FreeValue(ctx, ctor);
	JS_FreeValue(ctx, prim);
	if (JS_IsException(*out))
		return -1;
	if (JS_GetClassID(*out) != cls) {
		JS_FreeValue(ctx, *out);
		*out = JS_UNDEFINED;
		return corrupt(r);
	}
	return 0;
}

/* new cls(argv...) with the built-in constructor; checks what it made. */
static JSValue construct(JSContext *ctx, JSClassID cls, int argc, JSValueConst *argv)
{
	JSValue ctor = intrinsic(ctx, cls, "constructor");
	if (JS_IsException(ctor))
		return ctor;
	JSValue v = JS_CallConstructor(ctx, ctor, argc, argv);
	JS_FreeValue(ctx, ctor);
	if (!JS_IsException(v) && JS_GetClassID(v) != cls) {
		JS_FreeValue(ctx, v);
		return JS_ThrowTypeError(ctx, "%s constructor was replaced", class_name(cls));
	}
	return v;
}

static int read_regexp(struct reader *r, JSValue *out)
{
	JSValue args[2] = { JS_UNDEFINED, JS_UNDEFINED };
	if (!get_string(r, &args[0]) && !get_string(r, &args[1]))
		*out = construct(r->ctx, CLASS_REGEXP, 2, (JSValueConst *)args);
	else
		*out = JS_EXCEPTION;
	JS_FreeValue(r->ctx, args[0]);
	JS_FreeValue(r->ctx, args[1]);
	return JS_IsException(*out) ? -1 : 0;
}

static int read_collection(struct reader *r, JSClassID cls, JSValue *out)
{
	JSContext *ctx = r->ctx;
	JSValue add = intrinsic(ctx, cls, cls == CLASS_MAP ? "set" : "add");
	if (JS_IsException(add))
		return -1;
	*out = construct(ctx, cls, 0, NULL);
	if (JS_IsException(*out) || keep(r, *out)) {
		JS_FreeValue(ctx, add);
		return -1;
	}
	return push_rframe(r, (struct rframe){ .obj = *out, .kind = cls == CLASS_MAP ? R_MAP : R_SET,
					       .map_key = JS_UNDEFINED, .add = add });
}

static const char *const error_names[] = {
	"EvalError", "RangeError", "ReferenceError", "SyntaxError", "TypeError", "URIError", "AggregateError",
};

/* The prototype for an error named name: its built-in constructor's if it
 * is one of those, else Error.prototype (and *own_name is set). */
static JSValue error_proto(JSContext *ctx, const char *name, size_t len, bool *own_name)
{
	*own_name = false;
	if (bytes_are(name, len, "Error"))
		return JS_GetClassProto(ctx, CLASS_ERROR);
	for (size_t i = 0; i < sizeof(error_names) / sizeof(error_names[0]); i++) {
		if (!bytes_are(name, len, error_names[i]))
			continue;
		JSValue global = JS_GetGlobalObject(ctx);
		JSValue ctor = JS_GetPropertyStr(ctx, global, error_names[i]);
		JSValue proto = JS_IsException(ctor) ? JS_EXCEPTION : JS_GetPropertyStr(ctx, ctor, "prototype");
		JS_FreeValue(ctx, ctor);
		JS_FreeValue(ctx, global);
		if (JS_IsObject(proto) || JS_IsException(proto))
			return proto;
		JS_FreeValue(ctx, proto);
		break;
	}
	*own_name = true;
	return JS_GetClassProto(ctx, CLASS_ERROR);
}

static int read_error(struct reader *r, JSValue *out)
{
	JSContext *ctx = r->ctx;
	const char *name;
	size_t name_len;
	uint8_t has;
	JSValue message = JS_UNDEFINED, stack = JS_UNDEFINED;
	bool own_name;
	const int flags = JS_PROP_WRITABLE | JS_PROP_CONFIGURABLE | JS_PROP_THROW;

	*out = JS_UNDEFINED;
	if (get_bytes(r, &name, &name_len) || get_u8(r, &has))
		return -1;
	if (has > 3) {
		r->p--;
		return corrupt(r);
	}
	if (((has & 1) && get_string(r, &message)) || ((has & 2) && get_string(r, &stack)))
		goto fail;
	JSValue proto = error_proto(ctx, name, name_len, &own_name);
	if (JS_IsException(proto))
		goto fail;
	*out = JS_NewObjectProtoClass(ctx, proto, CLASS_ERROR);
	JS_FreeValue(ctx, proto);
	if (JS_IsException(*out))
		goto fail;
	if (own_name && JS_DefinePropertyValueStr(ctx, *out, "name", JS_NewStringLen(ctx, name, name_len), flags) < 0)
		goto fail;
	if ((has & 1) && JS_DefinePropertyValueStr(ctx, *out, "message", JS_DupValue(ctx, message), flags) < 0)
		goto fail;
	if ((has & 2) && JS_DefinePropertyValueStr(ctx, *out, "stack", JS_DupValue(ctx, stack), flags) < 0)
		goto fail;
	JS_FreeValue(ctx, message);
	JS_FreeValue(ctx, stack);
	if (keep(r, *out))
		return -1;
	return push_rframe(r, (struct rframe){ .obj = *out, .kind = R_PROPS, .is_error = true,
					       .map_key = JS_UNDEFINED, .add = JS_UNDEFINED });
fail:
	JS_FreeValue(ctx, message);
	JS_FreeValue(ctx, stack);
	return -1;
}

static int read_buffer(struct reader *r, JSValue *out)
{
	JSContext *ctx = r->ctx;
	struct clone_msg *m = r->m;
	uint64_t i;

	if (get_u(r, &i))
		return -1;
	/* no memory with a length: adopted by an earlier, failed read */
	if (i >= m->nbuffers || r->adopted[i] || (!m->buffers[i].mem && m->buffers[i].len))
		return corrupt(r);
	if (!r->h || !r->h->adopt_buffer) {
		throw_clone_error(ctx, "An ArrayBuffer was transferred but cannot be received here.");
		return -1;
	}
	*out = r->h->adopt_buffer(ctx, m->buffers[i].mem, m->buffers[i].len, r->h->opaque);
	if (JS_IsException(*out))
		return -1;
	m->buffers[i].mem = NULL;
	r->adopted[i] = 1;
	if (JS_GetClassID(*out) != CLASS_ARRAY_BUFFER) {
		JS_ThrowInternalError(ctx, "adopt_buffer did not return an ArrayBuffer");
		return -1;
	}
	return keep(r, *out);
}

static const uint8_t typed_array_size_log2[DATAVIEW_KIND] = { 0, 0, 0, 1, 1, 2, 2, 3, 3, 2, 3 };

/* The view is numbered before its buffer, as written; it is made after. */
static int read_view(struct reader *r, JSValue *out)
{
	JSContext *ctx = r->ctx;
	uint8_t kind, tag;
	uint64_t offset, len, n;
	JSValue buf = JS_UNDEFINED;

	if (get_u8(r, &kind) || get_u(r, &offset) || get_u(r, &len))
		return -1;
	if (kind > DATAVIEW_KIND)
		return corrupt(r);
	uint32_t slot = r->nobjs;
	if (keep(r, JS_UNDEFINED) || get_u8(r, &tag))
		return -1;
	if (tag == 'A') {
		if (read_buffer(r, &buf))
			goto fail;
	} else if (tag == 'r') {
		if (get_u(r, &n))
			return -1;
		if (n >= r->nobjs)
			return corrupt(r);
		buf = JS_DupValue(ctx, r->objs[n]);
	} else {
		r->p--;
		return corrupt(r);
	}
	size_t size;
	if (JS_GetClassID(buf) != CLASS_ARRAY_BUFFER ||
	    (!JS_GetArrayBuffer(ctx, &size, buf) && JS_HasException(ctx)) ||
	    offset > size || len > size - offset) {
		if (JS_HasException(ctx))
			clear_exception(ctx);
		corrupt(r);
		goto fail;
	}
	JSValue args[3] = { buf, JS_NewInt64(ctx, offset), JS_NewInt64(ctx, len) };
	if (kind == DATAVIEW_KIND) {
		*out = construct(ctx, CLASS_DATAVIEW, 3, (JSValueConst *)args);
	} else {
		uint64_t mask = (1u << typed_array_size_log2[kind]) - 1;
		if ((offset & mask) || (len & mask)) {
			corrupt(r);
			goto fail;
		}
		args[2] = JS_NewInt64(ctx, len >> typed_array_size_log2[kind]);
		*out = JS_NewTypedArray(ctx, 3, (JSValueConst *)args, kind);
	}
	JS_FreeValue(ctx, buf);
	if (JS_IsException(*out))
		return -1;
	r->objs[slot] = JS_DupValue(ctx, *out);
	return 0;
fail:
	JS_FreeValue(ctx, buf);
	return -1;
}

static int read_function(struct reader *r, JSValue *out)
{
	uint64_t i;

	if (get_u(r, &i))
		return -1;
	if (i >= r->nids)
		return corrupt(r);
	if (!r->h || !r->h->import_function) {
		throw_clone_error(r->ctx, "A function was passed but cannot be received here.");
		return -1;
	}
	*out = r->h->import_function(r->ctx, r->ids[i], r->h->opaque);
	if (JS_IsException(*out))
		return -1;
	return keep(r, *out);
}

/* One value; a container comes back empty, its frame pushed. On failure
 * *out is left to free (JS_UNDEFINED or a value). */
static int read_value(struct reader *r, JSValue *out)
{
	JSContext *ctx = r->ctx;
	uint64_t n;
	uint8_t tag;

	*out = JS_UNDEFINED;
	if (get_u8(r, &tag))
		return -1;
	switch (tag) {
	case 'r':
		if (get_u(r, &n))
			return -1;
		if (n >= r->nobjs)
			return corrupt(r);
		*out = JS_DupValue(ctx, r->objs[n]);
		return 0;
	case 'o':
		*out = JS_NewObject(ctx);
		if (JS_IsException(*out) || keep(r, *out))
			return -1;
		return push_rframe(r, (struct rframe){ .obj = *out, .kind = R_PROPS, .map_key = JS_UNDEFINED,
						       .add = JS_UNDEFINED });
	case 'a':
		if (get_u(r, &n))
			return -1;
		if (n > UINT32_MAX)
			return corrupt(r);
		*out = JS_NewArray(ctx);
		if (JS_IsException(*out) || keep(r, *out))
			return -1;
		return push_rframe(r, (struct rframe){ .obj = *out, .kind = R_PROPS, .is_array = true, .length = n,
						       .map_key = JS_UNDEFINED, .add = JS_UNDEFINED });
	case 'E':
		return read_error(r, out);
	case 'D': {
		double t;
		if (get_f64(r, &t))
			return -1;
		*out = JS_NewDate(ctx, t);
		return JS_IsException(*out) || keep(r, *out) ? -1 : 0;
	}
	case 'R':
		return read_regexp(r, out) || keep(r, *out) ? -1 : 0;
	case 'B':
		return read_boxed(r, out) || keep(r, *out) ? -1 : 0;
	case 'M':
		return read_collection(r, CLASS_MAP, out);
	case 'S':
		return read_collection(r, CLASS_SET, out);
	case 'A':
		return read_buffer(r, out);
	case 'V':
		return read_view(r, out);
	case 'F':
		return read_function(r, out);
	default:
		return read_primitive(r, tag, out);
	}
}

static int is_atom(JSContext *ctx, JSAtom atom, const char *name)
{
	JSAtom a = JS_NewAtom(ctx, name);
	JS_FreeAtom(ctx, a);
	return a == atom;
}

static int end_rframe(struct reader *r)
{
	struct rframe *f = &r->stack[--r->depth];
	int ret = 0;
	if (f->is_array)
		ret = JS_SetPropertyStr(r->ctx, f->obj, "length", JS_NewUint32(r->ctx, f->length)) < 0 ? -1 : 0;
	free_rframe(r->ctx, f);
	return ret;
}

/* Reads the next child of the innermost object, or its end. */
static int read_step(struct reader *r)
{
	JSContext *ctx = r->ctx;
	uint32_t fi = r->depth - 1;
	struct rframe *f = &r->stack[fi];
	JSValueConst obj = f->obj;
	JSValue v, res;
	uint8_t tag;

	if (!f->have_key && (f->kind != R_PROPS)) {
		if (r->p < r->end && *r->p == '.') {
			r->p++;
			return end_rframe(r);
		}
	}
	if (f->kind == R_PROPS && !f->have_key) {
		const char *s;
		size_t len;
		uint64_t index;
		if (get_u8(r, &tag))
			return -1;
		if (tag == '.')
			return end_rframe(r);
		if (tag == 'k') {
			if (get_bytes(r, &s, &len))
				return -1;
			f->key = JS_NewAtomLen(ctx, s, len);
		} else if (tag == 'x') {
			if (get_u(r, &index))
				return -1;
			if (index >= UINT32_MAX)
				return corrupt(r);
			f->key = JS_NewAtomUInt32(ctx, index);
		} else {
			r->p--;
			return corrupt(r);
		}
		if (f->key == JS_ATOM_NULL)
			return -1;
		f->have_key = true;
		return 0;
	}
	if (f->kind == R_MAP && !f->have_key) {
		if (read_value(r, &v)) {
			JS_FreeValue(ctx, v);
			return -1;
		}
		r->stack[fi].map_key = v;   /* read_value may have moved the stack */
		r->stack[fi].have_key = true;
		return 0;
	}
	if (f->kind == R_PROPS) {
		JSAtom key = f->key;
		bool hidden = f->is_error && (is_atom(ctx, key, "cause") || is_atom(ctx, key, "errors"));
		f->key = JS_ATOM_NULL;
		f->have_key = false;
		int ret = read_value(r, &v);
		if (!ret)
			ret = JS_DefinePropertyValue(ctx, obj, key, v,
						     (hidden ? JS_PROP_WRITABLE | JS_PROP_CONFIGURABLE : JS_PROP_C_W_E) |
							     JS_PROP_THROW) < 0 ? -1 : 0;
		else
			JS_FreeValue(ctx, v);
		JS_FreeAtom(ctx, key);
		return ret;
	}
	/* a Map's value or a Set's member */
	JSValue args[2] = { f->map_key, JS_UNDEFINED };
	JSValue add = JS_DupValue(ctx, f->add);
	bool is_map = f->kind == R_MAP;
	f->map_key = JS_UNDEFINED;
	f->have_key = false;
	int ret = read_value(r, &args[is_map]);
	if (!ret) {
		res = JS_Call(ctx, add, obj, is_map ? 2 : 1, (JSValueConst *)args);
		ret = JS_IsException(res) ? -1 : 0;
		JS_FreeValue(ctx, res);
	}
	JS_FreeValue(ctx, args[0]);
	JS_FreeValue(ctx, args[1]);
	JS_FreeValue(ctx, add);
	return ret;
}

/* Checks the header and reads the trailer; leaves r->p .. r->end over the
 * body. */
static int read_header(struct reader *r)
{
	JSContext *ctx = r->ctx;
	struct clone_msg *m = r->m;
	uint64_t trailer = 0, n, v;

	r->p = r->end = m->data;
	if (!m->data || m->len < HEADER_SIZE || memcmp(m->data, "RTSC", 4) || m->data[4] != CLONE_VERSION ||
	    m->data[5] || m->data[6] || m->data[7] || (m->nbuffers && !m->buffers))
		return corrupt(r);
	for (int i = 0; i < 8; i++)
		trailer |= (uint64_t)m->data[8 + i] << (8 * i);
	if (trailer < HEADER_SIZE || trailer > m->len)
		return corrupt(r);
	r->p = m->data + trailer;
	r->end = m->data + m->len;
	if (get_u(r, &n))
		return -1;
	if (n > (uint64_t)(r->end - r->p))
		return corrupt(r);
	r->ids = js_malloc(ctx, n * sizeof(int64_t) + 1);
	if (!r->ids)
		return -1;
	r->nids = n;
	for (uint64_t i = 0; i < n; i++) {
		if (get_u(r, &v))
			return -1;
		if (v > INT64_MAX)
			return corrupt(r);
		r->ids[i] = v;
	}
	if (get_u(r, &n))
		return -1;
	if (n != m->nbuffers)
		return corrupt(r);
	for (uint64_t i = 0; i < n; i++) {
		if (get_u(r, &v))
			return -1;
		if (v != m->buffers[i].len)
			return corrupt(r);
	}
	if (r->p != r->end)
		return corrupt(r);
	r->adopted = js_mallocz(ctx, m->nbuffers + 1);
	if (!r->adopted)
		return -1;
	r->p = m->data + HEADER_SIZE;
	r->end = m->data + trailer;
	return 0;
}

static void reader_free(struct reader *r)
{
	JSContext *ctx = r->ctx;
	while (r->depth)
		free_rframe(ctx, &r->stack[--r->depth]);
	for (uint32_t i = 0; i < r->nobjs; i++)
		JS_FreeValue(ctx, r->objs[i]);
	js_free(ctx, r->stack);
	js_free(ctx, r->objs);
	js_free(ctx, r->ids);
	js_free(ctx, r->adopted);
}

JSValue clone_read(JSContext *ctx, struct clone_msg *msg, const struct clone_hooks *h)
{
	struct reader r = { .ctx = ctx, .h = h, .m = msg };
	JSValue root = JS_UNDEFINED;

	if (read_header(&r) || read_value(&r, &root))
		goto fail;
	while (r.depth)
		if (read_step(&r))
			goto fail;
	if (r.p != r.end) {
		corrupt(&r);
		goto fail;
	}
	reader_free(&r);
	return root;
fail:
	JS_FreeValue(ctx, root);
	reader_free(&r);
	return JS_EXCEPTION;
}

void clone_msg_free(struct clone_msg *msg)
{
	for (size_t i = 0; msg->buffers && i < msg->nbuffers; i++)
		free(msg->buffers[i].mem);
	free(msg->buffers);
	free(msg->data);
	memset(msg, 0, sizeof(*msg));
}
