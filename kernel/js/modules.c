/* ES module resolution and loading. Three sources, one naming scheme:
 *   "/path/file.js"        a file of the app bundle (relative and bare
 *                          specifiers resolve to these, Node-style)
 *   "node:NAME"            lib/NAME.js, importable as 'NAME' or 'node:NAME'
 *   "rtjs:NAME"            lib/rtjs/NAME.js, public rtjs modules
 *   "rtjs:internal/NAME"   lib/internal/NAME.js and the C module
 *   "rtjs:native"          importable only from the library itself
 *                          (rtjs:internal/NAME also from apps under
 *                          rtjs.expose-internals, Node's --expose-internals,
 *                          for tests of the library's insides).
 * The library is loaded from bytecode compiled at build time (tools/jsc.c),
 * bundle files from source. A bundle file that is CommonJS (module_format)
 * is run by lib/internal/cjs.js and imported as a C module of its exports. */
#include <stdio.h>
#include <string.h>

#include "bundle.h"
#include "isolate.h"
#include "kernel.h"
#include "rtjs.h"

#define PATH_MAX_ 1024

static bool is_internal(const char *name)
{
	return !strcmp(name, "rtjs:native") || !strncmp(name, "rtjs:internal/", 14);
}

static bool is_library(const char *name)
{
	return !strncmp(name, "node:", 5) || !strncmp(name, "rtjs:", 5);
}

/* The library module behind a name, or NULL. The library is bytecode,
 * compiled at build time under these very names (tools/jsc.c). */
static const struct builtin_bytecode *library_module(const char *name)
{
	return is_library(name) ? builtin_bytecode_find(name) : 0;
}

static bool file_exists(const char *path)
{
	const uint8_t *d;
	size_t n;
	return bundle_find(path, &d, &n);
}

/* Joins dir and a relative path, resolving "." and ".." segments. */
static void path_join(char *out, size_t cap, const char *dir, const char *rel)
{
	char buf[PATH_MAX_];
	snprintf(buf, sizeof(buf), "%s/%s", rel[0] == '/' ? "" : dir, rel);
	size_t n = 0;
	out[0] = 0;
	for (char *seg = strtok(buf, "/"); seg; seg = strtok(NULL, "/")) {
		if (!strcmp(seg, "."))
			continue;
		if (!strcmp(seg, "..")) {
			while (n > 0 && out[n - 1] != '/')
				n--;
			if (n > 0)
				n--;
			out[n] = 0;
			continue;
		}
		n += (size_t)snprintf(out + n, cap - n, "/%s", seg);
		if (n >= cap)
			n = cap - 1;
	}
	if (n == 0)
		snprintf(out, cap, "/");
}

/* DIR/package.json parsed, or JS_UNDEFINED when there is none (or it is
 * not JSON: a broken package.json is treated as absent, as before). */
static JSValue package_json(JSContext *ctx, const char *dir)
{
	char path[PATH_MAX_];
	const uint8_t *data;
	size_t len;
	snprintf(path, sizeof(path), "%s/package.json", strcmp(dir, "/") ? dir : "");
	if (!bundle_find(path, &data, &len))
		return JS_UNDEFINED;
	char *text = js_malloc(ctx, len + 1);
	if (!text)
		return JS_UNDEFINED;
	memcpy(text, data, len);
	text[len] = 0;
	JSValue pkg = JS_ParseJSON(ctx, text, len, path);
	js_free(ctx, text);
	if (JS_IsException(pkg)) {
		JS_FreeValue(ctx, JS_GetException(ctx));
		return JS_UNDEFINED;
	}
	return pkg;
}

/* The target of package.json "exports" for the package itself ("."), as
 * an ES module sees it: the string form, { ".": T }, or conditions where
 * "import", "node", "module" and "default" match, in the object's order.
 * Subpaths ("./feature") are not resolved here. Returns a string or
 * JS_UNDEFINED. */
