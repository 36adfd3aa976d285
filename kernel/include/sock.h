/* Sockets over lwIP's raw API: UDP, TCP connections and TCP listeners,
 * each with a queue of events for its consumer (the JS bindings).
 *
 * lwIP calls back in scheduler or thread context (net.h); each callback
 * only appends an event and calls the socket's ready hook, once, until the
 * consumer takes events again (sock_next). The consumer calls the other
 * functions from its own thread; nothing here blocks.
 *
 * Flow control: a TCP socket's receive window reopens as the consumer
 * reports data consumed (sock_consumed), so a consumer that stops reading
 * stops the sender. With a peer on this machine (also lwIP) the window
 * stays open and a 256 KiB queue holds the sender back instead (sock.c
 * says why). UDP datagrams beyond the queue's bound are
 * dropped and counted. Errors are negative errno values. */
#ifndef SOCK_H
#define SOCK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SOCK_ADDR_LEN 48             /* an IPv4 or IPv6 address as text */

enum sock_kind { SOCK_UDP, SOCK_TCP, SOCK_LISTEN };

enum sock_event_type {
	SOCK_EV_DATA,                /* TCP bytes, in order */
	SOCK_EV_DATAGRAM,            /* UDP: one datagram, with its sender */
	SOCK_EV_ACCEPT,              /* listener: a new connection (child) */
	SOCK_EV_CONNECTED,           /* sock_connect completed */
	SOCK_EV_END,                 /* the peer sent FIN: no more data */
	SOCK_EV_ERROR,               /* err: the connection is gone */
};

struct sock;

struct sock_event {
	struct sock_event *next;
	enum sock_event_type type;
	int err;                     /* SOCK_EV_ERROR */
	struct sock *child;          /* SOCK_EV_ACCEPT */
	char addr[SOCK_ADDR_LEN];    /* DATAGRAM: sender; ACCEPT: the peer */
	uint16_t port;
	size_t len;
	uint8_t data[];
};

struct sock {
	enum sock_kind kind;
	void *pcb;                   /* NULL once lwIP dropped it or it was closed */
	struct sock_event *head, *tail;
	unsigned queued;
	size_t queued_bytes;
	uint64_t dropped;            /* datagrams or connections refused: queue full */
	uint64_t send_dropped;       /* UDP datagrams lost on the way out (the card's ring was full) */
	uint64_t drops_logged_at;    /* clock when the last drop report was printed */
	uint32_t acked;              /* TCP bytes acknowledged since the consumer last asked:
	                              * ready() is called when it becomes non-zero; the
	                              * consumer sets it back to 0 */
	bool connected;
	bool refused;                /* TCP data refused (queue full): lwIP holds it */
	bool local;                  /* TCP peer on this machine: flow control by the queue, not the window */
	bool notified;               /* ready() called, the consumer has not taken events since */
	struct sock_event *fin;      /* TCP: the end event, made with the socket */
	void (*ready)(struct sock *s);
	void *owner;                 /* the consumer's */
};

/* Creates a socket; *out is freed by sock_close. */
/* family 4: IPv4 only (udp4); 6: IPv6 and IPv4 (udp6, dual stack). */
int sock_udp(struct sock **out, int family);
/* addr "::": every address, IPv4 and IPv6; NULL or "": every IPv4 address. */
int sock_tcp_listen(struct sock **out, const char *addr, uint16_t port, int backlog);
int sock_tcp_connect(struct sock **out, const char *addr, uint16_t port);

int sock_bind(struct sock *s, const char *addr, uint16_t port);
/* The local (or remote) address and port; addr has SOCK_ADDR_LEN bytes. */
int sock_local(const struct sock *s, char *addr, uint16_t *port);
int sock_remote(const struct sock *s, char *addr, uint16_t *port);

/* UDP: one datagram to addr:port. A full card ring loses it silently (as
 * Linux's UDP does), counted in send_dropped. */
int sock_send_to(struct sock *s, const void *data, size_t len, const char *addr, uint16_t port);
/* TCP: copies up to len bytes into the send buffer; returns how many (0:
 * full, wait for acked bytes), or -errno. */
long sock_write(struct sock *s, const void *data, size_t len);
/* TCP: the consumer took len received bytes: held-back data may come. */
void sock_consumed(struct sock *s, size_t len);
/* TCP: sends FIN after what is queued. */
int sock_shutdown(struct sock *s);
int sock_set_nodelay(struct sock *s, bool on);
int sock_set_keepalive(struct sock *s, bool on, uint32_t idle_ms);
/* Bytes written but not yet acknowledged by the peer. */
size_t sock_unacked(const struct sock *s);
/* TCP: the receive window as lwIP has it (what it could take, what it last
 * announced) and the connection's state; false for other sockets. */
bool sock_tcp_window(const struct sock *s, uint32_t *rcv_wnd, uint32_t *announced, int *state);

/* The next event (the caller frees it with sock_event_free), or NULL; NULL
 * also re-arms ready(). */
struct sock_event *sock_next(struct sock *s);
/* Puts an event back at the head (the consumer could not take it now). */
void sock_unget(struct sock *s, struct sock_event *ev);
void sock_event_free(struct sock_event *ev);

/* Closes gracefully (TCP: FIN; RST when received data was left unread),
 * drops queued events, and frees s. */
void sock_close(struct sock *s);
/* TCP: resets the connection at once; then as sock_close. */
void sock_abort(struct sock *s);

/* Resolves a host name: family 4 (A), 6 (AAAA) or 0 (A, else AAAA).
 * done() runs once, possibly before sock_lookup returns; err is 0 or -errno. */
int sock_lookup(const char *name, int family, void (*done)(void *arg, int err, const char *addr), void *arg);

/* Replaces the DNS servers (n of them, at most 2); -EINVAL for a bad address. */
int sock_dns_servers(const char *const *addrs, int n);
/* Server i as text (SOCK_ADDR_LEN bytes), or -ENOENT. */
int sock_dns_server(int i, char *addr);

/* The network interfaces and their addresses, as os.networkInterfaces()
 * shows them: the loopback first, then each card's. */
#define SOCK_IFACE_ADDRS 4           /* IPv4, and up to three IPv6 */
struct sock_iface {
	char name[16];               /* "lo", "eth0" */
	uint8_t mac[6];
	bool internal;               /* the loopback */
	int naddrs;
	struct {
		char addr[SOCK_ADDR_LEN];
		int family;          /* 4 or 6 */
		int prefix;          /* netmask bits */
	} addrs[SOCK_IFACE_ADDRS];
};
/* Fills up to max entries; returns how many. */
int sock_interfaces(struct sock_iface *out, int max);

#endif
