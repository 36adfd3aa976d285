/* An lwIP netif over a struct netdev (netdev.h): received frames go to
 * netif->input, lwIP's linkoutput goes to netdev->send. */
#include <errno.h>
#include <string.h>

#include "heap.h"
#include "kernel.h"
#include "inet_sum.h"
#include "lwip/etharp.h"
#include "lwip/ethip6.h"
#include "lwip/netif.h"
#include "lwip/pbuf.h"
#include "net.h"
#include "netdev.h"

/* Checksum offload, on a card with send_partial_csum. lwIP leaves TCP
 * checksums out (NETIF_CHECKSUM_GEN_TCP off); linkoutput puts the
 * pseudo-header sum in their place and the card completes them. UDP keeps
 * lwIP's: a datagram lwIP fragments has one checksum over all its
 * fragments, which no card computes from one frame.
 * lwIP checks received checksums per netif, not per frame, so the checks
 * are off while a frame goes in that the card vouched for, and while lwIP's
 * frames to its own address go in (netif_poll: they never left the
 * machine, and carry no TCP checksum). */
#define CHECK_L4 (NETIF_CHECKSUM_CHECK_TCP | NETIF_CHECKSUM_CHECK_UDP)

static err_t netif_linkoutput(struct netif *nif, struct pbuf *p);

static bool offloads(const struct netif *nif)
{
	return nif->linkoutput == netif_linkoutput && ((const struct netdev *)nif->state)->send_partial_csum;
}

static uint16_t be16(const uint8_t *p) { return (uint16_t)(p[0] << 8 | p[1]); }

/* Where an unfragmented TCP segment's header starts in this Ethernet frame
 * (0: not one), and its pseudo-header sum. */
static size_t tcp_header(const uint8_t *f, size_t len, uint32_t *pseudo)
{
	if (len < 14 + 40)
		return 0;
	uint16_t type = be16(f + 12);
	if (type == 0x0800 && f[14] >> 4 == 4 && f[23] == 6 && !(be16(f + 20) & 0x3fff)) {
		size_t ihl = (size_t)(f[14] & 15) * 4, total = be16(f + 16);
		if (ihl < 20 || total < ihl + 20 || 14 + total > len)
			return 0;
		*pseudo = inet_sum(f + 26, 8, 6 + (uint32_t)(total - ihl));
		return 14 + ihl;
	}
	if (type == 0x86dd && f[14] >> 4 == 6 && f[20] == 6) {
		size_t payload = be16(f + 18);
		if (payload < 20 || 54 + payload > len)
			return 0;
		*pseudo = inet_sum(f + 22, 32, 6 + (uint32_t)payload);
		return 54;
	}
	return 0;
}

static bool ip_fragment(const uint8_t *f, size_t len)
{
	if (len < 14 + 40)
		return false;
	uint16_t type = be16(f + 12);
	return (type == 0x0800 && (be16(f + 20) & 0x3fff)) || (type == 0x86dd && f[20] == 44);
}

/* Says, at most once a second, that received frames meet an empty pool
 * (lwIP frees queued out-of-sequence segments at its next timer). */
static void log_pool_empty(struct netdev *dev)
{
	static uint64_t logged_at, dropped;
	dropped++;
	if (!log_ratelimit(&logged_at, 1000000000ull))
		return;
	kprintf("net: %s: lwIP's receive pool is empty: %llu frames dropped so far\n", dev->name,
		(unsigned long long)dropped);
}

/* Scheduler context (netdev.h): the frame is valid only during the call,
 * so it is copied into pool pbufs. */
static void netif_receive(struct netdev *dev, const void *frame, size_t len, unsigned flags, void *arg)
{
	struct netif *nif = arg;
	struct pbuf *p = len <= 0xffff ? pbuf_alloc(PBUF_RAW, (u16_t)len, PBUF_POOL) : NULL;
	if (!p) {
		dev->stats.rx_dropped++;
		log_pool_empty(dev);
		return;
	}
	pbuf_take(p, frame, (u16_t)len);
	u16_t checks = nif->chksum_flags;
	if ((flags & NETDEV_RX_CSUM_OK) && !ip_fragment(frame, len))
		NETIF_SET_CHECKSUM_CTRL(nif, checks & ~CHECK_L4);
	err_t err = nif->input(p, nif);
	NETIF_SET_CHECKSUM_CTRL(nif, checks);
	if (err != ERR_OK) {
		pbuf_free(p);
		dev->stats.rx_dropped++;
	}
	net_timers_kick();
}

void net_netif_poll_all(void)
{
	struct netif *nif;
	NETIF_FOREACH(nif) {
		u16_t checks = nif->chksum_flags;
		if (offloads(nif))
			NETIF_SET_CHECKSUM_CTRL(nif, checks & ~CHECK_L4);
		netif_poll(nif);
		NETIF_SET_CHECKSUM_CTRL(nif, checks);
	}
}

/* Chained pbufs are gathered here (one netif, and lwIP is never
 * reentered): netdev_max_frame() bytes. */
static uint8_t *tx_frame;

static err_t netif_linkoutput(struct netif *nif, struct pbuf *p)
{
	struct netdev *dev = nif->state;
	uint8_t *data = p->payload;
	if (p->next) {
		if (p->tot_len > netdev_max_frame(dev))
			return ERR_BUF;
		pbuf_copy_partial(p, tx_frame, p->tot_len, 0);
		data = tx_frame;
	}
	uint32_t pseudo;
	size_t tcp = offloads(nif) ? tcp_header(data, p->tot_len, &pseudo) : 0;
	int r;
	if (tcp) {
		uint16_t sum = inet_fold(pseudo);
		data[tcp + 16] = (uint8_t)(sum >> 8);
		data[tcp + 17] = (uint8_t)sum;
		r = dev->send_partial_csum(dev, data, p->tot_len, (uint16_t)tcp, 16);
	} else {
		r = dev->send(dev, data, p->tot_len);
	}
	if (r == 0)
		return ERR_OK;
	/* A full ring drops the frame: TCP retransmits, UDP may lose it. */
	return r == -EAGAIN || r == -ENOMEM ? ERR_MEM : ERR_IF;
}

err_t net_netif_init(struct netif *nif)
{
	struct netdev *dev = nif->state;
	nif->name[0] = 'e';
	nif->name[1] = 'n';
	nif->hwaddr_len = ETH_HWADDR_LEN;
	memcpy(nif->hwaddr, dev->mac, ETH_HWADDR_LEN);
	nif->mtu = dev->mtu;
	nif->flags = NETIF_FLAG_BROADCAST | NETIF_FLAG_ETHARP | NETIF_FLAG_ETHERNET | NETIF_FLAG_MLD6;
	nif->output = etharp_output;
	nif->output_ip6 = ethip6_output;
	nif->linkoutput = netif_linkoutput;
	if (dev->send_partial_csum)
		NETIF_SET_CHECKSUM_CTRL(nif, NETIF_CHECKSUM_ENABLE_ALL & ~NETIF_CHECKSUM_GEN_TCP);
	if (!tx_frame && !(tx_frame = kmalloc(netdev_max_frame(dev))))
		return ERR_MEM;
	if (netdev_attach(dev, netif_receive, nif) != 0)
		return ERR_IF;
	return ERR_OK;
}
