/* The native side of raw Ethernet frames for privileged isolates
 * (lib/internal/rawnet.js, reached through rtjs:hw): list the network
 * devices, open one (its tap slot, netdev.h: one opener at a time, beside
 * the TCP/IP stack), send frames, and receive them as ArrayBuffers on the
 * opening isolate's thread.
 *
 * Received frames are copied in scheduler context into the handle's queue
 * (at most NET_QUEUE_FRAMES frames or NET_QUEUE_BYTES bytes waiting; beyond
 * that they are dropped and counted in queue_dropped), and one
 * callback message takes them to the isolate, which copies each into an
 * ArrayBuffer and calls onFrame. An open handle keeps its isolate and the
 * machine running (a pending_io entry and a sched_hold) until it is closed,
 * or the isolate exits and its runtime's finalizers close it. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "heap.h"
#include "isolate.h"
#include "kernel.h"
#include "netdev.h"
#include "scheduler.h"

#define NET_QUEUE_FRAMES 1024
#define NET_QUEUE_BYTES (2u << 20)
#define NET_BATCH 64                 /* frames per callback message before others get a turn */

struct queued_frame {
	struct queued_frame *next;
	size_t len;
	uint8_t data[];
};

struct net_handle {
	uint64_t id;                     /* what callback messages name: never a pointer that may be freed */
	int isolate;
	JSRuntime *rt;
	struct netdev *dev;              /* NULL once closed */
	JSValue on_frame;
	uint64_t keepalive;              /* pending_io id: the isolate has something in flight */
	struct queued_frame *head, *tail;
	unsigned queued;
	size_t queued_bytes;
	bool posted;                     /* a callback message is on its way */
	uint64_t queue_dropped;          /* frames lost because the queue was full */
	struct net_handle *next;         /* open handles */
};

static struct {
	JSClassID class_id;
	struct net_handle *open;
	uint64_t next_id;
} jsnet;

static JSValue net_error(JSContext *ctx, const char *code, const char *message)
{
	return JS_Throw(ctx, js_error(ctx, NULL, code, "%s", message));
}

static bool denied(JSContext *ctx) { return js_denied(ctx, "raw network frames (hw.net)"); }

static void free_queue(struct net_handle *h)
{
	while (h->head) {
		struct queued_frame *f = h->head;
		h->head = f->next;
		kfree(f);
	}
	h->tail = NULL;
	h->queued = 0;
	h->queued_bytes = 0;
}

/* Releases the device and everything that kept the isolate running. */
static void close_handle(struct net_handle *h)
{
	if (!h->dev)
		return;
	netdev_detach_tap(h->dev, h);
	h->dev = NULL;
	free_queue(h);
	for (struct net_handle **p = &jsnet.open; *p; p = &(*p)->next) {
		if (*p == h) {
			*p = h->next;
			break;
		}
	}
	struct isolate *iso = JS_GetRuntimeOpaque(h->rt);
	struct pending_io *io = iso ? pending_io_take(iso, h->keepalive) : NULL;
	if (io)
		js_free_rt(h->rt, io);   /* its resolve and reject are undefined */
	JS_FreeValueRT(h->rt, h->on_frame);
	h->on_frame = JS_UNDEFINED;
	sched_release();
}

static void handle_finalizer(JSRuntime *rt, JSValue val)
{
	struct net_handle *h = JS_GetOpaque(val, jsnet.class_id);
	if (h) {
		close_handle(h);
		kfree(h);
	}
}

static void handle_mark(JSRuntime *rt, JSValueConst val, JS_MarkFunc *mark_func)
{
	struct net_handle *h = JS_GetOpaque(val, jsnet.class_id);
	if (h)
		JS_MarkValue(rt, h->on_frame, mark_func);
}

static JSClassDef handle_class = { "NetHandle", .finalizer = handle_finalizer, .gc_mark = handle_mark };

static struct net_handle *find_open(uint64_t id)
{
	for (struct net_handle *h = jsnet.open; h; h = h->next)
		if (h->id == id)
			return h;
	return NULL;
}

