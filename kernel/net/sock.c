/* Sockets over lwIP's raw API (sock.h): lwIP's callbacks become queued
 * events; the consumer's calls become tcp_* and udp_* calls. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "arch.h"
#include "heap.h"
#include "kernel.h"
#include "lwip/dns.h"
#include "lwip/ip_addr.h"
#include "lwip/netif.h"
#include "lwip/pbuf.h"
#include "lwip/priv/tcp_priv.h"
#include "lwip/tcp.h"
#include "lwip/udp.h"
#include "net.h"
#include "netdev.h"
#include "sock.h"

#define UDP_QUEUE_DATAGRAMS 1024
#define UDP_QUEUE_BYTES (4u << 20)
#define ACCEPT_QUEUE_MAX 256
#define TCP_QUEUE_BYTES (256u << 10)   /* received, not yet taken by the consumer */         /* connections accepted by lwIP, not yet by the consumer */

static int errno_of(err_t err)
{
	switch (err) {
	case ERR_OK: return 0;
	case ERR_MEM: return -ENOBUFS;
	case ERR_BUF: return -ENOBUFS;
	case ERR_TIMEOUT: return -ETIMEDOUT;
	case ERR_RTE: return -EHOSTUNREACH;
	case ERR_INPROGRESS: return -EINPROGRESS;
	case ERR_VAL: return -EINVAL;
	case ERR_WOULDBLOCK: return -EWOULDBLOCK;
	case ERR_USE: return -EADDRINUSE;
	case ERR_ALREADY: return -EALREADY;
	case ERR_ISCONN: return -EISCONN;
	case ERR_CONN: return -ENOTCONN;
	case ERR_IF: return -ENETDOWN;
	case ERR_ABRT: return -ECONNABORTED;
	case ERR_RST: return -ECONNRESET;
	case ERR_CLSD: return -ENOTCONN;
	case ERR_ARG: return -EINVAL;
	default: return -EIO;
	}
}

static int parse_addr(const char *text, ip_addr_t *ip)
{
	if (!text || !*text) {
		ip_addr_set_any(false, ip);
		return 0;
	}
	return ipaddr_aton(text, ip) ? 0 : -EINVAL;
}

/* An address as text, IPv6 in lower case as Linux and Node print it
 * (lwIP prints upper case). */
static void addr_text(const ip_addr_t *ip, char *out, size_t size)
{
	ipaddr_ntoa_r(ip, out, (int)size);
	for (char *c = out; *c; c++)
		if (*c >= 'A' && *c <= 'F')
			*c = (char)(*c - 'A' + 'a');
}

/* "::" on a dual-stack pcb: every address, IPv4 and IPv6. */
static bool any_both(const char *text) { return text && !strcmp(text, "::"); }

static struct sock_event *event_new(enum sock_event_type type, size_t len)
{
	struct sock_event *ev = kmalloc(sizeof(*ev) + len);
	if (ev) {
		memset(ev, 0, sizeof(*ev));
		ev->type = type;
		ev->len = len;
	}
	return ev;
}

/* A TCP socket gets its end event now: lwIP hands over a FIN once, and
 * ignores a refusal of it (tcp_input), so it must never meet a full heap. */
static struct sock *sock_new(enum sock_kind kind)
{
	struct sock *s = kmalloc(sizeof(*s));
	if (!s)
		return NULL;
	memset(s, 0, sizeof(*s));
	s->kind = kind;
	if (kind == SOCK_TCP && !(s->fin = event_new(SOCK_EV_END, 0))) {
		kfree(s);
		return NULL;
	}
	return s;
}

static void sock_free(struct sock *s)
{
	if (s)
		kfree(s->fin);
	kfree(s);
}

static void push(struct sock *s, struct sock_event *ev)
{
	ev->next = NULL;
	if (s->tail)
		s->tail->next = ev;
	else
		s->head = ev;
	s->tail = ev;
	s->queued++;
	s->queued_bytes += ev->len;
	if (!s->notified && s->ready) {
		s->notified = true;
		s->ready(s);
	}
}

