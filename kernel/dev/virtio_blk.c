/* virtio-blk: requests as three-part chains (header, data, status) on one
 * queue, many in flight; completions run from the device's interrupt (or
 * the 1 ms poll when it has none). Requests that find the queue full wait
 * in a list and go in as others complete. On hot-unplug the device is
 * reset first (QEMU then finishes what it had started, and those requests
 * stand); every other request fails with -ENODEV. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "block.h"
#include "heap.h"
#include "kernel.h"
#include "scheduler.h"
#include "virtio.h"

#define VIRTIO_BLK_F_RO    (1ull << 5)
#define VIRTIO_BLK_F_FLUSH (1ull << 9)

enum { VIRTIO_BLK_T_IN = 0, VIRTIO_BLK_T_OUT = 1, VIRTIO_BLK_T_FLUSH = 4 };
enum { VIRTIO_BLK_S_OK = 0, VIRTIO_BLK_S_IOERR = 1, VIRTIO_BLK_S_UNSUPP = 2 };

struct virtio_blk {
	struct block_device block;
	struct virtio_dev *dev;
	struct block_request *waiting, *waiting_tail;   /* queue was full */
	int in_flight;
};

static int add_chain(struct virtio_blk *b, struct block_request *req)
{
	uint32_t type = req->op == BLOCK_READ ? VIRTIO_BLK_T_IN : req->op == BLOCK_WRITE ? VIRTIO_BLK_T_OUT
											 : VIRTIO_BLK_T_FLUSH;
	memset(req->header, 0, sizeof(req->header));
	memcpy(req->header, &type, 4);
	memcpy(req->header + 8, &req->lba, 8);
	req->device_status = 0xff;
	struct virtq_buf bufs[3];
	unsigned n = 0;
	bufs[n++] = (struct virtq_buf){ req->header, 16, false };
	if (req->op != BLOCK_FLUSH)
		bufs[n++] = (struct virtq_buf){ req->buf, req->count * BLOCK_SECTOR, req->op == BLOCK_READ };
	bufs[n++] = (struct virtq_buf){ &req->device_status, 1, true };
	return virtq_add(&b->dev->queues[0], bufs, n, req);
}

static void finish(struct virtio_blk *b, struct block_request *req, int status)
{
	b->in_flight--;
	sched_release();
	req->status = status;
	req->done(req);
}

static int device_status(const struct block_request *req)
{
	return req->device_status == VIRTIO_BLK_S_OK ? 0 : req->device_status == VIRTIO_BLK_S_UNSUPP ? -EOPNOTSUPP : -EIO;
}

static void complete(void *arg)
{
	struct virtio_blk *b = arg;
	struct virtq *q = &b->dev->queues[0];
	struct block_request *req;
	uint32_t len;
	bool more = false;
	if (b->dev->removed)
		return;                      /* a late interrupt: remove() took everything */
	while ((req = virtq_get_used(q, &len))) {
		finish(b, req, device_status(req));
		/* Room again: feed the requests that waited. */
		while (b->waiting && add_chain(b, b->waiting) == 0) {
			b->waiting = b->waiting->next;
			if (!b->waiting)
				b->waiting_tail = NULL;
			more = true;
		}
	}
	if (more)
		virtio_kick(b->dev, 0);
}

static int submit(struct block_device *dev, struct block_request *req)
{
	struct virtio_blk *b = dev->driver;
	if (b->dev->failed)
		return -ENODEV;
	b->in_flight++;
	sched_hold();
	req->next = NULL;
	if (b->waiting || add_chain(b, req) == -ENOSPC) {
		if (b->waiting_tail)
			b->waiting_tail->next = req;
		else
			b->waiting = req;
		b->waiting_tail = req;
		return 0;
	}
	virtio_kick(b->dev, 0);
	return 0;
}

/* The device has been reset on its way out: what it finished before
 * stands, everything else fails. */
static void virtio_blk_remove(struct virtio_dev *d)
{
	struct virtio_blk *b = d->driver;
	struct virtq *q = &d->queues[0];
	struct block_request *req;
	b->block.removed = true;
	while ((req = virtq_get_used(q, NULL)))
		finish(b, req, device_status(req));
	while ((req = virtq_take_unused(q)))
		finish(b, req, -ENODEV);
	while ((req = b->waiting)) {
		b->waiting = req->next;
		finish(b, req, -ENODEV);
	}
	b->waiting_tail = NULL;
}

int virtio_blk_probe(struct virtio_dev *d)
{
	struct virtio_blk *b = kmalloc(sizeof(*b));
	if (!b) {
		virtio_fail(d, "no memory");
		return -1;
	}
	memset(b, 0, sizeof(*b));
	b->dev = d;
	if (virtio_negotiate(d, VIRTIO_BLK_F_RO | VIRTIO_BLK_F_FLUSH | VIRTIO_F_EVENT_IDX) < 0) {
		kfree(b);
		return -1;
	}
	virtio_on_completion(d, complete, b);      /* before the queue: it names the vector */
	if (virtio_queue_setup(d, 0, 128) < 0) {
		kfree(b);
		return -1;
	}
	uint64_t sectors = 0;
	for (int i = 0; i < 8; i++)
		sectors |= (uint64_t)d->transport->config_read8(d, (uint32_t)i) << (8 * i);
	snprintf(b->block.name, sizeof(b->block.name), "vd%c", 'a' + block_count());
	b->block.sectors = sectors;
	b->block.read_only = d->features & VIRTIO_BLK_F_RO;
	b->block.can_flush = d->features & VIRTIO_BLK_F_FLUSH;
	b->block.submit = submit;
	b->block.driver = b;
	d->driver = b;
	d->remove = virtio_blk_remove;
	d->claimed = true;
	virtio_ready(d);
	block_register(&b->block);
	return 0;
}
