# rtjs: one Makefile, sources found by wildcard. `make run` boots the
# default app; `make test` runs every test; `make help` lists the rest.

BUILD    ?= build
CC       ?= gcc
HOSTCC   ?= gcc
QEMU     ?= qemu-system-x86_64

QUICKJS_VERSION := 2025.04.26
MUSL_VERSION    := 1.2.5
DEPS     := $(BUILD)/deps
QJS_SRC  := $(DEPS)/quickjs-$(QUICKJS_VERSION)
MUSL_SRC := $(DEPS)/musl-$(MUSL_VERSION)
MUSL     := $(BUILD)/musl
# Evaluated when used: on a fresh machine gcc arrives with `make setup`.
GCC_INC   = $(shell $(CC) -print-file-name=include)

KERNEL_DIRS := kernel/arch/x86_64 kernel/core kernel/mm kernel/dev kernel/js kernel/libc kernel/lib
KERNEL_C    := $(foreach d,$(KERNEL_DIRS),$(wildcard $(d)/*.c))
KERNEL_S    := $(foreach d,$(KERNEL_DIRS),$(wildcard $(d)/*.S))
QJS_C       := quickjs.c libregexp.c libunicode.c cutils.c dtoa.c
# The JS system library goes into the kernel as bytecode (tools/jsc), the
# default app as source (it is a bundle like any app's).
LIB_JS      := $(sort $(shell find lib -name '*.js'))
BUILTIN_JS  := $(sort $(shell find apps/default -name '*.js' -o -name '*.json'))
# lib/NAME.js is node:NAME, lib/rtjs/NAME.js rtjs:NAME, lib/internal/NAME.js
# rtjs:internal/NAME (kernel/js/modules.c looks them up by these names).
lib_module = $(if $(filter lib/internal/%,$1),rtjs:$(1:lib/%.js=%),$(if $(filter lib/rtjs/%,$1),$(1:lib/rtjs/%.js=rtjs:%),$(1:lib/%.js=node:%)))

KOBJ := $(patsubst %.c,$(BUILD)/k/%.o,$(KERNEL_C)) $(patsubst %.S,$(BUILD)/k/%.o,$(KERNEL_S)) \
	$(patsubst %.c,$(BUILD)/k/quickjs/%.o,$(QJS_C)) $(BUILD)/k/builtin_files.o $(BUILD)/k/builtin_bytecode.o

# lwIP (NO_SYS=1, IPv4 for now), compiled unmodified with relaxed warnings;
# kernel/net holds its port (lwipopts.h, arch/) and the glue.
LWIP_VERSION := 2.2.1
LWIP_DIR := $(DEPS)/lwip-$(LWIP_VERSION)
LWIP_SRC := $(LWIP_DIR)/src
LWIP_C   := $(addprefix core/,init.c def.c dns.c inet_chksum.c ip.c mem.c memp.c netif.c pbuf.c raw.c stats.c \
	sys.c altcp.c altcp_alloc.c altcp_tcp.c tcp.c tcp_in.c tcp_out.c timeouts.c udp.c) \
	$(addprefix core/ipv4/,acd.c autoip.c dhcp.c etharp.c icmp.c igmp.c ip4_frag.c ip4.c ip4_addr.c) \
	$(addprefix core/ipv6/,ethip6.c icmp6.c inet6.c ip6.c ip6_addr.c ip6_frag.c mld6.c nd6.c) netif/ethernet.c
LWIP_OBJ := $(patsubst %.c,$(BUILD)/k/lwip/%.o,$(LWIP_C))
NET_OBJ  := $(patsubst %.c,$(BUILD)/k/%.o,$(wildcard kernel/net/*.c))
KOBJ     += $(NET_OBJ) $(LWIP_OBJ)
LWIPFLAGS = $(KFLAGS) -std=gnu11 -Wall -Ikernel/net -I$(LWIP_SRC)/include

# llhttp (Node's HTTP parser): Debian's libllhttp-dev, whose libllhttp.a is
# the generated C compiled for baseline x86-64 (deps.lock says why the
# binary package); linked as musl's libc.a is, the binding in kernel/js.
LLHTTP_VERSION := 9.2.1~7.3.0+dfsg1+~cs24.12.11-1
LLHTTP_DIR := $(DEPS)/libllhttp-dev-$(LLHTTP_VERSION)
LLHTTP_INC := $(LLHTTP_DIR)/usr/include
LLHTTP_LIB := $(LLHTTP_DIR)/usr/lib/x86_64-linux-gnu/libllhttp.a

# mbedtls: only the message digests, HMAC, PBKDF2 and HKDF (node:crypto), configured by
# kernel/crypto/mbedtls_config.h; the binding is kernel/js/js_crypto.c.
MBEDTLS_VERSION := 3.6.6
MBEDTLS_DIR := $(DEPS)/mbedtls-$(MBEDTLS_VERSION)
MBEDTLS_C   := md.c md5.c ripemd160.c sha1.c sha256.c sha512.c sha3.c pkcs5.c hkdf.c platform_util.c constant_time.c
MBEDTLS_OBJ := $(patsubst %.c,$(BUILD)/k/mbedtls/%.o,$(MBEDTLS_C))
MBEDTLS_CFG := -I$(MBEDTLS_DIR)/include -DMBEDTLS_CONFIG_FILE='"$(CURDIR)/kernel/crypto/mbedtls_config.h"'
KOBJ     += $(MBEDTLS_OBJ)

# Code generation shared by our code and third-party code in the kernel:
# baseline x86-64 (the KVM guest CPU lacks SSE3+), frame pointers for
# backtraces, no red zone, no PIE (the kernel runs identity mapped at 1 MiB).
KFLAGS  = -O2 -g -march=x86-64 -mtune=generic -mno-red-zone -fno-pie -fno-stack-protector \
	-fcf-protection=none -fno-omit-frame-pointer -fno-asynchronous-unwind-tables \
	-nostdinc -isystem $(MUSL)/include -isystem $(GCC_INC) -D_GNU_SOURCE
KCFLAGS  = $(KFLAGS) $(EXTRA_CFLAGS) -std=gnu11 -Wall -Wextra -Werror -Wno-unused-parameter \
	-Wno-format-truncation -Ikernel/include -Ikernel/arch/x86_64 -isystem $(QJS_SRC)
# -fwrapv as QuickJS's own Makefile: it relies on wrapping signed overflow.
QJSFLAGS  = $(KFLAGS) -w -fwrapv -DCONFIG_VERSION=\"$(subst .,-,$(QUICKJS_VERSION))\"
LDFLAGS_K := -nostdlib -static -no-pie -Wl,-T,kernel/arch/x86_64/kernel.ld -Wl,--build-id=none \
	-Wl,-z,max-page-size=4096 -Wl,--no-warn-rwx-segments
LIBS_K  = $(LLHTTP_LIB) $(MUSL)/lib/libc.a $(shell $(CC) -print-libgcc-file-name)

.PHONY: all run test test-host test-kernel bench bench-net iso clean distclean help deps setup lint fuzz
all: $(BUILD)/rtjs.elf

help:
	@echo "make run     build and boot the default app (installs what is missing)"
	@echo "make test    build and run every test (host, kernel, bad input, ISO)"
	@echo "make bench   boot-time, size, memory, isolate, block and network figures"
	@echo "make bench-net  the network figures alone: rtjs beside Linux + Node.js"
	@echo "make iso     a GRUB ISO of the kernel (build/rtjs.iso)"
	@echo "make lint    cppcheck over our C"

setup: $(BUILD)/.setup
$(BUILD)/.setup: tools/install-host-deps.sh
	@tools/install-host-deps.sh
	@mkdir -p $(BUILD) && touch $@

deps: $(QJS_SRC)/.rtjs-verified $(MUSL_SRC)/.rtjs-verified
$(QJS_SRC)/.rtjs-verified $(MUSL_SRC)/.rtjs-verified: deps.lock tools/fetch-deps.sh | $(BUILD)/.setup
	tools/fetch-deps.sh deps.lock $(DEPS)

# The sources exist once the fetch has run.
$(addprefix $(QJS_SRC)/,$(QJS_C)): $(QJS_SRC)/.rtjs-verified ;

$(MUSL)/lib/libc.a: $(MUSL_SRC)/.rtjs-verified tools/build-musl.sh
	@echo "  MUSL    libc.a (takes a minute)"
	@tools/build-musl.sh $(MUSL_SRC) $(MUSL)

$(KOBJ): $(MUSL)/lib/libc.a $(QJS_SRC)/.rtjs-verified

deps: $(LWIP_DIR)/.rtjs-verified
# One fetch at a time under -j (each run fetches every line of deps.lock).
$(MUSL_SRC)/.rtjs-verified: | $(QJS_SRC)/.rtjs-verified
$(LWIP_DIR)/.rtjs-verified: | $(MUSL_SRC)/.rtjs-verified
$(LWIP_DIR)/.rtjs-verified: deps.lock tools/fetch-deps.sh | $(BUILD)/.setup
	tools/fetch-deps.sh deps.lock $(DEPS)
$(addprefix $(LWIP_SRC)/,$(LWIP_C)): $(LWIP_DIR)/.rtjs-verified ;
$(LWIP_OBJ) $(NET_OBJ): $(LWIP_DIR)/.rtjs-verified
$(LWIP_OBJ): kernel/net/lwipopts.h $(wildcard kernel/net/arch/*.h)   # lwIP's build is configured by its port
$(NET_OBJ): KCFLAGS += -Ikernel/net -I$(LWIP_SRC)/include

deps: $(LLHTTP_DIR)/.rtjs-verified
$(LLHTTP_DIR)/.rtjs-verified: | $(LWIP_DIR)/.rtjs-verified
$(LLHTTP_DIR)/.rtjs-verified: deps.lock tools/fetch-deps.sh | $(BUILD)/.setup
	tools/fetch-deps.sh deps.lock $(DEPS)
$(LLHTTP_LIB): $(LLHTTP_DIR)/.rtjs-verified ;
$(BUILD)/k/kernel/js/js_http_parser.o: $(LLHTTP_DIR)/.rtjs-verified
$(BUILD)/k/kernel/js/js_http_parser.o: KCFLAGS += -isystem $(LLHTTP_INC)

deps: $(MBEDTLS_DIR)/.rtjs-verified
$(MBEDTLS_DIR)/.rtjs-verified: | $(LLHTTP_DIR)/.rtjs-verified
$(MBEDTLS_DIR)/.rtjs-verified: deps.lock tools/fetch-deps.sh | $(BUILD)/.setup
	tools/fetch-deps.sh deps.lock $(DEPS)
$(addprefix $(MBEDTLS_DIR)/library/,$(MBEDTLS_C)): $(MBEDTLS_DIR)/.rtjs-verified ;
$(MBEDTLS_OBJ): kernel/crypto/mbedtls_config.h $(MBEDTLS_DIR)/.rtjs-verified
$(BUILD)/k/kernel/js/js_crypto.o: $(MBEDTLS_DIR)/.rtjs-verified kernel/crypto/mbedtls_config.h
$(BUILD)/k/kernel/js/js_crypto.o: KCFLAGS += $(MBEDTLS_CFG)

$(BUILD)/k/mbedtls/%.o: $(MBEDTLS_DIR)/library/%.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(KFLAGS) -std=gnu11 -w $(MBEDTLS_CFG) -I$(MBEDTLS_DIR)/library -c $< -o $@

$(BUILD)/k/lwip/%.o: $(LWIP_SRC)/%.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(LWIPFLAGS) -c $< -o $@

$(BUILD)/k/quickjs/%.o: $(QJS_SRC)/%.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(QJSFLAGS) -c $< -o $@

$(BUILD)/k/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(KCFLAGS) -MMD -MP -c $< -o $@

# The libc glue is built against musl's internal headers, as musl's own files are.
$(BUILD)/k/kernel/libc/stdio.o: KCFLAGS += -Wno-sign-compare -Wno-unused-value -I$(MUSL_SRC)/src/include -I$(MUSL_SRC)/src/internal \
	-I$(MUSL_SRC)/arch/x86_64 -I$(MUSL_SRC)/arch/generic -I$(MUSL)/obj/obj/include -I$(MUSL_SRC)/include

$(BUILD)/k/%.o: %.S
	@mkdir -p $(dir $@)
	@echo "  AS      $<"
	@$(CC) $(KCFLAGS) -c $< -o $@

$(BUILD)/k/builtin_files.c: $(BUILTIN_JS) tools/embed-files.sh
	@mkdir -p $(dir $@)
	@tools/embed-files.sh $(BUILTIN_JS) > $@

$(BUILD)/k/builtin_files.o: $(BUILD)/k/builtin_files.c kernel/include/bundle.h
	@$(CC) $(KCFLAGS) -c $< -o $@

include tools/jsc.mk

$(BUILD)/k/builtin_bytecode.c: $(LIB_JS) $(JSC)
	@mkdir -p $(dir $@)
	@echo "  JSC     lib/ ($(words $(LIB_JS)) modules)"
	@$(JSC) -o $@ $(foreach f,$(LIB_JS),$(call lib_module,$(f)) $(f))

$(BUILD)/k/builtin_bytecode.o: $(BUILD)/k/builtin_bytecode.c kernel/include/bundle.h
	@$(CC) $(KCFLAGS) -c $< -o $@

# Two links: the first gives the symbol table, which the second embeds.
# .ksyms sits after .text, so function addresses do not move; checked below.
$(BUILD)/rtjs.elf: $(KOBJ) $(LLHTTP_LIB) kernel/arch/x86_64/kernel.ld tools/gen-ksyms.sh
	@echo "  LD      $@"
	@$(CC) $(LDFLAGS_K) -o $@.pass1 $(KOBJ) $(LIBS_K)
	@tools/gen-ksyms.sh $@.pass1 > $(BUILD)/k/ksyms.S
	@$(CC) -c $(BUILD)/k/ksyms.S -o $(BUILD)/k/ksyms.o
	@$(CC) $(LDFLAGS_K) -o $@ $(KOBJ) $(BUILD)/k/ksyms.o $(LIBS_K)
	@nm -n $@.pass1 | grep -i ' t ' > $(BUILD)/k/syms1.txt
	@nm -n $@ | grep -i ' t ' > $(BUILD)/k/syms2.txt
	@cmp -s $(BUILD)/k/syms1.txt $(BUILD)/k/syms2.txt || { echo "error: embedding ksyms moved code"; exit 1; }
	@if objdump -d $@ | grep -qw syscall; then \
		echo "error: the kernel contains a syscall instruction (a libc function that needs an OS was linked):"; \
		objdump -d $@ | grep -B30 -w syscall | grep '>:' | tail -5; exit 1; fi
	@strip -o $(BUILD)/rtjs $@
	@echo "  KERNEL  $(BUILD)/rtjs ($$(stat -c %s $(BUILD)/rtjs) bytes)"

run: $(BUILD)/rtjs.elf
	bin/rtjs run --port udp:9000 --port tcp:8080

# Host tests: portable C under AddressSanitizer and UBSan.
HOST_TESTS := $(patsubst tests/host/%.c,$(BUILD)/host/%,$(wildcard tests/host/test_*.c))
HOST_CFLAGS := -std=c11 -O1 -g -Wall -Wextra -Werror -fsanitize=address,undefined \
	-fno-sanitize-recover=all -Ikernel/include
$(BUILD)/host/test_%: tests/host/test_%.c $(wildcard kernel/lib/*.c) $(wildcard kernel/include/*.h) tests/host/check.h
	@mkdir -p $(dir $@)
	@$(HOSTCC) $(HOST_CFLAGS) $< $(wildcard kernel/lib/*.c) -o $@

# Host tests that need QuickJS itself (the structured-clone serializer).
include tests/host/quickjs.mk

test: $(BUILD)/rtjs.elf $(HOST_TESTS)
	@tests/run.sh

test-host: $(HOST_TESTS)
	@tests/run.sh host

test-kernel: $(BUILD)/rtjs.elf
	@tests/run.sh kernel

iso: $(BUILD)/rtjs.iso
$(BUILD)/rtjs.iso: $(BUILD)/rtjs.elf tools/make-iso.sh
	@tools/make-iso.sh $(BUILD)/rtjs $@

bench: $(BUILD)/rtjs.elf
	@bench/run.sh

bench-net: $(BUILD)/rtjs.elf
	@bench/net.sh

lint:
	cppcheck --quiet --error-exitcode=1 --enable=warning,portability --inline-suppr \
		-Ikernel/include $(KERNEL_DIRS) kernel/net/net.c kernel/net/netif.c

clean:
	rm -rf $(BUILD)/k $(BUILD)/host $(BUILD)/rtjs $(BUILD)/rtjs.elf* $(BUILD)/rtjs.iso

distclean:
	rm -rf $(BUILD)

-include $(shell find $(BUILD)/k -name '*.d' 2>/dev/null)

# Short libFuzzer runs over the parsers (needs clang with libFuzzer).
FUZZ_SECONDS ?= 30
fuzz: $(BUILD)/fuzz/fuzz_http_parser
	@mkdir -p $(BUILD)/fuzz
	@for t in tar cmdline; do \
		mkdir -p $(BUILD)/fuzz/corpus_$$t; \
		clang -std=c11 -g -O1 -fsanitize=fuzzer,address,undefined -Ikernel/include \
			tests/host/fuzz_$$t.c kernel/lib/$$t.c -o $(BUILD)/fuzz/fuzz_$$t || exit 1; \
		$(BUILD)/fuzz/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) $(BUILD)/fuzz/corpus_$$t 2>&1 | tail -1; \
	done
	@c=$(BUILD)/fuzz/corpus_http_parser; mkdir -p $$c; \
		printf '\001GET /a?b HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nabc' > $$c/seed-request; \
		printf '\377POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3;x\r\nabc\r\n0\r\nT: v\r\n\r\n' > $$c/seed-chunked; \
		printf '\042HTTP/1.0 200 OK\r\nServer: s\r\n\r\nbody' > $$c/seed-response; \
		printf '\143GET / HTTP/1.1\r\nConnection: upgrade\r\nUpgrade: x\r\n\r\nhead' > $$c/seed-upgrade; \
		$(BUILD)/fuzz/fuzz_http_parser -max_total_time=$(FUZZ_SECONDS) -dict=tests/host/http.dict $$c 2>&1 | tail -1

# The HTTP parser binding over QuickJS built by clang (with its own flags,
# as in tests/host/quickjs.mk); llhttp is the kernel's libllhttp.a, so only
# the binding is instrumented for coverage.
FUZZ_QJS_OBJS := $(patsubst %.c,$(BUILD)/fuzz/quickjs/%.o,$(QJS_C))
$(BUILD)/fuzz/quickjs/%.o: $(QJS_SRC)/%.c
	@mkdir -p $(dir $@)
	@echo "  CLANG   $<"
	@clang -O1 -g -w -fwrapv -D_GNU_SOURCE -DCONFIG_VERSION=\"$(subst .,-,$(QUICKJS_VERSION))\" \
		-fsanitize=address,undefined -fno-sanitize=builtin -c $< -o $@
$(BUILD)/fuzz/fuzz_http_parser: tests/host/fuzz_http_parser.c kernel/js/js_http_parser.c kernel/js/js_http_parser.h \
		$(FUZZ_QJS_OBJS) $(LLHTTP_LIB)
	@clang -std=gnu11 -g -O1 -fsanitize=fuzzer,address,undefined -Ikernel/js -isystem $(QJS_SRC) -isystem $(LLHTTP_INC) \
		tests/host/fuzz_http_parser.c kernel/js/js_http_parser.c $(FUZZ_QJS_OBJS) $(LLHTTP_LIB) -lm -o $@
