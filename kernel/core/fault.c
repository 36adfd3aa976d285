/* rtjs.fault=KIND on the command line makes the kernel fault on purpose
 * after boot, so that tests can check what a CPU exception prints. */
#include <string.h>

#include "kernel.h"
#include "rtjs.h"

__attribute__((noinline)) static void fault_null_write(void)
{
	volatile int *volatile p = 0;
	// cppcheck-suppress nullPointer ; the point of this function
	p[2] = 1;
}

__attribute__((noinline)) static void fault_invalid_opcode(void)
{
	__builtin_trap();
}

void fault_inject(const char *kind)
{
	if (!strcmp(kind, "page"))
		fault_null_write();
	else if (!strcmp(kind, "ud"))
		fault_invalid_opcode();
	else if (!strcmp(kind, "panic"))
		panic("rtjs.fault=panic on the command line");
	else
		kprintf("rtjs: unknown rtjs.fault=%s (page, ud, panic)\n", kind);
}
