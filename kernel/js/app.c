/* The app: validates the bundle, starts the first isolate with the kernel
 * command line's entry and environment, and runs the scheduler until the
 * first isolate exits, nothing can happen any more, or time runs out. */
#include <stdio.h>
#include <string.h>

#include "arch.h"
#include "boot.h"
#include "bundle.h"
#include "heap.h"
#include "isolate.h"
#include "kernel.h"
#include "rtjs.h"
#include "scheduler.h"

#define MAIN_STACK_SIZE (1024 * 1024)

int app_main(const struct boot_info *bi)
{
	const char *why = 0;
	if (bundle_open(bi, &why) < 0) {
		kprintf("rtjs: %s\n", why);
		return EXIT_BAD_BUNDLE;
	}
	struct isolate *iso = isolate_new(0, "main");
	if (!iso) {
		kputs("rtjs: not enough memory to start the app\n");
		return EXIT_APP_ERROR;
	}
	iso->privileged = true;             /* the first isolate may drive hardware */
	snprintf(iso->entry, sizeof(iso->entry), "%s",
		 kernel_config.main[0] == '/' ? kernel_config.main + 1 : kernel_config.main);
	iso->nenv = kernel_config.nenv;
	iso->env = kmalloc(sizeof(char *) * 2 * (size_t)(iso->nenv ? iso->nenv : 1));
	for (int i = 0; iso->env && i < iso->nenv; i++) {
		iso->env[2 * i] = kernel_config.env_keys[i];
		iso->env[2 * i + 1] = kernel_config.env_values[i];
	}

	/* Leave the kernel a reserve so that JS exhausting its heap is an
	 * exception in JS, never a kernel allocation failure. */
	struct memory_stats ms;
	memory_stats(&ms);
	size_t reserve = ms.free / 8 > (2u << 20) ? ms.free / 8 : (2u << 20);
	iso->memory_limit = ms.free > reserve + MAIN_STACK_SIZE ? ms.free - reserve - MAIN_STACK_SIZE : ms.free / 2;

	sched_init();
	if (!isolate_start(iso, MAIN_STACK_SIZE)) {
		kputs("rtjs: not enough memory to start the app\n");
		return EXIT_APP_ERROR;
	}
	if (kernel_config.timeout_ms)
		sched_set_deadline(arch_clock_ns() + kernel_config.timeout_ms * 1000000);
	sched_run();
	if (sched_deadline_passed() && iso->state != ISOLATE_EXITED) {
		kprintf("rtjs: the app was stopped: it ran longer than its timeout of %.3g s\n",
			(double)kernel_config.timeout_ms / 1000);
		return EXIT_TIMEOUT;
	}
	return iso->exit_code;
}
