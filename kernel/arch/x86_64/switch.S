/* Thread switches happen only at call boundaries (cooperative, or from
 * QuickJS's interrupt handler), so the callee-saved registers and the
 * x87/SSE control words are all the state to keep.
 *
 * arch_context_switch(uint64_t *save_rsp, uint64_t new_rsp)
 * arch_thread_start: first code a new thread runs; r13 = fn, r12 = arg. */
	.text
	.globl arch_context_switch
arch_context_switch:
	pushq %rbp
	pushq %rbx
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
	subq $8, %rsp
	stmxcsr (%rsp)
	fnstcw 4(%rsp)
	movq %rsp, (%rdi)
	movq %rsi, %rsp
	ldmxcsr (%rsp)
	fldcw 4(%rsp)
	addq $8, %rsp
	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %rbx
	popq %rbp
	ret

	.globl arch_thread_start
arch_thread_start:
	movq %r12, %rdi
	call *%r13
	ud2                     /* a thread function never returns */

	.section .note.GNU-stack, "", @progbits
