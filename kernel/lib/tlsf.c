/* TLSF allocator: block headers, the two-level free-list index, pools and
 * the consistency checker. The pool layout and the API rules are in tlsf.h. */
#include "tlsf.h"

#include <errno.h>
#include <stdbool.h>
#include <string.h>

_Static_assert(sizeof(size_t) == 8, "the block header keeps a magic in the top bits of a 64-bit size");

/*
 * Block header, 16 bytes before every payload.
 *   prev_size  size of the physically previous block (0 for a pool's first);
 *              kept for used and free neighbours alike, so free() can check it.
 *   info       bits 0     INFO_PREV_FREE: the previous block is free
 *              bits 1-3   zero
 *              bits 4-47  block size, header included, a multiple of 16
 *              bits 48-63 MAGIC_USED or MAGIC_FREE
 * next_free and prev_free exist only in free blocks, at the payload's start.
 * No two free blocks are ever adjacent: release merges them at once.
 */
struct tlsf_block {
	size_t prev_size;
	size_t info;
	struct tlsf_block *next_free;
	struct tlsf_block *prev_free;
};

/* First 16 bytes of every pool; the first block follows. */
struct tlsf_pool {
	struct tlsf_pool *next;
	size_t bytes;
};

#define HDR TLSF_BLOCK_HEADER
#define BLOCK_MIN (HDR + 16)
#define BLOCK_LIMIT TLSF_POOL_MAX /* every block is smaller */
#define SMALL_BLOCK ((size_t)1 << TLSF_FL_SHIFT)
#define INFO_PREV_FREE ((size_t)1)
#define INFO_RESERVED ((size_t)0xe)
#define INFO_SIZE_MASK ((((size_t)1 << 48) - 1) & ~(size_t)15)
#define MAGIC_MASK ((size_t)0xffff << 48)
#define MAGIC_USED ((size_t)0xa110 << 48)
#define MAGIC_FREE ((size_t)0xf4ee << 48)

_Static_assert(offsetof(struct tlsf_block, next_free) == HDR, "payload follows the header");
_Static_assert(sizeof(struct tlsf_pool) == 16, "pool header keeps blocks 16-byte aligned");
_Static_assert(TLSF_FL_COUNT <= 32, "first-level bitmap is 32 bits");
_Static_assert(TLSF_POOL_OVERHEAD == sizeof(struct tlsf_pool) + 2 * HDR, "documented overhead");

static void corruption_ignore(const char *what, const void *p)
{
	(void)what;
	(void)p;
}

void (*tlsf_corruption)(const char *what, const void *p) = corruption_ignore;

static void report(const char *what, const void *p)
{
	if (tlsf_corruption)
		tlsf_corruption(what, p);
}

/* ---- blocks ---- */

static size_t block_size(const struct tlsf_block *b)
{
	return b->info & INFO_SIZE_MASK;
}

static size_t block_magic(const struct tlsf_block *b)
{
	return b->info & MAGIC_MASK;
}

static bool block_is_free(const struct tlsf_block *b)
{
	return block_magic(b) == MAGIC_FREE;
}

static bool block_prev_is_free(const struct tlsf_block *b)
{
	return (b->info & INFO_PREV_FREE) != 0;
}

static void block_set(struct tlsf_block *b, size_t size, size_t magic, bool prev_free)
{
	b->info = size | magic | (prev_free ? INFO_PREV_FREE : 0);
}

static void block_set_prev_free(struct tlsf_block *b, bool prev_free)
{
	b->info = (b->info & ~INFO_PREV_FREE) | (prev_free ? INFO_PREV_FREE : 0);
}

static struct tlsf_block *block_at(const void *base, size_t offset)
{
	return (struct tlsf_block *)((uintptr_t)base + offset);
}

static struct tlsf_block *block_next(const struct tlsf_block *b)
{
	return block_at(b, block_size(b));
}

static struct tlsf_block *block_prev(const struct tlsf_block *b)
{
	return (struct tlsf_block *)((uintptr_t)b - b->prev_size);
}

static void *block_payload(const struct tlsf_block *b)
{
	return (void *)((uintptr_t)b + HDR);
}

static struct tlsf_block *block_of(const void *p)
{
	return (struct tlsf_block *)((uintptr_t)p - HDR);
}

/* Block size that serves a request of n bytes, or 0 if none can. */
static size_t block_size_for(size_t n)
{
	size_t size;

	if (n >= BLOCK_LIMIT - HDR - TLSF_ALIGN)
		return 0;
	size = ((n + TLSF_ALIGN - 1) & ~(size_t)(TLSF_ALIGN - 1)) + HDR;
	return size < BLOCK_MIN ? BLOCK_MIN : size;
}

/* The live block whose payload is p, or NULL after reporting why p is not
 * one. Reads only p's header and the next block's. */
static struct tlsf_block *block_checked(const void *p)
{
	struct tlsf_block *b, *next;

	if ((uintptr_t)p % TLSF_ALIGN) {
		report("tlsf: misaligned pointer, not from this heap", p);
		return NULL;
	}
	b = block_of(p);
	if (block_is_free(b)) {
		report("tlsf: double free", p);
		return NULL;
	}
	if (block_magic(b) != MAGIC_USED || block_size(b) < BLOCK_MIN) {
		report("tlsf: not a heap block (bad header)", p);
		return NULL;
	}
	next = block_next(b);
	if ((block_magic(next) != MAGIC_USED && block_magic(next) != MAGIC_FREE) ||
	    next->prev_size != block_size(b) || block_prev_is_free(next)) {
		report("tlsf: heap overrun (next block header damaged)", p);
		return NULL;
	}
	return b;
}

/* ---- the two-level index ---- */

static unsigned fls_size(size_t x)
{
	return 63u - (unsigned)__builtin_clzll(x);
}

/* The free list (fl, sl) that holds blocks of this size. */
static void mapping(size_t size, unsigned *fl, unsigned *sl)
{
	if (size < SMALL_BLOCK) {
		*fl = 0;
		*sl = (unsigned)(size / (SMALL_BLOCK / TLSF_SL_COUNT));
	} else {
		unsigned f = fls_size(size);
		*sl = (unsigned)(size >> (f - TLSF_SL_LOG2)) ^ TLSF_SL_COUNT;
		*fl = f - (TLSF_FL_SHIFT - 1);
	}
}

/* The first list whose blocks all hold at least size bytes. Rounding up to
 * the next list boundary is what makes the search O(1). */
static bool mapping_search(size_t size, unsigned *fl, unsigned *sl)
{
	if (size >= SMALL_BLOCK)
		size += ((size_t)1 << (fls_size(size) - TLSF_SL_LOG2)) - 1;
	if (size >= BLOCK_LIMIT)
		return false;
	mapping(size, fl, sl);
	return true;
}

static void list_insert(struct tlsf *t, struct tlsf_block *b)
{
	unsigned fl, sl;

	mapping(block_size(b), &fl, &sl);
	b->prev_free = NULL;
	b->next_free = t->free[fl][sl];
	if (b->next_free)
		b->next_free->prev_free = b;
	t->free[fl][sl] = b;
	t->sl_bitmap[fl] |= 1u << sl;
	t->fl_bitmap |= 1u << fl;
	t->free_bytes += block_size(b) - HDR;
}

static void list_remove(struct tlsf *t, struct tlsf_block *b)
{
	unsigned fl, sl;

	mapping(block_size(b), &fl, &sl);
	if (b->prev_free)
		b->prev_free->next_free = b->next_free;
	else
		t->free[fl][sl] = b->next_free;
	if (b->next_free)
		b->next_free->prev_free = b->prev_free;
	if (!t->free[fl][sl]) {
		t->sl_bitmap[fl] &= ~(1u << sl);
		if (!t->sl_bitmap[fl])
			t->fl_bitmap &= ~(1u << fl);
	}
	t->free_bytes -= block_size(b) - HDR;
}

/* A free block of at least size bytes, still on its list, or NULL. */
static struct tlsf_block *find_free(struct tlsf *t, size_t size)
{
	struct tlsf_block *b;
	unsigned fl, sl;

	if (mapping_search(size, &fl, &sl)) {
		uint32_t sl_map = t->sl_bitmap[fl] & (~0u << sl);
		if (!sl_map) {
			uint32_t fl_map = t->fl_bitmap & (~0u << (fl + 1));
			if (fl_map) {
				fl = (unsigned)__builtin_ctz(fl_map);
				sl_map = t->sl_bitmap[fl];
			}
		}
		if (sl_map)
			return t->free[fl][__builtin_ctz(sl_map)];
	}
	/* Near exhaustion a block in the request's own list may still fit;
	 * looking there keeps tlsf_largest_free() honest. */
	if (size >= BLOCK_LIMIT)
		return NULL;
	mapping(size, &fl, &sl);
	for (b = t->free[fl][sl]; b; b = b->next_free)
		if (block_size(b) >= size)
			return b;
	return NULL;
}

/* ---- splitting and merging ---- */

/* Marks b free, merges it with free neighbours and files it. */
static void block_release(struct tlsf *t, struct tlsf_block *b)
{
	size_t size = block_size(b);
	struct tlsf_block *next;

	/* A header swallowed by a merge must still read as free, so that a
	 * second free of it is reported rather than obeyed. */
	block_set(b, size, MAGIC_FREE, block_prev_is_free(b));
	if (block_prev_is_free(b)) {
		struct tlsf_block *prev = block_prev(b);
		list_remove(t, prev);
		size += block_size(prev);
		b = prev;
	}
	next = block_at(b, size);
	if (block_is_free(next)) {
		list_remove(t, next);
		size += block_size(next);
		next = block_at(b, size);
	}
	block_set(b, size, MAGIC_FREE, block_prev_is_free(b));
	next->prev_size = size;
	block_set_prev_free(next, true);
	list_insert(t, b);
}

/* Shrinks the used block b to size bytes, releasing the tail when it is
 * big enough to be a block of its own. */
static void block_trim(struct tlsf *t, struct tlsf_block *b, size_t size)
{
	size_t total = block_size(b);
	struct tlsf_block *rest;

	if (total - size < BLOCK_MIN)
		return;
	rest = block_at(b, size);
	rest->prev_size = size;
	block_set(rest, total - size, MAGIC_USED, false);
	block_set(b, size, MAGIC_USED, block_prev_is_free(b));
	block_release(t, rest);
}

/* A free block of at least size bytes, taken off its list and marked used;
 * asks the grow callback once if there is none. */
static struct tlsf_block *take_free(struct tlsf *t, size_t size)
{
	struct tlsf_block *b = find_free(t, size);

	if (!b && t->grow && size < BLOCK_LIMIT) {
		if (t->grow(t, size - HDR + TLSF_POOL_OVERHEAD, t->grow_arg) == 0)
			b = find_free(t, size);
	}
	if (!b)
		return NULL;
	list_remove(t, b);
	block_set(b, block_size(b), MAGIC_USED, block_prev_is_free(b));
	block_set_prev_free(block_next(b), false);
	return b;
}

/* ---- pools ---- */

static void pool_add(struct tlsf *t, uintptr_t start, size_t bytes)
{
	struct tlsf_pool *pool = (struct tlsf_pool *)start;
	struct tlsf_block *first = block_at(pool, sizeof *pool);
	size_t size = bytes - sizeof *pool - HDR;
	struct tlsf_block *end = block_at(first, size);

	pool->bytes = bytes;
	pool->next = t->pools;
	t->pools = pool;
	first->prev_size = 0;
	block_set(first, size, MAGIC_FREE, false);
	end->prev_size = size;
	block_set(end, 0, MAGIC_USED, true);
	list_insert(t, first);
}

void tlsf_init(struct tlsf *t)
{
	memset(t, 0, sizeof *t);
}

int tlsf_add_pool(struct tlsf *t, void *mem, size_t bytes)
{
	uintptr_t start = (uintptr_t)mem;
	const struct tlsf_pool *p;

	bytes &= ~(size_t)(TLSF_ALIGN - 1);
	if (!mem || start % TLSF_ALIGN || bytes < TLSF_POOL_MIN || bytes > UINTPTR_MAX - start)
		return -EINVAL;
	for (p = t->pools; p; p = p->next) {
		uintptr_t ps = (uintptr_t)p;
		if (start < ps + p->bytes && ps < start + bytes)
			return -EINVAL;
	}
	while (bytes > TLSF_POOL_MAX) {
		pool_add(t, start, TLSF_POOL_MAX);
		start += TLSF_POOL_MAX;
		bytes -= TLSF_POOL_MAX;
	}
	if (bytes >= TLSF_POOL_MIN)
		pool_add(t, start, bytes);
	return 0;
}

void tlsf_set_grow(struct tlsf *t, tlsf_grow_fn grow, void *arg)
{
	t->grow = grow;
	t->grow_arg = arg;
}

