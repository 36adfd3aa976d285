/* PCI enumeration over the configuration ports: bus 0 and every bus behind
 * a PCI-to-PCI bridge. BARs are sized once and memory BARs are mapped
 * (uncached) so drivers can use them as pointers. */
#include <stdio.h>
#include <string.h>

#include "arch.h"
#include "heap.h"
#include "kernel.h"
#include "pci.h"

static struct {
	struct pci_device *devices, *last;
	int count;
} pci;

uint32_t pci_config_read32(int bus, int slot, int func, int offset)
{
	arch_pio_out32(0xcf8, 0x80000000u | (uint32_t)bus << 16 | (uint32_t)slot << 11 |
			      (uint32_t)func << 8 | ((uint32_t)offset & 0xfc));
	return arch_pio_in32(0xcfc);
}

void pci_config_write32(int bus, int slot, int func, int offset, uint32_t v)
{
	arch_pio_out32(0xcf8, 0x80000000u | (uint32_t)bus << 16 | (uint32_t)slot << 11 |
			      (uint32_t)func << 8 | ((uint32_t)offset & 0xfc));
	arch_pio_out32(0xcfc, v);
}

uint32_t pci_read32(const struct pci_device *d, int off) { return pci_config_read32(d->bus, d->slot, d->func, off); }
uint16_t pci_read16(const struct pci_device *d, int off) { return (uint16_t)(pci_read32(d, off & ~3) >> ((off & 2) * 8)); }
uint8_t pci_read8(const struct pci_device *d, int off) { return (uint8_t)(pci_read32(d, off & ~3) >> ((off & 3) * 8)); }
void pci_write32(const struct pci_device *d, int off, uint32_t v) { pci_config_write32(d->bus, d->slot, d->func, off, v); }

/* One 16-bit access, never a read-modify-write of the dword: the other
 * half may hold write-one-to-clear bits (Status beside Command, Slot
 * Status beside Slot Control) that writing them back would clear. */
void pci_write16(const struct pci_device *d, int off, uint16_t v)
{
	arch_pio_out32(0xcf8, 0x80000000u | (uint32_t)d->bus << 16 | (uint32_t)d->slot << 11 |
			      (uint32_t)d->func << 8 | ((uint32_t)off & 0xfc));
	arch_pio_out16((uint16_t)(0xcfc + (off & 2)), v);
}

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
	if ((pci_config_read32(0, 0, 0, 0) & 0xffff) == 0xffff)
		return;                                   /* no PCI (microvm) */
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
