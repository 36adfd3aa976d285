/* ACPI: the firmware's tables, read once at boot into struct acpi_info
 * (CPUs, interrupt controllers, power and reset registers, PCI ECAM,
 * virtio-mmio transports), and power-off and reset through the registers
 * the tables name. */
#ifndef ACPI_H
#define ACPI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ACPI_TABLES_MAX 32
#define ACPI_CPUS_MAX 64
#define ACPI_IOAPICS_MAX 8
#define ACPI_OVERRIDES_MAX 16
#define ACPI_ECAM_MAX 4
#define ACPI_VIRTIO_MMIO_MAX 32

/* A generic address structure (GAS): where a register is. */
enum { ACPI_SPACE_MEMORY = 0, ACPI_SPACE_IO = 1 };
struct acpi_gas {
	uint8_t space;          /* ACPI_SPACE_MEMORY or ACPI_SPACE_IO; others are not used */
	uint8_t bit_width;      /* 8, 16, 32 or 64 */
	uint8_t bit_offset;
	uint8_t access_size;    /* 0 undefined, 1 byte, 2 word, 3 dword, 4 qword */
	uint64_t address;       /* 0: the register is absent */
};

struct acpi_table_ref {
	char sig[5];            /* "APIC", "FACP", ...: NUL-terminated */
	uint64_t address;
	uint32_t length;
	bool valid;             /* false: skipped (bad checksum or length, out of reach) */
};

/* MADT interrupt source override flags (ACPI 6.5, table 5.50). */
#define ACPI_IRQ_POLARITY_MASK 0x3   /* 0 bus default, 1 active high, 3 active low */
#define ACPI_IRQ_TRIGGER_MASK  0xc   /* 0 bus default, 4 edge, 0xc level */
#define ACPI_IRQ_ACTIVE_LOW    0x3
#define ACPI_IRQ_LEVEL         0xc

/* A virtio-mmio transport the AML describes: a Device with _HID "LNRO0005"
 * whose _CRS holds Memory32Fixed (the registers) and Interrupt (the GSI). */
struct acpi_virtio_mmio {
	char name[5];           /* the Device's name segment, "VR23" */
	uint64_t base;
	uint32_t size;
	uint32_t gsi;
	bool level;             /* level-triggered, else edge */
	bool active_low;
	/* acpi_aml_find_virtio_mmio() only: NULL, or why the _CRS was refused
	 * (a static phrase); acpi_info keeps only usable ones */
	const char *problem;
};

/* Everything rtjs takes from the tables. Counts may exceed what the arrays
 * hold (ncpus > ACPI_CPUS_MAX): the first entries are kept. */
struct acpi_info {
	uint64_t rsdp;                  /* 0: no ACPI at all; every other field is empty */
	uint8_t revision;               /* the RSDP's: 0 is ACPI 1.0 (RSDT only), 2+ has an XSDT */
	char oem[7];
	bool xsdt;                      /* the tables were listed by the XSDT, else the RSDT */
	int ntables;                    /* every table the root listed, and the DSDT */
	struct acpi_table_ref tables[ACPI_TABLES_MAX];

	/* MADT ("APIC") */
	bool has_madt;
	uint64_t lapic_address;
	bool pcat_compat;               /* 8259 PICs are present too */
	int ncpus;                      /* enabled local APICs (xAPIC and x2APIC entries) */
	uint32_t cpu_apic_ids[ACPI_CPUS_MAX];
	int nioapics;
	struct acpi_ioapic {
		uint8_t id;
		uint32_t address;
		uint32_t gsi_base;
	} ioapics[ACPI_IOAPICS_MAX];
	int noverrides;                 /* ISA IRQ -> GSI, with polarity and trigger */
	struct acpi_irq_override {
		uint8_t bus;            /* 0: ISA */
		uint8_t irq;
		uint32_t gsi;
		uint16_t flags;         /* ACPI_IRQ_* */
	} overrides[ACPI_OVERRIDES_MAX];

