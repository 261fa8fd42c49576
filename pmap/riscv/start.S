/*
 * pmap/riscv/start.S - kernel entry from SBI firmware (OpenSBI fw_jump).
 *
 * Entered at the load address 0x80200000 in S-mode with the MMU off,
 * a0 = this hart's id and a1 = the physical address of the devicetree.
 * Any hart may be the boot hart, and firmware may release more than one
 * hart here: the first to win boot_lottery boots, the others park.
 *
 * The boot hart clears .bss, builds the boot page table (boot_pgdir, in
 * the kernel image) with three kinds of 1 GiB leaf entries:
 *   - identity for the GiB holding the image, so the instruction after
 *     the satp write still fetches; removed once running high;
 *   - KERNEL_VIRT_BASE -> KERNEL_PHYS_BASE, the kernel image window;
 *   - DIRECT_MAP_BASE + pa for the two GiB from the one holding the DTB,
 *     so that C can read the DTB before it knows where RAM is.  C replaces
 *     the whole direct-map part with a map of exactly the RAM.
 * It then turns on Sv39, jumps to the high alias, sets up its per-hart
 * block (tp), installs the trap vector and a boot stack, and calls
 * riscv_boot(hartid, dtb_pa).
 */
#include <machine/riscv.h>
#include <machine/memlayout.h>
#include <machine/percpu.h>
#include <machine/trap.h>

#define BOOT_STACK_SIZE	16384
/* V R W X A D: a global or identity leaf the kernel may use freely. */
#define PTE_KERN_RWX	(PTE_V | PTE_R | PTE_W | PTE_X | PTE_A | PTE_D)

	.section .text.boot, "ax", @progbits
	.globl	_start
_start:
	csrw	sie, zero
	csrci	sstatus, SSTATUS_SIE
	li	t0, SSTATUS_FS		/* the kernel has no FP: FS Off (the */
	csrc	sstatus, t0		/* firmware may leave it Dirty) */
	csrw	satp, zero
	mv	s1, a0			/* hart id */
	mv	s2, a1			/* DTB physical address */

	/* PC-relative addresses are physical until the MMU is on. */
	la	t0, boot_lottery
	li	t1, 1
	amoswap.w.aq t1, t1, (t0)
	bnez	t1, park

	la	t0, __bss_start
	la	t1, __bss_end
1:	bgeu	t0, t1, 2f
	sd	zero, 0(t0)
	addi	t0, t0, 8
	j	1b
2:
	la	t0, boot_pgdir

	/* Identity GiB holding the image: index pa >> 30 (pa < 256 GiB). */
	la	t1, _start
	srli	s3, t1, 30
	slli	t3, s3, 28		/* (gib << 30) >> 12 << 10 */
	ori	t3, t3, PTE_KERN_RWX
	slli	t2, s3, 3
	add	t2, t2, t0
	sd	t3, 0(t2)

	/* Kernel window: root index of KERNEL_VIRT_BASE. */
	li	t3, (KERNEL_PHYS_BASE >> 12) << PTE_PPN_SHIFT
	ori	t3, t3, PTE_KERN_RWX | PTE_G
	li	t2, PT_INDEX(KERNEL_VIRT_BASE, 2) * 8
	add	t2, t2, t0
	sd	t3, 0(t2)

	/* Temporary direct map of the DTB's GiB and the next one. */
	srli	t1, s2, 30
	li	t2, (DIRECT_MAP_SIZE >> 30) - 1
	bgeu	t1, t2, 3f		/* beyond the direct map: C reports it */
	slli	t3, t1, 28
	ori	t3, t3, PTE_KERN_RWX | PTE_G
	addi	t2, t1, PT_INDEX(DIRECT_MAP_BASE, 2)
	slli	t2, t2, 3
	add	t2, t2, t0
	sd	t3, 0(t2)
	li	t4, 1 << 28
	add	t3, t3, t4
	sd	t3, 8(t2)
3:
	srli	t1, t0, 12
	li	t2, SATP_MODE_SV39
	or	t1, t1, t2
	sfence.vma zero, zero
	csrw	satp, t1
	sfence.vma zero, zero

	/* Continue at the high alias of label 4. */
	la	t1, 4f
	li	t2, KERNEL_VIRT_BASE - KERNEL_PHYS_BASE
	add	t1, t1, t2
	jr	t1
4:
	/* Now PC-relative addresses are virtual.  Drop the identity map. */
	la	t0, boot_pgdir
	slli	t2, s3, 3
	add	t2, t2, t0
	sd	zero, 0(t2)
	sfence.vma zero, zero

	la	sp, boot_stack_top
	/*
	 * The boot hart's per-hart block (machine/percpu.h) in tp before
	 * the first trap can come: cpu 0 and its struct processor, the
	 * boot stack's limit, the emergency stack.  sscratch = 0 says "in
	 * the kernel".
	 */
	la	tp, riscv_cpus
	sd	s1, PC_HARTID(tp)
	sd	zero, PC_CPU_INDEX(tp)
	la	t0, processor_array
	sd	t0, PC_PROCESSOR(tp)
	la	t0, boot_stack + TF_SIZE
	sd	t0, PC_STACK_LIMIT(tp)
	la	t0, boot_stack_top - TF_SIZE
	sd	t0, PC_KSTACK_TOP(tp)
	la	t0, riscv_emergency_stacks + RISCV_EMERGENCY_STACK_SIZE
	sd	t0, PC_EMERG_TOP(tp)
	csrw	sscratch, zero
	la	t0, trap_entry
	csrw	stvec, t0
	li	s0, 0			/* end of the frame-pointer chain */
	li	ra, 0
	mv	a0, s1
	mv	a1, s2
	call	riscv_boot
	j	park

/*
 * park: a hart that is not the boot hart (or a boot that returned) waits
 * here forever with every interrupt source masked.  Later, secondary
 * harts will be started through the SBI HSM extension instead.
 */
park:
	csrw	sie, zero
	csrci	sstatus, SSTATUS_SIE
5:	wfi
	j	5b

	.section .data
	.balign	4
/* In .data, not .bss: the boot hart clears .bss after winning. */
boot_lottery:
	.word	0

	.section .bss.stack, "aw", @nobits
	.balign	4096
/* Left unmapped by the final page tables: a boot stack overflow faults. */
	.globl	boot_stack_guard
boot_stack_guard:
	.space	4096
	.globl	boot_stack
boot_stack:
	.space	BOOT_STACK_SIZE
	.globl	boot_stack_top
boot_stack_top:
