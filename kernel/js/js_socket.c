/* rtjs:native's sockets: UDP, TCP connections and listeners (sock.h) as
 * handles for lib/dgram.js and lib/net.js, and DNS lookups.
 *
 * Each handle has one JS callback, onEvent(type, ...): 'message' (data,
 * address, port), 'connection' (child handle, address, port), 'connect',
 * 'data' (ArrayBuffer), 'end', 'sent' (the peer acknowledged bytes: more
 * may be written), 'error' (code, message). The socket's events wait in
 * its queue (kernel/net/sock.c) until one callback message takes them to
 * the isolate's thread. An open handle keeps its isolate running (a
 * pending_io entry, unless unref'd, and a sched_hold) until it is closed
 * or the isolate exits; data a paused handle does not take keeps the TCP window shut. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "heap.h"
#include "isolate.h"
#include "kernel.h"
#include "scheduler.h"
#include "ping.h"
#include "sock.h"

#define SOCK_BATCH 64                /* events per callback message before others get a turn */

struct js_sock {
	uint64_t id;
	int isolate;
	JSRuntime *rt;
	struct sock *s;                  /* NULL once closed */
	JSValue on_event;
	uint64_t keepalive;              /* pending_io id */
	bool posted;                     /* a callback message is on its way */
	bool paused;
	struct js_sock *next;            /* open handles */
};

static struct {
	JSClassID class_id;
	struct js_sock *open;
	uint64_t next_id;
} jssock;

static const struct { int err; const char *code; const char *message; } errors[] = {
	{ EADDRINUSE, "EADDRINUSE", "address already in use" },
	{ EADDRNOTAVAIL, "EADDRNOTAVAIL", "address not available" },
	{ ECONNREFUSED, "ECONNREFUSED", "connection refused" },
	{ ECONNRESET, "ECONNRESET", "connection reset by peer" },
	{ ECONNABORTED, "ECONNABORTED", "connection aborted" },
	{ ETIMEDOUT, "ETIMEDOUT", "connection timed out" },
	{ EHOSTUNREACH, "EHOSTUNREACH", "host unreachable (no route, or no network device)" },
	{ ENETDOWN, "ENETDOWN", "the network is down" },
	{ ENOBUFS, "ENOBUFS", "no buffer space available" },
	{ ENOMEM, "ENOMEM", "out of memory" },
	{ EINVAL, "EINVAL", "invalid argument" },
	{ EMSGSIZE, "EMSGSIZE", "message too long" },
	{ EAFNOSUPPORT, "EAFNOSUPPORT", "address family not supported by the socket" },
	{ EPIPE, "EPIPE", "the socket is closed for writing" },
	{ ENOTCONN, "ENOTCONN", "the socket is not connected" },
	{ EBADF, "EBADF", "the socket is closed" },
	{ ENOENT, "ENOTFOUND", "host name not found" },
};

static void error_of(int err, const char **code, const char **message)
{
	if (err < 0)
		err = -err;
	for (size_t i = 0; i < sizeof(errors) / sizeof(errors[0]); i++) {
		if (errors[i].err == err) {
			*code = errors[i].code;
			*message = errors[i].message;
			return;
		}
	}
	*code = "EIO";
	*message = "input/output error";
}

static JSValue throw_errno(JSContext *ctx, int err, const char *syscall)
{
	const char *code, *message;
	error_of(err, &code, &message);
	JSValue e = js_error(ctx, NULL, code, "%s %s", syscall, code);
	JS_SetPropertyStr(ctx, e, "syscall", JS_NewString(ctx, syscall));
	JS_SetPropertyStr(ctx, e, "errno", JS_NewInt32(ctx, err < 0 ? err : -err));
	JS_SetPropertyStr(ctx, e, "description", JS_NewString(ctx, message));
	return JS_Throw(ctx, e);
}

static struct js_sock *find_open(uint64_t id)
{
	for (struct js_sock *h = jssock.open; h; h = h->next)
		if (h->id == id)
			return h;
	return NULL;
}

static void deliver(struct isolate *iso, void *ptr);

/* A paused handle still hears 'sent': a socket piped into itself pauses
 * until its own writes drain. */