struct sock_event *sock_next(struct sock *s)
{
	struct sock_event *ev = s->head;
	if (!ev) {
		s->notified = false;
		return NULL;
	}
	s->head = ev->next;
	if (!s->head)
		s->tail = NULL;
	s->queued--;
	s->queued_bytes -= ev->len;
	return ev;
}

void sock_unget(struct sock *s, struct sock_event *ev)
{
	ev->next = s->head;
	s->head = ev;
	if (!s->tail)
		s->tail = ev;
	s->queued++;
	s->queued_bytes += ev->len;
}

static void drop_events(struct sock *s)
{
	struct sock_event *ev;
	while ((ev = s->head)) {
		s->head = ev->next;
		if (ev->type == SOCK_EV_ACCEPT && ev->child)
			sock_abort(ev->child);
		kfree(ev);
	}
	s->tail = NULL;
	s->queued = 0;
	s->queued_bytes = 0;
}

void sock_event_free(struct sock_event *ev) { kfree(ev); }

static void push_error(struct sock *s, int err)
{
	struct sock_event *ev = event_new(SOCK_EV_ERROR, 0);
	if (!ev)
		return;                  /* the consumer still sees pcb == NULL on its next call */
	ev->err = err;
	push(s, ev);
}

/* Says, at most once a second per socket, how much a full queue dropped:
 * a flood is visible on the console without flooding it. */
static void log_drops(struct sock *s, const char *what, uint16_t port)
{
	if (!log_ratelimit(&s->drops_logged_at, 1000000000ull))
		return;
	kprintf("net: port %u: %llu %s dropped so far (the app's queue is full)\n", port,
		(unsigned long long)s->dropped, what);
}

/* ---- UDP */

static void on_datagram(void *arg, struct udp_pcb *pcb, struct pbuf *p, const ip_addr_t *addr, u16_t port)
{
	(void)pcb;
	struct sock *s = arg;
	struct sock_event *ev = NULL;
	if (s->queued < UDP_QUEUE_DATAGRAMS && s->queued_bytes + p->tot_len <= UDP_QUEUE_BYTES)
		ev = event_new(SOCK_EV_DATAGRAM, p->tot_len);
	if (!ev) {
		s->dropped++;
		log_drops(s, "datagrams", ((struct udp_pcb *)s->pcb)->local_port);
		pbuf_free(p);
		return;
	}
	pbuf_copy_partial(p, ev->data, p->tot_len, 0);
	addr_text(addr, ev->addr, sizeof(ev->addr));
	ev->port = port;
	pbuf_free(p);
	push(s, ev);
}

int sock_udp(struct sock **out, int family)
{
	struct sock *s = sock_new(SOCK_UDP);
	struct udp_pcb *pcb = s ? udp_new_ip_type(family == 6 ? IPADDR_TYPE_ANY : IPADDR_TYPE_V4) : NULL;
	if (!pcb) {
		sock_free(s);
		return -ENOMEM;
	}
	s->pcb = pcb;
	udp_recv(pcb, on_datagram, s);
	*out = s;
	return 0;
}

int sock_send_to(struct sock *s, const void *data, size_t len, const char *addr, uint16_t port)
{
	ip_addr_t ip;
	if (s->kind != SOCK_UDP || !s->pcb)
		return -EBADF;
	if (parse_addr(addr, &ip) < 0 || ip_addr_isany(&ip))
		return -EINVAL;
	if (len > 65507)
		return -EMSGSIZE;
	struct pbuf *p = pbuf_alloc(PBUF_TRANSPORT, (u16_t)len, PBUF_RAM);
	if (!p)
		return -ENOBUFS;
	pbuf_take(p, data, (u16_t)len);
	err_t err = udp_sendto(s->pcb, p, &ip, port);
	pbuf_free(p);
	net_timers_kick();               /* ARP may have queued it behind a request */
	if (err == ERR_MEM || err == ERR_BUF) {
		/* The card's ring (or lwIP's pool) is full: the datagram is lost,
		 * as on Linux, where UDP reports ENOBUFS only to sockets that ask
		 * for errors (IP_RECVERR). Counted, not thrown. */
		s->send_dropped++;
		return 0;
	}
	return errno_of(err);
}

