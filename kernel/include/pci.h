/* PCI: configuration access (port 0xcf8/0xcfc), enumeration of every bus
 * reachable from bus 0, BARs and capabilities. */
#ifndef PCI_H
#define PCI_H

#include <stdbool.h>
#include <stdint.h>

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

void pci_init(void);
struct pci_device *pci_devices(void);    /* iterate with ->next */
int pci_count(void);
/* Hot-unplug: the driver's remove(), then the function stops decoding and
 * mastering and leaves the list. The struct is never freed: drivers may
 * keep pointers to it. */
void pci_remove(struct pci_device *d);

uint32_t pci_config_read32(int bus, int slot, int func, int offset);
void pci_config_write32(int bus, int slot, int func, int offset, uint32_t v);
uint32_t pci_read32(const struct pci_device *d, int offset);
uint16_t pci_read16(const struct pci_device *d, int offset);
uint8_t pci_read8(const struct pci_device *d, int offset);
void pci_write32(const struct pci_device *d, int offset, uint32_t v);
void pci_write16(const struct pci_device *d, int offset, uint16_t v);

/* Native PCIe hot-unplug for the hot-plug capable slots of root and
 * downstream ports (pcie_hotplug.c). After pci_init, once drivers run. */
void pcie_hotplug_init(void);

/* Offset of the first capability `id` after `after` (0: from the start), or 0. */
int pci_find_capability(const struct pci_device *d, uint8_t id, int after);
int pci_msix_enable(const struct pci_device *d, int entry, int vector);
int pci_msi_enable(const struct pci_device *d, int vector);
/* Turns on memory and I/O decoding and bus mastering (DMA). */
void pci_enable(const struct pci_device *d);

#endif
