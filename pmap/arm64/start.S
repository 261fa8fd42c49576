/*
 * pmap/arm64/start.S - arm64 Linux Image header and the early boot path.
 *
 * A loader (QEMU -kernel, U-Boot booti, the Raspberry Pi firmware) puts the
 * image text_offset bytes above some 2 MiB boundary in RAM and jumps to its
 * first byte with the MMU off, x0 = physical address of the DTB.  Nothing
 * here may depend on where that is: until the MMU is on, addresses are
 * formed with adr/adrp (PC-relative) only.
 *
 * In order: mask DAIF, drop from EL3/EL2 to EL1h, zero the early page
 * tables, map the image at KERNEL_VIRT_BASE (TTBR1) and the MMU trampoline
 * one-to-one (TTBR0), turn the MMU on, jump to the link address, zero .bss,
 * take the boot stack and call arm64_boot(dtb_pa, load_pa, entry_el) in C.
 *
 * Registers live across the early path: x19 = DTB physical address,
 * x20 = physical address of _start (= of KERNEL_VIRT_BASE), x21 = the
 * exception level the kernel was entered at.
 */
#include <machine/memlayout.h>
#include <machine/sysreg.h>
#include <machine/trap.h>

#define IMAGE_FLAGS	((1 << 1) | (1 << 3))	/* LE, 4 KiB pages, anywhere */
#define L3_TABLES	(KERNEL_MAX_SIZE >> 21)	/* one L3 table per 2 MiB */

	.section .text.head, "ax"
	.globl	_start
_start:
	/* The 64-byte arm64 Image header (Documentation/arm64/booting). */
	b	primary_entry			/* code0 */
	.long	0				/* code1 */
	.quad	IMAGE_TEXT_OFFSET		/* text_offset */
	.quad	__image_size			/* image_size, incl. bss */
	.quad	IMAGE_FLAGS			/* flags */
	.quad	0, 0, 0				/* res2..res4 */
	.byte	'A', 'R', 'M', 0x64		/* magic */
	.long	0				/* res5: no PE header */

primary_entry:
	msr	daifset, #0xf
	mov	x19, x0
	adr	x20, _start
	mrs	x0, CurrentEL
	ubfx	x0, x0, #2, #2
	mov	x21, x0
	cmp	x0, #3
	b.eq	from_el3
	cmp	x0, #2
	b.eq	from_el2
	b	at_el1

	/*
	 * EL3 (a bare CPU without firmware): make the lower levels
	 * non-secure AArch64 and continue at EL2.
	 */
from_el3:
	mov	x0, #SCR_EL3_VALUE
	msr	scr_el3, x0
	mov	x0, #SPSR_EL2H_MASKED
	msr	spsr_el3, x0
	adr	x0, from_el2
	msr	elr_el3, x0
	eret

	/*
	 * EL2: the kernel runs at EL1.  Give EL1 an AArch64 state, the
	 * counters and timers, the PMU, the GICv3 system registers and
	 * the real CPU ids, then return to EL1h with DAIF masked.
	 */
from_el2:
	mov	x0, #HCR_EL2_RW
	msr	hcr_el2, x0
	mrs	x0, cnthctl_el2
	orr	x0, x0, #(CNTHCTL_EL1PCTEN | CNTHCTL_EL1PCEN)
	msr	cnthctl_el2, x0
	msr	cntvoff_el2, xzr
	mrs	x0, midr_el1
	msr	vpidr_el2, x0
	mrs	x0, mpidr_el1
	msr	vmpidr_el2, x0
	mov	x0, #CPTR_EL2_RES1
	msr	cptr_el2, x0
	msr	hstr_el2, xzr
	mrs	x0, pmcr_el0			/* HPMN = PMCR_EL0.N: EL1 owns */
	ubfx	x0, x0, #11, #5			/* every counter, no traps */
	msr	mdcr_el2, x0
	mrs	x0, id_aa64pfr0_el1		/* GICv3 CPU interface present? */
	ubfx	x0, x0, #24, #4
	cbz	x0, 1f
	mrs	x0, S3_4_C12_C9_5		/* ICC_SRE_EL2 */
	orr	x0, x0, #0xf			/* SRE, DFB, DIB, Enable (EL1 use) */
	msr	S3_4_C12_C9_5, x0
	isb
	msr	S3_4_C12_C11_0, xzr		/* ICH_HCR_EL2: no virtual GIC */
