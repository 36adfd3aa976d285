/* The event loop of one isolate, run on the isolate's own thread: promise
 * jobs first, then one message from the inbox or one due timer, again and
 * again; when there is nothing to do the thread blocks until a message or
 * its next timer. A child isolate with nothing left to do (no timers, no
 * calls in flight, no exports, no children) exits; the first isolate waits,
 * and the machine stops when no isolate can do anything any more. */
#include <stdio.h>
#include <string.h>

#include "arch.h"
#include "bundle.h"
#include "heap.h"
#include "isolate.h"
#include "kernel.h"
#include "scheduler.h"

JSValue module_run_source(JSContext *ctx, const char *name, const char *src, size_t len);

/* Reports what a module's evaluation promise says went wrong, as Node
 * does for a synchronous failure. */
static bool settle(struct isolate *iso, JSValue p)
{
	JSContext *ctx = iso->ctx;
	if (JS_IsException(p)) {
		isolate_report_exception(iso);
		return false;
	}
	bool ok = true;
	if (JS_PromiseState(ctx, p) == JS_PROMISE_REJECTED) {
		isolate_forget_rejection(iso, p);
		JSValue reason = JS_PromiseResult(ctx, p);
		isolate_fail(iso, "Uncaught ", reason);
		JS_FreeValue(ctx, reason);
		ok = false;
	}
	JS_FreeValue(ctx, p);
	return ok && !iso->exiting && !iso->terminated;
}

static bool run_entry(struct isolate *iso)
{
	JSContext *ctx = iso->ctx;
	if (iso->source) {
		char name[32];
		snprintf(name, sizeof(name), "/<isolate %d>", iso->id);
		return settle(iso, module_run_source(ctx, name, iso->source, strlen(iso->source)));
	}
	if (!iso->parent) {
		/* The first isolate: rtjs.main, else package.json "main", else index.js. */
		char spec[512];
		snprintf(spec, sizeof(spec), "%s", iso->entry);
		if (module_resolve_entry(ctx, spec, iso->entry, sizeof(iso->entry)) < 0) {
			kprintf("rtjs: cannot find the app's entry module %s%s in the %s\n",
				spec[0] ? "/" : "(package.json \"main\", or index.js)", spec, bundle_describe());
			iso->exiting = true;
			iso->exit_code = EXIT_BAD_BUNDLE;
			return false;
		}
	}
	/* A CommonJS entry (.cjs, or "type": "commonjs") loads as a module too:
	 * modules.c hands it to lib/internal/cjs.js. */
	return settle(iso, module_load_main(ctx, iso->entry));
}

static void fire_timer(struct isolate *iso)
{
	iso->timer_armed = false;
	JSValue r = JS_Call(iso->ctx, iso->timer_handler, JS_UNDEFINED, 0, NULL);
	if (JS_IsException(r))
		isolate_report_exception(iso);
	JS_FreeValue(iso->ctx, r);
}

static bool nothing_left(const struct isolate *iso)
{
	return !(iso->timer_armed && iso->timer_ref) && !iso->calls && !iso->waiting_imports &&
	       !iso->exports && !iso->children_running && !iso->inbox && !iso->io;
}

static void event_loop(struct isolate *iso)
{
	for (;;) {
		if (!isolate_run_jobs(iso) || iso->exiting || iso->terminated)
			return;
		struct msg *m = iso->inbox;
		if (m) {
			iso->inbox = m->next;
			if (!iso->inbox)
				iso->inbox_tail = NULL;
			iic_handle(iso, m);
			continue;
		}
		uint64_t due = (uint64_t)(iso->timer_deadline_ms * 1e6);
		if (iso->timer_armed && arch_clock_ns() >= due) {
			fire_timer(iso);
			continue;
		}
		if (sched_should_yield()) {
			thread_yield();
			continue;
		}
		if (iso->parent && nothing_left(iso))
			return;
		thread_block(iso->timer_armed ? due : 0, iso->timer_armed && iso->timer_ref);
	}
}

void isolate_main(void *arg)
{
	struct isolate *iso = arg;
	if (!isolate_init_runtime(iso)) {
		kprintf("rtjs: isolate %d: not enough memory to start a JavaScript runtime\n", iso->id);
		iso->exit_code = iso->parent ? ISOLATE_EXIT_MEMORY : EXIT_APP_ERROR;
	} else {
		iso->state = ISOLATE_RUNNING;
		if (settle(iso, module_load_main(iso->ctx, "rtjs:internal/bootstrap")) && isolate_run_jobs(iso) &&
		    run_entry(iso))
			event_loop(iso);
		if (iso->terminated)
			iso->exit_code = ISOLATE_EXIT_TERMINATED;
	}
	iso->state = ISOLATE_EXITED;
	hw_isolate_exited(iso);
	iic_isolate_exited(iso);
	if (iso->rt)
		isolate_free_runtime(iso);
	clone_msg_free(&iso->data);
	if (!iso->parent) {
		sched_stop();          /* the first isolate's end is the machine's */
	} else {
		/* Nothing refers to a child by pointer any more, only by id. */
		isolate_unlink(iso);
		for (int i = 0; i < 2 * iso->nenv; i++)
			kfree(iso->env[i]);
		kfree(iso->env);
		kfree(iso->source);
		kfree(iso);
	}
	thread_exit();
}
