/* Deferred work (see work.h): a list that interrupt handlers append to. */
#include "arch.h"
#include "work.h"

static struct {
	struct work *head, *tail;
	struct work *pollers[16];
	int npollers;
} wq;

void work_add_poller(struct work *w)
{
	if (wq.npollers < 16)
		wq.pollers[wq.npollers++] = w;
}

bool work_have_pollers(void) { return wq.npollers > 0; }

void work_run_pollers(void)
{
	for (int i = 0; i < wq.npollers; i++)
		wq.pollers[i]->fn(wq.pollers[i]->arg);
}

/* Interrupt handlers run with interrupts off; thread callers are kept out
 * of the way of an interrupt by disabling them around the list. */
void work_queue(struct work *w)
{
	bool was_on = arch_irq_save_disable();
	if (!w->queued) {
		w->queued = true;
		w->next = NULL;
		if (wq.tail)
			wq.tail->next = w;
		else
			wq.head = w;
		wq.tail = w;
	}
	arch_irq_restore(was_on);
}

bool work_pending(void) { return wq.head != NULL; }

void work_run_pending(void)
{
	for (;;) {
		bool was_on = arch_irq_save_disable();
		struct work *w = wq.head;
		if (w) {
			wq.head = w->next;
			if (!wq.head)
				wq.tail = NULL;
			w->queued = false;
		}
		arch_irq_restore(was_on);
		if (!w)
			return;
		w->fn(w->arg);
	}
}
