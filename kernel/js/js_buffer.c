/* The byte loops of node:buffer (lib/buffer.js): base64, hex, latin1 and
 * UTF-16 conversion, compare and search. The JS side checks arguments as
 * Node does; here they are checked again only so that bad ones throw. */
#include <string.h>

#include "isolate.h"

/* The bytes [start, end) of the Uint8Array v; NULL with an exception. */
static const uint8_t *range_bytes(JSContext *ctx, JSValueConst v, JSValueConst start_v,
				  JSValueConst end_v, size_t *len)
{
	size_t n;
	const uint8_t *p = js_typed_bytes(ctx, v, &n);
	uint64_t start, end;
	if (!p) {
		JS_ThrowTypeError(ctx, "not a Uint8Array");
		return NULL;
	}
	if (JS_ToIndex(ctx, &start, start_v) || JS_ToIndex(ctx, &end, end_v))
		return NULL;
	if (start > end || end > n) {
		JS_ThrowRangeError(ctx, "range [%llu, %llu) outside %zu bytes",
				   (unsigned long long)start, (unsigned long long)end, n);
		return NULL;
	}
	*len = (size_t)(end - start);
	return p + start;
}

/* A new zeroed ArrayBuffer of n bytes and where they are. */
static JSValue new_bytes(JSContext *ctx, size_t n, uint8_t **out)
{
	JSValue ab = JS_NewArrayBufferCopy(ctx, NULL, n);
	if (JS_IsException(ab))
		return ab;
	size_t size;
	*out = JS_GetArrayBuffer(ctx, &size, ab);
	return ab;
}

/* A string whose characters are the n ASCII bytes of s (s is freed). */
static JSValue ascii_string(JSContext *ctx, char *s, size_t n)
{
	JSValue str = JS_NewStringLen(ctx, s, n);
	js_free(ctx, s);
	return str;
}

/* compare(a, aStart, aEnd, b, bStart, bEnd) -> -1, 0 or 1, shorter first */
static JSValue js_compare(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
	(void)this_val;
	(void)argc;
	size_t na, nb;
	const uint8_t *a = range_bytes(ctx, argv[0], argv[1], argv[2], &na);
	if (!a)
		return JS_EXCEPTION;
	const uint8_t *b = range_bytes(ctx, argv[3], argv[4], argv[5], &nb);
	if (!b)
		return JS_EXCEPTION;
	int r = memcmp(a, b, na < nb ? na : nb);
	if (r == 0)
		r = na > nb ? 1 : na < nb ? -1 : 0;
	return JS_NewInt32(ctx, r > 0 ? 1 : r < 0 ? -1 : 0);
}

/* indexOf(haystack, needle, start, forward, step) -> the first (or, going
 * back, last) index >= (<=) start where needle is, a multiple of step;
 * or -1. start is where Node's IndexOfOffset says to begin. */
static JSValue js_index_of(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
	(void)this_val;
	(void)argc;
	size_t n, m;
	const uint8_t *hay = js_typed_bytes(ctx, argv[0], &n);
	const uint8_t *needle = js_typed_bytes(ctx, argv[1], &m);
	int64_t start;
	uint32_t step;
	if (!hay || !needle)
		return JS_ThrowTypeError(ctx, "not a Uint8Array");
	if (JS_ToInt64(ctx, &start, argv[2]) || JS_ToUint32(ctx, &step, argv[4]))
		return JS_EXCEPTION;
	bool forward = JS_ToBool(ctx, argv[3]);
	if (step == 0 || m == 0 || m > n || start < 0)
		return JS_NewInt32(ctx, -1);
	size_t last = n - m;
	if (forward) {
		for (size_t i = (size_t)start - (size_t)start % step; i <= last; i++) {
			const uint8_t *hit = memchr(hay + i, needle[0], last - i + 1);
			if (!hit)
				break;
			i = (size_t)(hit - hay);
			if (i % step == 0 && !memcmp(hit, needle, m))
				return JS_NewInt64(ctx, (int64_t)i);
		}
	} else {
		for (size_t i = (size_t)start < last ? (size_t)start : last;; i--) {
			if (i % step == 0 && hay[i] == needle[0] && !memcmp(hay + i, needle, m))
				return JS_NewInt64(ctx, (int64_t)i);
			if (i == 0)
				break;
		}
	}
	return JS_NewInt32(ctx, -1);
}

