/* UTF-8 for TextEncoder, TextDecoder and Buffer (WHATWG Encoding): lone
 * surrogates encode as U+FFFD; invalid input decodes to U+FFFD per
 * maximal subpart, or throws a TypeError when fatal. */
#include <string.h>

#include "isolate.h"

/* The bytes of a typed array, DataView or ArrayBuffer; anything else (or a
 * detached buffer) reads as no bytes. */
uint8_t *js_typed_bytes(JSContext *ctx, JSValueConst v, size_t *len)
{
	size_t off, n, bpe;
	JSValue ab = JS_GetTypedArrayBuffer(ctx, v, &off, &n, &bpe);
	if (!JS_IsException(ab)) {
		size_t total;
		uint8_t *p = JS_GetArrayBuffer(ctx, &total, ab);
		JS_FreeValue(ctx, ab);
		if (!p && n)
			return NULL;
		*len = n;
		return p ? p + off : (uint8_t *)"";
	}
	JS_FreeValue(ctx, JS_GetException(ctx));
	uint8_t *p = JS_GetArrayBuffer(ctx, len, v);
	if (!p && *len == 0) {
		JS_FreeValue(ctx, JS_GetException(ctx));
		return (uint8_t *)"";
	}
	return p;
}

/* Encodes the UTF-16 string into dst (cap bytes); returns bytes written and
 * the UTF-16 units consumed in *read. Stops before a character that does
 * not fit. */
static size_t encode(JSContext *ctx, JSValueConst str, uint8_t *dst, size_t cap, uint32_t *read)
{
	JSValue s = JS_ToString(ctx, str);
	if (JS_IsException(s))
		return (size_t)-1;
	JSValue len_v = JS_GetPropertyStr(ctx, s, "length");
	uint32_t len = 0;
	JS_ToUint32(ctx, &len, len_v);
	size_t w = 0;
	uint32_t i = 0;
	/* Walk the string in chunks through charCodeAt-free access: JS_ToCStringLen
	 * gives WTF-8; re-encode lone surrogates (ED A0..BF xx) as U+FFFD. */
	size_t n8;
	const char *u8 = JS_ToCStringLen(ctx, &n8, s);
	JS_FreeValue(ctx, s);
	JS_FreeValue(ctx, len_v);
	if (!u8)
		return (size_t)-1;
	const uint8_t *p = (const uint8_t *)u8, *end = p + n8;
	while (p < end) {
		uint8_t c = *p;
		size_t clen = c < 0x80 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
		if (p + clen > end)
			clen = (size_t)(end - p);
		const uint8_t *out = p;
		size_t olen = clen;
		static const uint8_t replacement[3] = { 0xef, 0xbf, 0xbd };
		if (clen == 3 && c == 0xed && p[1] >= 0xa0)
			out = replacement, olen = 3;   /* a lone surrogate */
		if (w + olen > cap)
			break;
		memcpy(dst + w, out, olen);
		w += olen;
		p += clen;
		i += clen == 4 ? 2 : 1;
	}
	JS_FreeCString(ctx, u8);
	*read = i;
	return w;
}

/* encodeUtf8(string) -> Uint8Array */
static JSValue js_encode(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
	(void)this_val;
	(void)argc;
	size_t n8;
	const char *u8 = JS_ToCStringLen(ctx, &n8, argv[0]);
	if (!u8)
		return JS_EXCEPTION;
	JS_FreeCString(ctx, u8);
	/* WTF-8 is never shorter than the UTF-8 we produce. */
	uint8_t *buf = js_malloc(ctx, n8 ? n8 : 1);
	if (!buf)
		return JS_EXCEPTION;
	uint32_t read;
	size_t w = encode(ctx, argv[0], buf, n8, &read);
	if (w == (size_t)-1) {
		js_free(ctx, buf);
		return JS_EXCEPTION;
	}
	JSValue ab = JS_NewArrayBufferCopy(ctx, buf, w);
	js_free(ctx, buf);
	if (JS_IsException(ab))
		return ab;
	JSValue args[3] = { ab, JS_NewInt32(ctx, 0), JS_NewInt64(ctx, (int64_t)w) };
	JSValue u8a = JS_NewTypedArray(ctx, 3, args, JS_TYPED_ARRAY_UINT8);
	JS_FreeValue(ctx, ab);
	return u8a;
}

/* utf8Length(string) -> the byte length encodeUtf8 gives, without the
 * bytes (Buffer.byteLength). QuickJS's WTF-8 has that length: a lone
 * surrogate takes three bytes there as its U+FFFD does in UTF-8. */
