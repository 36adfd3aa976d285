/* The registry of network devices, the consumer slots (one stack, one
 * tap), and the size checks every received frame passes before a consumer
 * sees it. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "arch.h"
#include "kernel.h"
#include "netdev.h"

static struct {
	struct netdev *devices[NETDEV_MAX_DEVICES];
	int count;
} netdevs;

int netdev_register(struct netdev *dev)
{
	if (netdevs.count >= NETDEV_MAX_DEVICES)
		return -ENOSPC;
	snprintf(dev->name, sizeof(dev->name), "eth%d", netdevs.count);
	netdevs.devices[netdevs.count++] = dev;
	return 0;
}

int netdev_count(void) { return netdevs.count; }
struct netdev *netdev_get(int i) { return i >= 0 && i < netdevs.count ? netdevs.devices[i] : NULL; }

int netdev_attach(struct netdev *dev, netdev_rx_fn *receive, void *arg)
{
	if (dev->receive)
		return -EBUSY;
	dev->receive_arg = arg;
	dev->receive = receive;
	return 0;
}

void netdev_detach(struct netdev *dev, void *arg)
{
	if (dev->receive_arg != arg)
		return;                  /* not the consumer: nothing to undo */
	dev->receive = NULL;
	dev->receive_arg = NULL;
}

int netdev_attach_tap(struct netdev *dev, netdev_rx_fn *tap, void *arg)
{
	if (dev->tap)
		return -EBUSY;
	dev->tap_arg = arg;
	dev->tap = tap;
	return 0;
}

void netdev_detach_tap(struct netdev *dev, void *arg)
{
	if (dev->tap_arg != arg)
		return;
	dev->tap = NULL;
	dev->tap_arg = NULL;
}

bool netdev_link_up(struct netdev *dev)
{
	if (dev->link_status)
		dev->link_up = dev->link_status(dev);
	return dev->link_up;
}

void netdev_watchdog(struct netdev *dev)
{
	if (dev->watchdog)
		dev->watchdog(dev);
}

void netdev_deliver(struct netdev *dev, const void *frame, size_t len, unsigned flags)
{
	if (len < NETDEV_MIN_FRAME || len > netdev_max_frame(dev) || (!dev->receive && !dev->tap)) {
		dev->stats.rx_dropped++;
		return;
	}
	dev->stats.rx_packets++;
	dev->stats.rx_bytes += len;
	if (flags & NETDEV_RX_CSUM_OK)
		dev->stats.rx_csum_valid++;
	/* The tap copies; the stack may keep the frame's bytes only by copying too. */
	if (dev->tap)
		dev->tap(dev, frame, len, flags, dev->tap_arg);
	if (dev->receive)
		dev->receive(dev, frame, len, flags, dev->receive_arg);
}

void netdev_bench_tx(struct netdev *dev, unsigned count)
{
	uint8_t frame[60] = { 0x02, 0, 0, 0, 0, 0x01 };   /* to the benchmark's peer (bench/rawtx.sh) */
	memcpy(frame + 6, dev->mac, 6);
	frame[12] = 0x88;                /* IEEE local experimental EtherType */
	frame[13] = 0xb5;
	frame[14] = 'C';
	unsigned sent = 0, full = 0;
	uint64_t t0 = arch_clock_ns();
	while (sent < count) {
		frame[15] = (uint8_t)(sent >> 24);
		frame[16] = (uint8_t)(sent >> 16);
		frame[17] = (uint8_t)(sent >> 8);
		frame[18] = (uint8_t)sent;
		int r = dev->send(dev, frame, sizeof(frame));
		if (r == 0)
			sent++;
		else if (r == -EAGAIN)
			full++;
		else
			break;
	}
	double ms = (double)(arch_clock_ns() - t0) / 1e6;
	kprintf("bench: %s: the C driver sent %u frames of 60 bytes in %.1f ms (%.0f frames/s), ring full %u times\n",
		dev->name, sent, ms, ms > 0 ? sent / ms * 1000 : 0, full);
}
