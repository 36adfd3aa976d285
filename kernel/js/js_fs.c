/* rtjs:native's read-only file system for node:fs (lib/fs.js): the app
 * bundle's files and folders (bundle.h). Paths are absolute and already
 * normalised by the library. */
#include <string.h>

#include "bundle.h"
#include "isolate.h"

/* fsStat(path) -> { directory, size }, or undefined when nothing is there */
static JSValue js_fs_stat(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
	(void)this_val; (void)argc;
	const char *path = JS_ToCString(ctx, argv[0]);
	if (!path)
		return JS_EXCEPTION;
	size_t size = 0;
	int kind = bundle_stat(path, &size);
	JS_FreeCString(ctx, path);
	if (!kind)
		return JS_UNDEFINED;
	JSValue o = JS_NewObject(ctx);
	JS_SetPropertyStr(ctx, o, "directory", JS_NewBool(ctx, kind == 2));
	JS_SetPropertyStr(ctx, o, "size", JS_NewInt64(ctx, (int64_t)size));
	return o;
}

/* fsRead(path) -> an ArrayBuffer with a copy of the file, or undefined */
static JSValue js_fs_read(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
	(void)this_val; (void)argc;
	const char *path = JS_ToCString(ctx, argv[0]);
	if (!path)
		return JS_EXCEPTION;
	const uint8_t *data;
	size_t len;
	int found = bundle_find(path, &data, &len);
	JS_FreeCString(ctx, path);
	return found ? JS_NewArrayBufferCopy(ctx, data, len) : JS_UNDEFINED;
}

struct listing {
	JSContext *ctx;
	JSValue names, dirs;
	uint32_t n;
};

static void add_name(void *arg, const char *name, size_t len, int is_dir)
{
	struct listing *l = arg;
	JS_SetPropertyUint32(l->ctx, l->names, l->n, JS_NewStringLen(l->ctx, name, len));
	JS_SetPropertyUint32(l->ctx, l->dirs, l->n, JS_NewBool(l->ctx, is_dir));
	l->n++;
}

/* fsList(path) -> [names, isDirectory flags] (a folder may repeat), or undefined */
static JSValue js_fs_list(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
	(void)this_val; (void)argc;
	const char *path = JS_ToCString(ctx, argv[0]);
	if (!path)
		return JS_EXCEPTION;
	struct listing l = { ctx, JS_NewArray(ctx), JS_NewArray(ctx), 0 };
	int r = bundle_list(path, add_name, &l);
	JS_FreeCString(ctx, path);
	if (r < 0) {
		JS_FreeValue(ctx, l.names);
		JS_FreeValue(ctx, l.dirs);
		return JS_UNDEFINED;
	}
	JSValue pair = JS_NewArray(ctx);
	JS_SetPropertyUint32(ctx, pair, 0, l.names);
	JS_SetPropertyUint32(ctx, pair, 1, l.dirs);
	return pair;
}

const JSCFunctionListEntry js_fs_funcs[] = {
	JS_CFUNC_DEF("fsStat", 1, js_fs_stat),
	JS_CFUNC_DEF("fsRead", 1, js_fs_read),
	JS_CFUNC_DEF("fsList", 1, js_fs_list),
};
const int js_fs_funcs_count = sizeof(js_fs_funcs) / sizeof(js_fs_funcs[0]);
