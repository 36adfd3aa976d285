/* Inter-isolate communication: RPC built on promises. An isolate's
 * callable functions live in its function table; other isolates hold
 * proxies (C functions carrying the owner and the table index) whose calls
 * become MSG_CALL messages, answered by MSG_REPLY. Values cross by
 * structured clone (clone.c); ArrayBuffers move without a copy; functions
 * cross as new table entries and proxies; a dropped proxy sends
 * MSG_RELEASE. The export table (exports.h) maps system-wide names to
 * values kept in their owners' function tables. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "exports.h"
#include "heap.h"
#include "isolate.h"
#include "kernel.h"
#include "scheduler.h"

static struct {
	struct export_table exports;
	JSClassID remote_class;
} iic;

struct remote_ref {
	int owner;
	int64_t fn_id;
};

void msg_free(struct msg *m)
{
	clone_msg_free(&m->payload);
	kfree(m->name);
	kfree(m);
}

static struct msg *msg_new(enum msg_kind kind, int from)
{
	struct msg *m = kmalloc(sizeof(*m));
	if (m) {
		memset(m, 0, sizeof(*m));
		m->kind = kind;
		m->from = from;
	}
	return m;
}

bool isolate_post_callback(int id, void (*fn)(struct isolate *iso, void *ptr), void *ptr)
{
	struct isolate *iso = isolate_find(id);
	if (!iso || iso->state == ISOLATE_EXITED)
		return false;
	struct msg *m = msg_new(MSG_CALLBACK, 0);
	if (!m)
		return false;
	m->fn = fn;
	m->ptr = ptr;
	isolate_post(iso, m);
	return true;
}

uint64_t pending_io_add(struct isolate *iso, JSValue resolve, JSValue reject)
{
	struct pending_io *p = js_malloc(iso->ctx, sizeof(*p));
	if (!p)
		return 0;
	p->id = iso->next_call_id++;
	p->resolve = resolve;
	p->reject = reject;
	p->next = iso->io;
	iso->io = p;
	return p->id;
}

struct pending_io *pending_io_take(struct isolate *iso, uint64_t id)
{
	for (struct pending_io **pp = &iso->io; *pp; pp = &(*pp)->next) {
		if ((*pp)->id == id) {
			struct pending_io *p = *pp;
			*pp = p->next;
			return p;
		}
	}
	return NULL;
}

uint64_t pending_io_promise(JSContext *ctx, JSValue *promise)
{
	JSValue fns[2];
	*promise = JS_NewPromiseCapability(ctx, fns);
	if (JS_IsException(*promise))
		return 0;
	uint64_t id = pending_io_add(isolate_of(ctx), fns[0], fns[1]);
	if (!id) {
		JS_FreeValue(ctx, fns[0]);
		JS_FreeValue(ctx, fns[1]);
		JS_FreeValue(ctx, *promise);
		JS_ThrowOutOfMemory(ctx);
	}
	return id;
}

bool pending_io_settle(struct isolate *iso, uint64_t id, bool ok, JSValue value)
{
	JSContext *ctx = iso->ctx;
	struct pending_io *p = pending_io_take(iso, id);
	if (p) {
		JSValue r = JS_Call(ctx, ok ? p->resolve : p->reject, JS_UNDEFINED, 1, (JSValueConst *)&value);
		JS_FreeValue(ctx, r);
		JS_FreeValue(ctx, p->resolve);
		JS_FreeValue(ctx, p->reject);
		js_free(ctx, p);
	}
	JS_FreeValue(ctx, value);
	return p != NULL;
}

/* --- the function table ------------------------------------------------ */

