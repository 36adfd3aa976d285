/* Host tests for the export table behind isolate.export/import: lookup,
 * the duplicate-name rule, names going with their owner, waits woken in
 * order, cancelled (timed out) one at a time, and a long random run against
 * a model. Leaks show up under ASan. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "exports.h"

/* What the wake callback saw, in order. */
struct woken {
	int n;
	int isolate[64];
	int owner[64];
	const char *name[64];
};

static void record(void *arg, int isolate, const struct export_name *e)
{
	struct woken *w = arg;
	if (w->n < 64) {
		w->isolate[w->n] = isolate;
		w->owner[w->n] = e->owner;
		w->name[w->n] = e->name;
	}
	w->n++;
}

static int add(struct export_table *t, const char *name, int owner, int64_t slot, struct woken *w)
{
	struct woken ignored = { 0 };
	return exports_add(t, name, owner, slot, record, w ? w : &ignored);
}

/* Removes every isolate in [0, 100): the table must then hold nothing. */
static void empty_table(struct export_table *t)
{
	for (int id = 0; id < 100; id++)
		exports_remove_isolate(t, id);
	CHECK(t->names == 0 && t->waiting == 0);
	CHECK(t->waiters == NULL && t->waiters_tail == NULL);
}

static void export_then_lookup(void)
{
	struct export_table t = { 0 };
	CHECK(add(&t, "math", 2, 5, NULL) == 0);
	CHECK(add(&t, "io", 3, 0, NULL) == 0);
	const struct export_name *e = exports_find(&t, "math");
	REQUIRE(e != NULL);
	CHECK(e->owner == 2 && e->slot == 5 && !strcmp(e->name, "math"));
	e = exports_find(&t, "io");
	REQUIRE(e != NULL);
	CHECK(e->owner == 3 && e->slot == 0);
	CHECK(exports_find(&t, "mat") == NULL);
	CHECK(exports_find(&t, "math2") == NULL);
	CHECK(exports_find(&t, "") == NULL);
	CHECK(t.names == 2);
	empty_table(&t);
}

static void name_lengths(void)
{
	struct export_table t = { 0 };
	char name[EXPORT_NAME_MAX + 2];
	memset(name, 'n', sizeof(name) - 1);
	name[sizeof(name) - 1] = 0;                     /* EXPORT_NAME_MAX + 1 bytes */
	CHECK(add(&t, "", 1, 0, NULL) == -EINVAL);
	CHECK(add(&t, name, 1, 0, NULL) == -EINVAL);
	name[EXPORT_NAME_MAX] = 0;
	CHECK(add(&t, name, 1, 0, NULL) == 0);
	CHECK(add(&t, "x", 1, 1, NULL) == 0);
	CHECK(exports_find(&t, name) != NULL && t.names == 2);
	CHECK(!exports_name_valid("") && exports_name_valid("x") && exports_name_valid(name));
	empty_table(&t);
}

static void duplicate_export_is_eexist(void)
{
	struct export_table t = { 0 };
	CHECK(add(&t, "svc", 2, 7, NULL) == 0);
	CHECK(add(&t, "svc", 3, 8, NULL) == -EEXIST);   /* another isolate */
	CHECK(add(&t, "svc", 2, 9, NULL) == -EEXIST);   /* its owner again */
	const struct export_name *e = exports_find(&t, "svc");
	REQUIRE(e != NULL);
	CHECK(e->owner == 2 && e->slot == 7);
	CHECK(t.names == 1);
	empty_table(&t);
}

static void reexport_after_owner_exited(void)
{
	struct export_table t = { 0 };
	CHECK(add(&t, "svc", 2, 7, NULL) == 0);
	CHECK(exports_remove_isolate(&t, 3) == 0);     /* someone else's exit changes nothing */
	CHECK(add(&t, "svc", 3, 1, NULL) == -EEXIST);
	CHECK(exports_remove_isolate(&t, 2) == 1);
	CHECK(exports_find(&t, "svc") == NULL);
	CHECK(add(&t, "svc", 3, 1, NULL) == 0);
	const struct export_name *e = exports_find(&t, "svc");
	REQUIRE(e != NULL);
	CHECK(e->owner == 3 && e->slot == 1);
	empty_table(&t);
}

