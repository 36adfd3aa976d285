/* The native side of rtjs:internal/http_parser: llhttp, Node's HTTP/1.x
 * parser, under QuickJS. httpParserExecute(handle, bytes) runs llhttp over
 * the bytes and returns what happened as an array of event objects: one
 * call from JS to C per chunk received, none from C back to JS.
 * Knows QuickJS and llhttp only, so tests/host builds it as it is. */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <llhttp.h>
#include <quickjs.h>

#include "js_http_parser.h"

#define HEADER_SIZE_DEFAULT (16u << 10)   /* Node's --max-http-header-size */

/* Property names and event types, made atoms once per parser. */
#define ATOMS(X) X(type) X(begin) X(headers) X(body) X(complete) X(upgrade) X(method) X(url) \
	X(statusCode) X(statusMessage) X(versionMajor) X(versionMinor) X(keepAlive) \
	X(contentLength) X(chunked) X(data) X(trailers) X(head) X(code) X(reason) \
	X(bytesParsed) X(events)
#define ATOM_ENUM(name) A_##name,
enum { ATOMS(ATOM_ENUM) NATOMS };

enum parser_fail { FAIL_NONE, FAIL_OVERFLOW, FAIL_EXCEPTION };

struct http_parser {
	llhttp_t llh;                 /* llh.data points back here */
	uint32_t max_header_size;
	/* Bytes of the current start line and headers (or trailers) so far,
	 * counted as Node counts them: URL or status message, names, values. */
	uint32_t header_size;
	/* The current message's URL (or status message) and header names and
	 * values, or its trailers, as llhttp hands them over in fragments:
	 * text holds the pieces back to back, piece i ends at ends[i]. For the
	 * head, piece 0 is the URL or status message, then names and values
	 * alternate; for trailers, names and values alternate from piece 0.
	 * At most max_header_size bytes. */
	uint8_t *text;
	uint32_t text_len, text_cap;
	uint32_t *ends;
	uint32_t nends, ends_cap;
	bool upgraded;                /* llhttp stopped at an upgrade: the rest is not HTTP */
	bool finished;                /* finish() was called: llhttp would complete the message again */
	bool broken;                  /* llhttp stopped at an error: it parses nothing more */
	const char *code, *reason;    /* when broken: what execute() reports (static strings) */
	JSAtom atoms[NATOMS];

	/* These are set during one execute() or finish() only. No JS runs in
	 * between (properties are defined, never set), so the input buffer can
	 * neither be detached nor resized while llhttp reads it. */
	JSContext *ctx;
	JSValue events;               /* the array being filled */
	uint32_t nevents;
	JSValue buffer;               /* the ArrayBuffer parsed: body events are views of it */
	const uint8_t *base;          /* its first byte parsed, at byte offset base_offset */
	size_t base_offset;
	enum parser_fail fail;        /* why a callback returned HPE_USER */
};

static struct {
	JSClassID class_id;
} jshttp;

static struct http_parser *parser_of(llhttp_t *llh) { return llh->data; }

/* ---- events ---- */

static int define(struct http_parser *p, JSValueConst obj, int atom, JSValue v)
{
	if (JS_IsException(v) || JS_DefinePropertyValue(p->ctx, obj, p->atoms[atom], v, JS_PROP_C_W_E) < 0) {
		p->fail = FAIL_EXCEPTION;
		return -1;
	}
	return 0;
}

/* A new event { type } appended to the events; JS_UNDEFINED on failure. */
static JSValue event(struct http_parser *p, int type)
{
	JSContext *ctx = p->ctx;
	JSValue ev = JS_NewObject(ctx);
	if (JS_IsException(ev)) {
		p->fail = FAIL_EXCEPTION;
		return JS_UNDEFINED;
	}
	if (define(p, ev, A_type, JS_AtomToString(ctx, p->atoms[type])) < 0 ||
	    JS_DefinePropertyValueUint32(ctx, p->events, p->nevents, JS_DupValue(ctx, ev), JS_PROP_C_W_E) < 0) {
		JS_FreeValue(ctx, ev);
		p->fail = FAIL_EXCEPTION;
		return JS_UNDEFINED;
	}
	p->nevents++;
	return ev;
}

