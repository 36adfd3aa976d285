/* lwIP's system layer for rtjs: NO_SYS=1, so no threads, semaphores or
 * mailboxes; only sys_now() (net.c, from the monotonic clock). */
#ifndef RTJS_LWIP_ARCH_SYS_ARCH_H
#define RTJS_LWIP_ARCH_SYS_ARCH_H

#endif