static void remove_isolate_takes_exactly_its_names_and_waits(void)
{
	struct export_table t = { 0 };
	char name[32];
	for (int i = 0; i < 20; i++) {
		snprintf(name, sizeof(name), "n%d", i);
		CHECK(add(&t, name, i % 2 ? 3 : 2, i, NULL) == 0);
	}
	CHECK(exports_wait(&t, "x", 2) == 0);       /* the exiting isolate waits */
	CHECK(exports_wait(&t, "x", 4) == 0);
	CHECK(exports_wait(&t, "y", 2) == 0);
	CHECK(exports_wait(&t, "n0", 5) == 0);      /* for a name isolate 2 exports */
	CHECK(t.names == 20 && t.waiting == 4);

	CHECK(exports_remove_isolate(&t, 2) == 10);
	CHECK(t.names == 10 && t.waiting == 2);
	for (int i = 0; i < 20; i++) {
		snprintf(name, sizeof(name), "n%d", i);
		const struct export_name *e = exports_find(&t, name);
		if (i % 2) {
			CHECK(e && e->owner == 3 && e->slot == i);
		} else {
			CHECK(e == NULL);
		}
	}
	/* Its waits are gone, the others' stay: the name's going woke nobody. */
	struct woken w = { 0 };
	CHECK(add(&t, "x", 6, 0, &w) == 0);
	CHECK(w.n == 1 && w.isolate[0] == 4);
	w.n = 0;
	CHECK(add(&t, "y", 6, 1, &w) == 0);
	CHECK(w.n == 0);
	CHECK(add(&t, "n0", 6, 2, &w) == 0);
	CHECK(w.n == 1 && w.isolate[0] == 5 && w.owner[0] == 6);
	CHECK(t.waiting == 0);
	empty_table(&t);
}

static void waiters_served_in_order(void)
{
	struct export_table t = { 0 };
	int order[] = { 11, 10, 12, 11 };
	for (int i = 0; i < 4; i++)
		CHECK(exports_wait(&t, "n", order[i]) == 0);
	CHECK(exports_wait(&t, "m", 13) == 0);
	CHECK(exports_wait(&t, "nn", 14) == 0);
	struct woken w = { 0 };
	CHECK(add(&t, "n", 1, 0, &w) == 0);
	REQUIRE(w.n == 4);
	for (int i = 0; i < 4; i++)
		CHECK(w.isolate[i] == order[i] && w.owner[i] == 1 && !strcmp(w.name[i], "n"));
	CHECK(t.waiting == 2);
	/* Woken waits are forgotten: the next export of n wakes nobody. */
	CHECK(exports_remove_isolate(&t, 1) == 1);
	w.n = 0;
	CHECK(add(&t, "n", 1, 0, &w) == 0);
	CHECK(w.n == 0);
	/* A wait added after the waits before it were woken queues at the end. */
	CHECK(exports_wait(&t, "m", 15) == 0);
	CHECK(add(&t, "m", 1, 1, &w) == 0);
	CHECK(w.n == 2 && w.isolate[0] == 13 && w.isolate[1] == 15);
	CHECK(t.waiting == 1 && t.waiters && t.waiters == t.waiters_tail && t.waiters->isolate == 14);
	empty_table(&t);
}

/* A timed-out import cancels one wait: the oldest of that isolate for that name. */
static void timeout_cancels_only_its_wait(void)
{
	struct export_table t = { 0 };
	CHECK(exports_wait(&t, "a", 1) == 0);
	CHECK(exports_wait(&t, "a", 2) == 0);
	CHECK(exports_wait(&t, "a", 1) == 0);
	CHECK(exports_wait(&t, "b", 1) == 0);
	CHECK(exports_wait(&t, "a", 3) == 0);
	CHECK(exports_cancel_wait(&t, "a", 1));
	CHECK(!exports_cancel_wait(&t, "b", 2));        /* 2 waits for a, not b */
	CHECK(!exports_cancel_wait(&t, "c", 1));
	CHECK(t.waiting == 4);
	struct woken w = { 0 };
	CHECK(add(&t, "a", 9, 0, &w) == 0);
	CHECK(w.n == 3 && w.isolate[0] == 2 && w.isolate[1] == 1 && w.isolate[2] == 3);
	CHECK(t.waiting == 1);
	/* The last wait goes and the list is empty again, tail included. */
	CHECK(exports_cancel_wait(&t, "b", 1));
	CHECK(!exports_cancel_wait(&t, "b", 1));
	CHECK(t.waiting == 0 && t.waiters == NULL && t.waiters_tail == NULL);
	CHECK(exports_wait(&t, "c", 4) == 0);
	CHECK(t.waiters && t.waiters == t.waiters_tail);
	empty_table(&t);
}