/* A JS string of header bytes, read as Latin-1 (as Node reads them). */
static JSValue latin1_string(JSContext *ctx, const uint8_t *s, size_t len)
{
	size_t high = 0;
	for (size_t i = 0; i < len; i++)
		high += s[i] >> 7;
	if (!high)
		return JS_NewStringLen(ctx, (const char *)s, len);
	/* JS_NewStringLen reads UTF-8: each byte of 0x80 and above is two. */
	char *u = js_malloc(ctx, len + high);
	if (!u)
		return JS_EXCEPTION;
	size_t n = 0;
	for (size_t i = 0; i < len; i++) {
		if (s[i] < 0x80) {
			u[n++] = (char)s[i];
		} else {
			u[n++] = (char)(0xc0 | s[i] >> 6);
			u[n++] = (char)(0x80 | (s[i] & 0x3f));
		}
	}
	JSValue v = JS_NewStringLen(ctx, u, n);
	js_free(ctx, u);
	return v;
}

static uint32_t piece_start(const struct http_parser *p, uint32_t i) { return i ? p->ends[i - 1] : 0; }

/* Piece i as a string; values lose trailing blanks, as in Node. */
static JSValue piece_string(struct http_parser *p, uint32_t i, bool trim)
{
	uint32_t start = piece_start(p, i), end = p->ends[i];
	while (trim && end > start && (p->text[end - 1] == ' ' || p->text[end - 1] == '\t'))
		end--;
	return latin1_string(p->ctx, p->text + start, end - start);
}

/* [name, value, name, value, ...] of the pieces from `first` on (Node's rawHeaders). */
static JSValue header_list(struct http_parser *p, uint32_t first)
{
	JSContext *ctx = p->ctx;
	JSValue list = JS_NewArray(ctx);
	if (JS_IsException(list))
		return list;
	for (uint32_t i = first; i < p->nends; i++) {
		JSValue v = piece_string(p, i, (i - first) & 1);
		/* JS_DefinePropertyValueUint32 takes v, even when it fails */
		if (JS_IsException(v) || JS_DefinePropertyValueUint32(ctx, list, i - first, v, JS_PROP_C_W_E) < 0) {
			JS_FreeValue(ctx, list);
			return JS_EXCEPTION;
		}
	}
	return list;
}

static void pieces_reset(struct http_parser *p)
{
	p->text_len = 0;
	p->nends = 0;
	p->header_size = 0;
}

/* ---- llhttp callbacks: each returns 0, or HPE_USER with p->fail set ---- */

/* A fragment of the current piece: counted, bounded, kept. */
static int piece_data(llhttp_t *llh, const char *at, size_t len)
{
	struct http_parser *p = parser_of(llh);
	if (len == 0)
		return 0;
	if (len > p->max_header_size - p->header_size) {
		p->fail = FAIL_OVERFLOW;
		return HPE_USER;
	}
	p->header_size += (uint32_t)len;
	if (p->text_len + len > p->text_cap) {
		uint32_t cap = p->text_cap ? p->text_cap : 256;
		while (cap < p->text_len + len)
			cap *= 2;
		uint8_t *t = js_realloc(p->ctx, p->text, cap);
		if (!t) {
			p->fail = FAIL_EXCEPTION;
			return HPE_USER;
		}
		p->text = t;
		p->text_cap = cap;
	}
	memcpy(p->text + p->text_len, at, len);
	p->text_len += (uint32_t)len;
	return 0;
}

