/* TLSF (two-level segregated fit) allocator: O(1) malloc and free over
 * caller-supplied pools. Backs the kernel heap and every isolate's heap. */
#ifndef TLSF_H
#define TLSF_H

#include <stddef.h>
#include <stdint.h>

/*
 * Every block starts with a 16-byte header; payloads are 16-byte aligned.
 * A pool is laid out as
 *
 *   mem                                                          mem+bytes
 *   | pool hdr 16 | hdr | payload ... | hdr | payload ... | ... | end 16 |
 *
 * so adding a pool of B bytes yields at most B - TLSF_POOL_OVERHEAD bytes
 * of payload in one block. Pools need not be contiguous; pools larger than
 * TLSF_POOL_MAX are split into several pools by tlsf_add_pool.
 *
 * Not thread-safe: the owner of a struct tlsf serialises all calls on it.
 */
#define TLSF_ALIGN 16
#define TLSF_BLOCK_HEADER 16
#define TLSF_POOL_OVERHEAD (16 + 16 + TLSF_BLOCK_HEADER) /* pool hdr, end marker, first block hdr */
#define TLSF_POOL_MIN (TLSF_POOL_OVERHEAD + 16)
#define TLSF_MAX_ALIGN ((size_t)1 << 30)

#define TLSF_SL_LOG2 5                          /* 32 second-level lists per first level */
#define TLSF_SL_COUNT (1 << TLSF_SL_LOG2)
#define TLSF_FL_SHIFT (TLSF_SL_LOG2 + 4)        /* blocks below 512 bytes: one list per 16 bytes */
#define TLSF_FL_MAX 38                          /* blocks are smaller than 256 GiB */
#define TLSF_FL_COUNT (TLSF_FL_MAX - TLSF_FL_SHIFT + 1)
#define TLSF_POOL_MAX ((size_t)1 << TLSF_FL_MAX)

struct tlsf;
struct tlsf_block;
struct tlsf_pool;

/* Asked for memory when no free block fits a request. It should add a
 * 16-byte aligned pool of at least min_bytes (TLSF_POOL_OVERHEAD is already
 * included) with tlsf_add_pool and return 0; the allocation is then retried
 * once. Return a negative error number to let the allocation fail. */
typedef int (*tlsf_grow_fn)(struct tlsf *t, size_t min_bytes, void *arg);

struct tlsf {
	uint32_t fl_bitmap;                     /* bit f: sl_bitmap[f] != 0 */
	uint32_t sl_bitmap[TLSF_FL_COUNT];      /* bit s: free[f][s] != NULL */
	struct tlsf_block *free[TLSF_FL_COUNT][TLSF_SL_COUNT];
	struct tlsf_pool *pools;                /* every pool ever added */
	size_t used_bytes;                      /* sum of usable sizes of live allocations */
	size_t free_bytes;                      /* sum of payload sizes of free blocks */
	tlsf_grow_fn grow;
	void *grow_arg;
};

/* Called with a short description when a heap operation finds a corrupted
 * header, a double free or a pointer that is not a live block; the
 * operation is then refused (free does nothing, realloc returns NULL).
 * The kernel points it at a panic; the default just returns. */
extern void (*tlsf_corruption)(const char *what, const void *p);

/* Order: tlsf_init, then tlsf_add_pool (or tlsf_set_grow), then the rest. */
void tlsf_init(struct tlsf *t);
/* 0, or -EINVAL when mem is NULL or not 16-byte aligned, bytes is below
 * TLSF_POOL_MIN, or the range overlaps a pool already added. The memory
 * must stay valid, and untouched by the caller, while t is in use. */
int tlsf_add_pool(struct tlsf *t, void *mem, size_t bytes);
void tlsf_set_grow(struct tlsf *t, tlsf_grow_fn grow, void *arg);

/* 16-byte aligned, or NULL when out of memory. n == 0 gives a valid
 * minimal block. */
void *tlsf_malloc(struct tlsf *t, size_t n);
/* align must be a power of two up to TLSF_MAX_ALIGN, else NULL. */
void *tlsf_memalign(struct tlsf *t, size_t align, size_t n);
/* Grows in place when the next block is free and big enough, shrinks in
 * place always. p == NULL is tlsf_malloc; n == 0 shrinks p to a minimal
 * block and returns it (it does not free). On failure returns NULL and p
 * is untouched. The contents of a moved block are preserved up to
 * min(old usable size, n). */
void *tlsf_realloc(struct tlsf *t, void *p, size_t n);
/* p == NULL is fine. */
void tlsf_free(struct tlsf *t, void *p);
/* Bytes the caller may use at p (>= the size asked for); 0 for NULL. */
size_t tlsf_usable_size(const void *p);

/* Statistics. bytes_used is the sum of usable sizes of live allocations and
 * returns to 0 when everything is freed; bytes_free is the payload of all
 * free blocks; largest_free is the biggest n for which tlsf_malloc(t, n)
 * succeeds without growing (it walks one free list, so it is not O(1)). */
size_t tlsf_bytes_used(const struct tlsf *t);
size_t tlsf_bytes_free(const struct tlsf *t);
size_t tlsf_largest_free(const struct tlsf *t);

/* Walks every pool and free list and verifies sizes, state bits,
 * coalescing, list membership, bitmaps and counters. 0, or -EINVAL after
 * reporting the first problem found to tlsf_corruption. */
int tlsf_check(const struct tlsf *t);

#endif
