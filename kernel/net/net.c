/* Brings up lwIP, with the loopback netif always and on the first netdev
 * (static address from the command line, else DHCP) and runs lwIP's timers on a kernel thread that sleeps
 * until the next timeout without keeping the machine running. */
#include <stdlib.h>
#include <string.h>

#include "arch.h"
#include "boot.h"
#include "cmdline.h"
#include "entropy.h"
#include "heap.h"
#include "kernel.h"
#include "lwip/dhcp.h"
#include "lwip/dns.h"
#include "lwip/init.h"
#include "lwip/ip4_addr.h"
#include "lwip/ip6_addr.h"
#include "lwip/netif.h"
#include "lwip/timeouts.h"
#include "net.h"
#include "netdev.h"
#include "netif/ethernet.h"
#include "rtjs.h"
#include "scheduler.h"

#define TIMER_STACK (16u << 10)
#define TIMER_MAX_SLEEP_MS 1000

static struct {
	struct netif nif;
	struct netdev *dev;
	bool up;
	bool dhcp;
	struct thread *timer;
	uint64_t timer_wake;         /* when the timer thread will wake, 0: running */
	uint64_t started;            /* clock at net_init, for the verbose line */
	unsigned ip6_reported;       /* IPv6 address slots already printed */
} net;

/* lwIP's platform hooks (lwipopts.h, arch/cc.h). */
u32_t sys_now(void) { return (u32_t)(arch_clock_ns() / 1000000); }
uint32_t rtjs_lwip_rand(void) { return (uint32_t)entropy_seed(); }
void *rtjs_lwip_calloc(size_t n, size_t size)
{
	if (size && n > (size_t)-1 / size)
		return NULL;
	void *p = kmalloc(n * size);
	if (p)
		memset(p, 0, n * size);
	return p;
}

struct netif *net_default_netif(void) { return net.dev ? &net.nif : NULL; }

static void report_ip6(void)
{
	for (int i = 0; i < LWIP_IPV6_NUM_ADDRESSES; i++) {
		if (!ip6_addr_isvalid(netif_ip6_addr_state(&net.nif, i)) || (net.ip6_reported & (1u << i)))
			continue;
		net.ip6_reported |= 1u << i;
		if (!kernel_config.verbose)
			continue;
		char text[48];
		ip6addr_ntoa_r(netif_ip6_addr(&net.nif, i), text, sizeof(text));
		for (char *c = text; *c; c++)
			if (*c >= 'A' && *c <= 'F')
				*c = (char)(*c - 'A' + 'a');   /* as Linux prints it */
		kprintf("net: %s ipv6 %s (%s, %.1f ms)\n", net.dev->name, text,
			ip6_addr_islinklocal(netif_ip6_addr(&net.nif, i)) ? "link-local" : "slaac",
			(double)(arch_clock_ns() - net.started) / 1e6);
	}
}

/* Once a second, as one of lwIP's own timeouts: the driver's watchdog
 * (netdev.h), the card's link state
 * (lwIP stops sending while it is down, and DHCP asks again for its lease
 * when it comes back; reading it is a trip to the device, so not on every
 * wake of the timer thread) and IPv6 addresses that became valid. */
#define LINK_CHECK_MS 1000

static void follow_link(void *arg)
{
	(void)arg;
	report_ip6();
	netdev_watchdog(net.dev);
	bool up = netdev_link_up(net.dev);
	if (up != (bool)netif_is_link_up(&net.nif)) {
		kprintf("net: %s link %s\n", net.dev->name, up ? "up" : "down");
		if (up)
			netif_set_link_up(&net.nif);
		else
			netif_set_link_down(&net.nif);
	}
	sys_timeout(LINK_CHECK_MS, follow_link, NULL);
}

static void timer_main(void *arg)
{
	(void)arg;
	for (;;) {
		net_netif_poll_all();        /* packets to 127.0.0.1 and to our own addresses */
		sys_check_timeouts();
		u32_t ms = sys_timeouts_sleeptime();
		if (ms > TIMER_MAX_SLEEP_MS)
			ms = TIMER_MAX_SLEEP_MS;
		net.timer_wake = arch_clock_ns() + (uint64_t)(ms ? ms : 1) * 1000000;
		/* Not ref'd: lwIP's timers alone do not keep the machine on. */
		thread_block(net.timer_wake, false);
		net.timer_wake = 0;
	}
}

void net_timers_kick(void)
{
	if (!net.timer || !net.timer_wake)
		return;
	struct netif *nif;
	NETIF_FOREACH(nif) {
		if (nif->loop_first) {   /* a packet to ourselves waits for netif_poll_all */
			thread_wake(net.timer);
			return;
		}
	}
	u32_t ms = sys_timeouts_sleeptime();
	if (ms == SYS_TIMEOUTS_SLEEPTIME_INFINITE)
		return;
	if (arch_clock_ns() + (uint64_t)ms * 1000000 < net.timer_wake)
		thread_wake(net.timer);
}