static int64_t fn_add(JSContext *ctx, JSValueConst fn, void *opaque)
{
	(void)opaque;
	struct isolate *iso = isolate_of(ctx);
	size_t i;
	for (i = 0; i < iso->nfns && !JS_IsUndefined(iso->fns[i]); i++)
		;
	if (i == iso->nfns) {
		size_t n = iso->nfns ? iso->nfns * 2 : 16;
		JSValue *fns = js_realloc(ctx, iso->fns, n * sizeof(*fns));
		if (!fns)
			return -1;
		iso->fns = fns;
		uint32_t *refs = js_realloc(ctx, iso->fn_refs, n * sizeof(*refs));
		if (!refs)
			return -1;
		iso->fn_refs = refs;
		for (size_t j = iso->nfns; j < n; j++)
			iso->fns[j] = JS_UNDEFINED;
		iso->nfns = n;
	}
	iso->fns[i] = JS_DupValue(ctx, fn);
	iso->fn_refs[i] = 1;
	return (int64_t)i;
}

static void fn_release(struct isolate *iso, int64_t id)
{
	if (!iso->ctx || id < 0 || (size_t)id >= iso->nfns || JS_IsUndefined(iso->fns[id]))
		return;
	if (--iso->fn_refs[id] == 0) {
		JS_FreeValue(iso->ctx, iso->fns[id]);
		iso->fns[id] = JS_UNDEFINED;
	}
}

/* --- proxies ------------------------------------------------------------ */

static void remote_finalizer(JSRuntime *rt, JSValue val)
{
	struct remote_ref *ref = JS_GetOpaque(val, iic.remote_class);
	if (!ref)
		return;
	struct isolate *self = JS_GetRuntimeOpaque(rt);
	struct isolate *owner = isolate_find(ref->owner);
	if (owner && owner->state != ISOLATE_EXITED) {
		struct msg *m = msg_new(MSG_RELEASE, self ? self->id : 0);
		if (m) {
			m->fn_id = ref->fn_id;
			isolate_post(owner, m);
		}
	}
	kfree(ref);
}

static const JSClassDef remote_class_def = { "RemoteFunction", .finalizer = remote_finalizer };

void iic_init_runtime(JSRuntime *rt)
{
	if (!iic.remote_class)
		JS_NewClassID(&iic.remote_class);
	JS_NewClass(rt, iic.remote_class, &remote_class_def);
}

static JSValue exited_error(JSContext *ctx, int id)
{
	return js_error(ctx, "IsolateExitedError", "ERR_ISOLATE_EXITED", "isolate %d has exited", id);
}

/* Settles a promise capability with one value and frees the functions. */
static void settle_with(JSContext *ctx, JSValue resolve, JSValue reject, bool ok, JSValue v)
{
	JSValue r = JS_Call(ctx, ok ? resolve : reject, JS_UNDEFINED, 1, (JSValueConst *)&v);
	JS_FreeValue(ctx, r);
	JS_FreeValue(ctx, v);
	JS_FreeValue(ctx, resolve);
	JS_FreeValue(ctx, reject);
}

static JSValue remote_call(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv, int magic,
			   JSValue *data)
{
	(void)this_val;
	(void)magic;
	struct isolate *self = isolate_of(ctx);
	struct remote_ref *ref = JS_GetOpaque(data[0], iic.remote_class);
	JSValue funcs[2];
	JSValue promise = JS_NewPromiseCapability(ctx, funcs);
	if (JS_IsException(promise))
		return promise;
	struct isolate *target = ref ? isolate_find(ref->owner) : NULL;
	if (!target || target->state == ISOLATE_EXITED) {
		settle_with(ctx, funcs[0], funcs[1], false, exited_error(ctx, ref ? ref->owner : 0));
		return promise;
	}
	struct msg *m = msg_new(MSG_CALL, self->id);
	struct pending_call *pc = js_malloc(ctx, sizeof(*pc));
	JSValue args = JS_NewArray(ctx);
	for (int i = 0; i < argc; i++)
		JS_SetPropertyUint32(ctx, args, (uint32_t)i, JS_DupValue(ctx, argv[i]));
	struct clone_hooks hooks = iic_hooks(target->id);
	if (!m || !pc || JS_IsException(args) || clone_write(ctx, args, &hooks, &m->payload) < 0) {
		/* DataCloneError (or out of memory) rejects at the caller. */
		JSValue exc = JS_GetException(ctx);
		if (JS_IsNull(exc) || JS_IsUndefined(exc))
			exc = JS_NewError(ctx);
		settle_with(ctx, funcs[0], funcs[1], false, exc);
		JS_FreeValue(ctx, args);
		if (m)
			msg_free(m);
		js_free(ctx, pc);
		return promise;
	}
	JS_FreeValue(ctx, args);
	m->call_id = self->next_call_id++;
	m->fn_id = ref->fn_id;
	pc->id = m->call_id;
	pc->target = target->id;
	pc->resolve = funcs[0];
	pc->reject = funcs[1];
	pc->next = self->calls;
	self->calls = pc;
	isolate_post(target, m);
	return promise;
}

