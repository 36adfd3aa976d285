/* libFuzzer target for the command-line tokenizer: every call must advance
 * the cursor or end, and keep to the caller's buffers.
 *   clang -fsanitize=fuzzer,address,undefined -Ikernel/include tests/host/fuzz_cmdline.c kernel/lib/cmdline.c */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cmdline.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* The first byte picks the buffer sizes, so small ones are covered. */
	size_t keycap = size ? 1 + data[0] % 16 : 8, valcap = size ? 1 + data[0] / 16 : 8;
	char *line = malloc(size + 1), *key = malloc(keycap), *val = malloc(valcap);
	const char *cur;

	if (!line || !key || !val)
		abort();
	memcpy(line, data, size);
	line[size] = '\0';
	cur = line;
	for (;;) {
		const char *before = cur;
		bool has;
		int r = cmdline_next(&cur, key, keycap, val, valcap, &has);
		if (r == 0)
			break;
		if (cur <= before || cur > line + size)
			abort();
		if (r == 1 && (strlen(key) >= keycap || strlen(val) >= valcap || key[0] == '\0'))
			abort();
		if (r < 0 && (key[0] || val[0] || has))
			abort();
	}
	free(line);
	free(key);
	free(val);
	return 0;
}
