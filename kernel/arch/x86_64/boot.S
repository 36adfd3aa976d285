/* Boot entry: the PVH note (QEMU -kernel, Firecracker, Xen) and the
 * multiboot2 header (GRUB) both enter here in 32-bit protected mode with
 * paging off. We build an identity map of the first 4 GiB with 2 MiB pages,
 * enter long mode and call kmain(protocol, info). */

#define PVH_PROTO 1
#define MB2_PROTO 2
#define MB2_MAGIC 0xe85250d6
#define MB2_BOOTLOADER_MAGIC 0x36d76289

	.section .note.Xen, "a", @note
	.p2align 2
	.long 4                 /* name size: "Xen\0" */
	.long 4                 /* descriptor size */
	.long 18                /* XEN_ELFNOTE_PHYS32_ENTRY */
	.asciz "Xen"
	.long pvh_start

	.section .multiboot2, "a"
	.p2align 3
mb2_header:
	.long MB2_MAGIC
	.long 0                 /* architecture: i386 protected mode */
	.long mb2_header_end - mb2_header
	.long -(MB2_MAGIC + (mb2_header_end - mb2_header))
	.p2align 3
	.short 0, 0             /* end tag */
	.long 8
mb2_header_end:

	.section .boot.text, "ax"
	.code32
	.globl pvh_start
pvh_start:
	cli
	movl %ebx, boot_info_ptr
	movl $PVH_PROTO, boot_protocol
	jmp enter_long_mode

	.globl mb2_start
mb2_start:
	cli
	cmpl $MB2_BOOTLOADER_MAGIC, %eax
	jne 1f
	movl %ebx, boot_info_ptr
	movl $MB2_PROTO, boot_protocol
	jmp enter_long_mode
1:	hlt
	jmp 1b

enter_long_mode:
	movl $boot_stack_top, %esp

	/* PML4[0] -> PDPT; PDPT[0..3] -> four page directories of 2 MiB pages. */
	movl $boot_pdpt, %eax
	orl $0x3, %eax
	movl %eax, boot_pml4
	movl $0, %ecx
1:	movl %ecx, %eax
	shll $12, %eax
	addl $boot_pd, %eax
	orl $0x3, %eax
	movl %eax, boot_pdpt(,%ecx,8)
	incl %ecx
	cmpl $4, %ecx
	jne 1b
	movl $0, %ecx
2:	movl %ecx, %eax
	shll $21, %eax
	orl $0x83, %eax          /* present, writable, 2 MiB page */
	movl %eax, boot_pd(,%ecx,8)
	movl $0, boot_pd+4(,%ecx,8)
	incl %ecx
	cmpl $2048, %ecx
	jne 2b

	movl $boot_pml4, %eax
	movl %eax, %cr3
	movl %cr4, %eax
	orl $(1 << 5), %eax      /* PAE */
	movl %eax, %cr4
	movl $0xc0000080, %ecx   /* EFER */
	rdmsr
	orl $(1 << 8), %eax      /* LME */
	wrmsr
	movl %cr0, %eax
	orl $((1 << 31) | (1 << 16) | 1), %eax   /* PG, WP, PE */
	movl %eax, %cr0
	lgdt boot_gdt_ptr
	ljmp $0x08, $long_mode_entry

	.code64
long_mode_entry:
	movw $0x10, %ax
	movw %ax, %ds
	movw %ax, %es
	movw %ax, %ss
	xorw %ax, %ax
	movw %ax, %fs
	movw %ax, %gs
	movabsq $boot_stack_top, %rsp
	xorl %ebp, %ebp
	movl boot_protocol, %edi
	movl boot_info_ptr, %esi
	call kmain
3:	cli
	hlt
	jmp 3b

	.section .boot.data, "aw"
	.p2align 3
boot_gdt:
	.quad 0
	.quad 0x00af9a000000ffff  /* 64-bit code */
	.quad 0x00cf92000000ffff  /* data */
boot_gdt_end:
boot_gdt_ptr:
	.short boot_gdt_end - boot_gdt - 1
	.long boot_gdt
	.globl boot_protocol, boot_info_ptr
boot_protocol:
	.long 0
boot_info_ptr:
	.long 0

	.section .boot.bss, "aw", @nobits
	.p2align 12
	.globl boot_pml4
boot_pml4:
	.skip 4096
boot_pdpt:
	.skip 4096
boot_pd:
	.skip 4096 * 4
	.globl boot_stack_bottom, boot_stack_top
boot_stack_bottom:
	.skip 65536
boot_stack_top:
	.section .note.GNU-stack, "", @progbits
