/* rtjs:native's message digests for node:crypto (lib/crypto.js): MD5,
 * RIPEMD-160, SHA-1, SHA-2 and SHA-3 and their HMACs, computed by mbedtls
 * (kernel/crypto/mbedtls_config.h says which parts of it are built).
 *
 *   hashNew(name, key?) -> handle   name as mbedtls spells it: "SHA256", "SHA3-256";
 *                                   with a key (bytes): an HMAC
 *   hashUpdate(handle, bytes)
 *   hashDigest(handle) -> ArrayBuffer   (the handle is finished after it)
 *   hashCopy(handle) -> handle          (a hash's state, not an HMAC's)
 *   hashNames() -> [names]              the digests built in
 *   pbkdf2(name, password, salt, iterations, length) -> ArrayBuffer
 *   hkdf(name, key, salt, info, length) -> ArrayBuffer */
#include <string.h>

#include "isolate.h"
#include "mbedtls/hkdf.h"
#include "mbedtls/md.h"
#include "mbedtls/pkcs5.h"

struct digest {
	mbedtls_md_context_t md;
	bool hmac, finished;
};

static JSClassID digest_class_id;

static void digest_finalizer(JSRuntime *rt, JSValue val)
{
	struct digest *d = JS_GetOpaque(val, digest_class_id);
	if (d) {
		mbedtls_md_free(&d->md);
		js_free_rt(rt, d);
	}
}

static JSClassDef digest_class = { "Digest", .finalizer = digest_finalizer };

static JSValue new_handle(JSContext *ctx, struct digest **out)
{
	JSRuntime *rt = JS_GetRuntime(ctx);
	if (!digest_class_id)
		JS_NewClassID(&digest_class_id);
	if (!JS_IsRegisteredClass(rt, digest_class_id) && JS_NewClass(rt, digest_class_id, &digest_class) < 0)
		return JS_EXCEPTION;
	JSValue obj = JS_NewObjectClass(ctx, (int)digest_class_id);
	if (JS_IsException(obj))
		return obj;
	struct digest *d = js_mallocz(ctx, sizeof(*d));
	if (!d) {
		JS_FreeValue(ctx, obj);
		return JS_EXCEPTION;
	}
	mbedtls_md_init(&d->md);
	JS_SetOpaque(obj, d);
	*out = d;
	return obj;
}

static struct digest *handle_of(JSContext *ctx, JSValueConst v)
{
	struct digest *d = digest_class_id ? JS_GetOpaque(v, digest_class_id) : NULL;
	if (!d)
		JS_ThrowTypeError(ctx, "not a digest handle");
	else if (d->finished) {
		JSValue e = js_error(ctx, NULL, "ERR_CRYPTO_HASH_FINALIZED", "Digest already called");
		JS_Throw(ctx, e);
		return NULL;
	}
	return d;
}

static JSValue js_hash_new(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
	(void)this_val;
	const char *name = JS_ToCString(ctx, argv[0]);
	if (!name)
		return JS_EXCEPTION;
	const mbedtls_md_info_t *info = mbedtls_md_info_from_string(name);
	JS_FreeCString(ctx, name);
	if (!info)
		return JS_Throw(ctx, js_error(ctx, NULL, "ERR_CRYPTO_INVALID_DIGEST", "Digest method not supported"));
	bool hmac = argc > 1 && !JS_IsUndefined(argv[1]);
	size_t key_len = 0;
	const uint8_t *key = hmac ? js_typed_bytes(ctx, argv[1], &key_len) : NULL;
	if (hmac && !key)
		return JS_EXCEPTION;
	struct digest *d;
	JSValue obj = new_handle(ctx, &d);
	if (JS_IsException(obj))
		return obj;
	d->hmac = hmac;
	int r = mbedtls_md_setup(&d->md, info, hmac);
	if (r == 0)
		r = hmac ? mbedtls_md_hmac_starts(&d->md, key, key_len) : mbedtls_md_starts(&d->md);
	if (r != 0) {
		JS_FreeValue(ctx, obj);
		return JS_ThrowOutOfMemory(ctx);
	}
	return obj;
}

static JSValue js_hash_update(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
	(void)this_val; (void)argc;
	struct digest *d = handle_of(ctx, argv[0]);
	if (!d)
		return JS_EXCEPTION;
	size_t len;
	const uint8_t *bytes = js_typed_bytes(ctx, argv[1], &len);
	if (!bytes)
		return JS_EXCEPTION;
	if (d->hmac)
		mbedtls_md_hmac_update(&d->md, bytes, len);
	else
		mbedtls_md_update(&d->md, bytes, len);
	return JS_UNDEFINED;
}

static JSValue js_hash_digest(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
	(void)this_val; (void)argc;
	struct digest *d = handle_of(ctx, argv[0]);
	if (!d)
		return JS_EXCEPTION;
	uint8_t out[MBEDTLS_MD_MAX_SIZE];
	if (d->hmac)
		mbedtls_md_hmac_finish(&d->md, out);
	else
		mbedtls_md_finish(&d->md, out);
	d->finished = true;
	return JS_NewArrayBufferCopy(ctx, out, mbedtls_md_get_size(mbedtls_md_info_from_ctx(&d->md)));
}

