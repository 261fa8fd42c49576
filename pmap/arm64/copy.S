/*
 * pmap/arm64/copy.S - kernel accesses that may fault: copyin/copyout
 * and the one-byte probes md_probe_read/_write.
 *
 * Each faulting instruction range is listed in arm64_fixup_table as
 * {start, end, recover}.  A data abort taken from EL1 first goes to the
 * pmap's reference/modify emulation (arm64_pmap_fault); if the access is
 * still not allowed and the pc lies in [start, end), trap.c resumes at
 * recover, which returns the failure, instead of panicking.
 *
 * PAN is not used (cortex-a72 is ARMv8.0): EL1 reaches user pages through
 * their AP bits directly, so nothing is toggled around the accesses.
 */
#include <machine/memlayout.h>

#define MD_EFAULT	14	/* kern/machine.h */

#if USER_VA_MIN != 0
#error "copyin/copyout assume the user half starts at 0"
#endif

	.text
/*
 * int copyin(const void *user_src, void *kernel_dst, size_t len)
 * int copyout(const void *kernel_src, void *user_dst, size_t len)
 *
 * kern/machine.h: the user range must lie inside [USER_VA_MIN,
 * USER_VA_MAX) = [0, 1 << 48), checked without overflow (its end, user
 * address + len, must not carry and not exceed USER_VA_MAX); then both
 * copy from x0 to x1 (copy_user).  Return 0 or MD_EFAULT.
 */
	.globl	copyin
	.type	copyin, %function
	.balign	16
copyin:
	adds	x3, x0, x2
	mov	x4, #USER_VA_MAX
	ccmp	x3, x4, #2, cc			/* carry: C, not Z, so hi */
	b.hi	copy_fault
	b	copy_user
	.size	copyin, . - copyin

	.globl	copyout
	.type	copyout, %function
copyout:
	adds	x3, x1, x2
	mov	x4, #USER_VA_MAX
	ccmp	x3, x4, #2, cc
	b.hi	copy_fault
	/* fall through */
	.size	copyout, . - copyout

/*
 * copy_user(src x0, dst x1, len x2): copy len bytes, 32 at a time while
 * both addresses are 8-byte aligned (message headers are 32 bytes), then
 * 8, then single bytes; everything byte by byte if either address is
 * unaligned.  Returns 0, or MD_EFAULT after an unresolvable fault (the
 * recovery table covers [copy_start, copy_end)).
 */
	.type	copy_user, %function
copy_user:
copy_start:
	orr	x3, x0, x1
	tst	x3, #7
	b.ne	2f
	subs	x2, x2, #32			/* what is left after a round */
	b.lo	3f
4:	ldp	x5, x6, [x0], #16
	ldp	x7, x8, [x0], #16
	stp	x5, x6, [x1], #16
	stp	x7, x8, [x1], #16
	cbz	x2, 9f				/* a multiple of 32: done */
	subs	x2, x2, #32
	b.hs	4b
3:	adds	x2, x2, #32			/* 1..31 bytes left (0: none) */
	b.eq	9f
5:	cmp	x2, #8
	b.lo	2f
	ldr	x5, [x0], #8
	str	x5, [x1], #8
	sub	x2, x2, #8
	b	5b
2:	cbz	x2, 9f
6:	ldrb	w5, [x0], #1
	strb	w5, [x1], #1
	subs	x2, x2, #1
	b.ne	6b
copy_end:
9:	mov	w0, #0
	ret
copy_fault:
	mov	w0, #MD_EFAULT
	ret
	.size	copy_user, . - copy_user

/* bool md_probe_read(const volatile void *addr, uint8_t *value) */
	.globl	md_probe_read
	.type	md_probe_read, %function
md_probe_read:
probe_read_insn:
	ldrb	w2, [x0]
	strb	w2, [x1]
	mov	w0, #1
	ret
	.size	md_probe_read, . - md_probe_read

/* bool md_probe_write(volatile void *addr, uint8_t value) */
	.globl	md_probe_write
	.type	md_probe_write, %function
md_probe_write:
probe_write_insn:
	strb	w1, [x0]
	mov	w0, #1
	ret
probe_fault:
	mov	w0, #0
	ret
	.size	md_probe_write, . - md_probe_write

	.section .rodata
	.balign	8
	.globl	arm64_fixup_table
arm64_fixup_table:
	.quad	copy_start, copy_end, copy_fault
	.quad	probe_read_insn, probe_read_insn + 4, probe_fault
	.quad	probe_write_insn, probe_write_insn + 4, probe_fault
	.quad	0, 0, 0
