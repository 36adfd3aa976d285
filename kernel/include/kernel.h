/* Kernel-wide essentials: console printing, panics and assertions. */
#ifndef KERNEL_H
#define KERNEL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdbool.h>
#include <stdint.h>

#define RTJS_VERSION "0.1.0"

/* Exit codes shared with bin/rtjs and docs/exit-codes (see README). */
enum {
	EXIT_APP_ERROR = 1,     /* uncaught exception, unhandled rejection */
	EXIT_BAD_BUNDLE = 2,    /* initrd missing, corrupt, or entry not found */
	EXIT_PANIC = 70,        /* CPU exception or failed kernel assertion */
	EXIT_TIMEOUT = 124,     /* rtjs.timeout= expired */
};

void kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* For a report that may repeat fast (drops under a flood): true at most
 * once per interval_ns, keeping the time of the last true in *last_ns. */
bool log_ratelimit(uint64_t *last_ns, uint64_t interval_ns);
void kvprintf(const char *fmt, va_list ap);
void kputs(const char *s);
_Noreturn void panic(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
_Noreturn void kernel_exit(int code);     /* power off; the host runner gets code */
/* Resets the machine; the kernel boots again. Nothing is flushed here but
 * the console: block devices are the caller's (hw.power.reboot flushes). */
_Noreturn void kernel_reboot(void);

#define kassert(cond) \
	do { if (!(cond)) panic("assertion failed: %s at %s:%d", #cond, __FILE__, __LINE__); } while (0)

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define ALIGN_UP(x, a) (((x) + (a) - 1) & ~((uint64_t)(a) - 1))
#define ALIGN_DOWN(x, a) ((x) & ~((uint64_t)(a) - 1))

/* Kernel symbol table, generated at link time (tools/gen-ksyms.sh). */
const char *ksym_lookup(uintptr_t pc, uintptr_t *offset);
void backtrace_print(uintptr_t rbp);

#endif
