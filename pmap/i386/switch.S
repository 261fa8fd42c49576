/*
 * pmap/i386/switch.S - context switch and the first run of a new thread.
 *
 * md_switch(from, to) is called by the scheduler with interrupts disabled
 * and sched_lock held.  It pushes the callee-saved registers (the SysV ABI
 * lets the caller assume only these survive a call) on from's stack,
 * records rsp in from->md.ksp, loads to's rsp and pops to's registers.
 * The `ret` then resumes to where to called md_switch, or, for a thread
 * that never ran, in x86_thread_trampoline (md_thread_init built its
 * first frame).  rax carries `from` across: it is the return value seen
 * by the resumed context (the thread that ran before it).
 *
 * Switch frame, lowest address first (ksp points at r15):
 *     r15 r14 r13 r12 rbx rbp, return address
 *
 * Before returning, md_switch makes to's kernel stack the one traps and
 * system calls from user mode land on (TSS.rsp0, which the syscall entry
 * loads too) and, if to is a user thread whose FP state is not
 * the one in the registers, saves the owner's and loads to's (fxsave64 /
 * fxrstor64).  Kernel code never touches the FP/SIMD registers
 * (-mgeneral-regs-only), so the registers keep a user thread's state
 * while only kernel threads run: the save waits until another user
 * thread needs them.
 */
#include <machine/thread.h>
#include "x86.h"

	.text
	.balign	16
	.globl	md_switch
	.type	md_switch, @function
md_switch:
	pushq	%rbp
	pushq	%rbx
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
	movq	%rsp, MT_KSP(%rdi)
	movq	MT_KSP(%rsi), %rsp
	movq	MT_RSP0(%rsi), %rax
	movq	%rax, %gs:PCPU_TSS_RSP0		/* the syscall entry reads it too */

	/* FP state, when to is a user thread that does not own the FP
	 * registers: save the owner's (if any), load to's.  The common cases
	 * fall through: a kernel thread, or the thread that already owns
	 * them, skips to the end; a switch between two user threads (an RPC
	 * between tasks) runs straight down. */
	movq	MT_FPU(%rsi), %rdx
	testq	%rdx, %rdx
	jz	1f
	movq	%gs:PCPU_FPU_OWNER, %rax
	cmpq	%rax, %rsi
	je	1f
	testq	%rax, %rax
	jz	2f
	movq	MT_FPU(%rax), %rax
	fxsave64 (%rax)
2:	fxrstor64 (%rdx)
	movq	%rsi, %gs:PCPU_FPU_OWNER

1:	movq	%rdi, %rax			/* prev */
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%rbx
	popq	%rbp
	ret
	.size	md_switch, . - md_switch

/*
 * x86_thread_trampoline: where the first md_switch to a new thread
 * returns, on a 16-byte aligned stack 8 bytes below its user frame, with
 * rax = the previous thread, interrupts disabled, sched_lock held and
 * rbp = 0 (the end of every backtrace).  thread_startup() releases the
 * lock; a kernel thread never comes back from it.  A user thread does,
 * with interrupts disabled again, and leaves for user mode through its
 * frame (x86_return_to_user, locore.S).
 */
	.balign	16
	.globl	x86_thread_trampoline
	.type	x86_thread_trampoline, @function
x86_thread_trampoline:
	movq	%rax, %rdi
	call	thread_startup
	addq	$8, %rsp			/* rsp = the user frame */
	jmp	x86_return_to_user
	.size	x86_thread_trampoline, . - x86_thread_trampoline