static void post(struct js_sock *h)
{
	if (!h->posted && (!h->paused || h->s->acked) && !JS_IsUndefined(h->on_event))
		h->posted = isolate_post_callback(h->isolate, deliver, (void *)(uintptr_t)h->id);
}

/* From lwIP's context: the socket has events (or acknowledged bytes). */
static void ready(struct sock *s)
{
	struct js_sock *h = s->owner;
	if (h)
		post(h);
}

static void close_handle(struct js_sock *h, bool abort)
{
	if (!h->s)
		return;
	h->s->owner = NULL;
	h->s->ready = NULL;
	if (abort)
		sock_abort(h->s);
	else
		sock_close(h->s);
	h->s = NULL;
	for (struct js_sock **p = &jssock.open; *p; p = &(*p)->next) {
		if (*p == h) {
			*p = h->next;
			break;
		}
	}
	struct isolate *iso = JS_GetRuntimeOpaque(h->rt);
	struct pending_io *io = iso ? pending_io_take(iso, h->keepalive) : NULL;
	if (io)
		js_free_rt(h->rt, io);
	JS_FreeValueRT(h->rt, h->on_event);
	h->on_event = JS_UNDEFINED;
	sched_release();
}

static void handle_finalizer(JSRuntime *rt, JSValue val)
{
	(void)rt;
	struct js_sock *h = JS_GetOpaque(val, jssock.class_id);
	if (h) {
		close_handle(h, false);
		kfree(h);
	}
}

static void handle_mark(JSRuntime *rt, JSValueConst val, JS_MarkFunc *mark_func)
{
	struct js_sock *h = JS_GetOpaque(val, jssock.class_id);
	if (h)
		JS_MarkValue(rt, h->on_event, mark_func);
}

static JSClassDef handle_class = { "SocketHandle", .finalizer = handle_finalizer, .gc_mark = handle_mark };

/* A handle object owning s (closed with it); onEvent may be undefined
 * until sockAccepted() gives one. */
static JSValue new_handle(JSContext *ctx, struct sock *s, JSValueConst on_event)
{
	JSRuntime *rt = JS_GetRuntime(ctx);
	if (!jssock.class_id)
		JS_NewClassID(&jssock.class_id);
	if (!JS_IsRegisteredClass(rt, jssock.class_id) && JS_NewClass(rt, jssock.class_id, &handle_class) < 0) {
		sock_close(s);
		return JS_EXCEPTION;
	}
	JSValue obj = JS_NewObjectClass(ctx, (int)jssock.class_id);
	struct js_sock *h = JS_IsException(obj) ? NULL : kmalloc(sizeof(*h));
	if (!h) {
		sock_close(s);
		JS_FreeValue(ctx, obj);
		return JS_ThrowOutOfMemory(ctx);
	}
	memset(h, 0, sizeof(*h));
	h->id = ++jssock.next_id;
	h->isolate = isolate_of(ctx)->id;
	h->rt = rt;
	h->on_event = JS_DupValue(ctx, on_event);
	h->keepalive = pending_io_add(isolate_of(ctx), JS_UNDEFINED, JS_UNDEFINED);
	JS_SetOpaque(obj, h);
	if (!h->keepalive) {
		sock_close(s);
		JS_FreeValue(ctx, obj);
		return JS_ThrowOutOfMemory(ctx);
	}
	h->s = s;
	s->owner = h;
	s->ready = ready;
	h->next = jssock.open;
	jssock.open = h;
	sched_hold();
	if (s->head || s->acked)
		post(h);
	return obj;
}

static bool call(struct isolate *iso, struct js_sock *h, int argc, JSValue *argv)
{
	JSContext *ctx = iso->ctx;
	JSValue fn = JS_DupValue(ctx, h->on_event);  /* onEvent may close the handle */
	JSValue r = JS_Call(ctx, fn, JS_UNDEFINED, argc, (JSValueConst *)argv);
	JS_FreeValue(ctx, fn);
	for (int i = 0; i < argc; i++)
		JS_FreeValue(ctx, argv[i]);
	/* A throw goes to uncaughtException listeners (and the isolate runs
	 * on, with this socket's other events) or ends the isolate. */
	if (JS_IsException(r))
		isolate_report_exception(iso);
	else
		JS_FreeValue(ctx, r);
	return isolate_run_jobs(iso) && !iso->exiting && !iso->terminated;
}

