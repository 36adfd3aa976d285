/* Split virtqueue, driver side (virtio 1.x, section 2.7). Memory barriers
 * are compiler barriers plus sequentially consistent fences: on x86 stores
 * are not reordered with stores, but the device must see descriptors
 * before the index that publishes them. */
#include <errno.h>
#include <string.h>

#include "virtq.h"

#define barrier() __atomic_thread_fence(__ATOMIC_SEQ_CST)

static size_t align_up(size_t x, size_t a) { return (x + a - 1) & ~(a - 1); }

static size_t avail_bytes(uint16_t size) { return 4 + 2 * (size_t)size + 2; }
static size_t used_offset(uint16_t size) { return align_up(16 * (size_t)size + avail_bytes(size), 4096); }

size_t virtq_mem_size(uint16_t size)
{
	return used_offset(size) + align_up(4 + 8 * (size_t)size + 2, 4096);
}

int virtq_init(struct virtq *q, uint16_t size, void *mem, void **tokens, bool event_idx)
{
	if (!size || size > VIRTQ_MAX_SIZE || (size & (size - 1)) || !mem || !tokens)
		return -EINVAL;
	memset(mem, 0, virtq_mem_size(size));
	memset(q, 0, sizeof(*q));
	q->size = size;
	q->desc = mem;
	q->avail = (struct virtq_avail *)((uint8_t *)mem + 16 * (size_t)size);
	q->used = (struct virtq_used *)((uint8_t *)mem + used_offset(size));
	q->tokens = tokens;
	q->event_idx = event_idx;
	for (uint16_t i = 0; i < size; i++) {
		q->desc[i].next = (uint16_t)(i + 1);
		tokens[i] = NULL;
	}
	q->free_head = 0;
	q->num_free = size;
	return 0;
}

int virtq_add(struct virtq *q, const struct virtq_buf *bufs, unsigned n, void *token)
{
	if (n == 0 || !token)
		return -EINVAL;
	if (n > q->num_free)
		return -ENOSPC;
	uint16_t head = q->free_head, i = head, last = head;
	for (unsigned k = 0; k < n; k++) {
		struct virtq_desc *d = &q->desc[i];
		d->addr = (uint64_t)(uintptr_t)bufs[k].addr;
		d->len = bufs[k].len;
		d->flags = (uint16_t)((bufs[k].device_writes ? VIRTQ_DESC_F_WRITE : 0) |
				      (k + 1 < n ? VIRTQ_DESC_F_NEXT : 0));
		last = i;
		i = d->next;
	}
	q->free_head = q->desc[last].next;
	q->num_free = (uint16_t)(q->num_free - n);
	q->tokens[head] = token;
	q->avail->ring[q->avail_shadow & (q->size - 1)] = head;
	q->avail_shadow++;
	return 0;
}

bool virtq_publish(struct virtq *q)
{
	uint16_t old = q->published, now = q->avail_shadow;
	barrier();
	q->avail->idx = now;
	barrier();
	q->published = now;
	if (old == now)
		return false;
	if (q->event_idx) {
		/* Notify only if the device's avail_event lies in (old, now]. */
		volatile uint16_t *avail_event = (volatile uint16_t *)&q->used->ring[q->size];
		uint16_t event = *avail_event;
		return (uint16_t)(now - event - 1) < (uint16_t)(now - old);
	}
	return !(((volatile struct virtq_used *)q->used)->flags & 1);   /* VIRTQ_USED_F_NO_NOTIFY */
}

/* With event_idx, an empty ring re-arms the interrupt: used_event asks
 * for one at the next entry. The device may have added that entry before
 * it could see the request (x86 lets our load of used->idx pass our store
 * of used_event), in which case it sent no interrupt: so fence, and look
 * once more. Without the second look a completion can sit unseen until
 * some later interrupt. */
static bool used_empty(struct virtq *q)
{
	volatile struct virtq_used *used = q->used;
	if (q->last_used != used->idx)
		return false;
	if (!q->event_idx)
		return true;
	volatile uint16_t *used_event = &q->avail->ring[q->size];
	*used_event = q->last_used;
	barrier();
	return q->last_used == used->idx;
}

bool virtq_has_used(const struct virtq *q)
{
	return q->last_used != ((volatile const struct virtq_used *)q->used)->idx;
}

/* Takes the chain at `head` off the device: its token, and its
 * descriptors back on the free list. */
static void *release_chain(struct virtq *q, uint16_t head)
{
	void *token = q->tokens[head];
	q->tokens[head] = NULL;
	uint16_t i = head, n = 1;
	while ((q->desc[i].flags & VIRTQ_DESC_F_NEXT) && n < q->size) {
		i = q->desc[i].next;
		n++;
	}
	q->desc[i].next = q->free_head;
	q->free_head = head;
	q->num_free = (uint16_t)(q->num_free + n);
	return token;
}

void *virtq_get_used(struct virtq *q, uint32_t *len)
{
	if (used_empty(q))
		return NULL;
	barrier();
	struct virtq_used_elem e = q->used->ring[q->last_used & (q->size - 1)];
	q->last_used++;
	if (e.id >= q->size || !q->tokens[e.id])
		return NULL;                 /* a device that lies: ignore the entry */
	if (len)
		*len = e.len;
	return release_chain(q, (uint16_t)e.id);
}

void *virtq_take_unused(struct virtq *q)
{
	for (uint16_t head = 0; head < q->size; head++)
		if (q->tokens[head])
			return release_chain(q, head);
	return NULL;
}

void virtq_enable_interrupts(struct virtq *q, bool on)
{
	if (q->event_idx) {
		volatile uint16_t *used_event = &q->avail->ring[q->size];
		*used_event = on ? q->last_used : (uint16_t)(q->last_used - 1);
	} else {
		volatile uint16_t *flags = &q->avail->flags;
		*flags = on ? 0 : 1;         /* VIRTQ_AVAIL_F_NO_INTERRUPT */
	}
	barrier();
}
