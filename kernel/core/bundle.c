/* The app bundle: a tar archive in the initrd, validated once at boot, or
 * the built-in default app (apps/default/) when no initrd was given. */
#include <stdio.h>
#include <string.h>

#include "boot.h"
#include "bundle.h"
#include "kernel.h"
#include "tar.h"

static struct {
	const uint8_t *archive;
	size_t len;
	size_t files;
	char describe[96];
	char error[256];
} bundle;

const struct builtin_file *builtin_find(const char *name)
{
	for (size_t i = 0; i < builtin_file_count; i++)
		if (!strcmp(builtin_files[i].name, name))
			return &builtin_files[i];
	return 0;
}

const struct builtin_bytecode *builtin_bytecode_find(const char *module)
{
	for (size_t i = 0; i < builtin_bytecode_count; i++)
		if (!strcmp(builtin_bytecode[i].name, module))
			return &builtin_bytecode[i];
	return 0;
}

int bundle_open(const struct boot_info *bi, const char **why)
{
	if (!bi->initrd_len) {
		snprintf(bundle.describe, sizeof(bundle.describe), "built-in default app");
		return 0;
	}
	bundle.archive = (const uint8_t *)(uintptr_t)bi->initrd_base;
	bundle.len = bi->initrd_len;
	struct tar_iter it;
	struct tar_entry e;
	int r;
	tar_iter_init(&it, bundle.archive, bundle.len);
	while ((r = tar_next(&it, &e)) > 0)
		bundle.files += e.type != '5';
	if (r < 0) {
		snprintf(bundle.error, sizeof(bundle.error), "the app bundle (initrd, %zu bytes) is not a valid tar archive: %s",
			 bundle.len, tar_error(&it));
		*why = bundle.error;
		return r;
	}
	snprintf(bundle.describe, sizeof(bundle.describe), "initrd (%zu files, %zu bytes)", bundle.files, bundle.len);
	return 0;
}

int bundle_find(const char *path, const uint8_t **data, size_t *len)
{
	if (path[0] != '/')
		return 0;
	if (!bundle.archive) {
		char name[300];
		snprintf(name, sizeof(name), "apps/default%s", path);
		const struct builtin_file *f = builtin_find(name);
		if (!f)
			return 0;
		*data = (const uint8_t *)f->data;
		*len = f->len;
		return 1;
	}
	struct tar_entry e;
	if (tar_find(bundle.archive, bundle.len, path + 1, &e) != 1 || e.type == '5')
		return 0;
	*data = e.data;
	*len = e.size;
	return 1;
}

const char *bundle_describe(void) { return bundle.describe; }
