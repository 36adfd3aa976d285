/* Network devices at the level of Ethernet frames: what NIC drivers
 * (virtio-net) register and what consumers (the JS raw-frame binding, the
 * TCP/IP stack) use. One consumer per device at a time.
 *
 * Contexts. Everything here runs in thread or scheduler context, never in
 * an interrupt handler, and nothing is preempted in the middle of C code
 * (scheduler.h), so no locks are needed:
 *  - send() is called by the consumer from thread context;
 *  - receive() is called by the driver from its completion routine
 *    (scheduler context, after the device interrupted, or the 1 ms poll);
 *    it must not block, and the frame is valid only during the call (copy
 *    what you keep);
 *  - netdev_attach()/netdev_detach() from thread context.
 *
 * Frames are whole Ethernet frames without the FCS: destination, source,
 * EtherType, payload. A frame is at least NETDEV_MIN_FRAME bytes and at most
 * netdev_max_frame() bytes (the MTU plus the Ethernet header and one
 * 802.1Q tag); the driver drops and counts anything else it receives, and
 * send() refuses it. Frames handed to receive() always carry complete
 * checksums: a driver whose device leaves partial ones completes them. */
#ifndef NETDEV_H
#define NETDEV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define NETDEV_MAX_DEVICES 8
#define NETDEV_MIN_FRAME 14          /* an Ethernet header */
#define NETDEV_ETH_OVERHEAD 18       /* header 14 + an 802.1Q tag 4 */

/* receive() flags */
#define NETDEV_RX_CSUM_OK 1          /* the device (or driver) validated the L4 checksum */

struct netdev {
	char name[16];                   /* "eth0" */
	uint8_t mac[6];
	bool link_up;                    /* as of the last interrupt; netdev_link_up() asks the device */
	uint16_t mtu;                    /* bytes of payload after the Ethernet header */

	/* Set by the driver. send copies the frame and returns 0, -EAGAIN when
	 * the transmit ring is full (try again after some time; nothing was
	 * sent), -EINVAL for a bad size, -ENOMEM, -ENODEV for a failed device. */
	int (*send)(struct netdev *dev, const void *frame, size_t len);
	/* Optional: reads the link state from the device. */
	bool (*link_status)(struct netdev *dev);

	/* Set by the consumer through netdev_attach(); NULL: no consumer,
	 * received frames are dropped (and counted). */
	void (*receive)(struct netdev *dev, const void *frame, size_t len, unsigned flags, void *arg);
	void *receive_arg;

	/* Counted by the driver. rx_dropped: runts, frames over the MTU,
	 * frames nobody was attached to take, frames the device mangled;
	 * a consumer that drops a frame it was given counts it here too.
	 * tx_dropped: frames send() refused for their size or for memory
	 * (-EAGAIN is not a drop: the caller still has the frame). */
	struct {
		uint64_t rx_packets, rx_bytes, rx_dropped;
		uint64_t tx_packets, tx_bytes, tx_dropped;
	} stats;
	char driver_name[32];            /* "virtio-net@pci:0:1.0" */
	char features[96];               /* what the driver negotiated, space-separated: "mac status mrg_rxbuf" */
	void *driver;
};

/* Drivers: register once the device is ready; names become eth0, eth1… */
int netdev_register(struct netdev *dev);
int netdev_count(void);
struct netdev *netdev_get(int index);

/* Consumers. attach returns 0, or -EBUSY when another consumer has the
 * device; detach stops deliveries at once. */
int netdev_attach(struct netdev *dev, void (*receive)(struct netdev *, const void *, size_t, unsigned, void *),
		  void *arg);
void netdev_detach(struct netdev *dev, void *arg);
bool netdev_link_up(struct netdev *dev);
static inline size_t netdev_max_frame(const struct netdev *dev) { return (size_t)dev->mtu + NETDEV_ETH_OVERHEAD; }

/* Drivers: hands one received frame to the consumer, checking its size
 * and counting it. */
void netdev_deliver(struct netdev *dev, const void *frame, size_t len, unsigned flags);

#endif
