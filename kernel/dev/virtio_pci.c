/* The virtio PCI transport (virtio 1.x, section 4.1): registers found
 * through vendor capabilities in memory BARs. Transitional devices work
 * through their modern interface; legacy-only ones are refused. */
#include <stdio.h>
#include <string.h>

#include "arch.h"
#include "heap.h"
#include "kernel.h"
#include "pci.h"
#include "virtio.h"

enum { CAP_COMMON = 1, CAP_NOTIFY = 2, CAP_ISR = 3, CAP_DEVICE = 4 };

/* common configuration registers */
#define DFSELECT 0x00
#define DF 0x04
#define GFSELECT 0x08
#define GF 0x0c
#define STATUS 0x14
#define Q_SELECT 0x16
#define Q_SIZE 0x18
#define Q_MSIX 0x1a
#define Q_ENABLE 0x1c
#define Q_NOFF 0x1e
#define Q_DESC 0x20
#define Q_AVAIL 0x28
#define Q_USED 0x30

static volatile uint32_t *r32(struct virtio_dev *d, int off) { return (volatile uint32_t *)(d->common + off); }
static volatile uint16_t *r16(struct virtio_dev *d, int off) { return (volatile uint16_t *)(d->common + off); }

static uint8_t get_status(struct virtio_dev *d) { return d->common[STATUS]; }
static void set_status(struct virtio_dev *d, uint8_t s) { d->common[STATUS] = s; }

static uint64_t get_features(struct virtio_dev *d)
{
	*r32(d, DFSELECT) = 0;
	uint64_t lo = *r32(d, DF);
	*r32(d, DFSELECT) = 1;
	return lo | (uint64_t)*r32(d, DF) << 32;
}

static void set_features(struct virtio_dev *d, uint64_t f)
{
	*r32(d, GFSELECT) = 0;
	*r32(d, GF) = (uint32_t)f;
	*r32(d, GFSELECT) = 1;
	*r32(d, GF) = (uint32_t)(f >> 32);
}

static uint16_t queue_max(struct virtio_dev *d, uint16_t index)
{
	*r16(d, Q_SELECT) = index;
	return *r16(d, Q_SIZE);
}

static void write64(struct virtio_dev *d, int off, uint64_t v)
{
	*r32(d, off) = (uint32_t)v;
	*r32(d, off + 4) = (uint32_t)(v >> 32);
}

static int queue_enable(struct virtio_dev *d, uint16_t index, const struct virtq *q)
{
	*r16(d, Q_SELECT) = index;
	*r16(d, Q_SIZE) = q->size;
	*r16(d, Q_MSIX) = d->msix ? 0 : 0xffff;   /* every queue on MSI-X entry 0 */
	write64(d, Q_DESC, virtq_desc_addr(q));
	write64(d, Q_AVAIL, virtq_avail_addr(q));
	write64(d, Q_USED, virtq_used_addr(q));
	d->notify_off[index] = *r16(d, Q_NOFF);
	*r16(d, Q_ENABLE) = 1;
	return *r16(d, Q_ENABLE) == 1 ? 0 : -1;
}

static void notify(struct virtio_dev *d, uint16_t index)
{
	*(volatile uint16_t *)(d->notify_base + (uint32_t)d->notify_off[index] * d->notify_multiplier) = index;
}

static uint8_t config_read8(struct virtio_dev *d, uint32_t off) { return d->device_cfg ? d->device_cfg[off] : 0; }

/* MSI-X when the device has it; else its INTx pin, on the ISA interrupt
 * line the firmware routed it to (the Interrupt Line register): level,
 * active high at the IOAPIC in QEMU's q35 and pc, and maybe shared. */
static int irq_setup(struct virtio_dev *d)
{
	int vector = arch_irq_alloc(virtio_interrupt, d);
	if (vector >= 0 && pci_msix_enable(d->pci, 0, vector) == 0) {
		*r16(d, 0x10) = 0xffff;                   /* no configuration-change interrupts */
		d->msix = true;
		snprintf(d->irq, sizeof(d->irq), "MSI-X");
		return 0;
	}
	arch_irq_free(vector);
	uint8_t line = d->pci->irq_line;
	if (!d->pci->irq_pin || !d->isr || line == 0 || line >= 16)
		return -1;
	if (arch_irq_line_add(line, false, virtio_interrupt, d) < 0)
		return -1;
	pci_write16(d->pci, 0x04, (uint16_t)(pci_read16(d->pci, 0x04) & ~0x400));   /* INTx on */
	snprintf(d->irq, sizeof(d->irq), "INTx (IRQ %u)", line);
	return 0;
}

/* Reading the ISR status clears it and lowers INTx. */
static bool irq_ack(struct virtio_dev *d) { return d->msix || (*d->isr & 3) != 0; }

static const struct virtio_transport pci_transport = {
	"pci", get_status, set_status, get_features, set_features, queue_max, queue_enable, notify, config_read8,
	irq_setup, irq_ack,
};

static volatile uint8_t *cap_address(const struct pci_device *p, int cap)
{
	uint8_t bar = pci_read8(p, cap + 4);
	uint32_t offset = pci_read32(p, cap + 8);
	if (bar > 5 || p->bar_is_io[bar] || !p->bar[bar] || offset >= p->bar_size[bar])
		return NULL;
	return (volatile uint8_t *)(uintptr_t)(p->bar[bar] + offset);
}

static uint32_t virtio_id_of(uint16_t device_id)
{
	if (device_id >= 0x1040 && device_id <= 0x107f)
		return device_id - 0x1040u;
	switch (device_id) {                           /* transitional ids */
	case 0x1000: return VIRTIO_ID_NET;
	case 0x1001: return VIRTIO_ID_BLOCK;
	case 0x1003: return VIRTIO_ID_CONSOLE;
	case 0x1005: return VIRTIO_ID_RNG;
	default: return 0;
	}
}

/* Hot-unplug of the function (pci_remove). */
static void remove_function(struct pci_device *p) { virtio_remove(p->driver); }

struct virtio_dev *virtio_pci_probe_all(void)
{
	struct virtio_dev *list = NULL;
	for (struct pci_device *p = pci_devices(); p; p = p->next) {
		if (p->vendor_id != 0x1af4 || p->device_id < 0x1000 || p->device_id > 0x107f)
			continue;
		struct virtio_dev *d = kmalloc(sizeof(*d));
		if (!d)
			break;
		memset(d, 0, sizeof(*d));
		d->transport = &pci_transport;
		d->pci = p;
		d->device_id = virtio_id_of(p->device_id);
		snprintf(d->name, sizeof(d->name), "pci:%x:%x.%x", p->bus, p->slot, p->func);
		for (int cap = pci_find_capability(p, 0x09, 0); cap; cap = pci_find_capability(p, 0x09, cap)) {
			volatile uint8_t *a = cap_address(p, cap);
			switch (pci_read8(p, cap + 3)) {
			case CAP_COMMON: if (!d->common) d->common = a; break;
			case CAP_NOTIFY:
				if (!d->notify_base) {
					d->notify_base = a;
					d->notify_multiplier = pci_read32(p, cap + 16);
				}
				break;
			case CAP_ISR: if (!d->isr) d->isr = a; break;
			case CAP_DEVICE: if (!d->device_cfg) d->device_cfg = a; break;
			}
		}
		if (!d->common || !d->notify_base || !d->device_id) {
			kprintf("virtio: %s (device %#x) has no modern interface; ignored\n", d->name, p->device_id);
			kfree(d);
			continue;
		}
		pci_enable(p);
		p->driver = d;
		p->remove = remove_function;
		d->next = list;
		list = d;
	}
	return list;
}
