/* A tiny harness for host unit tests: a table of named tests, CHECK() that
 * records the first failure, and one "PASS name" / "FAIL name: file:line:
 * expr" line per test, then "N passed, N failed". */
#ifndef CHECK_H
#define CHECK_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct check_test {
	const char *name;
	void (*fn)(void);
};

/* The running test's first failure; reset before each test. */
static struct {
	const char *file;
	int line;
	const char *expr;
} check_failure;

static inline void check_fail(const char *file, int line, const char *expr)
{
	if (!check_failure.expr) {
		check_failure.file = file;
		check_failure.line = line;
		check_failure.expr = expr;
	}
}

static inline int check_failed(void)
{
	return check_failure.expr != NULL;
}

/* Records a failure and carries on. */
#define CHECK(cond)                                            \
	do {                                                   \
		if (!(cond))                                   \
			check_fail(__FILE__, __LINE__, #cond); \
	} while (0)
/* Records a failure and returns from the (void) test function. */
#define REQUIRE(cond)                                          \
	do {                                                   \
		if (!(cond)) {                                 \
			check_fail(__FILE__, __LINE__, #cond); \
			return;                                \
		}                                              \
	} while (0)

/* Runs every test, or only those named on the command line; the exit
 * status is 1 if any failed. */
static inline int check_main(const struct check_test *tests, size_t count, int argc, char **argv)
{
	int passed = 0, failed = 0;

	for (size_t i = 0; i < count; i++) {
		int wanted = argc < 2;
		for (int a = 1; a < argc; a++)
			wanted |= strcmp(argv[a], tests[i].name) == 0;
		if (!wanted)
			continue;
		memset(&check_failure, 0, sizeof check_failure);
		tests[i].fn();
		if (check_failed()) {
			printf("FAIL %s: %s:%d: %s\n", tests[i].name, check_failure.file, check_failure.line,
			       check_failure.expr);
			failed++;
		} else {
			printf("PASS %s\n", tests[i].name);
			passed++;
		}
		fflush(stdout);
	}
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}

#define CHECK_MAIN(table) \
	int main(int argc, char **argv) { return check_main(table, sizeof(table) / sizeof((table)[0]), argc, argv); }

#endif