/* A callable stand-in in ctx for function id of isolate owner; holds one
 * reference in the owner's table, given back when it is collected. */
static JSValue make_proxy(JSContext *ctx, int owner, int64_t id)
{
	struct remote_ref *ref = kmalloc(sizeof(*ref));
	if (!ref)
		return JS_ThrowOutOfMemory(ctx);
	ref->owner = owner;
	ref->fn_id = id;
	JSValue holder = JS_NewObjectClass(ctx, (int)iic.remote_class);
	if (JS_IsException(holder)) {
		kfree(ref);
		return holder;
	}
	JS_SetOpaque(holder, ref);
	JSValue fn = JS_NewCFunctionData(ctx, remote_call, 0, 0, 1, &holder);
	JS_FreeValue(ctx, holder);
	return fn;
}

static JSValue import_function(JSContext *ctx, int64_t id, void *opaque)
{
	return make_proxy(ctx, (int)(intptr_t)opaque, id);
}

/* --- ArrayBuffer transfer: the memory changes owner, never copied -------- */

static void adopted_free(JSRuntime *rt, void *opaque, void *ptr)
{
	(void)opaque;
	struct isolate *iso = JS_GetRuntimeOpaque(rt);
	if (iso && ptr == iso->stealing) {
		iso->stealing = NULL;
		return;
	}
	kfree(ptr);
}

static void *steal_buffer(JSContext *ctx, JSValueConst ab, size_t *len, void *opaque)
{
	(void)opaque;
	struct isolate *iso = isolate_of(ctx);
	uint8_t *data = JS_GetArrayBuffer(ctx, len, ab);
	if (!data)
		return NULL;                   /* exception set by QuickJS */
	/* Every ArrayBuffer here frees through iso_free or adopted_free, which
	 * leave alone the pointer in iso->stealing: detaching hands it to us. */
	iso->stealing = data;
	JS_DetachArrayBuffer(ctx, ab);
	if (iso->stealing) {
		/* Some other free function ran (or none): the memory is gone. */
		iso->stealing = NULL;
		JS_Throw(ctx, js_error(ctx, "DataCloneError", NULL,
				       "an ArrayBuffer with foreign memory cannot be transferred"));
		return NULL;
	}
	return data;
}

static JSValue adopt_buffer(JSContext *ctx, void *mem, size_t len, void *opaque)
{
	(void)opaque;
	if (!mem) {
		mem = kmalloc(1);
		if (!mem)
			return JS_ThrowOutOfMemory(ctx);
	}
	return JS_NewArrayBuffer(ctx, mem, len, adopted_free, NULL, 0);
}

struct clone_hooks iic_hooks(int peer)
{
	return (struct clone_hooks){
		.export_function = fn_add,
		.import_function = import_function,
		.steal_buffer = steal_buffer,
		.adopt_buffer = adopt_buffer,
		.opaque = (void *)(intptr_t)peer,
	};
}

/* --- replies ------------------------------------------------------------ */

