/* The TCP/IP stack (lwIP, NO_SYS=1 raw API) on the first network device.
 *
 * Contexts: lwIP is not reentrant. Everything that calls into it runs in
 * thread or scheduler context on one CPU and is never preempted inside C
 * code (scheduler.h), so its calls never interleave: the netdev receive
 * callback (scheduler context), lwIP's timers (the "lwip" thread) and,
 * later, the JS bindings (isolate threads). Never call lwIP from an
 * interrupt handler. */
#ifndef NET_H
#define NET_H

#include <stdbool.h>
#include <stdint.h>

struct netif;
struct netdev;

/* After virtio_init() and entropy_init(): starts lwIP and, for the first
 * netdev, a netif with the address from `ip=ADDR/PREFIX,gw=GW` on the
 * command line, else DHCP. Does nothing without a netdev. */
void net_init(void);
/* The netif over the first netdev, NULL before net_init or without one. */
struct netif *net_default_netif(void);

/* netif.c: lwIP's init function for netif_add(); the netif's state is the
 * struct netdev. Attaches to the netdev and feeds its frames to lwIP. */
int8_t net_netif_init(struct netif *nif);     /* returns lwIP's err_t */
/* netif_poll_all(), for the frames lwIP sent to its own addresses. */
void net_netif_poll_all(void);
/* Called by netif.c after each received frame: lwIP may have armed a
 * timeout sooner than the timer thread's sleep. */
void net_timers_kick(void);

#endif