/* Cancelling the last wait in the list must move the tail back: a wait
 * added after it still has to be found (and woken). */
static void cancel_at_the_tail(void)
{
	struct export_table t = { 0 };
	CHECK(exports_wait(&t, "a", 1) == 0);
	CHECK(exports_wait(&t, "b", 2) == 0);
	CHECK(exports_cancel_wait(&t, "b", 2));
	CHECK(t.waiters_tail == t.waiters);
	CHECK(exports_wait(&t, "c", 3) == 0);
	struct woken w = { 0 };
	CHECK(add(&t, "c", 9, 0, &w) == 0);
	CHECK(w.n == 1 && w.isolate[0] == 3);
	CHECK(exports_remove_isolate(&t, 1) == 0);
	CHECK(t.waiters == NULL && t.waiters_tail == NULL);
	CHECK(exports_wait(&t, "d", 4) == 0);
	CHECK(t.waiters && t.waiters->isolate == 4 && t.waiters == t.waiters_tail);
	empty_table(&t);
}

/* Names that cannot be exported may be waited for; only a cancel or the
 * waiter's exit ends such a wait. */
static void waiting_for_a_name_that_cannot_exist(void)
{
	struct export_table t = { 0 };
	char long_name[EXPORT_NAME_MAX + 50];
	memset(long_name, 'a', sizeof(long_name) - 1);
	long_name[sizeof(long_name) - 1] = 0;
	CHECK(exports_wait(&t, "", 1) == 0);
	CHECK(exports_wait(&t, long_name, 1) == 0);
	CHECK(exports_wait(&t, long_name, 2) == 0);
	struct woken w = { 0 };
	long_name[EXPORT_NAME_MAX] = 0;                 /* its longest exportable prefix */
	CHECK(add(&t, long_name, 5, 0, &w) == 0);
	CHECK(add(&t, "a", 5, 1, &w) == 0);
	CHECK(w.n == 0 && t.waiting == 3);
	long_name[EXPORT_NAME_MAX] = 'a';
	CHECK(exports_cancel_wait(&t, long_name, 1));
	CHECK(exports_cancel_wait(&t, "", 1));
	CHECK(!exports_cancel_wait(&t, "", 1));
	CHECK(t.waiting == 1);
	exports_remove_isolate(&t, 2);
	CHECK(t.waiting == 0);
	empty_table(&t);
}

static void ten_thousand_names(void)
{
	enum { N = 10000, OWNERS = 10 };
	struct export_table t = { 0 };
	char name[32];
	for (int i = 0; i < N; i++) {
		snprintf(name, sizeof(name), "name-%d", i);
		REQUIRE(add(&t, name, i % OWNERS, i, NULL) == 0);
		REQUIRE(exports_wait(&t, name, 50 + i % OWNERS) == 0);   /* never woken: exported already */
	}
	CHECK(t.names == N && t.waiting == N);
	for (int i = 0; i < N; i++) {
		snprintf(name, sizeof(name), "name-%d", i);
		const struct export_name *e = exports_find(&t, name);
		REQUIRE(e != NULL);
		REQUIRE(e->owner == i % OWNERS && e->slot == i);
		REQUIRE(add(&t, name, OWNERS, 0, NULL) == -EEXIST);
	}
	CHECK(exports_find(&t, "name-10000") == NULL);
	for (int owner = 0; owner < OWNERS; owner++) {
		CHECK(exports_remove_isolate(&t, owner) == N / OWNERS);
		CHECK(t.names == (size_t)(N - (owner + 1) * N / OWNERS));
	}
	/* Exported again, the names wake the N waits, in order. */
	int woken = 0, in_order = 1;
	for (int i = 0; i < N; i++) {
		struct woken w = { 0 };
		snprintf(name, sizeof(name), "name-%d", i);
		REQUIRE(add(&t, name, 99, i, &w) == 0);
		woken += w.n;
		in_order &= w.n == 1 && w.isolate[0] == 50 + i % OWNERS;
	}
	CHECK(woken == N && in_order && t.waiting == 0);
	CHECK(exports_remove_isolate(&t, 99) == N);
	empty_table(&t);
}

