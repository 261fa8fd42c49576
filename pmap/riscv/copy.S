/*
 * pmap/riscv/copy.S - kernel accesses that may fault on purpose: copyin,
 * copyout and the one-byte probes.
 *
 * Each routine sets sstatus.SUM (S-mode may touch U pages) only around its
 * access.  A page fault inside [begin, end) of an entry of
 * riscv_recovery_table that the pmap cannot resolve resumes at the entry's
 * recovery label (trap.c), with SUM cleared in the restored sstatus; the
 * label clears it again anyway and returns the failure value.  The trap
 * entry clears SUM while any handler runs.
 */
#include <machine/riscv.h>
#include <machine/memlayout.h>

#define EFAULT	14		/* MD_EFAULT, checked in copy.c */

	.section .text
/*
 * int copyin(const void *user_src, void *kernel_dst, size_t len)
 * int copyout(const void *kernel_src, void *user_dst, size_t len)
 * (kern/machine.h): 0, or EFAULT if the user range is not wholly inside
 * the user half or an access faulted.  The range check is written so that
 * no sum can wrap: user address <= USER_VA_MAX, then len <= USER_VA_MAX -
 * address (USER_VA_MIN is 0, copy.c checks).  Both take (source,
 * destination, length), which is the order of copy_user below.  In
 * assembly: they run on every message, and a C wrapper cost a frame.
 */
	.globl	copyin
	.type	copyin, @function
	.balign	4
copyin:
	li	t0, USER_VA_MAX
	bltu	t0, a0, 5f
	sub	t0, t0, a0
	bgeu	t0, a2, copy_user
5:	li	a0, EFAULT
	ret
	.size	copyin, . - copyin

	.globl	copyout
	.type	copyout, @function
	.balign	4
copyout:
	li	t0, USER_VA_MAX
	bltu	t0, a1, 5b
	sub	t0, t0, a1
	bltu	t0, a2, 5b
	/* fall through */

/*
 * copy_user(src = a0, dst = a1, len = a2): copy len bytes with SUM set;
 * 0, or EFAULT if an access faulted.  Doublewords when both addresses and
 * the length allow, else bytes.
 */
copy_user:
	li	t6, SSTATUS_SUM
	csrs	sstatus, t6
copy_user_begin:
	or	t0, a0, a1
	or	t0, t0, a2
	andi	t0, t0, 7
	bnez	t0, 2f
	/* Aligned: 32 bytes a round (message headers are 32), then 8. */
	li	t0, 32
	bltu	a2, t0, 1f
4:	ld	t1, 0(a0)
	ld	t2, 8(a0)
	ld	t3, 16(a0)
	ld	t4, 24(a0)
	sd	t1, 0(a1)
	sd	t2, 8(a1)
	sd	t3, 16(a1)
	sd	t4, 24(a1)
	addi	a0, a0, 32
	addi	a1, a1, 32
	addi	a2, a2, -32
	bgeu	a2, t0, 4b
1:	beqz	a2, 3f
	ld	t1, 0(a0)
	sd	t1, 0(a1)
	addi	a0, a0, 8
	addi	a1, a1, 8
	addi	a2, a2, -8
	j	1b
2:	beqz	a2, 3f
	lbu	t1, 0(a0)
	sb	t1, 0(a1)
	addi	a0, a0, 1
	addi	a1, a1, 1
	addi	a2, a2, -1
	j	2b
copy_user_end:
3:	csrc	sstatus, t6
	li	a0, 0
	ret
copy_user_fault:
	li	t6, SSTATUS_SUM
	csrc	sstatus, t6
	li	a0, EFAULT
	ret
	.size	copyout, . - copyout

/* bool md_probe_read(const volatile void *addr, uint8_t *value) */
	.globl	md_probe_read
	.balign	4
md_probe_read:
	li	t6, SSTATUS_SUM
	csrs	sstatus, t6
probe_read_begin:
	lbu	t0, 0(a0)
probe_read_end:
	csrc	sstatus, t6
	sb	t0, 0(a1)
	li	a0, 1
	ret

/* bool md_probe_write(volatile void *addr, uint8_t value) */
	.globl	md_probe_write
	.balign	4
md_probe_write:
	li	t6, SSTATUS_SUM
	csrs	sstatus, t6
probe_write_begin:
	sb	a1, 0(a0)
probe_write_end:
	csrc	sstatus, t6
	li	a0, 1
	ret

probe_fault:
	li	t6, SSTATUS_SUM
	csrc	sstatus, t6
	li	a0, 0
	ret

/* { begin, end, recovery } triples, searched by riscv_recovery_pc(). */
	.section .rodata
	.balign	8
	.globl	riscv_recovery_table, riscv_recovery_table_end
riscv_recovery_table:
	.dword	copy_user_begin, copy_user_end, copy_user_fault
	.dword	probe_read_begin, probe_read_end, probe_fault
	.dword	probe_write_begin, probe_write_end, probe_fault
riscv_recovery_table_end:
