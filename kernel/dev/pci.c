/* PCI enumeration: bus 0 and every bus behind a PCI-to-PCI bridge.
 * Configuration space is reached by ECAM (memory-mapped, 4 KiB per function)
 * on the buses ACPI's MCFG maps for segment 0, else by the ports
 * 0xcf8/0xcfc (256 bytes per function). BARs are sized once and memory BARs
 * are mapped (uncached) so drivers can use them as pointers. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "acpi.h"
#include "arch.h"
#include "heap.h"
#include "kernel.h"
#include "pci.h"

#define CONFIG_ADDRESS 0xcf8
#define CONFIG_DATA    0xcfc

static struct {
	struct pci_device *devices, *last;
	int count;
	bool present;                /* a host bridge answered at 0:0.0 */
	bool has_ecam;               /* ecam is mapped and used for its buses */
	struct pci_ecam ecam;
	const char *ecam_refused;    /* why MCFG's window is not used, or NULL */
} pci;

/* ---- configuration access ---- */

static volatile uint8_t *ecam_at(int bus, int slot, int func, int offset)
{
	if (!pci.has_ecam)
		return NULL;
	return (volatile uint8_t *)(uintptr_t)pci_ecam_address(&pci.ecam, bus, slot, func, offset);
}

static bool ports_select(int bus, int slot, int func, int offset)
{
	if (bus < 0 || bus > 255 || slot < 0 || slot >= 32 || func < 0 || func >= 8 || offset < 0 ||
	    offset >= PCI_CONFIG_SIZE)
		return false;
	arch_pio_out32(CONFIG_ADDRESS, 0x80000000u | (uint32_t)bus << 16 | (uint32_t)slot << 11 |
					(uint32_t)func << 8 | ((uint32_t)offset & 0xfc));
	return true;
}

/* One access of `width` bytes (1, 2 or 4) at an offset aligned to it. */
static uint32_t config_read(int bus, int slot, int func, int offset, int width)
{
	volatile uint8_t *p = ecam_at(bus, slot, func, offset);
	if (p) {
		switch (width) {
		case 1: return *p;
		case 2: return *(volatile uint16_t *)p;
		default: return *(volatile uint32_t *)p;
		}
	}
	if (!ports_select(bus, slot, func, offset))
		return 0xffffffffu >> (32 - 8 * width);
	uint16_t port = (uint16_t)(CONFIG_DATA + (offset & 3));
	switch (width) {
	case 1: return arch_pio_in8(port);
	case 2: return arch_pio_in16(port);
	default: return arch_pio_in32(port);
	}
}

static void config_write(int bus, int slot, int func, int offset, int width, uint32_t v)
{
	volatile uint8_t *p = ecam_at(bus, slot, func, offset);
	if (p) {
		switch (width) {
		case 1: *p = (uint8_t)v; return;
		case 2: *(volatile uint16_t *)p = (uint16_t)v; return;
		default: *(volatile uint32_t *)p = v; return;
		}
	}
	if (!ports_select(bus, slot, func, offset))
		return;
	uint16_t port = (uint16_t)(CONFIG_DATA + (offset & 3));
	switch (width) {
	case 1: arch_pio_out8(port, (uint8_t)v); return;
	case 2: arch_pio_out16(port, (uint16_t)v); return;
	default: arch_pio_out32(port, v); return;
	}
}

uint32_t pci_config_read32(int bus, int slot, int func, int offset) { return config_read(bus, slot, func, offset & ~3, 4); }
void pci_config_write32(int bus, int slot, int func, int offset, uint32_t v) { config_write(bus, slot, func, offset & ~3, 4, v); }

int pci_config_size(const struct pci_device *d)
{
	return ecam_at(d->bus, d->slot, d->func, 0) ? PCI_CONFIG_SIZE_EXT : PCI_CONFIG_SIZE;
}

uint32_t pci_read32(const struct pci_device *d, int off) { return config_read(d->bus, d->slot, d->func, off & ~3, 4); }
uint16_t pci_read16(const struct pci_device *d, int off) { return (uint16_t)config_read(d->bus, d->slot, d->func, off & ~1, 2); }
uint8_t pci_read8(const struct pci_device *d, int off) { return (uint8_t)config_read(d->bus, d->slot, d->func, off, 1); }
void pci_write32(const struct pci_device *d, int off, uint32_t v) { config_write(d->bus, d->slot, d->func, off & ~3, 4, v); }
void pci_write16(const struct pci_device *d, int off, uint16_t v) { config_write(d->bus, d->slot, d->func, off & ~1, 2, v); }
void pci_write8(const struct pci_device *d, int off, uint8_t v) { config_write(d->bus, d->slot, d->func, off, 1, v); }