static JSValue exports_target(JSContext *ctx, JSValue v, int depth)
{
	if (JS_IsString(v) || depth > 8)
		return JS_IsString(v) ? JS_DupValue(ctx, v) : JS_UNDEFINED;
	if (JS_IsArray(ctx, v)) {
		JSValue first = JS_GetPropertyUint32(ctx, v, 0);
		JSValue t = exports_target(ctx, first, depth + 1);
		JS_FreeValue(ctx, first);
		return t;
	}
	if (!JS_IsObject(v))
		return JS_UNDEFINED;
	JSValue dot = JS_GetPropertyStr(ctx, v, ".");
	if (!JS_IsUndefined(dot)) {
		JSValue t = exports_target(ctx, dot, depth + 1);
		JS_FreeValue(ctx, dot);
		return t;
	}
	JSPropertyEnum *props;
	uint32_t n;
	if (JS_GetOwnPropertyNames(ctx, &props, &n, v, JS_GPN_STRING_MASK | JS_GPN_ENUM_ONLY) < 0) {
		JS_FreeValue(ctx, JS_GetException(ctx));
		return JS_UNDEFINED;
	}
	JSValue t = JS_UNDEFINED;
	for (uint32_t i = 0; i < n && JS_IsUndefined(t); i++) {
		const char *key = JS_AtomToCString(ctx, props[i].atom);
		if (key && (!strcmp(key, "import") || !strcmp(key, "node") || !strcmp(key, "module") ||
			    !strcmp(key, "default"))) {
			JSValue c = JS_GetProperty(ctx, v, props[i].atom);
			t = exports_target(ctx, c, depth + 1);
			JS_FreeValue(ctx, c);
		}
		JS_FreeCString(ctx, key);
	}
	for (uint32_t i = 0; i < n; i++)
		JS_FreeAtom(ctx, props[i].atom);
	js_free(ctx, props);
	return t;
}

/* The entry of the package in DIR as an ES module sees it: package.json
 * "exports", else "module", else "main". */
static bool package_main(JSContext *ctx, const char *dir, char *out, size_t cap)
{
	JSValue pkg = package_json(ctx, dir);
	if (!JS_IsObject(pkg))
		return false;
	bool found = false;
	JSValue exports = JS_GetPropertyStr(ctx, pkg, "exports");
	JSValue target = exports_target(ctx, exports, 0);
	JS_FreeValue(ctx, exports);
	static const char *const fields[] = { "module", "main" };
	for (int i = 0; i < 2 && !JS_IsString(target); i++) {
		JS_FreeValue(ctx, target);
		target = JS_GetPropertyStr(ctx, pkg, fields[i]);
	}
	if (JS_IsString(target)) {
		const char *s = JS_ToCString(ctx, target);
		if (s) {
			path_join(out, cap, dir, s);
			found = true;
			JS_FreeCString(ctx, s);
		}
	}
	JS_FreeValue(ctx, target);
	JS_FreeValue(ctx, pkg);
	return found;
}

/* Node's file resolution: X, X.js, X.mjs, X/package.json main, X/index.js. */
static bool resolve_file(JSContext *ctx, const char *path, char *out, size_t cap)
{
	static const char *const exts[] = { "", ".js", ".mjs", ".json" };
	for (size_t i = 0; i < ARRAY_SIZE(exts); i++) {
		snprintf(out, cap, "%s%s", path, exts[i]);
		if (file_exists(out))
			return true;
	}
	char main[PATH_MAX_];
	if (package_main(ctx, path, main, sizeof(main)) && resolve_file(ctx, main, out, cap))
		return true;
	static const char *const index[] = { "/index.js", "/index.mjs" };
	for (size_t i = 0; i < ARRAY_SIZE(index); i++) {
		snprintf(out, cap, "%s%s", strcmp(path, "/") ? path : "", index[i]);
		if (file_exists(out))
			return true;
	}
	return false;
}

