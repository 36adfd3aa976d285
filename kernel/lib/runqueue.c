/* The scheduler's run queue (see runqueue.h). */
#include "runqueue.h"

void runq_push_back(struct runq *q, struct runq_link *l)
{
	if (l->queued)
		return;
	l->queued = true;
	l->next = NULL;
	if (q->tail)
		q->tail->next = l;
	else
		q->head = l;
	q->tail = l;
	q->length++;
}

void runq_push_front(struct runq *q, struct runq_link *l)
{
	if (l->queued)
		return;
	l->queued = true;
	l->next = q->head;
	q->head = l;
	if (!q->tail)
		q->tail = l;
	q->length++;
}

struct runq_link *runq_pop(struct runq *q)
{
	struct runq_link *l = q->head;
	if (!l)
		return NULL;
	q->head = l->next;
	if (!q->head)
		q->tail = NULL;
	l->next = NULL;
	l->queued = false;
	q->length--;
	return l;
}
