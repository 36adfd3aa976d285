/* Block devices: what drivers register and what bindings call. Requests
 * are asynchronous; `done` runs in thread context (never in an interrupt)
 * once the device answered. Sectors are 512 bytes. */
#ifndef BLOCK_H
#define BLOCK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum block_op { BLOCK_READ, BLOCK_WRITE, BLOCK_FLUSH };

struct block_request {
	enum block_op op;
	uint64_t lba;
	uint32_t count;              /* sectors */
	void *buf;                   /* count * 512 bytes, identity mapped (kmalloc) */
	int status;                  /* 0, or a negative error when done */
	void (*done)(struct block_request *req);
	void *owner;                 /* the caller's */
	uint64_t owner_id;
	/* driver state */
	uint8_t header[16];
	uint8_t device_status;
	struct block_request *next;
};

/* A device stays registered, at its index, for good: after hot-unplug it
 * is marked removed (by its driver, which has failed every request it
 * held with -ENODEV) and refuses new ones. */
struct block_device {
	char name[32];
	uint64_t sectors;
	bool read_only, can_flush;
	bool removed;
	int (*submit)(struct block_device *dev, struct block_request *req);
	void *driver;
};

#define BLOCK_SECTOR 512
#define BLOCK_MAX_DEVICES 8

void block_register(struct block_device *dev);
int block_count(void);
struct block_device *block_get(int index);
/* Validates and queues a request: -EINVAL past the end or for an empty
 * request, -EROFS writing a read-only device, -ENODEV for a removed or
 * failed one. */
int block_submit(struct block_device *dev, struct block_request *req);

#endif