static char *normalize(JSContext *ctx, const char *base, const char *name, void *opaque)
{
	(void)opaque;
	char out[PATH_MAX_], dir[PATH_MAX_];
	bool from_library = is_library(base);

	bool prefixed = !strncmp(name, "node:", 5) || !strncmp(name, "rtjs:", 5);
	/* 'timers/promises' and the like are built-in subpaths, as in Node. */
	if (!prefixed && strchr(name, '/') && name[0] != '.' && name[0] != '/') {
		snprintf(out, sizeof(out), "node:%s", name);
		if (library_module(out))
			return js_strdup(ctx, out);
	}
	if (prefixed || !strchr(name, '/')) {
		/* A built-in module wins over a package of the same name, as in Node. */
		snprintf(out, sizeof(out), "%s%s", prefixed ? "" : "node:", name);
		if (!strcmp(out, "rtjs:hw") && js_denied(ctx, "rtjs:hw"))
			return NULL;
		bool exposed = kernel_config.expose_internals && !strncmp(out, "rtjs:internal/", 14);
		if (is_internal(out) && !from_library && !exposed) {
			JS_ThrowReferenceError(ctx, "module '%s' is internal to the rtjs library (imported from '%s')", name, base);
			return NULL;
		}
		if (!strcmp(out, "rtjs:native") || library_module(out))
			return js_strdup(ctx, out);
		if (prefixed) {
			JS_ThrowReferenceError(ctx, "Cannot find module '%s' imported from '%s': no such built-in module", name, base);
			return NULL;
		}
	}

	/* A file of the bundle: relative, absolute, or a package in node_modules. */
	snprintf(dir, sizeof(dir), "%s", from_library ? "/" : base);
	char *slash = strrchr(dir, '/');
	if (slash)
		*(slash == dir ? slash + 1 : slash) = 0;
	if (name[0] == '.' || name[0] == '/') {
		char joined[PATH_MAX_];
		path_join(joined, sizeof(joined), dir, name);
		if (resolve_file(ctx, joined, out, sizeof(out)))
			return js_strdup(ctx, out);
	} else {
		for (;;) {
			char candidate[PATH_MAX_];
			snprintf(candidate, sizeof(candidate), "%s/node_modules/%s", strcmp(dir, "/") ? dir : "", name);
			if (resolve_file(ctx, candidate, out, sizeof(out)))
				return js_strdup(ctx, out);
			if (!strcmp(dir, "/"))
				break;
			slash = strrchr(dir, '/');
			*(slash == dir ? slash + 1 : slash) = 0;
		}
	}
	JS_ThrowReferenceError(ctx, "Cannot find module '%s' imported from '%s'", name, base);
	return NULL;
}

/* A compiled or read module M (or an exception) with import.meta set:
 * { url: "file:///path.js", filename: "/path.js" } or { url: "node:util" }. */
static JSModuleDef *module_def(JSContext *ctx, const char *name, JSValue m)
{
	if (JS_IsException(m))
		return NULL;
	JSModuleDef *def = JS_VALUE_GET_PTR(m);
	JSValue meta = JS_GetImportMeta(ctx, def);
	if (!JS_IsException(meta)) {
		char url[PATH_MAX_ + 8];
		snprintf(url, sizeof(url), "%s%s", name[0] == '/' ? "file://" : "", name);
		JS_SetPropertyStr(ctx, meta, "url", JS_NewString(ctx, url));
		if (name[0] == '/')
			JS_SetPropertyStr(ctx, meta, "filename", JS_NewString(ctx, name));
		JS_FreeValue(ctx, meta);
	}
	JS_FreeValue(ctx, m);   /* the module stays alive in the context */
	return def;
}

static JSModuleDef *compile(JSContext *ctx, const char *name, const char *src, size_t len)
{
	/* JS_Eval needs a NUL after the source; bundle files have none. */
	char *copy = js_malloc(ctx, len + 1);
	if (!copy)
		return NULL;
	memcpy(copy, src, len);
	copy[len] = 0;
	JSValue m;
	size_t name_len = strlen(name);
	if (name_len > 5 && !strcmp(name + name_len - 5, ".json")) {
		/* JSON: a module whose default export is the parsed value. */
		JSValue v = JS_ParseJSON(ctx, copy, len, name);
		js_free(ctx, copy);
		if (JS_IsException(v))
			return NULL;
		JSValue str = JS_JSONStringify(ctx, v, JS_UNDEFINED, JS_UNDEFINED);
		JS_FreeValue(ctx, v);
		if (JS_IsException(str))
			return NULL;
		const char *json = JS_ToCString(ctx, str);
		JS_FreeValue(ctx, str);
		if (!json)
			return NULL;
		size_t n = strlen(json) + 32;
		char *wrapped = js_malloc(ctx, n);
		if (!wrapped) {
			JS_FreeCString(ctx, json);
			return NULL;
		}
		n = (size_t)snprintf(wrapped, n, "export default %s;", json);
		JS_FreeCString(ctx, json);
		m = JS_Eval(ctx, wrapped, n, name, JS_EVAL_TYPE_MODULE | JS_EVAL_FLAG_COMPILE_ONLY);
		js_free(ctx, wrapped);
	} else {
		m = JS_Eval(ctx, copy, len, name, JS_EVAL_TYPE_MODULE | JS_EVAL_FLAG_COMPILE_ONLY);
		js_free(ctx, copy);
	}
	return module_def(ctx, name, m);
}

