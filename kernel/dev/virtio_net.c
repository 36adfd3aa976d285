/* virtio-net: one receive and one transmit queue, frames handed to the
 * netdev layer. Receive buffers stay posted and go back to the device as
 * soon as their frame is delivered; transmitted frames are copied into
 * buffers of their own, freed when the device is done with them, and wait
 * in a backlog of TX_BACKLOG_MAX frames while the ring is full.
 *
 * Negotiated when offered: MAC, STATUS (link state), MTU, MRG_RXBUF (a
 * frame may span several receive buffers: num_buffers), GUEST_CSUM (the
 * device may hand us frames with a partial L4 checksum, NEEDS_CSUM, which
 * we complete before delivery; DATA_VALID is passed up as
 * NETDEV_RX_CSUM_OK), CSUM (the device completes a partial checksum we
 * send: netdev's send_partial_csum), EVENT_IDX. Not negotiated: GSO/TSO,
 * the control queue (QEMU's device then stays promiscuous), multiqueue.
 * QEMU offers CSUM and GUEST_CSUM only with a tap backend (vnet_hdr). */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "entropy.h"
#include "heap.h"
#include "inet_sum.h"
#include "kernel.h"
#include "netdev.h"
#include "rtjs.h"
#include "virtio.h"

#define VIRTIO_NET_F_CSUM       (1ull << 0)
#define VIRTIO_NET_F_GUEST_CSUM (1ull << 1)
#define VIRTIO_NET_F_MTU        (1ull << 3)
#define VIRTIO_NET_F_MAC        (1ull << 5)
#define VIRTIO_NET_F_MRG_RXBUF  (1ull << 15)
#define VIRTIO_NET_F_STATUS     (1ull << 16)

#define VIRTIO_NET_S_LINK_UP 1

/* device configuration */
#define CFG_MAC 0
#define CFG_STATUS 6
#define CFG_MTU 10

#define HDR_F_NEEDS_CSUM 1
#define HDR_F_DATA_VALID 2

enum { RXQ = 0, TXQ = 1 };

#define QUEUE_MAX 256
/* Frames waiting for room in the transmit ring: a burst (hundreds of ACKs
 * at once) waits here rather than being lost, as in Linux's queue before
 * its driver. Full, send() says -EAGAIN. */
#define TX_BACKLOG_MAX 256
#define RX_MEMORY_MAX (4u << 20)      /* receive buffers: fewer of them when frames are huge */
#define MRG_BUF_SIZE 2048            /* per receive buffer with MRG_RXBUF: a 1500-byte MTU fits one */

/* struct virtio_net_hdr with VIRTIO_F_VERSION_1: always 12 bytes. */
struct net_hdr {
	uint8_t flags, gso_type;
	uint16_t hdr_len, gso_size, csum_start, csum_offset, num_buffers;
} __attribute__((packed));
_Static_assert(sizeof(struct net_hdr) == 12, "virtio_net_hdr is 12 bytes");

struct virtio_net {
	struct netdev net;
	struct virtio_dev *dev;
	uint8_t *rx_mem;                 /* rx_count buffers of rx_size bytes */
	/* Built frames (header and all) waiting for the ring, oldest first. */
	struct {
		uint8_t *buf[TX_BACKLOG_MAX];
		uint32_t len[TX_BACKLOG_MAX];
		unsigned head, count;
	} backlog;
	size_t rx_size;
	uint16_t rx_count;
	bool mergeable;
	/* The watchdog's look a second ago (watchdog()). */
	struct {
		uint16_t rx_last_used, tx_last_used;
		bool completions_waiting, tx_in_flight;
		uint64_t missed_interrupts, tx_reminders, logged_at;
	} wd;
	/* A frame arriving in several buffers (MRG_RXBUF): its bytes so far. */
	struct {
		uint8_t *data;           /* netdev_max_frame() bytes */
		size_t len;
		uint16_t left;           /* buffers still to come; 0: none in progress */
		bool too_big;
		struct net_hdr hdr;
	} merge;
};

static uint16_t config_read16(struct virtio_dev *d, uint32_t off)
{
	return (uint16_t)(d->transport->config_read8(d, off) | d->transport->config_read8(d, off + 1) << 8);
}

