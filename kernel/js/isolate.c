/* Isolate lifecycle: the QuickJS runtime with an accounted allocator over
 * the kernel heap, its limits and interrupt handler, promise jobs,
 * unhandled rejections and the reporting of uncaught errors. */
#include <stdio.h>
#include <string.h>

#include "arch.h"
#include "heap.h"
#include "isolate.h"
#include "kernel.h"

/* Same accounting as QuickJS's default allocator, over the kernel heap. */
#define MALLOC_OVERHEAD 16

static void *iso_malloc(JSMallocState *s, size_t size)
{
	if (s->malloc_size + size > s->malloc_limit)
		return NULL;
	void *p = kmalloc(size);
	if (!p)
		return NULL;
	s->malloc_count++;
	s->malloc_size += kmalloc_usable_size(p) + MALLOC_OVERHEAD;
	return p;
}

static void iso_free(JSMallocState *s, void *p)
{
	if (!p)
		return;
	s->malloc_count--;
	s->malloc_size -= kmalloc_usable_size(p) + MALLOC_OVERHEAD;
	kfree(p);
}

static void *iso_realloc(JSMallocState *s, void *p, size_t size)
{
	if (!p)
		return size ? iso_malloc(s, size) : NULL;
	size_t old = kmalloc_usable_size(p);
	if (size == 0) {
		iso_free(s, p);
		return NULL;
	}
	if (s->malloc_size + size - old > s->malloc_limit)
		return NULL;
	void *q = krealloc(p, size);
	if (!q)
		return NULL;
	s->malloc_size += kmalloc_usable_size(q) - old;
	return q;
}

static size_t iso_usable_size(const void *p) { return kmalloc_usable_size(p); }

static const JSMallocFunctions iso_malloc_funcs = {
	iso_malloc, iso_free, iso_realloc, iso_usable_size,
};

static int interrupt_handler(JSRuntime *rt, void *opaque)
{
	(void)rt;
	struct isolate *iso = opaque;
	if (iso->exiting)
		return 1;
	if (iso->deadline_ns && arch_clock_ns() >= iso->deadline_ns) {
		iso->timed_out = true;
		return 1;
	}
	return 0;
}

static void rejection_tracker(JSContext *ctx, JSValueConst promise, JSValueConst reason,
			      JS_BOOL is_handled, void *opaque)
{
	struct isolate *iso = opaque;
	if (!is_handled) {
		struct rejection *r = js_malloc(ctx, sizeof(*r));
		if (!r)
			return;
		r->promise = JS_DupValue(ctx, promise);
		r->reason = JS_DupValue(ctx, reason);
		r->next = iso->rejections;
		iso->rejections = r;
		return;
	}
	for (struct rejection **p = &iso->rejections; *p; p = &(*p)->next) {
		if (JS_VALUE_GET_PTR((*p)->promise) == JS_VALUE_GET_PTR(promise)) {
			struct rejection *r = *p;
			*p = r->next;
			JS_FreeValue(ctx, r->promise);
			JS_FreeValue(ctx, r->reason);
			js_free(ctx, r);
			return;
		}
	}
}

void isolate_forget_rejection(struct isolate *iso, JSValueConst promise)
{
	rejection_tracker(iso->ctx, promise, JS_UNDEFINED, 1, iso);
}

struct isolate *isolate_create(int id, size_t memory_limit, size_t stack_size)
{
	struct isolate *iso = kmalloc(sizeof(*iso));
	if (!iso)
		return NULL;
	memset(iso, 0, sizeof(*iso));
	iso->id = id;
	iso->stack_size = stack_size;
	iso->timer_handler = JS_UNDEFINED;
	iso->inspect = JS_UNDEFINED;
	iso->rt = JS_NewRuntime2(&iso_malloc_funcs, iso);
	if (!iso->rt) {
		kfree(iso);
		return NULL;
	}
	JS_SetRuntimeOpaque(iso->rt, iso);
	JS_SetMemoryLimit(iso->rt, memory_limit);
	/* QuickJS measures from the stack top it saw at creation. */
	JS_SetMaxStackSize(iso->rt, stack_size - 64 * 1024);
	JS_UpdateStackTop(iso->rt);
	JS_SetInterruptHandler(iso->rt, interrupt_handler, iso);
	JS_SetHostPromiseRejectionTracker(iso->rt, rejection_tracker, iso);
	modules_init(iso->rt);
	iso->ctx = JS_NewContext(iso->rt);
	if (!iso->ctx) {
		JS_FreeRuntime(iso->rt);
		kfree(iso);
		return NULL;
	}
	JS_SetContextOpaque(iso->ctx, iso);
	return iso;
}

