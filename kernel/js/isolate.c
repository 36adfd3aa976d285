/* Isolates: the registry, the QuickJS runtime with an accounted allocator
 * over the kernel heap, its limits and interrupt handler (the preemption
 * point), promise jobs, unhandled rejections and uncaught errors. */
#include <stdio.h>
#include <string.h>

#include "arch.h"
#include "heap.h"
#include "isolate.h"
#include "kernel.h"
#include "scheduler.h"

/* Same accounting as QuickJS's default allocator, over the kernel heap. */
#define MALLOC_OVERHEAD 16

static void out_of_memory(JSMallocState *s)
{
	struct isolate *iso = s->opaque;
	iso->out_of_memory = true;
}

/* QuickJS allocates and frees small objects (objects, shapes, strings,
 * property arrays) by the thousand for each request it serves. An isolate
 * keeps up to SMALL_CACHE_BYTES of the small blocks it freed, by exact
 * size, and takes them back before asking the kernel heap: a push and a
 * pop instead of the heap's search, split and merge. Cached blocks are not
 * counted as the isolate's (malloc_size), and go back to the kernel heap
 * when it exits (isolate_free_runtime). */
#define SMALL_MAX (16 * ISOLATE_SMALL_CLASSES)
#define SMALL_CACHE_BYTES (32u << 10)

static void *small_take(struct isolate *iso, size_t size)
{
	size_t k = (size + 15) >> 4;
	void *p = iso->small.head[k];
	if (p) {
		iso->small.head[k] = *(void **)p;
		iso->small.bytes -= k << 4;
	}
	return p;
}

/* usable: the block's usable size, a multiple of 16. */
static bool small_keep(struct isolate *iso, void *p, size_t usable)
{
	if (usable > SMALL_MAX || usable == 0 || iso->small.bytes + usable > SMALL_CACHE_BYTES)
		return false;
	*(void **)p = iso->small.head[usable >> 4];
	iso->small.head[usable >> 4] = p;
	iso->small.bytes += usable;
	return true;
}

static void small_release(struct isolate *iso)
{
	for (size_t k = 0; k <= ISOLATE_SMALL_CLASSES; k++) {
		while (iso->small.head[k]) {
			void *p = iso->small.head[k];
			iso->small.head[k] = *(void **)p;
			kfree(p);
		}
	}
	iso->small.bytes = 0;
}

static void *iso_malloc(JSMallocState *s, size_t size)
{
	if (s->malloc_size + size > s->malloc_limit) {
		out_of_memory(s);
		return NULL;
	}
	void *p = size && size <= SMALL_MAX ? small_take(s->opaque, size) : NULL;
	size_t usable = p ? ((size + 15) & ~(size_t)15) : 0;
	if (!p) {
		p = kmalloc(size);
		if (!p) {
			out_of_memory(s);
			return NULL;
		}
		usable = kmalloc_usable_size(p);
	}
	s->malloc_count++;
	s->malloc_size += usable + MALLOC_OVERHEAD;
	return p;
}

static void iso_free(JSMallocState *s, void *p)
{
	if (!p)
		return;
	size_t usable = kmalloc_usable_size(p);
	s->malloc_count--;
	s->malloc_size -= usable + MALLOC_OVERHEAD;
	struct isolate *iso = s->opaque;
	if (p == iso->stealing) {
		iso->stealing = NULL;    /* transferred to another isolate: not ours to free */
		return;
	}
	if (!small_keep(iso, p, usable))
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
	if (s->malloc_size + size - old > s->malloc_limit) {
		out_of_memory(s);
		return NULL;
	}
	void *q = krealloc(p, size);
	if (!q) {
		out_of_memory(s);
		return NULL;
	}
	s->malloc_size += kmalloc_usable_size(q) - old;
	return q;
}

static size_t iso_usable_size(const void *p) { return kmalloc_usable_size(p); }

static const JSMallocFunctions iso_malloc_funcs = {
	iso_malloc, iso_free, iso_realloc, iso_usable_size,
};

