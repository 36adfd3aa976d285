/* The export table of isolate.export() and isolate.import() (see exports.h):
 * names hashed into buckets, waits in one list in the order they came. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "exports.h"

bool exports_name_valid(const char *name)
{
	size_t n = strlen(name);
	return n >= 1 && n <= EXPORT_NAME_MAX;
}

static size_t bucket_of(const char *name)
{
	uint32_t h = 2166136261u;     /* FNV-1a */
	for (const unsigned char *p = (const unsigned char *)name; *p; p++)
		h = (h ^ *p) * 16777619u;
	return h % EXPORT_BUCKETS;
}

const struct export_name *exports_find(const struct export_table *t, const char *name)
{
	for (const struct export_name *e = t->buckets[bucket_of(name)]; e; e = e->next)
		if (!strcmp(e->name, name))
			return e;
	return NULL;
}

/* Removes *p (whose predecessor is prev, NULL at the head) from the waits
 * and returns it; *p is then the next one. */
static struct export_waiter *waiter_unlink(struct export_table *t, struct export_waiter **p,
					   struct export_waiter *prev)
{
	struct export_waiter *w = *p;
	*p = w->next;
	if (t->waiters_tail == w)
		t->waiters_tail = prev;
	t->waiting--;
	return w;
}

int exports_add(struct export_table *t, const char *name, int owner, int64_t slot, export_wake_fn *wake,
		void *arg)
{
	if (!exports_name_valid(name))
		return -EINVAL;
	if (exports_find(t, name))
		return -EEXIST;
	size_t n = strlen(name) + 1;
	struct export_name *e = malloc(sizeof(*e) + n);
	if (!e)
		return -ENOMEM;
	e->owner = owner;
	e->slot = slot;
	memcpy(e->name, name, n);
	struct export_name **b = &t->buckets[bucket_of(name)];
	e->next = *b;
	*b = e;
	t->names++;

	struct export_waiter *prev = NULL;
	for (struct export_waiter **p = &t->waiters; *p;) {
		if (strcmp((*p)->name, name)) {
			prev = *p;
			p = &(*p)->next;
			continue;
		}
		struct export_waiter *w = waiter_unlink(t, p, prev);
		wake(arg, w->isolate, e);
		free(w);
	}
	return 0;
}

int exports_wait(struct export_table *t, const char *name, int isolate)
{
	/* A name that cannot be exported is never woken: all such are kept as "". */
	if (!exports_name_valid(name))
		name = "";
	size_t n = strlen(name) + 1;
	struct export_waiter *w = malloc(sizeof(*w) + n);
	if (!w)
		return -ENOMEM;
	w->next = NULL;
	w->isolate = isolate;
	memcpy(w->name, name, n);
	if (t->waiters_tail)
		t->waiters_tail->next = w;
	else
		t->waiters = w;
	t->waiters_tail = w;
	t->waiting++;
	return 0;
}

bool exports_cancel_wait(struct export_table *t, const char *name, int isolate)
{
	if (!exports_name_valid(name))
		name = "";
	struct export_waiter *prev = NULL;
	for (struct export_waiter **p = &t->waiters; *p; prev = *p, p = &(*p)->next) {
		if ((*p)->isolate == isolate && !strcmp((*p)->name, name)) {
			free(waiter_unlink(t, p, prev));
			return true;
		}
	}
	return false;
}

size_t exports_remove_isolate(struct export_table *t, int isolate)
{
	size_t removed = 0;
	for (size_t i = 0; i < EXPORT_BUCKETS; i++) {
		for (struct export_name **p = &t->buckets[i]; *p;) {
			struct export_name *e = *p;
			if (e->owner == isolate) {
				*p = e->next;
				free(e);
				removed++;
			} else {
				p = &e->next;
			}
		}
	}
	t->names -= removed;

	struct export_waiter *prev = NULL;
	for (struct export_waiter **p = &t->waiters; *p;) {
		if ((*p)->isolate == isolate) {
			free(waiter_unlink(t, p, prev));
		} else {
			prev = *p;
			p = &(*p)->next;
		}
	}
	return removed;
}