	/* FADT ("FACP") */
	bool has_fadt;
	bool hw_reduced;                /* no PM1 blocks: sleep goes through sleep_control */
	uint16_t sci_irq;
	uint32_t smi_cmd;               /* port to write acpi_enable to, 0 if ACPI mode is fixed */
	uint8_t acpi_enable;
	struct acpi_gas pm1a_cnt, pm1b_cnt;
	struct acpi_gas sleep_control, sleep_status;
	bool has_reset;
	struct acpi_gas reset_reg;
	uint8_t reset_value;
	uint64_t dsdt;

	/* MCFG: PCI Express configuration space (ECAM) windows */
	int necam;
	struct acpi_ecam {
		uint64_t base;
		uint16_t segment;
		uint8_t bus_start, bus_end;
	} ecam[ACPI_ECAM_MAX];

	/* \_S5 from the DSDT (else an SSDT): the sleep type values of soft-off */
	bool has_s5;
	uint8_t s5_typ_a, s5_typ_b;

	/* virtio-mmio transports in the DSDT and SSDTs, in AML order */
	int nvirtio_mmio;
	struct acpi_virtio_mmio virtio_mmio[ACPI_VIRTIO_MMIO_MAX];
};

/*
 * The parser (kernel/lib/acpi_tables.c): portable, it reaches physical
 * memory only through map() and never trusts a length or an address it
 * reads. A table with a bad length or checksum is skipped with a message.
 */
struct acpi_memory {
	/* A pointer to the len bytes at physical address paddr, or NULL when
	 * that range cannot be read. */
	const void *(*map)(void *ctx, uint64_t paddr, uint64_t len);
	/* Says what was skipped and why; one line, no newline. */
	void (*log)(void *ctx, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
	void *ctx;
};

/* The address of a valid RSDP ("RSD PTR " on a 16-byte boundary, good
 * checksum) in [base, base + len), or 0. */
uint64_t acpi_find_rsdp(const struct acpi_memory *m, uint64_t base, uint64_t len);
/* Fills *info (cleared first) from the RSDP at rsdp. 0, or -EINVAL when the
 * RSDP itself is unusable (info->rsdp stays 0). */
int acpi_parse(const struct acpi_memory *m, uint64_t rsdp, struct acpi_info *info);
/* Finds Name(_S5_, Package(){ a, b, ... }) in an AML byte stream (a
 * DSDT's or SSDT's body). 0 with *a and *b set, or -ENOENT. */
int acpi_aml_find_s5(const uint8_t *aml, size_t len, uint8_t *a, uint8_t *b);
/* Finds the virtio-mmio Devices in an AML byte stream without an AML
 * interpreter: Device(XXXX){ Name(_HID, "LNRO0005") Name(_CRS, Buffer) }
 * with the _CRS a resource template holding a Memory32Fixed and an
 * Extended Interrupt descriptor (the first of each counts). A Device with
 * no such _CRS (none, a Method, not a buffer, descriptors that do not fit
 * their lengths) gives an entry with problem set. Fills up to max entries of out; returns how many
 * Devices it found, which may exceed max. */
int acpi_aml_find_virtio_mmio(const uint8_t *aml, size_t len, struct acpi_virtio_mmio *out, int max);

/*
 * The kernel side (kernel/dev/acpi.c). Order: acpi_init() once, before
 * arch_paging_init() (the BIOS data area in page 0 is still mapped then,
 * and a multiboot2 loader's copy of the RSDP has not been reused by the
 * heap); the rest any time after.
 */
struct boot_info;
/* Reads the tables (RSDP from the loader, else the EBDA and BIOS ROM
 * areas) and registers acpi_poweroff with arch_poweroff and acpi_reboot
 * with arch_reboot. 0, or -ENOENT when
 * the machine has no ACPI. */
int acpi_init(const struct boot_info *bi);
const struct acpi_info *acpi_get(void);
/* The rtjs.verbose lines: tables, CPUs, IOAPICs, ECAM, power-off method. */
void acpi_print_summary(void);
/* Enters S5 through the sleep control register (hardware-reduced ACPI) or
 * PM1a/PM1b control. Returns only if the machine is still on: -ENODEV when
 * there is no way, -EIO when the write did not take. */
int acpi_poweroff(void);
/* Writes the FADT's reset register. Returns only if that did not reset the
 * machine: -ENODEV when there is none, -EIO. */
int acpi_reboot(void);

#endif
