/* Host tests for the TLSF allocator (kernel/lib/tlsf.c): pools, sizes,
 * statistics, realloc/memalign, a long randomized run against a shadow
 * table, exhaustion, the grow callback and corruption detection. */
#define _DEFAULT_SOURCE /* mmap, for the pool-splitting test */
#include "check.h"
#include "tlsf.h"

#include <errno.h>
#include <stdint.h>
#include <sys/mman.h>

/* ---- helpers ---- */

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint64_t rng(void)
{
	uint64_t x = rng_state;
	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return rng_state = x;
}

static size_t rng_below(size_t n)
{
	return n ? (size_t)(rng() % n) : 0;
}

/* Host memory for pools, freed at the end of each test. */
static void *chunks[256];
static size_t nchunks;

static void *chunk(size_t bytes)
{
	void *p = aligned_alloc(4096, (bytes + 4095) & ~(size_t)4095);
	if (p && nchunks < sizeof chunks / sizeof chunks[0])
		chunks[nchunks++] = p;
	return p;
}

static void chunks_free(void)
{
	while (nchunks)
		free(chunks[--nchunks]);
}

static struct {
	int count;
	const char *what;
	const void *p;
} seen;

static void record_corruption(const char *what, const void *p)
{
	seen.count++;
	seen.what = what;
	seen.p = p;
}

static void hook_record(void)
{
	memset(&seen, 0, sizeof seen);
	tlsf_corruption = record_corruption;
}

static void hook_reset(void (*saved)(const char *, const void *))
{
	tlsf_corruption = saved;
}

static void fill(void *p, size_t n, uint8_t tag)
{
	uint8_t *b = p;
	for (size_t i = 0; i < n; i++)
		b[i] = (uint8_t)(tag + i * 31 + (i >> 8));
}

static int intact(const void *p, size_t n, uint8_t tag)
{
	const uint8_t *b = p;
	for (size_t i = 0; i < n; i++)
		if (b[i] != (uint8_t)(tag + i * 31 + (i >> 8)))
			return 0;
	return 1;
}

static size_t round16(size_t n)
{
	return (n + 15) & ~(size_t)15;
}

/* ---- tests ---- */

static void test_pool_errors(void)
{
	struct tlsf t;
	uint8_t *mem = chunk(4096);

	REQUIRE(mem);
	tlsf_init(&t);
	CHECK(tlsf_malloc(&t, 1) == NULL);
	CHECK(tlsf_bytes_free(&t) == 0 && tlsf_largest_free(&t) == 0 && tlsf_check(&t) == 0);
	CHECK(tlsf_add_pool(&t, NULL, 4096) == -EINVAL);
	CHECK(tlsf_add_pool(&t, mem + 8, 1024) == -EINVAL);
	CHECK(tlsf_add_pool(&t, mem, TLSF_POOL_MIN - 1) == -EINVAL);
	CHECK(tlsf_add_pool(&t, mem, 0) == -EINVAL);
	CHECK(tlsf_add_pool(&t, mem, TLSF_POOL_MIN) == 0);
	CHECK(tlsf_bytes_free(&t) == TLSF_POOL_MIN - TLSF_POOL_OVERHEAD);
	CHECK(tlsf_add_pool(&t, mem + 32, 1024) == -EINVAL); /* overlaps */
	CHECK(tlsf_add_pool(&t, mem + 1024, 1000) == 0);     /* rounded down to 992 */
	CHECK(tlsf_bytes_free(&t) == 16 + 992 - TLSF_POOL_OVERHEAD);
	CHECK(tlsf_check(&t) == 0);
	CHECK(tlsf_malloc(&t, 17) == NULL || tlsf_largest_free(&t) >= 17);
	chunks_free();
}

static void test_minimal_pool_holds_one_block(void)
{
	struct tlsf t;
	uint8_t *mem = chunk(64);
	void *p;

	REQUIRE(mem);
	tlsf_init(&t);
	REQUIRE(tlsf_add_pool(&t, mem, TLSF_POOL_MIN) == 0);
	CHECK(tlsf_largest_free(&t) == 16);
	p = tlsf_malloc(&t, 16);
	CHECK(p != NULL);
	CHECK(tlsf_malloc(&t, 0) == NULL);
	CHECK(tlsf_bytes_free(&t) == 0 && tlsf_largest_free(&t) == 0);
	tlsf_free(&t, p);
	CHECK(tlsf_check(&t) == 0 && tlsf_bytes_used(&t) == 0);
	chunks_free();
}

