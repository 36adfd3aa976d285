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
void arch_irq_enable(void);
void arch_irq_disable(void);
bool arch_irq_save_disable(void);            /* returns whether they were on */
void arch_irq_restore(bool on);
void arch_idle(void);   /* call with interrupts off; returns with them on after one */
typedef void (*arch_irq_handler)(void *arg);
/* A free interrupt vector calling fn(arg) (in interrupt context, with
 * interrupts off); -1 when none is left. */
int arch_irq_alloc(arch_irq_handler fn, void *arg);
void arch_irq_free(int vector);
/* Adds fn(arg) to a level-triggered interrupt line shared with other
 * devices (PCI INTx; irqline.c): fn must ask its device whether it
 * interrupted and quiet it. Returns 0 or a negative errno. */
int arch_irq_line_add(uint32_t gsi, bool active_low, arch_irq_handler fn, void *arg);
/* The message a device writes to raise `vector` on the boot CPU (MSI/MSI-X). */
void arch_msi_message(int vector, uint64_t *address, uint32_t *data);
void arch_timer_init(void);
void arch_timer_set_handler(arch_irq_handler fn, void *arg);
void arch_timer_arm(uint64_t ns_from_now);   /* one-shot; 0 disarms */
/* A second, periodic timer for the profiler: fn(interrupted pc) hz times a second. */
int arch_profile_timer_start(unsigned hz, void (*fn)(uintptr_t pc));

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
void arch_console_flush(void);               /* until the last byte has left */
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
const char *arch_cpu_model(void);           /* the CPUID brand string, or the vendor */
_Noreturn void arch_poweroff(int exit_code);
/* What arch_poweroff does last, when the host runner's exit device did not
 * stop the machine: the platform's power-off (ACPI S5, kernel/dev/acpi.c). */
void arch_set_poweroff_method(void (*fn)(void));
/* Resets the machine (interrupts off first): the platform's reset method,
 * then the 8042 keyboard controller, port 0xcf9, and a triple fault, each
 * tried when the one before left the machine running. Says on the console
 * which one it tries, and "rtjs-reboot" on debugcon. `first` (NULL: from
 * the start) skips to a method by name: "acpi", "kbd", "cf9", "triple". */
_Noreturn void arch_reboot(const char *first);
/* The platform's reset method (ACPI's reset register, kernel/dev/acpi.c);
 * `what` names it in the console line and must outlive the kernel. */
void arch_set_reboot_method(void (*fn)(void), const char *what);

/* IOAPICs (ioapic.c), as ACPI's MADT lists them (no MADT: one at
 * 0xfec00000). ioapic_init masks every pin; ioapic_route programs a pin
 * and leaves it masked: set the vector's handler, then ioapic_unmask.
 * Errors: -ENODEV (no IOAPIC has that GSI), -EINVAL (a vector below 32). */
struct acpi_info;
void ioapic_init(const struct acpi_info *acpi);   /* acpi may be NULL */
int ioapic_route(uint32_t gsi, uint8_t vector, bool level, bool active_low);   /* -EBUSY: routed already */
int ioapic_release(uint32_t gsi);                  /* masked and unrouted: free to route again */
int ioapic_route_isa(int irq, uint8_t vector);    /* through the MADT's overrides; returns the GSI */
int ioapic_mask(uint32_t gsi);
int ioapic_unmask(uint32_t gsi);

/* Backtrace from a frame pointer: calls fn for each return address. */
void arch_backtrace(uintptr_t rbp, void (*fn)(uintptr_t pc, void *arg), void *arg);
uintptr_t arch_frame_pointer(void);

#endif
