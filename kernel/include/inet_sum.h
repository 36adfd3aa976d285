/* The Internet checksum's arithmetic (RFC 1071): the ones' complement sum
 * of big-endian 16-bit words, folded to 16 bits. Shared by the drivers that
 * complete checksums and the stack's glue that leaves them to a card. */
#ifndef INET_SUM_H
#define INET_SUM_H

#include <stddef.h>
#include <stdint.h>

/* Adds len bytes at p to sum (an odd last byte is padded with zero). */
static inline uint32_t inet_sum(const uint8_t *p, size_t len, uint32_t sum)
{
	for (size_t i = 0; i + 1 < len; i += 2)
		sum += (uint32_t)(p[i] << 8 | p[i + 1]);
	if (len & 1)
		sum += (uint32_t)p[len - 1] << 8;
	return sum;
}

static inline uint16_t inet_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)sum;
}

#endif