/* Reads a library module's bytecode. Its name is inside, put there by
 * tools/jsc; the library modules are trusted and built with this QuickJS. */
static JSModuleDef *read_bytecode(JSContext *ctx, const char *name, const struct builtin_bytecode *bc)
{
	JSValue m = JS_ReadObject(ctx, bc->data, bc->len, JS_READ_OBJ_BYTECODE);
	if (!JS_IsException(m) && JS_VALUE_GET_TAG(m) != JS_TAG_MODULE) {
		JS_FreeValue(ctx, m);
		JS_ThrowInternalError(ctx, "the bytecode of '%s' is not a module", name);
		m = JS_EXCEPTION;
	}
	return module_def(ctx, name, m);
}

static bool has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);
	return n >= k && !strcmp(s + n - k, suffix);
}

/* Wraps SRC in Node's CommonJS function and compiles it as a script
 * named NAME (line numbers stay those of the file): the function, or an
 * exception. FLAGS may add JS_EVAL_FLAG_COMPILE_ONLY. */
static JSValue commonjs_compile(JSContext *ctx, const char *name, const char *src, size_t len, int flags)
{
	static const char head[] = "(function (exports, require, module, __filename, __dirname) {";
	static const char tail[] = "\n})";
	size_t n = sizeof(head) - 1 + len + sizeof(tail) - 1;
	char *text = js_malloc(ctx, n + 1);
	if (!text)
		return JS_EXCEPTION;
	memcpy(text, head, sizeof(head) - 1);
	memcpy(text + sizeof(head) - 1, src, len);
	memcpy(text + sizeof(head) - 1 + len, tail, sizeof(tail));
	/* A "#!" line is a comment, as in Node. */
	if (len >= 2 && src[0] == '#' && src[1] == '!')
		memcpy(text + sizeof(head) - 1, "//", 2);
	JSValue f = JS_Eval(ctx, text, n, name, JS_EVAL_TYPE_GLOBAL | flags);
	js_free(ctx, text);
	return f;
}

/* The "type" of the package.json nearest to PATH (walking up its
 * folders): MODULE_CJS for "commonjs", MODULE_ESM for "module", else -1
 * (no package.json, or one without "type"). */
static int package_type(JSContext *ctx, const char *path)
{
	char dir[PATH_MAX_];
	snprintf(dir, sizeof(dir), "%s", path);
	for (;;) {
		char *slash = strrchr(dir, '/');
		if (!slash)
			return -1;
		*(slash == dir ? slash + 1 : slash) = 0;
		JSValue pkg = package_json(ctx, dir);
		if (JS_IsObject(pkg)) {
			JSValue type = JS_GetPropertyStr(ctx, pkg, "type");
			const char *t = JS_IsString(type) ? JS_ToCString(ctx, type) : NULL;
			int format = t && !strcmp(t, "commonjs") ? MODULE_CJS : t && !strcmp(t, "module") ? MODULE_ESM : -1;
			JS_FreeCString(ctx, t);
			JS_FreeValue(ctx, type);
			JS_FreeValue(ctx, pkg);
			return format;
		}
		if (!strcmp(dir, "/"))
			return -1;
	}
}

/* Whether some line of SRC starts (after blanks) with an import or export
 * declaration: what tells ES module syntax from a mistake in a file that
 * does not compile as CommonJS. */
static bool has_esm_line(const char *src)
{
	for (const char *p = src; p; p = strchr(p, '\n')) {
		while (*p == '\n' || *p == ' ' || *p == '\t' || *p == '\r')
			p++;
		if (!strncmp(p, "import", 6) || !strncmp(p, "export", 6)) {
			char c = p[6];
			if (c == ' ' || c == '\t' || c == '{' || c == '*' || c == '"' || c == '\'')
				return true;
		}
	}
	return false;
}

/* Which kind of module the bundle file PATH is, by Node's rules: .mjs is
 * ESM, .cjs CommonJS, .json JSON; a .js file follows the nearest
 * package.json "type". Without one, the app's own files are ES modules
 * (every rtjs app so far is), and a file under node_modules is CommonJS
 * unless QuickJS says it starts with import/export, or it does not compile
 * as a CommonJS function body and has a line starting with an import or
 * export declaration (Node's syntax detection, made simple). */
