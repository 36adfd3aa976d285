/* The kernel heap: one TLSF allocator over all free RAM. Memory is
 * identity mapped, so an allocation's address is its physical address. */
#ifndef HEAP_H
#define HEAP_H

#include <stddef.h>
#include <stdint.h>

struct boot_info;

void memory_init(const struct boot_info *bi);
void *kmalloc(size_t n);
void *kmemalign(size_t align, size_t n);
void *krealloc(void *p, size_t n);
void kfree(void *p);
size_t kmalloc_usable_size(const void *p);

struct memory_stats {
	uint64_t total;       /* RAM handed to the heap at boot */
	uint64_t used, free, largest_free;
};
void memory_stats(struct memory_stats *s);

#endif