/* ---- allocation ---- */

void *tlsf_malloc(struct tlsf *t, size_t n)
{
	size_t size = block_size_for(n);
	struct tlsf_block *b;

	if (!size || !(b = take_free(t, size)))
		return NULL;
	block_trim(t, b, size);
	t->used_bytes += block_size(b) - HDR;
	return block_payload(b);
}

void *tlsf_memalign(struct tlsf *t, size_t align, size_t n)
{
	size_t size = block_size_for(n), gap;
	struct tlsf_block *b;

	if (align == 0 || (align & (align - 1)) || align > TLSF_MAX_ALIGN)
		return NULL;
	if (align <= TLSF_ALIGN)
		return tlsf_malloc(t, n);
	if (!size || size >= BLOCK_LIMIT - align - BLOCK_MIN)
		return NULL;
	/* Room for the worst gap before the aligned payload: a gap too small
	 * to be a free block is widened by one more align. */
	b = take_free(t, size + align + BLOCK_MIN);
	if (!b)
		return NULL;
	gap = (0 - (uintptr_t)block_payload(b)) & (align - 1);
	if (gap && gap < BLOCK_MIN)
		gap += align;
	if (gap) {
		struct tlsf_block *a = block_at(b, gap);
		size_t rest = block_size(b) - gap;
		a->prev_size = gap;
		block_set(a, rest, MAGIC_USED, false);
		block_next(a)->prev_size = rest;
		block_set(b, gap, MAGIC_USED, block_prev_is_free(b));
		block_release(t, b);
		b = a;
	}
	block_trim(t, b, size);
	t->used_bytes += block_size(b) - HDR;
	return block_payload(b);
}

void *tlsf_realloc(struct tlsf *t, void *p, size_t n)
{
	struct tlsf_block *b, *next;
	size_t size, old;

	if (!p)
		return tlsf_malloc(t, n);
	if (!(b = block_checked(p)) || !(size = block_size_for(n)))
		return NULL;
	old = block_size(b);
	if (size > old) {
		next = block_next(b);
		if (!block_is_free(next) || old + block_size(next) < size) {
			void *q = tlsf_malloc(t, n);
			if (!q)
				return NULL;
			memcpy(q, p, old - HDR);
			tlsf_free(t, p);
			return q;
		}
		list_remove(t, next);
		block_set(b, old + block_size(next), MAGIC_USED, block_prev_is_free(b));
		next = block_next(b);
		next->prev_size = block_size(b);
		block_set_prev_free(next, false);
	}
	block_trim(t, b, size);
	t->used_bytes = t->used_bytes - (old - HDR) + (block_size(b) - HDR);
	return p;
}

void tlsf_free(struct tlsf *t, void *p)
{
	struct tlsf_block *b;

	if (!p || !(b = block_checked(p)))
		return;
	t->used_bytes -= block_size(b) - HDR;
	block_release(t, b);
}

size_t tlsf_usable_size(const void *p)
{
	const struct tlsf_block *b;

	if (!p || !(b = block_checked(p)))
		return 0;
	return block_size(b) - HDR;
}

/* ---- statistics ---- */

size_t tlsf_bytes_used(const struct tlsf *t)
{
	return t->used_bytes;
}

size_t tlsf_bytes_free(const struct tlsf *t)
{
	return t->free_bytes;
}

size_t tlsf_largest_free(const struct tlsf *t)
{
	const struct tlsf_block *b;
	size_t largest = 0;
	unsigned fl, sl;

	if (!t->fl_bitmap)
		return 0;
	fl = 31u - (unsigned)__builtin_clz(t->fl_bitmap);
	sl = 31u - (unsigned)__builtin_clz(t->sl_bitmap[fl]);
	for (b = t->free[fl][sl]; b; b = b->next_free)
		if (block_size(b) > largest)
			largest = block_size(b);
	return largest - HDR;
}

/* ---- consistency check ---- */

#define CHECK_FAIL(what, p)                      \
	do {                                     \
		report("tlsf_check: " what, p);  \
		return -EINVAL;                  \
	} while (0)

struct check_totals {
	size_t free_blocks, free_bytes, used_bytes;
};

