/* Symbolises kernel addresses for panics, from the table that
 * tools/gen-ksyms.sh generates at link time into the .ksyms section:
 * a count, then (address, name offset) pairs sorted by address, then names. */
#include "arch.h"
#include "kernel.h"

struct ksym {
	uint64_t addr;
	uint64_t name;
};

extern const char __ksyms_start[], __ksyms_end[];

const char *ksym_lookup(uintptr_t pc, uintptr_t *offset)
{
	if ((uintptr_t)__ksyms_end - (uintptr_t)__ksyms_start < 8)
		return 0;
	uint64_t count = *(const uint64_t *)__ksyms_start;
	const struct ksym *syms = (const struct ksym *)(__ksyms_start + 8);
	const char *names = (const char *)(syms + count);
	size_t lo = 0, hi = count;
	while (lo < hi) {                  /* last symbol with addr <= pc */
		size_t mid = (lo + hi) / 2;
		if (syms[mid].addr <= pc)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0)
		return 0;
	*offset = pc - syms[lo - 1].addr;
	return names + syms[lo - 1].name;
}

static void print_frame(uintptr_t pc, void *arg)
{
	(void)arg;
	uintptr_t off = 0;
	const char *name = ksym_lookup(pc - 1, &off);
	kprintf("    at %016lx %s+%#lx\n", pc, name ? name : "?", name ? off + 1 : 0);
}

void backtrace_print(uintptr_t rbp)
{
	kputs("  backtrace:\n");
	arch_backtrace(rbp, print_frame, 0);
}
