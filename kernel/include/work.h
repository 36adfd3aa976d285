/* Deferred work: what an interrupt handler leaves for thread context.
 * work_queue() may be called from interrupt handlers; the scheduler runs
 * queued work (on its own stack, interrupts on) before it picks a thread,
 * and asks the running thread to yield when work is waiting. */
#ifndef WORK_H
#define WORK_H

#include <stdbool.h>

struct work {
	void (*fn)(void *arg);
	void *arg;
	bool queued;
	struct work *next;
};

void work_queue(struct work *w);
bool work_pending(void);
void work_run_pending(void);
/* Work run every millisecond while requests are held (sched_hold), for
 * devices that cannot interrupt. */
void work_add_poller(struct work *w);
bool work_have_pollers(void);
void work_run_pollers(void);

#endif
