/* Host tests for the kernel command-line tokenizer (kernel/lib/cmdline.c):
 * words, values, quoting and escapes, buffer limits, and recovery after a
 * bad token; and the virtio_mmio.device= value parser, good and bad. */
#include "check.h"
#include "cmdline.h"

#include <errno.h>
#include <stdbool.h>

struct tok {
	int r;
	char key[64];
	char val[64];
	bool has;
};

/* Tokenises s with 64-byte buffers into out; returns how many calls gave a
 * nonzero result. Every call must advance the cursor. */
static int tokens(const char *s, struct tok *out, int max)
{
	const char *cur = s;
	int n = 0;

	while (n < max) {
		const char *before = cur;
		struct tok t;
		t.r = cmdline_next(&cur, t.key, sizeof t.key, t.val, sizeof t.val, &t.has);
		if (t.r == 0) {
			CHECK(*cur == '\0');
			break;
		}
		CHECK(cur > before);
		out[n++] = t;
	}
	return n;
}

static int is(const struct tok *t, const char *key, const char *val, bool has)
{
	return t->r == 1 && strcmp(t->key, key) == 0 && strcmp(t->val, val) == 0 && t->has == has;
}

static void test_words_and_values(void)
{
	struct tok t[8];
	int n = tokens("console=ttyS0 quiet  rtjs.app=/main.js debug=", t, 8);

	REQUIRE(n == 4);
	CHECK(is(&t[0], "console", "ttyS0", true));
	CHECK(is(&t[1], "quiet", "", false));
	CHECK(is(&t[2], "rtjs.app", "/main.js", true));
	CHECK(is(&t[3], "debug", "", true));
}

static void test_empty_and_blank(void)
{
	struct tok t[2];
	const char *cur = "";
	char k[4], v[4];
	bool has = true;

	CHECK(tokens("", t, 2) == 0);
	CHECK(tokens("   \t \n ", t, 2) == 0);
	CHECK(cmdline_next(&cur, k, sizeof k, v, sizeof v, &has) == 0);
	CHECK(cmdline_next(&cur, k, sizeof k, v, sizeof v, &has) == 0);
}

static void test_other_whitespace_separates(void)
{
	struct tok t[4];
	int n = tokens("\ta=1\nb=2\r\n c ", t, 4);

	REQUIRE(n == 3);
	CHECK(is(&t[0], "a", "1", true));
	CHECK(is(&t[1], "b", "2", true));
	CHECK(is(&t[2], "c", "", false));
}

static void test_quoted_values(void)
{
	struct tok t[8];
	int n = tokens("app=\"hello world\" x=1 e=\"\" mid=a\"b c\"d", t, 8);

	REQUIRE(n == 4);
	CHECK(is(&t[0], "app", "hello world", true));
	CHECK(is(&t[1], "x", "1", true));
	CHECK(is(&t[2], "e", "", true));
	CHECK(is(&t[3], "mid", "ab cd", true));
}

static void test_escapes_inside_quotes(void)
{
	struct tok t[4];
	int n = tokens("a=\"say \\\"hi\\\" \\\\ there\" b=\"c:\\n\" c=x\\\"y", t, 4);

	REQUIRE(n == 3);
	CHECK(is(&t[0], "a", "say \"hi\" \\ there", true));
	CHECK(is(&t[1], "b", "c:\\n", true));    /* other escapes stay */
	/* Outside quotes \ is literal, so that " opens a quote never closed. */
	CHECK(t[2].r == -EINVAL);
}

static void test_value_may_contain_equals(void)
{
	struct tok t[2];
	REQUIRE(tokens("a=b=c", t, 2) == 1);
	CHECK(is(&t[0], "a", "b=c", true));
}

static void test_unterminated_quote(void)
{
	struct tok t[4];
	const char *cur = "ok=1 bad=\"never closed x=2";
	char k[16], v[16];
	bool has = true;

	CHECK(cmdline_next(&cur, k, sizeof k, v, sizeof v, &has) == 1);
	CHECK(cmdline_next(&cur, k, sizeof k, v, sizeof v, &has) == -EINVAL);
	CHECK(*cur == '\0' && k[0] == '\0' && v[0] == '\0' && !has);
	CHECK(cmdline_next(&cur, k, sizeof k, v, sizeof v, &has) == 0);
	REQUIRE(tokens("a=\"x\\\"", t, 4) == 1);
	CHECK(t[0].r == -EINVAL);
	REQUIRE(tokens("a=\"x\\", t, 4) == 1);
	CHECK(t[0].r == -EINVAL);
}

static void test_empty_key(void)
{
	struct tok t[4];
	int n = tokens("=value next", t, 4);

	REQUIRE(n == 2);
	CHECK(t[0].r == -EINVAL && t[0].key[0] == '\0' && !t[0].has);
	CHECK(is(&t[1], "next", "", false));
}

static void test_exact_fit_and_overflow(void)
{
	const char *cur = "abc=xyz abcd=xyz abc=wxyz abc=\"x z\" next";
	char k[4], v[4];
	bool has;

	CHECK(cmdline_next(&cur, k, sizeof k, v, sizeof v, &has) == 1);
	CHECK(strcmp(k, "abc") == 0 && strcmp(v, "xyz") == 0 && has);
	CHECK(cmdline_next(&cur, k, sizeof k, v, sizeof v, &has) == -E2BIG);
	CHECK(k[0] == '\0' && !has);
	CHECK(strncmp(cur, " abc=wxyz", 9) == 0);
	CHECK(cmdline_next(&cur, k, sizeof k, v, sizeof v, &has) == -E2BIG);
	CHECK(strncmp(cur, " abc=\"x z\"", 10) == 0);
	CHECK(cmdline_next(&cur, k, sizeof k, v, sizeof v, &has) == 1);
	CHECK(strcmp(v, "x z") == 0);
	CHECK(cmdline_next(&cur, k, sizeof k, v, sizeof v, &has) == -E2BIG); /* "next" + NUL > 4 */
	CHECK(cmdline_next(&cur, k, sizeof k, v, sizeof v, &has) == 0);
}

static void test_long_value_is_skipped_whole(void)
{
	char line[600], k[16], v[16];
	const char *cur = line;
	bool has;

	memset(line, 0, sizeof line);
	strcpy(line, "big=\"");
	memset(line + 5, 'q', 500);
	strcat(line, " with spaces\" after=1");
	CHECK(cmdline_next(&cur, k, sizeof k, v, sizeof v, &has) == -E2BIG);
	CHECK(cmdline_next(&cur, k, sizeof k, v, sizeof v, &has) == 1);
	CHECK(strcmp(k, "after") == 0 && strcmp(v, "1") == 0);
}

static void test_tiny_buffers(void)
{
	const char *cur = "a=b c";
	char k[1], v[1];
	bool has;

	CHECK(cmdline_next(&cur, k, sizeof k, v, sizeof v, &has) == -E2BIG);
	CHECK(cmdline_next(&cur, k, 0, v, 0, &has) == -E2BIG);
	CHECK(cmdline_next(&cur, k, 0, v, 0, NULL) == 0);
}

static void test_has_value_optional(void)
{
	const char *cur = "k=v";
	char k[4], v[4];

	CHECK(cmdline_next(&cur, k, sizeof k, v, sizeof v, NULL) == 1);
	CHECK(strcmp(k, "k") == 0 && strcmp(v, "v") == 0);
}

static void test_quote_in_key_is_literal(void)
{
	struct tok t[4];
	REQUIRE(tokens("a\"b=c", t, 4) == 1);
	CHECK(is(&t[0], "a\"b", "c", true));
}

/* ---- virtio_mmio.device= ---- */

static bool mmio_is(const char *value, uint64_t size, uint64_t base, uint32_t irq, int32_t id)
{
	struct cmdline_virtio_mmio m;
	const char *why = NULL;
	int r = cmdline_parse_virtio_mmio(value, &m, &why);
	return r == 0 && why == NULL && m.size == size && m.base == base && m.irq == irq && m.id == id;
}

/* Refused with a message containing want, and *out untouched. */
static bool mmio_refused(const char *value, const char *want)
{
	struct cmdline_virtio_mmio m = { .base = 7, .size = 7, .irq = 7, .id = 7 };
	const char *why = NULL;
	int r = cmdline_parse_virtio_mmio(value, &m, &why);
	bool untouched = m.base == 7 && m.size == 7 && m.irq == 7 && m.id == 7;
	return r == -EINVAL && why && strstr(why, want) && untouched;
}

static void test_virtio_mmio_qemu_words(void)
{
	/* what QEMU microvm with acpi=off appends */
	CHECK(mmio_is("512@0xfeb00e00:12", 512, 0xfeb00e00, 12, -1));
	CHECK(mmio_is("512@0xfeb02e00:47", 512, 0xfeb02e00, 47, -1));
	/* Firecracker's */
	CHECK(mmio_is("4K@0xd0000000:5", 4096, 0xd0000000, 5, -1));
	CHECK(mmio_is("4K@0xd0001000:6:1", 4096, 0xd0001000, 6, 1));
}