/* Random operations over 4 names and 5 isolates against a plain model. */
static void random_against_model(void)
{
	enum { NAMES = 4, ISOLATES = 5, STEPS = 100000, MAXW = 60 };   /* MAXW < what struct woken holds */
	static const char *const names[NAMES] = { "a", "b", "ab", "" };   /* "" cannot be exported */
	struct export_table t = { 0 };
	int owner[NAMES];                               /* -1: not exported */
	int64_t slot[NAMES];
	struct { int isolate, name; } waits[MAXW];     /* oldest first */
	int nw = 0;
	for (int i = 0; i < NAMES; i++)
		owner[i] = -1;
	srand(11);
	for (int step = 0; step < STEPS; step++) {
		int op = rand() % 4, n = rand() % NAMES, iso = rand() % ISOLATES;
		if (op == 0) {
			struct woken w = { 0 };
			int rc = add(&t, names[n], iso, step, &w);
			if (n == NAMES - 1) {
				REQUIRE(rc == -EINVAL && w.n == 0);
			} else if (owner[n] >= 0) {
				REQUIRE(rc == -EEXIST && w.n == 0);
			} else {
				REQUIRE(rc == 0);
				owner[n] = iso;
				slot[n] = step;
				int k = 0, left = 0;
				for (int j = 0; j < nw; j++) {
					if (waits[j].name == n) {
						REQUIRE(k < w.n && w.isolate[k] == waits[j].isolate);
						k++;
					} else {
						waits[left++] = waits[j];
					}
				}
				REQUIRE(k == w.n);
				nw = left;
			}
		} else if (op == 1 && nw < MAXW) {
			REQUIRE(exports_wait(&t, names[n], iso) == 0);
			waits[nw].isolate = iso;
			waits[nw].name = n;
			nw++;
		} else if (op == 2) {
			int j = 0;
			while (j < nw && !(waits[j].isolate == iso && waits[j].name == n))
				j++;
			REQUIRE(exports_cancel_wait(&t, names[n], iso) == (j < nw));
			if (j < nw) {
				memmove(&waits[j], &waits[j + 1], (size_t)(nw - j - 1) * sizeof(waits[0]));
				nw--;
			}
		} else if (op == 3 && rand() % 8 == 0) {
			size_t gone = 0;
			for (int i = 0; i < NAMES; i++) {
				if (owner[i] == iso) {
					owner[i] = -1;
					gone++;
				}
			}
			int left = 0;
			for (int j = 0; j < nw; j++)
				if (waits[j].isolate != iso)
					waits[left++] = waits[j];
			nw = left;
			REQUIRE(exports_remove_isolate(&t, iso) == gone);
		}
		size_t exported = 0;
		for (int i = 0; i < NAMES; i++) {
			const struct export_name *e = exports_find(&t, names[i]);
			if (owner[i] < 0) {
				REQUIRE(e == NULL);
			} else {
				REQUIRE(e && e->owner == owner[i] && e->slot == slot[i]);
				exported++;
			}
		}
		REQUIRE(t.names == exported && t.waiting == (size_t)nw);
	}
	empty_table(&t);
}

static const struct check_test tests[] = {
	{ "export_then_lookup", export_then_lookup },
	{ "name_lengths", name_lengths },
	{ "duplicate_export_is_eexist", duplicate_export_is_eexist },
	{ "reexport_after_owner_exited", reexport_after_owner_exited },
	{ "remove_isolate_takes_exactly_its_names_and_waits", remove_isolate_takes_exactly_its_names_and_waits },
	{ "waiters_served_in_order", waiters_served_in_order },
	{ "timeout_cancels_only_its_wait", timeout_cancels_only_its_wait },
	{ "cancel_at_the_tail", cancel_at_the_tail },
	{ "waiting_for_a_name_that_cannot_exist", waiting_for_a_name_that_cannot_exist },
	{ "ten_thousand_names", ten_thousand_names },
	{ "random_against_model", random_against_model },
};

CHECK_MAIN(tests)
