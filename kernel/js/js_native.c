/* rtjs:native — the kernel primitives under the JS system library:
 * console output, clocks, the isolate's one timer wake-up, exit, entropy,
 * and what the kernel knows about the machine. Importable only from lib/;
 * lib/internal/bootstrap.js builds the public globals on top of it. */
#include <string.h>

#include "arch.h"
#include "bundle.h"
#include "dev.h"
#include "entropy.h"
#include "heap.h"
#include "isolate.h"
#include "js_http_parser.h"
#include "kernel.h"
#include "rtjs.h"

static struct {
	uint64_t s[4];      /* xoshiro256** state, seeded from hardware entropy */
	bool seeded;
} rng;

static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

static uint64_t rng_next(void)
{
	if (!rng.seeded) {
		for (int i = 0; i < 4; i++)
			rng.s[i] = entropy_seed() | 1;
		rng.seeded = true;
	}
	uint64_t *s = rng.s;
	uint64_t result = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;
	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return result;
}

static JSValue js_write(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
	(void)this_val;
	(void)argc;
	size_t len;
	const char *s = JS_ToCStringLen(ctx, &len, argv[1]);
	if (!s)
		return JS_EXCEPTION;
	arch_console_write(s, len);
	JS_FreeCString(ctx, s);
	return JS_UNDEFINED;
}

static JSValue js_now(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
	(void)this_val; (void)argc; (void)argv;
	return JS_NewFloat64(ctx, (double)arch_clock_ns() / 1e6);
}

static JSValue js_set_timer_handler(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
	(void)this_val; (void)argc;
	struct isolate *iso = isolate_of(ctx);
	if (!JS_IsFunction(ctx, argv[0]))
		return JS_ThrowTypeError(ctx, "setTimerHandler: a function is required");
	JS_FreeValue(ctx, iso->timer_handler);
	iso->timer_handler = JS_DupValue(ctx, argv[0]);
	return JS_UNDEFINED;
}

/* armTimer(deadlineMs, ref): wake the isolate at now() >= deadlineMs; a
 * negative deadline disarms. Unref'd timers do not keep the app alive. */
static JSValue js_arm_timer(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
	(void)this_val;
	struct isolate *iso = isolate_of(ctx);
	double deadline;
	if (JS_ToFloat64(ctx, &deadline, argv[0]))
		return JS_EXCEPTION;
	iso->timer_armed = deadline >= 0;
	iso->timer_deadline_ms = deadline;
	iso->timer_ref = argc < 2 || JS_ToBool(ctx, argv[1]);
	return JS_UNDEFINED;
}

/* setErrorHook(fn): fn(kind, value, promise) -> whether a listener took the
 * uncaught error (node:process installs it). */
static JSValue js_set_error_hook(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
	(void)this_val; (void)argc;
	struct isolate *iso = isolate_of(ctx);
	JS_FreeValue(ctx, iso->error_hook);
	iso->error_hook = JS_DupValue(ctx, argv[0]);
	return JS_UNDEFINED;
}

static JSValue js_exit(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
	(void)this_val;
	struct isolate *iso = isolate_of(ctx);
	int code = 0;
	if (argc > 0 && !JS_IsUndefined(argv[0]) && JS_ToInt32(ctx, &code, argv[0]))
		return JS_EXCEPTION;
	iso->exiting = true;
	iso->exit_code = code & 0xff;
	/* Unwind the stack now: an uncatchable error nothing can intercept. */
	JSValue err = JS_NewError(ctx);
	JS_SetUncatchableError(ctx, err, 1);
	return JS_Throw(ctx, err);
}

static JSValue js_random(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
	(void)this_val; (void)argc; (void)argv;
	return JS_NewFloat64(ctx, (double)(rng_next() >> 11) * 0x1.0p-53);
}

