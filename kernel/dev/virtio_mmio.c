/* The virtio MMIO transport (virtio 1.x, section 4.2, version 2 register
 * layout). Transports are found where the machine names them: the
 * virtio_mmio.device= words of the command line and the ACPI DSDT's
 * "LNRO0005" Devices; only when neither names any, by probing QEMU
 * microvm's window (32 slots of 512 bytes from 0xfeb00000). */
#include <stdio.h>
#include <string.h>

#include "acpi.h"
#include "arch.h"
#include "boot.h"
#include "heap.h"
#include "kernel.h"
#include "rtjs.h"
#include "virtio.h"

#define MMIO_WINDOW 0xfeb00000u
#define MMIO_SLOTS 32
#define MMIO_SLOT_SIZE 0x200u
#define MMIO_REGS_MIN 0x100u                /* the registers, before the device's config */
#define MMIO_MAP_MAX (2u << 20)             /* registers and config lie well inside */
#define MMIO_REACH (1ull << 46)             /* as hw.mmio(): physical addresses we map */
#define MMIO_MAGIC_VALUE 0x74726976u        /* "virt" */
#define CANDIDATES_MAX (CONFIG_VIRTIO_MMIO_MAX + ACPI_VIRTIO_MMIO_MAX)

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

uint32_t virtio_mmio_gsi(const struct virtio_dev *d) { return d->mmio_gsi; }
uint64_t virtio_mmio_address(const struct virtio_dev *d) { return d->mmio_address; }
uint64_t virtio_mmio_size(const struct virtio_dev *d) { return d->mmio_size; }

