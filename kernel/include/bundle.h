/* The app bundle: the tar archive passed as the initrd, or the built-in
 * default app when there is none. Paths are absolute: "/index.js". */
#ifndef BUNDLE_H
#define BUNDLE_H

#include <stddef.h>
#include <stdint.h>

struct boot_info;

/* Validates the whole archive; returns 0, or a negative error with a
 * message for the console in *why. */
int bundle_open(const struct boot_info *bi, const char **why);
/* Finds a regular file; returns 1 and its bytes, or 0. */
int bundle_find(const char *path, const uint8_t **data, size_t *len);
const char *bundle_describe(void);   /* "initrd (N files, M bytes)" or "built-in default app" */
/* What PATH is: 1 a regular file (with its size), 2 a directory (an entry
 * of its own, or the folder of some file; "/" always), 0 nothing. */
int bundle_stat(const char *path, size_t *size);
/* Calls fn for each name directly in the directory PATH (is_dir says
 * whether it is a directory), in archive order: a folder that only files
 * below it name comes once for each of them. Returns how many calls, or
 * -1 when PATH is not a directory. */
int bundle_list(const char *path, void (*fn)(void *arg, const char *name, size_t name_len, int is_dir), void *arg);

/* The default app's files, generated from apps/default/ by tools/embed-files.sh. */
struct builtin_file {
	const char *name;       /* "apps/default/index.js" */
	const char *data;
	size_t len;
};
extern const struct builtin_file builtin_files[];
extern const size_t builtin_file_count;
const struct builtin_file *builtin_find(const char *name);

/* The JS system library (lib/) as QuickJS module bytecode, compiled on the
 * host by tools/jsc from the kernel's own QuickJS sources; read it with
 * JS_ReadObject(JS_READ_OBJ_BYTECODE). No source is kept beside it. */
struct builtin_bytecode {
	const char *name;       /* the module name: "node:util", "rtjs:internal/timers" */
	const uint8_t *data;
	size_t len;
};
extern const struct builtin_bytecode builtin_bytecode[];
extern const size_t builtin_bytecode_count;
const struct builtin_bytecode *builtin_bytecode_find(const char *module);

#endif
