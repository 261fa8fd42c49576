/*
 * pmap/i386/start.S - multiboot entry: 32-bit protected mode to the 64-bit
 * higher-half kernel.
 *
 * The image is a flat binary (objcopy -O binary of mica.elf) whose multiboot
 * header uses the address fields (flag bit 16), because loaders refuse an
 * ELF64.  The loader enters _start32 at its physical address with paging
 * off, eax = multiboot magic, ebx = physical address of the multiboot info.
 * Everything here before long_entry runs at physical addresses: each symbol
 * reference subtracts KERNEL_VIRT_BASE.
 *
 * Boot page tables (all in .bss, built after .bss is cleared):
 *   boot_pd_dm[0..3]   2048 x 2 MiB pages mapping physical 0 .. 4 GiB
 *   boot_pdpt_dm       -> boot_pd_dm[0..3] (1 GiB each)
 *   boot_pml4[0]       -> boot_pdpt_dm: identity map, only while switching
 *   boot_pml4[256]     -> boot_pdpt_dm: direct map at DIRECT_MAP_BASE
 *   boot_pml4[511]     -> boot_pdpt_kern, whose entry 510 -> boot_pd_dm[0]:
 *                         physical 0 .. 1 GiB at KERNEL_VIRT_BASE
 * pmap_boot.c later replaces the kernel mapping with 4 KiB pages (W^X,
 * stack guards) and drops the identity map.
 */
#include <machine/memlayout.h>
#include "x86.h"

#define PHYS(x)		((x) - KERNEL_VIRT_BASE)

#define MB_MAGIC	0x1badb002
#define MB_FLAGS	((1 << 0) | (1 << 1) | (1 << 16))	/* page-align
				 modules, memory map, address fields */

	.section .text.boot, "ax"
	.code32
	.balign 4
multiboot_header:
	.long	MB_MAGIC
	.long	MB_FLAGS
	.long	-(MB_MAGIC + MB_FLAGS)
	.long	PHYS(multiboot_header)		/* header_addr */
	.long	PHYS(__kernel_start)		/* load_addr */
	.long	PHYS(__load_end)		/* load_end_addr */
	.long	PHYS(__bss_end)			/* bss_end_addr */
	.long	PHYS(_start32)			/* entry_addr */

	.globl	_start32
_start32:
	cli
	cld
	movl	%eax, %esi			/* multiboot magic */
	movl	%ebx, %ebp			/* multiboot info (physical) */
	movl	$PHYS(boot_stack_top), %esp

	/* Clear .bss: the page tables and stacks below live there. */
	movl	$PHYS(__bss_start), %edi
	movl	$PHYS(__bss_end), %ecx
	subl	%edi, %ecx
	xorl	%eax, %eax
	rep stosb

	/* Long mode is required; NX is used when present. */
	movl	$0x80000000, %eax
	cpuid
	cmpl	$0x80000001, %eax
	jb	no_long_mode
	movl	$0x80000001, %eax
	cpuid
	testl	$CPUID_EXT_LM, %edx
	jz	no_long_mode
	testl	$CPUID_EXT_NX, %edx
	jz	1f
	movl	$1, PHYS(boot_has_nx)
1:
	/* boot_pd_dm: 2048 consecutive 2 MiB pages from physical 0. */
	movl	$PHYS(boot_pd_dm), %edi
	xorl	%ecx, %ecx
2:	movl	%ecx, %eax
	shll	$21, %eax
	orl	$(PTE_P | PTE_W | PTE_PS), %eax
	movl	%eax, (%edi, %ecx, 8)
	movl	%ecx, %eax
	shrl	$11, %eax			/* bits 32+ of the address */
	movl	%eax, 4(%edi, %ecx, 8)
	incl	%ecx
	cmpl	$2048, %ecx
	jb	2b

	/* boot_pdpt_dm[0..3] -> the four page directories. */
	movl	$PHYS(boot_pdpt_dm), %edi
	movl	$PHYS(boot_pd_dm) + (PTE_P | PTE_W), %eax
	xorl	%ecx, %ecx
