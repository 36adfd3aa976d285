/* rtjs:native's HTTP parser functions (js_http_parser.c, llhttp), for
 * lib/internal/http_parser.js. Apart from the other native tables because
 * tests/host builds js_http_parser.c alone against a host QuickJS. */
#ifndef RTJS_JS_HTTP_PARSER_H
#define RTJS_JS_HTTP_PARSER_H

#include <quickjs.h>

extern const JSCFunctionListEntry js_http_parser_funcs[];
extern const int js_http_parser_funcs_count;

#endif