/* ---- TCP */

static err_t on_recv(void *arg, struct tcp_pcb *pcb, struct pbuf *p, err_t err);
static bool peer_is_local(const struct tcp_pcb *pcb);
static err_t on_sent(void *arg, struct tcp_pcb *pcb, u16_t len);
static void on_error(void *arg, err_t err);

static void tcp_attach(struct sock *s, struct tcp_pcb *pcb)
{
	s->pcb = pcb;
	tcp_arg(pcb, s);
	tcp_recv(pcb, on_recv);
	tcp_sent(pcb, on_sent);
	tcp_err(pcb, on_error);
}

static void tcp_detach(struct tcp_pcb *pcb)
{
	tcp_arg(pcb, NULL);
	if (pcb->state == LISTEN) {  /* a listener has only these two */
		tcp_accept(pcb, NULL);
		return;
	}
	tcp_recv(pcb, NULL);
	tcp_sent(pcb, NULL);
	tcp_err(pcb, NULL);
}

static err_t on_recv(void *arg, struct tcp_pcb *pcb, struct pbuf *p, err_t err)
{
	(void)pcb;
	struct sock *s = arg;
	if (!s) {                        /* closed by the consumer meanwhile */
		if (p)
			pbuf_free(p);
		return ERR_OK;
	}
	if (!p) {
		struct sock_event *ev = s->fin;
		s->fin = NULL;
		if (ev)
			push(s, ev);
		return ERR_OK;
	}
	if (err != ERR_OK) {
		pbuf_free(p);
		return ERR_OK;
	}
	/* A remote peer is held back by the window: it reopens as the consumer
	 * takes the data (sock_consumed), and the queue never holds more than
	 * the window. A peer on this machine is lwIP too, and lwIP answers
	 * every empty segment that meets a zero receive window with an ACK
	 * (tcp_receive): two ends with closed windows ACK each other without
	 * end, and over loopback that never yields. So for a local peer the
	 * window reopens at once and the queue's bound holds it back, with
	 * lwIP keeping what is refused until there is room. */
	if (s->local && s->queued_bytes + p->tot_len > TCP_QUEUE_BYTES) {
		s->refused = true;
		return ERR_MEM;
	}
	struct sock_event *ev = event_new(SOCK_EV_DATA, p->tot_len);
	if (!ev) {
		s->refused = true;
		return ERR_MEM;              /* lwIP keeps p and offers it again */
	}
	u16_t len = p->tot_len;
	pbuf_copy_partial(p, ev->data, len, 0);
	pbuf_free(p);
	if (s->local)
		tcp_recved(pcb, len);
	push(s, ev);
	return ERR_OK;
}

static err_t on_sent(void *arg, struct tcp_pcb *pcb, u16_t len)
{
	(void)pcb;
	struct sock *s = arg;
	if (!s)
		return ERR_OK;
	/* Not an event: a consumer that holds its events back (paused) must
	 * still hear of it, so ready() is called whether notified or not. */
	bool first = s->acked == 0;
	s->acked += len;
	if (first && s->ready)
		s->ready(s);
	return ERR_OK;
}

