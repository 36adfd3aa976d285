/* The kernel's entropy: seeded at boot from virtio-rng when there is one,
 * mixed with RDSEED/RDRAND (or the TSC when neither exists). */
#ifndef ENTROPY_H
#define ENTROPY_H

#include <stdint.h>

void entropy_init(void);
uint64_t entropy_seed(void);         /* 64 fresh bits for a generator's seed */
const char *entropy_source(void);    /* "virtio-rng+rdrand", "rdrand", "tsc" … */

#endif
