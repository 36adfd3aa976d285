/* Interrupt and exception entry stubs. Every gate runs on an IST stack
 * (prebuilt archives use the red zone), saves the general registers and
 * the FPU/SSE state, and calls trap_dispatch(struct trap_frame *). */

	.altmacro
	.macro ISR n, err
	.p2align 4
isr_\n:
	.if \err == 0
	pushq $0
	.endif
	pushq $\n
	jmp isr_common
	.endm

	.text
	.code64
isr_common:
	pushq %rax
	pushq %rbx
	pushq %rcx
	pushq %rdx
	pushq %rsi
	pushq %rdi
	pushq %rbp
	pushq %r8
	pushq %r9
	pushq %r10
	pushq %r11
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
	movq %rsp, %rdi
	movq %rsp, %rbx
	subq $512, %rsp
	andq $-16, %rsp
	fxsave (%rsp)
	cld
	call trap_dispatch
	fxrstor (%rsp)
	movq %rbx, %rsp
	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %r11
	popq %r10
	popq %r9
	popq %r8
	popq %rbp
	popq %rdi
	popq %rsi
	popq %rdx
	popq %rcx
	popq %rbx
	popq %rax
	addq $16, %rsp
	iretq

	/* vectors with an error code: 8, 10-14, 17, 21, 29, 30 */
	.set i, 0
	.rept 256
	.if i == 8 || (i >= 10 && i <= 14) || i == 17 || i == 21 || i == 29 || i == 30
	ISR %i, 1
	.else
	ISR %i, 0
	.endif
	.set i, i + 1
	.endr

	.section .rodata
	.p2align 3
	.globl isr_table
isr_table:
	.set i, 0
	.macro ISR_ENTRY n
	.quad isr_\n
	.endm
	.rept 256
	ISR_ENTRY %i
	.set i, i + 1
	.endr
	.section .note.GNU-stack, "", @progbits
