/* Host tests for the split virtqueue against a fake device that walks the
 * available ring, checks chains and writes the used ring. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "virtq.h"

struct fake {
	struct virtq q;
	void *mem;
	void *tokens[256];
	uint16_t dev_avail;          /* device's next avail entry */
	uint16_t dev_used;           /* device's used idx */
};

static void fake_init(struct fake *f, uint16_t size, bool event_idx)
{
	memset(f, 0, sizeof(*f));
	f->mem = aligned_alloc(4096, virtq_mem_size(size));
	virtq_init(&f->q, size, f->mem, f->tokens, event_idx);
}

/* The device completes every published chain: each device-writable buffer
 * is filled with 0xab; "written" is the sum of their lengths. Returns how
 * many chains it took. */
static int fake_run(struct fake *f)
{
	struct virtq *q = &f->q;
	int n = 0;
	while (f->dev_avail != q->avail->idx) {
		uint16_t head = q->avail->ring[f->dev_avail & (q->size - 1)];
		uint32_t written = 0;
		uint16_t i = head;
		for (int guard = 0; guard < q->size; guard++) {
			struct virtq_desc *d = &q->desc[i];
			if (d->flags & VIRTQ_DESC_F_WRITE) {
				memset((void *)(uintptr_t)d->addr, 0xab, d->len);
				written += d->len;
			}
			if (!(d->flags & VIRTQ_DESC_F_NEXT))
				break;
			i = d->next;
		}
		q->used->ring[f->dev_used & (q->size - 1)] = (struct virtq_used_elem){ head, written };
		f->dev_used++;
		q->used->idx = f->dev_used;
		f->dev_avail++;
		n++;
	}
	return n;
}

static void request_round_trip(void)
{
	struct fake f;
	fake_init(&f, 8, false);
	char out[16] = "hello", in[32];
	struct virtq_buf bufs[2] = { { out, 5, false }, { in, sizeof(in), true } };
	CHECK(virtq_add(&f.q, bufs, 2, (void *)1) == 0);
	CHECK(virtq_get_used(&f.q, NULL) == NULL);
	CHECK(virtq_publish(&f.q));
	CHECK(fake_run(&f) == 1);
	uint32_t len = 0;
	CHECK(virtq_get_used(&f.q, &len) == (void *)1);
	CHECK(len == sizeof(in));
	CHECK((unsigned char)in[31] == 0xab);
	CHECK(f.q.num_free == 8);
	free(f.mem);
}

static void full_queue_and_reuse(void)
{
	struct fake f;
	fake_init(&f, 4, false);
	char b[4][8];
	for (int round = 0; round < 50; round++) {
		for (int i = 0; i < 4; i++) {
			struct virtq_buf buf = { b[i], 8, true };
			REQUIRE(virtq_add(&f.q, &buf, 1, (void *)(uintptr_t)(i + 1)) == 0);
		}
		struct virtq_buf extra = { b[0], 8, true };
		CHECK(virtq_add(&f.q, &extra, 1, (void *)9) == -ENOSPC);
		virtq_publish(&f.q);
		CHECK(fake_run(&f) == 4);
		int seen = 0;
		void *t;
		while ((t = virtq_get_used(&f.q, NULL)))
			seen |= 1 << ((uintptr_t)t - 1);
		CHECK(seen == 15);
		CHECK(f.q.num_free == 4);
	}
	free(f.mem);
}

static void chains_use_and_return_descriptors(void)
{
	struct fake f;
	fake_init(&f, 16, false);
	char x[3][4];
	struct virtq_buf chain[3] = { { x[0], 4, false }, { x[1], 4, false }, { x[2], 4, true } };
	CHECK(virtq_add(&f.q, chain, 3, (void *)7) == 0);
	CHECK(f.q.num_free == 13);
	virtq_publish(&f.q);
	fake_run(&f);
	uint32_t len;
	CHECK(virtq_get_used(&f.q, &len) == (void *)7 && len == 4);
	CHECK(f.q.num_free == 16);
	CHECK(virtq_add(&f.q, chain, 0, (void *)7) == -EINVAL);
	CHECK(virtq_add(&f.q, chain, 17, (void *)7) == -ENOSPC);
	free(f.mem);
}

static void event_index_suppresses_notifications(void)
{
	struct fake f;
	fake_init(&f, 8, true);
	char b[8];
	struct virtq_buf buf = { b, 8, true };
	uint16_t *avail_event = (uint16_t *)&f.q.used->ring[f.q.size];
	*avail_event = 0;                 /* the device wants a kick for entry 0 */
	virtq_add(&f.q, &buf, 1, (void *)1);
	CHECK(virtq_publish(&f.q));
	virtq_add(&f.q, &buf, 1, (void *)2);
	CHECK(!virtq_publish(&f.q));      /* avail_event 0 already passed */
	*avail_event = 2;
	virtq_add(&f.q, &buf, 1, (void *)3);
	CHECK(virtq_publish(&f.q));
	CHECK(!virtq_publish(&f.q));      /* nothing new */
	free(f.mem);
}

/* The device's side of event_idx: interrupt when used_event lies in
 * [old, new) (virtio 1.x, 2.7.10). */
static bool device_would_interrupt(struct fake *f, uint16_t old)
{
	uint16_t event = f->q.avail->ring[f->q.size];
	return (uint16_t)(f->dev_used - event - 1) < (uint16_t)(f->dev_used - old);
}

static void draining_rearms_the_interrupt(void)
{
	struct fake f;
	fake_init(&f, 8, true);
	char b[8];
	struct virtq_buf buf = { b, 8, true };
	for (int round = 0; round < 20; round++) {
		virtq_add(&f.q, &buf, 1, (void *)1);
		virtq_publish(&f.q);
		uint16_t old = f.dev_used;
		fake_run(&f);
		CHECK(device_would_interrupt(&f, old));   /* the last drain asked for this one */
		CHECK(virtq_get_used(&f.q, NULL) == (void *)1);
		CHECK(virtq_get_used(&f.q, NULL) == NULL);
	}
	/* A completion the device adds between two drains, while the
	 * driver has not reached the end, gets no interrupt; the drain sees it. */
	virtq_add(&f.q, &buf, 1, (void *)2);
	virtq_add(&f.q, &buf, 1, (void *)3);
	virtq_publish(&f.q);
	fake_run(&f);
	CHECK(virtq_get_used(&f.q, NULL) == (void *)2);
	CHECK(virtq_get_used(&f.q, NULL) == (void *)3);
	CHECK(virtq_get_used(&f.q, NULL) == NULL);
	CHECK(f.q.avail->ring[f.q.size] == f.q.last_used);
	free(f.mem);
}

static void lying_device_is_ignored(void)
{
	struct fake f;
	fake_init(&f, 8, false);
	f.q.used->ring[0] = (struct virtq_used_elem){ 99, 4 };   /* id out of range */
	f.q.used->ring[1] = (struct virtq_used_elem){ 3, 4 };    /* not in flight */
	f.q.used->idx = 2;
	CHECK(virtq_get_used(&f.q, NULL) == NULL);
	CHECK(virtq_get_used(&f.q, NULL) == NULL);
	CHECK(f.q.num_free == 8);
	free(f.mem);
}

/* A device that went away (hot-unplug) after completing some requests:
 * get_used hands back those, take_unused the rest, once each, and every
 * descriptor is free again. */
static void unused_chains_taken_after_the_device_went(void)
{
	struct fake f;
	fake_init(&f, 8, false);
	char a[4], b[4], c[4], d[4];
	char *bufs[] = { a, b, c, d };
	for (int i = 0; i < 2; i++) {
		struct virtq_buf two[2] = { { bufs[i], 4, false }, { bufs[i], 4, true } };
		CHECK(virtq_add(&f.q, two, 2, bufs[i]) == 0);
	}
	virtq_publish(&f.q);
	CHECK(fake_run(&f) == 2);
	for (int i = 2; i < 4; i++) {
		struct virtq_buf one = { bufs[i], 4, true };
		CHECK(virtq_add(&f.q, &one, 1, bufs[i]) == 0);
	}
	virtq_publish(&f.q);           /* the device never takes these */
	CHECK(f.q.num_free == 2);
	CHECK(virtq_get_used(&f.q, NULL) == a);
	CHECK(virtq_get_used(&f.q, NULL) == b);
	CHECK(virtq_get_used(&f.q, NULL) == NULL);
	void *t1 = virtq_take_unused(&f.q), *t2 = virtq_take_unused(&f.q);
	CHECK((t1 == c && t2 == d) || (t1 == d && t2 == c));
	CHECK(virtq_take_unused(&f.q) == NULL);
	CHECK(f.q.num_free == 8);
	free(f.mem);
}

/* What a watchdog reads: completions waiting, and descriptors in flight,
 * without re-arming the interrupt (used_event stays where it was). */
static void has_used_and_in_flight_only_read(void)
{
	struct fake f;
	fake_init(&f, 8, true);
	char a[4], b[4];
	struct virtq_buf ba = { a, 4, true }, bb = { b, 4, true };
	CHECK(virtq_add(&f.q, &ba, 1, (void *)1) == 0);
	CHECK(virtq_add(&f.q, &bb, 1, (void *)2) == 0);
	CHECK(virtq_in_flight(&f.q) == 2);
	CHECK(!virtq_has_used(&f.q));
	virtq_publish(&f.q);
	volatile uint16_t *used_event = &f.q.avail->ring[f.q.size];
	uint16_t armed = *used_event;
	CHECK(fake_run(&f) == 2);
	CHECK(virtq_has_used(&f.q));
	CHECK(*used_event == armed);
	CHECK(virtq_get_used(&f.q, NULL) == (void *)1);
	CHECK(virtq_has_used(&f.q));
	CHECK(virtq_in_flight(&f.q) == 1);
	CHECK(virtq_get_used(&f.q, NULL) == (void *)2);
	CHECK(!virtq_has_used(&f.q));
	CHECK(virtq_in_flight(&f.q) == 0);
	free(f.mem);
}

static void bad_sizes_refused(void)
{
	struct virtq q;
	void *tokens[8];
	void *mem = aligned_alloc(4096, virtq_mem_size(8));
	CHECK(virtq_init(&q, 0, mem, tokens, false) == -EINVAL);
	CHECK(virtq_init(&q, 6, mem, tokens, false) == -EINVAL);
	CHECK(virtq_init(&q, 8, NULL, tokens, false) == -EINVAL);
	CHECK(virtq_init(&q, 8, mem, tokens, false) == 0);
	CHECK(virtq_mem_size(256) % 4096 == 0);
	free(mem);
}

static const struct check_test tests[] = {
	{ "request_round_trip", request_round_trip },
	{ "full_queue_and_reuse", full_queue_and_reuse },
	{ "chains_use_and_return_descriptors", chains_use_and_return_descriptors },
	{ "event_index_suppresses_notifications", event_index_suppresses_notifications },
	{ "draining_rearms_the_interrupt", draining_rearms_the_interrupt },
	{ "lying_device_is_ignored", lying_device_is_ignored },
	{ "unused_chains_taken_after_the_device_went", unused_chains_taken_after_the_device_went },
	{ "has_used_and_in_flight_only_read", has_used_and_in_flight_only_read },
	{ "bad_sizes_refused", bad_sizes_refused },
};

CHECK_MAIN(tests)
