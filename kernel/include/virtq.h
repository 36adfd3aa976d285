/* A virtio 1.x split virtqueue: the driver's side of the descriptor
 * table, available ring and used ring, with event-index suppression.
 * Portable (host-tested against a fake device); the memory it is given
 * must be identity mapped so that pointers are device addresses.
 *
 * Calls: virtq_init once; then virtq_add for each request, virtq_publish
 * to make added requests visible (and ask virtq_should_notify whether to
 * kick the device), virtq_get_used for each completion. Not thread-safe. */
#ifndef VIRTQ_H
#define VIRTQ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define VIRTQ_DESC_F_NEXT 1
#define VIRTQ_DESC_F_WRITE 2
#define VIRTQ_MAX_SIZE 32768

struct virtq_desc {
	uint64_t addr;
	uint32_t len;
	uint16_t flags, next;
};

struct virtq_avail {
	uint16_t flags, idx;
	uint16_t ring[];             /* then used_event */
};

struct virtq_used_elem {
	uint32_t id, len;
};

struct virtq_used {
	uint16_t flags, idx;
	struct virtq_used_elem ring[];   /* then avail_event */
};

/* One buffer of a request: device-readable (out) or device-writable (in). */
struct virtq_buf {
	void *addr;
	uint32_t len;
	bool device_writes;
};

struct virtq {
	uint16_t size;               /* a power of two */
	struct virtq_desc *desc;
	struct virtq_avail *avail;
	struct virtq_used *used;
	uint16_t free_head, num_free;
	uint16_t last_used;          /* next used entry to read */
	uint16_t avail_shadow;       /* avail->idx as we will publish it */
	uint16_t published;          /* avail->idx at the last notify decision */
	bool event_idx;              /* VIRTIO_F_EVENT_IDX negotiated */
	void **tokens;               /* per descriptor head: the caller's cookie */
};

/* Bytes of device-visible memory a queue of `size` needs (4096-aligned
 * start): descriptors, available ring, padding, used ring. */
size_t virtq_mem_size(uint16_t size);
/* tokens must hold size pointers. Returns 0 or -EINVAL. */
int virtq_init(struct virtq *q, uint16_t size, void *mem, void **tokens, bool event_idx);
/* Adds a chain of n buffers; returns 0, -ENOSPC when descriptors lack, -EINVAL. */
int virtq_add(struct virtq *q, const struct virtq_buf *bufs, unsigned n, void *token);
/* Publishes added chains to the device; returns whether to notify it. */
bool virtq_publish(struct virtq *q);
/* The next completed chain's token (and bytes written by the device), or
 * NULL. Call until NULL: reaching the end is what re-arms the interrupt. */
void *virtq_get_used(struct virtq *q, uint32_t *len);
/* After the device stopped (reset or removed) and virtq_get_used found
 * nothing more: the token of a chain the device never returned, its
 * descriptors freed; NULL when none is left. */
void *virtq_take_unused(struct virtq *q);
/* Whether the device has returned chains not yet taken (reads only: no
 * interrupt is re-armed). */
bool virtq_has_used(const struct virtq *q);
/* Descriptors the device holds: published and not yet returned. */
static inline uint16_t virtq_in_flight(const struct virtq *q) { return (uint16_t)(q->size - q->num_free); }
/* Asks (or stops asking) the device for an interrupt on completions. */
void virtq_enable_interrupts(struct virtq *q, bool on);
/* Addresses for the transport to program. */
static inline uint64_t virtq_desc_addr(const struct virtq *q) { return (uint64_t)(uintptr_t)q->desc; }
static inline uint64_t virtq_avail_addr(const struct virtq *q) { return (uint64_t)(uintptr_t)q->avail; }
static inline uint64_t virtq_used_addr(const struct virtq *q) { return (uint64_t)(uintptr_t)q->used; }

#endif
