/* Threads and the scheduler. A thread is a stack and a saved stack
 * pointer; it runs until it blocks, yields, or is asked to yield at a safe
 * point (sched_should_yield()), never preempted in the middle of C code.
 * The scheduler runs on the boot stack and halts the CPU when nothing is
 * runnable. All of this runs on one CPU. */
#ifndef SCHEDULER_H
#define SCHEDULER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "runqueue.h"

enum thread_state { THREAD_RUNNABLE, THREAD_BLOCKED, THREAD_DONE };

struct thread {
	uint64_t rsp;                  /* saved while not running */
	uint8_t *stack;                /* guard page, then the stack */
	size_t stack_size;
	enum thread_state state;
	uint64_t wake_at;              /* blocked: wake at this clock time (0: never) */
	bool wake_ref;                 /* that wake-up keeps the machine running */
	struct runq_link run;          /* the run queue's link (first member: see sched.c) */
	void (*fn)(void *);
	void *arg;
	const char *name;
	struct thread *next_all;       /* all threads */
};

/* Creates a runnable thread that calls fn(arg); NULL when out of memory. */
struct thread *thread_create(void (*fn)(void *), void *arg, size_t stack_size, const char *name);
struct thread *thread_current(void);
void thread_yield(void);
/* Sleeps until thread_wake() or the clock reaches deadline_ns (0: none);
 * ref says whether that deadline alone keeps the machine running. */
void thread_block(uint64_t deadline_ns, bool ref);
void thread_wake(struct thread *t);
_Noreturn void thread_exit(void);

/* Runs threads until none is left, or all are blocked with no ref'd
 * deadline (nothing can happen any more), or sched_stop() is called. */
void sched_run(void);
void sched_stop(void);
void sched_poke(void);           /* interrupt context: run work and reconsider */
/* An operation in flight that will wake someone (a device request): while
 * any is held the scheduler waits for interrupts instead of stopping. */
void sched_hold(void);
void sched_release(void);
void sched_init(void);
/* True when the running thread's time slice is over and another waits. */
bool sched_should_yield(void);
/* A deadline for the whole system (rtjs.timeout); sched_run returns then. */
void sched_set_deadline(uint64_t ns);
bool sched_deadline_passed(void);

#endif
