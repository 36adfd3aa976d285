/* The native side of rtjs:block: block devices for any isolate. A read
 * resolves with an ArrayBuffer that owns the memory the device wrote
 * (no copy); a write copies the caller's bytes once into device memory. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "block.h"
#include "heap.h"
#include "isolate.h"
#include "kernel.h"

#define BLOCK_MAX_REQUEST (4u << 20)   /* bytes in one read or write */

struct js_request {
	struct block_request req;
	struct block_device *dev;        /* registered for good: never freed */
	int isolate;
	uint64_t pending;
};

static void free_request(struct js_request *r)
{
	kfree(r->req.buf);
	kfree(r);
}

static void adopted_free(JSRuntime *rt, void *opaque, void *ptr)
{
	(void)rt;
	(void)opaque;
	kfree(ptr);
}

static JSValue io_error(JSContext *ctx, int status, const char *what)
{
	const char *code = status == -EINVAL ? "EINVAL" : status == -EROFS ? "EROFS" : status == -ENODEV ? "ENODEV"
			 : status == -EOPNOTSUPP ? "ENOTSUP" : "EIO";
	return js_error(ctx, NULL, code, "%s", what);
}

/* The error of a request the device refused or failed. */
static JSValue request_error(JSContext *ctx, const struct block_device *dev, int status)
{
	char what[96];
	const char *why = status == -EINVAL ? "the request lies outside the device (lba + count > sectors)"
			: status == -EROFS ? "the device is read-only"
			: status == -ENODEV ? (dev->removed ? "device removed" : "the device has failed")
			: status == -EOPNOTSUPP ? "the device does not support this request"
			: "the device reported an I/O error";
	snprintf(what, sizeof(what), "%s: %s", dev->name, why);
	return io_error(ctx, status, what);
}

/* On the isolate's thread: settle the promise. */
static void finish(struct isolate *iso, void *ptr)
{
	struct js_request *r = ptr;
	JSContext *ctx = iso->ctx;
	JSValue v;
	bool ok = r->req.status == 0;
	if (!ok) {
		v = request_error(ctx, r->dev, r->req.status);
	} else if (r->req.op == BLOCK_READ) {
		v = JS_NewArrayBuffer(ctx, r->req.buf, (size_t)r->req.count * BLOCK_SECTOR, adopted_free, NULL, 0);
		if (!JS_IsException(v))
			r->req.buf = NULL;           /* the ArrayBuffer owns it now */
		else {
			v = JS_GetException(ctx);
			ok = false;
		}
	} else {
		v = JS_UNDEFINED;
	}
	pending_io_settle(iso, r->pending, ok, v);
	free_request(r);
}

/* In scheduler context, when the device answered. */
static void done(struct block_request *req)
{
	struct js_request *r = (struct js_request *)req;
	if (!isolate_post_callback(r->isolate, finish, r))
		free_request(r);                 /* the isolate has gone */
}

/* devices() -> [{ index, name, sectors, sectorSize, readOnly }], the
 * devices present: a removed one is left out (its index is not reused). */
static JSValue js_block_devices(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
	(void)this_val; (void)argc; (void)argv;
	JSValue list = JS_NewArray(ctx);
	uint32_t n = 0;
	for (int i = 0; i < block_count(); i++) {
		struct block_device *d = block_get(i);
		if (d->removed)
			continue;
		JSValue o = JS_NewObject(ctx);
		JS_SetPropertyStr(ctx, o, "index", JS_NewInt32(ctx, i));
		JS_SetPropertyStr(ctx, o, "name", JS_NewString(ctx, d->name));
		JS_SetPropertyStr(ctx, o, "sectors", JS_NewInt64(ctx, (int64_t)d->sectors));
		JS_SetPropertyStr(ctx, o, "sectorSize", JS_NewInt32(ctx, BLOCK_SECTOR));
		JS_SetPropertyStr(ctx, o, "readOnly", JS_NewBool(ctx, d->read_only));
		JS_SetPropertyUint32(ctx, list, n++, o);
	}
	return list;
}

