# tools/jsc: the JS system library compiled to QuickJS bytecode on the host.
# Included by the top-level Makefile, which defines HOSTCC, QJS_SRC, QJS_C
# and QUICKJS_VERSION.
#
# QuickJS's bytecode is only readable by the same QuickJS: the reader checks
# BC_VERSION but not the opcode or atom tables. So jsc links the pinned
# source the kernel links ($(QJS_SRC), fetched and verified once), with the
# CONFIG_* defines the kernel's QJSFLAGS use (CONFIG_VERSION only; the rest
# are quickjs.c's own defaults on both sides). Not the ASan objects under
# $(BUILD)/host: those are for the tests and would make the build slow.

JSC := $(BUILD)/tools/jsc
JSC_QJS_OBJS := $(patsubst %.c,$(BUILD)/tools/quickjs/%.o,$(QJS_C))
JSC_QJS_CFLAGS := -O2 -w -fwrapv -D_GNU_SOURCE -DCONFIG_VERSION=\"$(subst .,-,$(QUICKJS_VERSION))\"

$(BUILD)/tools/quickjs/%.o: $(QJS_SRC)/%.c
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $<"
	@$(HOSTCC) $(JSC_QJS_CFLAGS) -c $< -o $@

$(JSC): tools/jsc.c $(JSC_QJS_OBJS)
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $<"
	@$(HOSTCC) -std=gnu11 -O2 -Wall -Wextra -Werror -Wno-unused-parameter -D_GNU_SOURCE -isystem $(QJS_SRC) \
		tools/jsc.c $(JSC_QJS_OBJS) -lm -o $@
