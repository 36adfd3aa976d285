/* Errors the bindings throw: an Error with a Node-style `code` (and
 * optionally its own name), and the one privilege check for rtjs:hw. */
#include <stdarg.h>
#include <stdio.h>

#include "isolate.h"

JSValue js_error(JSContext *ctx, const char *name, const char *code, const char *fmt, ...)
{
	char msg[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	JSValue err = JS_NewError(ctx);
	if (name)
		JS_SetPropertyStr(ctx, err, "name", JS_NewString(ctx, name));
	JS_SetPropertyStr(ctx, err, "message", JS_NewString(ctx, msg));
	if (code)
		JS_SetPropertyStr(ctx, err, "code", JS_NewString(ctx, code));
	return err;
}

bool js_denied(JSContext *ctx, const char *what)
{
	if (isolate_of(ctx)->privileged)
		return false;
	JS_Throw(ctx, js_error(ctx, NULL, "EPERM",
		"%s is only for privileged isolates (the first one, and children spawned with { privileged: true })", what));
	return true;
}
