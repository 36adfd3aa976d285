/* spawn and terminate: the native side of isolate.spawn() and of a
 * handle's terminate() (lib/internal/isolates.js builds the API). */
#include <stdio.h>
#include <string.h>

#include "heap.h"
#include "isolate.h"
#include "kernel.h"
#include "scheduler.h"

#define CHILD_STACK_SIZE (256 * 1024)

static char *dup_cstring(JSContext *ctx, JSValueConst v)
{
	size_t len;
	const char *s = JS_ToCStringLen(ctx, &len, v);
	if (!s)
		return NULL;
	char *copy = kmalloc(len + 1);
	if (copy) {
		memcpy(copy, s, len);
		copy[len] = 0;
	}
	JS_FreeCString(ctx, s);
	return copy;
}

/* The child's env: the given object's string values, else the parent's. */
static int copy_env(JSContext *ctx, struct isolate *child, struct isolate *parent, JSValueConst env)
{
	if (JS_IsUndefined(env) || JS_IsNull(env)) {
		child->env = kmalloc(sizeof(char *) * 2 * (size_t)(parent->nenv + 1));
		if (!child->env)
			return -1;
		for (int i = 0; i < 2 * parent->nenv; i++) {
			size_t n = strlen(parent->env[i]) + 1;
			if (!(child->env[i] = kmalloc(n)))
				return -1;
			memcpy(child->env[i], parent->env[i], n);
			child->nenv = i / 2 + 1;
		}
		return 0;
	}
	JSPropertyEnum *props;
	uint32_t n;
	if (JS_GetOwnPropertyNames(ctx, &props, &n, env, JS_GPN_STRING_MASK | JS_GPN_ENUM_ONLY) < 0)
		return -1;
	child->env = kmalloc(sizeof(char *) * 2 * (n + 1));
	int r = child->env ? 0 : -1;
	for (uint32_t i = 0; i < n && r == 0; i++) {
		JSValue k = JS_AtomToString(ctx, props[i].atom);
		JSValue v = JS_GetProperty(ctx, env, props[i].atom);
		char *ks = dup_cstring(ctx, k), *vs = JS_IsException(v) ? NULL : dup_cstring(ctx, v);
		JS_FreeValue(ctx, k);
		JS_FreeValue(ctx, v);
		if (!ks || !vs) {
			kfree(ks);
			kfree(vs);
			r = -1;
			break;
		}
		child->env[2 * child->nenv] = ks;
		child->env[2 * child->nenv + 1] = vs;
		child->nenv++;
	}
	free_property_enum(ctx, props, n);
	return r;
}

static void discard(struct isolate *child)
{
	clone_msg_free(&child->data);
	for (int i = 0; i < 2 * child->nenv; i++)
		kfree(child->env[i]);
	kfree(child->env);
	kfree(child->source);
	isolate_unlink(child);
	kfree(child);
}

/* spawn(specifier | { source }, data, env, name, memoryLimit, privileged) -> id */
static JSValue js_spawn(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
	(void)this_val;
	struct isolate *self = isolate_of(ctx);
	const char *name = JS_IsUndefined(argv[3]) ? NULL : JS_ToCString(ctx, argv[3]);
	struct isolate *child = isolate_new(self->id, name ? name : "");
	if (name)
		JS_FreeCString(ctx, name);
	if (!child)
		return JS_ThrowOutOfMemory(ctx);

	if (JS_IsString(argv[0])) {
		const char *spec = JS_ToCString(ctx, argv[0]);
		if (!spec) {
			discard(child);
			return JS_EXCEPTION;
		}
		int r = module_resolve_entry(ctx, spec[0] == '/' ? spec + 1 : spec, child->entry, sizeof(child->entry));
		if (r < 0) {
			JS_ThrowReferenceError(ctx, "isolate.spawn: cannot find module '%s' in the app bundle", spec);
			JS_FreeCString(ctx, spec);
			discard(child);
			return JS_EXCEPTION;
		}
		JS_FreeCString(ctx, spec);
	} else {
		JSValue src = JS_IsObject(argv[0]) ? JS_GetPropertyStr(ctx, argv[0], "source") : JS_UNDEFINED;
		if (!JS_IsString(src)) {
			JS_FreeValue(ctx, src);
			discard(child);
			return JS_ThrowTypeError(ctx, "isolate.spawn: the specifier must be a module path or { source: string }");
		}
		child->source = dup_cstring(ctx, src);
		JS_FreeValue(ctx, src);
		if (!child->source) {
			discard(child);
			return JS_ThrowOutOfMemory(ctx);
		}
	}

	double limit = (double)self->memory_limit;
	if (!JS_IsUndefined(argv[4]) && (JS_ToFloat64(ctx, &limit, argv[4]) || !(limit >= 65536))) {
		discard(child);
		return JS_ThrowRangeError(ctx, "isolate.spawn: memoryLimit must be a number of bytes, at least 65536");
	}
	child->memory_limit = (size_t)limit;
	if (argc > 5 && JS_ToBool(ctx, argv[5])) {
		if (!self->privileged) {
			discard(child);
			return JS_ThrowTypeError(ctx, "isolate.spawn: only a privileged isolate can spawn a privileged one");
		}
		child->privileged = true;
	}

	if (copy_env(ctx, child, self, argv[2]) < 0) {
		discard(child);
		return JS_IsException(JS_GetException(ctx)) ? JS_EXCEPTION : JS_ThrowOutOfMemory(ctx);
	}
	struct clone_hooks hooks = iic_hooks(child->id);
	if (clone_write(ctx, argv[1], &hooks, &child->data) < 0) {
		discard(child);
		return JS_EXCEPTION;
	}
	if (!isolate_start(child, CHILD_STACK_SIZE)) {
		discard(child);
		return JS_ThrowOutOfMemory(ctx);
	}
	self->children_running++;
	return JS_NewInt32(ctx, child->id);
}

/* terminate(id): the child stops at its next safe point. */
static JSValue js_terminate(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
	(void)this_val;
	(void)argc;
	int32_t id;
	if (JS_ToInt32(ctx, &id, argv[0]))
		return JS_EXCEPTION;
	struct isolate *iso = isolate_find(id);
	if (iso && iso->state != ISOLATE_EXITED && iso != isolate_of(ctx)) {
		iso->terminated = true;
		thread_wake(iso->thread);
	}
	return JS_UNDEFINED;
}

const JSCFunctionListEntry js_isolate_funcs[] = {
	JS_CFUNC_DEF("spawn", 6, js_spawn),
	JS_CFUNC_DEF("terminate", 1, js_terminate),
};
const int js_isolate_funcs_count = sizeof(js_isolate_funcs) / sizeof(js_isolate_funcs[0]);
