/* ACPI on this machine: finds the RSDP, reads the tables once at boot
 * (kernel/lib/acpi_tables.c does the parsing) and powers off or resets
 * through the registers the FADT names. Owns struct acpi_info. */
#include <errno.h>
#include <stdio.h>

#include "acpi.h"
#include "arch.h"
#include "boot.h"
#include "kernel.h"

/* Physical memory we read tables from and reach memory-mapped registers in:
 * the first 4 GiB, identity mapped both by boot.S and by paging.c; the
 * interrupt vector table below 0x400 is never a table. */
#define REACH_START 0x400ull
#define REACH_END   (4ull << 30)

/* Where the BIOS keeps the RSDP when no loader says (ACPI 6.5, 5.2.5.1). */
#define BDA_EBDA_SEGMENT 0x40e
#define BIOS_ROM_START   0xe0000ull
#define BIOS_ROM_LEN     0x20000ull

/* PM1 control (ACPI 6.5, 4.8.3.2.1) and the sleep control register of
 * hardware-reduced ACPI (4.8.3.7). */
#define PM1_SCI_EN     (1u << 0)
#define PM1_SLP_TYP(t) ((uint32_t)((t) & 7) << 10)
#define PM1_SLP_TYP_MASK PM1_SLP_TYP(7)
#define PM1_SLP_EN     (1u << 13)
#define SLEEP_CTL_TYP(t) ((uint32_t)((t) & 7) << 2)
#define SLEEP_CTL_EN   (1u << 5)

static struct {
	struct acpi_info info;
	const char *rsdp_from;      /* the loader ("pvh", "multiboot2") or "BIOS area" */
	char reset_what[64];        /* the reboot method's name on the console */
} acpi;

static const void *map_phys(void *ctx, uint64_t paddr, uint64_t len)
{
	(void)ctx;
	if (paddr < REACH_START || paddr >= REACH_END || len > REACH_END - paddr)
		return NULL;
	return (const void *)(uintptr_t)paddr;
}

static void log_line(void *ctx, const char *fmt, ...)
{
	(void)ctx;
	va_list ap;
	va_start(ap, fmt);
	kvprintf(fmt, ap);
	va_end(ap);
	kputs("\n");
}

static const struct acpi_memory phys = { .map = map_phys, .log = log_line };

/* The first KiB of the EBDA, then the BIOS ROM area. */
static uint64_t scan_bios_areas(void)
{
	/* Through a volatile: GCC takes a constant address in page 0 for a
	 * null pointer's neighbourhood and refuses the read. */
	volatile uintptr_t bda_addr = BDA_EBDA_SEGMENT;
	const volatile uint16_t *bda = (const volatile uint16_t *)bda_addr;
	uint64_t ebda = (uint64_t)*bda << 4;
	uint64_t rsdp = 0;
	if (ebda >= 0x80000 && ebda < 0xa0000)
		rsdp = acpi_find_rsdp(&phys, ebda, 1024);
	if (!rsdp)
		rsdp = acpi_find_rsdp(&phys, BIOS_ROM_START, BIOS_ROM_LEN);
	return rsdp;
}

/* ---- registers ---- */

static unsigned gas_width(const struct acpi_gas *g)
{
	if (g->access_size >= 1 && g->access_size <= 4)
		return 8u << (g->access_size - 1);
	return g->bit_width;
}

static uint64_t gas_read(const struct acpi_gas *g)
{
	if (g->space == ACPI_SPACE_IO && g->address <= 0xffff) {
		uint16_t port = (uint16_t)g->address;
		switch (gas_width(g)) {
		case 8: return arch_pio_in8(port);
		case 16: return arch_pio_in16(port);
		case 32: return arch_pio_in32(port);
		}
	} else if (g->space == ACPI_SPACE_MEMORY && map_phys(0, g->address, 8)) {
		uintptr_t a = (uintptr_t)g->address;
		switch (gas_width(g)) {
		case 8: return *(volatile uint8_t *)a;
		case 16: return *(volatile uint16_t *)a;
		case 32: return *(volatile uint32_t *)a;
		case 64: return *(volatile uint64_t *)a;
		}
	}
	return 0;
}

/* 0, or -EINVAL for a register we cannot reach (another address space,
 * an odd width, memory outside the identity map). */