static void post_reply(struct isolate *to, int from, uint64_t call_id, enum reply_status status,
		       struct clone_msg *payload)
{
	struct msg *m = msg_new(MSG_REPLY, from);
	if (!m) {
		if (payload)
			clone_msg_free(payload);
		return;
	}
	m->call_id = call_id;
	m->code = status;
	if (payload)
		m->payload = *payload;
	isolate_post(to, m);
}

/* done(ok, value): the callee's answer to one call, sent back once. */
static JSValue call_done(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv, int magic,
			 JSValue *data)
{
	(void)this_val;
	(void)magic;
	struct isolate *self = isolate_of(ctx);
	int32_t caller_id;
	int64_t call_id;
	JS_ToInt32(ctx, &caller_id, data[0]);
	JS_ToInt64(ctx, &call_id, data[1]);
	if (call_id < 0)
		return JS_UNDEFINED;                    /* answered already */
	JS_FreeValue(ctx, data[1]);
	data[1] = JS_NewInt64(ctx, -1);
	struct isolate *caller = isolate_find(caller_id);
	if (!caller || caller->state == ISOLATE_EXITED)
		return JS_UNDEFINED;
	bool ok = argc > 0 && JS_ToBool(ctx, argv[0]);
	struct clone_msg out = { 0 };
	struct clone_hooks hooks = iic_hooks(caller_id);
	JSValueConst v = argc > 1 ? argv[1] : JS_UNDEFINED;
	if (clone_write(ctx, v, &hooks, &out) < 0) {
		/* The result cannot cross: the caller gets the DataCloneError. */
		JSValue exc = JS_GetException(ctx);
		memset(&out, 0, sizeof(out));
		ok = false;
		if (clone_write(ctx, exc, &hooks, &out) < 0) {
			JS_FreeValue(ctx, JS_GetException(ctx));
			memset(&out, 0, sizeof(out));
		}
		JS_FreeValue(ctx, exc);
	}
	post_reply(caller, self->id, (uint64_t)call_id, ok ? REPLY_OK : REPLY_THROW, &out);
	return JS_UNDEFINED;
}

static void handle_call(struct isolate *iso, struct msg *m)
{
	JSContext *ctx = iso->ctx;
	struct isolate *caller = isolate_find(m->from);
	if (!caller || caller->state == ISOLATE_EXITED)
		return;
	if (m->fn_id < 0 || (size_t)m->fn_id >= iso->nfns || JS_IsUndefined(iso->fns[m->fn_id])) {
		post_reply(caller, iso->id, m->call_id, REPLY_EXITED, NULL);
		return;
	}
	struct clone_hooks hooks = iic_hooks(m->from);
	JSValue args = clone_read(ctx, &m->payload, &hooks);
	JSValue data[2] = { JS_NewInt32(ctx, m->from), JS_NewInt64(ctx, (int64_t)m->call_id) };
	JSValue done = JS_NewCFunctionData(ctx, call_done, 2, 0, 2, data);
	JS_FreeValue(ctx, data[1]);
	if (JS_IsException(args)) {
		JSValue exc = JS_GetException(ctx);
		JSValue a[2] = { JS_FALSE, exc };
		JS_FreeValue(ctx, JS_Call(ctx, done, JS_UNDEFINED, 2, a));
		JS_FreeValue(ctx, exc);
	} else {
		/* lib/internal/iic.js calls fn(...args) and done() when it settles. */
		JSValue a[4] = { JS_NewString(ctx, "call"), JS_DupValue(ctx, iso->fns[m->fn_id]), args, done };
		JSValue r = JS_Call(ctx, iso->message_handler, JS_UNDEFINED, 4, a);
		if (JS_IsException(r))
			isolate_report_exception(iso);
		JS_FreeValue(ctx, r);
		JS_FreeValue(ctx, a[0]);
		JS_FreeValue(ctx, a[1]);
		JS_FreeValue(ctx, args);
	}
	JS_FreeValue(ctx, done);
}