int module_format(JSContext *ctx, const char *path)
{
	if (has_suffix(path, ".json"))
		return MODULE_JSON;
	if (has_suffix(path, ".mjs"))
		return MODULE_ESM;
	if (has_suffix(path, ".cjs"))
		return MODULE_CJS;
	int type = package_type(ctx, path);
	if (type >= 0)
		return type;
	const uint8_t *data;
	size_t len;
	if (!strstr(path, "/node_modules/") || !bundle_find(path, &data, &len))
		return MODULE_ESM;
	char *src = js_malloc(ctx, len + 1);
	if (!src)
		return MODULE_ESM;
	memcpy(src, data, len);
	src[len] = 0;
	int format = MODULE_CJS;
	if (JS_DetectModule(src, len)) {
		format = MODULE_ESM;
	} else {
		JSValue f = commonjs_compile(ctx, path, src, len, JS_EVAL_FLAG_COMPILE_ONLY);
		if (JS_IsException(f)) {
			JS_FreeValue(ctx, JS_GetException(ctx));
			if (has_esm_line(src))
				format = MODULE_ESM;
		}
		JS_FreeValue(ctx, f);
	}
	js_free(ctx, src);
	return format;
}

static int array_length(JSContext *ctx, JSValueConst a, int64_t *n)
{
	JSValue len = JS_GetPropertyStr(ctx, a, "length");
	int r = JS_ToInt64(ctx, n, len);
	JS_FreeValue(ctx, len);
	return r;
}

/* Calls FN of lib/internal/cjs.js, loading it on first use. */
static JSValue commonjs_call(JSContext *ctx, const char *fn, int argc, JSValue *argv)
{
	struct isolate *iso = isolate_of(ctx);
	if (JS_IsUndefined(iso->commonjs)) {
		JSValue ns = module_import_sync(ctx, "rtjs:internal/cjs");
		if (JS_IsException(ns))
			return ns;
		iso->commonjs = ns;
	}
	JSValue f = JS_GetPropertyStr(ctx, iso->commonjs, fn);
	JSValue r = JS_Call(ctx, f, JS_UNDEFINED, argc, argv);
	JS_FreeValue(ctx, f);
	return r;
}

/* [[name, value], ...] of CommonJS module PATH for an importer: its
 * module.exports as "default" and its own enumerable keys, evaluated (by
 * cjs.js) on the first call and the same on the next. */
static JSValue commonjs_entries(JSContext *ctx, const char *path)
{
	JSValue args[2] = { JS_NewString(ctx, path), JS_NewBool(ctx, !strcmp(path, isolate_of(ctx)->entry)) };
	JSValue r = commonjs_call(ctx, "importEntries", 2, args);
	JS_FreeValue(ctx, args[0]);
	return r;
}

/* Runs when the importer evaluates: sets each export to its value. */
static int commonjs_module_init(JSContext *ctx, JSModuleDef *m)
{
	JSAtom atom = JS_GetModuleName(ctx, m);
	const char *path = JS_AtomToCString(ctx, atom);
	JS_FreeAtom(ctx, atom);
	if (!path)
		return -1;
	JSValue entries = commonjs_entries(ctx, path);
	JS_FreeCString(ctx, path);
	if (JS_IsException(entries))
		return -1;
	int64_t n = 0;
	int r = array_length(ctx, entries, &n);
	for (uint32_t i = 0; r == 0 && i < n; i++) {
		JSValue e = JS_GetPropertyUint32(ctx, entries, i);
		JSValue k = JS_GetPropertyUint32(ctx, e, 0);
		const char *key = JS_ToCString(ctx, k);
		if (!key || JS_SetModuleExport(ctx, m, key, JS_GetPropertyUint32(ctx, e, 1)) < 0)
			r = -1;
		JS_FreeCString(ctx, key);
		JS_FreeValue(ctx, k);
		JS_FreeValue(ctx, e);
	}
	JS_FreeValue(ctx, entries);
	if (r < 0 && !JS_HasException(ctx))
		JS_ThrowInternalError(ctx, "cannot set the exports of a CommonJS module");
	return r;
}

