/* CPU bring-up: GDT with a TSS whose IST stacks carry every interrupt,
 * the IDT, FPU/SSE enablement, and the features we detect with CPUID.
 * Also the one place that owns the per-CPU structure. */
#include <string.h>

#include "arch.h"
#include "kernel.h"
#include "trap.h"
#include "x86.h"

#define IST_STACK_SIZE 16384

struct tss {
	uint32_t reserved0;
	uint64_t rsp[3];
	uint64_t reserved1;
	uint64_t ist[7];
	uint64_t reserved2;
	uint16_t reserved3, iomap_base;
} __attribute__((packed));

struct idt_gate {
	uint16_t off_lo, selector;
	uint8_t ist, type;
	uint16_t off_mid;
	uint32_t off_hi, reserved;
} __attribute__((packed));

struct desc_ptr {
	uint16_t limit;
	uint64_t base;
} __attribute__((packed));

/* The IST stacks, each preceded by a guard page unmapped in paging init. */
enum { IST_EXCEPTION = 1, IST_IRQ = 2, IST_DOUBLE_FAULT = 3, IST_NMI = 4, IST_COUNT = 4 };

static struct {
	uint64_t gdt[5];
	struct tss tss;
	struct idt_gate idt[256];
	uint8_t ist_stacks[IST_COUNT][4096 + IST_STACK_SIZE] __attribute__((aligned(4096)));
	bool nx, rdrand, rdseed, invariant_tsc, kvm, hypervisor;
} cpu __attribute__((aligned(4096)));

extern const uint64_t isr_table[256];

static void set_gate(int vec, int ist)
{
	uint64_t off = isr_table[vec];
	cpu.idt[vec] = (struct idt_gate){
		.off_lo = (uint16_t)off, .selector = 0x08, .ist = (uint8_t)ist, .type = 0x8e,
		.off_mid = (uint16_t)(off >> 16), .off_hi = (uint32_t)(off >> 32),
	};
}

static void gdt_init(void)
{
	uint64_t tss = (uint64_t)&cpu.tss;
	cpu.gdt[0] = 0;
	cpu.gdt[1] = 0x00af9a000000ffffull;   /* kernel code */
	cpu.gdt[2] = 0x00cf92000000ffffull;   /* kernel data */
	cpu.gdt[3] = (sizeof(struct tss) - 1) | ((tss & 0xffffff) << 16) | (0x89ull << 40) |
		     (((tss >> 24) & 0xff) << 56);
	cpu.gdt[4] = tss >> 32;
	for (int i = 0; i < IST_COUNT; i++)
		cpu.tss.ist[i] = (uint64_t)&cpu.ist_stacks[i][4096 + IST_STACK_SIZE];
	cpu.tss.iomap_base = sizeof(struct tss);

	struct desc_ptr gdtr = { sizeof(cpu.gdt) - 1, (uint64_t)cpu.gdt };
	__asm__ volatile(
		"lgdt %0\n"
		"pushq $0x08\n"
		"leaq 1f(%%rip), %%rax\n"
		"pushq %%rax\n"
		"lretq\n"
		"1: movw $0x10, %%ax\n"
		"movw %%ax, %%ds\n movw %%ax, %%es\n movw %%ax, %%ss\n"
		"movw $0x18, %%ax\n ltr %%ax\n"
		: : "m"(gdtr) : "rax", "memory");
}

static void idt_init(void)
{
	for (int v = 0; v < 256; v++) {
		int ist = v < 32 ? IST_EXCEPTION : IST_IRQ;
		if (v == 8)
			ist = IST_DOUBLE_FAULT;
		else if (v == 2 || v == 18)
			ist = IST_NMI;
		set_gate(v, ist);
	}
	struct desc_ptr idtr = { sizeof(cpu.idt) - 1, (uint64_t)cpu.idt };
	__asm__ volatile("lidt %0" : : "m"(idtr));
}

static void features_init(void)
{
	uint32_t r[4];
	cpuid(0, 0, r);
	uint32_t max_leaf = r[0];
	cpuid(1, 0, r);
	cpu.rdrand = r[2] & (1u << 30);
	cpu.hypervisor = r[2] & (1u << 31);
	if (max_leaf >= 7) {
		cpuid(7, 0, r);
		cpu.rdseed = r[1] & (1u << 18);
	}
	cpuid(0x80000000, 0, r);
	uint32_t max_ext = r[0];
	if (max_ext >= 0x80000001) {
		cpuid(0x80000001, 0, r);
		cpu.nx = r[3] & (1u << 20);
	}
	if (max_ext >= 0x80000007) {
		cpuid(0x80000007, 0, r);
		cpu.invariant_tsc = r[3] & (1u << 8);
	}
	if (cpu.hypervisor) {
		cpuid(0x40000000, 0, r);
		cpu.kvm = r[1] == 0x4b4d564b && r[2] == 0x564b4d56 && r[3] == 0x4d;  /* "KVMKVMKVM" */
	}
}

/* SSE is used by compiled C (QuickJS doubles); AVX stays off: we build for
 * baseline x86-64 and save state with FXSAVE, which KVM-PVM handles. */