static bool link_status(struct netdev *nd)
{
	struct virtio_net *n = nd->driver;
	if (n->dev->failed)
		return false;
	if (!(n->dev->features & VIRTIO_NET_F_STATUS))
		return true;                 /* without STATUS the link is always up (spec 5.1.4) */
	return config_read16(n->dev, CFG_STATUS) & VIRTIO_NET_S_LINK_UP;
}

static int post_rx(struct virtio_net *n, uint8_t *buf)
{
	struct virtq_buf b = { buf, (uint32_t)n->rx_size, true };
	return virtq_add(&n->dev->queues[RXQ], &b, 1, buf);
}

/* Moves waiting frames into the ring while it has room; true if any went. */
static bool flush_backlog(struct virtio_net *n)
{
	struct virtq *q = &n->dev->queues[TXQ];
	bool added = false;
	while (n->backlog.count && q->num_free) {
		unsigned i = n->backlog.head;
		struct virtq_buf b = { n->backlog.buf[i], n->backlog.len[i], false };
		if (virtq_add(q, &b, 1, b.addr) < 0)
			break;
		n->backlog.head = (i + 1) % TX_BACKLOG_MAX;
		n->backlog.count--;
		added = true;
	}
	return added;
}

/* Frees what the device has sent, and gives waiting frames the room. */
static void reclaim_tx(struct virtio_net *n)
{
	void *buf;
	while ((buf = virtq_get_used(&n->dev->queues[TXQ], NULL))) {
		kfree(buf);
		n->net.stats.tx_queued--;
	}
	if (n->backlog.count && flush_backlog(n))
		virtio_kick(n->dev, TXQ);
}

/* NEEDS_CSUM: the field at csum_start + csum_offset holds the pseudo-header
 * sum; the ones' complement sum from csum_start to the end completes it. */
static bool complete_checksum(uint8_t *frame, size_t len, const struct net_hdr *h)
{
	size_t start = h->csum_start, field = (size_t)h->csum_start + h->csum_offset;
	if (start >= len || field + 2 > len)
		return false;
	uint16_t csum = (uint16_t)~inet_fold(inet_sum(frame + start, len - start, 0));
	if (csum == 0)
		csum = 0xffff;               /* as Linux: 0 means "no checksum" to UDP; the same to TCP */
	frame[field] = (uint8_t)(csum >> 8);
	frame[field + 1] = (uint8_t)csum;
	return true;
}

static void deliver(struct virtio_net *n, uint8_t *frame, size_t len, const struct net_hdr *h)
{
	unsigned flags = 0;
	if (n->dev->features & VIRTIO_NET_F_GUEST_CSUM) {
		if ((h->flags & HDR_F_NEEDS_CSUM) && len <= netdev_max_frame(&n->net)) {
			if (!complete_checksum(frame, len, h)) {
				n->net.stats.rx_dropped++;
				return;
			}
			flags |= NETDEV_RX_CSUM_OK;
		}
		if (h->flags & HDR_F_DATA_VALID)
			flags |= NETDEV_RX_CSUM_OK;
	}
	netdev_deliver(&n->net, frame, len, flags);
}

/* One used receive buffer: a frame, the first part of one, or the next
 * part. Returns false when the device broke the rules. */
static bool receive_buffer(struct virtio_net *n, uint8_t *buf, uint32_t len)
{
	if (len > n->rx_size) {
		virtio_fail(n->dev, "a receive buffer came back longer than it is");
		return false;
	}
	if (n->merge.left) {             /* the next part: no header */
		if (!n->merge.too_big && n->merge.len + len <= netdev_max_frame(&n->net)) {
			memcpy(n->merge.data + n->merge.len, buf, len);
			n->merge.len += len;
		} else {
			n->merge.too_big = true;
		}
		if (--n->merge.left == 0) {
			if (n->merge.too_big)
				n->net.stats.rx_dropped++;
			else
				deliver(n, n->merge.data, n->merge.len, &n->merge.hdr);
		}
		return true;
	}
	struct net_hdr h;
	if (len < sizeof(h)) {
		virtio_fail(n->dev, "a received frame has no virtio-net header");
		return false;
	}
	memcpy(&h, buf, sizeof(h));
	uint16_t buffers = n->mergeable ? h.num_buffers : 1;
	if (buffers == 0 || buffers > n->rx_count) {
		virtio_fail(n->dev, "a received frame claims an impossible number of buffers");
		return false;
	}
	uint8_t *frame = buf + sizeof(h);
	size_t flen = len - sizeof(h);
	if (buffers == 1) {
		deliver(n, frame, flen, &h);
		return true;
	}
	n->merge.hdr = h;
	n->merge.left = (uint16_t)(buffers - 1);
	n->merge.too_big = flen > netdev_max_frame(&n->net);
	n->merge.len = n->merge.too_big ? 0 : flen;
	if (!n->merge.too_big)
		memcpy(n->merge.data, frame, flen);
	return true;
}