static int irq_setup(struct virtio_dev *d)
{
	uint32_t gsi = d->mmio_gsi;
	int vector = arch_irq_alloc(virtio_interrupt, d);
	if (vector < 0)
		return -1;
	int r = ioapic_route(gsi, (uint8_t)vector, d->mmio_level, d->mmio_active_low);
	if (r < 0 || ioapic_unmask(gsi) < 0) {
		kprintf("virtio: %s: cannot route IRQ %u (error %d); polled\n", d->name, gsi, r);
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

/* A transport to probe, and who named it. */
struct candidate {
	uint64_t base, size;
	uint32_t gsi;
	bool level, active_low;
	const char *from;                   /* "command line", "ACPI", "scan" */
};

static struct {
	struct candidate c[CANDIDATES_MAX];
	int n;
} named;

static bool holds_ram(uint64_t base, uint64_t size)
{
	for (int i = 0; i < boot_info.nmem; i++) {
		const struct boot_mem_range *r = &boot_info.mem[i];
		if (r->type == BOOT_MEM_USABLE && r->base < base + size && base < r->base + r->len)
			return true;
	}
	return false;
}

/* Adds a transport named by the command line or ACPI: the same one named
 * twice is one (the first word wins), overlapping ones are refused. */
static void name_transport(struct candidate c)
{
	for (int i = 0; i < named.n; i++) {
		const struct candidate *o = &named.c[i];
		if (o->base == c.base) {
			if (o->gsi != c.gsi)
				kprintf("virtio: mmio %#lx has IRQ %u (%s) and IRQ %u (%s); using IRQ %u\n",
					(unsigned long)c.base, o->gsi, o->from, c.gsi, c.from, o->gsi);
			return;
		}
		if (o->base < c.base + c.size && c.base < o->base + o->size) {
			kprintf("virtio: mmio %#lx (%s) overlaps mmio %#lx (%s); ignored\n",
				(unsigned long)c.base, c.from, (unsigned long)o->base, o->from);
			return;
		}
	}
	if (c.base < 4096 || c.size < MMIO_REGS_MIN || c.base >= MMIO_REACH || c.size > MMIO_REACH - c.base)
		kprintf("virtio: mmio %#lx size %#lx (%s) is not a place for registers; ignored\n",
			(unsigned long)c.base, (unsigned long)c.size, c.from);
	else if (holds_ram(c.base, c.size))
		kprintf("virtio: mmio %#lx (%s) lies in RAM; ignored\n", (unsigned long)c.base, c.from);
	else if (named.n < CANDIDATES_MAX)
		named.c[named.n++] = c;
}

static void name_transports(void)
{
	const struct kernel_config *k = &kernel_config;
	for (int i = 0; i < k->nvirtio_mmio; i++)
		name_transport((struct candidate){ .base = k->virtio_mmio[i].base, .size = k->virtio_mmio[i].size,
			.gsi = k->virtio_mmio[i].irq, .level = true, .from = "command line" });
	const struct acpi_info *a = acpi_get();
	for (int i = 0; i < a->nvirtio_mmio; i++)
		name_transport((struct candidate){ .base = a->virtio_mmio[i].base, .size = a->virtio_mmio[i].size,
			.gsi = a->virtio_mmio[i].gsi, .level = a->virtio_mmio[i].level,
			.active_low = a->virtio_mmio[i].active_low, .from = "ACPI" });
}

/* The device behind a transport, or NULL (said why when it was named). */
static struct virtio_dev *probe(const struct candidate *c, bool quiet)
{
	arch_map_mmio(c->base, c->size < MMIO_MAP_MAX ? c->size : MMIO_MAP_MAX);
	volatile uint8_t *base = (volatile uint8_t *)(uintptr_t)c->base;
	volatile uint32_t *regs = (volatile uint32_t *)base;
	uint32_t magic = regs[MAGIC / 4];
	if (magic != MMIO_MAGIC_VALUE) {
		if (!quiet)
			kprintf("virtio: nothing answers at mmio %#lx (%s): read %#x, not the virtio magic; ignored\n",
				(unsigned long)c->base, c->from, magic);
		return NULL;
	}
	uint32_t id = regs[DEVICE_ID / 4], version = regs[VERSION / 4];
	if (id == 0) {                                /* an empty transport */
		if (!quiet && kernel_config.verbose)
			kprintf("virtio: mmio %#lx IRQ %u (%s) holds no device\n", (unsigned long)c->base, c->gsi, c->from);
		return NULL;
	}
	if (version != 2) {
		kprintf("virtio: mmio %#lx (device %u) is a legacy (version %u) transport; ignored\n",
			(unsigned long)c->base, id, version);
		return NULL;
	}
	struct virtio_dev *d = kmalloc(sizeof(*d));
	if (!d)
		return NULL;
	memset(d, 0, sizeof(*d));
	d->transport = &mmio_transport;
	d->mmio = base;
	d->mmio_address = c->base;
	d->mmio_size = c->size;
	d->mmio_gsi = c->gsi;
	d->mmio_level = c->level;
	d->mmio_active_low = c->active_low;
	d->device_id = id;
	snprintf(d->name, sizeof(d->name), "mmio:%#lx", (unsigned long)c->base);
	if (kernel_config.verbose)
		kprintf("virtio: mmio %#lx IRQ %u (%s)\n", (unsigned long)c->base, c->gsi, c->from);
	return d;
}

/* QEMU microvm's window, for a machine that names no transport. microvm
 * wires slot i to GSI base + i: 24 transports on a second IOAPIC (GSI
 * 24..47) when it has one, else 8 at GSI 16 (with ACPI) or 5. The line is
 * level-triggered, active high. */
static int scan_window(struct candidate *c, int max)
{
	int transports = 0;
	for (int i = 0; i < MMIO_SLOTS && i < max; i++) {
		uint64_t base = MMIO_WINDOW + (uint64_t)i * MMIO_SLOT_SIZE;
		arch_map_mmio(base, MMIO_SLOT_SIZE);
		if (*(volatile uint32_t *)(uintptr_t)base == MMIO_MAGIC_VALUE)
			transports++;
	}
	uint32_t gsi_base = transports > 8 ? 24 : acpi_get()->rsdp ? 16 : 5;
	for (int i = 0; i < MMIO_SLOTS && i < max; i++)
		c[i] = (struct candidate){ .base = MMIO_WINDOW + (uint64_t)i * MMIO_SLOT_SIZE, .size = MMIO_SLOT_SIZE,
			.gsi = gsi_base + (uint32_t)i, .level = true, .from = "scan of QEMU microvm's window" };
	return max < MMIO_SLOTS ? max : MMIO_SLOTS;
}

struct virtio_dev *virtio_mmio_probe_all(void)
{
	name_transports();
	bool scan = named.n == 0 && !kernel_config.nvirtio_mmio && !acpi_get()->nvirtio_mmio;
	if (scan)
		named.n = scan_window(named.c, CANDIDATES_MAX);
	struct virtio_dev *list = NULL, **tail = &list;
	for (int i = 0; i < named.n; i++) {
		struct virtio_dev *d = probe(&named.c[i], scan);
		if (d) {
			*tail = d;
			tail = &d->next;
		}
	}
	return list;
}
