/* Names the virtual machine we run on from its PCI host bridge: q35, pc,
 * or none at all (QEMU microvm, Firecracker). */
#include "arch.h"
#include "dev.h"

uint32_t pci_config_read32(int bus, int slot, int func, int offset)
{
	arch_pio_out32(0xcf8, 0x80000000u | (uint32_t)bus << 16 | (uint32_t)slot << 11 |
			      (uint32_t)func << 8 | ((uint32_t)offset & 0xfc));
	return arch_pio_in32(0xcfc);
}

const char *platform_machine_name(void)
{
	uint32_t id = pci_config_read32(0, 0, 0, 0);
	switch (id) {
	case 0x29c08086: return "q35";
	case 0x12378086: return "pc";
	case 0xffffffff: return "microvm";
	default: return "pci";
	}
}