static void test_sizes_and_alignment(void)
{
	struct tlsf t;
	void *ptrs[2049];
	size_t pool = 8 << 20, before;

	tlsf_init(&t);
	REQUIRE(tlsf_add_pool(&t, chunk(pool), pool) == 0);
	before = tlsf_bytes_free(&t);
	for (size_t n = 0; n <= 2048; n++) {
		ptrs[n] = tlsf_malloc(&t, n);
		REQUIRE(ptrs[n] != NULL);
		CHECK((uintptr_t)ptrs[n] % 16 == 0);
		CHECK(tlsf_usable_size(ptrs[n]) >= n);
		CHECK(tlsf_usable_size(ptrs[n]) == (n < 16 ? 16 : round16(n)));
		memset(ptrs[n], 0xab, tlsf_usable_size(ptrs[n]));
	}
	CHECK(tlsf_check(&t) == 0);
	for (size_t n = 0; n <= 2048; n += 2)
		tlsf_free(&t, ptrs[n]);
	CHECK(tlsf_check(&t) == 0);
	for (size_t n = 1; n <= 2048; n += 2)
		tlsf_free(&t, ptrs[n]);
	CHECK(tlsf_check(&t) == 0);
	CHECK(tlsf_bytes_used(&t) == 0 && tlsf_bytes_free(&t) == before);
	chunks_free();
}

static void test_zero_size_gives_distinct_blocks(void)
{
	struct tlsf t;
	void *a, *b;

	tlsf_init(&t);
	REQUIRE(tlsf_add_pool(&t, chunk(4096), 4096) == 0);
	a = tlsf_malloc(&t, 0);
	b = tlsf_malloc(&t, 0);
	CHECK(a && b && a != b);
	CHECK(tlsf_usable_size(a) == 16);
	CHECK(tlsf_usable_size(NULL) == 0);
	tlsf_free(&t, NULL);
	tlsf_free(&t, a);
	tlsf_free(&t, b);
	CHECK(tlsf_check(&t) == 0 && tlsf_bytes_used(&t) == 0);
	chunks_free();
}

static void test_statistics(void)
{
	struct tlsf t;
	size_t pool = 1 << 20, free0, largest0;
	void *p, *q;

	tlsf_init(&t);
	REQUIRE(tlsf_add_pool(&t, chunk(pool), pool) == 0);
	free0 = tlsf_bytes_free(&t);
	largest0 = tlsf_largest_free(&t);
	CHECK(free0 == pool - TLSF_POOL_OVERHEAD);
	CHECK(largest0 == free0);
	CHECK(tlsf_bytes_used(&t) == 0);
	p = tlsf_malloc(&t, 100);
	REQUIRE(p);
	CHECK(tlsf_bytes_used(&t) == tlsf_usable_size(p));
	CHECK(tlsf_bytes_free(&t) == free0 - tlsf_usable_size(p) - TLSF_BLOCK_HEADER);
	q = tlsf_malloc(&t, 5000);
	REQUIRE(q);
	CHECK(tlsf_bytes_used(&t) == tlsf_usable_size(p) + tlsf_usable_size(q));
	tlsf_free(&t, p);
	CHECK(tlsf_bytes_used(&t) == tlsf_usable_size(q));
	CHECK(tlsf_check(&t) == 0);
	tlsf_free(&t, q);
	CHECK(tlsf_bytes_used(&t) == 0);
	CHECK(tlsf_bytes_free(&t) == free0);
	CHECK(tlsf_largest_free(&t) == largest0);
	CHECK(tlsf_check(&t) == 0);
	chunks_free();
}

/* malloc(largest_free) must succeed and one byte more must not, whatever
 * the fragmentation, even when rounding to the next list overshoots. */
static void test_largest_free_is_exact(void)
{
	struct tlsf t;
	size_t pool = 256 << 10;
	void *ptrs[400];

	for (int round = 0; round < 50; round++) {
		size_t n = 0, largest;
		void *p;

		tlsf_init(&t);
		REQUIRE(tlsf_add_pool(&t, chunk(pool), pool) == 0);
		while (n < 400 && (ptrs[n] = tlsf_malloc(&t, rng_below(1200))) != NULL)
			n++;
		for (size_t i = 0; i < n; i++)
			if (rng() & 1)
				tlsf_free(&t, ptrs[i]), ptrs[i] = NULL;
		largest = tlsf_largest_free(&t);
		CHECK(tlsf_malloc(&t, largest + 1) == NULL);
		p = tlsf_malloc(&t, largest);
		CHECK(p != NULL || largest == 0);
		tlsf_free(&t, p);
		CHECK(tlsf_check(&t) == 0);
		chunks_free();
	}
}