/* Builds the arguments for one event; returns argc, or -1 (out of memory:
 * the event is lost, not the isolate). */
static int event_args(JSContext *ctx, struct sock_event *ev, JSValue *argv)
{
	const char *code, *message;
	switch (ev->type) {
	case SOCK_EV_DATA:
	case SOCK_EV_DATAGRAM:
		argv[1] = JS_NewArrayBufferCopy(ctx, ev->data, ev->len);
		if (JS_IsException(argv[1])) {
			JS_FreeValue(ctx, JS_GetException(ctx));
			return -1;
		}
		if (ev->type == SOCK_EV_DATA) {
			argv[0] = JS_NewString(ctx, "data");
			return 2;
		}
		argv[0] = JS_NewString(ctx, "message");
		argv[2] = JS_NewString(ctx, ev->addr);
		argv[3] = JS_NewInt32(ctx, ev->port);
		return 4;
	case SOCK_EV_ACCEPT:
		argv[1] = new_handle(ctx, ev->child, JS_UNDEFINED);
		ev->child = NULL;            /* the handle owns it now, or closed it */
		if (JS_IsException(argv[1])) {
			JS_FreeValue(ctx, JS_GetException(ctx));
			return -1;
		}
		argv[0] = JS_NewString(ctx, "connection");
		argv[2] = JS_NewString(ctx, ev->addr);
		argv[3] = JS_NewInt32(ctx, ev->port);
		return 4;
	case SOCK_EV_CONNECTED:
		argv[0] = JS_NewString(ctx, "connect");
		return 1;
	case SOCK_EV_END:
		argv[0] = JS_NewString(ctx, "end");
		return 1;
	case SOCK_EV_ERROR:
		error_of(ev->err, &code, &message);
		argv[0] = JS_NewString(ctx, "error");
		argv[1] = JS_NewString(ctx, code);
		argv[2] = JS_NewString(ctx, message);
		return 3;
	}
	return -1;
}

/* On the isolate's thread: up to SOCK_BATCH events to onEvent, running
 * promise jobs after each as Node does after every event. */
static void deliver(struct isolate *iso, void *ptr)
{
	uint64_t id = (uint64_t)(uintptr_t)ptr;
	struct js_sock *h = find_open(id);
	if (!h)
		return;                      /* closed since */
	h->posted = false;
	for (int n = 0; n < SOCK_BATCH; n++) {
		if (JS_IsUndefined(h->on_event))
			return;              /* sockAccepted posts again */
		JSValue argv[4];
		if (h->s->acked) {
			h->s->acked = 0;
			argv[0] = JS_NewString(iso->ctx, "sent");
			if (!call(iso, h, 1, argv) || !(h = find_open(id)))
				return;
			continue;
		}
		if (h->paused)
			return;              /* resume posts again */
		struct sock_event *ev = sock_next(h->s);
		if (!ev)
			return;              /* sock_next re-armed ready() */
		int argc = event_args(iso->ctx, ev, argv);
		size_t consumed = ev->type == SOCK_EV_DATA ? ev->len : 0;
		if (ev->child)
			sock_abort(ev->child);
		sock_event_free(ev);
		if (argc < 0)
			continue;
		bool ok = call(iso, h, argc, argv);
		if (!(h = find_open(id)))
			return;
		if (consumed)
			sock_consumed(h->s, consumed);   /* JavaScript has the bytes: the window reopens */
		if (!ok)
			return;
	}
	post(h);
}

static struct js_sock *open_handle(JSContext *ctx, JSValueConst v)
{
	struct js_sock *h = jssock.class_id ? JS_GetOpaque(v, jssock.class_id) : NULL;
	if (!h) {
		JS_ThrowTypeError(ctx, "not a socket handle");
		return NULL;
	}
	if (!h->s) {
		throw_errno(ctx, -EBADF, "socket");
		return NULL;
	}
	return h;
}

