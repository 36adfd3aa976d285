/* The virtio core: the initialisation sequence of the spec (3.1.1), queue
 * memory, notification, failure, and the table of drivers. */
#include <stdio.h>
#include <string.h>

#include "heap.h"
#include "arch.h"
#include "kernel.h"
#include "scheduler.h"
#include "pci.h"
#include "virtio.h"

static struct {
	struct virtio_dev *devices;
} virtio;

static const struct {
	uint32_t id;
	const char *name;
	int (*probe)(struct virtio_dev *d);
} drivers[] = {
	{ VIRTIO_ID_NET, "virtio-net", virtio_net_probe },
	{ VIRTIO_ID_BLOCK, "virtio-blk", virtio_blk_probe },
	{ VIRTIO_ID_RNG, "virtio-rng", virtio_rng_probe },
};

void virtio_fail(struct virtio_dev *d, const char *why)
{
	d->failed = true;
	d->transport->set_status(d, (uint8_t)(d->transport->get_status(d) | VIRTIO_STATUS_FAILED));
	kprintf("virtio: %s disabled: %s\n", d->name, why);
}

/* Writes 0 and waits for the device to read back 0 (spec 4.1.4.3.2);
 * a device that is gone never does, and the wait gives up. */
static void reset(struct virtio_dev *d)
{
	d->transport->set_status(d, 0);
	for (int i = 0; i < 1000000 && d->transport->get_status(d); i++)
		;
}

void virtio_remove(struct virtio_dev *d)
{
	if (d->removed)
		return;
	reset(d);
	d->removed = true;
	d->failed = true;
	if (d->remove)
		d->remove(d);
}

int virtio_negotiate(struct virtio_dev *d, uint64_t wanted)
{
	const struct virtio_transport *t = d->transport;
	reset(d);
	t->set_status(d, VIRTIO_STATUS_ACKNOWLEDGE);
	t->set_status(d, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);
	uint64_t offered = t->get_features(d);
	if (!(offered & VIRTIO_F_VERSION_1)) {
		virtio_fail(d, "not a virtio 1.0 device (legacy only)");
		return -1;
	}
	d->features = offered & (wanted | VIRTIO_F_VERSION_1);
	t->set_features(d, d->features);
	t->set_status(d, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER | VIRTIO_STATUS_FEATURES_OK);
	if (!(t->get_status(d) & VIRTIO_STATUS_FEATURES_OK)) {
		virtio_fail(d, "the device refused our features");
		return -1;
	}
	return 0;
}

int virtio_queue_setup(struct virtio_dev *d, uint16_t index, uint16_t max_size)
{
	if (index >= VIRTIO_MAX_QUEUES) {
		virtio_fail(d, "too many queues");
		return -1;
	}
	uint16_t size = d->transport->queue_max(d, index);
	if (size == 0) {
		virtio_fail(d, "a queue the driver needs does not exist");
		return -1;
	}
	if (size > max_size)
		size = max_size;
	while (size & (size - 1))                      /* split rings: a power of two */
		size &= (uint16_t)(size - 1);
	void *mem = kmemalign(4096, virtq_mem_size(size));
	void **tokens = kmalloc(sizeof(void *) * size);
	struct virtq *q = &d->queues[index];
	if (!mem || !tokens || virtq_init(q, size, mem, tokens, d->features & VIRTIO_F_EVENT_IDX) < 0) {
		kfree(mem);
		kfree(tokens);
		virtio_fail(d, "no memory for a queue");
		return -1;
	}
	if (d->transport->queue_enable(d, index, q) < 0) {
		virtio_fail(d, "the device did not accept a queue");
		return -1;
	}
	return 0;
}

void virtio_interrupt(void *arg)
{
	struct virtio_dev *d = arg;
	if (d->removed || !d->transport->irq_ack(d))
		return;                  /* a removed device's registers are gone; a shared line asks each */
	work_queue(&d->completion);
	sched_poke();
}

void virtio_on_completion(struct virtio_dev *d, void (*fn)(void *), void *arg)
{
	d->completion.fn = fn;
	d->completion.arg = arg;
	if (d->transport->irq_setup(d) < 0) {
		d->irq[0] = 0;
		work_add_poller(&d->completion);
	}
}

void virtio_ready(struct virtio_dev *d)
{
	d->transport->set_status(d, (uint8_t)(d->transport->get_status(d) | VIRTIO_STATUS_DRIVER_OK));
}

void virtio_kick(struct virtio_dev *d, uint16_t index)
{
	if (virtq_publish(&d->queues[index]))
		d->transport->notify(d, index);
}

void virtio_notify_now(struct virtio_dev *d, uint16_t index)
{
	virtq_publish(&d->queues[index]);
	d->transport->notify(d, index);
}

static void probe(struct virtio_dev *d)
{
	for (size_t i = 0; i < ARRAY_SIZE(drivers); i++) {
		if (drivers[i].id != d->device_id)
			continue;
		char where[24];
		snprintf(where, sizeof(where), "%s", d->name);
		snprintf(d->name, sizeof(d->name), "%s@%s", drivers[i].name, where);
		if (drivers[i].probe)
			drivers[i].probe(d);
		return;
	}
}

void virtio_init(void)
{
	struct virtio_dev *lists[2] = { virtio_pci_probe_all(), virtio_mmio_probe_all() };
	for (int l = 0; l < 2; l++) {
		for (struct virtio_dev *d = lists[l], *next; d; d = next) {
			next = d->next;
			d->next = virtio.devices;
			virtio.devices = d;
			probe(d);
		}
	}
}

struct virtio_dev *virtio_devices(void) { return virtio.devices; }

bool virtio_pci_claimed(int bus, int slot, int func)
{
	for (struct virtio_dev *d = virtio.devices; d; d = d->next)
		if (d->pci && d->claimed && d->pci->bus == bus && d->pci->slot == slot && d->pci->func == func)
			return true;
	return false;
}