/* A CommonJS file as an ES module: evaluated now, when it is loaded (Node
 * evaluates it in the importer's evaluation order and finds the names by
 * static analysis), and declared with the keys module.exports has now. */
static JSModuleDef *load_commonjs(JSContext *ctx, const char *name)
{
	JSValue entries = commonjs_entries(ctx, name);
	if (JS_IsException(entries))
		return NULL;
	JSModuleDef *m = JS_NewCModule(ctx, name, commonjs_module_init);
	int64_t n = 0;
	if (!m || array_length(ctx, entries, &n) < 0)
		m = NULL;
	for (uint32_t i = 0; m && i < n; i++) {
		JSValue e = JS_GetPropertyUint32(ctx, entries, i);
		JSValue k = JS_GetPropertyUint32(ctx, e, 0);
		const char *key = JS_ToCString(ctx, k);
		if (!key || JS_AddModuleExport(ctx, m, key) < 0)
			m = NULL;   /* the half-made module stays in the context, unused, until it ends */
		JS_FreeCString(ctx, key);
		JS_FreeValue(ctx, k);
		JS_FreeValue(ctx, e);
	}
	JS_FreeValue(ctx, entries);
	return m;
}

static JSModuleDef *load(JSContext *ctx, const char *name, void *opaque)
{
	(void)opaque;
	if (!strcmp(name, "rtjs:native"))
		return native_module_init(ctx, name);
	const struct builtin_bytecode *bc = library_module(name);
	if (bc)
		return read_bytecode(ctx, name, bc);
	const uint8_t *data;
	size_t len;
	if (bundle_find(name, &data, &len))
		return module_format(ctx, name) == MODULE_CJS ? load_commonjs(ctx, name)
			: compile(ctx, name, (const char *)data, len);
	JS_ThrowReferenceError(ctx, "Cannot load module '%s'", name);
	return NULL;
}

void modules_init(JSRuntime *rt)
{
	JS_SetModuleLoaderFunc(rt, normalize, load, NULL);
}

/* Compiles and starts a module by its resolved name; returns the
 * evaluation promise (or an exception). */
JSValue module_load_main(JSContext *ctx, const char *path)
{
	JSModuleDef *m = load(ctx, path, NULL);
	if (!m)
		return JS_EXCEPTION;
	/* A module read from bytecode has not loaded its imports yet (a
	 * compiled one has: JS_ResolveModule is then a no-op). JS_EvalFunction
	 * links them, then runs the module. */
	JSValue v = JS_DupValue(ctx, JS_MKPTR(JS_TAG_MODULE, m));
	if (JS_ResolveModule(ctx, v) < 0) {
		JS_FreeValue(ctx, v);
		return JS_EXCEPTION;
	}
	return JS_EvalFunction(ctx, v);
}

/* The app's entry: SPEC inside the bundle, or "/" (package.json "main",
 * else index.js). Returns 0 with the resolved name, or -1. */
int module_resolve_entry(JSContext *ctx, const char *spec, char *out, size_t cap)
{
	char path[PATH_MAX_];
	path_join(path, sizeof(path), "/", spec);
	return resolve_file(ctx, path, out, cap) ? 0 : -1;
}

/* Compiles SRC as a module named NAME (imports resolve from NAME's folder)
 * and starts it; returns the evaluation promise or an exception. */
JSValue module_run_source(JSContext *ctx, const char *name, const char *src, size_t len)
{
	JSModuleDef *m = compile(ctx, name, src, len);
	if (!m)
		return JS_EXCEPTION;
	return JS_EvalFunction(ctx, JS_DupValue(ctx, JS_MKPTR(JS_TAG_MODULE, m)));
}

/* The namespace of library module NAME, loaded and run now if it has not
 * been: for a global installed on first use (Buffer), where import() would
 * be too late. A one-line module re-exports it, so QuickJS finds the
 * instance an app's own `import` gets, or loads the one it will get. */