static void test_exhaustion_returns_null_and_recovers(void)
{
	struct tlsf t;
	size_t pool = 64 << 10, free0, n = 0;
	static void *ptrs[8192];

	tlsf_init(&t);
	REQUIRE(tlsf_add_pool(&t, chunk(pool), pool) == 0);
	free0 = tlsf_bytes_free(&t);
	while ((ptrs[n] = tlsf_malloc(&t, 1 + rng_below(2000))) != NULL)
		n++;
	CHECK(n > 10);
	CHECK(tlsf_check(&t) == 0);
	/* Then fill the crumbs. */
	while ((ptrs[n] = tlsf_malloc(&t, 0)) != NULL)
		n++;
	CHECK(tlsf_bytes_free(&t) == 0 && tlsf_largest_free(&t) == 0);
	CHECK(tlsf_malloc(&t, 0) == NULL);
	CHECK(tlsf_memalign(&t, 64, 1) == NULL);
	CHECK(tlsf_check(&t) == 0);
	for (size_t i = 0; i < n; i += 2)
		tlsf_free(&t, ptrs[i]);
	CHECK(tlsf_check(&t) == 0);
	for (size_t i = 1; i < n; i += 2)
		tlsf_free(&t, ptrs[i]);
	CHECK(tlsf_check(&t) == 0);
	CHECK(tlsf_bytes_used(&t) == 0 && tlsf_bytes_free(&t) == free0);
	ptrs[0] = tlsf_malloc(&t, free0);
	CHECK(ptrs[0] != NULL);
	tlsf_free(&t, ptrs[0]);
	chunks_free();
}

static int refuse_grow(struct tlsf *t, size_t min_bytes, void *arg)
{
	(void)t;
	(void)min_bytes;
	++*(int *)arg;
	return -ENOMEM;
}

static void test_huge_requests_fail_cleanly(void)
{
	struct tlsf t;
	int grow_calls = 0;
	void *p;

	tlsf_init(&t);
	REQUIRE(tlsf_add_pool(&t, chunk(1 << 16), 1 << 16) == 0);
	tlsf_set_grow(&t, refuse_grow, &grow_calls);
	p = tlsf_malloc(&t, 100);
	REQUIRE(p);
	fill(p, 100, 7);
	CHECK(tlsf_malloc(&t, SIZE_MAX) == NULL);
	CHECK(tlsf_malloc(&t, SIZE_MAX - 15) == NULL);
	CHECK(tlsf_malloc(&t, TLSF_POOL_MAX) == NULL);
	CHECK(tlsf_memalign(&t, 4096, SIZE_MAX - 4096) == NULL);
	CHECK(tlsf_memalign(&t, TLSF_MAX_ALIGN, TLSF_POOL_MAX - 100) == NULL);
	CHECK(tlsf_realloc(&t, p, SIZE_MAX) == NULL);
	CHECK(grow_calls == 0);
	CHECK(tlsf_malloc(&t, TLSF_POOL_MAX / 2) == NULL);
	CHECK(grow_calls == 1);
	CHECK(tlsf_realloc(&t, p, 1 << 20) == NULL);
	CHECK(grow_calls == 2);
	CHECK(intact(p, 100, 7));
	CHECK(tlsf_check(&t) == 0);
	tlsf_free(&t, p);
	CHECK(tlsf_bytes_used(&t) == 0);
	chunks_free();
}

static void test_memalign_bad_alignment(void)
{
	struct tlsf t;
	void *p;

	tlsf_init(&t);
	REQUIRE(tlsf_add_pool(&t, chunk(1 << 16), 1 << 16) == 0);
	CHECK(tlsf_memalign(&t, 0, 10) == NULL);
	CHECK(tlsf_memalign(&t, 48, 10) == NULL);
	CHECK(tlsf_memalign(&t, TLSF_MAX_ALIGN * 2, 10) == NULL);
	p = tlsf_memalign(&t, 8, 10);
	CHECK(p && (uintptr_t)p % 16 == 0);
	tlsf_free(&t, p);
	p = tlsf_memalign(&t, 1, 0);
	CHECK(p && (uintptr_t)p % 16 == 0);
	tlsf_free(&t, p);
	CHECK(tlsf_check(&t) == 0 && tlsf_bytes_used(&t) == 0);
	chunks_free();
}

