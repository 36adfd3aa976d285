/* An isolate: one QuickJS runtime and context with its own accounted heap,
 * its timers, pending rejections and exit state. Private to kernel/js. */
#ifndef JS_ISOLATE_H
#define JS_ISOLATE_H

#include <stdbool.h>
#include <stdint.h>

#include "quickjs.h"

struct rejection {
	JSValue promise, reason;
	struct rejection *next;
};

struct isolate {
	int id;
	JSRuntime *rt;
	JSContext *ctx;
	size_t stack_size;

	/* heap accounting; the limit itself is QuickJS's malloc_limit */
	size_t heap_used, heap_peak;

	/* the one wake-up the JS timer list asks for (lib/internal/timers.js) */
	JSValue timer_handler;
	bool timer_armed, timer_ref;
	double timer_deadline_ms;

	JSValue inspect;                /* util.inspect, once the library registered it */
	struct rejection *rejections;   /* unhandled so far */

	uint64_t deadline_ns;           /* kill when arch_clock_ns() passes it (0: none) */
	bool timed_out;
	bool exiting;
	int exit_code;
};

struct isolate *isolate_create(int id, size_t memory_limit, size_t stack_size);
void isolate_destroy(struct isolate *iso);
struct isolate *isolate_of(JSContext *ctx);

/* Runs queued promise jobs; returns false if one threw (already reported). */
bool isolate_run_jobs(struct isolate *iso);
/* Prints an uncaught exception (the current one when val is JS_UNINITIALIZED). */
void isolate_report(struct isolate *iso, const char *prefix, JSValueConst val);
/* Takes the pending exception and reports it unless the isolate is exiting. */
void isolate_report_exception(struct isolate *iso);

/* Modules: the bundle, the built-in library and native modules. */
void modules_init(JSRuntime *rt);
JSValue module_load_main(JSContext *ctx, const char *path);
JSModuleDef *native_module_init(JSContext *ctx, const char *name);

/* UTF-8 helpers used by the native module (js_encoding.c). */
extern const JSCFunctionListEntry js_encoding_funcs[];
extern const int js_encoding_funcs_count;

#endif
