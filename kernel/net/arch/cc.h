/* lwIP's compiler and platform glue for rtjs: x86_64, little endian,
 * musl's headers, kernel printing and panics. */
#ifndef RTJS_LWIP_ARCH_CC_H
#define RTJS_LWIP_ARCH_CC_H

#include <stdint.h>
#include <stddef.h>

#define BYTE_ORDER LITTLE_ENDIAN
#define LWIP_NO_CTYPE_H 0

void kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
_Noreturn void panic(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#define LWIP_PLATFORM_DIAG(x)   do { kprintf x; } while (0)
#define LWIP_PLATFORM_ASSERT(x) panic("lwIP assertion \"%s\" failed at %s:%d", x, __FILE__, __LINE__)

uint32_t rtjs_lwip_rand(void);
#define LWIP_RAND() rtjs_lwip_rand()

#endif
