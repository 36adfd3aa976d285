/* The C allocator for code that calls malloc (QuickJS outside an isolate's
 * own allocator, musl's formatting): the kernel heap. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "heap.h"

void *malloc(size_t n) { return kmalloc(n); }
void free(void *p) { kfree(p); }
void *realloc(void *p, size_t n) { return krealloc(p, n); }
size_t malloc_usable_size(void *p) { return kmalloc_usable_size(p); }
void *aligned_alloc(size_t align, size_t n) { return kmemalign(align, n); }

void *calloc(size_t count, size_t size)
{
	size_t n;
	if (__builtin_mul_overflow(count, size, &n))
		return 0;
	void *p = kmalloc(n);
	if (p)
		memset(p, 0, n);
	return p;
}

int posix_memalign(void **out, size_t align, size_t n)
{
	void *p = kmemalign(align, n);
	if (!p)
		return ENOMEM;
	*out = p;
	return 0;
}