/* ECAM from MCFG, when it is sane: mapped uncached, and answering for the
 * window's first function as the ports do (a wrong MCFG would otherwise
 * misread every device). Where the ports answer all ones (a machine
 * without them, or an empty slot), ECAM is trusted. */
static void ecam_init(void)
{
	const struct acpi_info *a = acpi_get();
	struct pci_ecam e;
	int err = pci_ecam_choose(a->ecam, a->necam, &e);
	if (err) {
		pci.ecam_refused = err == -ENOENT ? (a->necam ? "MCFG has no window for segment 0" : "no MCFG")
						  : "MCFG's window for segment 0 is malformed";
		return;
	}
	uint64_t start = pci_ecam_address(&e, e.bus_start, 0, 0, 0);
	arch_map_mmio(start, (uint64_t)(e.bus_end - e.bus_start + 1) << 20);
	uint32_t by_ecam = *(volatile uint32_t *)(uintptr_t)start;
	uint32_t by_ports = config_read(e.bus_start, 0, 0, 0, 4);     /* ECAM is not on yet */
	if (by_ports != 0xffffffff && by_ports != by_ecam) {
		pci.ecam_refused = "ECAM and the ports disagree on the window's first function";
		return;
	}
	pci.ecam = e;
	pci.has_ecam = true;
}

void pci_print_summary(void)
{
	if (!pci.present)
		kprintf("pci: none (no host bridge at 0:0.0 by %s)\n", pci.has_ecam ? "ECAM" : "the ports");
	else if (pci.has_ecam)
		kprintf("pci: configuration by ECAM at %#lx buses %d-%d%s\n",
			(unsigned long)pci_ecam_address(&pci.ecam, pci.ecam.bus_start, 0, 0, 0),
			pci.ecam.bus_start, pci.ecam.bus_end,
			pci.ecam.bus_start > 0 || pci.ecam.bus_end < 255 ? ", ports for the rest" : "");
	else
		kprintf("pci: configuration by ports (%s)\n", pci.ecam_refused ? pci.ecam_refused : "no MCFG");
}

/* ---- functions: capabilities, BARs, enumeration ---- */

int pci_find_capability(const struct pci_device *d, uint8_t id, int after)
{
	if (!(pci_read16(d, 0x06) & 0x10))          /* no capability list */
		return 0;
	int off = after ? pci_read8(d, after + 1) : pci_read8(d, 0x34);
	for (int guard = 0; off >= 0x40 && guard < 48; guard++) {
		if (pci_read8(d, off) == id)
			return off;
		off = pci_read8(d, off + 1);
	}
	return 0;
}

void pci_enable(const struct pci_device *d)
{
	pci_write16(d, 0x04, (uint16_t)(pci_read16(d, 0x04) | 0x7));   /* I/O, memory, bus master */
}

/* A function has six BARs, a bridge two (its MSI-X table may be there). */
static void size_bars(struct pci_device *d, int nbars)
{
	uint16_t cmd = pci_read16(d, 0x04);
	pci_write16(d, 0x04, (uint16_t)(cmd & ~0x3));                /* decoding off while sizing */
	for (int i = 0; i < nbars; i++) {
		int off = 0x10 + 4 * i;
		uint32_t orig = pci_read32(d, off);
		pci_write32(d, off, 0xffffffff);
		uint32_t mask = pci_read32(d, off);
		pci_write32(d, off, orig);
		if (!mask || mask == 0xffffffff)
			continue;
		if (orig & 1) {
			d->bar_is_io[i] = true;
			d->bar[i] = orig & ~3u;
			d->bar_size[i] = (uint16_t)(~(mask & ~3u) + 1);
			continue;
		}
		uint64_t base = orig & ~0xfu, size_mask = mask & ~0xfu;
		bool is64 = ((orig >> 1) & 3) == 2;
		if (is64 && i + 1 < nbars) {
			uint32_t hi = pci_read32(d, off + 4);
			pci_write32(d, off + 4, 0xffffffff);
			uint32_t himask = pci_read32(d, off + 4);
			pci_write32(d, off + 4, hi);
			base |= (uint64_t)hi << 32;
			size_mask |= (uint64_t)himask << 32;
		} else {
			size_mask |= 0xffffffff00000000ull;
		}
		d->bar[i] = base;
		d->bar_size[i] = ~size_mask + 1;
		if (is64)
			i++;
	}
	pci_write16(d, 0x04, cmd);
	for (int i = 0; i < 6; i++)
		if (d->bar[i] && !d->bar_is_io[i] && d->bar_size[i])
			arch_map_mmio(d->bar[i], d->bar_size[i]);
}

static void scan_bus(int bus, int depth);

