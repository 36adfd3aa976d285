/* Paging: replaces the boot identity map with one built from the memory
 * map. The first 2 MiB-aligned span covering the kernel uses 4 KiB pages so
 * that text is read-only, data is no-execute and page 0 is unmapped;
 * everything else is identity mapped with 2 MiB pages, no-execute.
 *
 *   0          4K             1M        __text_end  __rodata_end  __kernel_end
 *   | unmapped | low memory RW | text R X | rodata R  | data+bss RW |  RAM RW ...
 *   3 GiB .. 4 GiB: device memory (LAPIC, IOAPIC, PCI), uncached; other
 *   device memory becomes uncached when a driver maps it (arch_map_mmio).
 */
#include <string.h>

#include "arch.h"
#include "boot.h"
#include "kernel.h"
#include "x86.h"

#define PTE_P   (1ull << 0)
#define PTE_W   (1ull << 1)
#define PTE_PWT (1ull << 3)
#define PTE_PCD (1ull << 4)
#define PTE_PS  (1ull << 7)
#define PTE_G   (1ull << 8)
#define PTE_NX  (1ull << 63)
#define PTE_ADDR 0x000ffffffffff000ull

#define TABLE_POOL 256

bool cpu_has_nx(void);
void cpu_guard_ist_stacks(void);

static struct {
	uint64_t tables[TABLE_POOL][512] __attribute__((aligned(4096)));
	int used;
	uint64_t *pml4;
	uint64_t nx;
	const struct boot_info *boot;    /* its memory map says what is RAM */
} pg __attribute__((aligned(4096)));

extern char __text_end[], __rodata_end[], __kernel_end[];

static uint64_t *table_alloc(void)
{
	if (pg.used >= TABLE_POOL)
		panic("paging: out of page-table pages");
	uint64_t *t = pg.tables[pg.used++];
	memset(t, 0, 4096);
	return t;
}

static uint64_t *next_level(uint64_t *table, int index)
{
	if (!(table[index] & PTE_P))
		table[index] = (uint64_t)(uintptr_t)table_alloc() | PTE_P | PTE_W;
	kassert(!(table[index] & PTE_PS));
	return (uint64_t *)(uintptr_t)(table[index] & PTE_ADDR);
}

static uint64_t *pd_for(uint64_t va)
{
	uint64_t *pdpt = next_level(pg.pml4, (va >> 39) & 511);
	return next_level(pdpt, (va >> 30) & 511);
}

static void map_2m(uint64_t va, uint64_t flags)
{
	uint64_t *pd = pd_for(va);
	pd[(va >> 21) & 511] = va | PTE_P | PTE_PS | flags;
}

static uint64_t *pt_for(uint64_t va)
{
	uint64_t *pd = pd_for(va);
	int i = (va >> 21) & 511;
	if (pd[i] & PTE_PS) {
		/* Split a 2 MiB page into 512 small pages with the same rights. */
		uint64_t flags = pd[i] & ~(PTE_ADDR | PTE_PS);
		uint64_t base = pd[i] & PTE_ADDR;
		uint64_t *pt = table_alloc();
		for (int j = 0; j < 512; j++)
			pt[j] = (base + ((uint64_t)j << 12)) | flags;
		pd[i] = (uint64_t)(uintptr_t)pt | PTE_P | PTE_W;
	} else if (!(pd[i] & PTE_P)) {
		pd[i] = (uint64_t)(uintptr_t)table_alloc() | PTE_P | PTE_W;
	}
	return (uint64_t *)(uintptr_t)(pd[i] & PTE_ADDR);
}

static void map_4k(uint64_t va, uint64_t flags)
{
	pt_for(va)[(va >> 12) & 511] = flags ? (va | PTE_P | flags) : 0;
}

void arch_guard_page(uintptr_t va)
{
	map_4k(ALIGN_DOWN(va, 4096), 0);
	invlpg(va);
}

void arch_unguard_page(uintptr_t va)
{
	map_4k(ALIGN_DOWN(va, 4096), PTE_W | pg.nx);
	invlpg(va);
}

static bool holds_ram(uint64_t va, uint64_t len)
{
	for (int i = 0; i < pg.boot->nmem; i++) {
		const struct boot_mem_range *r = &pg.boot->mem[i];
		if (r->type == BOOT_MEM_USABLE && r->base < va + len && va < r->base + r->len)
			return true;
	}
	return false;
}

/* Device memory, 2 MiB pages, uncached, no-execute. Pages the boot map left
 * out (64-bit BARs) are added; pages it mapped cached become uncached
 * (device memory below 3 GiB: q35's ECAM window at 2.75 GiB, a BAR placed
 * low), unless they hold RAM or are the kernel's small pages: hw.mmio()
 * over a DMA buffer keeps it cached. Firmware marks these ranges
 * uncached in the MTRRs too, so no cache line of them can be dirty. */
void arch_map_mmio(uint64_t phys, uint64_t len)
{
	for (uint64_t va = ALIGN_DOWN(phys, 2 << 20); va < phys + len; va += 2 << 20) {
		uint64_t *pd = pd_for(va);
		int i = (va >> 21) & 511;
		uint64_t uncached = va | PTE_P | PTE_PS | PTE_W | PTE_PCD | PTE_PWT | pg.nx;
		bool absent = !(pd[i] & PTE_P), large = pd[i] & PTE_PS;
		if (pd[i] != uncached && (absent || (large && !holds_ram(va, 2 << 20)))) {
			pd[i] = uncached;
			invlpg(va);
		}
	}
}

void arch_paging_init(const struct boot_info *bi)
{
	pg.nx = cpu_has_nx() ? PTE_NX : 0;
	pg.boot = bi;
	pg.pml4 = table_alloc();

	uint64_t top = 4ull << 30;
	for (int i = 0; i < bi->nmem; i++)
		if (bi->mem[i].type == BOOT_MEM_USABLE && bi->mem[i].base + bi->mem[i].len > top)
			top = ALIGN_UP(bi->mem[i].base + bi->mem[i].len, 2 << 20);

	for (uint64_t va = 0; va < top; va += 2 << 20) {
		uint64_t flags = PTE_W | pg.nx;
		if (va >= (3ull << 30) && va < (4ull << 30))
			flags |= PTE_PCD | PTE_PWT;
		map_2m(va, flags);
	}

	uint64_t text_end = (uint64_t)(uintptr_t)__text_end;
	uint64_t ro_end = (uint64_t)(uintptr_t)__rodata_end;
	uint64_t kend = ALIGN_UP((uint64_t)(uintptr_t)__kernel_end, 4096);
	map_4k(0, 0);
	for (uint64_t va = 0x100000; va < kend; va += 4096) {
		uint64_t flags = PTE_W | pg.nx;
		if (va < text_end)
			flags = PTE_G;                /* read-only, executable */
		else if (va < ro_end)
			flags = pg.nx;                /* read-only */
		map_4k(va, flags);
	}
	write_cr3((uint64_t)(uintptr_t)pg.pml4);
	cpu_guard_ist_stacks();
	extern char boot_stack_bottom[];
	arch_guard_page((uintptr_t)boot_stack_bottom);
}
