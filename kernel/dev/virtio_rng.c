/* virtio-rng (entropy device): one queue the device fills with random
 * bytes. Used at boot to seed the kernel's entropy (polled). A device
 * hot-unplugged later is failed (virtio_remove), and reads refuse it. */
#include <string.h>

#include "arch.h"
#include "kernel.h"
#include "virtio.h"

#define RNG_TIMEOUT_NS 200000000ull     /* a device that does not answer in 200 ms is broken */

static struct {
	struct virtio_dev *dev;
	uint8_t buf[64];             /* the device writes here, never into callers' memory */
} rng;

/* The kernel takes the first entropy device; any other is left alone for
 * a driver written in JavaScript (rtjs:hw). */
int virtio_rng_probe(struct virtio_dev *d)
{
	if (rng.dev)
		return -1;
	if (virtio_negotiate(d, 0) < 0 || virtio_queue_setup(d, 0, 8) < 0)
		return -1;
	virtio_ready(d);
	rng.dev = d;
	d->claimed = true;
	return 0;
}

long virtio_rng_read(void *buf, size_t len)
{
	struct virtio_dev *d = rng.dev;
	if (!d || d->failed)
		return -1;
	if (len > sizeof(rng.buf))
		len = sizeof(rng.buf);
	struct virtq *q = &d->queues[0];
	struct virtq_buf b = { rng.buf, (uint32_t)len, true };
	if (virtq_add(q, &b, 1, rng.buf) < 0)
		return -1;
	virtio_kick(d, 0);
	uint64_t start = arch_clock_ns();
	uint32_t got;
	void *token;
	while (!(token = virtq_get_used(q, &got))) {
		if (arch_clock_ns() - start > RNG_TIMEOUT_NS) {
			virtio_fail(d, "no answer within 200 ms");
			return -1;
		}
	}
	if (token != rng.buf)
		return -1;
	size_t n = got < len ? got : len;
	memcpy(buf, rng.buf, n);
	return (long)n;
}
