/* virtio 1.x devices over PCI or MMIO: one core (feature negotiation,
 * queue setup, status and failure) behind a transport's register access.
 * Drivers see struct virtio_dev only.
 *
 * A driver's probe does, in order: virtio_negotiate(), virtio_queue_setup()
 * for each queue, reads its config, virtio_ready(). On any error it calls
 * virtio_fail(), which marks the device failed and logs why; the system
 * runs on without it. */
#ifndef VIRTIO_H
#define VIRTIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "virtq.h"
#include "work.h"

enum virtio_id { VIRTIO_ID_NET = 1, VIRTIO_ID_BLOCK = 2, VIRTIO_ID_CONSOLE = 3, VIRTIO_ID_RNG = 4 };

#define VIRTIO_F_VERSION_1  (1ull << 32)
#define VIRTIO_F_EVENT_IDX  (1ull << 29)

enum {
	VIRTIO_STATUS_ACKNOWLEDGE = 1, VIRTIO_STATUS_DRIVER = 2, VIRTIO_STATUS_DRIVER_OK = 4,
	VIRTIO_STATUS_FEATURES_OK = 8, VIRTIO_STATUS_NEEDS_RESET = 64, VIRTIO_STATUS_FAILED = 128,
};

struct virtio_dev;

struct virtio_transport {
	const char *name;
	uint8_t (*get_status)(struct virtio_dev *d);
	void (*set_status)(struct virtio_dev *d, uint8_t status);
	uint64_t (*get_features)(struct virtio_dev *d);
	void (*set_features)(struct virtio_dev *d, uint64_t features);
	uint16_t (*queue_max)(struct virtio_dev *d, uint16_t index);
	int (*queue_enable)(struct virtio_dev *d, uint16_t index, const struct virtq *q);
	void (*notify)(struct virtio_dev *d, uint16_t index);
	uint8_t (*config_read8)(struct virtio_dev *d, uint32_t offset);
	/* Routes the device's interrupt to virtio_interrupt(d) and names the
	 * way in d->irq; -1 if it cannot (the device is then polled). */
	int (*irq_setup)(struct virtio_dev *d);
	/* Interrupt context: whether this device interrupted (a shared line
	 * asks each of its devices), quieting it. */
	bool (*irq_ack)(struct virtio_dev *d);
};

#define VIRTIO_MAX_QUEUES 4

struct virtio_dev {
	const struct virtio_transport *transport;
	uint32_t device_id;
	char name[32];                       /* "virtio-rng@pci:0:3.0" */
	uint64_t features;                   /* negotiated */
	bool failed;
	bool removed;                        /* hot-unplugged (failed too): touch no register */
	bool claimed;                        /* a kernel driver runs it */
	struct virtq queues[VIRTIO_MAX_QUEUES];
	void *driver;                        /* the driver's own state */
	/* Set by the driver in probe (optional): the device has been reset
	 * on its way out (virtio_remove); fail what is in flight. Called
	 * once, in thread or scheduler context. */
	void (*remove)(struct virtio_dev *d);
	struct work completion;              /* the driver's completion routine, deferred */
	char irq[24];                        /* "MSI-X", "INTx (IRQ 11)", "IRQ 46"; "": polled */
	bool msix;

	/* transport state */
	volatile uint8_t *common, *notify_base, *isr, *device_cfg, *mmio;
	uint32_t notify_multiplier;
	uint16_t notify_off[VIRTIO_MAX_QUEUES];
	const struct pci_device *pci;
	uint64_t mmio_address, mmio_size;    /* virtio-mmio: the registers, and the line they raise */
	uint32_t mmio_gsi;
	bool mmio_level, mmio_active_low;
	struct virtio_dev *next;
};

/* Discovery: PCI functions with virtio capabilities, and virtio-mmio
 * transports (named by virtio_mmio.device= words and ACPI, else found in
 * QEMU microvm's window at 0xfeb00000). */
void virtio_init(void);
struct virtio_dev *virtio_devices(void);
struct virtio_dev *virtio_pci_probe_all(void);
struct virtio_dev *virtio_mmio_probe_all(void);
/* Where an MMIO transport's registers are, how many bytes the machine
 * gave them (512 on QEMU, 4 KiB on Firecracker), and its interrupt line
 * (a GSI; level-triggered, active high unless ACPI says otherwise). */
uint64_t virtio_mmio_address(const struct virtio_dev *d);
uint64_t virtio_mmio_size(const struct virtio_dev *d);
uint32_t virtio_mmio_gsi(const struct virtio_dev *d);

int virtio_negotiate(struct virtio_dev *d, uint64_t wanted);
int virtio_queue_setup(struct virtio_dev *d, uint16_t index, uint16_t max_size);
void virtio_ready(struct virtio_dev *d);
void virtio_fail(struct virtio_dev *d, const char *why);
/* Hot-unplug: resets the device (it then uses none of our memory), marks
 * it removed and failed, and calls the driver's remove(). Nothing is
 * freed: a late interrupt or poll finds the device removed. */
void virtio_remove(struct virtio_dev *d);
void virtio_kick(struct virtio_dev *d, uint16_t index);
/* Publishes and notifies whatever the device's event index says: for a
 * driver that finds a queue full and must not depend on a notification
 * the device may have suppressed or lost. */
void virtio_notify_now(struct virtio_dev *d, uint16_t index);
/* Calls fn(arg) in thread context after the device interrupts (or, with
 * no interrupt, every millisecond while the driver holds requests). Call
 * before virtio_ready(). */
void virtio_on_completion(struct virtio_dev *d, void (*fn)(void *), void *arg);
/* The interrupt handler transports route a device's interrupt to. */
void virtio_interrupt(void *dev);

/* Whether a kernel driver runs the virtio device on this PCI function. */
bool virtio_pci_claimed(int bus, int slot, int func);

/* Drivers. */
int virtio_rng_probe(struct virtio_dev *d);
/* Fills buf from the first working virtio-rng device; returns bytes, or
 * a negative error when there is none. Polls: for boot-time seeding. */
long virtio_rng_read(void *buf, size_t len);
int virtio_blk_probe(struct virtio_dev *d);
int virtio_net_probe(struct virtio_dev *d);

#endif
