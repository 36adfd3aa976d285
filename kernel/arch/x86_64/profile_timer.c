/* The sampling profiler's clock (kernel/core/profile.c): PIT channel 0 as
 * a rate generator on ISA IRQ 0, apart from the LAPIC timer the scheduler
 * owns. Each tick hands the interrupted instruction pointer to the
 * sampler. The clock calibration has finished with the PIT by then. */
#include <errno.h>

#include "arch.h"
#include "trap.h"
#include "x86.h"

#define PIT_HZ 1193182u

static void (*sampler)(uintptr_t pc);

static void tick(struct trap_frame *f, void *arg)
{
	(void)arg;
	sampler(f->rip);
}

int arch_profile_timer_start(unsigned hz, void (*fn)(uintptr_t pc))
{
	if (!hz || hz > 10000 || sampler)
		return -EINVAL;
	int vector = arch_irq_alloc(0, 0);
	if (vector < 0)
		return -ENOSPC;
	sampler = fn;
	trap_set_handler(vector, tick, 0);        /* with the frame: it has the RIP */
	uint32_t divisor = PIT_HZ / hz;
	outb(0x43, 0x34);                        /* channel 0, low then high byte, mode 2 (rate) */
	outb(0x40, (uint8_t)divisor);
	outb(0x40, (uint8_t)(divisor >> 8));
	int gsi = ioapic_route_isa(0, (uint8_t)vector);
	if (gsi < 0 || ioapic_unmask((uint32_t)gsi) < 0) {
		arch_irq_free(vector);
		sampler = 0;
		return gsi < 0 ? gsi : -ENODEV;
	}
	return 0;
}
