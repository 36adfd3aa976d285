/* An isolate: one QuickJS runtime and context with its own accounted heap,
 * its own thread, an inbox of messages from other isolates, and the
 * tables that let other isolates call into it. Private to kernel/js.
 *
 * Lifetime: created by isolate_spawn() (or app_main for the first one),
 * runs isolate_main() on its thread, and frees its runtime when its loop
 * ends; the struct itself stays in the registry (state ISOLATE_EXITED) so
 * that late messages and handles find out it is gone. */
#ifndef JS_ISOLATE_H
#define JS_ISOLATE_H

#include <stdbool.h>
#include <stdint.h>

#include "clone.h"
#include "quickjs.h"

struct thread;
struct isolate;

/* Exit codes of isolates (the first isolate's is the machine's). */
enum {
	ISOLATE_EXIT_MEMORY = 137,      /* exceeded its memoryLimit */
	ISOLATE_EXIT_TERMINATED = 143,  /* handle.terminate() */
};

enum isolate_state { ISOLATE_STARTING, ISOLATE_RUNNING, ISOLATE_EXITED };

enum msg_kind {
	MSG_CALL,        /* call fn_id with args (payload); reply to from/call_id */
	MSG_REPLY,       /* result (payload) of call_id; ok says resolve or reject */
	MSG_RELEASE,     /* the caller dropped its proxy of fn_id */
	MSG_EXITED,      /* child `from` exited with code */
	MSG_EXPORTED,    /* a name this isolate waits for was exported */
	MSG_CALLBACK,    /* run fn(iso, ptr) on the isolate's thread (device completions) */
};

enum reply_status { REPLY_OK, REPLY_THROW, REPLY_EXITED };

struct msg {
	enum msg_kind kind;
	int from;
	uint64_t call_id;
	int64_t fn_id;
	int code;                       /* MSG_EXITED: exit code; MSG_REPLY: enum reply_status */
	char *name;                     /* MSG_EXPORTED */
	void (*fn)(struct isolate *iso, void *ptr);   /* MSG_CALLBACK */
	void *ptr;
	struct clone_msg payload;
	struct msg *next;
};

struct rejection {
	JSValue promise, reason;
	struct rejection *next;
};

/* A call this isolate made and waits on. */
struct pending_call {
	uint64_t id;
	int target;
	JSValue resolve, reject;
	struct pending_call *next;
};

/* A device request this isolate waits on; its promise functions. */
struct pending_io {
	uint64_t id;
	JSValue resolve, reject;
	struct pending_io *next;
};

#define ISOLATE_SMALL_CLASSES 16          /* blocks of 16 to 256 bytes */

struct isolate {
	int id;
	char name[64];
	int parent;                     /* 0 for the first isolate */
	enum isolate_state state;
	struct thread *thread;
	JSRuntime *rt;
	JSContext *ctx;
	size_t stack_size;
	size_t memory_limit;

	/* what it was started with */
	char entry[512];                /* bundle path, or "" with source */
	char *source;                   /* { source: '...' } spawns */
	struct clone_msg data;          /* isolate.data */
	int nenv;
	char **env;                     /* KEY, VALUE pairs */

	/* the one wake-up the JS timer list asks for (lib/internal/timers.js) */
	JSValue timer_handler;
	bool timer_armed, timer_ref;
	double timer_deadline_ms;

	JSValue message_handler;        /* lib/internal/iic.js's dispatcher */
	JSValue error_hook;             /* node:process: offers uncaught errors to its listeners */
	JSValue inspect;                /* util.inspect, once the library registered it */
	JSValue commonjs;               /* lib/internal/cjs.js, once a CommonJS file is imported */
	struct rejection *rejections;   /* unhandled so far */

	struct msg *inbox, *inbox_tail;
	struct pending_call *calls;     /* outgoing, awaiting replies */
	uint64_t next_call_id;
	int waiting_imports;            /* isolate.import() calls not yet resolved */
	int exports;                    /* names this isolate exports */
	int children_running;           /* spawned and not yet exited */
	struct pending_io *io;          /* device requests in flight (js_block.c) */

	/* functions other isolates may call, and the values this isolate
	 * exports (never released before it exits): id -> value (JS_UNDEFINED when free) */
	JSValue *fns;
	uint32_t *fn_refs;
	size_t nfns;

	void *stealing;                 /* ArrayBuffer memory being transferred out: not freed */
	/* Small blocks this isolate freed, kept for its next allocations of
	 * the same size (isolate.c): list k holds blocks of 16 * k usable bytes. */
	struct {
		void *head[ISOLATE_SMALL_CLASSES + 1];
		size_t bytes;
	} small;
	bool privileged;                /* may use rtjs:hw */
	bool exiting, terminated, out_of_memory;
	bool interrupted;               /* the termination error was raised */
	int exit_code;
	struct isolate *next;
};

/* QuickJS 2025-04-26 has no function to free what JS_GetOwnPropertyNames gives. */
static inline void free_property_enum(JSContext *ctx, JSPropertyEnum *props, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++)
		JS_FreeAtom(ctx, props[i].atom);
	js_free(ctx, props);
}

