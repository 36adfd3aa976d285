/* The register frame built by isr.S, and interrupt vector numbers. */
#ifndef TRAP_H
#define TRAP_H

#include <stdint.h>

struct trap_frame {
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8, rbp, rdi, rsi, rdx, rcx, rbx, rax;
	uint64_t vector, error;
	uint64_t rip, cs, rflags, rsp, ss;   /* pushed by the CPU */
};

enum {
	VEC_TIMER = 0x20,
	VEC_SPURIOUS = 0xff,
};

void trap_set_handler(int vector, void (*fn)(struct trap_frame *, void *), void *arg);
void lapic_eoi(void);

#endif