/* lwIP has freed the pcb (reset, abort, retransmissions given up). */
static void on_error(void *arg, err_t err)
{
	struct sock *s = arg;
	if (!s)
		return;
	s->pcb = NULL;
	if (err == ERR_CLSD) {
		/* Not a failure: both sides had sent FIN and ours was acknowledged
		 * (the consumer had only shut down sending). Wake the consumer as
		 * for acknowledged bytes; it finds nothing left unacknowledged. */
		if (!s->acked++ && s->ready)
			s->ready(s);
		return;
	}
	int e = errno_of(err);
	if (!s->connected && e == -ECONNRESET)
		e = -ECONNREFUSED;
	push_error(s, e);
}

static err_t on_connect(void *arg, struct tcp_pcb *pcb, err_t err)
{
	(void)pcb; (void)err;         /* lwIP calls this only with ERR_OK */
	struct sock *s = arg;
	if (!s)
		return ERR_OK;
	s->connected = true;
	struct sock_event *ev = event_new(SOCK_EV_CONNECTED, 0);
	if (ev)
		push(s, ev);
	return ERR_OK;
}

static err_t on_accept(void *arg, struct tcp_pcb *pcb, err_t err)
{
	struct sock *l = arg;
	if (!l || err != ERR_OK || !pcb)
		return ERR_VAL;
	if (l->queued >= ACCEPT_QUEUE_MAX) {
		l->dropped++;
		log_drops(l, "connections", ((struct tcp_pcb *)l->pcb)->local_port);
		return ERR_MEM;              /* lwIP aborts the connection */
	}
	struct sock *s = sock_new(SOCK_TCP);
	struct sock_event *ev = s ? event_new(SOCK_EV_ACCEPT, 0) : NULL;
	if (!ev) {
		sock_free(s);
		l->dropped++;
		return ERR_MEM;
	}
	s->connected = true;
	tcp_attach(s, pcb);
	s->local = peer_is_local(pcb);
	ev->child = s;
	addr_text(&pcb->remote_ip, ev->addr, sizeof(ev->addr));
	ev->port = pcb->remote_port;
	push(l, ev);
	return ERR_OK;
}

int sock_tcp_listen(struct sock **out, const char *addr, uint16_t port, int backlog)
{
	ip_addr_t ip;
	if (parse_addr(addr, &ip) < 0)
		return -EINVAL;
	struct sock *s = sock_new(SOCK_LISTEN);
	struct tcp_pcb *pcb = s ? tcp_new_ip_type(any_both(addr) ? IPADDR_TYPE_ANY : IP_GET_TYPE(&ip)) : NULL;
	if (!pcb) {
		sock_free(s);
		return -ENOMEM;
	}
	err_t err = tcp_bind(pcb, any_both(addr) ? IP_ANY_TYPE : &ip, port);
	if (err != ERR_OK) {
		tcp_abort(pcb);
		sock_free(s);
		return errno_of(err);
	}
	struct tcp_pcb *lpcb = tcp_listen_with_backlog(pcb, (u8_t)(backlog > 0 && backlog < 255 ? backlog : 255));
	if (!lpcb) {
		tcp_abort(pcb);
		sock_free(s);
		return -ENOMEM;
	}
	s->pcb = lpcb;
	tcp_arg(lpcb, s);
	tcp_accept(lpcb, on_accept);
	*out = s;
	return 0;
}

int sock_tcp_connect(struct sock **out, const char *addr, uint16_t port)
{
	ip_addr_t ip;
	if (parse_addr(addr, &ip) < 0 || ip_addr_isany(&ip))
		return -EINVAL;
	struct sock *s = sock_new(SOCK_TCP);
	struct tcp_pcb *pcb = s ? tcp_new_ip_type(IP_GET_TYPE(&ip)) : NULL;
	if (!pcb) {
		sock_free(s);
		return -ENOMEM;
	}
	tcp_attach(s, pcb);
	err_t err = tcp_connect(pcb, &ip, port, on_connect);
	s->local = peer_is_local(pcb);
	if (err != ERR_OK) {
		tcp_detach(pcb);
		tcp_abort(pcb);
		sock_free(s);
		return errno_of(err);
	}
	net_timers_kick();
	*out = s;
	return 0;
}