static int check_pool(const struct tlsf_pool *pool, struct check_totals *tot)
{
	const struct tlsf_block *b, *end;
	size_t prev_size = 0;
	bool prev_free = false;

	if ((uintptr_t)pool % TLSF_ALIGN || pool->bytes < TLSF_POOL_MIN || pool->bytes % TLSF_ALIGN ||
	    pool->bytes > TLSF_POOL_MAX)
		CHECK_FAIL("bad pool header", pool);
	b = block_at(pool, sizeof *pool);
	end = block_at(pool, pool->bytes - HDR);
	for (;;) {
		size_t size = block_size(b), magic = block_magic(b);

		if (magic != MAGIC_USED && magic != MAGIC_FREE)
			CHECK_FAIL("bad block magic", b);
		if (b->info & INFO_RESERVED)
			CHECK_FAIL("reserved header bits set", b);
		if (b->prev_size != prev_size)
			CHECK_FAIL("prev_size differs from the previous block's size", b);
		if (block_prev_is_free(b) != prev_free)
			CHECK_FAIL("PREV_FREE bit differs from the previous block's state", b);
		if (b == end) {
			if (size != 0 || magic != MAGIC_USED)
				CHECK_FAIL("bad end-of-pool marker", b);
			return 0;
		}
		if (size < BLOCK_MIN || size > (uintptr_t)end - (uintptr_t)b)
			CHECK_FAIL("block size out of range", b);
		if (magic == MAGIC_FREE) {
			if (prev_free)
				CHECK_FAIL("adjacent free blocks not merged", b);
			tot->free_blocks++;
			tot->free_bytes += size - HDR;
		} else {
			tot->used_bytes += size - HDR;
		}
		prev_free = magic == MAGIC_FREE;
		prev_size = size;
		b = block_next(b);
	}
}

/* Whether a whole free block header could sit at b inside some pool. */
static bool in_pools(const struct tlsf *t, const struct tlsf_block *b)
{
	const struct tlsf_pool *p;
	uintptr_t a = (uintptr_t)b;

	if (a % TLSF_ALIGN)
		return false;
	for (p = t->pools; p; p = p->next) {
		uintptr_t lo = (uintptr_t)p + sizeof *p, hi = (uintptr_t)p + p->bytes - HDR;
		if (a >= lo && a < hi && hi - a >= BLOCK_MIN)
			return true;
	}
	return false;
}

static int check_lists(const struct tlsf *t, const struct check_totals *tot)
{
	size_t listed = 0;
	unsigned fl, sl, f, s;

	if (t->fl_bitmap >> (TLSF_FL_COUNT - 1) >> 1)
		CHECK_FAIL("first-level bitmap has bits beyond the last list", t);
	for (fl = 0; fl < TLSF_FL_COUNT; fl++) {
		if (!(t->fl_bitmap & (1u << fl)) != !t->sl_bitmap[fl])
			CHECK_FAIL("first-level bitmap disagrees with second level", t);
		for (sl = 0; sl < TLSF_SL_COUNT; sl++) {
			const struct tlsf_block *b = t->free[fl][sl], *prev = NULL;

			if (!(t->sl_bitmap[fl] & (1u << sl)) != !b)
				CHECK_FAIL("second-level bitmap disagrees with its list", t);
			for (; b; prev = b, b = b->next_free) {
				if (++listed > tot->free_blocks)
					CHECK_FAIL("free lists hold more blocks than the pools", b);
				if (!in_pools(t, b))
					CHECK_FAIL("free list points outside every pool", b);
				if (!block_is_free(b))
					CHECK_FAIL("block on a free list is not free", b);
				if (b->prev_free != prev)
					CHECK_FAIL("free list back link broken", b);
				mapping(block_size(b), &f, &s);
				if (f != fl || s != sl)
					CHECK_FAIL("free block on the wrong list", b);
			}
		}
	}
	if (listed != tot->free_blocks)
		CHECK_FAIL("free block missing from the free lists", t);
	return 0;
}

int tlsf_check(const struct tlsf *t)
{
	struct check_totals tot = {0, 0, 0};
	const struct tlsf_pool *p;
	int err;

	for (p = t->pools; p; p = p->next)
		if ((err = check_pool(p, &tot)) < 0)
			return err;
	if ((err = check_lists(t, &tot)) < 0)
		return err;
	if (tot.free_bytes != t->free_bytes)
		CHECK_FAIL("free byte counter differs from the blocks", t);
	if (tot.used_bytes != t->used_bytes)
		CHECK_FAIL("used byte counter differs from the blocks", t);
	return 0;
}