JSValue module_import_sync(JSContext *ctx, const char *name)
{
	if (!library_module(name))
		return JS_ThrowReferenceError(ctx, "no such built-in module '%s'", name);
	char src[160], stub[160];
	int n = snprintf(src, sizeof(src), "export * as ns from '%s';", name);
	snprintf(stub, sizeof(stub), "rtjs:internal/import-sync/%s", name);
	JSValue m = JS_Eval(ctx, src, (size_t)n, stub, JS_EVAL_TYPE_MODULE | JS_EVAL_FLAG_COMPILE_ONLY);
	if (JS_IsException(m))
		return m;
	JSModuleDef *def = JS_VALUE_GET_PTR(m);
	if (JS_ResolveModule(ctx, m) < 0) {
		JS_FreeValue(ctx, m);
		return JS_EXCEPTION;
	}
	/* Library modules have no top-level await: the evaluation is over when
	 * JS_EvalFunction returns, and its promise settled. */
	JSValue p = JS_EvalFunction(ctx, m);
	if (JS_IsException(p))
		return p;
	JSPromiseStateEnum state = JS_PromiseState(ctx, p);
	if (state != JS_PROMISE_FULFILLED) {
		JSValue why = state == JS_PROMISE_REJECTED ? JS_PromiseResult(ctx, p)
			: JS_ThrowInternalError(ctx, "module '%s' did not finish evaluating", name);
		JS_FreeValue(ctx, p);
		return JS_IsException(why) ? why : JS_Throw(ctx, why);
	}
	JS_FreeValue(ctx, p);
	JSValue ns = JS_GetModuleNamespace(ctx, def);
	if (JS_IsException(ns))
		return ns;
	JSValue v = JS_GetPropertyStr(ctx, ns, "ns");
	JS_FreeValue(ctx, ns);
	return v;
}

/* rtjs:native's part for lib/internal/cjs.js: the bundle's files and
 * Node's CommonJS wrapper. */
static JSValue js_module_format(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
	(void)this_val;
	(void)argc;
	const char *path = JS_ToCString(ctx, argv[0]);
	if (!path)
		return JS_EXCEPTION;
	static const char *const names[] = { [MODULE_ESM] = "module", [MODULE_CJS] = "commonjs", [MODULE_JSON] = "json" };
	int format = module_format(ctx, path);
	JS_FreeCString(ctx, path);
	return JS_NewString(ctx, names[format]);
}

/* isFile(path): whether the bundle has the regular file PATH. */
static JSValue js_is_file(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
	(void)this_val;
	(void)argc;
	const char *path = JS_ToCString(ctx, argv[0]);
	if (!path)
		return JS_EXCEPTION;
	bool found = file_exists(path);
	JS_FreeCString(ctx, path);
	return JS_NewBool(ctx, found);
}

/* readFile(path): the bundle file PATH as a string (UTF-8), or undefined. */
static JSValue js_read_file(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
	(void)this_val;
	(void)argc;
	const char *path = JS_ToCString(ctx, argv[0]);
	if (!path)
		return JS_EXCEPTION;
	const uint8_t *data;
	size_t len;
	bool found = bundle_find(path, &data, &len);
	JS_FreeCString(ctx, path);
	return found ? JS_NewStringLen(ctx, (const char *)data, len) : JS_UNDEFINED;
}

/* compileCommonJS(source, filename) -> the module's wrapper function. */
static JSValue js_compile_commonjs(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
	(void)this_val;
	(void)argc;
	size_t len;
	const char *src = JS_ToCStringLen(ctx, &len, argv[0]);
	if (!src)
		return JS_EXCEPTION;
	const char *name = JS_ToCString(ctx, argv[1]);
	JSValue f = name ? commonjs_compile(ctx, name, src, len, 0) : JS_EXCEPTION;
	JS_FreeCString(ctx, name);
	JS_FreeCString(ctx, src);
	return f;
}

/* hasLibraryModule(name): whether "node:util", "rtjs:hw" … is built in. */
static JSValue js_has_library_module(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
	(void)this_val;
	(void)argc;
	const char *name = JS_ToCString(ctx, argv[0]);
	if (!name)
		return JS_EXCEPTION;
	bool found = library_module(name) != NULL;
	JS_FreeCString(ctx, name);
	return JS_NewBool(ctx, found);
}

const JSCFunctionListEntry js_module_funcs[] = {
	JS_CFUNC_DEF("moduleFormat", 1, js_module_format),
	JS_CFUNC_DEF("isFile", 1, js_is_file),
	JS_CFUNC_DEF("readFile", 1, js_read_file),
	JS_CFUNC_DEF("compileCommonJS", 2, js_compile_commonjs),
	JS_CFUNC_DEF("hasLibraryModule", 1, js_has_library_module),
};
const int js_module_funcs_count = ARRAY_SIZE(js_module_funcs);