static void handle_reply(struct isolate *iso, struct msg *m)
{
	JSContext *ctx = iso->ctx;
	struct pending_call *pc = NULL;
	for (struct pending_call **p = &iso->calls; *p; p = &(*p)->next) {
		if ((*p)->id == m->call_id) {
			pc = *p;
			*p = pc->next;
			break;
		}
	}
	if (!pc)
		return;
	JSValue v;
	bool ok = m->code == REPLY_OK;
	if (m->code == REPLY_EXITED) {
		v = exited_error(ctx, pc->target);
	} else {
		struct clone_hooks hooks = iic_hooks(m->from);
		v = clone_read(ctx, &m->payload, &hooks);
		if (JS_IsException(v)) {
			v = JS_GetException(ctx);
			ok = false;
		}
	}
	settle_with(ctx, pc->resolve, pc->reject, ok, v);
	js_free(ctx, pc);
}

static void call_handler(struct isolate *iso, int argc, JSValue *argv)
{
	JSContext *ctx = iso->ctx;
	JSValue r = JS_Call(ctx, iso->message_handler, JS_UNDEFINED, argc, (JSValueConst *)argv);
	if (JS_IsException(r))
		isolate_report_exception(iso);
	JS_FreeValue(ctx, r);
	for (int i = 0; i < argc; i++)
		JS_FreeValue(ctx, argv[i]);
}

void iic_handle(struct isolate *iso, struct msg *m)
{
	JSContext *ctx = iso->ctx;
	switch (m->kind) {
	case MSG_CALL:
		handle_call(iso, m);
		break;
	case MSG_REPLY:
		handle_reply(iso, m);
		break;
	case MSG_RELEASE:
		fn_release(iso, m->fn_id);
		break;
	case MSG_EXITED: {
		iso->children_running--;
		JSValue a[3] = { JS_NewString(ctx, "exit"), JS_NewInt32(ctx, m->from), JS_NewInt32(ctx, m->code) };
		call_handler(iso, 3, a);
		break;
	}
	case MSG_CALLBACK:
		m->fn(iso, m->ptr);
		break;
	case MSG_EXPORTED: {
		JSValue a[2] = { JS_NewString(ctx, "export"), JS_NewString(ctx, m->name ? m->name : "") };
		call_handler(iso, 2, a);
		break;
	}
	}
	msg_free(m);
}

/* --- exports and imports -------------------------------------------------- */

/* Tells an isolate waiting in isolate.import() that e exists now. */
static void wake_importer(void *arg, int isolate, const struct export_name *e)
{
	(void)arg;
	struct isolate *to = isolate_find(isolate);
	if (!to || to->state == ISOLATE_EXITED)
		return;
	/* The wait is over either way: one that can never end must not keep
	 * the importer alive. */
	to->waiting_imports--;
	struct msg *m = msg_new(MSG_EXPORTED, e->owner);
	size_t n = strlen(e->name) + 1;
	if (m && (m->name = kmalloc(n))) {
		memcpy(m->name, e->name, n);
		isolate_post(to, m);
		return;
	}
	if (m)
		msg_free(m);
	kprintf("iic: out of memory telling isolate %d that \"%s\" is exported; its import will not settle\n",
		isolate, e->name);
}

/* export(name, value): the value is kept in the exporter's function table
 * until it exits, as its names are. */