/* An Error with `code` (and `name` unless NULL); returned, not thrown. */
JSValue js_error(JSContext *ctx, const char *name, const char *code, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* Throws EPERM naming `what` unless the calling isolate is privileged. */
bool js_denied(JSContext *ctx, const char *what);

/* The registry. */
struct isolate *isolate_new(int parent, const char *name);
struct isolate *isolate_find(int id);
struct isolate *isolate_first(void);       /* iterate with ->next */
void isolate_unlink(struct isolate *iso);  /* drop an exited isolate from the registry */
struct isolate *isolate_of(JSContext *ctx);
void isolate_post(struct isolate *to, struct msg *m);
bool isolate_start(struct isolate *iso, size_t stack_size);   /* creates its thread */

/* Runtime lifecycle, called on the isolate's own thread. */
bool isolate_init_runtime(struct isolate *iso);
void isolate_free_runtime(struct isolate *iso);

/* Runs queued promise jobs; returns false if one threw (already reported). */
bool isolate_run_jobs(struct isolate *iso);
/* Prints an uncaught value as Node does. */
void isolate_report(struct isolate *iso, const char *prefix, JSValueConst val);
/* Ends the isolate for an uncaught error: reports it, sets the exit code. */
void isolate_fail(struct isolate *iso, const char *prefix, JSValueConst err);
/* Takes the pending exception and reports it unless the isolate is ending. */
void isolate_report_exception(struct isolate *iso);
void isolate_forget_rejection(struct isolate *iso, JSValueConst promise);

/* The event loop; the body of every isolate's thread. */
void isolate_main(void *arg);

/* Inter-isolate calls (iic.c). */
void iic_init_runtime(JSRuntime *rt);
struct clone_hooks iic_hooks(int peer);   /* peer: the other end's isolate id */
void iic_handle(struct isolate *iso, struct msg *m);
void iic_isolate_exited(struct isolate *iso);
void iic_free(struct isolate *iso);
void msg_free(struct msg *m);
/* From thread or scheduler context (never an interrupt): runs fn(iso, ptr)
 * in isolate `id`'s loop; returns false (and runs nothing) if it is gone. */
bool isolate_post_callback(int id, void (*fn)(struct isolate *iso, void *ptr), void *ptr);
/* Pending device requests: add returns the id to complete later. */
uint64_t pending_io_add(struct isolate *iso, JSValue resolve, JSValue reject);
struct pending_io *pending_io_take(struct isolate *iso, uint64_t id);
/* A new promise and its entry: the entry's id, or 0 with an exception
 * thrown (and nothing left to free). */
uint64_t pending_io_promise(JSContext *ctx, JSValue *promise);
/* Resolves (ok) or rejects entry id's promise with value and frees the
 * entry; value is consumed. False when the entry is gone (its isolate is
 * ending). Jobs run when the event loop next turns. */
bool pending_io_settle(struct isolate *iso, uint64_t id, bool ok, JSValue value);

/* Modules: the bundle, the built-in library and native modules. */
void modules_init(JSRuntime *rt);
JSValue module_load_main(JSContext *ctx, const char *path);
JSValue module_import_sync(JSContext *ctx, const char *name);
int module_resolve_entry(JSContext *ctx, const char *spec, char *out, size_t cap);
/* Which kind of module a bundle file is (Node's rules, modules.c). */
enum { MODULE_ESM, MODULE_CJS, MODULE_JSON };
int module_format(JSContext *ctx, const char *path);
extern const JSCFunctionListEntry js_module_funcs[];
extern const int js_module_funcs_count;
JSModuleDef *native_module_init(JSContext *ctx, const char *name);

/* Native functions of rtjs:native that live in other files. */
extern const JSCFunctionListEntry js_encoding_funcs[];
extern const int js_encoding_funcs_count;
extern const JSCFunctionListEntry js_buffer_funcs[];
extern const int js_buffer_funcs_count;
extern const JSCFunctionListEntry js_fs_funcs[];
extern const int js_fs_funcs_count;
extern const JSCFunctionListEntry js_crypto_funcs[];
extern const int js_crypto_funcs_count;
/* The bytes of a typed array, DataView or ArrayBuffer (js_encoding.c). */
uint8_t *js_typed_bytes(JSContext *ctx, JSValueConst v, size_t *len);
extern const JSCFunctionListEntry js_isolate_funcs[];
extern const int js_isolate_funcs_count;
extern const JSCFunctionListEntry js_iic_funcs[];
extern const int js_iic_funcs_count;
extern const JSCFunctionListEntry js_block_funcs[];
extern const int js_block_funcs_count;
extern const JSCFunctionListEntry js_net_funcs[];
extern const int js_net_funcs_count;
extern const JSCFunctionListEntry js_socket_funcs[];
extern const int js_socket_funcs_count;
extern const JSCFunctionListEntry js_hw_funcs[];
extern const int js_hw_funcs_count;
void hw_isolate_exited(struct isolate *iso);

#endif
