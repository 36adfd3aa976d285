/* Network devices at the level of Ethernet frames: what NIC drivers
 * (virtio-net) register and what consumers use. A device has two consumer
 * slots, each taken by one consumer at a time: the stack's (lwIP's netif,
 * netdev_attach) and a tap's (raw frames for a JS isolate,
 * netdev_attach_tap), as Linux's packet sockets sit beside its stack. Both
 * see every received frame (the tap first); both may send.
 *
 * Contexts. Everything here runs in thread or scheduler context, never in
 * an interrupt handler, and nothing is preempted in the middle of C code
 * (scheduler.h), so no locks are needed:
 *  - send() is called by the consumer from thread context;
 *  - receive() is called by the driver from its completion routine
 *    (scheduler context, after the device interrupted, or the 1 ms poll);
 *    it must not block, and the frame is valid only during the call (copy
 *    what you keep);
 *  - netdev_attach/detach(_tap) from thread (or boot) context.
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

struct netdev;
/* A consumer's receive function; flags are NETDEV_RX_*. */
typedef void netdev_rx_fn(struct netdev *dev, const void *frame, size_t len, unsigned flags, void *arg);

struct netdev {
	char name[16];                   /* "eth0" */
	uint8_t mac[6];
	bool link_up;                    /* as last read (at probe, by netdev_link_up()) */
	uint16_t mtu;                    /* bytes of payload after the Ethernet header */

	/* Set by the driver. send copies the frame and returns 0 (sent, or
	 * queued behind the frames before it), -EAGAIN when the transmit ring
	 * and the driver's backlog are full (try again later; nothing was sent),
	 * -EMSGSIZE over netdev_max_frame(), -EINVAL under NETDEV_MIN_FRAME
	 * (as Linux's packet sockets), -ENOMEM, -ENODEV for a failed device. */
	int (*send)(struct netdev *dev, const void *frame, size_t len);
	/* Optional, when the device computes TCP/UDP checksums: send() with the
	 * L4 checksum left partial. The 16-bit field at csum_start +
	 * csum_offset holds the ones' complement sum of the pseudo-header (not
	 * inverted); the device sums from csum_start to the end and stores the
	 * result there. Returns as send(). */
	int (*send_partial_csum)(struct netdev *dev, const void *frame, size_t len, uint16_t csum_start,
				 uint16_t csum_offset);
	/* Optional: reads the link state from the device. */
	bool (*link_status)(struct netdev *dev);
	/* Optional, about once a second (netdev_watchdog): the driver looks
	 * for work the device finished without an interrupt, or frames it has
	 * left untaken, and sets them going again. */
	void (*watchdog)(struct netdev *dev);

	/* The consumers, set through netdev_attach() and netdev_attach_tap();
	 * NULL: none. A frame neither takes is dropped (and counted). */
	netdev_rx_fn *receive;
	void *receive_arg;
	netdev_rx_fn *tap;
	void *tap_arg;

	/* Counted by the driver. rx_dropped: runts, frames over the MTU,
	 * frames no consumer was attached to take, frames the device mangled;
	 * the stack counts here frames it was given and could not take (a tap
	 * keeps its own count). tx_dropped: frames send() refused for their
	 * size or for memory (-EAGAIN is not a drop: the caller still has the
	 * frame). */
	struct {
		uint64_t rx_packets, rx_bytes, rx_dropped;
		uint64_t tx_packets, tx_bytes, tx_dropped;
		/* Checksum offload: frames the device finished (send_partial_csum),
		 * and received frames whose checksum the device vouched for. */
		uint64_t tx_csum_offloaded, rx_csum_valid;
		/* Now: frames sent and not yet completed by the device, in its
		 * ring or waiting in the driver's backlog. */
		uint64_t tx_queued;
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
 * slot; detach (by the arg given to attach) stops deliveries at once. */
int netdev_attach(struct netdev *dev, netdev_rx_fn *receive, void *arg);
void netdev_detach(struct netdev *dev, void *arg);
int netdev_attach_tap(struct netdev *dev, netdev_rx_fn *tap, void *arg);
void netdev_detach_tap(struct netdev *dev, void *arg);
bool netdev_link_up(struct netdev *dev);
/* The consumer calls this about once a second, from thread context. */
void netdev_watchdog(struct netdev *dev);
static inline size_t netdev_max_frame(const struct netdev *dev) { return (size_t)dev->mtu + NETDEV_ETH_OVERHEAD; }

/* make bench (rtjs.bench-tx=N): sends N small frames as fast as the
 * driver takes them and prints the rate. */
void netdev_bench_tx(struct netdev *dev, unsigned count);

/* Drivers: hands one received frame to the consumer, checking its size
 * and counting it. */
void netdev_deliver(struct netdev *dev, const void *frame, size_t len, unsigned flags);

#endif