static JSValue js_export(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
	(void)this_val;
	(void)argc;
	struct isolate *self = isolate_of(ctx);
	const char *name = JS_ToCString(ctx, argv[0]);
	if (!name)
		return JS_EXCEPTION;
	if (!exports_name_valid(name)) {
		JS_FreeCString(ctx, name);
		return JS_ThrowRangeError(ctx, "an export name must be 1 to %d bytes long", EXPORT_NAME_MAX);
	}
	if (!JS_IsFunction(ctx, argv[1]) && !JS_IsObject(argv[1])) {
		JS_FreeCString(ctx, name);
		return JS_ThrowTypeError(ctx, "isolate.export: the value must be a function or an object of functions");
	}
	const struct export_name *e = exports_find(&iic.exports, name);
	if (e) {
		int owner = e->owner;
		JS_FreeCString(ctx, name);
		return JS_Throw(ctx, js_error(ctx, NULL, "ERR_ISOLATE_EXPORT_EXISTS",
					       "the name is already exported by isolate %d", owner));
	}
	int64_t slot = fn_add(ctx, argv[1], NULL);
	int rc = slot < 0 ? -ENOMEM : exports_add(&iic.exports, name, self->id, slot, wake_importer, NULL);
	JS_FreeCString(ctx, name);
	if (rc < 0) {
		fn_release(self, slot);
		return JS_ThrowOutOfMemory(ctx);
	}
	self->exports++;
	return JS_UNDEFINED;
}

/* A proxy of the owner's function value, referencing it in the owner's table. */
static JSValue proxy_of(JSContext *ctx, struct isolate *owner, JSValueConst fn)
{
	int64_t id = fn_add(owner->ctx, fn, NULL);
	if (id < 0)
		return JS_ThrowOutOfMemory(ctx);
	return make_proxy(ctx, owner->id, id);
}

/* importNow(name): the proxy, or undefined when nobody exports name. */
static JSValue js_import_now(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
	(void)this_val;
	(void)argc;
	const char *name = JS_ToCString(ctx, argv[0]);
	if (!name)
		return JS_EXCEPTION;
	const struct export_name *e = exports_find(&iic.exports, name);
	JS_FreeCString(ctx, name);
	if (!e)
		return JS_UNDEFINED;
	struct isolate *owner = isolate_find(e->owner);
	if (!owner || owner->state == ISOLATE_EXITED || !owner->ctx)
		return JS_UNDEFINED;
	JSContext *octx = owner->ctx;
	kassert(e->slot >= 0 && (size_t)e->slot < owner->nfns);
	JSValue value = JS_DupValue(octx, owner->fns[e->slot]);
	if (JS_IsFunction(octx, value)) {
		JSValue proxy = proxy_of(ctx, owner, value);
		JS_FreeValue(octx, value);
		return proxy;
	}
	/* An object: its function-valued own properties become proxies. */
	JSValue obj = JS_NewObject(ctx);
	JSPropertyEnum *props;
	uint32_t n;
	if (JS_GetOwnPropertyNames(octx, &props, &n, value, JS_GPN_STRING_MASK | JS_GPN_ENUM_ONLY) < 0) {
		JS_FreeValue(octx, JS_GetException(octx));
		JS_FreeValue(octx, value);
		return obj;
	}
	for (uint32_t i = 0; i < n; i++) {
		JSValue v = JS_GetProperty(octx, value, props[i].atom);
		if (JS_IsFunction(octx, v)) {
			const char *key = JS_AtomToCString(octx, props[i].atom);
			if (key) {
				JS_SetPropertyStr(ctx, obj, key, proxy_of(ctx, owner, v));
				JS_FreeCString(octx, key);
			}
		} else if (JS_IsException(v)) {
			JS_FreeValue(octx, JS_GetException(octx));
		}
		JS_FreeValue(octx, v);
	}
	free_property_enum(octx, props, n);
	JS_FreeValue(octx, value);
	return obj;
}

/* waitExport(name) / cancelWait(name): a pending isolate.import(). */
static JSValue js_wait_export(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
	(void)this_val;
	(void)argc;
	struct isolate *self = isolate_of(ctx);
	const char *name = JS_ToCString(ctx, argv[0]);
	if (!name)
		return JS_EXCEPTION;
	int rc = exports_wait(&iic.exports, name, self->id);
	JS_FreeCString(ctx, name);
	if (rc < 0)
		return JS_ThrowOutOfMemory(ctx);
	self->waiting_imports++;
	return JS_UNDEFINED;
}