1:	msr	vttbr_el2, xzr
	mov	x0, #(SCTLR_RES1 & 0xffff)
	movk	x0, #(SCTLR_RES1 >> 16), lsl #16
	msr	sctlr_el1, x0
	mov	x0, #SPSR_EL1H_MASKED
	msr	spsr_el2, x0
	adr	x0, at_el1
	msr	elr_el2, x0
	eret

at_el1:
	mov	x0, #(SCTLR_RES1 & 0xffff)	/* MMU and caches off, LE */
	movk	x0, #(SCTLR_RES1 >> 16), lsl #16
	msr	sctlr_el1, x0
	msr	spsel, #1			/* run on SP_EL1, as exceptions do */
	msr	cpacr_el1, xzr			/* FP/SIMD traps: the kernel has none */
	isb

	/*
	 * Zero the early page tables.  The MMU is off, so these stores
	 * reach memory directly; the lines are invalidated afterwards so
	 * that no stale cached copy shadows them once walks are cacheable.
	 */
	adrp	x0, __pgtables_start
	adrp	x1, __pgtables_end
1:	stp	xzr, xzr, [x0], #16
	cmp	x0, x1
	b.lo	1b

	bl	build_early_tables

	adrp	x0, __pgtables_start
	adrp	x1, __pgtables_end
	bl	dcache_inval_range

	b	enable_mmu

/*
 * build_early_tables: fill the tables of .bss.pgtables (zeroed):
 *   TTBR1: l0[511] -> l1[510] -> l2[0..L3_TABLES-1] -> l3: every page of
 *          the image, KERNEL_VIRT_BASE + off -> x20 + off, Normal WB;
 *   TTBR0: the 2 MiB block holding the MMU trampoline, identity.
 * Clobbers x0-x9.
 */