static void deliver_frames(struct isolate *iso, void *ptr);

static void post(struct net_handle *h)
{
	h->posted = isolate_post_callback(h->isolate, deliver_frames, (void *)(uintptr_t)h->id);
}

/* On the isolate's thread: up to NET_BATCH frames to onFrame, running
 * promise jobs after each as Node does after every event. */
static void deliver_frames(struct isolate *iso, void *ptr)
{
	struct net_handle *h = find_open((uint64_t)(uintptr_t)ptr);
	if (!h)
		return;                  /* closed since */
	h->posted = false;
	JSContext *ctx = iso->ctx;
	for (int n = 0; n < NET_BATCH && h->dev && h->head; n++) {
		struct queued_frame *f = h->head;
		h->head = f->next;
		if (!h->head)
			h->tail = NULL;
		h->queued--;
		h->queued_bytes -= f->len;
		JSValue ab = JS_NewArrayBufferCopy(ctx, f->data, f->len);
		kfree(f);
		if (JS_IsException(ab)) {        /* out of memory: this frame is lost, not the isolate */
			JS_FreeValue(ctx, JS_GetException(ctx));
			h->queue_dropped++;
			continue;
		}
		JSValue fn = JS_DupValue(ctx, h->on_frame);   /* onFrame may close the handle */
		JSValue r = JS_Call(ctx, fn, JS_UNDEFINED, 1, (JSValueConst *)&ab);
		JS_FreeValue(ctx, fn);
		JS_FreeValue(ctx, ab);
		if (JS_IsException(r))
			isolate_report_exception(iso);   /* taken by a listener, the next frames still come */
		else
			JS_FreeValue(ctx, r);
		if (!isolate_run_jobs(iso) || iso->exiting || iso->terminated)
			return;
		/* The handle may have been closed (and collected) by what ran. */
		if (!(h = find_open((uint64_t)(uintptr_t)ptr)))
			return;
	}
	if (h->dev && h->head && !h->posted)
		post(h);
}

/* Scheduler context, from the driver: keep a copy for the isolate. */
static void receive(struct netdev *dev, const void *frame, size_t len, unsigned flags, void *arg)
{
	(void)flags;
	struct net_handle *h = arg;
	struct queued_frame *f = NULL;
	if (h->queued < NET_QUEUE_FRAMES && h->queued_bytes + len <= NET_QUEUE_BYTES)
		f = kmalloc(sizeof(*f) + len);
	if (!f) {
		h->queue_dropped++;
		return;
	}
	f->next = NULL;
	f->len = len;
	memcpy(f->data, frame, len);
	if (h->tail)
		h->tail->next = f;
	else
		h->head = f;
	h->tail = f;
	h->queued++;
	h->queued_bytes += len;
	if (!h->posted)
		post(h);
}

static void format_mac(char out[18], const uint8_t mac[6])
{
	snprintf(out, 18, "%02x:%02x:%02x:%02x:%02x:%02x", mac[0], mac[1], mac[2], mac[3], mac[4], mac[5]);
}

/* netDevices() -> [{ index, name, mac, linkUp, mtu, driver, features }] */
/* A device's counters (netdev.h), as stats() and devices() show them. */
static JSValue device_stats(JSContext *ctx, const struct netdev *d)
{
	JSValue o = JS_NewObject(ctx);
	JS_SetPropertyStr(ctx, o, "rxPackets", JS_NewInt64(ctx, (int64_t)d->stats.rx_packets));
	JS_SetPropertyStr(ctx, o, "rxBytes", JS_NewInt64(ctx, (int64_t)d->stats.rx_bytes));
	JS_SetPropertyStr(ctx, o, "rxDropped", JS_NewInt64(ctx, (int64_t)d->stats.rx_dropped));
	JS_SetPropertyStr(ctx, o, "txPackets", JS_NewInt64(ctx, (int64_t)d->stats.tx_packets));
	JS_SetPropertyStr(ctx, o, "txBytes", JS_NewInt64(ctx, (int64_t)d->stats.tx_bytes));
	JS_SetPropertyStr(ctx, o, "txDropped", JS_NewInt64(ctx, (int64_t)d->stats.tx_dropped));
	JS_SetPropertyStr(ctx, o, "txCsumOffloaded", JS_NewInt64(ctx, (int64_t)d->stats.tx_csum_offloaded));
	JS_SetPropertyStr(ctx, o, "rxCsumValid", JS_NewInt64(ctx, (int64_t)d->stats.rx_csum_valid));
	JS_SetPropertyStr(ctx, o, "txQueued", JS_NewInt64(ctx, (int64_t)d->stats.tx_queued));
	return o;
}

