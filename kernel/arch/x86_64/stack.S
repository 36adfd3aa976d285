/* arch_call_on_stack(fn, arg, stack_top): runs fn(arg) on another stack
 * and returns its result on the caller's stack. */
	.text
	.globl arch_call_on_stack
arch_call_on_stack:
	pushq %rbp
	movq %rsp, %rbp
	movq %rdx, %rsp
	andq $-16, %rsp
	movq %rdi, %rax
	movq %rsi, %rdi
	call *%rax
	movq %rbp, %rsp
	popq %rbp
	ret
	.section .note.GNU-stack, "", @progbits