static int gas_write(const struct acpi_gas *g, uint64_t v)
{
	if (g->space == ACPI_SPACE_IO && g->address <= 0xffff) {
		uint16_t port = (uint16_t)g->address;
		switch (gas_width(g)) {
		case 8: arch_pio_out8(port, (uint8_t)v); return 0;
		case 16: arch_pio_out16(port, (uint16_t)v); return 0;
		case 32: arch_pio_out32(port, (uint32_t)v); return 0;
		}
	} else if (g->space == ACPI_SPACE_MEMORY && map_phys(0, g->address, 8)) {
		uintptr_t a = (uintptr_t)g->address;
		switch (gas_width(g)) {
		case 8: *(volatile uint8_t *)a = (uint8_t)v; return 0;
		case 16: *(volatile uint16_t *)a = (uint16_t)v; return 0;
		case 32: *(volatile uint32_t *)a = (uint32_t)v; return 0;
		case 64: *(volatile uint64_t *)a = v; return 0;
		}
	}
	return -EINVAL;
}

static bool gas_usable(const struct acpi_gas *g)
{
	return g->address && (g->space == ACPI_SPACE_IO || g->space == ACPI_SPACE_MEMORY);
}

/* Gives the machine a moment to act on a power-off or reset write. Counts
 * register reads rather than time: this runs in panics too, perhaps before
 * the clock is calibrated. */
static void settle(const struct acpi_gas *g)
{
	for (int i = 0; i < 100000; i++)
		(void)gas_read(g);
}

/* ---- power ---- */

static bool poweroff_by_sleep_control(void)
{
	const struct acpi_info *a = &acpi.info;
	return a->hw_reduced && a->has_s5 && gas_usable(&a->sleep_control);
}

static bool poweroff_by_pm1(void)
{
	const struct acpi_info *a = &acpi.info;
	return !a->hw_reduced && a->has_s5 && gas_usable(&a->pm1a_cnt);
}

/* Firmware that boots in legacy mode hands the PM registers over when
 * asked through SMI_CMD (ACPI 6.5, 16.3.1); QEMU does not need it. */
static void enter_acpi_mode(void)
{
	const struct acpi_info *a = &acpi.info;
	if ((gas_read(&a->pm1a_cnt) & PM1_SCI_EN) || !a->smi_cmd || !a->acpi_enable || a->smi_cmd > 0xffff)
		return;
	arch_pio_out8((uint16_t)a->smi_cmd, a->acpi_enable);
	for (int i = 0; i < 100000 && !(gas_read(&a->pm1a_cnt) & PM1_SCI_EN); i++)
		;
}

/* SLP_TYP into PM1a and PM1b first, then SLP_EN into both, as ACPICA does. */
static void pm1_sleep(void)
{
	const struct acpi_info *a = &acpi.info;
	bool b = gas_usable(&a->pm1b_cnt);
	uint64_t mask = ~(uint64_t)(PM1_SLP_TYP_MASK | PM1_SLP_EN);
	uint64_t va = (gas_read(&a->pm1a_cnt) & mask) | PM1_SLP_TYP(a->s5_typ_a);
	uint64_t vb = b ? (gas_read(&a->pm1b_cnt) & mask) | PM1_SLP_TYP(a->s5_typ_b) : 0;
	gas_write(&a->pm1a_cnt, va);
	if (b)
		gas_write(&a->pm1b_cnt, vb);
	gas_write(&a->pm1a_cnt, va | PM1_SLP_EN);
	if (b)
		gas_write(&a->pm1b_cnt, vb | PM1_SLP_EN);
}

int acpi_poweroff(void)
{
	const struct acpi_info *a = &acpi.info;
	if (poweroff_by_sleep_control()) {
		gas_write(&a->sleep_control, SLEEP_CTL_TYP(a->s5_typ_a) | SLEEP_CTL_EN);
		settle(&a->sleep_control);
	} else if (poweroff_by_pm1()) {
		enter_acpi_mode();
		pm1_sleep();
		settle(&a->pm1a_cnt);
	} else {
		return -ENODEV;
	}
	kputs("acpi: the machine is still on after the power-off request\n");
	return -EIO;
}

int acpi_reboot(void)
{
	const struct acpi_info *a = &acpi.info;
	if (!a->has_reset || gas_write(&a->reset_reg, a->reset_value) < 0)
		return -ENODEV;
	settle(&a->reset_reg);
	return -EIO;
}

static void poweroff_method(void)
{
	(void)acpi_poweroff();
}

static void reboot_method(void)
{
	(void)acpi_reboot();
}

static const char *space_name(const struct acpi_gas *g)
{
	return g->space == ACPI_SPACE_IO ? "port" : g->space == ACPI_SPACE_MEMORY ? "mmio" : "other";
}

/* ---- boot ---- */