/* request(op, index, lba, countOrBuffer) -> Promise */
static JSValue js_block_request(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
	(void)this_val; (void)argc;
	struct isolate *iso = isolate_of(ctx);
	int32_t op, index;
	int64_t lba = 0;
	if (JS_ToInt32(ctx, &op, argv[0]) || JS_ToInt32(ctx, &index, argv[1]) || JS_ToInt64(ctx, &lba, argv[2]))
		return JS_EXCEPTION;
	struct block_device *dev = block_get(index);
	if (!dev)
		return JS_Throw(ctx, io_error(ctx, -ENODEV, "no such block device"));
	if (lba < 0)
		return JS_Throw(ctx, io_error(ctx, -EINVAL, "lba must be a non-negative integer"));
	struct js_request *r = kmalloc(sizeof(*r));
	if (!r)
		return JS_ThrowOutOfMemory(ctx);
	memset(r, 0, sizeof(*r));
	r->req.op = (enum block_op)op;
	r->req.lba = (uint64_t)lba;
	r->req.done = done;
	r->dev = dev;
	r->isolate = iso->id;
	if (op == BLOCK_READ) {
		int64_t count;
		if (JS_ToInt64(ctx, &count, argv[3])) {
			kfree(r);
			return JS_EXCEPTION;
		}
		if (count <= 0 || (uint64_t)count * BLOCK_SECTOR > BLOCK_MAX_REQUEST) {
			kfree(r);
			return JS_Throw(ctx, io_error(ctx, -EINVAL, "count must be 1 to 8192 sectors (4 MiB)"));
		}
		r->req.count = (uint32_t)count;
		r->req.buf = kmemalign(BLOCK_SECTOR, (size_t)count * BLOCK_SECTOR);
	} else if (op == BLOCK_WRITE) {
		size_t off, len, bpe, total;
		const uint8_t *src;
		JSValue ab = JS_GetTypedArrayBuffer(ctx, argv[3], &off, &len, &bpe);
		if (JS_IsException(ab)) {
			JS_FreeValue(ctx, JS_GetException(ctx));
			off = 0;
			src = JS_GetArrayBuffer(ctx, &len, argv[3]);
		} else {
			src = JS_GetArrayBuffer(ctx, &total, ab);
			JS_FreeValue(ctx, ab);
			if (src)
				src += off;
		}
		if (!src || len == 0 || len % BLOCK_SECTOR || len > BLOCK_MAX_REQUEST) {
			JS_FreeValue(ctx, JS_GetException(ctx));
			kfree(r);
			return JS_Throw(ctx, io_error(ctx, -EINVAL, "write takes an ArrayBuffer or view of a whole number of 512-byte sectors, at most 4 MiB"));
		}
		r->req.count = (uint32_t)(len / BLOCK_SECTOR);
		r->req.buf = kmemalign(BLOCK_SECTOR, len);
		if (r->req.buf)
			memcpy(r->req.buf, src, len);
	}
	if (op != BLOCK_FLUSH && !r->req.buf) {
		kfree(r);
		return JS_ThrowOutOfMemory(ctx);
	}
	JSValue promise;
	r->pending = pending_io_promise(ctx, &promise);
	if (!r->pending) {
		free_request(r);
		return JS_EXCEPTION;
	}
	int err = block_submit(dev, &r->req);
	if (err < 0) {
		pending_io_settle(iso, r->pending, false, request_error(ctx, dev, err));
		free_request(r);
	}
	return promise;
}

const JSCFunctionListEntry js_block_funcs[] = {
	JS_CFUNC_DEF("blockDevices", 0, js_block_devices),
	JS_CFUNC_DEF("blockRequest", 4, js_block_request),
};
const int js_block_funcs_count = sizeof(js_block_funcs) / sizeof(js_block_funcs[0]);