3:	movl	%eax, (%edi, %ecx, 8)
	addl	$4096, %eax
	incl	%ecx
	cmpl	$4, %ecx
	jb	3b

	movl	$PHYS(boot_pdpt_dm) + (PTE_P | PTE_W), %eax
	movl	%eax, PHYS(boot_pml4)			/* identity */
	movl	%eax, PHYS(boot_pml4) + 256 * 8		/* direct map */
	movl	$PHYS(boot_pdpt_kern) + (PTE_P | PTE_W), %eax
	movl	%eax, PHYS(boot_pml4) + 511 * 8
	movl	$PHYS(boot_pd_dm) + (PTE_P | PTE_W), %eax
	movl	%eax, PHYS(boot_pdpt_kern) + 510 * 8	/* kernel image */

	/* PAE, page tables, EFER.LME (+NXE), then paging: long mode. */
	movl	%cr4, %eax
	orl	$(CR4_PAE | CR4_PGE), %eax
	movl	%eax, %cr4
	movl	$PHYS(boot_pml4), %eax
	movl	%eax, %cr3
	movl	$MSR_EFER, %ecx
	rdmsr
	orl	$EFER_LME, %eax
	cmpl	$0, PHYS(boot_has_nx)
	je	4f
	orl	$EFER_NXE, %eax
4:	wrmsr
	movl	%cr0, %eax
	orl	$(CR0_PE | CR0_PG | CR0_WP), %eax
	movl	%eax, %cr0

	lgdt	PHYS(boot_gdtr)
	ljmp	$SEL_KCODE, $PHYS(long_entry)

/* No long mode: say so on COM1 (as the firmware left it) and stop. */
no_long_mode:
	movl	$PHYS(no_lm_msg), %esi
5:	lodsb
	testb	%al, %al
	jz	7f
	movl	%eax, %ebx
	movw	$0x3fd, %dx			/* line status */
6:	inb	%dx, %al
	testb	$0x20, %al			/* transmitter empty */
	jz	6b
	movl	%ebx, %eax
	movw	$0x3f8, %dx
	outb	%al, %dx
	jmp	5b
7:	hlt
	jmp	7b

	.code64
long_entry:
	/* Still on the identity map: move to the higher half. */
	movl	$SEL_KDATA, %eax
	movl	%eax, %ds
	movl	%eax, %es
	movl	%eax, %ss
	xorl	%eax, %eax
	movl	%eax, %fs
	movl	%eax, %gs
	movabsq	$high_entry, %rax
	jmp	*%rax
high_entry:
	movabsq	$boot_stack_top, %rsp
	movl	%esi, %edi			/* magic */
	movl	%ebp, %esi			/* multiboot info */
	xorl	%ebp, %ebp			/* end of the frame chain */
	call	md_boot
8:	cli
	hlt
	jmp	8b

	.section .rodata
no_lm_msg:
	.asciz	"mica: this CPU has no long mode (x86_64); halting\r\n"

	.balign	8
/* Boot GDT, used until gdt_init() loads the final one. */
boot_gdt:
	.quad	0
	.quad	0x00209a0000000000		/* 0x08: 64-bit kernel code */
	.quad	0x0000920000000000		/* 0x10: kernel data */
boot_gdt_end:
boot_gdtr:
	.word	boot_gdt_end - boot_gdt - 1
	.long	PHYS(boot_gdt)

	.section .bss
	.balign	4096
	.globl	boot_pml4, boot_pdpt_dm, boot_pdpt_kern, boot_pd_dm
boot_pml4:	.skip	4096
boot_pdpt_dm:	.skip	4096
boot_pdpt_kern:	.skip	4096
boot_pd_dm:	.skip	4 * 4096

	/* The guard page stays unmapped in the kernel image mapping, so an
	 * overflow of the boot stack faults (and #DF reports it on IST1). */
	.globl	boot_stack_guard, boot_stack, boot_stack_top
boot_stack_guard: .skip	4096
boot_stack:	.skip	16384
boot_stack_top:

	.balign	4
	.globl	boot_has_nx
boot_has_nx:	.skip	4
