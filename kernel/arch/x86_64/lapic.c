/* The local APIC: its one-shot timer drives the event loop's timers and
 * preemption. The legacy PICs are masked; the IOAPIC comes with devices. */
#include "arch.h"
#include "kernel.h"
#include "trap.h"
#include "x86.h"

#define LAPIC_ID      0x020
#define LAPIC_EOI     0x0b0
#define LAPIC_SVR     0x0f0
#define LAPIC_LVT_TMR 0x320
#define LAPIC_TMR_INIT 0x380
#define LAPIC_TMR_CUR 0x390
#define LAPIC_TMR_DIV 0x3e0

static struct {
	volatile uint32_t *base;
	uint64_t hz;                 /* timer ticks per second (after divide) */
	arch_irq_handler fn;
	void *arg;
} lapic;

static uint32_t lapic_read(uint32_t reg) { return lapic.base[reg / 4]; }
static void lapic_write(uint32_t reg, uint32_t v) { lapic.base[reg / 4] = v; }

void lapic_eoi(void)
{
	if (lapic.base)
		lapic_write(LAPIC_EOI, 0);
}

static void timer_irq(struct trap_frame *f, void *arg)
{
	(void)f;
	(void)arg;
	if (lapic.fn)
		lapic.fn(lapic.arg);
}

void arch_timer_init(void)
{
	outb(0x21, 0xff);            /* mask both 8259 PICs */
	outb(0xa1, 0xff);
	lapic.base = (volatile uint32_t *)(uintptr_t)(rdmsr(MSR_APIC_BASE) & ~0xfffull);
	wrmsr(MSR_APIC_BASE, rdmsr(MSR_APIC_BASE) | (1u << 11));
	lapic_write(LAPIC_SVR, 0x100 | VEC_SPURIOUS);
	lapic_write(LAPIC_TMR_DIV, 0x3);                  /* divide by 16 */
	lapic_write(LAPIC_LVT_TMR, (1u << 16) | VEC_TIMER); /* masked while calibrating */

	/* Count APIC ticks across 2 ms of the (calibrated) TSC clock. The rate
	 * need only be close: waiters re-check the TSC clock when woken and
	 * re-arm for what is left, so an error makes a wake-up early, not lost. */
	lapic_write(LAPIC_TMR_INIT, 0xffffffff);
	uint64_t t0 = arch_clock_ns();
	while (arch_clock_ns() - t0 < 2000000)
		cpu_pause();
	uint32_t elapsed = 0xffffffff - lapic_read(LAPIC_TMR_CUR);
	uint64_t ns = arch_clock_ns() - t0;
	lapic_write(LAPIC_TMR_INIT, 0);
	lapic.hz = (uint64_t)elapsed * 1000000000ull / (ns ? ns : 1);
	if (lapic.hz == 0)
		panic("LAPIC timer does not count");
	trap_set_handler(VEC_TIMER, timer_irq, 0);
	lapic_write(LAPIC_LVT_TMR, VEC_TIMER);            /* one-shot, unmasked */
}

void arch_timer_set_handler(arch_irq_handler fn, void *arg)
{
	lapic.fn = fn;
	lapic.arg = arg;
}

void arch_timer_arm(uint64_t ns)
{
	if (ns == 0) {
		lapic_write(LAPIC_TMR_INIT, 0);
		return;
	}
	uint64_t ticks = (uint64_t)(((unsigned __int128)ns * lapic.hz) / 1000000000u);
	if (ticks == 0)
		ticks = 1;
	if (ticks > 0xffffffff)
		ticks = 0xffffffff;   /* the handler re-arms for what is left */
	lapic_write(LAPIC_TMR_INIT, (uint32_t)ticks);
}
