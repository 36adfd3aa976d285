/* rtjs.profile[=HZ]: a sampling profiler for the kernel and everything in
 * it (QuickJS, lwIP, the drivers). A timer apart from the scheduler's
 * (arch_profile_timer_start) samples the interrupted instruction 1000
 * times a second, or HZ; each sample counts for the function it fell in.
 * When the machine stops, the console gets the functions that took the
 * most samples. Time with interrupts off is counted where they come on
 * again; arch_idle is the CPU halted with nothing to do. */
#include <stdio.h>
#include <string.h>

#include "arch.h"
#include "kernel.h"
#include "rtjs.h"

#define SLOTS 4096                   /* distinct functions counted; a power of two */
#define SHOWN 30

static struct {
	bool on;
	unsigned hz;
	uint64_t samples, unknown, lost;
	struct { uintptr_t start; uint64_t count; } slots[SLOTS];
} prof;

/* Interrupt context: one sample, by the function's start address. */
static void sample(uintptr_t pc)
{
	uintptr_t off;
	prof.samples++;
	if (!ksym_lookup(pc, &off)) {
		prof.unknown++;
		return;
	}
	uintptr_t start = pc - off;
	for (unsigned i = (unsigned)(start >> 4) & (SLOTS - 1), n = 0; n < SLOTS; i = (i + 1) & (SLOTS - 1), n++) {
		if (prof.slots[i].start == start || !prof.slots[i].start) {
			prof.slots[i].start = start;
			prof.slots[i].count++;
			return;
		}
	}
	prof.lost++;
}

void profile_start(void)
{
	if (!kernel_config.profile_hz)
		return;
	int r = arch_profile_timer_start(kernel_config.profile_hz, sample);
	if (r < 0) {
		kprintf("profile: no timer to sample with (%d); not profiling\n", r);
		return;
	}
	prof.on = true;
	prof.hz = kernel_config.profile_hz;
	kprintf("profile: sampling %u times a second\n", prof.hz);
}

void profile_report(void)
{
	if (!prof.on || !prof.samples)
		return;
	prof.on = false;
	uint64_t total = prof.samples;
	kprintf("profile: %llu samples (%.1f s); the functions that took the most:\n", (unsigned long long)total,
		(double)total / prof.hz);
	for (int shown = 0; shown < SHOWN; shown++) {
		unsigned best = SLOTS;
		for (unsigned i = 0; i < SLOTS; i++)
			if (prof.slots[i].count && (best == SLOTS || prof.slots[i].count > prof.slots[best].count))
				best = i;
		if (best == SLOTS)
			break;
		uintptr_t off;
		const char *name = ksym_lookup(prof.slots[best].start, &off);
		kprintf("profile: %5.1f%% %8llu  %s\n", 100.0 * (double)prof.slots[best].count / (double)total,
			(unsigned long long)prof.slots[best].count, name ? name : "?");
		prof.slots[best].count = 0;
	}
	if (prof.unknown || prof.lost)
		kprintf("profile: %llu outside any symbol, %llu in functions past the table's %d\n",
			(unsigned long long)prof.unknown, (unsigned long long)prof.lost, SLOTS);
}
