/* The virtio MMIO transport (virtio 1.x, section 4.2, version 2 register
 * layout), probed in QEMU microvm's window: 32 slots of 512 bytes from
 * 0xfeb00000. */
#include <stdio.h>
#include <string.h>

#include "acpi.h"
#include "arch.h"
#include "heap.h"
#include "kernel.h"
#include "virtio.h"

#define MMIO_WINDOW 0xfeb00000u
#define MMIO_SLOTS 32
#define MMIO_SLOT_SIZE VIRTIO_MMIO_SIZE

#define MAGIC 0x000
#define VERSION 0x004
#define DEVICE_ID 0x008
#define DEVICE_FEATURES 0x010
#define DEVICE_FEATURES_SEL 0x014
#define DRIVER_FEATURES 0x020
#define DRIVER_FEATURES_SEL 0x024
#define QUEUE_SEL 0x030
#define QUEUE_NUM_MAX 0x034
#define QUEUE_NUM 0x038
#define QUEUE_READY 0x044
#define QUEUE_NOTIFY 0x050
#define STATUS 0x070
#define QUEUE_DESC 0x080
#define QUEUE_DRIVER 0x090
#define QUEUE_DEVICE 0x0a0
#define CONFIG 0x100

static volatile uint32_t *reg(struct virtio_dev *d, int off) { return (volatile uint32_t *)(d->mmio + off); }

static uint8_t get_status(struct virtio_dev *d) { return (uint8_t)*reg(d, STATUS); }
static void set_status(struct virtio_dev *d, uint8_t s) { *reg(d, STATUS) = s; }

static uint64_t get_features(struct virtio_dev *d)
{
	*reg(d, DEVICE_FEATURES_SEL) = 0;
	uint64_t lo = *reg(d, DEVICE_FEATURES);
	*reg(d, DEVICE_FEATURES_SEL) = 1;
	return lo | (uint64_t)*reg(d, DEVICE_FEATURES) << 32;
}

static void set_features(struct virtio_dev *d, uint64_t f)
{
	*reg(d, DRIVER_FEATURES_SEL) = 0;
	*reg(d, DRIVER_FEATURES) = (uint32_t)f;
	*reg(d, DRIVER_FEATURES_SEL) = 1;
	*reg(d, DRIVER_FEATURES) = (uint32_t)(f >> 32);
}

static uint16_t queue_max(struct virtio_dev *d, uint16_t index)
{
	*reg(d, QUEUE_SEL) = index;
	uint32_t n = *reg(d, QUEUE_NUM_MAX);
	return n > 32768 ? 32768 : (uint16_t)n;
}

static int queue_enable(struct virtio_dev *d, uint16_t index, const struct virtq *q)
{
	*reg(d, QUEUE_SEL) = index;
	*reg(d, QUEUE_NUM) = q->size;
	*reg(d, QUEUE_DESC) = (uint32_t)virtq_desc_addr(q);
	*reg(d, QUEUE_DESC + 4) = (uint32_t)(virtq_desc_addr(q) >> 32);
	*reg(d, QUEUE_DRIVER) = (uint32_t)virtq_avail_addr(q);
	*reg(d, QUEUE_DRIVER + 4) = (uint32_t)(virtq_avail_addr(q) >> 32);
	*reg(d, QUEUE_DEVICE) = (uint32_t)virtq_used_addr(q);
	*reg(d, QUEUE_DEVICE + 4) = (uint32_t)(virtq_used_addr(q) >> 32);
	*reg(d, QUEUE_READY) = 1;
	return *reg(d, QUEUE_READY) == 1 ? 0 : -1;
}

static void notify(struct virtio_dev *d, uint16_t index) { *reg(d, QUEUE_NOTIFY) = index; }
static uint8_t config_read8(struct virtio_dev *d, uint32_t off) { return d->mmio[CONFIG + off]; }

static int transports;            /* slots that answered with the magic, empty or not */

/* microvm wires transport i to GSI base + i: 24 transports on a second
 * IOAPIC (GSI 24..47) when it has one, else 8 at GSI 16 (with ACPI) or 5.
 * The line is level-triggered, active high. */
uint32_t virtio_mmio_gsi(const struct virtio_dev *d)
{
	const struct acpi_info *acpi = acpi_get();
	uint32_t base = transports > 8 ? 24 : (acpi && acpi->rsdp) ? 16 : 5;
	return base + (uint32_t)d->mmio_slot;
}

uint64_t virtio_mmio_address(const struct virtio_dev *d) { return MMIO_WINDOW + (uint64_t)d->mmio_slot * MMIO_SLOT_SIZE; }

static int irq_setup(struct virtio_dev *d)
{
	uint32_t gsi = virtio_mmio_gsi(d);
	int vector = arch_irq_alloc(virtio_interrupt, d);
	if (vector < 0)
		return -1;
	if (ioapic_route(gsi, (uint8_t)vector, true, false) < 0 || ioapic_unmask(gsi) < 0) {
		arch_irq_free(vector);
		return -1;
	}
	snprintf(d->irq, sizeof(d->irq), "IRQ %u", gsi);
	return 0;
}

static bool irq_ack(struct virtio_dev *d)
{
	uint32_t status = *reg(d, 0x060);
	if (!status)
		return false;
	*reg(d, 0x064) = status;
	return true;
}

static const struct virtio_transport mmio_transport = {
	"mmio", get_status, set_status, get_features, set_features, queue_max, queue_enable, notify, config_read8,
	irq_setup, irq_ack,
};

struct virtio_dev *virtio_mmio_probe_all(void)
{
	struct virtio_dev *list = NULL;
	for (int i = 0; i < MMIO_SLOTS; i++) {
		volatile uint8_t *base = (volatile uint8_t *)(uintptr_t)(MMIO_WINDOW + (uint32_t)i * MMIO_SLOT_SIZE);
		volatile uint32_t *regs = (volatile uint32_t *)base;
		if (regs[MAGIC / 4] != 0x74726976)            /* "virt" */
			continue;
		transports++;
		if (regs[DEVICE_ID / 4] == 0)                 /* an empty slot */
			continue;
		uint32_t version = regs[VERSION / 4];
		if (version != 2) {
			kprintf("virtio: mmio slot %d (device %u) is a legacy (version %u) transport; ignored\n",
				i, regs[DEVICE_ID / 4], version);
			continue;
		}
		struct virtio_dev *d = kmalloc(sizeof(*d));
		if (!d)
			break;
		memset(d, 0, sizeof(*d));
		d->transport = &mmio_transport;
		d->mmio_slot = i;
		d->mmio = base;
		d->device_id = regs[DEVICE_ID / 4];
		snprintf(d->name, sizeof(d->name), "mmio:%d", i);
		d->next = list;
		list = d;
	}
	return list;
}
