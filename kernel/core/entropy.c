/* Entropy pool: 32 bytes from virtio-rng at boot (if present) folded into
 * a 256-bit state, each draw mixed with the CPU's hardware random number
 * (RDSEED/RDRAND, or a TSC mix) through splitmix64's finaliser. */
#include <stdio.h>
#include <string.h>

#include "arch.h"
#include "entropy.h"
#include "virtio.h"

static struct {
	uint64_t pool[4];
	uint64_t counter;
	char source[40];
} ent;

static uint64_t mix(uint64_t z)
{
	z += 0x9e3779b97f4a7c15ull;
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

void entropy_init(void)
{
	uint8_t bytes[32];
	long n = virtio_rng_read(bytes, sizeof(bytes));
	if (n > 0) {
		for (long i = 0; i < n; i++)
			ent.pool[(i / 8) % 4] ^= (uint64_t)bytes[i] << ((i % 8) * 8);
	}
	snprintf(ent.source, sizeof(ent.source), "%s%s", n > 0 ? "virtio-rng+" : "",
		 arch_has_hw_random() ? "rdrand" : "tsc");
}

uint64_t entropy_seed(void)
{
	uint64_t i = ent.counter++;
	return mix(ent.pool[i % 4] ^ mix(i) ^ arch_random_seed());
}

const char *entropy_source(void) { return ent.source; }