/* The end of a piece (llhttp calls these even for an empty one). */
static int piece_end(llhttp_t *llh)
{
	struct http_parser *p = parser_of(llh);
	if (p->nends == p->ends_cap) {
		uint32_t cap = p->ends_cap ? 2 * p->ends_cap : 32;
		uint32_t *e = js_realloc(p->ctx, p->ends, cap * sizeof(*e));
		if (!e) {
			p->fail = FAIL_EXCEPTION;
			return HPE_USER;
		}
		p->ends = e;
		p->ends_cap = cap;
	}
	p->ends[p->nends++] = p->text_len;
	return 0;
}

static int on_message_begin(llhttp_t *llh)
{
	struct http_parser *p = parser_of(llh);
	pieces_reset(p);
	JSValue ev = event(p, A_begin);
	JS_FreeValue(p->ctx, ev);
	return p->fail ? HPE_USER : 0;
}

static int on_headers_complete(llhttp_t *llh)
{
	struct http_parser *p = parser_of(llh);
	JSContext *ctx = p->ctx;
	JSValue ev = event(p, A_headers);
	if (p->fail)
		return HPE_USER;
	bool ok;
	if (llh->type == HTTP_REQUEST) {
		ok = !define(p, ev, A_method, JS_NewString(ctx, llhttp_method_name(llh->method))) &&
		     !define(p, ev, A_url, p->nends ? piece_string(p, 0, false) : JS_NewString(ctx, ""));
	} else {
		ok = !define(p, ev, A_statusCode, JS_NewInt32(ctx, llh->status_code)) &&
		     !define(p, ev, A_statusMessage, p->nends ? piece_string(p, 0, false) : JS_NewString(ctx, ""));
	}
	ok = ok && !define(p, ev, A_versionMajor, JS_NewInt32(ctx, llh->http_major)) &&
	     !define(p, ev, A_versionMinor, JS_NewInt32(ctx, llh->http_minor)) &&
	     !define(p, ev, A_headers, header_list(p, 1)) &&
	     !define(p, ev, A_keepAlive, JS_NewBool(ctx, llhttp_should_keep_alive(llh))) &&
	     !define(p, ev, A_upgrade, JS_NewBool(ctx, llh->upgrade)) &&
	     !define(p, ev, A_contentLength, (llh->flags & F_CONTENT_LENGTH) ?
			JS_NewInt64(ctx, (int64_t)llh->content_length) : JS_NULL) &&
	     !define(p, ev, A_chunked, JS_NewBool(ctx, (llh->flags & F_CHUNKED) != 0));
	JS_FreeValue(ctx, ev);
	pieces_reset(p);
	return ok ? 0 : HPE_USER;
}

static int on_body(llhttp_t *llh, const char *at, size_t len)
{
	struct http_parser *p = parser_of(llh);
	JSContext *ctx = p->ctx;
	JSValue ev = event(p, A_body);
	if (p->fail)
		return HPE_USER;
	JSValue args[3] = {
		p->buffer,
		JS_NewInt64(ctx, (int64_t)(p->base_offset + (size_t)((const uint8_t *)at - p->base))),
		JS_NewInt64(ctx, (int64_t)len),
	};
	define(p, ev, A_data, JS_NewTypedArray(ctx, 3, args, JS_TYPED_ARRAY_UINT8));
	JS_FreeValue(ctx, ev);
	return p->fail ? HPE_USER : 0;
}

static int on_message_complete(llhttp_t *llh)
{
	struct http_parser *p = parser_of(llh);
	JSValue ev = event(p, A_complete);
	if (!p->fail)
		define(p, ev, A_trailers, header_list(p, 0));
	JS_FreeValue(p->ctx, ev);
	pieces_reset(p);
	return p->fail ? HPE_USER : 0;
}

static const llhttp_settings_t settings = {
	.on_message_begin = on_message_begin,
	.on_url = piece_data,
	.on_status = piece_data,
	.on_header_field = piece_data,
	.on_header_value = piece_data,
	.on_url_complete = piece_end,
	.on_status_complete = piece_end,
	.on_header_field_complete = piece_end,
	.on_header_value_complete = piece_end,
	.on_headers_complete = on_headers_complete,
	.on_body = on_body,
	.on_message_complete = on_message_complete,
};

/* ---- the JS functions ---- */

static void parser_finalizer(JSRuntime *rt, JSValue val)
{
	struct http_parser *p = JS_GetOpaque(val, jshttp.class_id);
	if (!p)
		return;
	for (int i = 0; i < NATOMS; i++)
		JS_FreeAtomRT(rt, p->atoms[i]);
	js_free_rt(rt, p->text);
	js_free_rt(rt, p->ends);
	js_free_rt(rt, p);
}

static JSClassDef parser_class = { "HTTPParserHandle", .finalizer = parser_finalizer };

/* httpParserNew(kind, maxHeaderSize) -> handle; kind 1 is a request
 * parser, 2 a response parser (llhttp's HTTP_REQUEST, HTTP_RESPONSE). */
static JSValue js_parser_new(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
	(void)this_val;
	int32_t kind;
	uint32_t max = HEADER_SIZE_DEFAULT;
	if (JS_ToInt32(ctx, &kind, argv[0]))
		return JS_EXCEPTION;
	if (kind != HTTP_REQUEST && kind != HTTP_RESPONSE)
		return JS_ThrowRangeError(ctx, "an HTTP parser parses requests (1) or responses (2)");
	if (argc > 1 && !JS_IsUndefined(argv[1])) {
		double d;
		if (JS_ToFloat64(ctx, &d, argv[1]))
			return JS_EXCEPTION;
		if (!(d >= 1 && d <= 0x7fffffff))
			return JS_ThrowRangeError(ctx, "maxHeaderSize must be 1 to 2147483647 bytes");
		max = (uint32_t)d;
	}
	JSRuntime *rt = JS_GetRuntime(ctx);
	if (!jshttp.class_id)
		JS_NewClassID(&jshttp.class_id);
	if (!JS_IsRegisteredClass(rt, jshttp.class_id) && JS_NewClass(rt, jshttp.class_id, &parser_class) < 0)
		return JS_EXCEPTION;
	JSValue obj = JS_NewObjectClass(ctx, (int)jshttp.class_id);
	if (JS_IsException(obj))
		return obj;
	struct http_parser *p = js_mallocz(ctx, sizeof(*p));
	if (!p) {
		JS_FreeValue(ctx, obj);
		return JS_EXCEPTION;
	}
	static const char *const names[NATOMS] = {
#define ATOM_NAME(name) #name,
		ATOMS(ATOM_NAME)
	};
	for (int i = 0; i < NATOMS; i++)
		p->atoms[i] = JS_NewAtom(ctx, names[i]);   /* JS_ATOM_NULL on failure: freeing it is a no-op */
	JS_SetOpaque(obj, p);        /* from here the finalizer frees p */
	for (int i = 0; i < NATOMS; i++) {
		if (p->atoms[i] == JS_ATOM_NULL) {
			JS_FreeValue(ctx, obj);
			return JS_EXCEPTION;
		}
	}
	p->max_header_size = max;
	p->events = JS_UNDEFINED;
	p->buffer = JS_UNDEFINED;
	llhttp_init(&p->llh, (llhttp_type_t)kind, &settings);
	p->llh.data = p;
	return obj;
}

static struct http_parser *handle_of(JSContext *ctx, JSValueConst v)
{
	struct http_parser *p = jshttp.class_id ? JS_GetOpaque(v, jshttp.class_id) : NULL;
	if (!p)
		JS_ThrowTypeError(ctx, "not an HTTP parser handle");
	else if (p->ctx)
		JS_ThrowInternalError(ctx, "the HTTP parser is already running");   /* cannot happen: no JS runs inside */
	else
		return p;
	return NULL;
}