/* QuickJS calls this every few thousand operations: the safe point where
 * an isolate yields its time slice, notices it was terminated, or stops
 * for good when the system's time limit passed.
 *
 * Termination interrupts once: the uncatchable error it raises unwinds
 * everything. Raising it again while that error is being built (QuickJS
 * can run JS, Error.prepareStackTrace, while making a backtrace) would
 * free the error under QuickJS's feet. isolate.exit() throws its own
 * uncatchable error and needs no help here, for the same reason. */
static int interrupt_handler(JSRuntime *rt, void *opaque)
{
	(void)rt;
	struct isolate *iso = opaque;
	if (sched_deadline_passed())
		thread_block(0, false);           /* the scheduler ends the run */
	if (sched_should_yield())
		thread_yield();
	if (iso->terminated && !iso->interrupted) {
		iso->interrupted = true;
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

static struct {
	struct isolate *all;
	int next_id;
} registry = { NULL, 1 };

struct isolate *isolate_new(int parent, const char *name)
{
	struct isolate *iso = kmalloc(sizeof(*iso));
	if (!iso)
		return NULL;
	memset(iso, 0, sizeof(*iso));
	iso->id = registry.next_id++;
	iso->parent = parent;
	snprintf(iso->name, sizeof(iso->name), "%s", name && *name ? name : "");
	iso->timer_handler = JS_UNDEFINED;
	iso->message_handler = JS_UNDEFINED;
	iso->inspect = JS_UNDEFINED;
	iso->error_hook = JS_UNDEFINED;
	iso->commonjs = JS_UNDEFINED;
	iso->next_call_id = 1;
	iso->next = registry.all;
	registry.all = iso;
	return iso;
}

struct isolate *isolate_find(int id)
{
	for (struct isolate *iso = registry.all; iso; iso = iso->next)
		if (iso->id == id)
			return iso;
	return NULL;
}

struct isolate *isolate_first(void) { return registry.all; }

void isolate_unlink(struct isolate *iso)
{
	for (struct isolate **p = &registry.all; *p; p = &(*p)->next) {
		if (*p == iso) {
			*p = iso->next;
			return;
		}
	}
}

void isolate_post(struct isolate *to, struct msg *m)
{
	m->next = NULL;
	if (to->inbox_tail)
		to->inbox_tail->next = m;
	else
		to->inbox = m;
	to->inbox_tail = m;
	if (to->thread)
		thread_wake(to->thread);
}

bool isolate_start(struct isolate *iso, size_t stack_size)
{
	char *name = iso->name;
	iso->stack_size = stack_size;
	iso->thread = thread_create(isolate_main, iso, stack_size, name);
	return iso->thread != NULL;
}

/* Creates the runtime on the isolate's own thread: QuickJS measures stack
 * depth from where it was created. */
bool isolate_init_runtime(struct isolate *iso)
{
	iso->rt = JS_NewRuntime2(&iso_malloc_funcs, iso);
	if (!iso->rt)
		return false;
	JS_SetRuntimeOpaque(iso->rt, iso);
	JS_SetMemoryLimit(iso->rt, iso->memory_limit);
	JS_SetMaxStackSize(iso->rt, iso->stack_size - 48 * 1024);
	JS_UpdateStackTop(iso->rt);
	JS_SetInterruptHandler(iso->rt, interrupt_handler, iso);
	JS_SetHostPromiseRejectionTracker(iso->rt, rejection_tracker, iso);
	modules_init(iso->rt);
	iic_init_runtime(iso->rt);
	iso->ctx = JS_NewContext(iso->rt);
	if (!iso->ctx) {
		JS_FreeRuntime(iso->rt);
		small_release(iso);
		iso->rt = NULL;
		return false;
	}
	JS_SetContextOpaque(iso->ctx, iso);
	return true;
}

void isolate_free_runtime(struct isolate *iso)
{
	JSContext *ctx = iso->ctx;
	while (iso->rejections) {
		struct rejection *r = iso->rejections;
		iso->rejections = r->next;
		JS_FreeValue(ctx, r->promise);
		JS_FreeValue(ctx, r->reason);
		js_free(ctx, r);
	}
	iic_free(iso);
	JS_FreeValue(ctx, iso->timer_handler);
	JS_FreeValue(ctx, iso->message_handler);
	JS_FreeValue(ctx, iso->inspect);
	JS_FreeValue(ctx, iso->error_hook);
	JS_FreeValue(ctx, iso->commonjs);
	iso->timer_handler = iso->message_handler = iso->inspect = iso->error_hook = iso->commonjs = JS_UNDEFINED;
	JS_FreeContext(ctx);
	JS_FreeRuntime(iso->rt);
	small_release(iso);
	iso->ctx = NULL;
	iso->rt = NULL;
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

/* An uncaught error ends the isolate: report it, pick the exit code. */
void isolate_fail(struct isolate *iso, const char *prefix, JSValueConst err)
{
	if (iso->exiting || iso->terminated)
		return;
	if (iso->out_of_memory && iso->parent) {
		kprintf("rtjs: isolate %d%s%s%s exceeded its memory limit of %zu bytes\n", iso->id,
			iso->name[0] ? " (" : "", iso->name, iso->name[0] ? ")" : "", iso->memory_limit);
	}
	char tagged[64];
	if (iso->parent) {
		/* A child's failure says whose it is. */
		snprintf(tagged, sizeof(tagged), "[isolate %d%s%s] %s", iso->id, iso->name[0] ? " " : "", iso->name, prefix);
		prefix = tagged;
	}
	isolate_report(iso, prefix, err);
	iso->exiting = true;
	iso->exit_code = iso->out_of_memory && iso->parent ? ISOLATE_EXIT_MEMORY : EXIT_APP_ERROR;
}

/* Offers an uncaught error to node:process's listeners ('uncaughtException',
 * 'unhandledRejection'): 1 when one took it and the isolate runs on, 0 when
 * there are none, -1 when a listener threw (the isolate has failed). */
static int offer_error(struct isolate *iso, const char *kind, JSValueConst value, JSValueConst promise)
{
	JSContext *ctx = iso->ctx;
	if (iso->exiting || iso->terminated || !JS_IsFunction(ctx, iso->error_hook))
		return 0;
	JSValue args[3] = { JS_NewString(ctx, kind), JS_DupValue(ctx, value), JS_DupValue(ctx, promise) };
	JSValue hook = JS_DupValue(ctx, iso->error_hook);
	JSValue r = JS_Call(ctx, hook, JS_UNDEFINED, 3, (JSValueConst *)args);
	JS_FreeValue(ctx, hook);
	for (int i = 0; i < 3; i++)
		JS_FreeValue(ctx, args[i]);
	if (JS_IsException(r)) {
		JSValue exc = JS_GetException(ctx);
		isolate_fail(iso, "Uncaught ", exc);
		JS_FreeValue(ctx, exc);
		return -1;
	}
	int taken = JS_ToBool(ctx, r);
	JS_FreeValue(ctx, r);
	return taken ? 1 : 0;
}

void isolate_report_exception(struct isolate *iso)
{
	JSValue exc = JS_GetException(iso->ctx);
	if (offer_error(iso, "uncaughtException", exc, JS_UNDEFINED) == 0)
		isolate_fail(iso, "Uncaught ", exc);
	JS_FreeValue(iso->ctx, exc);
}

bool isolate_run_jobs(struct isolate *iso)
{
	JSContext *ctx;
	for (;;) {
		int r = JS_ExecutePendingJob(iso->rt, &ctx);
		if (r < 0)
			isolate_report_exception(iso);
		if (iso->exiting || iso->terminated)
			return false;
		if (r != 0)
			continue;
		if (!iso->rejections)
			return true;
		/* The last one recorded is the most recent; report the oldest. */
		struct rejection *oldest = iso->rejections;
		while (oldest->next)
			oldest = oldest->next;
		JSValue promise = JS_DupValue(iso->ctx, oldest->promise);
		JSValue reason = JS_DupValue(iso->ctx, oldest->reason);
		int taken = offer_error(iso, "unhandledRejection", reason, promise);
		if (taken == 1)
			isolate_forget_rejection(iso, promise);   /* then run what the listeners queued */
		else if (taken == 0)
			isolate_fail(iso, "Uncaught (in promise) ", reason);
		JS_FreeValue(iso->ctx, promise);
		JS_FreeValue(iso->ctx, reason);
		if (taken != 1)
			return false;
	}
}
