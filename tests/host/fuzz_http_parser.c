/* libFuzzer target for the HTTP parser binding (kernel/js/js_http_parser.c)
 * over a host QuickJS and the kernel's libllhttp.a: any bytes, parsed
 * whole and cut in three pieces, give the same events (bodies joined) and
 * the same error, and never a bad memory access. The first input byte
 * picks request or response and the cuts. Built by `make fuzz`. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "js_http_parser.h"

static const char script[] =
	"const str = (u8) => String.fromCharCode(...u8);\n"
	"function parse(kind, chunks) {\n"
	"  const h = native.httpParserNew(kind, 256);\n"
	"  const out = [];\n"
	"  let code = null, upgraded = false;\n"
	"  const add = (events) => {\n"
	"    for (const ev of events) {\n"
	"      const last = out[out.length - 1];\n"
	"      if (ev.type === 'body' && last && last.type === 'body') last.data += str(ev.data);\n"
	"      else if (ev.type === 'body') out.push({ type: 'body', data: str(ev.data) });\n"
	"      else if (ev.type === 'upgrade') out.push({ type: 'upgrade', head: str(ev.head) });\n"
	"      else out.push(ev);\n"
	"    }\n"
	"  };\n"
	"  try {\n"
	"    for (const c of chunks) {\n"
	"      const events = native.httpParserExecute(h, c);\n"
	"      if (upgraded) { out[out.length - 1].head += str(events[0].head); continue; }\n"
	"      add(events);\n"
	"      upgraded = events.length > 0 && events[events.length - 1].type === 'upgrade';\n"
	"    }\n"
	"    add(native.httpParserFinish(h));\n"
	"  } catch (e) {\n"
	"    if (!e.code) throw e;\n"
	"    add(e.events);\n"
	"    code = e.code;\n"
	"  }\n"
	"  return JSON.stringify({ events: out, code });\n"
	"}\n"
	"globalThis.check = (u8) => {\n"
	"  if (u8.length === 0) return;\n"
	"  const kind = 1 + (u8[0] & 1), b = u8.subarray(1), n = b.length;\n"
	"  const c1 = (u8[0] >> 1 & 7) * n >> 3, c2 = Math.max(c1, (u8[0] >> 4) * n >> 4);\n"
	"  const whole = parse(kind, [b]);\n"
	"  const split = parse(kind, [b.subarray(0, c1), b.subarray(c1, c2), b.subarray(c2)]);\n"
	"  if (split !== whole) throw new Error(`split at ${c1}, ${c2}: ${split} vs ${whole}`);\n"
	"};\n";

static JSContext *ctx;
static JSValue check;

static void setup(void)
{
	JSRuntime *rt = JS_NewRuntime();
	ctx = JS_NewContext(rt);
	JSValue global = JS_GetGlobalObject(ctx);
	JSValue native = JS_NewObject(ctx);
	JS_SetPropertyFunctionList(ctx, native, js_http_parser_funcs, js_http_parser_funcs_count);
	JS_SetPropertyStr(ctx, global, "native", native);
	JSValue r = JS_Eval(ctx, script, strlen(script), "<fuzz>", JS_EVAL_TYPE_GLOBAL);
	if (JS_IsException(r))
		abort();
	check = JS_GetPropertyStr(ctx, global, "check");
	JS_FreeValue(ctx, global);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!ctx)
		setup();
	JSValue input = JS_NewArrayBufferCopy(ctx, data, size);
	/* all three arguments: QuickJS's constructor reads them whatever argc says */
	JSValue args[3] = { input, JS_NewInt32(ctx, 0), JS_NewInt64(ctx, (int64_t)size) };
	JSValue u8 = JS_NewTypedArray(ctx, 3, args, JS_TYPED_ARRAY_UINT8);
	JSValue r = JS_Call(ctx, check, JS_UNDEFINED, 1, &u8);
	if (JS_IsException(r)) {
		JSValue e = JS_GetException(ctx);
		const char *s = JS_ToCString(ctx, e);
		fprintf(stderr, "%s\n", s ? s : "?");
		abort();
	}
	JS_FreeValue(ctx, r);
	JS_FreeValue(ctx, u8);
	JS_FreeValue(ctx, input);
	JS_RunGC(JS_GetRuntime(ctx));
	return 0;
}
