/* Names the virtual machine we run on from its PCI host bridge: q35, pc,
 * or none at all (QEMU microvm, Firecracker). */
#include "dev.h"
#include "pci.h"

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