static void test_memalign_up_to_2mib(void)
{
	struct tlsf t;
	size_t pool = 16 << 20, free0;
	void *keep[64];
	size_t nkeep = 0;

	tlsf_init(&t);
	REQUIRE(tlsf_add_pool(&t, chunk(pool), pool) == 0);
	free0 = tlsf_bytes_free(&t);
	for (size_t align = 32; align <= (2u << 20); align <<= 1) {
		/* An odd-sized block first so the aligned one starts mid-block. */
		void *pad = tlsf_malloc(&t, rng_below(3000));
		size_t n = rng_below(align * 2);
		void *p = tlsf_memalign(&t, align, n);
		REQUIRE(p);
		CHECK((uintptr_t)p % align == 0);
		CHECK(tlsf_usable_size(p) >= n);
		fill(p, n, (uint8_t)align);
		CHECK(tlsf_check(&t) == 0);
		keep[nkeep++] = p;
		keep[nkeep++] = pad;
	}
	CHECK(tlsf_bytes_used(&t) > 0);
	for (size_t i = 0; i < nkeep; i++)
		tlsf_free(&t, keep[i]);
	CHECK(tlsf_check(&t) == 0);
	CHECK(tlsf_bytes_used(&t) == 0 && tlsf_bytes_free(&t) == free0);
	/* Page-aligned pages back to back, as a page allocator would ask. */
	nkeep = 0;
	while (nkeep < 64 && (keep[nkeep] = tlsf_memalign(&t, 4096, 4096)) != NULL) {
		CHECK((uintptr_t)keep[nkeep] % 4096 == 0);
		nkeep++;
	}
	CHECK(nkeep == 64);
	for (size_t i = 0; i < nkeep; i++)
		tlsf_free(&t, keep[i]);
	CHECK(tlsf_check(&t) == 0 && tlsf_bytes_free(&t) == free0);
	chunks_free();
}

static void test_realloc_in_place_and_moving(void)
{
	struct tlsf t;
	uint8_t *a, *b, *c, *r;
	size_t free_before;

	tlsf_init(&t);
	REQUIRE(tlsf_add_pool(&t, chunk(1 << 16), 1 << 16) == 0);
	a = tlsf_malloc(&t, 100);
	b = tlsf_malloc(&t, 100);
	c = tlsf_malloc(&t, 100);
	REQUIRE(a && b && c);
	fill(a, 100, 1);
	fill(c, 100, 3);
	tlsf_free(&t, b);
	/* Grows into the freed neighbour. */
	r = tlsf_realloc(&t, a, 200);
	CHECK(r == a);
	CHECK(intact(a, 100, 1));
	CHECK(tlsf_usable_size(a) >= 200);
	CHECK(tlsf_check(&t) == 0);
	/* Shrinks in place and gives the tail back. */
	free_before = tlsf_bytes_free(&t);
	r = tlsf_realloc(&t, a, 40);
	CHECK(r == a && intact(a, 40, 1));
	CHECK(tlsf_bytes_free(&t) > free_before);
	CHECK(tlsf_check(&t) == 0);
	r = tlsf_realloc(&t, a, 0);
	CHECK(r == a && tlsf_usable_size(a) == 16);
	CHECK(tlsf_check(&t) == 0);
	/* Neighbour c is used: must move and keep the contents. */
	fill(c, 100, 3);
	r = tlsf_realloc(&t, c, 1000);
	REQUIRE(r);
	CHECK(intact(r, 100, 3));
	CHECK(tlsf_usable_size(r) >= 1000);
	CHECK(tlsf_check(&t) == 0);
	CHECK(tlsf_bytes_used(&t) == tlsf_usable_size(a) + tlsf_usable_size(r));
	/* realloc(NULL) is malloc. */
	b = tlsf_realloc(&t, NULL, 50);
	CHECK(b && tlsf_usable_size(b) >= 50);
	tlsf_free(&t, a);
	tlsf_free(&t, b);
	tlsf_free(&t, r);
	CHECK(tlsf_check(&t) == 0 && tlsf_bytes_used(&t) == 0);
	chunks_free();
}

struct slot {
	uint8_t *p;
	size_t n;
	uint8_t tag;
};

static size_t random_size(void)
{
	unsigned r = (unsigned)rng_below(1000);
	if (r < 600)
		return rng_below(129);
	if (r < 900)
		return rng_below(4097);
	if (r < 995)
		return rng_below(65537);
	return rng_below(512 << 10);
}

