/* Stopping and restarting the machine. Power-off: the exit code goes to the
 * host runner through QEMU's debugcon ("rtjs-exit N") and isa-debug-exit;
 * without that device the platform's power-off method (ACPI) runs, and
 * failing that the CPU halts. Reboot: the platform's reset method (ACPI's
 * reset register), then the ways a PC has always been reset: the 8042
 * keyboard controller's reset line, the reset control register at 0xcf9,
 * and a triple fault, which no x86 machine survives. */
#include <stdio.h>
#include <string.h>

#include "arch.h"
#include "kernel.h"
#include "x86.h"

#define DEBUG_EXIT_PORT 0xf4

#define KBD_STATUS       0x64
#define KBD_INPUT_FULL   0x02     /* the controller has not taken the last byte */
#define KBD_PULSE_RESET  0xfe     /* pulse output line 0: the CPU's reset */
#define RESET_CONTROL    0xcf9
#define RESET_SYS        0x02     /* a full reset, not only the CPU's */
#define RESET_CPU        0x04     /* acts on a 0 -> 1 change */

static struct {
	void (*poweroff)(void);
	void (*reset)(void);
	const char *reset_what;
} power;

void arch_set_poweroff_method(void (*fn)(void))
{
	power.poweroff = fn;
}

void arch_set_reboot_method(void (*fn)(void), const char *what)
{
	power.reset = fn;
	power.reset_what = what;
}

_Noreturn void arch_poweroff(int code)
{
	char line[32];
	int n = snprintf(line, sizeof(line), "rtjs-exit %d\n", code);
	arch_console_flush();
	arch_debugcon_write(line, (size_t)n);
	outl(DEBUG_EXIT_PORT, (uint32_t)code);
	if (power.poweroff)
		power.poweroff();
	for (;;)
		__asm__ volatile("cli; hlt");
}

/* ---- reboot ---- */

static bool platform_present(void) { return power.reset != NULL; }
static void platform_reset(void) { power.reset(); }

/* A port nothing decodes reads as all ones: microvm has neither of these. */
static bool kbd_present(void) { return inb(KBD_STATUS) != 0xff; }

static void kbd_reset(void)
{
	for (int i = 0; i < 100000 && (inb(KBD_STATUS) & KBD_INPUT_FULL); i++)
		cpu_pause();
	outb(KBD_STATUS, KBD_PULSE_RESET);
}

static bool cf9_present(void) { return inb(RESET_CONTROL) != 0xff; }

static void cf9_reset(void)
{
	outb(RESET_CONTROL, RESET_SYS);
	outb(RESET_CONTROL, RESET_SYS | RESET_CPU);
}

static bool always(void) { return true; }

/* An empty IDT: the breakpoint cannot be delivered, nor the double fault
 * that follows, and the CPU shuts down, which resets a PC. */
static void triple_fault(void)
{
	struct __attribute__((packed)) { uint16_t limit; uint64_t base; } none = { 0, 0 };
	__asm__ volatile("lidt %0; int3" : : "m"(none) : "memory");
}

static const struct reset_method {
	const char *name;           /* for rtjs.reboot= */
	const char *what;           /* NULL: the platform says */
	bool (*present)(void);
	void (*reset)(void);
} reset_methods[] = {
	{ "acpi", NULL, platform_present, platform_reset },
	{ "kbd", "the 8042 keyboard controller (port 0x64 <- 0xfe)", kbd_present, kbd_reset },
	{ "cf9", "the reset control register (port 0xcf9 <- 0x6)", cf9_present, cf9_reset },
	{ "triple", "a triple fault", always, triple_fault },
};

/* Gives the machine a moment to act on a reset write. Counts rather than
 * reads the clock, which may not be running. */
static void settle(void)
{
	for (int i = 0; i < 1000000; i++)
		cpu_pause();
}

_Noreturn void arch_reboot(const char *first)
{
	size_t i = 0, n = ARRAY_SIZE(reset_methods);
	if (first) {
		while (i < n && strcmp(reset_methods[i].name, first))
			i++;
		if (i == n) {
			kprintf("reboot: no reset method '%s' (acpi, kbd, cf9, triple); trying them all\n", first);
			i = 0;
		}
	}
	arch_debugcon_write("rtjs-reboot\n", 12);
	for (; i < n; i++) {
		const struct reset_method *m = &reset_methods[i];
		if (!m->present())
			continue;
		const char *what = m->what ? m->what : power.reset_what;
		kprintf("reboot: by %s\n", what);
		arch_console_flush();
		m->reset();
		settle();
		kprintf("reboot: the machine is still on after %s\n", what);
	}
	for (;;)
		__asm__ volatile("cli; hlt");
}
