/* The IOAPICs: device interrupts (GSIs) to vectors on the boot CPU. Every
 * pin is masked at init; drivers route and unmask the ones they use. The
 * 8259 PICs stay masked (lapic.c), with or without an IOAPIC. */
#include <errno.h>

#include "acpi.h"
#include "arch.h"
#include "kernel.h"
#include "x86.h"

#define IOAPIC_DEFAULT_BASE 0xfec00000u
#define IOAPIC_MAX 8

/* Registers are reached through a select/window pair. */
#define IOREGSEL 0x00
#define IOWIN    0x10
#define REG_VER  0x01
#define REG_REDTBL(pin) (0x10 + 2 * (pin))

/* Redirection entry, low dword (high dword: destination APIC id in 31:24). */
#define RTE_ACTIVE_LOW (1u << 13)
#define RTE_LEVEL      (1u << 15)
#define RTE_MASKED     (1u << 16)

/* ISA IRQs without an override are GSI = IRQ, edge, active high. */
#define ISA_IRQS 16

struct ioapic_chip {
	volatile uint32_t *base;
	uint32_t gsi_base, pins;
};

static struct {
	int count;
	struct ioapic_chip chip[IOAPIC_MAX];
	uint32_t dest;              /* the boot CPU's APIC id */
	int noverrides;
	struct acpi_irq_override overrides[ACPI_OVERRIDES_MAX];
} ioapic;

static uint32_t reg_read(volatile uint32_t *base, uint32_t reg)
{
	base[IOREGSEL / 4] = reg;
	return base[IOWIN / 4];
}

static void reg_write(volatile uint32_t *base, uint32_t reg, uint32_t v)
{
	base[IOREGSEL / 4] = reg;
	base[IOWIN / 4] = v;
}

static void add_chip(uint32_t address, uint32_t gsi_base)
{
	if (ioapic.count >= IOAPIC_MAX) {
		kprintf("ioapic: more than %d IOAPICs; the one at %#x is not used\n", IOAPIC_MAX, address);
		return;
	}
	/* Only the uncached 3-4 GiB window may hold device registers. */
	if (address < (3u << 30) || address & 0xf) {
		kprintf("ioapic: the MADT puts an IOAPIC at %#x, outside device memory; ignored\n", address);
		return;
	}
	volatile uint32_t *base = (volatile uint32_t *)(uintptr_t)address;
	uint32_t ver = reg_read(base, REG_VER);
	if (ver == 0xffffffff || (ver & 0xff) == 0xff) {
		kprintf("ioapic: nothing answers at %#x; ignored\n", address);
		return;
	}
	uint32_t pins = ((ver >> 16) & 0xff) + 1;
	for (uint32_t pin = 0; pin < pins; pin++) {
		reg_write(base, REG_REDTBL(pin), RTE_MASKED);
		reg_write(base, REG_REDTBL(pin) + 1, 0);
	}
	ioapic.chip[ioapic.count++] = (struct ioapic_chip){ base, gsi_base, pins };
}

void ioapic_init(const struct acpi_info *acpi)
{
	uint32_t r[4];
	cpuid(1, 0, r);
	ioapic.dest = r[1] >> 24;
	if (acpi && acpi->has_madt) {
		for (int i = 0; i < acpi->nioapics; i++)
			add_chip(acpi->ioapics[i].address, acpi->ioapics[i].gsi_base);
		ioapic.noverrides = acpi->noverrides;
		for (int i = 0; i < acpi->noverrides; i++)
			ioapic.overrides[i] = acpi->overrides[i];
	} else {
		add_chip(IOAPIC_DEFAULT_BASE, 0);
	}
	if (ioapic.count == 0)
		kputs("ioapic: no IOAPIC; device interrupts are off (the 8259 PICs stay masked)\n");
}

/* The chip and pin of a GSI, or -ENODEV. */
static int find_pin(uint32_t gsi, int *chip, uint32_t *pin)
{
	for (int i = 0; i < ioapic.count; i++) {
		if (gsi >= ioapic.chip[i].gsi_base && gsi - ioapic.chip[i].gsi_base < ioapic.chip[i].pins) {
			*chip = i;
			*pin = gsi - ioapic.chip[i].gsi_base;
			return 0;
		}
	}
	return -ENODEV;
}

int ioapic_route(uint32_t gsi, uint8_t vector, bool level, bool active_low)
{
	int chip;
	uint32_t pin;
	if (vector < 32 || vector == 0xff)
		return -EINVAL;
	if (find_pin(gsi, &chip, &pin) < 0)
		return -ENODEV;
	volatile uint32_t *base = ioapic.chip[chip].base;
	if ((reg_read(base, REG_REDTBL(pin)) & 0xff) >= 32)
		return -EBUSY;           /* routed already: a pin has one owner (ioapic_release) */
	/* Fixed delivery, physical destination. Masked while it changes. */
	uint32_t lo = vector | RTE_MASKED | (level ? RTE_LEVEL : 0) | (active_low ? RTE_ACTIVE_LOW : 0);
	reg_write(base, REG_REDTBL(pin), RTE_MASKED);
	reg_write(base, REG_REDTBL(pin) + 1, ioapic.dest << 24);
	reg_write(base, REG_REDTBL(pin), lo);
	return 0;
}

int ioapic_route_isa(int irq, uint8_t vector)
{
	if (irq < 0 || irq >= ISA_IRQS)
		return -EINVAL;
	uint32_t gsi = (uint32_t)irq;
	uint16_t flags = 0;
	/* The timer has sat on pin 2 since the IOAPIC replaced the 8259s, and
	 * so it does in QEMU's IOAPIC (TCG and KVM), but QEMU's microvm MADT
	 * lists no override at all. Linux's check_timer() tries pin 2 too. */
	if (irq == 0 && ioapic.noverrides == 0)
		gsi = 2;
	for (int i = 0; i < ioapic.noverrides; i++) {
		if (ioapic.overrides[i].bus == 0 && ioapic.overrides[i].irq == irq) {
			gsi = ioapic.overrides[i].gsi;
			flags = ioapic.overrides[i].flags;
			break;
		}
	}
	/* "Conforms to the bus" is ISA's: edge, active high. */
	bool level = (flags & ACPI_IRQ_TRIGGER_MASK) == ACPI_IRQ_LEVEL;
	bool active_low = (flags & ACPI_IRQ_POLARITY_MASK) == ACPI_IRQ_ACTIVE_LOW;
	int r = ioapic_route(gsi, vector, level, active_low);
	return r < 0 ? r : (int)gsi;
}

static int set_mask(uint32_t gsi, bool masked)
{
	int chip;
	uint32_t pin;
	if (find_pin(gsi, &chip, &pin) < 0)
		return -ENODEV;
	volatile uint32_t *base = ioapic.chip[chip].base;
	uint32_t lo = reg_read(base, REG_REDTBL(pin));
	if (!masked && (lo & 0xff) < 32)
		return -EINVAL;      /* never routed: it would deliver an exception vector */
	reg_write(base, REG_REDTBL(pin), masked ? lo | RTE_MASKED : lo & ~RTE_MASKED);
	return 0;
}

int ioapic_release(uint32_t gsi)
{
	int chip;
	uint32_t pin;
	if (find_pin(gsi, &chip, &pin) < 0)
		return -ENODEV;
	reg_write(ioapic.chip[chip].base, REG_REDTBL(pin), RTE_MASKED);
	return 0;
}

int ioapic_mask(uint32_t gsi) { return set_mask(gsi, true); }
int ioapic_unmask(uint32_t gsi) { return set_mask(gsi, false); }