/* The bytes of an ArrayBuffer or a view; NULL with a TypeError thrown. */
static const uint8_t *bytes_of(JSContext *ctx, JSValueConst v, size_t *len)
{
	size_t off = 0, bpe, total;
	const uint8_t *p;
	JSValue ab = JS_GetTypedArrayBuffer(ctx, v, &off, len, &bpe);
	if (JS_IsException(ab)) {
		JS_FreeValue(ctx, JS_GetException(ctx));
		off = 0;
		p = JS_GetArrayBuffer(ctx, len, v);
	} else {
		p = JS_GetArrayBuffer(ctx, &total, ab);
		JS_FreeValue(ctx, ab);
	}
	if (!p) {
		JS_FreeValue(ctx, JS_GetException(ctx));
		JS_ThrowTypeError(ctx, "data must be an ArrayBuffer or a view of one");
		return NULL;
	}
	return p + off;
}

static int to_port(JSContext *ctx, JSValueConst v, uint16_t *port)
{
	int32_t n;
	if (JS_ToInt32(ctx, &n, v))
		return -1;
	if (n < 0 || n > 65535) {
		JS_Throw(ctx, js_error(ctx, "RangeError", "ERR_SOCKET_BAD_PORT", "port must be >= 0 and < 65536, got %d", n));
		return -1;
	}
	*port = (uint16_t)n;
	return 0;
}

/* sockUdp(onEvent, family 4 | 6) -> handle */
static JSValue js_sock_udp(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
	(void)this_val; (void)argc;
	int32_t family;
	if (JS_ToInt32(ctx, &family, argv[1]))
		return JS_EXCEPTION;
	struct sock *s;
	int r = sock_udp(&s, family);
	if (r < 0)
		return throw_errno(ctx, r, "socket");
	return new_handle(ctx, s, argv[0]);
}

/* sockListen(address, port, backlog, onEvent) -> handle */
static JSValue js_sock_listen(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
	(void)this_val; (void)argc;
	uint16_t port;
	int32_t backlog;
	if (to_port(ctx, argv[1], &port) || JS_ToInt32(ctx, &backlog, argv[2]))
		return JS_EXCEPTION;
	const char *addr = JS_IsString(argv[0]) ? JS_ToCString(ctx, argv[0]) : NULL;
	struct sock *s;
	int r = sock_tcp_listen(&s, addr, port, backlog);
	JS_FreeCString(ctx, addr);
	if (r < 0)
		return throw_errno(ctx, r, "listen");
	return new_handle(ctx, s, argv[3]);
}

/* sockConnect(address, port, onEvent) -> handle ('connect' or 'error' follows) */
static JSValue js_sock_connect(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
	(void)this_val; (void)argc;
	uint16_t port;
	if (to_port(ctx, argv[1], &port))
		return JS_EXCEPTION;
	const char *addr = JS_ToCString(ctx, argv[0]);
	if (!addr)
		return JS_EXCEPTION;
	struct sock *s;
	int r = sock_tcp_connect(&s, addr, port);
	JS_FreeCString(ctx, addr);
	if (r < 0)
		return throw_errno(ctx, r, "connect");
	return new_handle(ctx, s, argv[2]);
}

/* sockAccepted(handle, onEvent): the callback for an accepted connection */
static JSValue js_sock_accepted(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
	(void)this_val; (void)argc;
	struct js_sock *h = open_handle(ctx, argv[0]);
	if (!h)
		return JS_EXCEPTION;
	JS_FreeValue(ctx, h->on_event);
	h->on_event = JS_DupValue(ctx, argv[1]);
	if (h->s->head || h->s->acked)
		post(h);
	return JS_UNDEFINED;
}

/* sockBind(handle, address, port) */
static JSValue js_sock_bind(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
	(void)this_val; (void)argc;
	struct js_sock *h = open_handle(ctx, argv[0]);
	uint16_t port;
	if (!h || to_port(ctx, argv[2], &port))
		return JS_EXCEPTION;
	const char *addr = JS_IsString(argv[1]) ? JS_ToCString(ctx, argv[1]) : NULL;
	int r = sock_bind(h->s, addr, port);
	JS_FreeCString(ctx, addr);
	return r < 0 ? throw_errno(ctx, r, "bind") : JS_UNDEFINED;
}