static void test_virtio_mmio_numbers(void)
{
	CHECK(mmio_is("0x200@4273999360:0xc", 512, 4273999360u, 12, -1));   /* decimal base, hex IRQ */
	CHECK(mmio_is("01000@0X10:010:0", 512, 16, 8, 0));                  /* octal */
	CHECK(mmio_is("1k@0:1", 1024, 0, 1, -1));
	CHECK(mmio_is("2M@0x100000000:33", 2u << 20, 1ull << 32, 33, -1));
	CHECK(mmio_is("1g@0xC0000000:5", 1u << 30, 0xc0000000, 5, -1));
	CHECK(mmio_is("1@0xfffffffffffffffe:4294967295:2147483647", 1, 0xfffffffffffffffe, 0xffffffffu, 0x7fffffff));
}

static void test_virtio_mmio_malformed(void)
{
	CHECK(mmio_refused("", "the size is not a number"));
	CHECK(mmio_refused("@0xfeb00e00:12", "the size is not a number"));
	CHECK(mmio_refused("0@0xfeb00e00:12", "the size is 0"));
	CHECK(mmio_refused("0K@0xfeb00e00:12", "the size is 0"));
	CHECK(mmio_refused("512", "expected '@'"));
	CHECK(mmio_refused("512X@0xfeb00e00:12", "expected '@'"));
	CHECK(mmio_refused("512@", "the base address is not a number"));
	CHECK(mmio_refused("512@0x:12", "the base address is not a number"));
	CHECK(mmio_refused("512@-1:12", "the base address is not a number"));
	CHECK(mmio_refused("512@0xfeb00e00", "expected ':'"));
	CHECK(mmio_refused("512@0xfeb00e00;12", "expected ':'"));
	CHECK(mmio_refused("512@0xfeb00e00:", "the IRQ is not a number"));
	CHECK(mmio_refused("512@0xfeb00e00:0", "the IRQ is 0"));
	CHECK(mmio_refused("512@0xfeb00e00:4294967296", "the IRQ is too large"));
	CHECK(mmio_refused("512@0xfeb00e00:12x", "unexpected text after the IRQ"));
	CHECK(mmio_refused("512@0xfeb00e00:12 ", "unexpected text after the IRQ"));
	CHECK(mmio_refused("512@0xfeb00e00:018", "unexpected text after the IRQ"));   /* 8 is no octal digit */
	CHECK(mmio_refused("512@0xfeb00e00:12:", "the device id is not a number"));
	CHECK(mmio_refused("512@0xfeb00e00:12:-1", "the device id is not a number"));
	CHECK(mmio_refused("512@0xfeb00e00:12:2147483648", "the device id is too large"));
	CHECK(mmio_refused("512@0xfeb00e00:12:3:4", "unexpected text after the device id"));
}

static void test_virtio_mmio_limits(void)
{
	CHECK(mmio_refused("18446744073709551616@0:1", "the size is too large"));    /* 2^64 */
	CHECK(mmio_refused("0x400000000000000G@0:1", "the size is too large"));     /* 2^58 << 30 */
	CHECK(mmio_refused("512@0x10000000000000000:1", "the base address is too large"));
	CHECK(mmio_refused("512@0xffffffffffffff00:1", "past the end of the address space"));
	CHECK(mmio_is("256@0xffffffffffffff00:1", 256, 0xffffffffffffff00, 1, -1));
	/* a long run of digits still ends: overflow is noticed, not wrapped */
	CHECK(mmio_refused("99999999999999999999999999999999999999@0:1", "the size is too large"));
	/* why may be NULL */
	struct cmdline_virtio_mmio m;
	CHECK(cmdline_parse_virtio_mmio("x", &m, NULL) == -EINVAL);
}

static const struct check_test tests[] = {
	{"words_and_values", test_words_and_values},
	{"empty_and_blank", test_empty_and_blank},
	{"other_whitespace_separates", test_other_whitespace_separates},
	{"quoted_values", test_quoted_values},
	{"escapes_inside_quotes", test_escapes_inside_quotes},
	{"value_may_contain_equals", test_value_may_contain_equals},
	{"unterminated_quote", test_unterminated_quote},
	{"empty_key", test_empty_key},
	{"exact_fit_and_overflow", test_exact_fit_and_overflow},
	{"long_value_is_skipped_whole", test_long_value_is_skipped_whole},
	{"tiny_buffers", test_tiny_buffers},
	{"has_value_optional", test_has_value_optional},
	{"quote_in_key_is_literal", test_quote_in_key_is_literal},
	{"virtio_mmio_qemu_words", test_virtio_mmio_qemu_words},
	{"virtio_mmio_numbers", test_virtio_mmio_numbers},
	{"virtio_mmio_malformed", test_virtio_mmio_malformed},
	{"virtio_mmio_limits", test_virtio_mmio_limits},
};

CHECK_MAIN(tests)