static JSValue js_hash_copy(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
	(void)this_val; (void)argc;
	struct digest *d = handle_of(ctx, argv[0]);
	if (!d)
		return JS_EXCEPTION;
	struct digest *c;
	JSValue obj = new_handle(ctx, &c);
	if (JS_IsException(obj))
		return obj;
	if (mbedtls_md_setup(&c->md, mbedtls_md_info_from_ctx(&d->md), 0) != 0 || mbedtls_md_clone(&c->md, &d->md) != 0) {
		JS_FreeValue(ctx, obj);
		return JS_ThrowOutOfMemory(ctx);
	}
	return obj;
}

static JSValue js_hash_names(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
	(void)this_val; (void)argc; (void)argv;
	JSValue list = JS_NewArray(ctx);
	uint32_t n = 0;
	for (const int *t = mbedtls_md_list(); *t; t++) {
		const char *name = mbedtls_md_get_name(mbedtls_md_info_from_type((mbedtls_md_type_t)*t));
		if (name)
			JS_SetPropertyUint32(ctx, list, n++, JS_NewString(ctx, name));
	}
	return list;
}

/* The digest NAME as mbedtls knows it, or NULL with ERR_CRYPTO_INVALID_DIGEST thrown. */
static const mbedtls_md_info_t *digest_named(JSContext *ctx, JSValueConst v)
{
	const char *name = JS_ToCString(ctx, v);
	if (!name)
		return NULL;
	const mbedtls_md_info_t *info = mbedtls_md_info_from_string(name);
	JS_FreeCString(ctx, name);
	if (!info)
		JS_Throw(ctx, js_error(ctx, NULL, "ERR_CRYPTO_INVALID_DIGEST", "Invalid digest"));
	return info;
}

static JSValue js_pbkdf2(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
	(void)this_val; (void)argc;
	const mbedtls_md_info_t *info = digest_named(ctx, argv[0]);
	size_t plen, slen;
	const uint8_t *password = info ? js_typed_bytes(ctx, argv[1], &plen) : NULL;
	const uint8_t *salt = password ? js_typed_bytes(ctx, argv[2], &slen) : NULL;
	uint32_t iterations, length;
	if (!salt || JS_ToUint32(ctx, &iterations, argv[3]) || JS_ToUint32(ctx, &length, argv[4]))
		return JS_EXCEPTION;
	uint8_t *out = js_malloc(ctx, length ? length : 1);
	if (!out)
		return JS_EXCEPTION;
	int r = mbedtls_pkcs5_pbkdf2_hmac_ext(mbedtls_md_get_type(info), password, plen, salt, slen, iterations, length, out);
	JSValue ab = r == 0 ? JS_NewArrayBufferCopy(ctx, out, length) : JS_ThrowOutOfMemory(ctx);
	js_free(ctx, out);
	return ab;
}

static JSValue js_hkdf(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
	(void)this_val; (void)argc;
	const mbedtls_md_info_t *info = digest_named(ctx, argv[0]);
	size_t klen, slen, ilen;
	const uint8_t *key = info ? js_typed_bytes(ctx, argv[1], &klen) : NULL;
	const uint8_t *salt = key ? js_typed_bytes(ctx, argv[2], &slen) : NULL;
	const uint8_t *inf = salt ? js_typed_bytes(ctx, argv[3], &ilen) : NULL;
	uint32_t length;
	if (!inf || JS_ToUint32(ctx, &length, argv[4]))
		return JS_EXCEPTION;
	uint8_t *out = js_malloc(ctx, length ? length : 1);
	if (!out)
		return JS_EXCEPTION;
	int r = mbedtls_hkdf(info, salt, slen, key, klen, inf, ilen, out, length);
	JSValue ab = r == 0 ? JS_NewArrayBufferCopy(ctx, out, length)
		: JS_Throw(ctx, js_error(ctx, "RangeError", "ERR_CRYPTO_INVALID_KEYLEN", "Invalid key length"));
	js_free(ctx, out);
	return ab;
}

const JSCFunctionListEntry js_crypto_funcs[] = {
	JS_CFUNC_DEF("pbkdf2", 5, js_pbkdf2),
	JS_CFUNC_DEF("hkdf", 5, js_hkdf),
	JS_CFUNC_DEF("hashNew", 2, js_hash_new),
	JS_CFUNC_DEF("hashUpdate", 2, js_hash_update),
	JS_CFUNC_DEF("hashDigest", 1, js_hash_digest),
	JS_CFUNC_DEF("hashCopy", 1, js_hash_copy),
	JS_CFUNC_DEF("hashNames", 0, js_hash_names),
};
const int js_crypto_funcs_count = sizeof(js_crypto_funcs) / sizeof(js_crypto_funcs[0]);
