/* Hands every usable page of RAM to the kernel heap, except low memory
 * (below 1 MiB), the kernel image and the app bundle (initrd). */
#include <string.h>

#include "boot.h"
#include "heap.h"
#include "kernel.h"
#include "tlsf.h"

static struct {
	struct tlsf heap;
	uint64_t total;
} mem;

static void corruption(const char *what, const void *p)
{
	panic("heap corruption: %s (%p)", what, p);
}

/* Add [base, end) minus the reserved ranges, recursively splitting. */
static void add_free(uint64_t base, uint64_t end, const uint64_t (*res)[2], int nres)
{
	for (int i = 0; i < nres; i++) {
		if (res[i][0] < end && res[i][1] > base) {
			if (res[i][0] > base)
				add_free(base, res[i][0], res + i + 1, nres - i - 1);
			if (res[i][1] < end)
				add_free(res[i][1], end, res + i + 1, nres - i - 1);
			return;
		}
	}
	base = ALIGN_UP(base, 4096);
	end = ALIGN_DOWN(end, 4096);
	if (end > base + 65536 && tlsf_add_pool(&mem.heap, (void *)(uintptr_t)base, end - base) == 0)
		mem.total += end - base;
}

void memory_init(const struct boot_info *bi)
{
	extern char __kernel_start[], __kernel_end[];
	uint64_t reserved[][2] = {
		{ 0, 0x100000 },
		{ (uintptr_t)__kernel_start, ALIGN_UP((uintptr_t)__kernel_end, 4096) },
		{ ALIGN_DOWN(bi->initrd_base, 4096), ALIGN_UP(bi->initrd_base + bi->initrd_len, 4096) },
	};
	tlsf_corruption = corruption;
	tlsf_init(&mem.heap);
	for (int i = 0; i < bi->nmem; i++)
		if (bi->mem[i].type == BOOT_MEM_USABLE)
			add_free(bi->mem[i].base, bi->mem[i].base + bi->mem[i].len, reserved,
				 (int)ARRAY_SIZE(reserved));
	if (mem.total == 0)
		panic("no usable memory in the boot memory map");
}

void *kmalloc(size_t n) { return tlsf_malloc(&mem.heap, n); }
void *kmemalign(size_t align, size_t n) { return tlsf_memalign(&mem.heap, align, n); }
void *krealloc(void *p, size_t n) { return tlsf_realloc(&mem.heap, p, n); }
void kfree(void *p) { tlsf_free(&mem.heap, p); }
size_t kmalloc_usable_size(const void *p) { return p ? tlsf_usable_size(p) : 0; }

void memory_stats(struct memory_stats *s)
{
	s->total = mem.total;
	s->used = tlsf_bytes_used(&mem.heap);
	s->free = tlsf_bytes_free(&mem.heap);
	s->largest_free = tlsf_largest_free(&mem.heap);
}
