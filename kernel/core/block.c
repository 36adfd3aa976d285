/* The registry of block devices and the checks every request passes. */
#include <errno.h>

#include "block.h"

static struct {
	struct block_device *devices[BLOCK_MAX_DEVICES];
	int count;
} blk;

void block_register(struct block_device *dev)
{
	if (blk.count < BLOCK_MAX_DEVICES)
		blk.devices[blk.count++] = dev;
}

int block_count(void) { return blk.count; }
struct block_device *block_get(int i) { return i >= 0 && i < blk.count ? blk.devices[i] : NULL; }

int block_submit(struct block_device *dev, struct block_request *req)
{
	if (dev->removed)
		return -ENODEV;
	if (req->op != BLOCK_FLUSH) {
		if (req->count == 0 || req->lba >= dev->sectors || req->count > dev->sectors - req->lba)
			return -EINVAL;
		if (!req->buf)
			return -EINVAL;
	}
	if (req->op == BLOCK_WRITE && dev->read_only)
		return -EROFS;
	if (req->op == BLOCK_FLUSH && !dev->can_flush) {
		req->status = 0;         /* nothing cached to flush: done at once */
		req->done(req);
		return 0;
	}
	return dev->submit(dev, req);
}
