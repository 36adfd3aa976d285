/* PCI: configuration access (ECAM where ACPI's MCFG describes it, else the
 * ports 0xcf8/0xcfc), enumeration of every bus reachable from bus 0, BARs
 * and capabilities. */
#ifndef PCI_H
#define PCI_H

#include <stdbool.h>
#include <stdint.h>

#define PCI_CONFIG_SIZE     256    /* what the ports reach */
#define PCI_CONFIG_SIZE_EXT 4096   /* a function's whole space, by ECAM */

struct pci_device {
	uint8_t bus, slot, func;
	uint16_t vendor_id, device_id;
	uint32_t class_code;         /* class << 16 | subclass << 8 | prog-if */
	uint8_t irq_line, irq_pin;
	uint64_t bar[6];             /* base address (memory or port) */
	uint64_t bar_size[6];
	bool bar_is_io[6];
	/* Set by the driver that runs the function (NULL: none). Called in
	 * thread context when the function is about to go (hot-unplug): the
	 * driver must stop the device and fail whatever it has in flight. */
	void (*remove)(struct pci_device *d);
	void *driver;
	struct pci_device *next;
};

/* Order: after acpi_init (for MCFG) and arch_paging_init (the ECAM window
 * and BARs are mapped); once. */
void pci_init(void);
struct pci_device *pci_devices(void);    /* iterate with ->next */
int pci_count(void);
/* The rtjs.verbose line: how configuration space is reached. */
void pci_print_summary(void);
/* Hot-unplug: the driver's remove(), then the function stops decoding and
 * mastering and leaves the list. The struct is never freed: drivers may
 * keep pointers to it. */
void pci_remove(struct pci_device *d);

/* Configuration accesses are single loads and stores of their width at an
 * offset aligned to it. Offsets from 0x100 reach extended configuration
 * space where pci_config_size() says 4096; elsewhere reads give all ones
 * and writes are dropped. */
uint32_t pci_config_read32(int bus, int slot, int func, int offset);
void pci_config_write32(int bus, int slot, int func, int offset, uint32_t v);
int pci_config_size(const struct pci_device *d);   /* PCI_CONFIG_SIZE or _EXT */
uint32_t pci_read32(const struct pci_device *d, int offset);
uint16_t pci_read16(const struct pci_device *d, int offset);
uint8_t pci_read8(const struct pci_device *d, int offset);
void pci_write32(const struct pci_device *d, int offset, uint32_t v);
void pci_write16(const struct pci_device *d, int offset, uint16_t v);
void pci_write8(const struct pci_device *d, int offset, uint8_t v);

/* Native PCIe hot-unplug for the hot-plug capable slots of root and
 * downstream ports (pcie_hotplug.c). After pci_init, once drivers run. */
void pcie_hotplug_init(void);

/* Offset of the first capability `id` after `after` (0: from the start), or 0. */
int pci_find_capability(const struct pci_device *d, uint8_t id, int after);
int pci_msix_enable(const struct pci_device *d, int entry, int vector);
int pci_msi_enable(const struct pci_device *d, int vector);
/* Turns on memory and I/O decoding and bus mastering (DMA). */
void pci_enable(const struct pci_device *d);

/*
 * Portable rules (kernel/lib/pci_ecam.c, host-tested).
 */
struct acpi_ecam;
/* An ECAM window of PCI segment 0: function (bus, slot, func) has its 4 KiB
 * at base + (bus << 20 | slot << 15 | func << 12), for buses in
 * [bus_start, bus_end]. base is bus 0's address, as in MCFG, even when the
 * window starts at a later bus. */
struct pci_ecam {
	uint64_t base;
	int bus_start, bus_end;
};
/* Picks the window of segment 0 from MCFG's: the one with bus 0, else the
 * first. 0 with *out set; -ENOENT when segment 0 has none; -EINVAL when its
 * windows are malformed (base not 1 MiB aligned or 0, buses reversed, the
 * window past the end of the address space). */
int pci_ecam_choose(const struct acpi_ecam *windows, int n, struct pci_ecam *out);
/* The physical address of `offset` in the function's space, or 0 when the
 * bus is outside the window or an argument out of range. */
uint64_t pci_ecam_address(const struct pci_ecam *e, int bus, int slot, int func, int offset);
/* Why a configuration access of `width` bytes at `offset` into a space of
 * `size` bytes (PCI_CONFIG_SIZE or PCI_CONFIG_SIZE_EXT) must be refused,
 * or NULL when it is fine. */
const char *pci_config_refusal(int offset, int width, int size);

#endif