int acpi_init(const struct boot_info *bi)
{
	uint64_t rsdp;
	if (bi->rsdp && acpi_parse(&phys, bi->rsdp, &acpi.info) == 0)
		acpi.rsdp_from = bi->protocol;
	else if ((rsdp = scan_bios_areas()) && acpi_parse(&phys, rsdp, &acpi.info) == 0)
		acpi.rsdp_from = "BIOS area";
	else
		return -ENOENT;
	if (poweroff_by_sleep_control() || poweroff_by_pm1())
		arch_set_poweroff_method(poweroff_method);
	const struct acpi_info *a = &acpi.info;
	if (a->has_reset && gas_usable(&a->reset_reg)) {
		snprintf(acpi.reset_what, sizeof(acpi.reset_what), "the ACPI reset register (%s %#lx <- %#x)",
			 space_name(&a->reset_reg), (unsigned long)a->reset_reg.address, a->reset_value);
		arch_set_reboot_method(reboot_method, acpi.reset_what);
	}
	return 0;
}

const struct acpi_info *acpi_get(void)
{
	return &acpi.info;
}

void acpi_print_summary(void)
{
	const struct acpi_info *a = &acpi.info;
	if (!a->rsdp) {
		kputs("acpi: no ACPI tables (no RSDP from the loader or in the BIOS areas)\n");
		return;
	}
	char line[400];
	int n = snprintf(line, sizeof(line), "acpi: RSDP %#lx from %s (revision %u, OEM %s), tables",
			 (unsigned long)a->rsdp, acpi.rsdp_from, a->revision, a->oem[0] ? a->oem : "none");
	for (int i = 0; i < a->ntables && n < (int)sizeof(line); i++)
		n += snprintf(line + n, sizeof(line) - (size_t)n, " %s%s", a->tables[i].sig,
			      a->tables[i].valid ? "" : "(skipped)");
	kprintf("%s\n", line);

	if (a->has_madt) {
		n = snprintf(line, sizeof(line), "acpi: %d CPU%s (APIC id", a->ncpus, a->ncpus == 1 ? "" : "s");
		for (int i = 0; i < a->ncpus && i < ACPI_CPUS_MAX && n < (int)sizeof(line); i++)
			n += snprintf(line + n, sizeof(line) - (size_t)n, " %u", a->cpu_apic_ids[i]);
		if (n < (int)sizeof(line))
			n += snprintf(line + n, sizeof(line) - (size_t)n, "), LAPIC %#lx",
				      (unsigned long)a->lapic_address);
		for (int i = 0; i < a->nioapics && n < (int)sizeof(line); i++)
			n += snprintf(line + n, sizeof(line) - (size_t)n, ", IOAPIC %u at %#x GSI %u+",
				      a->ioapics[i].id, a->ioapics[i].address, a->ioapics[i].gsi_base);
		if (n < (int)sizeof(line))
			snprintf(line + n, sizeof(line) - (size_t)n, ", %d IRQ override%s%s", a->noverrides,
				 a->noverrides == 1 ? "" : "s", a->pcat_compat ? ", 8259s present" : "");
		kprintf("%s\n", line);
	} else {
		kputs("acpi: no MADT\n");
	}

	for (int i = 0; i < a->necam; i++)
		kprintf("acpi: PCI ECAM %#lx segment %u buses %u-%u\n", (unsigned long)a->ecam[i].base,
			a->ecam[i].segment, a->ecam[i].bus_start, a->ecam[i].bus_end);

	char reset[64] = "no reset register";
	if (a->has_reset)
		snprintf(reset, sizeof(reset), "reset %s %#lx <- %#x", space_name(&a->reset_reg),
			 (unsigned long)a->reset_reg.address, a->reset_value);
	if (poweroff_by_sleep_control())
		kprintf("acpi: power-off by the sleep control register (%s %#lx, SLP_TYP %u), %s\n",
			space_name(&a->sleep_control), (unsigned long)a->sleep_control.address,
			a->s5_typ_a, reset);
	else if (poweroff_by_pm1())
		kprintf("acpi: power-off by PM1a_CNT (%s %#lx, SLP_TYP %u)%s, %s\n", space_name(&a->pm1a_cnt),
			(unsigned long)a->pm1a_cnt.address, a->s5_typ_a,
			gas_usable(&a->pm1b_cnt) ? " and PM1b_CNT" : "", reset);
	else
		kprintf("acpi: no ACPI power-off (%s), %s\n",
			!a->has_fadt ? "no FADT" : !a->has_s5 ? "no \\_S5 in the DSDT" : "no sleep register", reset);
}
