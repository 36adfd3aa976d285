/* The export table: the system-wide names of isolate.export(), each owned
 * by one isolate and naming a slot of its function table (kernel/js/iic.c),
 * and the isolates waiting in isolate.import() for a name nobody exports
 * yet. Portable, so that it is host-tested; one CPU, no locks.
 *
 * The rules:
 * - A name is 1 to EXPORT_NAME_MAX bytes and is exported at most once: a
 *   second export of it, by its owner or anyone else, fails with -EEXIST
 *   until the owner exits (exports_remove_isolate); then anyone may export
 *   it again.
 * - Exporting a name wakes every isolate waiting for it, oldest wait first,
 *   and forgets those waits. A name that disappears wakes nobody: waits
 *   only ever end by an export, a cancel (the import's timeout, which
 *   lib/internal/isolates.js keeps) or the waiting isolate's exit.
 * - An isolate may wait for a name any number of times; a cancel forgets
 *   the oldest of its waits for that name. Waiting for a name that cannot
 *   be exported (empty, too long) is allowed and ends only by cancel or exit.
 */
#ifndef EXPORTS_H
#define EXPORTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define EXPORT_NAME_MAX 127           /* bytes, without the NUL */
#define EXPORT_BUCKETS 256

struct export_name {
	struct export_name *next;     /* in its hash bucket */
	int owner;                    /* isolate id */
	int64_t slot;                 /* the value, in the owner's function table */
	char name[];
};

struct export_waiter {
	struct export_waiter *next;
	int isolate;
	char name[];                  /* "" for every name that cannot be exported */
};

/* Zero-initialised is empty. */
struct export_table {
	struct export_name *buckets[EXPORT_BUCKETS];
	struct export_waiter *waiters, *waiters_tail;   /* oldest first */
	size_t names, waiting;
};

/* Called once per woken wait, after it was forgotten; must not change the table. */
typedef void export_wake_fn(void *arg, int isolate, const struct export_name *e);

bool exports_name_valid(const char *name);
/* Publishes name for owner, then wakes its waiters. 0, -EINVAL (not a
 * valid name), -EEXIST (exported already), -ENOMEM. */
int exports_add(struct export_table *t, const char *name, int owner, int64_t slot, export_wake_fn *wake,
		void *arg);
/* The export of name, or NULL; valid until its owner is removed. */
const struct export_name *exports_find(const struct export_table *t, const char *name);
/* isolate waits for name to be exported. 0 or -ENOMEM. */
int exports_wait(struct export_table *t, const char *name, int isolate);
/* Forgets isolate's oldest wait for name; false if it had none. */
bool exports_cancel_wait(struct export_table *t, const char *name, int isolate);
/* The isolate exited: forgets its names and its waits. Returns how many names went. */
size_t exports_remove_isolate(struct export_table *t, int isolate);

#endif