long sock_write(struct sock *s, const void *data, size_t len)
{
	if (s->kind != SOCK_TCP || !s->pcb)
		return -EPIPE;
	struct tcp_pcb *pcb = s->pcb;
	size_t room = tcp_sndbuf(pcb);
	if (tcp_sndqueuelen(pcb) >= TCP_SND_QUEUELEN - 1)
		room = 0;
	size_t n = len < room ? len : room;
	if (n > 0xffff)
		n = 0xffff;
	if (n) {
		err_t err = tcp_write(pcb, data, (u16_t)n, TCP_WRITE_FLAG_COPY);
		if (err == ERR_MEM)
			n = 0;
		else if (err != ERR_OK)
			return errno_of(err);
	}
	tcp_output(pcb);
	net_timers_kick();
	return (long)n;
}

void sock_consumed(struct sock *s, size_t len)
{
	if (s->kind != SOCK_TCP || !s->pcb)
		return;
	if (!s->local) {
		while (len) {            /* the window reopens by what was taken */
			u16_t n = len > 0xffff ? 0xffff : (u16_t)len;
			tcp_recved(s->pcb, n);
			len -= n;
		}
	}
	if (s->refused && s->queued_bytes <= TCP_QUEUE_BYTES / 2) {
		s->refused = false;      /* room again: take what lwIP holds now, not at its next timer */
		if (tcp_process_refused_data(s->pcb) == ERR_ABRT)
			s->pcb = NULL;
	}
	net_timers_kick();
}

/* Whether the peer is this machine (127.0.0.0/8, ::1, or our own address). */
static bool peer_is_local(const struct tcp_pcb *pcb)
{
	if (ip_addr_isloopback(&pcb->remote_ip))
		return true;
	struct netif *nif;
	NETIF_FOREACH(nif) {
		if (IP_IS_V4(&pcb->remote_ip) && ip4_addr_cmp(ip_2_ip4(&pcb->remote_ip), netif_ip4_addr(nif)))
			return true;
		for (int i = 0; IP_IS_V6(&pcb->remote_ip) && i < LWIP_IPV6_NUM_ADDRESSES; i++)
			if (ip6_addr_cmp_zoneless(ip_2_ip6(&pcb->remote_ip), netif_ip6_addr(nif, i)))
				return true;
	}
	return false;
}

size_t sock_unacked(const struct sock *s)
{
	if (s->kind != SOCK_TCP || !s->pcb)
		return 0;
	const struct tcp_pcb *pcb = s->pcb;
	return (size_t)(TCP_SND_BUF - tcp_sndbuf(pcb));
}

bool sock_tcp_window(const struct sock *s, uint32_t *rcv_wnd, uint32_t *announced, int *state)
{
	if (s->kind != SOCK_TCP || !s->pcb)
		return false;
	const struct tcp_pcb *pcb = s->pcb;
	*rcv_wnd = pcb->rcv_wnd;
	*announced = pcb->rcv_ann_wnd;
	*state = pcb->state;
	return true;
}

int sock_shutdown(struct sock *s)
{
	if (s->kind != SOCK_TCP || !s->pcb)
		return -ENOTCONN;
	int r = errno_of(tcp_shutdown(s->pcb, 0, 1));
	net_timers_kick();
	return r;
}

int sock_set_nodelay(struct sock *s, bool on)
{
	if (s->kind != SOCK_TCP || !s->pcb)
		return -EBADF;
	if (on)
		tcp_nagle_disable((struct tcp_pcb *)s->pcb);
	else
		tcp_nagle_enable((struct tcp_pcb *)s->pcb);
	return 0;
}