static JSValue js_fill_random(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
	(void)this_val; (void)argc;
	size_t off, len, bpe;
	JSValue ab = JS_GetTypedArrayBuffer(ctx, argv[0], &off, &len, &bpe);
	if (JS_IsException(ab))
		return ab;
	size_t total;
	uint8_t *p = JS_GetArrayBuffer(ctx, &total, ab);
	JS_FreeValue(ctx, ab);
	if (!p)
		return JS_EXCEPTION;
	for (size_t i = 0; i < len; i += 8) {
		uint64_t r = rng_next();
		memcpy(p + off + i, &r, len - i < 8 ? len - i : 8);
	}
	return JS_DupValue(ctx, argv[0]);
}

static JSValue js_set_inspect(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
	(void)this_val; (void)argc;
	struct isolate *iso = isolate_of(ctx);
	JS_FreeValue(ctx, iso->inspect);
	iso->inspect = JS_DupValue(ctx, argv[0]);
	return JS_UNDEFINED;
}

static JSValue js_memory_usage(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
	(void)this_val; (void)argc; (void)argv;
	JSMemoryUsage mu;
	JS_ComputeMemoryUsage(JS_GetRuntime(ctx), &mu);
	struct memory_stats ms;
	memory_stats(&ms);
	JSValue o = JS_NewObject(ctx);
	JS_SetPropertyStr(ctx, o, "heapUsed", JS_NewInt64(ctx, mu.malloc_size));
	JS_SetPropertyStr(ctx, o, "heapLimit", JS_NewInt64(ctx, mu.malloc_limit));
	JS_SetPropertyStr(ctx, o, "kernelUsed", JS_NewInt64(ctx, (int64_t)ms.used));
	JS_SetPropertyStr(ctx, o, "kernelFree", JS_NewInt64(ctx, (int64_t)ms.free));
	return o;
}

static JSValue js_gc(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
	(void)this_val; (void)argc; (void)argv;
	JS_RunGC(JS_GetRuntime(ctx));
	return JS_UNDEFINED;
}

/* importSync(name) -> the namespace of a library module (lazy globals). */
static JSValue js_import_sync(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
	(void)this_val;
	(void)argc;
	const char *name = JS_ToCString(ctx, argv[0]);
	if (!name)
		return JS_EXCEPTION;
	JSValue ns = module_import_sync(ctx, name);
	JS_FreeCString(ctx, name);
	return ns;
}

static const JSCFunctionListEntry native_funcs[] = {
	JS_CFUNC_DEF("write", 2, js_write),
	JS_CFUNC_DEF("now", 0, js_now),
	JS_CFUNC_DEF("setTimerHandler", 1, js_set_timer_handler),
	JS_CFUNC_DEF("armTimer", 2, js_arm_timer),
	JS_CFUNC_DEF("exit", 1, js_exit),
	JS_CFUNC_DEF("setErrorHook", 1, js_set_error_hook),
	JS_CFUNC_DEF("random", 0, js_random),
	JS_CFUNC_DEF("fillRandom", 1, js_fill_random),
	JS_CFUNC_DEF("setInspect", 1, js_set_inspect),
	JS_CFUNC_DEF("memoryUsage", 0, js_memory_usage),
	JS_CFUNC_DEF("gc", 0, js_gc),
	JS_CFUNC_DEF("importSync", 1, js_import_sync),
};

static JSValue system_info(JSContext *ctx)
{
	struct memory_stats ms;
	memory_stats(&ms);
	JSValue o = JS_NewObject(ctx);
	JS_SetPropertyStr(ctx, o, "version", JS_NewString(ctx, RTJS_VERSION));
	JS_SetPropertyStr(ctx, o, "cpus", JS_NewInt32(ctx, arch_cpu_count()));
	JS_SetPropertyStr(ctx, o, "cpuModel", JS_NewString(ctx, arch_cpu_model()));
	JS_SetPropertyStr(ctx, o, "cpuMHz", JS_NewInt32(ctx, (int32_t)(arch_tsc_hz() / 1000000)));
	JS_SetPropertyStr(ctx, o, "memoryBytes", JS_NewInt64(ctx, (int64_t)ms.total));
	JS_SetPropertyStr(ctx, o, "machine", JS_NewString(ctx, platform_machine_name()));
	JS_SetPropertyStr(ctx, o, "bootTimeMs", JS_NewFloat64(ctx, (double)arch_clock_ns() / 1e6));
	JS_SetPropertyStr(ctx, o, "bundle", JS_NewString(ctx, bundle_describe()));
	JS_SetPropertyStr(ctx, o, "entropySource", JS_NewString(ctx, entropy_source()));
	return o;
}

