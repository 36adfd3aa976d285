/* ICMP echo (IPv4) on a raw lwIP pcb: send one request, hear its reply or
 * time out (ping.h). Replies are matched by sequence number under one
 * identifier; lwIP's own ICMP code still answers pings to us. */
#include <errno.h>
#include <string.h>

#include "arch.h"
#include "heap.h"
#include "lwip/icmp.h"
#include "lwip/inet_chksum.h"
#include "lwip/ip4.h"
#include "lwip/ip_addr.h"
#include "lwip/pbuf.h"
#include "lwip/prot/ip4.h"
#include "lwip/raw.h"
#include "lwip/timeouts.h"
#include "net.h"
#include "ping.h"

#define PING_ID 0x7274               /* "rt" */
#define PING_MAX_DATA 65000

struct ping {
	struct ping *next;
	uint16_t seq;
	uint64_t sent;
	ping_done_fn done;
	void *arg;
};

static struct {
	struct raw_pcb *pcb;
	struct ping *pending;
	uint16_t seq;
} ping;

static struct ping *take(uint16_t seq)
{
	for (struct ping **p = &ping.pending; *p; p = &(*p)->next) {
		if ((*p)->seq == seq) {
			struct ping *found = *p;
			*p = found->next;
			return found;
		}
	}
	return NULL;
}

static void timed_out(void *arg)
{
	struct ping *p = take((uint16_t)(uintptr_t)arg);
	if (p) {
		p->done(p->arg, -ETIMEDOUT, 0, 0);
		kfree(p);
	}
}

/* For IPv4 a raw pcb sees the IP header. */
static u8_t received(void *arg, struct raw_pcb *pcb, struct pbuf *pb, const ip_addr_t *addr)
{
	(void)arg; (void)pcb; (void)addr;
	struct ip_hdr iph;
	struct icmp_echo_hdr echo;
	if (pbuf_copy_partial(pb, &iph, sizeof(iph), 0) != sizeof(iph))
		return 0;
	u16_t hlen = (u16_t)(IPH_HL(&iph) * 4);
	if (pbuf_copy_partial(pb, &echo, sizeof(echo), hlen) != sizeof(echo) ||
	    echo.type != ICMP_ER || echo.id != lwip_htons(PING_ID))
		return 0;                /* not ours: lwIP goes on with it */
	struct ping *p = take(lwip_ntohs(echo.seqno));
	if (p) {
		sys_untimeout(timed_out, (void *)(uintptr_t)p->seq);
		p->done(p->arg, 0, arch_clock_ns() - p->sent, IPH_TTL(&iph));
		kfree(p);
	}
	pbuf_free(pb);
	return 1;
}

int net_ping(const char *address, size_t size, uint32_t timeout_ms, ping_done_fn done, void *arg)
{
	ip_addr_t ip;
	if (!ipaddr_aton(address, &ip) || !IP_IS_V4(&ip) || ip_addr_isany(&ip))
		return -EINVAL;
	if (size > PING_MAX_DATA)
		return -EMSGSIZE;
	if (!ping.pcb) {
		ping.pcb = raw_new(IP_PROTO_ICMP);
		if (!ping.pcb)
			return -ENOMEM;
		raw_recv(ping.pcb, received, NULL);
	}
	struct ping *p = kmalloc(sizeof(*p));
	struct pbuf *pb = p ? pbuf_alloc(PBUF_IP, (u16_t)(sizeof(struct icmp_echo_hdr) + size), PBUF_RAM) : NULL;
	if (!pb) {
		kfree(p);
		return -ENOMEM;
	}
	struct icmp_echo_hdr *echo = pb->payload;
	echo->type = ICMP_ECHO;
	echo->code = 0;
	echo->chksum = 0;
	echo->id = lwip_htons(PING_ID);
	echo->seqno = lwip_htons(++ping.seq);
	uint8_t *data = (uint8_t *)(echo + 1);
	for (size_t i = 0; i < size; i++)
		data[i] = (uint8_t)i;
	echo->chksum = inet_chksum(echo, pb->len);
	p->seq = ping.seq;
	p->sent = arch_clock_ns();
	p->done = done;
	p->arg = arg;
	err_t err = raw_sendto(ping.pcb, pb, &ip);
	pbuf_free(pb);
	if (err != ERR_OK) {
		kfree(p);
		return err == ERR_RTE ? -EHOSTUNREACH : -ENOBUFS;
	}
	p->next = ping.pending;
	ping.pending = p;
	sys_timeout(timeout_ms, timed_out, (void *)(uintptr_t)p->seq);
	net_timers_kick();
	return 0;
}
