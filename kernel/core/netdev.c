/* The registry of network devices, the one-consumer rule, and the size
 * checks every received frame passes before a consumer sees it. */
#include <errno.h>
#include <stdio.h>

#include "netdev.h"

static struct {
	struct netdev *devices[NETDEV_MAX_DEVICES];
	int count;
} net;

int netdev_register(struct netdev *dev)
{
	if (net.count >= NETDEV_MAX_DEVICES)
		return -ENOSPC;
	snprintf(dev->name, sizeof(dev->name), "eth%d", net.count);
	net.devices[net.count++] = dev;
	return 0;
}

int netdev_count(void) { return net.count; }
struct netdev *netdev_get(int i) { return i >= 0 && i < net.count ? net.devices[i] : NULL; }

int netdev_attach(struct netdev *dev, void (*receive)(struct netdev *, const void *, size_t, unsigned, void *),
		  void *arg)
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

bool netdev_link_up(struct netdev *dev)
{
	if (dev->link_status)
		dev->link_up = dev->link_status(dev);
	return dev->link_up;
}

void netdev_deliver(struct netdev *dev, const void *frame, size_t len, unsigned flags)
{
	if (len < NETDEV_MIN_FRAME || len > netdev_max_frame(dev) || !dev->receive) {
		dev->stats.rx_dropped++;
		return;
	}
	dev->stats.rx_packets++;
	dev->stats.rx_bytes += len;
	dev->receive(dev, frame, len, flags, dev->receive_arg);
}