void isolate_destroy(struct isolate *iso)
{
	JSContext *ctx = iso->ctx;
	while (iso->rejections) {
		struct rejection *r = iso->rejections;
		iso->rejections = r->next;
		JS_FreeValue(ctx, r->promise);
		JS_FreeValue(ctx, r->reason);
		js_free(ctx, r);
	}
	JS_FreeValue(ctx, iso->timer_handler);
	JS_FreeValue(ctx, iso->inspect);
	JS_FreeContext(ctx);
	JS_FreeRuntime(iso->rt);
	kfree(iso);
}

struct isolate *isolate_of(JSContext *ctx) { return JS_GetContextOpaque(ctx); }

/* Writes a JS string to the console, converting it once. */
static void print_value_string(JSContext *ctx, JSValueConst v)
{
	size_t len;
	const char *s = JS_ToCStringLen(ctx, &len, v);
	if (s) {
		arch_console_write(s, len);
		JS_FreeCString(ctx, s);
	} else {
		JS_FreeValue(ctx, JS_GetException(ctx));
		kputs("<value that cannot be printed>");
	}
}

/* Prints an uncaught value as Node does: an Error as its name, message and
 * stack (QuickJS's stack holds only the frames); anything else inspected. */
void isolate_report(struct isolate *iso, const char *prefix, JSValueConst val)
{
	JSContext *ctx = iso->ctx;
	kputs(prefix);
	if (JS_IsError(ctx, val)) {
		JSValue str = JS_ToString(ctx, val);     /* "Name: message" */
		JSValue stack = JS_GetPropertyStr(ctx, val, "stack");
		print_value_string(ctx, str);
		kputs("\n");
		if (JS_IsString(stack))
			print_value_string(ctx, stack);
		JS_FreeValue(ctx, str);
		JS_FreeValue(ctx, stack);
		return;
	}
	if (JS_IsFunction(ctx, iso->inspect)) {
		JSValue s = JS_Call(ctx, iso->inspect, JS_UNDEFINED, 1, &val);
		if (!JS_IsException(s)) {
			print_value_string(ctx, s);
			JS_FreeValue(ctx, s);
			kputs("\n");
			return;
		}
		JS_FreeValue(ctx, JS_GetException(ctx));
	}
	print_value_string(ctx, val);
	kputs("\n");
}

void isolate_report_exception(struct isolate *iso)
{
	JSValue exc = JS_GetException(iso->ctx);
	if (!iso->exiting && !iso->timed_out) {
		isolate_report(iso, "Uncaught ", exc);
		iso->exiting = true;
		iso->exit_code = EXIT_APP_ERROR;
	}
	JS_FreeValue(iso->ctx, exc);
}

bool isolate_run_jobs(struct isolate *iso)
{
	JSContext *ctx;
	for (;;) {
		int r = JS_ExecutePendingJob(iso->rt, &ctx);
		if (r == 0)
			break;
		if (r < 0) {
			isolate_report_exception(iso);
			return false;
		}
		if (iso->exiting)
			return false;
	}
	if (iso->rejections && !iso->exiting) {
		/* The last one recorded is the most recent; report the oldest. */
		struct rejection *r = iso->rejections;
		while (r->next)
			r = r->next;
		isolate_report(iso, "Uncaught (in promise) ", r->reason);
		iso->exiting = true;
		iso->exit_code = EXIT_APP_ERROR;
		return false;
	}
	return true;
}