static const char base64_chars[2][65] = {
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/",
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_",
};

/* base64Text(bytes, start, end, url) -> string; base64url has no padding */
static JSValue js_base64_text(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
	(void)this_val;
	(void)argc;
	size_t n;
	const uint8_t *p = range_bytes(ctx, argv[0], argv[1], argv[2], &n);
	if (!p)
		return JS_EXCEPTION;
	bool url = JS_ToBool(ctx, argv[3]);
	const char *chars = base64_chars[url];
	char *out = js_malloc(ctx, (n + 2) / 3 * 4 + 1);
	if (!out)
		return JS_EXCEPTION;
	size_t w = 0, i = 0;
	for (; i + 2 < n; i += 3) {
		uint32_t v = (uint32_t)p[i] << 16 | (uint32_t)p[i + 1] << 8 | p[i + 2];
		out[w++] = chars[v >> 18];
		out[w++] = chars[(v >> 12) & 63];
		out[w++] = chars[(v >> 6) & 63];
		out[w++] = chars[v & 63];
	}
	if (i < n) {
		uint32_t v = (uint32_t)p[i] << 16 | (i + 1 < n ? (uint32_t)p[i + 1] << 8 : 0);
		out[w++] = chars[v >> 18];
		out[w++] = chars[(v >> 12) & 63];
		if (i + 1 < n)
			out[w++] = chars[(v >> 6) & 63];
		else if (!url)
			out[w++] = '=';
		if (!url)
			out[w++] = '=';
	}
	return ascii_string(ctx, out, w);
}

static int base64_value(uint8_t c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+' || c == '-')
		return 62;
	if (c == '/' || c == '_')
		return 63;
	return -1;
}

/* base64Bytes(string) -> ArrayBuffer. Node's forgiving decoder: either
 * alphabet, characters outside both skipped, the first '=' ends the data.
 * A character past U+007F is more than one byte here, each of them
 * skipped alike. */
static JSValue js_base64_bytes(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
	(void)this_val;
	(void)argc;
	size_t n;
	const char *s = JS_ToCStringLen(ctx, &n, argv[0]);
	if (!s)
		return JS_EXCEPTION;
	size_t digits = 0;
	for (size_t i = 0; i < n && s[i] != '='; i++)
		digits += base64_value((uint8_t)s[i]) >= 0;
	uint8_t *out;
	JSValue ab = new_bytes(ctx, digits * 6 / 8, &out);
	if (!JS_IsException(ab)) {
		uint32_t acc = 0;
		int bits = 0;
		size_t w = 0;
		for (size_t i = 0; i < n && s[i] != '='; i++) {
			int v = base64_value((uint8_t)s[i]);
			if (v < 0)
				continue;
			acc = (acc << 6 | (uint32_t)v) & 0xffffff;
			bits += 6;
			if (bits >= 8) {
				bits -= 8;
				out[w++] = (uint8_t)(acc >> bits);
			}
		}
	}
	JS_FreeCString(ctx, s);
	return ab;
}

/* hexText(bytes, start, end) -> string of lowercase digit pairs */
static JSValue js_hex_text(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
	(void)this_val;
	(void)argc;
	static const char digits[] = "0123456789abcdef";
	size_t n;
	const uint8_t *p = range_bytes(ctx, argv[0], argv[1], argv[2], &n);
	if (!p)
		return JS_EXCEPTION;
	char *out = js_malloc(ctx, 2 * n + 1);
	if (!out)
		return JS_EXCEPTION;
	for (size_t i = 0; i < n; i++) {
		out[2 * i] = digits[p[i] >> 4];
		out[2 * i + 1] = digits[p[i] & 15];
	}
	return ascii_string(ctx, out, 2 * n);
}