/* sockSendTo(handle, data, address, port) */
static JSValue js_sock_send_to(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
	(void)this_val; (void)argc;
	struct js_sock *h = open_handle(ctx, argv[0]);
	uint16_t port;
	size_t len;
	const uint8_t *p;
	if (!h || !(p = bytes_of(ctx, argv[1], &len)) || to_port(ctx, argv[3], &port))
		return JS_EXCEPTION;
	const char *addr = JS_ToCString(ctx, argv[2]);
	if (!addr)
		return JS_EXCEPTION;
	int r = sock_send_to(h->s, p, len, addr, port);
	JS_FreeCString(ctx, addr);
	return r < 0 ? throw_errno(ctx, r, "send") : JS_UNDEFINED;
}

/* sockWrite(handle, data) -> bytes taken (0: the send buffer is full) */
static JSValue js_sock_write(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
	(void)this_val; (void)argc;
	struct js_sock *h = open_handle(ctx, argv[0]);
	size_t len;
	const uint8_t *p;
	if (!h || !(p = bytes_of(ctx, argv[1], &len)))
		return JS_EXCEPTION;
	long n = sock_write(h->s, p, len);
	return n < 0 ? throw_errno(ctx, (int)n, "write") : JS_NewInt64(ctx, n);
}

/* sockUnacked(handle) -> bytes written and not yet acknowledged */
static JSValue js_sock_unacked(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
	(void)this_val; (void)argc;
	struct js_sock *h = open_handle(ctx, argv[0]);
	return h ? JS_NewInt64(ctx, (int64_t)sock_unacked(h->s)) : JS_EXCEPTION;
}

/* sockEnd(handle): FIN after what is written */
static JSValue js_sock_end(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
	(void)this_val; (void)argc;
	struct js_sock *h = open_handle(ctx, argv[0]);
	if (!h)
		return JS_EXCEPTION;
	sock_shutdown(h->s);             /* a connection already gone has nothing to end */
	return JS_UNDEFINED;
}

/* sockClose(handle, reset): idempotent */
static JSValue js_sock_close(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
	(void)this_val; (void)argc;
	struct js_sock *h = jssock.class_id ? JS_GetOpaque(argv[0], jssock.class_id) : NULL;
	if (!h)
		return JS_ThrowTypeError(ctx, "not a socket handle");
	close_handle(h, JS_ToBool(ctx, argv[1]));
	return JS_UNDEFINED;
}

/* sockPause(handle, paused): a paused handle takes no events */
static JSValue js_sock_pause(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
	(void)this_val; (void)argc;
	struct js_sock *h = open_handle(ctx, argv[0]);
	if (!h)
		return JS_EXCEPTION;
	h->paused = JS_ToBool(ctx, argv[1]);
	if (!h->paused && (h->s->head || h->s->acked))
		post(h);
	return JS_UNDEFINED;
}

/* sockRef(handle, on): whether the open handle keeps its isolate running
 * (Node's ref/unref). An unref'd handle still delivers its events while
 * the isolate runs for other reasons. */
static JSValue js_sock_ref(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
	(void)this_val; (void)argc;
	struct js_sock *h = open_handle(ctx, argv[0]);
	if (!h)
		return JS_EXCEPTION;
	struct isolate *iso = isolate_of(ctx);
	bool on = JS_ToBool(ctx, argv[1]);
	if (on && !h->keepalive) {
		h->keepalive = pending_io_add(iso, JS_UNDEFINED, JS_UNDEFINED);
		if (!h->keepalive)
			return JS_ThrowOutOfMemory(ctx);
	} else if (!on && h->keepalive) {
		struct pending_io *io = pending_io_take(iso, h->keepalive);
		if (io)
			js_free(ctx, io);
		h->keepalive = 0;
	}
	return JS_UNDEFINED;
}

/* sockOption(handle, 'nodelay' | 'keepalive', on, idleMs) */
static JSValue js_sock_option(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
	(void)this_val; (void)argc;
	struct js_sock *h = open_handle(ctx, argv[0]);
	if (!h)
		return JS_EXCEPTION;
	const char *name = JS_ToCString(ctx, argv[1]);
	bool on = JS_ToBool(ctx, argv[2]);
	uint32_t ms = 0;
	if (!name || JS_ToUint32(ctx, &ms, argv[3])) {
		JS_FreeCString(ctx, name);
		return JS_EXCEPTION;
	}
	int r = !strcmp(name, "nodelay") ? sock_set_nodelay(h->s, on) : sock_set_keepalive(h->s, on, ms);
	JS_FreeCString(ctx, name);
	(void)r;                         /* a connection already gone has no options */
	return JS_UNDEFINED;
}

