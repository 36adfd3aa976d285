/* Host tests for the scheduler's run queue: order, front pushes for woken
 * threads, no double queueing, and a long random run against a model. */
#include <stdlib.h>

#include "check.h"
#include "runqueue.h"

static void fifo_order(void)
{
	struct runq q = { 0 };
	struct runq_link l[4] = { 0 };
	for (int i = 0; i < 4; i++)
		runq_push_back(&q, &l[i]);
	CHECK(q.length == 4);
	for (int i = 0; i < 4; i++)
		CHECK(runq_pop(&q) == &l[i]);
	CHECK(runq_pop(&q) == NULL);
	CHECK(runq_empty(&q) && q.length == 0);
}

static void woken_threads_go_first(void)
{
	struct runq q = { 0 };
	struct runq_link a = { 0 }, b = { 0 }, woken = { 0 };
	runq_push_back(&q, &a);
	runq_push_back(&q, &b);
	runq_push_front(&q, &woken);
	CHECK(runq_pop(&q) == &woken);
	CHECK(runq_pop(&q) == &a);
	CHECK(runq_pop(&q) == &b);
	runq_push_front(&q, &a);           /* front of an empty queue is also its tail */
	runq_push_back(&q, &b);
	CHECK(runq_pop(&q) == &a && runq_pop(&q) == &b);
}

static void never_queued_twice(void)
{
	struct runq q = { 0 };
	struct runq_link a = { 0 };
	runq_push_back(&q, &a);
	runq_push_back(&q, &a);
	runq_push_front(&q, &a);
	CHECK(q.length == 1);
	CHECK(runq_pop(&q) == &a && runq_pop(&q) == NULL);
	CHECK(!a.queued);
}

static void random_against_model(void)
{
	enum { N = 16, STEPS = 200000 };
	struct runq q = { 0 };
	struct runq_link l[N] = { 0 };
	int model[N], n = 0;            /* the queue's contents, in order */
	srand(7);
	for (int step = 0; step < STEPS; step++) {
		int op = rand() % 3, i = rand() % N;
		bool present = false;
		for (int k = 0; k < n; k++)
			present |= model[k] == i;
		if (op == 0 && !present) {
			runq_push_back(&q, &l[i]);
			model[n++] = i;
		} else if (op == 1 && !present) {
			runq_push_front(&q, &l[i]);
			for (int k = n; k > 0; k--)
				model[k] = model[k - 1];
			model[0] = i;
			n++;
		} else if (op == 2) {
			struct runq_link *got = runq_pop(&q);
			if (n == 0) {
				REQUIRE(got == NULL);
			} else {
				REQUIRE(got == &l[model[0]]);
				for (int k = 1; k < n; k++)
					model[k - 1] = model[k];
				n--;
			}
		}
		REQUIRE(q.length == (size_t)n);
	}
}

static const struct check_test tests[] = {
	{ "fifo_order", fifo_order },
	{ "woken_threads_go_first", woken_threads_go_first },
	{ "never_queued_twice", never_queued_twice },
	{ "random_against_model", random_against_model },
};

CHECK_MAIN(tests)
