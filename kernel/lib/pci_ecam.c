/* The rules of PCI configuration space that need no hardware: which MCFG
 * window serves segment 0, where a function's registers lie in it, and
 * which accesses are valid. Portable (host-tested). */
#include <errno.h>
#include <stddef.h>

#include "acpi.h"
#include "pci.h"

#define ECAM_BUS_SHIFT 20           /* 1 MiB per bus: 32 slots x 8 functions x 4 KiB */

static bool window_usable(const struct acpi_ecam *w)
{
	return w->base && !(w->base & ((1u << ECAM_BUS_SHIFT) - 1)) && w->bus_start <= w->bus_end &&
	       w->base <= UINT64_MAX - (256ull << ECAM_BUS_SHIFT);
}

int pci_ecam_choose(const struct acpi_ecam *windows, int n, struct pci_ecam *out)
{
	int err = -ENOENT, best = -1;
	for (int i = 0; i < n; i++) {
		if (windows[i].segment != 0)
			continue;
		if (!window_usable(&windows[i])) {
			err = -EINVAL;
			continue;
		}
		if (best < 0 || (windows[i].bus_start == 0 && windows[best].bus_start != 0))
			best = i;
	}
	if (best < 0)
		return err;
	*out = (struct pci_ecam){ .base = windows[best].base, .bus_start = windows[best].bus_start,
				  .bus_end = windows[best].bus_end };
	return 0;
}

uint64_t pci_ecam_address(const struct pci_ecam *e, int bus, int slot, int func, int offset)
{
	if (bus < e->bus_start || bus > e->bus_end || slot < 0 || slot >= 32 || func < 0 || func >= 8 ||
	    offset < 0 || offset >= PCI_CONFIG_SIZE_EXT)
		return 0;
	return e->base + ((uint64_t)bus << ECAM_BUS_SHIFT | (uint64_t)slot << 15 | (uint64_t)func << 12 |
			  (uint64_t)offset);
}

const char *pci_config_refusal(int offset, int width, int size)
{
	if (width != 1 && width != 2 && width != 4)
		return "the width must be 1, 2 or 4 bytes";
	if (offset < 0 || offset > PCI_CONFIG_SIZE_EXT - width)
		return "the offset is outside configuration space (0-0xfff)";
	if (offset % width)
		return "the offset must be a multiple of the width";
	if (offset > size - width)
		return "extended configuration space needs ECAM (this function is reached through the "
		       "configuration ports: offsets 0-0xff)";
	return NULL;
}
