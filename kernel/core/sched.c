/* Threads and a round-robin scheduler with time slices. Preemption is
 * cooperative at safe points: the timer interrupt only raises a flag,
 * which QuickJS's interrupt handler polls (sched_should_yield). */
#include <stddef.h>
#include <string.h>

#include "arch.h"
#include "heap.h"
#include "kernel.h"
#include "scheduler.h"
#include "work.h"

#define SLICE_NS 10000000ull     /* 10 ms */

static struct {
	uint64_t sched_rsp;          /* the scheduler's own context */
	struct thread *current;
	struct runq runq;
	struct thread *all;
	volatile bool resched;       /* set by the timer interrupt */
	uint64_t slice_end;
	uint64_t next_wake;          /* earliest deadline of a blocked thread, 0: none */
	uint64_t deadline;           /* rtjs.timeout, 0: none */
	bool stop;
	int holds;                   /* device operations in flight: the machine must wait */
} sched;

static struct thread *thread_of(struct runq_link *l)
{
	return l ? (struct thread *)((char *)l - offsetof(struct thread, run)) : NULL;
}

static void enqueue(struct thread *t) { runq_push_back(&sched.runq, &t->run); }
/* A thread that waited goes first: timers fire on time even while
 * another isolate spins through whole slices. */
static void enqueue_front(struct thread *t) { runq_push_front(&sched.runq, &t->run); }
static struct thread *dequeue(void) { return thread_of(runq_pop(&sched.runq)); }

static void timer_irq(void *arg)
{
	(void)arg;
	sched.resched = true;
}

void sched_init(void)
{
	arch_timer_set_handler(timer_irq, 0);
}

static void thread_trampoline(void *arg)
{
	struct thread *t = arg;
	t->fn(t->arg);
	thread_exit();
}

struct thread *thread_create(void (*fn)(void *), void *arg, size_t stack_size, const char *name)
{
	struct thread *t = kmalloc(sizeof(*t));
	if (!t)
		return NULL;
	memset(t, 0, sizeof(*t));
	stack_size = ALIGN_UP(stack_size, 4096);
	t->stack = kmemalign(4096, stack_size + 4096);
	if (!t->stack) {
		kfree(t);
		return NULL;
	}
	arch_guard_page((uintptr_t)t->stack);
	t->stack_size = stack_size;
	t->fn = fn;
	t->arg = arg;
	t->name = name;
	t->rsp = arch_context_init(t->stack + 4096 + stack_size, thread_trampoline, t);
	t->state = THREAD_RUNNABLE;
	t->next_all = sched.all;
	sched.all = t;
	enqueue(t);
	return t;
}

struct thread *thread_current(void) { return sched.current; }

static void switch_to_scheduler(void)
{
	struct thread *t = sched.current;
	arch_context_switch(&t->rsp, sched.sched_rsp);
}

void thread_yield(void)
{
	struct thread *t = sched.current;
	sched.resched = false;
	enqueue(t);
	switch_to_scheduler();
}

void thread_block(uint64_t deadline_ns, bool ref)
{
	struct thread *t = sched.current;
	t->state = THREAD_BLOCKED;
	t->wake_at = deadline_ns;
	t->wake_ref = ref;
	switch_to_scheduler();
}

void thread_wake(struct thread *t)
{
	if (t->state == THREAD_BLOCKED) {
		t->state = THREAD_RUNNABLE;
		t->wake_at = 0;
		enqueue_front(t);
	}
}

_Noreturn void thread_exit(void)
{
	struct thread *t = sched.current;
	t->state = THREAD_DONE;
	switch_to_scheduler();
	panic("a finished thread was scheduled");
}

bool sched_should_yield(void)
{
	if (!sched.resched)
		return false;
	if (work_pending())
		return true;                 /* a device completed something */
	uint64_t now = arch_clock_ns();
	return (!runq_empty(&sched.runq) && now >= sched.slice_end) || (sched.next_wake && now >= sched.next_wake) ||
	       (sched.deadline && now >= sched.deadline);
}

void sched_set_deadline(uint64_t ns) { sched.deadline = ns; }
bool sched_deadline_passed(void) { return sched.deadline && arch_clock_ns() >= sched.deadline; }
void sched_stop(void) { sched.stop = true; }

void sched_hold(void) { sched.holds++; }
void sched_release(void) { sched.holds--; }

/* From an interrupt handler: something for the scheduler to look at. */
void sched_poke(void) { sched.resched = true; }

/* Frees finished threads (never the one whose stack we are on). */
static void reap(void)
{
	for (struct thread **p = &sched.all; *p;) {
		struct thread *t = *p;
		if (t->state == THREAD_DONE) {
			*p = t->next_all;
			arch_unguard_page((uintptr_t)t->stack);
			kfree(t->stack);
			kfree(t);
		} else {
			p = &t->next_all;
		}
	}
}

/* Wakes sleepers whose time has come; returns the earliest deadline left
 * and whether any thread is blocked with a ref'd deadline. */
static uint64_t wake_due(uint64_t now, bool *any_ref)
{
	uint64_t next = 0;
	*any_ref = false;
	for (struct thread *t = sched.all; t; t = t->next_all) {
		if (t->state != THREAD_BLOCKED || !t->wake_at)
			continue;
		if (t->wake_at <= now) {
			thread_wake(t);
			continue;
		}
		if (!next || t->wake_at < next)
			next = t->wake_at;
		*any_ref |= t->wake_ref;
	}
	return next;
}

void sched_run(void)
{
	for (;;) {
		reap();
		work_run_pending();
		if (sched.holds && work_have_pollers())
			work_run_pollers();
		if (sched.stop || !sched.all || sched_deadline_passed())
			return;
		uint64_t now = arch_clock_ns();
		bool any_ref;
		uint64_t next = wake_due(now, &any_ref);
		sched.next_wake = next;
		struct thread *t = dequeue();
		if (t) {
			sched.current = t;
			sched.resched = false;
			sched.slice_end = now + SLICE_NS;
			/* Wake up for the slice's end only if someone else waits. */
			uint64_t at = !runq_empty(&sched.runq) ? sched.slice_end : 0;
			if (next && (!at || next < at))
				at = next;
			if (sched.deadline && (!at || sched.deadline < at))
				at = sched.deadline;
			arch_timer_arm(at ? (at > now ? at - now : 1) : 0);
			arch_context_switch(&sched.sched_rsp, t->rsp);
			sched.current = NULL;
			continue;
		}
		if (!any_ref && !sched.holds && !work_pending())
			return;          /* everyone is blocked and nothing will wake them */
		if (sched.deadline && (!next || sched.deadline < next))
			next = sched.deadline;
		if (sched.holds && work_have_pollers() && (!next || next > now + 1000000))
			next = now + 1000000;    /* poll devices that cannot interrupt */
		arch_timer_arm(next ? (next > now ? next - now : 1) : 0);
		arch_irq_disable();
		if (!sched.resched && !work_pending() && (!next || arch_clock_ns() < next))
			arch_idle();
		arch_irq_enable();
		sched.resched = false;
	}
}
