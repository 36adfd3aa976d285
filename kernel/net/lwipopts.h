/* lwIP's options for rtjs: NO_SYS=1 raw API driven by the kernel's
 * scheduler (kernel/net/net.c), IPv4 with DHCP, IPv6 with SLAAC, ARP and
 * ND, ICMP, UDP and TCP.
 * Memory: lwIP's heap is the kernel heap (MEM_LIBC_MALLOC: one allocator,
 * counted in memory_stats, no fixed arena sitting idle in .bss); the
 * fixed-size objects (PCBs, pbuf headers, timeouts) stay in lwIP's own
 * pools, whose sizes bound what a flood can take. */
#ifndef RTJS_LWIPOPTS_H
#define RTJS_LWIPOPTS_H

#define NO_SYS                      1
#define LWIP_SOCKET                 0
#define LWIP_NETCONN                0
#define SYS_LIGHTWEIGHT_PROT        0   /* one CPU, no preemption inside C code */
#define LWIP_TIMERS                 1

/* Memory */
#define MEM_LIBC_MALLOC             1
#define mem_clib_malloc             kmalloc
#define mem_clib_free               kfree
#define mem_clib_calloc             rtjs_lwip_calloc
#define MEM_ALIGNMENT               8
#define MEMP_MEM_MALLOC             0
#define MEMP_NUM_PBUF               64
#define MEMP_NUM_UDP_PCB            16
#define MEMP_NUM_TCP_PCB            256 /* 100 clients at once, and their TIME_WAITs */
#define MEMP_NUM_TCP_PCB_LISTEN     16
#define MEMP_NUM_TCP_SEG            1024
#define MEMP_NUM_SYS_TIMEOUT        (LWIP_NUM_SYS_TIMEOUT_INTERNAL + 8)
#define PBUF_POOL_SIZE              256
#define PBUF_POOL_BUFSIZE           1536

/* Protocols */
#define LWIP_ARP                    1
#define LWIP_ETHERNET               1
#define LWIP_IPV4                   1
#define LWIP_IPV6                   1
#define LWIP_IPV6_AUTOCONFIG        1   /* SLAAC from router advertisements */
#define LWIP_IPV6_SEND_ROUTER_SOLICIT 1
#define LWIP_ND6_ALLOW_RA_UPDATES   1
#define LWIP_IPV6_MLD               1
#define LWIP_IPV6_FRAG              1
#define LWIP_IPV6_REASS             1
#define IPV6_FRAG_COPYHEADER        1   /* 64-bit pointers do not fit in the fragment header */
#define LWIP_IPV6_DHCP6             0
#define LWIP_IPV6_NUM_ADDRESSES     3   /* link-local and two from prefixes */
#define LWIP_ND6_RDNSS_MAX_DNS_SERVERS 0
#define LWIP_ICMP                   1
#define LWIP_RAW                    1
#define LWIP_UDP                    1
#define LWIP_TCP                    1
#define LWIP_DHCP                   1
#define LWIP_DHCP_DOES_ACD_CHECK    0
#define LWIP_ACD                    0
#define LWIP_AUTOIP                 0
#define LWIP_IGMP                   0
#define LWIP_DNS                    1
#define LWIP_NETIF_HOSTNAME         1
#define LWIP_NETIF_STATUS_CALLBACK  1
#define LWIP_NETIF_LINK_CALLBACK    1
#define LWIP_HAVE_LOOPIF            1   /* 127.0.0.1: polled by the timer thread (net.c) */
#define LWIP_NETIF_LOOPBACK         1
#define LWIP_LOOPBACK_MAX_PBUFS     256
#define ETHARP_SUPPORT_VLAN         0
#define IP_REASSEMBLY               1
#define IP_FRAG                     1
#define IP_REASS_MAX_PBUFS          64  /* a 65,507-byte UDP datagram is 45 fragments */
#define ARP_QUEUEING                1   /* packets wait for the ARP answer instead of all but the last being lost */
#define ARP_QUEUE_LEN               48  /* per address: a 64 KiB datagram's fragments */
#define MEMP_NUM_ARP_QUEUE          64

/* TCP */
#define TCP_MSS                     1460
#define TCP_WND                     (44 * TCP_MSS)   /* 64 KiB: the most a connection queues for JS */
#define TCP_SND_BUF                 (32 * TCP_MSS)
#define TCP_SND_QUEUELEN            (4 * TCP_SND_BUF / TCP_MSS)
#define LWIP_WND_SCALE              1
#define TCP_RCV_SCALE               2
#define LWIP_TCP_KEEPALIVE          1
#define LWIP_TCP_TIMESTAMPS         0
/* Segments past a gap wait on the connection's out-of-sequence queue, each
 * in a pbuf of the receive pool: without a bound, one peer sending tiny
 * segments past a hole takes the whole pool and every frame after it is
 * dropped. 48 is a window (44 segments) of full-sized ones. */
#define TCP_OOSEQ_MAX_PBUFS         48

/* Checksums: in software, except where a card offloads them; the netif
 * glue (netif.c) then turns lwIP's per-netif switches. */
#define LWIP_CHECKSUM_CTRL_PER_NETIF 1
#define CHECKSUM_GEN_IP             1
#define CHECKSUM_GEN_UDP            1
#define CHECKSUM_GEN_TCP            1
#define CHECKSUM_GEN_ICMP           1
#define CHECKSUM_CHECK_IP           1
#define CHECKSUM_CHECK_UDP          1
#define CHECKSUM_CHECK_TCP          1
#define CHECKSUM_CHECK_ICMP         1

#define LWIP_STATS                  0
#define LWIP_DEBUG                  0

#ifndef __ASSEMBLER__
#include <stddef.h>
void *kmalloc(size_t n);
void kfree(void *p);
void *rtjs_lwip_calloc(size_t n, size_t size);
#endif

#endif