static JSValue address_object(JSContext *ctx, const char *addr, uint16_t port)
{
	JSValue o = JS_NewObject(ctx);
	JS_SetPropertyStr(ctx, o, "address", JS_NewString(ctx, addr));
	JS_SetPropertyStr(ctx, o, "family", JS_NewString(ctx, strchr(addr, ':') ? "IPv6" : "IPv4"));
	JS_SetPropertyStr(ctx, o, "port", JS_NewInt32(ctx, port));
	return o;
}

/* sockAddress(handle, remote) -> { address, family, port } or undefined */
static JSValue js_sock_address(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
	(void)this_val; (void)argc;
	struct js_sock *h = jssock.class_id ? JS_GetOpaque(argv[0], jssock.class_id) : NULL;
	if (!h || !h->s)
		return JS_UNDEFINED;
	char addr[SOCK_ADDR_LEN];
	uint16_t port;
	int r = JS_ToBool(ctx, argv[1]) ? sock_remote(h->s, addr, &port) : sock_local(h->s, addr, &port);
	return r < 0 ? JS_UNDEFINED : address_object(ctx, addr, port);
}

/* sockStats(handle) -> { queued, dropped, sendDropped, queuedBytes, paused, posted,
 * notified, refused, and for TCP receiveWindow, announcedWindow, tcpState } */
static JSValue js_sock_stats(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
	(void)this_val; (void)argc;
	struct js_sock *h = open_handle(ctx, argv[0]);
	if (!h)
		return JS_EXCEPTION;
	JSValue o = JS_NewObject(ctx);
	JS_SetPropertyStr(ctx, o, "queued", JS_NewInt32(ctx, (int32_t)h->s->queued));
	JS_SetPropertyStr(ctx, o, "dropped", JS_NewInt64(ctx, (int64_t)h->s->dropped));
	JS_SetPropertyStr(ctx, o, "sendDropped", JS_NewInt64(ctx, (int64_t)h->s->send_dropped));
	/* For a stalled connection: who holds what. */
	JS_SetPropertyStr(ctx, o, "queuedBytes", JS_NewInt64(ctx, (int64_t)h->s->queued_bytes));
	JS_SetPropertyStr(ctx, o, "paused", JS_NewBool(ctx, h->paused));
	JS_SetPropertyStr(ctx, o, "posted", JS_NewBool(ctx, h->posted));
	JS_SetPropertyStr(ctx, o, "notified", JS_NewBool(ctx, h->s->notified));
	JS_SetPropertyStr(ctx, o, "refused", JS_NewBool(ctx, h->s->refused));
	uint32_t wnd, ann;
	int state;
	if (sock_tcp_window(h->s, &wnd, &ann, &state)) {
		JS_SetPropertyStr(ctx, o, "receiveWindow", JS_NewInt64(ctx, wnd));
		JS_SetPropertyStr(ctx, o, "announcedWindow", JS_NewInt64(ctx, ann));
		JS_SetPropertyStr(ctx, o, "tcpState", JS_NewInt32(ctx, state));
	}
	return o;
}

/* ---- DNS: dnsLookup(name) -> Promise of an address; ping */

struct lookup {
	int isolate;
	uint64_t io;                     /* pending_io: the promise's functions */
	int err;
	char addr[SOCK_ADDR_LEN];
	bool ping;                       /* a ping: resolves { time, ttl } */
	uint64_t rtt_ns;
	int ttl;
};

static void lookup_settle(struct isolate *iso, void *ptr)
{
	struct lookup *l = ptr;
	JSContext *ctx = iso->ctx;
	JSValue v;
	if (l->err) {
		const char *code, *message;
		error_of(l->err, &code, &message);
		if (l->ping && l->err == -ETIMEDOUT)
			message = "no reply within the timeout";
		v = l->ping ? js_error(ctx, NULL, code, "ping %s: %s", l->addr, message)
			    : js_error(ctx, NULL, code, "getaddrinfo %s", code);
	} else if (l->ping) {
		v = JS_NewObject(ctx);
		JS_SetPropertyStr(ctx, v, "address", JS_NewString(ctx, l->addr));
		JS_SetPropertyStr(ctx, v, "time", JS_NewFloat64(ctx, (double)l->rtt_ns / 1e6));
		JS_SetPropertyStr(ctx, v, "ttl", JS_NewInt32(ctx, l->ttl));
	} else {
		v = JS_NewString(ctx, l->addr);
	}
	pending_io_settle(iso, l->io, !l->err, v);
	sched_release();
	kfree(l);
}

