/*
 * pmap/i386/copy.S - kernel accesses that may fault: copyin, copyout and
 * the one-byte probes.
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
 * pages only between a stac and a clac, which bracket each access here
 * (SMAP_STAC / SMAP_CLAC, x86.h: nops patched into the instructions at
 * boot when the CPU has SMAP).
 * A fault inside leaves through the recovery label, which clears AC again
 * (the trap's iretq restored the AC=1 of the faulting code).
 */
#include <machine/memlayout.h>
#include "x86.h"

#define RECOVER_ANY	0
#define RECOVER_USER	1
#define COPY_EFAULT	14	/* MD_EFAULT (kern/machine.h; trap.c checks) */

/* stac/clac only where CR4.SMAP is on (x86.h: patched in at boot). */
	.macro	USER_ACCESS_ON
	SMAP_STAC
	.endm

	.macro	USER_ACCESS_OFF
	SMAP_CLAC
	.endm

	.text

/*
 * COPY_USER name: the body of copyin and copyout, entered with rdi = the
 * destination, rsi = the source, rdx = len, the user range already
 * checked.  rep movsq for the whole quadwords, then rep movsb for the tail
 * (the direction flag is always clear in the kernel; one iteration per
 * eight bytes keeps a message header's copy short).  Returns 0, or
 * MD_EFAULT through name_fault if a user page faulted in either string
 * instruction (the recovery range name_insn..name_insn_end covers both).
 */
	.macro	COPY_USER name
	movq	%rdx, %rcx
	shrq	$3, %rcx
	andl	$7, %edx
	USER_ACCESS_ON
\name\()_insn:
	rep movsq
	movl	%edx, %ecx
	rep movsb
\name\()_insn_end:
	USER_ACCESS_OFF
	xorl	%eax, %eax
	ret
\name\()_fault:
	USER_ACCESS_OFF
	movl	$COPY_EFAULT, %eax
	ret
	.endm

/*
 * USER_RANGE_CHECK reg: is [reg, reg + rdx) wholly inside [USER_VA_MIN,
 * USER_VA_MAX)?  Else return MD_EFAULT at once.  Without overflow:
 * reg <= USER_VA_MAX, then len <= USER_VA_MAX - reg (USER_VA_MIN is 0 on
 * this port).  Clobbers rcx.
 */
#if USER_VA_MIN != 0
#error "USER_RANGE_CHECK assumes USER_VA_MIN == 0"
#endif
	.macro	USER_RANGE_CHECK reg
	movabsq	$USER_VA_MAX, %rcx
	cmpq	\reg, %rcx
	jb	copy_range_fault
	subq	\reg, %rcx
	cmpq	%rdx, %rcx
	jb	copy_range_fault
	.endm

/*
 * int copyin(const void *user_src, void *kernel_dst, size_t len)
 * int copyout(const void *kernel_src, void *user_dst, size_t len)
 * kern/machine.h: 0, or MD_EFAULT when the user range is not wholly user
 * space or a user page faults and the VM cannot resolve it.  The kernel
 * side must not fault (a fault there is not recovered: RECOVER_USER).
 */
	.balign	16
	.globl	copyin
	.type	copyin, @function
copyin:
	USER_RANGE_CHECK %rdi
	xchgq	%rdi, %rsi
	COPY_USER copyin
	.size	copyin, . - copyin

	.balign	16
	.globl	copyout
	.type	copyout, @function
copyout:
	USER_RANGE_CHECK %rsi
	xchgq	%rdi, %rsi
	COPY_USER copyout
	.size	copyout, . - copyout

	.type	copy_range_fault, @function
copy_range_fault:
	movl	$COPY_EFAULT, %eax
	ret
	.size	copy_range_fault, . - copy_range_fault

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
	.quad	copyin_insn, copyin_insn_end, copyin_fault, RECOVER_USER
	.quad	copyout_insn, copyout_insn_end, copyout_fault, RECOVER_USER
	.quad	probe_read_insn, probe_read_insn_end, probe_fault, RECOVER_ANY
	.quad	probe_write_insn, probe_write_insn_end, probe_fault, RECOVER_ANY
copy_recover_table_end:
