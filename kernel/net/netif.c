/* An lwIP netif over a struct netdev (netdev.h): received frames go to
 * netif->input, lwIP's linkoutput goes to netdev->send. */
#include <errno.h>
#include <string.h>

#include "heap.h"
#include "lwip/etharp.h"
#include "lwip/ethip6.h"
#include "lwip/netif.h"
#include "lwip/pbuf.h"
#include "net.h"
#include "netdev.h"

/* Scheduler context (netdev.h): the frame is valid only during the call,
 * so it is copied into pool pbufs. */
static void netif_receive(struct netdev *dev, const void *frame, size_t len, unsigned flags, void *arg)
{
	struct netif *nif = arg;
	(void)flags;
	struct pbuf *p = len <= 0xffff ? pbuf_alloc(PBUF_RAW, (u16_t)len, PBUF_POOL) : NULL;
	if (!p) {
		dev->stats.rx_dropped++;
		return;
	}
	pbuf_take(p, frame, (u16_t)len);
	if (nif->input(p, nif) != ERR_OK) {
		pbuf_free(p);
		dev->stats.rx_dropped++;
	}
	net_timers_kick();
}

/* Chained pbufs are gathered here (one netif, and lwIP is never
 * reentered): netdev_max_frame() bytes. */
static uint8_t *tx_frame;

static err_t netif_linkoutput(struct netif *nif, struct pbuf *p)
{
	struct netdev *dev = nif->state;
	const void *data = p->payload;
	if (p->next) {
		if (p->tot_len > netdev_max_frame(dev))
			return ERR_BUF;
		pbuf_copy_partial(p, tx_frame, p->tot_len, 0);
		data = tx_frame;
	}
	int r = dev->send(dev, data, p->tot_len);
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
	if (!tx_frame && !(tx_frame = kmalloc(netdev_max_frame(dev))))
		return ERR_MEM;
	if (netdev_attach(dev, netif_receive, nif) != 0)
		return ERR_IF;
	return ERR_OK;
}