build_early_tables:
	/* Kernel half: the table chain down to the level-3 tables. */
	adrp	x0, early_l0_hi
	adrp	x1, early_l1_hi
	orr	x2, x1, #PTE_TABLE
	str	x2, [x0, #(511 * 8)]
	adrp	x0, early_l2_kern
	orr	x2, x0, #PTE_TABLE
	str	x2, [x1, #(510 * 8)]
	adrp	x1, early_l3_kern
	mov	x3, #L3_TABLES
1:	orr	x2, x1, #PTE_TABLE
	str	x2, [x0], #8
	add	x1, x1, #4096
	subs	x3, x3, #1
	b.ne	1b

	/* The image's pages, in order from the load address. */
	adrp	x0, early_l3_kern
	ldr	x3, =__kernel_pages
	mov	x1, x20
	ldr	x4, =PTE_KERNEL_TEXT | PTE_PAGE
2:	orr	x2, x1, x4
	str	x2, [x0], #8
	add	x1, x1, #4096
	subs	x3, x3, #1
	b.ne	2b

	/* Identity: the 2 MiB block around mmu_trampoline. */
	adr	x5, mmu_trampoline
	adrp	x0, early_l0_id
	adrp	x1, early_l1_id
	adrp	x6, early_l2_id
	ubfx	x7, x5, #39, #9
	orr	x2, x1, #PTE_TABLE
	str	x2, [x0, x7, lsl #3]
	ubfx	x7, x5, #30, #9
	orr	x2, x6, #PTE_TABLE
	str	x2, [x1, x7, lsl #3]
	ubfx	x7, x5, #21, #9
	and	x2, x5, #~((1 << 21) - 1)
	ldr	x4, =PTE_AF | PTE_SH_INNER | PTE_ATTR(MAIR_IDX_NORMAL) | PTE_BLOCK
	orr	x2, x2, x4
	str	x2, [x6, x7, lsl #3]
	ret

/*
 * dcache_inval_range: invalidate the data cache lines of [x0, x1) to the
 * point of coherency.  Clobbers x0-x3.
 */
dcache_inval_range:
	mrs	x3, ctr_el0
	ubfx	x3, x3, #16, #4			/* DminLine: log2(words) */
	mov	x2, #4
	lsl	x2, x2, x3			/* line size in bytes */
	sub	x3, x2, #1
	bic	x0, x0, x3
1:	dc	ivac, x0
	add	x0, x0, x2
	cmp	x0, x1
	b.lo	1b
	dsb	sy
	ret

/*
 * enable_mmu: program MAIR, TCR (IPS from the CPU's physical address
 * size, at most 48 bits), both table bases, then turn the MMU on from the
 * identity-mapped trampoline and jump to the kernel's link address.
 */
enable_mmu:
	ldr	x0, =MAIR_VALUE
	msr	mair_el1, x0
	ldr	x0, =TCR_BOOT_VALUE
	mrs	x1, id_aa64mmfr0_el1
	and	x1, x1, #7			/* PARange */
	cmp	x1, #5
	mov	x2, #5
	csel	x1, x1, x2, ls
	bfi	x0, x1, #TCR_IPS_SHIFT, #3
	msr	tcr_el1, x0
	adrp	x0, early_l0_id
	msr	ttbr0_el1, x0
	adrp	x0, early_l0_hi
	msr	ttbr1_el1, x0
	isb
	tlbi	vmalle1
	dsb	nsh
	isb
	mrs	x0, sctlr_el1
	ldr	x1, =SCTLR_M | SCTLR_C | SCTLR_SA | SCTLR_I
	orr	x0, x0, x1
	b	mmu_trampoline
	.ltorg

	/*
	 * Page-aligned so it cannot straddle the identity-mapped 2 MiB
	 * block; its literal follows it in the same page.
	 */
	.balign	4096
mmu_trampoline:
	msr	sctlr_el1, x0
	isb
	ic	iallu
	dsb	nsh
	isb
	ldr	x0, =high_entry
	br	x0
	.ltorg

	.text
/*
 * high_entry: running at the link address with the MMU on.  Zero the rest
 * of .bss (the early tables are in use and already zero), take the boot
 * stack and set its limit, install the exception vectors and enter C with
 * an empty frame chain.
 */
high_entry:
	adrp	x0, __pgtables_end
	add	x0, x0, :lo12:__pgtables_end
	adrp	x1, __bss_end
	add	x1, x1, :lo12:__bss_end
1:	cmp	x0, x1
	b.hs	2f
	stp	xzr, xzr, [x0], #16
	b	1b
2:	adrp	x0, boot_stack_top
	add	x0, x0, :lo12:boot_stack_top
	mov	sp, x0
	adrp	x0, boot_stack			/* the stack limit the vectors */
	add	x0, x0, :lo12:boot_stack	/* check (vectors.S): room for */
	add	x0, x0, #TF_SIZE		/* one trap frame at the base */
	msr	tpidr_el1, x0
	adrp	x0, arm64_vectors
	add	x0, x0, :lo12:arm64_vectors
	msr	vbar_el1, x0
	isb
	mov	x29, xzr
	mov	x30, xzr
	mov	x0, x19
	mov	x1, x20
	mov	x2, x21
	bl	arm64_boot
3:	wfi
	b	3b

/*
 * The early translation tables live at the start of .bss (kernel.ld keeps
 * .bss.pgtables first and brackets it with __pgtables_start/end).
 */
	.section .bss.pgtables, "aw", %nobits
	.balign	4096
	.globl	early_l0_hi
early_l0_hi:	.skip	4096		/* TTBR1 root */
early_l1_hi:	.skip	4096		/* 0xffffff8000000000: last 512 GiB */
early_l2_kern:	.skip	4096		/* 0xffffffff80000000: image 1 GiB */
early_l3_kern:	.skip	4096 * L3_TABLES
	.globl	early_l0_id
early_l0_id:	.skip	4096		/* TTBR0 root: the identity map */
early_l1_id:	.skip	4096
early_l2_id:	.skip	4096

/*
 * The boot stack (16 KiB, the boot thread's kernel stack) with an
 * unmapped guard page below it (pmap_bootstrap leaves it out of the
 * kernel tables), and below that the overflow stack on which an exception
 * that found no room on a kernel stack reports it (vectors.S).
 */
	.section .bss.stack, "aw", %nobits
	.balign	4096
	.globl	boot_overflow_stack_top
boot_overflow_stack:	.skip	12288	/* exception entry after an overflow */
boot_overflow_stack_top:
	.globl	boot_stack_guard
boot_stack_guard:	.skip	4096
	.globl	boot_stack
boot_stack:	.skip	16384
	.globl	boot_stack_top
boot_stack_top:
