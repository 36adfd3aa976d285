/* Structured clone between isolates: clone_write turns a value of one
 * QuickJS runtime into a message that belongs to no isolate, clone_read
 * builds the value again in another runtime. ArrayBuffers are transferred,
 * never copied; functions cross as ids the caller's hooks hand out. */
#ifndef JS_CLONE_H
#define JS_CLONE_H

#include <stddef.h>
#include <stdint.h>

#include "quickjs.h"

/* The largest message clone_write makes: strings are copied each time
 * they are reached, so a small heap can describe a huge message, and the
 * message is kernel heap that no isolate's limit covers. */
#ifndef CLONE_MAX_LEN
#define CLONE_MAX_LEN ((size_t)64 << 20)
#endif

/* Memory of a transferred ArrayBuffer. malloc'd; owned by the message
 * until clone_read adopts it (and sets mem to NULL). */
struct clone_buffer {
	void *mem;
	size_t len;
};

/* A serialized value, owned by no isolate: the holder frees it with
 * clone_msg_free. All three arrays are malloc'd (the kernel heap). */
struct clone_msg {
	uint8_t *data;
	size_t len, cap;
	struct clone_buffer *buffers;   /* memory handed over by transfer */
	size_t nbuffers;
};

/* What the caller (the IIC layer) decides for the two things that cannot
 * be copied. Any hook may be NULL, and h itself may be NULL: a value that
 * needs a missing hook is refused with a DataCloneError. */
struct clone_hooks {
	/* writer: a function is crossing; return an id >= 0 that names it, or
	 * -1 (exception set) to refuse. Called once per distinct function, only
	 * after the whole value was found cloneable. */
	int64_t (*export_function)(JSContext *ctx, JSValueConst fn, void *opaque);
	/* reader: the callable stand-in for function id. The id comes from the
	 * message: check it, and throw for an id you did not hand out. */
	JSValue (*import_function)(JSContext *ctx, int64_t id, void *opaque);
	/* writer: take an ArrayBuffer's memory and detach it (byteLength
	 * becomes 0). Return malloc-compatible memory of *len bytes (may be
	 * NULL when *len == 0) or NULL with an exception set. Called once per
	 * distinct buffer, only after the whole value was found cloneable and
	 * every function exported. */
	void *(*steal_buffer)(JSContext *ctx, JSValueConst array_buffer, size_t *len, void *opaque);
	/* reader: an ArrayBuffer of the reading isolate that owns mem from now
	 * on (zero copy), or JS_EXCEPTION, in which case mem stays the
	 * message's. */
	JSValue (*adopt_buffer)(JSContext *ctx, void *mem, size_t len, void *opaque);
	void *opaque;
};

/* Serializes value. Returns 0, or -1 with a DataCloneError (or
 * out-of-memory, or whatever a getter threw) pending in ctx. On failure
 * nothing was detached and *out is zeroed and holds nothing; on success
 * *out (whose old contents are overwritten, not freed) is the caller's.
 * Getters run, as in the HTML algorithm, so JS code may run. The one
 * failure that can come after a detach is a steal_buffer hook failing on a
 * second buffer: the first stays detached and its memory is freed. */
int clone_write(JSContext *ctx, JSValueConst value, const struct clone_hooks *h, struct clone_msg *out);

/* Builds the value in ctx (another runtime than the writer's). Adopts
 * msg's buffers (setting their mem to NULL in msg); msg itself stays the
 * caller's to free. Returns JS_EXCEPTION on failure, also for any corrupt
 * message; buffers not adopted by then are still msg's. */
JSValue clone_read(JSContext *ctx, struct clone_msg *msg, const struct clone_hooks *h);

/* Frees data and any buffers not adopted and zeroes msg; safe on a zeroed
 * msg and twice. */
void clone_msg_free(struct clone_msg *msg);

#endif
