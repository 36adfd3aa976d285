/* Reader for tar archives held in memory: the app bundle passed as the
 * initrd. Validates every header and never reads outside the archive. */
#ifndef TAR_H
#define TAR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Understood: POSIX ustar ("ustar\0" "00") with its prefix field, GNU
 * ("ustar  \0"), pax extended headers ('x': the path= and size= records;
 * other records ignored), pax global headers ('g', ignored) and GNU long
 * names ('L'). Regular files ('0', '\0', '7') and directories ('5') are
 * returned; other entry types are skipped. Two zero blocks end the archive;
 * an archive that simply stops after a complete entry is accepted too.
 * Everything else - bad checksum, missing magic, data running past the end,
 * a malformed pax record, a partial trailing block - is an error.
 *
 * Names are normalised: leading "./" and "/" and trailing "/" are removed,
 * so "./a/b/c.js" and "a/b/c.js" name the same file. The root directory
 * ("./") is skipped.
 */

#define TAR_NAME_MAX 1024 /* longest path accepted, NUL included */
#define TAR_ERROR_MAX 128

struct tar_entry {
	const char *name;   /* NUL-terminated; see tar_next and tar_find for its lifetime */
	size_t name_len;
	const uint8_t *data; /* inside the archive */
	size_t size;
	char type;          /* '0' regular file, '5' directory */
};

/* The iterator's fields are private to tar.c. */
struct tar_iter {
	const uint8_t *archive;
	size_t len;
	size_t off;             /* next header */
	int state;              /* 0 reading, 1 at the end, or a negative error */
	const char *long_name;  /* from a pax path= or GNU 'L' header, for the next entry */
	size_t long_name_len;
	bool has_long_name;
	uint64_t pax_size;      /* from a pax size= record, for the next entry */
	bool has_pax_size;
	char name[TAR_NAME_MAX];
	char error[TAR_ERROR_MAX];
};

void tar_iter_init(struct tar_iter *it, const void *archive, size_t len);
/* 1 and *e filled, 0 at the end, or a negative error number (-EINVAL for a
 * malformed or truncated archive, -E2BIG for a path longer than
 * TAR_NAME_MAX - 1), after which every call returns the same error.
 * e->name points into the iterator and is valid until the next call. */
int tar_next(struct tar_iter *it, struct tar_entry *e);
/* What the last error was, e.g. "bad header checksum at offset 512";
 * "no error" if there was none. */
const char *tar_error(const struct tar_iter *it);

/* Looks up the first entry named path (normalised as above). 1 and *out
 * filled, 0 if absent, or a negative error number if the archive is bad
 * before the entry is reached. out->name is path itself. */
int tar_find(const void *archive, size_t len, const char *path, struct tar_entry *out);

#endif