/* One long run of malloc/memalign/realloc/free with every block's contents
 * checked against a shadow table, and the whole heap checked periodically. */
static void random_run(uint64_t seed, size_t ops)
{
	enum { NSLOTS = 1024 };
	static struct slot slots[NSLOTS];
	struct tlsf t;
	size_t free0, largest_sum = 0, used = 0;
	size_t sizes[3] = {1 << 20, 3 << 20, 100000};

	rng_state = seed;
	memset(slots, 0, sizeof slots);
	tlsf_init(&t);
	for (int i = 0; i < 3; i++) {
		REQUIRE(tlsf_add_pool(&t, chunk(sizes[i]), sizes[i]) == 0);
		largest_sum += (sizes[i] & ~(size_t)15) - TLSF_POOL_OVERHEAD;
	}
	free0 = tlsf_bytes_free(&t);
	REQUIRE(free0 == largest_sum);

	for (size_t op = 0; op < ops; op++) {
		struct slot *s = &slots[rng_below(NSLOTS)];
		unsigned r = (unsigned)rng_below(100);

		if (!s->p) {
			size_t n = random_size(), align = 0;
			uint8_t *p;
			if (r < 15) {
				align = (size_t)1 << (5 + rng_below(12));
				if (rng_below(200) == 0)
					align = 2 << 20;
				p = tlsf_memalign(&t, align, n);
				if (p)
					CHECK((uintptr_t)p % align == 0);
				else
					CHECK(tlsf_largest_free(&t) < (n < 16 ? 16 : round16(n)) + align + 32);
			} else {
				p = tlsf_malloc(&t, n);
				if (!p)
					CHECK(tlsf_largest_free(&t) < n);
			}
			if (p) {
				CHECK((uintptr_t)p % 16 == 0);
				CHECK(tlsf_usable_size(p) >= n);
				s->p = p;
				s->n = n;
				s->tag = (uint8_t)rng();
				fill(p, n, s->tag);
				used += tlsf_usable_size(p);
			}
		} else if (r < 55) {
			REQUIRE(intact(s->p, s->n, s->tag));
			used -= tlsf_usable_size(s->p);
			tlsf_free(&t, s->p);
			s->p = NULL;
		} else {
			size_t n = rng_below(4) == 0 ? s->n + rng_below(64) : random_size();
			size_t old_usable = tlsf_usable_size(s->p);
			uint8_t *p = tlsf_realloc(&t, s->p, n);
			if (!p) {
				CHECK(n > old_usable);
				REQUIRE(intact(s->p, s->n, s->tag));
			} else {
				REQUIRE(intact(p, s->n < n ? s->n : n, s->tag));
				if (n <= old_usable)
					CHECK(p == s->p);
				used = used - old_usable + tlsf_usable_size(p);
				s->p = p;
				s->n = n;
				s->tag = (uint8_t)rng();
				fill(p, n, s->tag);
			}
		}
		if (op % 997 == 0) {
			REQUIRE(tlsf_check(&t) == 0);
			REQUIRE(tlsf_bytes_used(&t) == used);
		}
	}
	REQUIRE(tlsf_check(&t) == 0);
	for (size_t i = 0; i < NSLOTS; i++) {
		if (slots[i].p) {
			CHECK(intact(slots[i].p, slots[i].n, slots[i].tag));
			tlsf_free(&t, slots[i].p);
		}
	}
	CHECK(tlsf_check(&t) == 0);
	CHECK(tlsf_bytes_used(&t) == 0);
	CHECK(tlsf_bytes_free(&t) == free0);
	CHECK(tlsf_largest_free(&t) == (3 << 20) - TLSF_POOL_OVERHEAD);
	chunks_free();
}

static void test_random_run(void)
{
	static const uint64_t seeds[] = {1, 0xdeadbeef, 0x123456789abcdefull, 42};
	for (size_t i = 0; i < sizeof seeds / sizeof seeds[0] && !check_failed(); i++)
		random_run(seeds[i], 150000);
}

/* Grow callback that adds a pool of exactly min_bytes. */
struct grower {
	int calls;
	size_t last_min;
	size_t fail_after; /* refuse once this many pools were added */
};

static int grow_exact(struct tlsf *t, size_t min_bytes, void *arg)
{
	struct grower *g = arg;
	void *mem;

	g->calls++;
	g->last_min = min_bytes;
	if ((size_t)g->calls > g->fail_after)
		return -ENOMEM;
	mem = chunk(min_bytes);
	if (!mem)
		return -ENOMEM;
	return tlsf_add_pool(t, mem, min_bytes);
}

