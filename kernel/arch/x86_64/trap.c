/* Interrupt dispatch: IRQ vectors go to registered handlers; a CPU
 * exception prints the vector, error code, registers and a symbolised
 * backtrace, then stops the machine with EXIT_PANIC. */
#include "arch.h"
#include "kernel.h"
#include "trap.h"
#include "x86.h"

static const char *const exception_names[32] = {
	"#DE divide error", "#DB debug", "NMI", "#BP breakpoint", "#OF overflow",
	"#BR bound range", "#UD invalid opcode", "#NM device not available",
	"#DF double fault", "coprocessor overrun", "#TS invalid TSS", "#NP segment not present",
	"#SS stack fault", "#GP general protection", "#PF page fault", "reserved",
	"#MF x87 floating point", "#AC alignment check", "#MC machine check",
	"#XM SIMD floating point", "#VE virtualization", "#CP control protection",
};

static struct {
	void (*fn)(struct trap_frame *, void *);
	void *arg;
} handlers[256];

#define FIRST_DEVICE_VECTOR 0x30
#define LAST_DEVICE_VECTOR 0xef

static struct {
	arch_irq_handler fn;
	void *arg;
} device_irqs[256];

static void device_irq(struct trap_frame *f, void *arg)
{
	(void)arg;
	device_irqs[f->vector].fn(device_irqs[f->vector].arg);
}

int arch_irq_alloc(arch_irq_handler fn, void *arg)
{
	for (int v = FIRST_DEVICE_VECTOR; v <= LAST_DEVICE_VECTOR; v++) {
		if (!handlers[v].fn) {
			device_irqs[v].fn = fn;
			device_irqs[v].arg = arg;
			trap_set_handler(v, device_irq, 0);
			return v;
		}
	}
	return -1;
}

void arch_irq_free(int vector)
{
	if (vector < FIRST_DEVICE_VECTOR || vector > LAST_DEVICE_VECTOR)
		return;
	trap_set_handler(vector, 0, 0);
	device_irqs[vector].fn = 0;
	device_irqs[vector].arg = 0;
}

void arch_msi_message(int vector, uint64_t *address, uint32_t *data)
{
	*address = 0xfee00000;          /* the LAPIC of CPU 0, physical destination */
	*data = (uint32_t)vector;       /* fixed delivery, edge */
}

void trap_set_handler(int vector, void (*fn)(struct trap_frame *, void *), void *arg)
{
	handlers[vector].fn = fn;
	handlers[vector].arg = arg;
}

static _Noreturn void exception(struct trap_frame *f)
{
	static int nested;
	if (nested++) {
		kprintf("\npanic: CPU exception %lu at %#lx while reporting an exception\n", f->vector, f->rip);
		kernel_exit(EXIT_PANIC);
	}
	const char *name = f->vector < 32 && exception_names[f->vector] ? exception_names[f->vector] : "exception";
	kprintf("\npanic: CPU exception %lu (%s), error code %#lx\n", f->vector, name, f->error);
	if (f->vector == 14) {
		uint64_t cr2 = read_cr2();
		kprintf("  fault address %#lx (%s, %s%s)%s\n", cr2,
			f->error & 1 ? "protection violation" : "page not present",
			f->error & 2 ? "write" : "read", f->error & 16 ? ", instruction fetch" : "",
			cr2 < 4096 ? " - a null pointer dereference" : "");
	}
	uintptr_t off;
	const char *sym = ksym_lookup(f->rip, &off);
	kprintf("  rip %016lx %s+%#lx\n", f->rip, sym ? sym : "?", sym ? off : 0);
	kprintf("  rax %016lx rbx %016lx rcx %016lx rdx %016lx\n", f->rax, f->rbx, f->rcx, f->rdx);
	kprintf("  rsi %016lx rdi %016lx rbp %016lx rsp %016lx\n", f->rsi, f->rdi, f->rbp, f->rsp);
	kprintf("  r8  %016lx r9  %016lx r10 %016lx r11 %016lx\n", f->r8, f->r9, f->r10, f->r11);
	kprintf("  r12 %016lx r13 %016lx r14 %016lx r15 %016lx\n", f->r12, f->r13, f->r14, f->r15);
	kprintf("  rflags %08lx cs %lx ss %lx\n", f->rflags, f->cs, f->ss);
	backtrace_print(f->rbp);
	kernel_exit(EXIT_PANIC);
}

void trap_dispatch(struct trap_frame *f)
{
	if (f->vector < 32) {
		if (f->vector == 2)
			return;          /* NMI: nothing to do on a VM */
		exception(f);
	}
	if (f->vector == VEC_SPURIOUS)
		return;
	if (handlers[f->vector].fn)
		handlers[f->vector].fn(f, handlers[f->vector].arg);
	lapic_eoi();
}

void arch_backtrace(uintptr_t rbp, void (*fn)(uintptr_t pc, void *arg), void *arg)
{
	extern char __kernel_start[], __kernel_end[];
	for (int depth = 0; depth < 32 && rbp; depth++) {
		/* Only follow frames inside memory we know is mapped. */
		if (rbp & 7 || rbp < 0x1000 || rbp >= (uintptr_t)0x100000000ull)
			break;
		uintptr_t *frame = (uintptr_t *)rbp;
		uintptr_t pc = frame[1];
		if (pc < (uintptr_t)__kernel_start || pc >= (uintptr_t)__kernel_end)
			break;
		fn(pc, arg);
		if (frame[0] <= rbp)
			break;
		rbp = frame[0];
	}
}