static void run_begin(struct http_parser *p, JSContext *ctx, JSValue events)
{
	p->ctx = ctx;
	p->events = events;
	p->nevents = 0;
	p->fail = FAIL_NONE;
}

static void run_end(struct http_parser *p)
{
	p->ctx = NULL;
	p->events = JS_UNDEFINED;
	p->buffer = JS_UNDEFINED;
	p->base = NULL;
}

/* Node's parse error: Error('Parse Error: ' + reason) with code (llhttp's
 * name, e.g. HPE_INVALID_METHOD), reason and bytesParsed, and here also
 * the events of the messages before the error. Takes `events`. */
static JSValue parse_error(struct http_parser *p, size_t bytes_parsed, JSValue events)
{
	JSContext *ctx = p->ctx;
	const char *code = p->code, *reason = p->reason;
	char msg[160];
	size_t n = strlen(reason);
	if (n > sizeof(msg) - 14)
		n = sizeof(msg) - 14;
	memcpy(msg, "Parse Error: ", 13);
	memcpy(msg + 13, reason, n);
	msg[13 + n] = 0;
	JSValue e = JS_NewError(ctx);
	if (JS_IsException(e)) {
		JS_FreeValue(ctx, events);
		return e;
	}
	/* Out of memory on the way: that exception is pending instead. */
	JSValue message = JS_NewString(ctx, msg);
	if (JS_IsException(message) ||
	    JS_DefinePropertyValueStr(ctx, e, "message", message, JS_PROP_WRITABLE | JS_PROP_CONFIGURABLE) < 0 ||
	    define(p, e, A_code, JS_NewString(ctx, code)) < 0 ||
	    define(p, e, A_reason, JS_NewString(ctx, reason)) < 0 ||
	    define(p, e, A_bytesParsed, JS_NewInt64(ctx, (int64_t)bytes_parsed)) < 0) {
		JS_FreeValue(ctx, e);
		JS_FreeValue(ctx, events);
		return JS_EXCEPTION;
	}
	if (define(p, e, A_events, events) < 0) {   /* events taken */
		JS_FreeValue(ctx, e);
		return JS_EXCEPTION;
	}
	return JS_Throw(ctx, e);
}

/* What llhttp_execute or llhttp_finish returned, as the JS result: the
 * events, or a thrown parse error. llhttp stopped at byte `pos` of the
 * `len` bytes parsed. Takes `events`; ends the run. */
static JSValue run_result(struct http_parser *p, llhttp_errno_t err, size_t pos, size_t len, JSValue events)
{
	JSContext *ctx = p->ctx;
	JSValue r = events;
	if (err == HPE_OK) {
		/* events is the result */
	} else if (p->fail == FAIL_EXCEPTION) {
		JS_FreeValue(ctx, events);   /* out of memory: the exception is pending */
		r = JS_EXCEPTION;
		p->broken = true;        /* llhttp's state is past what the events say */
		p->code = llhttp_errno_name(HPE_USER);
		p->reason = "Out of memory";
	} else if (err == HPE_PAUSED_UPGRADE) {
		p->upgraded = true;
		JSValue ev = event(p, A_upgrade);
		if (!p->fail) {
			JSValue args[3] = { p->buffer, JS_NewInt64(ctx, (int64_t)(p->base_offset + pos)),
					    JS_NewInt64(ctx, (int64_t)(len - pos)) };
			define(p, ev, A_head, JS_NewTypedArray(ctx, 3, args, JS_TYPED_ARRAY_UINT8));
		}
		JS_FreeValue(ctx, ev);
		if (p->fail) {
			JS_FreeValue(ctx, events);
			r = JS_EXCEPTION;
		}
	} else {
		p->broken = true;
		if (p->fail == FAIL_OVERFLOW) {
			/* Node's code for it (llhttp has none): servers answer 431 */
			p->code = "HPE_HEADER_OVERFLOW";
			p->reason = "Header overflow";
		} else {
			p->code = llhttp_errno_name(err);
			p->reason = llhttp_get_error_reason(&p->llh);
			if (!p->reason)
				p->reason = p->code;
		}
		r = parse_error(p, pos, events);
	}
	run_end(p);
	return r;
}