static JSValue js_cancel_wait(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
	(void)this_val;
	(void)argc;
	struct isolate *self = isolate_of(ctx);
	const char *name = JS_ToCString(ctx, argv[0]);
	if (!name)
		return JS_EXCEPTION;
	if (exports_cancel_wait(&iic.exports, name, self->id))
		self->waiting_imports--;
	JS_FreeCString(ctx, name);
	return JS_UNDEFINED;
}

static JSValue js_set_message_handler(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
	(void)this_val;
	(void)argc;
	struct isolate *iso = isolate_of(ctx);
	JS_FreeValue(ctx, iso->message_handler);
	iso->message_handler = JS_DupValue(ctx, argv[0]);
	return JS_UNDEFINED;
}

const JSCFunctionListEntry js_iic_funcs[] = {
	JS_CFUNC_DEF("export", 2, js_export),
	JS_CFUNC_DEF("importNow", 1, js_import_now),
	JS_CFUNC_DEF("waitExport", 1, js_wait_export),
	JS_CFUNC_DEF("cancelWait", 1, js_cancel_wait),
	JS_CFUNC_DEF("setMessageHandler", 1, js_set_message_handler),
};
const int js_iic_funcs_count = sizeof(js_iic_funcs) / sizeof(js_iic_funcs[0]);

/* --- an isolate ends -------------------------------------------------------- */

void iic_isolate_exited(struct isolate *iso)
{
	/* Its names and waits disappear (the values go with its function table). */
	exports_remove_isolate(&iic.exports, iso->id);
	/* Calls it will never answer: the ones queued, and the ones others
	 * wait on (maybe in progress here). */
	while (iso->inbox) {
		struct msg *m = iso->inbox;
		iso->inbox = m->next;
		msg_free(m);
	}
	iso->inbox_tail = NULL;
	for (struct isolate *other = isolate_first(); other; other = other->next) {
		if (other == iso || other->state == ISOLATE_EXITED)
			continue;
		for (struct pending_call *pc = other->calls; pc; pc = pc->next)
			if (pc->target == iso->id)
				post_reply(other, iso->id, pc->id, REPLY_EXITED, NULL);
	}
	/* Its children end with it; its parent learns the exit code. */
	for (struct isolate *child = isolate_first(); child; child = child->next) {
		if (child->parent == iso->id && child->state != ISOLATE_EXITED) {
			child->terminated = true;
			if (child->thread)
				thread_wake(child->thread);
		}
	}
	struct isolate *parent = iso->parent ? isolate_find(iso->parent) : NULL;
	if (parent && parent->state != ISOLATE_EXITED) {
		struct msg *m = msg_new(MSG_EXITED, iso->id);
		if (m) {
			m->code = iso->exit_code;
			isolate_post(parent, m);
		}
	}
}

/* Frees what the isolate's runtime holds for IIC, before the runtime goes. */
void iic_free(struct isolate *iso)
{
	JSContext *ctx = iso->ctx;
	while (iso->calls) {
		struct pending_call *pc = iso->calls;
		iso->calls = pc->next;
		JS_FreeValue(ctx, pc->resolve);
		JS_FreeValue(ctx, pc->reject);
		js_free(ctx, pc);
	}
	while (iso->io) {
		struct pending_io *p = iso->io;
		iso->io = p->next;
		JS_FreeValue(ctx, p->resolve);
		JS_FreeValue(ctx, p->reject);
		js_free(ctx, p);
	}
	for (size_t i = 0; i < iso->nfns; i++)
		JS_FreeValue(ctx, iso->fns[i]);
	js_free(ctx, iso->fns);
	js_free(ctx, iso->fn_refs);
	iso->fns = NULL;
	iso->fn_refs = NULL;
	iso->nfns = 0;
}