static JSValue js_net_devices(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
	(void)this_val; (void)argc; (void)argv;
	if (denied(ctx))
		return JS_EXCEPTION;
	JSValue list = JS_NewArray(ctx);
	for (int i = 0; i < netdev_count(); i++) {
		struct netdev *d = netdev_get(i);
		char mac[18];
		format_mac(mac, d->mac);
		JSValue o = JS_NewObject(ctx);
		JS_SetPropertyStr(ctx, o, "index", JS_NewInt32(ctx, i));
		JS_SetPropertyStr(ctx, o, "name", JS_NewString(ctx, d->name));
		JS_SetPropertyStr(ctx, o, "mac", JS_NewString(ctx, mac));
		JS_SetPropertyStr(ctx, o, "linkUp", JS_NewBool(ctx, netdev_link_up(d)));
		JS_SetPropertyStr(ctx, o, "mtu", JS_NewInt32(ctx, d->mtu));
		JS_SetPropertyStr(ctx, o, "driver", JS_NewString(ctx, d->driver_name));
		JS_SetPropertyStr(ctx, o, "features", JS_NewString(ctx, d->features));
		JS_SetPropertyStr(ctx, o, "stats", device_stats(ctx, d));
		JS_SetPropertyUint32(ctx, list, (uint32_t)i, o);
	}
	return list;
}

/* netOpen(index, onFrame) -> handle */
static JSValue js_net_open(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
	(void)this_val; (void)argc;
	if (denied(ctx))
		return JS_EXCEPTION;
	int32_t index;
	if (JS_ToInt32(ctx, &index, argv[0]))
		return JS_EXCEPTION;
	struct netdev *dev = netdev_get(index);
	if (!dev)
		return net_error(ctx, "ENODEV", "no such network device");
	if (!JS_IsFunction(ctx, argv[1]))
		return JS_ThrowTypeError(ctx, "onFrame must be a function");
	if (dev->tap)
		return net_error(ctx, "EBUSY", "the network device is open already (one opener at a time)");
	JSRuntime *rt = JS_GetRuntime(ctx);
	if (!jsnet.class_id)
		JS_NewClassID(&jsnet.class_id);
	if (!JS_IsRegisteredClass(rt, jsnet.class_id) && JS_NewClass(rt, jsnet.class_id, &handle_class) < 0)
		return JS_EXCEPTION;
	JSValue obj = JS_NewObjectClass(ctx, (int)jsnet.class_id);
	if (JS_IsException(obj))
		return obj;
	struct net_handle *h = kmalloc(sizeof(*h));
	if (!h) {
		JS_FreeValue(ctx, obj);
		return JS_ThrowOutOfMemory(ctx);
	}
	memset(h, 0, sizeof(*h));
	h->id = ++jsnet.next_id;
	h->isolate = isolate_of(ctx)->id;
	h->rt = rt;
	h->on_frame = JS_UNDEFINED;
	JS_SetOpaque(obj, h);            /* from here the finalizer frees h */
	h->keepalive = pending_io_add(isolate_of(ctx), JS_UNDEFINED, JS_UNDEFINED);
	if (!h->keepalive) {
		JS_FreeValue(ctx, obj);
		return JS_ThrowOutOfMemory(ctx);
	}
	if (netdev_attach_tap(dev, receive, h) < 0) {   /* cannot happen: checked above, nothing ran since */
		struct pending_io *io = pending_io_take(isolate_of(ctx), h->keepalive);
		js_free(ctx, io);
		JS_FreeValue(ctx, obj);
		return net_error(ctx, "EBUSY", "the network device is open already (one opener at a time)");
	}
	h->dev = dev;
	h->on_frame = JS_DupValue(ctx, argv[1]);
	h->next = jsnet.open;
	jsnet.open = h;
	sched_hold();                    /* frames may arrive and wake this isolate */
	return obj;
}