static JSValue js_utf8_length(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
	(void)this_val;
	(void)argc;
	size_t n8;
	const char *u8 = JS_ToCStringLen(ctx, &n8, argv[0]);
	if (!u8)
		return JS_EXCEPTION;
	JS_FreeCString(ctx, u8);
	return JS_NewInt64(ctx, (int64_t)n8);
}

/* encodeUtf8Into(string, Uint8Array) -> [read, written] */
static JSValue js_encode_into(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
	(void)this_val;
	(void)argc;
	size_t cap;
	uint8_t *dst = js_typed_bytes(ctx, argv[1], &cap);
	if (!dst)
		return JS_ThrowTypeError(ctx, "encodeInto: destination must be a Uint8Array");
	uint32_t read = 0;
	size_t w = encode(ctx, argv[0], dst, cap, &read);
	if (w == (size_t)-1)
		return JS_EXCEPTION;
	JSValue r = JS_NewArray(ctx);
	JS_SetPropertyUint32(ctx, r, 0, JS_NewUint32(ctx, read));
	JS_SetPropertyUint32(ctx, r, 1, JS_NewInt64(ctx, (int64_t)w));
	return r;
}

/* Length of a valid UTF-8 sequence at p, or 0 with *bad set to the length
 * of the maximal invalid subpart. */
static size_t valid_seq(const uint8_t *p, size_t avail, size_t *bad)
{
	uint8_t c = p[0];
	size_t need;
	uint8_t lo = 0x80, hi = 0xbf;
	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		need = 2;
	else if (c >= 0xe0 && c <= 0xef) {
		need = 3;
		if (c == 0xe0) lo = 0xa0;
		if (c == 0xed) hi = 0x9f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		need = 4;
		if (c == 0xf0) lo = 0x90;
		if (c == 0xf4) hi = 0x8f;
	} else {
		*bad = 1;
		return 0;
	}
	for (size_t i = 1; i < need; i++) {
		if (i >= avail || p[i] < (i == 1 ? lo : 0x80) || p[i] > (i == 1 ? hi : 0xbf)) {
			*bad = i;
			return 0;
		}
	}
	return need;
}

/* decodeUtf8(bufferSource, fatal, ignoreBOM) -> string */
static JSValue js_decode(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
	(void)this_val;
	size_t len;
	const uint8_t *p = js_typed_bytes(ctx, argv[0], &len);
	if (!p)
		return JS_ThrowTypeError(ctx, "The \"input\" argument must be an ArrayBuffer or ArrayBufferView");
	bool fatal = argc > 1 && JS_ToBool(ctx, argv[1]);
	bool ignore_bom = argc > 2 && JS_ToBool(ctx, argv[2]);
	if (!ignore_bom && len >= 3 && p[0] == 0xef && p[1] == 0xbb && p[2] == 0xbf)
		p += 3, len -= 3;
	/* Fast path: valid input goes straight to QuickJS. */
	size_t i = 0, bad = 0, extra = 0;
	while (i < len) {
		size_t n = valid_seq(p + i, len - i, &bad);
		if (!n) {
			if (fatal)
				return JS_ThrowTypeError(ctx, "The encoded data was not valid for encoding utf-8");
			extra += 3;
			i += bad;
		} else {
			i += n;
		}
	}
	if (!extra)
		return JS_NewStringLen(ctx, (const char *)p, len);
	char *fixed = js_malloc(ctx, len + extra + 1);
	if (!fixed)
		return JS_EXCEPTION;
	size_t w = 0;
	for (i = 0; i < len;) {
		size_t n = valid_seq(p + i, len - i, &bad);
		if (!n) {
			memcpy(fixed + w, "\xef\xbf\xbd", 3);
			w += 3;
			i += bad;
		} else {
			memcpy(fixed + w, p + i, n);
			w += n;
			i += n;
		}
	}
	JSValue s = JS_NewStringLen(ctx, fixed, w);
	js_free(ctx, fixed);
	return s;
}

const JSCFunctionListEntry js_encoding_funcs[] = {
	JS_CFUNC_DEF("encodeUtf8", 1, js_encode),
	JS_CFUNC_DEF("encodeUtf8Into", 2, js_encode_into),
	JS_CFUNC_DEF("utf8Length", 1, js_utf8_length),
	JS_CFUNC_DEF("decodeUtf8", 3, js_decode),
};
const int js_encoding_funcs_count = sizeof(js_encoding_funcs) / sizeof(js_encoding_funcs[0]);