/* The completion routine: scheduler context, after an interrupt (or the
 * poll when the device cannot interrupt). */
static void complete(void *arg)
{
	struct virtio_net *n = arg;
	if (n->dev->failed)
		return;
	reclaim_tx(n);
	struct virtq *q = &n->dev->queues[RXQ];
	uint8_t *buf;
	uint32_t len;
	bool reposted = false;
	while ((buf = virtq_get_used(q, &len))) {
		bool ok = receive_buffer(n, buf, len);
		if (!ok || n->dev->failed)
			return;
		/* The consumer is done with the frame: the buffer goes back. */
		if (post_rx(n, buf) < 0) {
			virtio_fail(n->dev, "a receive buffer could not be posted again");
			return;
		}
		reposted = true;
	}
	if (reposted)
		virtio_kick(n->dev, RXQ);
}

/* At most once every 10 s: what the watchdog had to do. */
static void watchdog_log(struct virtio_net *n, const char *what, uint64_t times)
{
	if (!log_ratelimit(&n->wd.logged_at, 10000000000ull))
		return;
	kprintf("virtio: %s (%s): %s (%llu times so far)\n", n->net.name, n->dev->name, what, (unsigned long long)times);
}

/* About once a second (netdev.h). Completions that waited a whole second
 * without their interrupt being taken are taken now; frames the device has
 * held a whole second without completing any get it notified again. Each
 * would otherwise wait for the next interrupt or the next full ring. */
static void watchdog(struct netdev *nd)
{
	struct virtio_net *n = nd->driver;
	if (n->dev->failed)
		return;
	struct virtq *rx = &n->dev->queues[RXQ], *tx = &n->dev->queues[TXQ];
	bool rx_still = rx->last_used == n->wd.rx_last_used, tx_still = tx->last_used == n->wd.tx_last_used;
	bool waiting = virtq_has_used(rx) || virtq_has_used(tx);
	if (waiting && n->wd.completions_waiting && rx_still && tx_still) {
		watchdog_log(n, "completions waited a second without an interrupt; taken now", ++n->wd.missed_interrupts);
		complete(n);
	} else if (!waiting && virtq_in_flight(tx) && n->wd.tx_in_flight && tx_still) {
		watchdog_log(n, "the device took no frame to send for a second; notified it again", ++n->wd.tx_reminders);
		virtio_notify_now(n->dev, TXQ);
	}
	n->wd.rx_last_used = rx->last_used;
	n->wd.tx_last_used = tx->last_used;
	n->wd.completions_waiting = virtq_has_used(rx) || virtq_has_used(tx);
	n->wd.tx_in_flight = virtq_in_flight(tx) != 0;
}