static void lookup_done(void *arg, int err, const char *addr)
{
	struct lookup *l = arg;
	l->err = err;
	if (addr)
		snprintf(l->addr, sizeof(l->addr), "%s", addr);   /* a ping keeps its target */
	if (!isolate_post_callback(l->isolate, lookup_settle, l)) {
		sched_release();         /* the isolate is gone */
		kfree(l);
	}
}

static void ping_done(void *arg, int err, uint64_t rtt_ns, int ttl)
{
	struct lookup *l = arg;
	l->rtt_ns = rtt_ns;
	l->ttl = ttl;
	lookup_done(l, err, NULL);
}

/* A promise and its lookup record, or NULL with an exception thrown. */
static struct lookup *new_request(JSContext *ctx, JSValue *promise)
{
	struct lookup *l = kmalloc(sizeof(*l));
	if (!l) {
		JS_ThrowOutOfMemory(ctx);
		return NULL;
	}
	memset(l, 0, sizeof(*l));
	l->isolate = isolate_of(ctx)->id;
	l->io = pending_io_promise(ctx, promise);
	if (!l->io) {
		kfree(l);
		return NULL;
	}
	sched_hold();
	return l;
}

/* ping(address, size, timeoutMs) -> Promise of { address, time, ttl } */
static JSValue js_ping(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
	(void)this_val; (void)argc;
	uint32_t size, timeout;
	if (JS_ToUint32(ctx, &size, argv[1]) || JS_ToUint32(ctx, &timeout, argv[2]))
		return JS_EXCEPTION;
	const char *addr = JS_ToCString(ctx, argv[0]);
	if (!addr)
		return JS_EXCEPTION;
	JSValue promise;
	struct lookup *l = new_request(ctx, &promise);
	if (l) {
		l->ping = true;
		snprintf(l->addr, sizeof(l->addr), "%s", addr);
		int r = net_ping(addr, size, timeout, ping_done, l);
		if (r < 0)
			lookup_done(l, r, NULL);
	}
	JS_FreeCString(ctx, addr);
	return l ? promise : JS_EXCEPTION;
}

/* dnsLookup(name, family 0 | 4 | 6) -> Promise of an address */
static JSValue js_dns_lookup(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
	(void)this_val;
	const char *name = JS_ToCString(ctx, argv[0]);
	if (!name)
		return JS_EXCEPTION;
	JSValue promise;
	struct lookup *l = new_request(ctx, &promise);
	if (l) {
		int32_t family = 0;
		if (argc > 1)
			JS_ToInt32(ctx, &family, argv[1]);
		int r = sock_lookup(name, family, lookup_done, l);
		if (r < 0)
			lookup_done(l, r, NULL);
	}
	JS_FreeCString(ctx, name);
	return l ? promise : JS_EXCEPTION;
}

/* dnsServers([addresses]) -> the servers in use (after setting them, if given) */
static JSValue js_dns_servers(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
	(void)this_val;
	if (argc > 0 && !JS_IsUndefined(argv[0])) {
		const char *addrs[2] = { NULL, NULL };
		uint32_t n = 0;
		JSValue len = JS_GetPropertyStr(ctx, argv[0], "length");
		int bad = JS_ToUint32(ctx, &n, len);
		JS_FreeValue(ctx, len);
		if (bad)
			return JS_EXCEPTION;
		if (n > 2)
			return JS_Throw(ctx, js_error(ctx, NULL, "EINVAL", "at most 2 DNS servers, not %u", n));
		int r = 0;
		for (uint32_t i = 0; i < n && r == 0; i++) {
			JSValue v = JS_GetPropertyUint32(ctx, argv[0], i);
			addrs[i] = JS_ToCString(ctx, v);
			JS_FreeValue(ctx, v);
			if (!addrs[i])
				r = -1;
		}
		if (r == 0 && sock_dns_servers(addrs, (int)n) < 0)
			r = -2;
		for (uint32_t i = 0; i < n; i++)
			JS_FreeCString(ctx, addrs[i]);
		if (r == -1)
			return JS_EXCEPTION;
		if (r == -2)
			return JS_Throw(ctx, js_error(ctx, NULL, "EINVAL", "a DNS server is an IPv4 or IPv6 address"));
	}
	JSValue list = JS_NewArray(ctx);
	char addr[SOCK_ADDR_LEN];
	for (int i = 0, at = 0; i < 2; i++)
		if (sock_dns_server(i, addr) == 0)
			JS_SetPropertyUint32(ctx, list, (uint32_t)at++, JS_NewString(ctx, addr));
	return list;
}