static void test_grow_callback(void)
{
	struct tlsf t;
	struct grower g = {0, 0, 1000};
	void *p, *ptrs[200];

	tlsf_init(&t);
	tlsf_set_grow(&t, grow_exact, &g);
	p = tlsf_malloc(&t, 1000);
	CHECK(p != NULL);
	CHECK(g.calls == 1);
	CHECK(g.last_min == round16(1000) + TLSF_POOL_OVERHEAD);
	CHECK(g.last_min % 16 == 0);
	tlsf_free(&t, p);
	/* The free block is reused, no second call. */
	p = tlsf_malloc(&t, 1000);
	CHECK(p != NULL && g.calls == 1);
	tlsf_free(&t, p);
	for (int i = 0; i < 200; i++) {
		ptrs[i] = tlsf_malloc(&t, 1 + rng_below(3000));
		CHECK(ptrs[i] != NULL);
	}
	CHECK(g.calls > 1);
	CHECK(tlsf_check(&t) == 0);
	for (int i = 0; i < 200; i++)
		tlsf_free(&t, ptrs[i]);
	CHECK(tlsf_check(&t) == 0 && tlsf_bytes_used(&t) == 0);
	chunks_free();
}

/* A pool of exactly min_bytes always satisfies the request that asked. */
static void test_grow_min_bytes_is_enough(void)
{
	for (int i = 0; i < 3000; i++) {
		struct tlsf t;
		struct grower g = {0, 0, 1};
		size_t n = i < 1100 ? (size_t)i : random_size() * (1 + rng_below(8));
		size_t align = i % 3 == 0 ? (size_t)1 << (5 + rng_below(17)) : 0;
		void *p;

		tlsf_init(&t);
		tlsf_set_grow(&t, grow_exact, &g);
		p = align ? tlsf_memalign(&t, align, n) : tlsf_malloc(&t, n);
		CHECK(p != NULL);
		CHECK(g.calls == 1);
		CHECK(!align || (uintptr_t)p % align == 0);
		CHECK(tlsf_usable_size(p) >= n);
		tlsf_free(&t, p);
		CHECK(tlsf_check(&t) == 0);
		chunks_free();
		if (check_failed())
			return;
	}
}

static void test_grow_refused_is_tried_once(void)
{
	struct tlsf t;
	struct grower g = {0, 0, 0};

	tlsf_init(&t);
	tlsf_set_grow(&t, grow_exact, &g);
	CHECK(tlsf_malloc(&t, 10) == NULL);
	CHECK(g.calls == 1);
	CHECK(tlsf_memalign(&t, 4096, 10) == NULL);
	CHECK(g.calls == 2);
	CHECK(tlsf_check(&t) == 0);
	chunks_free();
}

static int grow_too_little(struct tlsf *t, size_t min_bytes, void *arg)
{
	(void)arg;
	return tlsf_add_pool(t, chunk(min_bytes), min_bytes - 16);
}

static void test_grow_too_small_pool_fails(void)
{
	struct tlsf t;

	tlsf_init(&t);
	tlsf_set_grow(&t, grow_too_little, NULL);
	CHECK(tlsf_malloc(&t, 4000) == NULL);
	CHECK(tlsf_check(&t) == 0);
	CHECK(tlsf_largest_free(&t) == round16(4000) - 16);
	chunks_free();
}

static void test_double_free_detected(void)
{
	void (*saved)(const char *, const void *) = tlsf_corruption;
	struct tlsf t;
	void *a, *b, *c;
	size_t free_before;

	tlsf_init(&t);
	REQUIRE(tlsf_add_pool(&t, chunk(1 << 16), 1 << 16) == 0);
	hook_record();
	a = tlsf_malloc(&t, 64);
	b = tlsf_malloc(&t, 64);
	c = tlsf_malloc(&t, 64);
	tlsf_free(&t, b);
	CHECK(seen.count == 0);
	free_before = tlsf_bytes_free(&t);
	tlsf_free(&t, b);
	CHECK(seen.count == 1 && seen.p == b && strstr(seen.what, "double free"));
	CHECK(tlsf_bytes_free(&t) == free_before);
	CHECK(tlsf_check(&t) == 0);
	/* b's header was swallowed when a merged with it; still caught. */
	tlsf_free(&t, a);
	tlsf_free(&t, b);
	CHECK(seen.count == 2 && strstr(seen.what, "double free"));
	CHECK(tlsf_realloc(&t, a, 10) == NULL);
	CHECK(seen.count == 3);
	CHECK(tlsf_usable_size(a) == 0);
	CHECK(seen.count == 4);
	CHECK(tlsf_check(&t) == 0);
	CHECK(seen.count == 4);
	tlsf_free(&t, c);
	CHECK(tlsf_bytes_used(&t) == 0 && tlsf_check(&t) == 0);
	hook_reset(saved);
	chunks_free();
}

