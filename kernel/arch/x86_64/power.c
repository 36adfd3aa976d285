/* Stopping the machine: the exit code goes to the host runner through
 * QEMU's debugcon ("rtjs-exit N") and isa-debug-exit; without that device
 * the platform's power-off method (ACPI) runs, and failing that the CPU
 * halts. */
#include <stdio.h>

#include "arch.h"
#include "x86.h"

#define DEBUG_EXIT_PORT 0xf4

static void (*poweroff_method)(void);

void arch_set_poweroff_method(void (*fn)(void))
{
	poweroff_method = fn;
}

_Noreturn void arch_poweroff(int code)
{
	char line[32];
	int n = snprintf(line, sizeof(line), "rtjs-exit %d\n", code);
	arch_debugcon_write(line, (size_t)n);
	outl(DEBUG_EXIT_PORT, (uint32_t)code);
	if (poweroff_method)
		poweroff_method();
	for (;;)
		__asm__ volatile("cli; hlt");
}