int sock_set_keepalive(struct sock *s, bool on, uint32_t idle_ms)
{
	if (s->kind != SOCK_TCP || !s->pcb)
		return -EBADF;
	struct tcp_pcb *pcb = s->pcb;
	if (on) {
		ip_set_option(pcb, SOF_KEEPALIVE);
		if (idle_ms)
			pcb->keep_idle = idle_ms;
	} else {
		ip_reset_option(pcb, SOF_KEEPALIVE);
	}
	return 0;
}

/* ---- common */

int sock_bind(struct sock *s, const char *addr, uint16_t port)
{
	ip_addr_t ip;
	if (!s->pcb)
		return -EBADF;
	if (parse_addr(addr, &ip) < 0)
		return -EINVAL;
	if (s->kind != SOCK_UDP)
		return -EINVAL;
	struct udp_pcb *pcb = s->pcb;
	if (IP_IS_V6(&ip) && !IP_IS_ANY_TYPE_VAL(pcb->local_ip))
		return -EAFNOSUPPORT;        /* an IPv4 (udp4) socket */
	return errno_of(udp_bind(pcb, any_both(addr) && IP_IS_ANY_TYPE_VAL(pcb->local_ip) ? IP_ANY_TYPE : &ip, port));
}

int sock_local(const struct sock *s, char *addr, uint16_t *port)
{
	if (!s->pcb)
		return -EBADF;
	const ip_addr_t *ip;
	if (s->kind == SOCK_UDP) {
		const struct udp_pcb *pcb = s->pcb;
		ip = &pcb->local_ip;
		*port = pcb->local_port;
	} else {
		const struct tcp_pcb *pcb = s->pcb;
		ip = &pcb->local_ip;
		*port = pcb->local_port;
	}
	if (IP_IS_ANY_TYPE_VAL(*ip))
		snprintf(addr, SOCK_ADDR_LEN, "::");   /* dual stack, as Linux reports it */
	else
		addr_text(ip, addr, SOCK_ADDR_LEN);
	return 0;
}

int sock_remote(const struct sock *s, char *addr, uint16_t *port)
{
	if (!s->pcb || s->kind != SOCK_TCP)
		return -ENOTCONN;
	const struct tcp_pcb *pcb = s->pcb;
	addr_text(&pcb->remote_ip, addr, SOCK_ADDR_LEN);
	*port = pcb->remote_port;
	return 0;
}

void sock_close(struct sock *s)
{
	if (!s)
		return;
	if (s->pcb) {
		if (s->kind == SOCK_UDP) {
			udp_remove(s->pcb);
		} else {
			struct tcp_pcb *pcb = s->pcb;
			bool unread = false;
			for (struct sock_event *ev = s->head; ev; ev = ev->next)
				unread |= ev->type == SOCK_EV_DATA;
			tcp_detach(pcb);
			if (unread || tcp_close(pcb) != ERR_OK)
				tcp_abort(pcb);
		}
		s->pcb = NULL;
		net_timers_kick();
	}
	drop_events(s);
	sock_free(s);
}

void sock_abort(struct sock *s)
{
	if (s && s->pcb && s->kind == SOCK_TCP) {
		tcp_detach(s->pcb);
		tcp_abort(s->pcb);
		s->pcb = NULL;
	}
	sock_close(s);
}

/* ---- interfaces */

static int prefix_of(uint32_t mask_host_order)
{
	int n = 0;
	while (n < 32 && (mask_host_order & (0x80000000u >> n)))
		n++;
	return n;
}

