/*
 * pmap/i386/copy.S - kernel accesses that may fault: the user copy
 * primitive behind copyin/copyout and the one-byte probes.
 *
 * Each faulting instruction sits between a start and an end label listed
 * in copy_recover_table as { start, end, recovery, flags }.  The kernel
 * page-fault path (trap.c) looks the faulting rip up there; when it is
 * found, and the fault is one the entry may absorb (RECOVER_USER: only a
 * fault on a user address, since a fault on the kernel side of a copy is
 * a kernel bug), it resumes at the recovery label, which returns failure.
 * The stack at each recovery label is the same as at the faulting
 * instruction: these leaf routines push nothing.
 *
 * Where the CPU has SMAP (pmap_tlb.c turns it on), the kernel reaches user
 * pages only between a stac and a clac, which bracket each access here.
 * A fault inside leaves through the recovery label, which clears AC again
 * (the trap's iretq restored the AC=1 of the faulting code).
 */
#define RECOVER_ANY	0
#define RECOVER_USER	1

/* stac/clac only where CR4.SMAP is on: they are #UD without SMAP. */
	.macro	USER_ACCESS_ON
	testb	$1, x86_smap_on(%rip)
	jz	.Lno_stac\@
	stac
.Lno_stac\@:
	.endm

	.macro	USER_ACCESS_OFF
	testb	$1, x86_smap_on(%rip)
	jz	.Lno_clac\@
	clac
.Lno_clac\@:
	.endm

	.text

/*
 * long x86_copy_user(void *dst, const void *src, size_t len): copy with
 * rep movsq for the whole quadwords, then rep movsb for the tail (the
 * direction flag is always clear in the kernel; one iteration per eight
 * bytes keeps a message header's copy short).  Returns 0, or -1 if a user
 * page faulted (in either instruction: the recovery range covers both).
 */
	.balign	16
	.globl	x86_copy_user
	.type	x86_copy_user, @function
x86_copy_user:
	movq	%rdx, %rcx
	shrq	$3, %rcx
	andl	$7, %edx
	USER_ACCESS_ON
copy_insn:
	rep movsq
	movl	%edx, %ecx
	rep movsb
copy_insn_end:
	USER_ACCESS_OFF
	xorl	%eax, %eax
	ret
copy_fault:
	USER_ACCESS_OFF
	movq	$-1, %rax
	ret
	.size	x86_copy_user, . - x86_copy_user

/* bool md_probe_read(const volatile void *addr, uint8_t *value) */
	.balign	16
	.globl	md_probe_read
	.type	md_probe_read, @function
md_probe_read:
	USER_ACCESS_ON
probe_read_insn:
	movb	(%rdi), %al
probe_read_insn_end:
	USER_ACCESS_OFF
	movb	%al, (%rsi)
	movl	$1, %eax
	ret
	.size	md_probe_read, . - md_probe_read

/* bool md_probe_write(volatile void *addr, uint8_t value) */
	.balign	16
	.globl	md_probe_write
	.type	md_probe_write, @function
md_probe_write:
	USER_ACCESS_ON
probe_write_insn:
	movb	%sil, (%rdi)
probe_write_insn_end:
	USER_ACCESS_OFF
	movl	$1, %eax
	ret
	.size	md_probe_write, . - md_probe_write

/* Shared recovery of the probes: return false. */
	.balign	16
	.type	probe_fault, @function
probe_fault:
	USER_ACCESS_OFF
	xorl	%eax, %eax
	ret
	.size	probe_fault, . - probe_fault

	.section .rodata
	.balign	8
	.globl	copy_recover_table, copy_recover_table_end
copy_recover_table:
	.quad	copy_insn, copy_insn_end, copy_fault, RECOVER_USER
	.quad	probe_read_insn, probe_read_insn_end, probe_fault, RECOVER_ANY
	.quad	probe_write_insn, probe_write_insn_end, probe_fault, RECOVER_ANY
copy_recover_table_end:
