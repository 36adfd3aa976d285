/* libFuzzer target for the tar reader: any input must give entries that lie
 * inside it, or a clean error, and never a read outside the buffer.
 *   clang -fsanitize=fuzzer,address,undefined -Ikernel/include tests/host/fuzz_tar.c kernel/lib/tar.c */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tar.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tar_iter it;
	struct tar_entry e, found;
	char last[TAR_NAME_MAX] = "";
	unsigned sum = 0;
	int r;

	tar_iter_init(&it, data, size);
	while ((r = tar_next(&it, &e)) == 1) {
		if (e.data < data || e.size > size || e.data + e.size > data + size)
			abort();
		if (e.name_len >= TAR_NAME_MAX || strlen(e.name) != e.name_len)
			abort();
		if (e.type != '0' && e.type != '5')
			abort();
		for (size_t i = 0; i < e.size; i++)
			sum += e.data[i];
		memcpy(last, e.name, e.name_len + 1);
	}
	if (r > 0 || tar_error(&it)[0] == '\0')
		abort();
	if (last[0]) {
		r = tar_find(data, size, last, &found);
		if (r != 1 || found.data + found.size > data + size)
			abort();
	}
	return (int)(sum & 0);
}
