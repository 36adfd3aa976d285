/* A FIFO of threads with a push-to-front for threads that waited: the
 * scheduler's run queue, portable so that it is host-tested. An element is
 * on at most one queue; `queued` says whether it is on one now. */
#ifndef RUNQUEUE_H
#define RUNQUEUE_H

#include <stdbool.h>
#include <stddef.h>

struct runq_link {
	struct runq_link *next;
	bool queued;
};

struct runq {
	struct runq_link *head, *tail;
	size_t length;
};

void runq_push_back(struct runq *q, struct runq_link *l);    /* no-op if queued */
void runq_push_front(struct runq *q, struct runq_link *l);   /* no-op if queued */
struct runq_link *runq_pop(struct runq *q);                  /* NULL when empty */
static inline bool runq_empty(const struct runq *q) { return q->head == NULL; }

#endif