static void net_status(struct netif *nif)
{
	if (!netif_is_up(nif) || ip4_addr_isany_val(*netif_ip4_addr(nif)) || net.up)
		return;
	net.up = true;
	if (!kernel_config.verbose)
		return;
	char ip[16], gw[16];
	ip4addr_ntoa_r(netif_ip4_addr(nif), ip, sizeof(ip));
	ip4addr_ntoa_r(netif_ip4_gw(nif), gw, sizeof(gw));
	int prefix = __builtin_popcount(ip4_addr_get_u32(netif_ip4_netmask(nif)));
	kprintf("net: %s %s/%d gw %s (%s, %.1f ms), mac %02x:%02x:%02x:%02x:%02x:%02x, mtu %u\n", net.dev->name, ip, prefix,
		gw, net.dhcp ? "dhcp" : "static", (double)(arch_clock_ns() - net.started) / 1e6, nif->hwaddr[0], nif->hwaddr[1], nif->hwaddr[2], nif->hwaddr[3],
		nif->hwaddr[4], nif->hwaddr[5], nif->mtu);
}

/* Parses the one copy of "ADDR/PREFIX,gw=GW[,dns=DNS]" into its parts;
 * returns false (and says why) on anything else. */
static bool parse_ip(char *val, ip4_addr_t *ip, ip4_addr_t *mask, ip4_addr_t *gw, ip4_addr_t *dns)
{
	ip4_addr_set_zero(gw);
	ip4_addr_set_zero(dns);
	char *save = NULL;
	for (char *part = strtok_r(val, ",", &save); part; part = strtok_r(NULL, ",", &save)) {
		if (!strncmp(part, "gw=", 3)) {
			if (!ip4addr_aton(part + 3, gw))
				return false;
		} else if (!strncmp(part, "dns=", 4)) {
			if (!ip4addr_aton(part + 4, dns))
				return false;
		} else {
			char *slash = strchr(part, '/');
			if (!slash)
				return false;
			*slash = 0;
			char *end;
			long prefix = strtol(slash + 1, &end, 10);
			if (*end || end == slash + 1 || prefix < 0 || prefix > 32 || !ip4addr_aton(part, ip))
				return false;
			ip4_addr_set_u32(mask, prefix ? lwip_htonl(0xffffffffu << (32 - prefix)) : 0);
		}
	}
	return !ip4_addr_isany_val(*ip);
}

/* Finds ip= on the command line; true with the address filled in. */
static bool cmdline_ip(ip4_addr_t *ip, ip4_addr_t *mask, ip4_addr_t *gw, ip4_addr_t *dns)
{
	const char *cur = boot_info.cmdline;
	char key[64], val[256];
	int r;
	ip4_addr_set_zero(ip);
	while ((r = cmdline_next(&cur, key, sizeof(key), val, sizeof(val), NULL)) != 0) {
		if (r < 0 || strcmp(key, "ip"))
			continue;
		if (parse_ip(val, ip, mask, gw, dns))
			return true;
		kprintf("net: ignoring ip=: expected ip=ADDR/PREFIX,gw=GW[,dns=DNS]\n");
		ip4_addr_set_zero(ip);
	}
	return false;
}

void net_init(void)
{
	net.started = arch_clock_ns();
	lwip_init();                     /* 127.0.0.1 works without a network device */
	net.timer = thread_create(timer_main, NULL, TIMER_STACK, "lwip");
	if (!net.timer)
		panic("net: no memory for lwIP's timer thread");
	if (netdev_count() == 0)
		return;
	net.dev = netdev_get(0);
	ip4_addr_t ip, mask, gw, dns;
	bool fixed = cmdline_ip(&ip, &mask, &gw, &dns);
	if (!fixed) {
		ip4_addr_set_zero(&ip);
		ip4_addr_set_zero(&mask);
		ip4_addr_set_zero(&gw);
	}
	if (!netif_add(&net.nif, &ip, &mask, &gw, net.dev, net_netif_init, ethernet_input)) {
		kprintf("net: cannot use %s (another consumer has it?)\n", net.dev->name);
		net.dev = NULL;
		return;
	}
	netif_set_hostname(&net.nif, "rtjs");
	netif_set_status_callback(&net.nif, net_status);
	netif_set_default(&net.nif);
	if (netdev_link_up(net.dev))
		netif_set_link_up(&net.nif);
	netif_set_up(&net.nif);
	netif_create_ip6_linklocal_address(&net.nif, 1);
	netif_set_ip6_autoconfig_enabled(&net.nif, 1);   /* SLAAC: addresses from router advertisements */
	if (fixed) {
		if (!ip4_addr_isany_val(dns)) {
			ip_addr_t server;
			ip_addr_copy_from_ip4(server, dns);
			dns_setserver(0, &server);
		}
	} else {
		net.dhcp = true;
		dhcp_start(&net.nif);
	}
	sys_timeout(LINK_CHECK_MS, follow_link, NULL);
	net_timers_kick();
}