int sock_interfaces(struct sock_iface *out, int max)
{
	int n = 0;
	struct netif *nif;
	NETIF_FOREACH(nif) {
		if (n >= max)
			break;
		struct sock_iface *f = &out[n++];
		memset(f, 0, sizeof(*f));
		f->internal = nif->name[0] == 'l' && nif->name[1] == 'o';
		if (f->internal) {
			snprintf(f->name, sizeof(f->name), "lo");
		} else {
			struct netdev *dev = nif->state;
			snprintf(f->name, sizeof(f->name), "%s", dev ? dev->name : "net");
			memcpy(f->mac, nif->hwaddr, sizeof(f->mac));
		}
		if (!ip4_addr_isany_val(*netif_ip4_addr(nif))) {
			addr_text(netif_ip_addr4(nif), f->addrs[0].addr, SOCK_ADDR_LEN);
			f->addrs[0].family = 4;
			f->addrs[0].prefix = prefix_of(lwip_ntohl(ip4_addr_get_u32(netif_ip4_netmask(nif))));
			f->naddrs = 1;
		}
		for (int i = 0; i < LWIP_IPV6_NUM_ADDRESSES && f->naddrs < SOCK_IFACE_ADDRS; i++) {
			if (!ip6_addr_isvalid(netif_ip6_addr_state(nif, i)))
				continue;
			addr_text(netif_ip_addr6(nif, i), f->addrs[f->naddrs].addr, SOCK_ADDR_LEN);
			f->addrs[f->naddrs].family = 6;
			f->addrs[f->naddrs].prefix = f->internal ? 128 : 64;   /* SLAAC and link-local prefixes */
			f->naddrs++;
		}
	}
	return n;
}

/* ---- DNS */

struct lookup {
	void (*done)(void *arg, int err, const char *addr);
	void *arg;
};

static void dns_found(const char *name, const ip_addr_t *ip, void *arg)
{
	(void)name;
	struct lookup *l = arg;
	char text[SOCK_ADDR_LEN];
	if (ip)
		addr_text(ip, text, sizeof(text));
	l->done(l->arg, ip ? 0 : -ENOENT, ip ? text : NULL);
	kfree(l);
}

int sock_lookup(const char *name, int family, void (*done)(void *arg, int err, const char *addr), void *arg)
{
	u8_t type = family == 4 ? LWIP_DNS_ADDRTYPE_IPV4 : family == 6 ? LWIP_DNS_ADDRTYPE_IPV6 : LWIP_DNS_ADDRTYPE_IPV4_IPV6;
	ip_addr_t ip;
	char text[SOCK_ADDR_LEN];
	if (ipaddr_aton(name, &ip)) {
		addr_text(&ip, text, sizeof(text));
		done(arg, 0, text);
		return 0;
	}
	if (!strcmp(name, "localhost")) {
		done(arg, 0, family == 6 ? "::1" : "127.0.0.1");
		return 0;
	}
	struct lookup *l = kmalloc(sizeof(*l));
	if (!l)
		return -ENOMEM;
	l->done = done;
	l->arg = arg;
	err_t err = dns_gethostbyname_addrtype(name, &ip, dns_found, l, type);
	if (err == ERR_OK) {
		kfree(l);
		addr_text(&ip, text, sizeof(text));
		done(arg, 0, text);
		return 0;
	}
	if (err != ERR_INPROGRESS) {
		kfree(l);
		return err == ERR_ARG ? -EINVAL : errno_of(err);
	}
	net_timers_kick();
	return 0;
}

int sock_dns_servers(const char *const *addrs, int n)
{
	ip_addr_t ips[DNS_MAX_SERVERS];
	if (n < 0 || n > DNS_MAX_SERVERS)
		return -EINVAL;
	for (int i = 0; i < n; i++)
		if (!ipaddr_aton(addrs[i], &ips[i]))
			return -EINVAL;
	for (int i = 0; i < DNS_MAX_SERVERS; i++)
		dns_setserver((u8_t)i, i < n ? &ips[i] : NULL);
	return 0;
}

int sock_dns_server(int i, char *addr)
{
	if (i < 0 || i >= DNS_MAX_SERVERS)
		return -EINVAL;
	const ip_addr_t *ip = dns_getserver((u8_t)i);
	if (ip_addr_isany(ip))
		return -ENOENT;
	addr_text(ip, addr, SOCK_ADDR_LEN);
	return 0;
}