static struct net_handle *open_handle(JSContext *ctx, JSValueConst v)
{
	struct net_handle *h = jsnet.class_id ? JS_GetOpaque(v, jsnet.class_id) : NULL;
	if (!h) {
		JS_ThrowTypeError(ctx, "not a network handle");
		return NULL;
	}
	if (!h->dev) {
		net_error(ctx, "EBADF", "the network handle is closed");
		return NULL;
	}
	return h;
}

/* netSend(handle, ArrayBuffer | view) -> true, or false when the ring is full */
static JSValue js_net_send(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
	(void)this_val; (void)argc;
	struct net_handle *h = open_handle(ctx, argv[0]);
	if (!h)
		return JS_EXCEPTION;
	size_t off = 0, len, bpe, total;
	const uint8_t *src;
	JSValue ab = JS_GetTypedArrayBuffer(ctx, argv[1], &off, &len, &bpe);
	if (JS_IsException(ab)) {
		JS_FreeValue(ctx, JS_GetException(ctx));
		off = 0;
		src = JS_GetArrayBuffer(ctx, &len, argv[1]);
	} else {
		src = JS_GetArrayBuffer(ctx, &total, ab);
		JS_FreeValue(ctx, ab);
	}
	if (!src) {
		JS_FreeValue(ctx, JS_GetException(ctx));
		return JS_ThrowTypeError(ctx, "a frame is an ArrayBuffer or a view of one");
	}
	int err = h->dev->send(h->dev, src + off, len);
	switch (err) {
	case 0: return JS_TRUE;
	case -EAGAIN: return JS_FALSE;
	case -EMSGSIZE: {
		char why[96];
		snprintf(why, sizeof(why), "a frame of %zu bytes is larger than the device's %zu (MTU %u + 18)", len,
			 netdev_max_frame(h->dev), h->dev->mtu);
		return net_error(ctx, "EMSGSIZE", why);
	}
	case -EINVAL: return net_error(ctx, "EINVAL", "a frame is at least 14 bytes (an Ethernet header)");
	case -ENOMEM: return JS_ThrowOutOfMemory(ctx);
	default: return net_error(ctx, "ENODEV", "the network device has failed");
	}
}

/* netClose(handle): idempotent. */
static JSValue js_net_close(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
	(void)this_val; (void)argc;
	struct net_handle *h = jsnet.class_id ? JS_GetOpaque(argv[0], jsnet.class_id) : NULL;
	if (!h)
		return JS_ThrowTypeError(ctx, "not a network handle");
	close_handle(h);
	return JS_UNDEFINED;
}

/* netStats(handle) -> the device's counters, and this handle's queue: frames
 * waiting for onFrame, frames lost because it was full */
static JSValue js_net_stats(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
	(void)this_val; (void)argc;
	struct net_handle *h = open_handle(ctx, argv[0]);
	if (!h)
		return JS_EXCEPTION;
	JSValue o = device_stats(ctx, h->dev);
	JS_SetPropertyStr(ctx, o, "queued", JS_NewInt32(ctx, (int32_t)h->queued));
	JS_SetPropertyStr(ctx, o, "queueDropped", JS_NewInt64(ctx, (int64_t)h->queue_dropped));
	return o;
}


const JSCFunctionListEntry js_net_funcs[] = {
	JS_CFUNC_DEF("netDevices", 0, js_net_devices),
	JS_CFUNC_DEF("netOpen", 2, js_net_open),
	JS_CFUNC_DEF("netSend", 2, js_net_send),
	JS_CFUNC_DEF("netClose", 1, js_net_close),
	JS_CFUNC_DEF("netStats", 1, js_net_stats),
};
const int js_net_funcs_count = sizeof(js_net_funcs) / sizeof(js_net_funcs[0]);
