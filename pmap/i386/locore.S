/*
 * pmap/i386/locore.S - trap and interrupt entry.
 *
 * Every IDT vector has a 16-byte stub that makes the stack uniform (a zero
 * error code where the CPU pushes none, then the vector number) and jumps
 * to trap_common, which saves the general registers and the fault address
 * into a struct trap_frame (machine/trap.h) and calls trap_dispatch(tf)
 * with interrupts still disabled (all gates are interrupt gates).  On
 * return the frame, possibly modified (rip advanced past a ud2), is
 * restored with iretq.
 *
 * With SMAP on, trap_common clears RFLAGS.AC so that no handler runs with
 * user access enabled.
 *
 * trap_common also builds a frame record {rbp, rip} of the interrupted code
 * so that a backtrace taken in the handler walks through the trap into the
 * interrupted function.
 */
#include <machine/trap.h>
#include "x86.h"

/* Vectors for which the CPU pushes an error code: 8, 10-14, 17, 21, 29, 30. */
#define ERRCODE_MASK	0x60227d00

	.altmacro
	.macro	TRAP_STUB v
	.balign	16
1:
	.if	\v >= 32 || ((ERRCODE_MASK >> \v) & 1) == 0
	pushq	$0
	.endif
	pushq	$\v
	jmp	trap_common
	.pushsection .rodata.trap_stubs, "a"
	.quad	1b
	.popsection
	.endm

	.pushsection .rodata.trap_stubs, "a"
	.balign	8
	.globl	trap_stubs
trap_stubs:
	.popsection

	.text
	.balign	16
	.globl	trap_stub_base
trap_stub_base:
	.set	vec, 0
	.rept	256
	TRAP_STUB %vec
	.set	vec, vec + 1
	.endr

	.balign	16
	.type	trap_common, @function
trap_common:
	subq	$8, %rsp			/* cr2 slot */
	pushq	%rax
	pushq	%rbx
	pushq	%rcx
	pushq	%rdx
	pushq	%rsi
	pushq	%rdi
	pushq	%rbp
	pushq	%r8
	pushq	%r9
	pushq	%r10
	pushq	%r11
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15

	/* CR2 is read before anything can fault again. */
	xorl	%eax, %eax
	cmpq	$VEC_PF, TF_VECTOR(%rsp)
	jne	1f
	movq	%cr2, %rax
1:	movq	%rax, TF_CR2(%rsp)

	/* A trap inside a stac window (copy.S) arrives with AC set: the
	 * handler must not inherit user access.  iretq restores AC. */
	testb	$1, x86_smap_on(%rip)
	jz	2f
	clac
2:

	/* The CPU aligned rsp to 16 before its pushes; 23 quadwords are on
	 * the stack now, so one pad word plus the frame record realigns it. */
	cld
	movq	%rsp, %rdi
	subq	$8, %rsp
	pushq	TF_RIP(%rdi)
	pushq	TF_RBP(%rdi)
	movq	%rsp, %rbp
	call	trap_dispatch
	addq	$24, %rsp

	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%r11
	popq	%r10
	popq	%r9
	popq	%r8
	popq	%rbp
	popq	%rdi
	popq	%rsi
	popq	%rdx
	popq	%rcx
	popq	%rbx
	popq	%rax
	addq	$24, %rsp			/* cr2, vector, error code */
	iretq
	.size	trap_common, . - trap_common


/* Part B (user mode) replaces these. */
	.globl	x86_return_to_user
x86_return_to_user:
	ud2
	.globl	x86_syscall_entry
x86_syscall_entry:
	ud2
