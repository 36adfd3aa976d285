/* Kernel console output, panics and the two ways out of the kernel:
 * power-off with an exit code, and reboot. */
#include <stdio.h>
#include <string.h>

#include "arch.h"
#include "kernel.h"
#include "rtjs.h"

void kvprintf(const char *fmt, va_list ap)
{
	char buf[512];
	int n = vsnprintf(buf, sizeof(buf), fmt, ap);
	if (n < 0)
		return;
	arch_console_write(buf, (size_t)n < sizeof(buf) ? (size_t)n : sizeof(buf) - 1);
}

void kprintf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	kvprintf(fmt, ap);
	va_end(ap);
}

void kputs(const char *s)
{
	arch_console_write(s, strlen(s));
}

bool log_ratelimit(uint64_t *last_ns, uint64_t interval_ns)
{
	uint64_t now = arch_clock_ns();
	if (*last_ns && now - *last_ns < interval_ns)
		return false;
	*last_ns = now;
	return true;
}

_Noreturn void kernel_exit(int code)
{
	arch_irq_disable();
	profile_report();
	arch_poweroff(code);
}

_Noreturn void kernel_reboot(void)
{
	arch_irq_disable();
	profile_report();
	arch_reboot(kernel_config.reboot[0] ? kernel_config.reboot : NULL);
}

_Noreturn void panic(const char *fmt, ...)
{
	static int nested;
	arch_irq_disable();
	if (nested++)
		arch_poweroff(EXIT_PANIC);
	va_list ap;
	va_start(ap, fmt);
	kputs("\npanic: ");
	kvprintf(fmt, ap);
	va_end(ap);
	kputs("\n");
	backtrace_print(arch_frame_pointer());
	kernel_exit(EXIT_PANIC);
}
