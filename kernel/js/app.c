/* The first isolate: opens the bundle, finds the entry module, runs the
 * library bootstrap then the app, and drives its event loop until nothing
 * is left to do, it exits, throws, or runs out of time. */
#include <stdio.h>
#include <string.h>

#include "arch.h"
#include "boot.h"
#include "bundle.h"
#include "heap.h"
#include "isolate.h"
#include "kernel.h"
#include "rtjs.h"

#define APP_STACK_SIZE (1024 * 1024)

struct app {
	char entry[1024];
	size_t memory_limit;
};

int module_resolve_entry(JSContext *ctx, const char *spec, char *out, size_t cap);
void isolate_forget_rejection(struct isolate *iso, JSValueConst promise);

/* A .cjs entry runs as a classic script (sloppy mode, global scope);
 * CommonJS's require and module.exports are not provided yet. */
static JSValue run_script(JSContext *ctx, const char *name)
{
	const uint8_t *data;
	size_t len;
	if (!bundle_find(name, &data, &len))
		return JS_ThrowReferenceError(ctx, "Cannot find script '%s'", name);
	char *src = js_malloc(ctx, len + 1);
	if (!src)
		return JS_EXCEPTION;
	memcpy(src, data, len);
	src[len] = 0;
	JSValue r = JS_Eval(ctx, src, len, name, JS_EVAL_TYPE_GLOBAL);
	js_free(ctx, src);
	if (JS_IsException(r))
		return r;
	JS_FreeValue(ctx, r);
	return JS_UNDEFINED;
}

static bool is_script(const char *name)
{
	size_t n = strlen(name);
	return n > 4 && !strcmp(name + n - 4, ".cjs");
}

/* Runs the module and reports a synchronous failure as Node does. */
static bool run_module(struct isolate *iso, const char *name)
{
	JSContext *ctx = iso->ctx;
	JSValue p = is_script(name) ? run_script(ctx, name) : module_load_main(ctx, name);
	if (JS_IsException(p)) {
		isolate_report_exception(iso);
		return false;
	}
	bool ok = true;
	if (JS_PromiseState(ctx, p) == JS_PROMISE_REJECTED) {
		isolate_forget_rejection(iso, p);
		JSValue reason = JS_PromiseResult(ctx, p);
		if (!iso->exiting && !iso->timed_out) {
			isolate_report(iso, "Uncaught ", reason);
			iso->exiting = true;
			iso->exit_code = EXIT_APP_ERROR;
		}
		JS_FreeValue(ctx, reason);
		ok = false;
	}
	JS_FreeValue(ctx, p);
	return ok && !iso->exiting;
}

static void fire_timer(struct isolate *iso)
{
	iso->timer_armed = false;
	JSValue r = JS_Call(iso->ctx, iso->timer_handler, JS_UNDEFINED, 0, NULL);
	if (JS_IsException(r))
		isolate_report_exception(iso);
	JS_FreeValue(iso->ctx, r);
}

static void wake(void *arg) { (void)arg; }

/* Sleeps until the timer deadline, the app's time limit, or an interrupt. */
static void sleep_until(uint64_t deadline_ns)
{
	uint64_t now = arch_clock_ns();
	if (deadline_ns <= now)
		return;
	arch_timer_arm(deadline_ns - now);
	arch_irq_disable();
	if (arch_clock_ns() < deadline_ns)
		arch_idle();
	arch_irq_enable();
}

static void event_loop(struct isolate *iso)
{
	while (isolate_run_jobs(iso) && !iso->exiting) {
		if (!iso->timer_armed || !iso->timer_ref)
			break;          /* nothing left that keeps the app alive */
		uint64_t due = (uint64_t)(iso->timer_deadline_ms * 1e6);
		if (arch_clock_ns() >= due) {
			fire_timer(iso);
			continue;
		}
		if (iso->deadline_ns && iso->deadline_ns < due)
			due = iso->deadline_ns;
		sleep_until(due);
		if (iso->deadline_ns && arch_clock_ns() >= iso->deadline_ns) {
			iso->timed_out = true;
			break;
		}
	}
}

static long run_app(void *arg)
{
	struct app *app = arg;
	struct isolate *iso = isolate_create(1, app->memory_limit, APP_STACK_SIZE);
	if (!iso) {
		kputs("rtjs: not enough memory to start the JavaScript runtime\n");
		return EXIT_APP_ERROR;
	}
	if (kernel_config.timeout_ms)
		iso->deadline_ns = arch_clock_ns() + kernel_config.timeout_ms * 1000000;

	char entry[1024];
	int code;
	if (module_resolve_entry(iso->ctx, app->entry, entry, sizeof(entry)) < 0) {
		kprintf("rtjs: cannot find the app's entry module %s%s in the %s\n",
			app->entry[0] ? "/" : "(package.json \"main\", or index.js)",
			app->entry, bundle_describe());
		code = EXIT_BAD_BUNDLE;
	} else {
		if (run_module(iso, "rtjs:internal/bootstrap") && isolate_run_jobs(iso) &&
		    run_module(iso, entry))
			event_loop(iso);
		if (iso->timed_out) {
			kprintf("rtjs: the app was stopped: it ran longer than its timeout of %.3g s\n",
				(double)kernel_config.timeout_ms / 1000);
			code = EXIT_TIMEOUT;
		} else {
			code = iso->exit_code;
		}
	}
	isolate_destroy(iso);
	return code;
}

int app_main(const struct boot_info *bi)
{
	const char *why = 0;
	if (bundle_open(bi, &why) < 0) {
		kprintf("rtjs: %s\n", why);
		return EXIT_BAD_BUNDLE;
	}
	static struct app app;
	snprintf(app.entry, sizeof(app.entry), "%s", kernel_config.main[0] == '/' ? kernel_config.main + 1 : kernel_config.main);

	/* Leave the kernel a reserve so that JS exhausting its heap is an
	 * exception in JS, never a kernel allocation failure. */
	struct memory_stats ms;
	memory_stats(&ms);
	size_t reserve = ms.free / 8 > (2u << 20) ? ms.free / 8 : (2u << 20);
	app.memory_limit = ms.free > reserve + APP_STACK_SIZE ? ms.free - reserve - APP_STACK_SIZE : ms.free / 2;

	uint8_t *stack = kmemalign(4096, APP_STACK_SIZE + 4096);
	if (!stack) {
		kputs("rtjs: not enough memory for the app's stack\n");
		return EXIT_APP_ERROR;
	}
	arch_guard_page((uintptr_t)stack);
	arch_timer_set_handler(wake, 0);
	int code = (int)arch_call_on_stack(run_app, &app, stack + APP_STACK_SIZE + 4096);
	arch_unguard_page((uintptr_t)stack);
	kfree(stack);
	return code;
}