/* httpParserExecute(handle, Uint8Array) -> events, or throws */
static JSValue js_parser_execute(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
	(void)this_val; (void)argc;
	struct http_parser *p = handle_of(ctx, argv[0]);
	if (!p)
		return JS_EXCEPTION;
	size_t off, len, bpe, size;
	JSValue buffer = JS_GetTypedArrayBuffer(ctx, argv[1], &off, &len, &bpe);
	if (JS_IsException(buffer))
		return buffer;
	uint8_t *data = JS_GetArrayBuffer(ctx, &size, buffer);   /* throws if detached */
	if (!data || off + len > size || bpe != 1) {
		JS_FreeValue(ctx, buffer);
		return data ? JS_ThrowTypeError(ctx, "execute() needs a Uint8Array") : JS_EXCEPTION;
	}
	JSValue events = JS_NewArray(ctx);
	if (JS_IsException(events)) {
		JS_FreeValue(ctx, buffer);
		return events;
	}
	run_begin(p, ctx, events);
	p->buffer = buffer;
	p->base = data + off;
	p->base_offset = off;
	JSValue r;
	if (p->broken) {
		r = parse_error(p, 0, events);
		run_end(p);
	} else if (p->upgraded) {
		r = run_result(p, HPE_PAUSED_UPGRADE, 0, len, events);
	} else {
		llhttp_errno_t err = llhttp_execute(&p->llh, (const char *)p->base, len);
		const char *at = llhttp_get_error_pos(&p->llh);
		size_t pos = err != HPE_OK && at ? (size_t)((const uint8_t *)at - p->base) : len;
		r = run_result(p, err, pos, len, events);
	}
	JS_FreeValue(ctx, buffer);
	return r;
}

/* httpParserFinish(handle) -> events: the connection ended. Completes a
 * response whose body runs to the end of the connection; throws
 * HPE_INVALID_EOF_STATE when a message was cut short. */
static JSValue js_parser_finish(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
	(void)this_val; (void)argc;
	struct http_parser *p = handle_of(ctx, argv[0]);
	if (!p)
		return JS_EXCEPTION;
	JSValue events = JS_NewArray(ctx);
	if (JS_IsException(events))
		return events;
	run_begin(p, ctx, events);
	if (p->broken) {
		JSValue r = parse_error(p, 0, events);
		run_end(p);
		return r;
	}
	if (p->upgraded || p->finished) {
		run_end(p);
		return events;
	}
	p->finished = true;
	return run_result(p, llhttp_finish(&p->llh), 0, 0, events);
}

/* httpParserResumeAfterUpgrade(handle): parse what follows an upgrade
 * event as HTTP again (a server that declines the upgrade). */
static JSValue js_parser_resume_after_upgrade(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
	(void)this_val; (void)argc;
	struct http_parser *p = handle_of(ctx, argv[0]);
	if (!p)
		return JS_EXCEPTION;
	if (p->upgraded) {
		p->upgraded = false;
		llhttp_resume_after_upgrade(&p->llh);
	}
	return JS_UNDEFINED;
}

const JSCFunctionListEntry js_http_parser_funcs[] = {
	JS_CFUNC_DEF("httpParserNew", 2, js_parser_new),
	JS_CFUNC_DEF("httpParserExecute", 2, js_parser_execute),
	JS_CFUNC_DEF("httpParserFinish", 1, js_parser_finish),
	JS_CFUNC_DEF("httpParserResumeAfterUpgrade", 1, js_parser_resume_after_upgrade),
};
const int js_http_parser_funcs_count = sizeof(js_http_parser_funcs) / sizeof(js_http_parser_funcs[0]);
