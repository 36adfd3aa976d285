/* The app bundle: a tar archive in the initrd, validated once at boot, or
 * the built-in default app (apps/default/) when no initrd was given. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "boot.h"
#include "bundle.h"
#include "heap.h"
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

/* Calls fn for every entry: its path without the leading '/', and whether
 * it is a directory. The built-in app's names lose their "apps/default/". */
static void each_entry(void (*fn)(void *arg, const char *name, size_t len, bool dir, size_t size), void *arg)
{
	if (!bundle.archive) {
		const size_t skip = strlen("apps/default/");
		for (size_t i = 0; i < builtin_file_count; i++)
			if (!strncmp(builtin_files[i].name, "apps/default/", skip))
				fn(arg, builtin_files[i].name + skip, strlen(builtin_files[i].name) - skip, false,
				   builtin_files[i].len);
		return;
	}
	struct tar_iter it;
	struct tar_entry e;
	tar_iter_init(&it, bundle.archive, bundle.len);
	while (tar_next(&it, &e) > 0)
		fn(arg, e.name, e.name_len, e.type == '5', e.size);
}

struct stat_walk {
	const char *path;            /* without the leading '/' */
	size_t len;
	int kind;
	size_t size;
};

static void stat_one(void *arg, const char *name, size_t len, bool dir, size_t size)
{
	struct stat_walk *w = arg;
	if (w->kind)
		return;
	if (len == w->len && !memcmp(name, w->path, len)) {
		w->kind = dir ? 2 : 1;
		w->size = dir ? 0 : size;
	} else if (len > w->len && !memcmp(name, w->path, w->len) && name[w->len] == '/') {
		w->kind = 2;             /* the folder of an entry below it */
	}
}

/* PATH as entries are named: no leading '/', no trailing '/'. */
static size_t relative_path(const char *path, const char **out)
{
	while (*path == '/')
		path++;
	size_t len = strlen(path);
	while (len && path[len - 1] == '/')
		len--;
	*out = path;
	return len;
}

int bundle_stat(const char *path, size_t *size)
{
	if (path[0] != '/')
		return 0;
	struct stat_walk w = { 0 };
	w.len = relative_path(path, &w.path);
	if (w.len == 0) {
		*size = 0;
		return 2;
	}
	each_entry(stat_one, &w);
	*size = w.size;
	return w.kind;
}

struct list_walk {
	const char *dir;             /* without the leading '/', "" for the root */
	size_t len;
	void (*fn)(void *arg, const char *name, size_t name_len, int is_dir);
	void *arg;
	int count;
};

static void list_one(void *arg, const char *name, size_t len, bool dir, size_t size)
{
	(void)size;
	struct list_walk *w = arg;
	if (w->len) {
		if (len <= w->len || memcmp(name, w->dir, w->len) || name[w->len] != '/')
			return;
		name += w->len + 1;
		len -= w->len + 1;
	}
	const char *slash = memchr(name, '/', len);
	size_t n = slash ? (size_t)(slash - name) : len;
	bool is_dir = dir || slash;
	if (n == 0)
		return;
	w->fn(w->arg, name, n, is_dir);
	w->count++;
}

int bundle_list(const char *path, void (*fn)(void *arg, const char *name, size_t name_len, int is_dir), void *arg)
{
	size_t size;
	if (bundle_stat(path, &size) != 2)
		return -1;
	struct list_walk w = { .fn = fn, .arg = arg };
	w.len = relative_path(path, &w.dir);
	each_entry(list_one, &w);
	return w.count;
}
