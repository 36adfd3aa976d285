/* ICMP echo from the kernel's TCP/IP stack (kernel/net/ping.c). */
#ifndef PING_H
#define PING_H

#include <stddef.h>
#include <stdint.h>

/* err 0: the reply came after rtt_ns, with ttl; -ETIMEDOUT: none came. */
typedef void (*ping_done_fn)(void *arg, int err, uint64_t rtt_ns, int ttl);

/* Sends one echo request with size bytes of data to an IPv4 address;
 * done() runs once, later, in lwIP's context. Returns 0 or -errno
 * (EINVAL: not an IPv4 address, EHOSTUNREACH: no route). */
int net_ping(const char *address, size_t size, uint32_t timeout_ms, ping_done_fn done, void *arg);

#endif