/* netInterfaces() -> [{ name, mac, internal, addresses: [{ address, family, prefix }] }] */
static JSValue js_net_interfaces(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
	(void)this_val; (void)argc; (void)argv;
	struct sock_iface ifs[4];
	int n = sock_interfaces(ifs, (int)ARRAY_SIZE(ifs));
	JSValue list = JS_NewArray(ctx);
	for (int i = 0; i < n; i++) {
		char mac[18];
		const uint8_t *m = ifs[i].mac;
		snprintf(mac, sizeof(mac), "%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2], m[3], m[4], m[5]);
		JSValue o = JS_NewObject(ctx), addrs = JS_NewArray(ctx);
		JS_SetPropertyStr(ctx, o, "name", JS_NewString(ctx, ifs[i].name));
		JS_SetPropertyStr(ctx, o, "mac", JS_NewString(ctx, mac));
		JS_SetPropertyStr(ctx, o, "internal", JS_NewBool(ctx, ifs[i].internal));
		for (int a = 0; a < ifs[i].naddrs; a++) {
			JSValue e = JS_NewObject(ctx);
			JS_SetPropertyStr(ctx, e, "address", JS_NewString(ctx, ifs[i].addrs[a].addr));
			JS_SetPropertyStr(ctx, e, "family", JS_NewInt32(ctx, ifs[i].addrs[a].family));
			JS_SetPropertyStr(ctx, e, "prefix", JS_NewInt32(ctx, ifs[i].addrs[a].prefix));
			JS_SetPropertyUint32(ctx, addrs, (uint32_t)a, e);
		}
		JS_SetPropertyStr(ctx, o, "addresses", addrs);
		JS_SetPropertyUint32(ctx, list, (uint32_t)i, o);
	}
	return list;
}

const JSCFunctionListEntry js_socket_funcs[] = {
	JS_CFUNC_DEF("netInterfaces", 0, js_net_interfaces),
	JS_CFUNC_DEF("sockUdp", 2, js_sock_udp),
	JS_CFUNC_DEF("sockListen", 4, js_sock_listen),
	JS_CFUNC_DEF("sockConnect", 3, js_sock_connect),
	JS_CFUNC_DEF("sockAccepted", 2, js_sock_accepted),
	JS_CFUNC_DEF("sockBind", 3, js_sock_bind),
	JS_CFUNC_DEF("sockSendTo", 4, js_sock_send_to),
	JS_CFUNC_DEF("sockWrite", 2, js_sock_write),
	JS_CFUNC_DEF("sockUnacked", 1, js_sock_unacked),
	JS_CFUNC_DEF("sockEnd", 1, js_sock_end),
	JS_CFUNC_DEF("sockClose", 2, js_sock_close),
	JS_CFUNC_DEF("sockPause", 2, js_sock_pause),
	JS_CFUNC_DEF("sockRef", 2, js_sock_ref),
	JS_CFUNC_DEF("sockOption", 4, js_sock_option),
	JS_CFUNC_DEF("sockAddress", 2, js_sock_address),
	JS_CFUNC_DEF("sockStats", 1, js_sock_stats),
	JS_CFUNC_DEF("dnsLookup", 2, js_dns_lookup),
	JS_CFUNC_DEF("ping", 3, js_ping),
	JS_CFUNC_DEF("dnsServers", 1, js_dns_servers),
};
const int js_socket_funcs_count = sizeof(js_socket_funcs) / sizeof(js_socket_funcs[0]);
