/* jsc: compiles the JS system library to QuickJS bytecode at build time, so
 * that an isolate reads its library modules (JS_ReadObject) instead of
 * parsing their source. Runs on the host; writes a C file for the kernel.
 *
 * Usage: jsc -o OUT.c MODULE-NAME FILE [MODULE-NAME FILE]...
 *   e.g. jsc -o builtin_bytecode.c node:util lib/util.js rtjs:internal/timers lib/internal/timers.js
 *
 * The bytecode format is private to one QuickJS build: opcodes and the
 * predefined atoms are written as bare numbers, and the reader checks only
 * BC_VERSION, which QuickJS rarely bumps. So this program links the very
 * QuickJS sources the kernel links, compiled with the same CONFIG_* defines
 * (tools/jsc.mk); bytecode from another QuickJS would not fail to load, it
 * would run the wrong opcodes. Host and kernel are both 64-bit
 * little-endian x86, so no byte swapping either. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "quickjs.h"

static const char *prog = "jsc";

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t cap = 1 << 16, n = 0;
	char *buf = malloc(cap + 1);
	while (buf) {
		n += fread(buf + n, 1, cap - n, f);
		if (n < cap)
			break;
		cap *= 2;
		char *bigger = realloc(buf, cap + 1);
		if (!bigger)
			free(buf);
		buf = bigger;
	}
	int failed = ferror(f);
	fclose(f);
	if (!buf || failed) {
		free(buf);
		return NULL;
	}
	buf[n] = 0;   /* JS_Eval needs a NUL after the source */
	*len = n;
	return buf;
}

/* Prints "FILE:LINE:COL: SyntaxError: message" and the JS stack. */
static void report_exception(JSContext *ctx, const char *file)
{
	JSValue e = JS_GetException(ctx);
	const char *msg = JS_ToCString(ctx, e);
	fprintf(stderr, "%s: %s", prog, file);
	if (JS_IsError(ctx, e)) {
		JSValue line = JS_GetPropertyStr(ctx, e, "lineNumber");
		JSValue col = JS_GetPropertyStr(ctx, e, "columnNumber");
		int32_t l, c;
		if (JS_IsNumber(line) && !JS_ToInt32(ctx, &l, line) && l > 0)
			fprintf(stderr, ":%d", l);
		if (JS_IsNumber(col) && !JS_ToInt32(ctx, &c, col) && c > 0)
			fprintf(stderr, ":%d", c);
		JS_FreeValue(ctx, line);
		JS_FreeValue(ctx, col);
	}
	fprintf(stderr, ": %s\n", msg ? msg : "(exception)");
	JS_FreeCString(ctx, msg);
	JSValue stack = JS_GetPropertyStr(ctx, e, "stack");
	const char *s = JS_IsString(stack) ? JS_ToCString(ctx, stack) : NULL;
	if (s && *s)
		fputs(s, stderr);
	JS_FreeCString(ctx, s);
	JS_FreeValue(ctx, stack);
	JS_FreeValue(ctx, e);
}

static int stand_in_init(JSContext *ctx, JSModuleDef *m) { return 0; }

/* QuickJS loads a module's imports even when only compiling it. The bytecode
 * keeps just their specifiers ('util', 'rtjs:native'), which the kernel's
 * loader resolves at run time (kernel/js/modules.c); so here every import is
 * an empty stand-in, never linked or run. */
static JSModuleDef *stand_in_loader(JSContext *ctx, const char *name, void *opaque)
{
	return JS_NewCModule(ctx, name, stand_in_init);
}

/* Compiles FILE as the module NAME (its name is the file name in stack
 * traces: "node:util:123:5") and writes its bytecode as array number I. */
static int compile_module(FILE *out, int i, const char *name, const char *file)
{
	size_t len;
	char *src = read_file(file, &len);
	if (!src) {
		fprintf(stderr, "%s: %s: %s\n", prog, file, strerror(errno));
		return -1;
	}
	/* A runtime per module: no module compiled before can stand in for
	 * this one's imports. Line numbers stay (stack traces); the functions'
	 * source text goes: every isolate loads the whole library, and the
	 * text was 90 KiB of each idle isolate (measured with bench/isolates).
	 * The cost: util.inspect of a library class prints [Function: X]. */
	JSRuntime *rt = JS_NewRuntime();
	JSContext *ctx = rt ? JS_NewContext(rt) : NULL;
	if (!ctx) {
		fprintf(stderr, "%s: cannot create a QuickJS context\n", prog);
		exit(1);
	}
	JS_SetStripInfo(rt, JS_STRIP_SOURCE);
	JS_SetModuleLoaderFunc(rt, NULL, stand_in_loader, NULL);
	int r = -1;
	size_t n;
	uint8_t *bc = NULL;
	JSValue m = JS_Eval(ctx, src, len, name, JS_EVAL_TYPE_MODULE | JS_EVAL_FLAG_COMPILE_ONLY);
	if (!JS_IsException(m)) {
		bc = JS_WriteObject(ctx, &n, m, JS_WRITE_OBJ_BYTECODE);
		JS_FreeValue(ctx, m);
	}
	if (bc) {
		fprintf(out, "/* %s: %s */\nstatic const uint8_t bytecode_%d[%zu] = {", name, file, i, n);
		for (size_t k = 0; k < n; k++)
			fprintf(out, "%s0x%02x,", k % 16 ? " " : "\n\t", bc[k]);
		fprintf(out, "\n};\n\n");
		js_free(ctx, bc);
		r = 0;
	} else {
		report_exception(ctx, file);
	}
	free(src);
	JS_FreeContext(ctx);
	JS_FreeRuntime(rt);
	return r;
}

int main(int argc, char **argv)
{
	if (argc < 5 || strcmp(argv[1], "-o") || (argc - 3) % 2) {
		fprintf(stderr, "usage: %s -o OUT.c MODULE-NAME FILE [MODULE-NAME FILE]...\n", prog);
		return 2;
	}
	int count = (argc - 3) / 2, failed = 0;
	for (int i = 0; i < count; i++)
		if (strpbrk(argv[3 + 2 * i], "\"\\\n")) {
			fprintf(stderr, "%s: bad module name '%s'\n", prog, argv[3 + 2 * i]);
			return 2;
		}
	/* Written aside and renamed, so a failed build leaves no stale output. */
	const char *path = argv[2];
	char tmp[4096];
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	FILE *out = fopen(tmp, "w");
	if (!out) {
		fprintf(stderr, "%s: %s: %s\n", prog, tmp, strerror(errno));
		return 1;
	}
	fprintf(out, "/* generated by tools/jsc from the JS system library, do not edit */\n");
	fprintf(out, "#include \"bundle.h\"\n\n");
	for (int i = 0; i < count; i++)
		failed |= compile_module(out, i, argv[3 + 2 * i], argv[4 + 2 * i]);
	fprintf(out, "const struct builtin_bytecode builtin_bytecode[] = {\n");
	for (int i = 0; i < count; i++)
		fprintf(out, "\t{ \"%s\", bytecode_%d, sizeof(bytecode_%d) },\n", argv[3 + 2 * i], i, i);
	fprintf(out, "};\nconst size_t builtin_bytecode_count = %d;\n", count);
	if (fclose(out) || failed || rename(tmp, path)) {
		if (!failed)
			fprintf(stderr, "%s: %s: %s\n", prog, path, strerror(errno));
		remove(tmp);
		return 1;
	}
	return 0;
}
