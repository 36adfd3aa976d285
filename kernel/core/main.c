/* kmain: the list of things the kernel brings up, in order, then the app. */
#include "acpi.h"
#include "arch.h"
#include "boot.h"
#include "dev.h"
#include "entropy.h"
#include "pci.h"
#include "virtio.h"
#include "heap.h"
#include "kernel.h"
#include "net.h"
#include "netdev.h"
#include "rtjs.h"

struct boot_info boot_info;

void clock_init(void);
void libc_init(void);

static void run_init_array(void)
{
	extern void (*__init_array_start[])(void), (*__init_array_end[])(void);
	for (void (**f)(void) = __init_array_start; f < __init_array_end; f++)
		(*f)();
}

_Noreturn void kmain(uint32_t protocol, uint32_t info)
{
	arch_console_init();
	arch_cpu_init();
	libc_init();
	arch_boot_info(protocol, info, &boot_info);
	acpi_init(&boot_info);
	arch_paging_init(&boot_info);
	memory_init(&boot_info);
	run_init_array();
	clock_init();
	arch_timer_init();
	ioapic_init(acpi_get());
	arch_irq_enable();
	kernel_config_init(boot_info.cmdline);
	pci_init();
	virtio_init();
	pcie_hotplug_init();
	entropy_init();
	net_init();
	profile_start();
	if (kernel_config.verbose) {
		struct memory_stats ms;
		memory_stats(&ms);
		kprintf("rtjs %s: %s boot on %s, %lu MiB free, clock %s at %lu MHz, %d PCI functions, entropy %s\n",
			RTJS_VERSION, boot_info.protocol, platform_machine_name(), ms.total >> 20,
			arch_clock_source(), arch_tsc_hz() / 1000000, pci_count(), entropy_source());
		for (struct virtio_dev *d = virtio_devices(); d; d = d->next)
			kprintf("  %s%s, %s\n", d->name, d->failed ? " (failed)" : "",
				d->irq[0] ? d->irq : "polled");
		acpi_print_summary();
		pci_print_summary();
	}
	if (kernel_config.fault[0])
		fault_inject(kernel_config.fault);
	if (kernel_config.bench_tx && netdev_count())
		netdev_bench_tx(netdev_get(0), kernel_config.bench_tx);
	kernel_exit(app_main(&boot_info));
}