static void fpu_init(void)
{
	uint64_t cr0 = read_cr0();
	cr0 = (cr0 & ~(uint64_t)(CR0_EM | CR0_TS)) | CR0_MP;
	write_cr0(cr0);
	write_cr4(read_cr4() | CR4_OSFXSR | CR4_OSXMMEXCPT);
	__asm__ volatile("fninit");
	uint32_t mxcsr = 0x1f80;
	__asm__ volatile("ldmxcsr %0" : : "m"(mxcsr));
}

void arch_cpu_init(void)
{
	features_init();
	fpu_init();
	gdt_init();
	idt_init();
	if (cpu.nx)
		wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_NXE);
}

/* CPUID's brand string (leaves 0x80000002-4), spaces trimmed; the vendor
 * when the CPU has none. Read once. */
const char *arch_cpu_model(void)
{
	static char model[49];
	if (model[0])
		return model;
	uint32_t r[4];
	cpuid(0x80000000, 0, r);
	if (r[0] >= 0x80000004) {
		for (uint32_t leaf = 0; leaf < 3; leaf++) {
			cpuid(0x80000002 + leaf, 0, r);
			memcpy(model + 16 * leaf, r, 16);
		}
	} else {
		cpuid(0, 0, r);
		memcpy(model, &r[1], 4);
		memcpy(model + 4, &r[3], 4);
		memcpy(model + 8, &r[2], 4);
	}
	model[48] = 0;
	size_t start = 0, end = strlen(model);
	while (model[start] == ' ')
		start++;
	while (end > start && model[end - 1] == ' ')
		end--;
	memmove(model, model + start, end - start);
	model[end - start] = 0;
	if (!model[0])
		strcpy(model, "x86-64");
	return model;
}

bool cpu_has_nx(void) { return cpu.nx; }
bool cpu_is_kvm(void) { return cpu.kvm; }
bool arch_has_hw_random(void) { return cpu.rdrand || cpu.rdseed; }

void cpu_guard_ist_stacks(void)
{
	for (int i = 0; i < IST_COUNT; i++)
		arch_guard_page((uintptr_t)cpu.ist_stacks[i]);
}

uint64_t arch_random_seed(void)
{
	uint64_t v = 0;
	unsigned char ok = 0;
	for (int tries = 0; tries < 16 && !ok; tries++) {
		if (cpu.rdseed)
			__asm__ volatile("rdseed %0; setc %1" : "=r"(v), "=qm"(ok));
		else if (cpu.rdrand)
			__asm__ volatile("rdrand %0; setc %1" : "=r"(v), "=qm"(ok));
		else
			break;
	}
	if (!ok) {
		/* No hardware entropy: mix the TSC's low bits over a few reads. */
		for (int i = 0; i < 8; i++) {
			v ^= rdtsc() + 0x9e3779b97f4a7c15ull;
			v = (v ^ (v >> 30)) * 0xbf58476d1ce4e5b9ull;
			v = (v ^ (v >> 27)) * 0x94d049bb133111ebull;
			v ^= v >> 31;
		}
	}
	return v;
}

void arch_set_thread_pointer(void *p)
{
	wrmsr(MSR_FS_BASE, (uint64_t)(uintptr_t)p);
}

int arch_cpu_count(void) { return 1; }

/* Called with interrupts disabled after the caller found nothing to do;
 * returns, interrupts enabled, once an interrupt has been handled. */
void arch_idle(void)
{
	__asm__ volatile("sti; hlt" ::: "memory");
}

uintptr_t arch_frame_pointer(void)
{
	return (uintptr_t)__builtin_frame_address(0);
}

/* Lays out a new thread's stack so that arch_context_switch() "returns"
 * into arch_thread_start, which calls fn(arg). See switch.S. */
uint64_t arch_context_init(void *stack_top, void (*fn)(void *), void *arg)
{
	extern char arch_thread_start[];
	uint64_t *sp = (uint64_t *)(((uintptr_t)stack_top & ~(uintptr_t)15) - 16);
	*--sp = (uint64_t)(uintptr_t)arch_thread_start;
	*--sp = 0;                          /* rbp */
	*--sp = 0;                          /* rbx */
	*--sp = (uint64_t)(uintptr_t)arg;   /* r12 */
	*--sp = (uint64_t)(uintptr_t)fn;    /* r13 */
	*--sp = 0;                          /* r14 */
	*--sp = 0;                          /* r15 */
	*--sp = 0x1f80 | (0x037full << 32); /* mxcsr, x87 control word */
	return (uint64_t)(uintptr_t)sp;
}

void arch_irq_enable(void) { __asm__ volatile("sti" ::: "memory"); }
void arch_irq_disable(void) { __asm__ volatile("cli" ::: "memory"); }

bool arch_irq_save_disable(void)
{
	uint64_t flags;
	__asm__ volatile("pushfq; popq %0; cli" : "=r"(flags) : : "memory");
	return flags & (1u << 9);
}

void arch_irq_restore(bool on)
{
	if (on)
		__asm__ volatile("sti" ::: "memory");
}