static void add_function(int bus, int slot, int func, int depth)
{
	uint32_t id = pci_config_read32(bus, slot, func, 0);
	if ((id & 0xffff) == 0xffff)
		return;
	struct pci_device *d = kmalloc(sizeof(*d));
	if (!d)
		return;
	memset(d, 0, sizeof(*d));
	d->bus = (uint8_t)bus;
	d->slot = (uint8_t)slot;
	d->func = (uint8_t)func;
	d->vendor_id = (uint16_t)id;
	d->device_id = (uint16_t)(id >> 16);
	d->class_code = pci_read32(d, 0x08) >> 8;
	uint32_t irq = pci_read32(d, 0x3c);
	d->irq_line = (uint8_t)irq;
	d->irq_pin = (uint8_t)(irq >> 8);
	uint8_t header = pci_read8(d, 0x0e) & 0x7f;
	if (header == 0 || header == 1)
		size_bars(d, header == 0 ? 6 : 2);
	if (pci.last)
		pci.last->next = d;
	else
		pci.devices = d;
	pci.last = d;
	pci.count++;
	if (header == 1 && depth < 8)                 /* a bridge: its secondary bus */
		scan_bus(pci_read8(d, 0x19), depth + 1);
}

static void scan_bus(int bus, int depth)
{
	for (int slot = 0; slot < 32; slot++) {
		if ((pci_config_read32(bus, slot, 0, 0) & 0xffff) == 0xffff)
			continue;
		bool multi = (pci_config_read32(bus, slot, 0, 0x0c) >> 16) & 0x80;
		for (int func = 0; func < (multi ? 8 : 1); func++)
			add_function(bus, slot, func, depth);
	}
}

void pci_init(void)
{
	ecam_init();
	if ((pci_config_read32(0, 0, 0, 0) & 0xffff) == 0xffff)
		return;                                   /* no PCI (microvm) */
	pci.present = true;
	scan_bus(0, 0);
}

struct pci_device *pci_devices(void) { return pci.devices; }
int pci_count(void) { return pci.count; }

void pci_remove(struct pci_device *d)
{
	struct pci_device **p = &pci.devices, *prev = NULL;
	while (*p && *p != d) {
		prev = *p;
		p = &(*p)->next;
	}
	if (!*p)
		return;                                    /* not listed: removed before */
	if (d->remove)
		d->remove(d);
	pci_write16(d, 0x04, (uint16_t)(pci_read16(d, 0x04) & ~0x7));   /* no decoding, no DMA */
	*p = d->next;
	if (pci.last == d)
		pci.last = prev;
	d->next = NULL;
	pci.count--;
}

/* Points MSI-X table entry `entry` at `vector` on the boot CPU and turns
 * MSI-X on (INTx off). Returns 0, or -1 without an MSI-X capability. */
int pci_msix_enable(const struct pci_device *d, int entry, int vector)
{
	int cap = pci_find_capability(d, 0x11, 0);
	if (!cap)
		return -1;
	uint16_t control = pci_read16(d, cap + 2);
	if (entry > (control & 0x7ff))
		return -1;
	uint32_t table = pci_read32(d, cap + 4);
	int bir = table & 7;
	if (bir > 5 || d->bar_is_io[bir] || !d->bar[bir])
		return -1;
	volatile uint32_t *e = (volatile uint32_t *)(uintptr_t)(d->bar[bir] + (table & ~7u) + 16u * (unsigned)entry);
	uint64_t address;
	uint32_t data;
	arch_msi_message(vector, &address, &data);
	e[0] = (uint32_t)address;
	e[1] = (uint32_t)(address >> 32);
	e[2] = data;
	e[3] = 0;                                          /* unmasked */
	pci_write16(d, 0x04, (uint16_t)(pci_read16(d, 0x04) | 0x400));   /* INTx disable */
	pci_write16(d, cap + 2, (uint16_t)((control | 0x8000) & ~0x4000));
	return 0;
}

/* MSI: one message, `vector` on the boot CPU (INTx off). Returns 0, or -1
 * without an MSI capability. */
int pci_msi_enable(const struct pci_device *d, int vector)
{
	int cap = pci_find_capability(d, 0x05, 0);
	if (!cap)
		return -1;
	uint16_t control = pci_read16(d, cap + 2);
	uint64_t address;
	uint32_t data;
	arch_msi_message(vector, &address, &data);
	pci_write32(d, cap + 4, (uint32_t)address);
	int data_at = cap + 8;
	if (control & 0x80) {                              /* 64-bit address */
		pci_write32(d, cap + 8, (uint32_t)(address >> 32));
		data_at = cap + 12;
	}
	pci_write16(d, data_at, (uint16_t)data);
	pci_write16(d, 0x04, (uint16_t)(pci_read16(d, 0x04) | 0x400));   /* INTx disable */
	pci_write16(d, cap + 2, (uint16_t)((control & ~0x70) | 1));      /* one message, enabled */
	return 0;
}
