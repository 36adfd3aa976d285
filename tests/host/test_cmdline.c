/* Host tests for the kernel command-line tokenizer (kernel/lib/cmdline.c):
 * words, values, quoting and escapes, buffer limits, and recovery after a
 * bad token. */
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
};

CHECK_MAIN(tests)