static void test_bad_pointers_detected(void)
{
	void (*saved)(const char *, const void *) = tlsf_corruption;
	struct tlsf t;
	uint8_t *p;

	tlsf_init(&t);
	REQUIRE(tlsf_add_pool(&t, chunk(1 << 16), 1 << 16) == 0);
	hook_record();
	p = tlsf_malloc(&t, 256);
	REQUIRE(p);
	memset(p, 0, 256);
	tlsf_free(&t, p + 1);
	CHECK(seen.count == 1 && strstr(seen.what, "misaligned"));
	tlsf_free(&t, p + 32);
	CHECK(seen.count == 2 && strstr(seen.what, "not a heap block"));
	CHECK(tlsf_check(&t) == 0 && seen.count == 2);
	tlsf_free(&t, p);
	CHECK(seen.count == 2 && tlsf_bytes_used(&t) == 0);
	hook_reset(saved);
	chunks_free();
}

static void test_overrun_detected(void)
{
	void (*saved)(const char *, const void *) = tlsf_corruption;
	struct tlsf t;
	uint8_t *p, *q, save[16];

	tlsf_init(&t);
	REQUIRE(tlsf_add_pool(&t, chunk(1 << 16), 1 << 16) == 0);
	hook_record();
	p = tlsf_malloc(&t, 32);
	q = tlsf_malloc(&t, 32);
	REQUIRE(p && q && q == p + 48);
	memcpy(save, p + 32, 16);
	memset(p, 0x55, 40); /* 8 bytes too many: into q's header */
	tlsf_free(&t, p);
	CHECK(seen.count == 1 && seen.p == p && strstr(seen.what, "overrun"));
	CHECK(tlsf_check(&t) < 0);
	CHECK(seen.count == 2 && strstr(seen.what, "tlsf_check"));
	memcpy(p + 32, save, 16);
	CHECK(tlsf_check(&t) == 0);
	tlsf_free(&t, p);
	tlsf_free(&t, q);
	CHECK(seen.count == 2 && tlsf_bytes_used(&t) == 0 && tlsf_check(&t) == 0);
	hook_reset(saved);
	chunks_free();
}

static void test_check_finds_use_after_free(void)
{
	void (*saved)(const char *, const void *) = tlsf_corruption;
	struct tlsf t;
	uint8_t *a, *b, *c, *d, *e, save[16];

	tlsf_init(&t);
	REQUIRE(tlsf_add_pool(&t, chunk(1 << 16), 1 << 16) == 0);
	hook_record();
	a = tlsf_malloc(&t, 64);
	b = tlsf_malloc(&t, 64);
	c = tlsf_malloc(&t, 64);
	d = tlsf_malloc(&t, 64);
	e = tlsf_malloc(&t, 64);
	tlsf_free(&t, b);
	tlsf_free(&t, d); /* b and d on the same list */
	memcpy(save, d, 16);
	memset(d, 0x77, 16); /* write after free: list links */
	CHECK(tlsf_check(&t) < 0);
	CHECK(seen.count == 1);
	memcpy(d, save, 16);
	CHECK(tlsf_check(&t) == 0);
	/* A free header's magic damaged. */
	memcpy(save, b - 16, 16);
	b[-1] ^= 0x40;
	CHECK(tlsf_check(&t) < 0);
	memcpy(b - 16, save, 16);
	/* The counters too. */
	t.used_bytes++;
	CHECK(tlsf_check(&t) < 0);
	t.used_bytes--;
	/* And the bitmaps. */
	t.fl_bitmap ^= 1u << 7;
	CHECK(tlsf_check(&t) < 0);
	t.fl_bitmap ^= 1u << 7;
	CHECK(tlsf_check(&t) == 0);
	tlsf_free(&t, a);
	tlsf_free(&t, c);
	tlsf_free(&t, e);
	CHECK(tlsf_check(&t) == 0 && tlsf_bytes_used(&t) == 0);
	hook_reset(saved);
	chunks_free();
}

