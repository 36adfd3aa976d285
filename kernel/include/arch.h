/* The interface the portable kernel uses to reach the CPU and platform.
 * Defined per architecture under kernel/arch/<arch>/. */
#ifndef ARCH_H
#define ARCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct boot_info;

/* Boot: parse the loader's hand-off (PVH start_info or multiboot2). */
void arch_boot_info(uint32_t protocol, uint32_t info_paddr, struct boot_info *bi);

/* CPU bring-up: descriptor tables, exceptions, FPU/SSE, features. */
void arch_cpu_init(void);
void arch_paging_init(const struct boot_info *bi);
void arch_guard_page(uintptr_t va);          /* unmap one page (stack guards) */
void arch_unguard_page(uintptr_t va);        /* map it again before freeing */
void arch_map_mmio(uint64_t phys, uint64_t len);  /* identity map device memory, uncached */
long arch_call_on_stack(long (*fn)(void *), void *arg, void *stack_top);

/* Threads: a saved stack pointer is a thread's whole context. */
void arch_context_switch(uint64_t *save_rsp, uint64_t new_rsp);
uint64_t arch_context_init(void *stack_top, void (*fn)(void *), void *arg);

/* The C library's thread pointer (%fs base on x86_64). */
void arch_set_thread_pointer(void *p);

/* Interrupts. */
static inline void arch_irq_enable(void) { __asm__ volatile("sti"); }
static inline void arch_irq_disable(void) { __asm__ volatile("cli"); }
void arch_idle(void);   /* call with interrupts off; returns with them on after one */
typedef void (*arch_irq_handler)(void *arg);
void arch_timer_init(void);
void arch_timer_set_handler(arch_irq_handler fn, void *arg);
void arch_timer_arm(uint64_t ns_from_now);   /* one-shot; 0 disarms */

/* Clocks. */
uint64_t arch_clock_ns(void);                /* monotonic, since boot */
int64_t arch_wall_clock_ns(void);            /* Unix epoch time at boot + monotonic */
uint64_t arch_tsc_hz(void);
const char *arch_clock_source(void);

/* Randomness: hardware entropy when offered, else a TSC-based mix. */
uint64_t arch_random_seed(void);
bool arch_has_hw_random(void);

/* Console: the 16550 serial port. */
void arch_console_init(void);
void arch_console_write(const char *s, size_t n);
/* Side channel for the host runner (QEMU debugcon, port 0xe9). */
void arch_debugcon_write(const char *s, size_t n);

/* Port I/O, for drivers (PCI configuration, legacy devices). */
uint8_t arch_pio_in8(uint16_t port);
uint16_t arch_pio_in16(uint16_t port);
uint32_t arch_pio_in32(uint16_t port);
void arch_pio_out8(uint16_t port, uint8_t v);
void arch_pio_out16(uint16_t port, uint16_t v);
void arch_pio_out32(uint16_t port, uint32_t v);

/* Machine. */
int arch_cpu_count(void);
_Noreturn void arch_poweroff(int exit_code);

/* Backtrace from a frame pointer: calls fn for each return address. */
void arch_backtrace(uintptr_t rbp, void (*fn)(uintptr_t pc, void *arg), void *arg);
uintptr_t arch_frame_pointer(void);

#endif