static JSValue env_object(JSContext *ctx, struct isolate *iso)
{
	JSValue o = JS_NewObject(ctx);
	for (int i = 0; i < iso->nenv; i++)
		JS_SetPropertyStr(ctx, o, iso->env[2 * i], JS_NewString(ctx, iso->env[2 * i + 1]));
	return o;
}

/* isolate.data: what the parent passed to spawn (null for the first isolate). */
static JSValue data_value(JSContext *ctx, struct isolate *iso)
{
	if (!iso->parent)
		return JS_NULL;
	struct clone_hooks hooks = iic_hooks(iso->parent);
	return clone_read(ctx, &iso->data, &hooks);
}

static int native_init(JSContext *ctx, JSModuleDef *m)
{
	struct isolate *iso = isolate_of(ctx);
	JSValue o = JS_NewObject(ctx);
	JS_SetPropertyFunctionList(ctx, o, native_funcs, (int)ARRAY_SIZE(native_funcs));
	JS_SetPropertyFunctionList(ctx, o, js_encoding_funcs, js_encoding_funcs_count);
	JS_SetPropertyFunctionList(ctx, o, js_buffer_funcs, js_buffer_funcs_count);
	JS_SetPropertyFunctionList(ctx, o, js_isolate_funcs, js_isolate_funcs_count);
	JS_SetPropertyFunctionList(ctx, o, js_iic_funcs, js_iic_funcs_count);
	JS_SetPropertyFunctionList(ctx, o, js_block_funcs, js_block_funcs_count);
	JS_SetPropertyFunctionList(ctx, o, js_net_funcs, js_net_funcs_count);
	JS_SetPropertyFunctionList(ctx, o, js_socket_funcs, js_socket_funcs_count);
	JS_SetPropertyFunctionList(ctx, o, js_hw_funcs, js_hw_funcs_count);
	JS_SetPropertyFunctionList(ctx, o, js_http_parser_funcs, js_http_parser_funcs_count);
	JS_SetPropertyFunctionList(ctx, o, js_module_funcs, js_module_funcs_count);
	JS_SetPropertyFunctionList(ctx, o, js_fs_funcs, js_fs_funcs_count);
	JS_SetPropertyFunctionList(ctx, o, js_crypto_funcs, js_crypto_funcs_count);
	JS_SetPropertyStr(ctx, o, "privileged", JS_NewBool(ctx, iso->privileged));
	JS_SetPropertyStr(ctx, o, "isolateId", JS_NewInt32(ctx, iso->id));
	JS_SetPropertyStr(ctx, o, "isolateName", JS_NewString(ctx, iso->name));
	JS_SetPropertyStr(ctx, o, "entry", JS_NewString(ctx, iso->entry));   /* "" for an isolate made from source */
	JSValue data = data_value(ctx, iso);
	if (JS_IsException(data)) {
		JS_FreeValue(ctx, o);
		return -1;
	}
	JS_SetPropertyStr(ctx, o, "data", data);
	JS_SetPropertyStr(ctx, o, "env", env_object(ctx, iso));
	JS_SetPropertyStr(ctx, o, "system", system_info(ctx));
	JS_SetPropertyStr(ctx, o, "timeOrigin", JS_NewFloat64(ctx,
		(double)(arch_wall_clock_ns() - (int64_t)arch_clock_ns()) / 1e6));
	JS_SetPropertyStr(ctx, o, "hardwareRandom", JS_NewBool(ctx, arch_has_hw_random()));
	return JS_SetModuleExport(ctx, m, "default", o);
}

JSModuleDef *native_module_init(JSContext *ctx, const char *name)
{
	JSModuleDef *m = JS_NewCModule(ctx, name, native_init);
	if (m)
		JS_AddModuleExport(ctx, m, "default");
	return m;
}