static void test_default_hook_returns(void)
{
	struct tlsf t;
	void *p;

	CHECK(tlsf_corruption != NULL);
	tlsf_init(&t);
	REQUIRE(tlsf_add_pool(&t, chunk(4096), 4096) == 0);
	p = tlsf_malloc(&t, 10);
	tlsf_free(&t, p);
	tlsf_free(&t, p); /* reported to the default hook, which returns */
	CHECK(tlsf_check(&t) == 0);
	chunks_free();
}

static void test_many_noncontiguous_pools(void)
{
	struct tlsf t;
	static void *ptrs[4096];
	size_t n = 0, free0;

	tlsf_init(&t);
	for (int i = 0; i < 16; i++) {
		size_t bytes = TLSF_POOL_MIN + rng_below(20000);
		REQUIRE(tlsf_add_pool(&t, chunk(bytes), bytes) == 0);
	}
	free0 = tlsf_bytes_free(&t);
	while (n < 4096 && (ptrs[n] = tlsf_malloc(&t, rng_below(300))) != NULL)
		n++;
	CHECK(n > 16 && n < 4096);
	CHECK(tlsf_check(&t) == 0);
	for (size_t i = 0; i < n; i++)
		for (size_t j = i + 1; j < n && j < i + 8; j++)
			CHECK(ptrs[i] != ptrs[j]);
	for (size_t i = n; i-- > 0;)
		tlsf_free(&t, ptrs[i]);
	CHECK(tlsf_check(&t) == 0);
	CHECK(tlsf_bytes_used(&t) == 0 && tlsf_bytes_free(&t) == free0);
	chunks_free();
}

/* A pool beyond TLSF_POOL_MAX is cut into several; only the headers at
 * the cuts are touched, so reserved address space is enough. */
static void test_huge_pool_is_split(void)
{
	size_t bytes = TLSF_POOL_MAX + TLSF_POOL_MAX / 2;
	struct tlsf t;
	void *mem, *p;

	mem = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (mem == MAP_FAILED) {
		fprintf(stderr, "note: huge_pool_is_split: cannot reserve %zu bytes, skipped\n", bytes);
		return;
	}
	tlsf_init(&t);
	CHECK(tlsf_add_pool(&t, mem, bytes) == 0);
	CHECK(tlsf_bytes_free(&t) == bytes - 2 * TLSF_POOL_OVERHEAD);
	CHECK(tlsf_largest_free(&t) == TLSF_POOL_MAX - TLSF_POOL_OVERHEAD);
	CHECK(tlsf_check(&t) == 0);
	p = tlsf_malloc(&t, 100);
	CHECK(p != NULL);
	tlsf_free(&t, p);
	CHECK(tlsf_check(&t) == 0);
	munmap(mem, bytes);
}

static const struct check_test tests[] = {
	{"pool_errors", test_pool_errors},
	{"minimal_pool_holds_one_block", test_minimal_pool_holds_one_block},
	{"sizes_and_alignment", test_sizes_and_alignment},
	{"zero_size_gives_distinct_blocks", test_zero_size_gives_distinct_blocks},
	{"statistics", test_statistics},
	{"largest_free_is_exact", test_largest_free_is_exact},
	{"exhaustion_returns_null_and_recovers", test_exhaustion_returns_null_and_recovers},
	{"huge_requests_fail_cleanly", test_huge_requests_fail_cleanly},
	{"memalign_bad_alignment", test_memalign_bad_alignment},
	{"memalign_up_to_2mib", test_memalign_up_to_2mib},
	{"realloc_in_place_and_moving", test_realloc_in_place_and_moving},
	{"random_run", test_random_run},
	{"grow_callback", test_grow_callback},
	{"grow_min_bytes_is_enough", test_grow_min_bytes_is_enough},
	{"grow_refused_is_tried_once", test_grow_refused_is_tried_once},
	{"grow_too_small_pool_fails", test_grow_too_small_pool_fails},
	{"double_free_detected", test_double_free_detected},
	{"bad_pointers_detected", test_bad_pointers_detected},
	{"overrun_detected", test_overrun_detected},
	{"check_finds_use_after_free", test_check_finds_use_after_free},
	{"default_hook_returns", test_default_hook_returns},
	{"many_noncontiguous_pools", test_many_noncontiguous_pools},
	{"huge_pool_is_split", test_huge_pool_is_split},
};

CHECK_MAIN(tests)