static int hex_value(uint8_t c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c |= 0x20;
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* hexBytes(string) -> ArrayBuffer of the digit pairs up to the first pair
 * that is not one (Node's); an odd last digit is dropped. A character past
 * U+007F is not a digit, so its UTF-8 bytes end the data where it does. */
static JSValue js_hex_bytes(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
	(void)this_val;
	(void)argc;
	size_t n;
	const char *s = JS_ToCStringLen(ctx, &n, argv[0]);
	if (!s)
		return JS_EXCEPTION;
	size_t pairs = 0;
	while (2 * pairs + 1 < n && hex_value((uint8_t)s[2 * pairs]) >= 0 && hex_value((uint8_t)s[2 * pairs + 1]) >= 0)
		pairs++;
	uint8_t *out;
	JSValue ab = new_bytes(ctx, pairs, &out);
	if (!JS_IsException(ab)) {
		for (size_t i = 0; i < pairs; i++)
			out[i] = (uint8_t)(hex_value((uint8_t)s[2 * i]) << 4 | hex_value((uint8_t)s[2 * i + 1]));
	}
	JS_FreeCString(ctx, s);
	return ab;
}

/* The UTF-16 code units of a string, from QuickJS's CESU-8 (every unit,
 * surrogates too, one sequence of one to three bytes); *len the count. */
static const char *string_units(JSContext *ctx, JSValueConst v, size_t *n8, size_t *units)
{
	const char *s = JS_ToCStringLen2(ctx, n8, v, 1);
	if (!s)
		return NULL;
	size_t count = 0;
	for (size_t i = 0; i < *n8; i++)
		count += ((uint8_t)s[i] & 0xc0) != 0x80;
	*units = count;
	return s;
}

/* The unit at *i of CESU-8 s, advancing *i past it. */
static uint16_t next_unit(const uint8_t *s, size_t n, size_t *i)
{
	uint8_t c = s[(*i)++];
	uint16_t u = c < 0x80 ? c : c < 0xe0 ? c & 0x1f : c & 0x0f;
	while (*i < n && (s[*i] & 0xc0) == 0x80)
		u = (uint16_t)(u << 6 | (s[(*i)++] & 0x3f));
	return u;
}

/* latin1Bytes(string) -> ArrayBuffer, a byte per UTF-16 unit (its low
 * eight bits, as Node); also ascii. ucs2Bytes(string): two bytes per unit,
 * little-endian. */
static JSValue units_bytes(JSContext *ctx, JSValueConst str, int width)
{
	size_t n, units;
	const char *s = string_units(ctx, str, &n, &units);
	if (!s)
		return JS_EXCEPTION;
	uint8_t *out;
	JSValue ab = new_bytes(ctx, units * (size_t)width, &out);
	if (!JS_IsException(ab)) {
		size_t i = 0;
		for (size_t k = 0; k < units; k++) {
			uint16_t u = next_unit((const uint8_t *)s, n, &i);
			out[width * k] = (uint8_t)u;
			if (width == 2)
				out[2 * k + 1] = (uint8_t)(u >> 8);
		}
	}
	JS_FreeCString(ctx, s);
	return ab;
}

static JSValue js_latin1_bytes(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
	(void)this_val;
	(void)argc;
	return units_bytes(ctx, argv[0], 1);
}

static JSValue js_ucs2_bytes(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
	(void)this_val;
	(void)argc;
	return units_bytes(ctx, argv[0], 2);
}

const JSCFunctionListEntry js_buffer_funcs[] = {
	JS_CFUNC_DEF("bufferCompare", 6, js_compare),
	JS_CFUNC_DEF("bufferIndexOf", 5, js_index_of),
	JS_CFUNC_DEF("base64Text", 4, js_base64_text),
	JS_CFUNC_DEF("base64Bytes", 1, js_base64_bytes),
	JS_CFUNC_DEF("hexText", 3, js_hex_text),
	JS_CFUNC_DEF("hexBytes", 1, js_hex_bytes),
	JS_CFUNC_DEF("latin1Bytes", 1, js_latin1_bytes),
	JS_CFUNC_DEF("ucs2Bytes", 1, js_ucs2_bytes),
};
const int js_buffer_funcs_count = sizeof(js_buffer_funcs) / sizeof(js_buffer_funcs[0]);
