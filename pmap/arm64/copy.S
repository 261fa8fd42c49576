/*
 * pmap/arm64/copy.S - kernel accesses that may fault: the copy routine
 * behind copyin/copyout and the one-byte probes md_probe_read/_write.
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
#define MD_EFAULT	14	/* kern/machine.h */

	.text
/*
 * int arm64_copy_user(void *dst, const void *src, size_t len): copy len
 * bytes, by 8-byte words when both addresses are 8-byte aligned.
 * Returns 0, or MD_EFAULT after an unresolvable fault.
 */
	.globl	arm64_copy_user
	.type	arm64_copy_user, %function
	.balign	16
arm64_copy_user:
	cbz	x2, 9f
copy_start:
	orr	x3, x0, x1
	tst	x3, #7
	b.ne	2f
	/* Aligned: 32 bytes a round (message headers are 32), then 8. */
	cmp	x2, #32
	b.lo	3f
4:	ldp	x5, x6, [x1], #16
	ldp	x7, x8, [x1], #16
	stp	x5, x6, [x0], #16
	stp	x7, x8, [x0], #16
	sub	x2, x2, #32
	cmp	x2, #32
	b.hs	4b
3:	lsr	x4, x2, #3
	cbz	x4, 5f
1:	ldr	x5, [x1], #8
	str	x5, [x0], #8
	sub	x2, x2, #8
	subs	x4, x4, #1
	b.ne	1b
5:	cbz	x2, 9f
2:	ldrb	w5, [x1], #1
	strb	w5, [x0], #1
	subs	x2, x2, #1
	b.ne	2b
copy_end:
9:	mov	w0, #0
	ret
copy_fault:
	mov	w0, #MD_EFAULT
	ret
	.size	arm64_copy_user, . - arm64_copy_user

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