/* One frame behind its virtio-net header; csum_start 0: complete as it is. */
static int transmit(struct netdev *nd, const void *frame, size_t len, uint16_t csum_start, uint16_t csum_offset)
{
	struct virtio_net *n = nd->driver;
	if (n->dev->failed)
		return -ENODEV;
	if (len < NETDEV_MIN_FRAME || len > netdev_max_frame(nd)) {
		nd->stats.tx_dropped++;
		return len < NETDEV_MIN_FRAME ? -EINVAL : -EMSGSIZE;
	}
	struct virtq *q = &n->dev->queues[TXQ];
	reclaim_tx(n);
	bool ring_full = q->num_free == 0 || n->backlog.count;
	if (ring_full) {
		/* The device owes us completions. Remind it when the ring
		 * fills, so that a suppressed or lost notification cannot
		 * stall it; its completions then move the backlog along. */
		if (!n->backlog.count)
			virtio_notify_now(n->dev, TXQ);
		if (n->backlog.count == TX_BACKLOG_MAX)
			return -EAGAIN;
	}
	uint8_t *buf = kmalloc(sizeof(struct net_hdr) + len);
	if (!buf) {
		nd->stats.tx_dropped++;
		return -ENOMEM;
	}
	struct net_hdr h = { 0 };            /* gso_type NONE */
	if (csum_start) {
		h.flags = HDR_F_NEEDS_CSUM;
		h.csum_start = csum_start;
		h.csum_offset = csum_offset;
	}
	memcpy(buf, &h, sizeof(h));
	memcpy(buf + sizeof(struct net_hdr), frame, len);
	struct virtq_buf b = { buf, (uint32_t)(sizeof(struct net_hdr) + len), false };
	if (ring_full) {
		unsigned tail = (n->backlog.head + n->backlog.count) % TX_BACKLOG_MAX;
		n->backlog.buf[tail] = buf;
		n->backlog.len[tail] = b.len;
		n->backlog.count++;
	} else if (virtq_add(q, &b, 1, buf) < 0) {
		kfree(buf);
		return -EAGAIN;
	}
	nd->stats.tx_packets++;
	nd->stats.tx_bytes += len;
	nd->stats.tx_queued++;
	if (csum_start)
		nd->stats.tx_csum_offloaded++;
	virtio_kick(n->dev, TXQ);
	return 0;
}

static int send(struct netdev *nd, const void *frame, size_t len) { return transmit(nd, frame, len, 0, 0); }

static int send_partial_csum(struct netdev *nd, const void *frame, size_t len, uint16_t csum_start,
			     uint16_t csum_offset)
{
	if (!csum_start || (size_t)csum_start + csum_offset + 2 > len) {
		nd->stats.tx_dropped++;
		return -EINVAL;
	}
	return transmit(nd, frame, len, csum_start, csum_offset);
}

/* After virtio_on_completion() the interrupt or the poller may still call
 * complete(n): n itself stays (complete() sees the device failed). */
static void free_buffers(struct virtio_net *n)
{
	kfree(n->rx_mem);
	kfree(n->merge.data);
	n->rx_mem = n->merge.data = NULL;
}

/* Hot-unplug, after the device's reset: the link is down for good, send()
 * says -ENODEV, and the frames still queued to send are freed. Receive
 * buffers stay (rx_mem is one allocation, and a late complete() returns
 * at once, the device being failed). */
static void virtio_net_remove(struct virtio_dev *d)
{
	struct virtio_net *n = d->driver;
	void *buf;
	n->net.link_up = false;
	while ((buf = virtq_get_used(&d->queues[TXQ], NULL)) || (buf = virtq_take_unused(&d->queues[TXQ])))
		kfree(buf);
	for (; n->backlog.count; n->backlog.count--, n->backlog.head = (n->backlog.head + 1) % TX_BACKLOG_MAX)
		kfree(n->backlog.buf[n->backlog.head]);
	n->net.stats.tx_queued = 0;
}

/* Locally administered, unicast, random: for a device that has no MAC. */
static void random_mac(uint8_t mac[6])
{
	uint64_t r = entropy_seed();
	for (int i = 0; i < 6; i++)
		mac[i] = (uint8_t)(r >> (8 * i));
	mac[0] = (uint8_t)((mac[0] & 0xfe) | 0x02);
}

static void describe(struct virtio_net *n)
{
	static const struct { uint64_t bit; const char *name; } names[] = {
		{ VIRTIO_NET_F_MAC, "mac" }, { VIRTIO_NET_F_STATUS, "status" }, { VIRTIO_NET_F_MTU, "mtu" },
		{ VIRTIO_NET_F_MRG_RXBUF, "mrg_rxbuf" }, { VIRTIO_NET_F_CSUM, "csum" }, { VIRTIO_NET_F_GUEST_CSUM, "guest_csum" },
		{ VIRTIO_F_EVENT_IDX, "event_idx" },
	};
	size_t at = 0;
	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		if (n->dev->features & names[i].bit)
			at += (size_t)snprintf(n->net.features + at, sizeof(n->net.features) - at, "%s%s",
					       at ? " " : "", names[i].name);
	}
	snprintf(n->net.driver_name, sizeof(n->net.driver_name), "%s", n->dev->name);
	if (kernel_config.verbose) {
		const uint8_t *m = n->net.mac;
		kprintf("  %s: %s, mac %02x:%02x:%02x:%02x:%02x:%02x, mtu %u, link %s, %u rx buffers of %zu bytes, "
			"features: %s\n", n->dev->name, n->net.name, m[0], m[1], m[2], m[3], m[4], m[5], n->net.mtu,
			n->net.link_up ? "up" : "down", n->rx_count, n->rx_size, n->net.features);
	}
}

int virtio_net_probe(struct virtio_dev *d)
{
	struct virtio_net *n = kmalloc(sizeof(*n));
	if (!n) {
		virtio_fail(d, "no memory");
		return -1;
	}
	memset(n, 0, sizeof(*n));
	n->dev = d;
	uint64_t wanted = VIRTIO_NET_F_MAC | VIRTIO_NET_F_STATUS | VIRTIO_NET_F_MTU | VIRTIO_NET_F_MRG_RXBUF |
			  VIRTIO_NET_F_CSUM | VIRTIO_NET_F_GUEST_CSUM | VIRTIO_F_EVENT_IDX;
	if (virtio_negotiate(d, wanted) < 0) {
		kfree(n);
		return -1;
	}
	n->mergeable = d->features & VIRTIO_NET_F_MRG_RXBUF;
	n->net.mtu = 1500;
	if (d->features & VIRTIO_NET_F_MTU) {
		uint16_t mtu = config_read16(d, CFG_MTU);
		if (mtu >= 68)               /* the smallest IPv4 MTU; a device offering less lies */
			n->net.mtu = mtu;
	}
	/* Without MRG_RXBUF every buffer must hold a whole frame (spec 5.1.6.3.1). */
	n->rx_size = n->mergeable ? MRG_BUF_SIZE : sizeof(struct net_hdr) + netdev_max_frame(&n->net);
	if (n->mergeable)
		n->merge.data = kmalloc(netdev_max_frame(&n->net));
	uint16_t rx_max = QUEUE_MAX;
	while (rx_max > 16 && rx_max * n->rx_size > RX_MEMORY_MAX)
		rx_max /= 2;
	virtio_on_completion(d, complete, n);      /* before the queues: it names the vector */
	if ((n->mergeable && !n->merge.data) || virtio_queue_setup(d, RXQ, rx_max) < 0 ||
	    virtio_queue_setup(d, TXQ, QUEUE_MAX) < 0) {
		if (!d->failed)
			virtio_fail(d, "no memory");
		free_buffers(n);
		return -1;
	}
	n->rx_count = d->queues[RXQ].size;
	n->rx_mem = kmemalign(64, n->rx_size * n->rx_count);
	if (!n->rx_mem) {
		virtio_fail(d, "no memory for receive buffers");
		free_buffers(n);
		return -1;
	}
	for (uint16_t i = 0; i < n->rx_count; i++)
		post_rx(n, n->rx_mem + (size_t)i * n->rx_size);
	if (d->features & VIRTIO_NET_F_MAC) {
		for (uint32_t i = 0; i < 6; i++)
			n->net.mac[i] = d->transport->config_read8(d, CFG_MAC + i);
	} else {
		random_mac(n->net.mac);
	}
	n->net.send = send;
	if (d->features & VIRTIO_NET_F_CSUM)
		n->net.send_partial_csum = send_partial_csum;
	n->net.link_status = link_status;
	n->net.watchdog = watchdog;
	n->net.driver = n;
	d->driver = n;
	d->remove = virtio_net_remove;
	d->claimed = true;
	virtio_ready(d);
	virtio_kick(d, RXQ);                       /* the device may use the buffers now */
	n->net.link_up = link_status(&n->net);
	if (netdev_register(&n->net) < 0)
		kprintf("virtio: %s: too many network devices; not registered\n", d->name);
	describe(n);
	return 0;
}
