/*
 * pmap/i386/locore.S - trap, interrupt and system-call entry; the return
 * to user mode.
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
 * user access enabled (SMAP_CLAC: a nop patched into clac at boot).
 *
 * From user mode (CPL 3 in the saved CS) the CPU has already switched to
 * the thread's kernel stack (TSS.rsp0), so the frame sits at rsp0 - 184,
 * exactly where the syscall entry builds its own; trap_common swaps to the
 * kernel's GS base first thing and leaves through x86_return_to_user.
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
	testb	$3, 24(%rsp)			/* saved CS: from user mode? */
	jz	0f
	swapgs
0:	subq	$8, %rsp			/* cr2 slot */
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
	SMAP_CLAC

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
	testb	$3, TF_CS(%rsp)
	jnz	x86_return_to_user

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



/*
 * x86_syscall_entry: the `syscall` instruction (MSR_LSTAR).  The CPU left
 * the user rip in rcx and rflags in r11, loaded the kernel CS/SS from
 * STAR, and cleared IF, TF, DF, NT, IOPL and AC (FMASK); rsp is still the
 * user's.  The entry swaps to the kernel's GS base, parks the user rsp in
 * the per-CPU area only until it is pushed (interrupts stay off, so no
 * other entry can reuse the slot meanwhile), switches to the thread's
 * kernel stack (rsp0, which md_switch keeps in this CPU's TSS, the stack
 * traps from user mode land on too) and builds the
 * same struct trap_frame a trap from user mode would have (vector
 * VEC_SYSCALL, no error code).  Then syscall_dispatch(tf), which enables
 * interrupts around the call itself, and ast_check(true) with them off;
 * the way out is x86_return_to_user, normally sysretq.
 */
	.balign	16
	.globl	x86_syscall_entry
	.type	x86_syscall_entry, @function
x86_syscall_entry:
	swapgs
	movq	%rsp, %gs:PCPU_USER_RSP
	movq	%gs:PCPU_TSS_RSP0, %rsp
	pushq	$USER_SS
	pushq	%gs:PCPU_USER_RSP
	pushq	%r11				/* rflags */
	pushq	$USER_CS
	pushq	%rcx				/* rip */
	pushq	$0				/* error code */
	pushq	$VEC_SYSCALL			/* vector */
	pushq	$0				/* cr2 */
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
	movq	%rsp, %rdi
	xorl	%ebp, %ebp			/* the end of kernel backtraces */
	subq	$8, %rsp			/* frame at rsp0 - 184: realign */
	call	syscall_dispatch
	movl	$1, %edi
	call	ast_check
	addq	$8, %rsp
	/* fall through */
	.size	x86_syscall_entry, . - x86_syscall_entry

/*
 * x86_return_to_user: leave for user mode through the frame at rsp (a
 * struct trap_frame with a user CS), interrupts disabled, the kernel's GS
 * base loaded, ast_check(true) done.  sysretq is the cheap way out, but it
 * only restores rip from rcx and rflags from r11, and on Intel CPUs it
 * faults in kernel mode, on the user's stack, if rcx is not canonical.  So
 * it is used only for a frame that is still what a system call left:
 * vector VEC_SYSCALL, which only x86_syscall_entry writes; every kernel
 * writer of a user frame (md_thread_set_state, md_thread_set_user_entry)
 * makes it VEC_USER_SET, and traps and interrupts have their vector.  Such
 * a frame has rcx == rip, r11 == rflags and the standard selectors (the
 * entry pushed them so; md_syscall_set_return changes only rax), and a
 * canonical rip: the `syscall` ran in a user page, all below USER_VA_MAX,
 * one page short of the canonical hole.  Only TF or RF in the user's
 * rflags still sends it to iretq.  Every other frame (the first entry of
 * a thread, thread_set_state, returns from interrupts and exceptions)
 * leaves with iretq, which restores everything; an iretq to a
 * non-canonical rip would fault in kernel mode as well, so such a frame
 * (only a bad entry point or thread_set_state can make one) raises the
 * #GP exception instead (x86_bad_user_return), and the frame is checked
 * again if a handler resumes the thread.
 */
	.balign	16
	.globl	x86_return_to_user
	.type	x86_return_to_user, @function
x86_return_to_user:
	cmpq	$VEC_SYSCALL, TF_VECTOR(%rsp)
	jne	2f
	testl	$(RFLAGS_TF | RFLAGS_RF), TF_R11(%rsp)
	jnz	2f
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
	movq	TF_RSP - TF_CR2(%rsp), %rsp	/* the user stack from here on */
	swapgs
	sysretq

	/* iretq: rip must be canonical (bits 63..47 all equal). */
2:	movq	TF_RIP(%rsp), %rax
	sarq	$47, %rax
	addq	$1, %rax
	cmpq	$1, %rax
	ja	3f
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
	swapgs
	iretq

3:	movq	%rsp, %rdi
	subq	$8, %rsp
	call	x86_bad_user_return		/* returns if a handler fixed it */
	addq	$8, %rsp
	jmp	x86_return_to_user
	.size	x86_return_to_user, . - x86_return_to_user
