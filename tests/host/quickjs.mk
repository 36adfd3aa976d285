# Host tests that need the engine: QuickJS built for the host from the
# pinned source, with its own flags and its warnings off, our files with
# ours; everything under ASan and UBSan. Included by the top-level
# Makefile, which defines HOSTCC and QJS_SRC.

BUILD ?= build

HOST_QJS_OBJS := $(patsubst %.c,$(BUILD)/host/quickjs/%.o,quickjs.c libregexp.c libunicode.c cutils.c dtoa.c)
HOST_SAN := -fsanitize=address,undefined -fno-sanitize-recover=all
# -fwrapv as QuickJS's own Makefile: it relies on wrapping signed overflow.
# No builtin check: its BigInt code calls clz(0) (cutils.h says "undefined
# if a = 0") and copes with what x86 returns.
HOST_QJS_CFLAGS := -O1 -g -w -fwrapv -D_GNU_SOURCE -DCONFIG_VERSION=\"2025-04-26\" $(HOST_SAN) \
	-fno-sanitize=builtin
HOST_JS_CFLAGS := -std=gnu11 -O1 -g -Wall -Wextra -Werror -D_GNU_SOURCE $(HOST_SAN) \
	-Ikernel/js -isystem $(QJS_SRC)

$(BUILD)/host/quickjs/%.o: $(QJS_SRC)/%.c
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $<"
	@$(HOSTCC) $(HOST_QJS_CFLAGS) -c $< -o $@

$(BUILD)/host/test_clone: tests/host/test_clone.c kernel/js/clone.c kernel/js/clone.h tests/host/check.h \
		$(HOST_QJS_OBJS)
	@mkdir -p $(dir $@)
	@$(HOSTCC) $(HOST_JS_CFLAGS) tests/host/test_clone.c kernel/js/clone.c $(HOST_QJS_OBJS) -lm -o $@

HOST_TESTS += $(BUILD)/host/test_clone

# The HTTP parser binding with the kernel's own libllhttp.a (plain x86-64
# code that needs only memset, abort, fprintf and stderr from libc).
$(BUILD)/host/test_http_parser: tests/host/test_http_parser.c kernel/js/js_http_parser.c kernel/js/js_http_parser.h \
		tests/host/check.h $(HOST_QJS_OBJS) $(LLHTTP_LIB)
	@mkdir -p $(dir $@)
	@$(HOSTCC) $(HOST_JS_CFLAGS) -isystem $(LLHTTP_INC) tests/host/test_http_parser.c kernel/js/js_http_parser.c \
		$(HOST_QJS_OBJS) $(LLHTTP_LIB) -lm -o $@

HOST_TESTS += $(BUILD)/host/test_http_parser
