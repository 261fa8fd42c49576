/*
 * pmap/arm64/vectors.S - the EL1 exception vector table and the common
 * entry and exit code.
 *
 * Every exception saves a full struct trap_frame (machine/trap.h) on the
 * current stack (SP_EL1), points x29 at a frame record inside it so that
 * backtraces continue into the interrupted code, and calls a C handler in
 * pmap/arm64/trap.c with the frame.  On return the (possibly updated) pc
 * and pstate are reloaded from the frame, so a handler resumes after a
 * trapping instruction by advancing tf->pc.
 *
 * The kernel runs in EL1h (SP_EL1), user threads in EL0t.  Synchronous
 * exceptions and IRQs from EL1h and from AArch64 EL0 are handled; FIQ,
 * SError, the EL1t slots and AArch32 EL0 (never entered) panic with a
 * report.
 * The EL1h synchronous and IRQ entries first check that the frame fits on
 * the current thread's kernel stack (check_stack): an overflow into the
 * guard page is reported from a separate stack instead of faulting again
 * forever.
 *
 * Per-CPU registers the entry relies on:
 *   TPIDR_EL1  the running thread's stack limit (machine_thread
 *              .stack_limit: stack base + TF_SIZE), set by md_switch and
 *              at boot (start.S); 0 = no check (the overflow stack).
 *   SP_EL0     scratch for one instruction pair of check_stack.  It is
 *              EL0's stack pointer only while EL0 runs; an entry from EL0
 *              saves it in the user frame and the return to EL0 reloads
 *              it, so no EL1 code keeps anything there.
 */
#include <machine/sysreg.h>
#include <machine/trap.h>

/* save_frame: build the trap frame; x0 = frame on exit (and with esr, x3 =
 * ESR_EL1).  esr: also record ESR_EL1 and FAR_EL1 (synchronous exceptions
 * and SError); esr=2: ESR_EL1 only, FAR 0 (the caller records FAR_EL1 if
 * the exception has one).  el0: the exception came from EL0: the interrupted sp is
 * SP_EL0, and the handler runs with x29 = 0 instead of a link into the
 * interrupted code, so a backtrace of kernel code ends at the user
 * boundary; the frame's frame and leaf records are not written (only
 * backtraces of EL1 frames read them). */
.macro save_frame esr, el0=0
	sub	sp, sp, #TF_SIZE
	stp	x0, x1, [sp, #TF_X(0)]
	stp	x2, x3, [sp, #TF_X(2)]
	stp	x4, x5, [sp, #TF_X(4)]
	stp	x6, x7, [sp, #TF_X(6)]
	stp	x8, x9, [sp, #TF_X(8)]
	stp	x10, x11, [sp, #TF_X(10)]
	stp	x12, x13, [sp, #TF_X(12)]
	stp	x14, x15, [sp, #TF_X(14)]
	stp	x16, x17, [sp, #TF_X(16)]
	stp	x18, x19, [sp, #TF_X(18)]
	stp	x20, x21, [sp, #TF_X(20)]
	stp	x22, x23, [sp, #TF_X(22)]
	stp	x24, x25, [sp, #TF_X(24)]
	stp	x26, x27, [sp, #TF_X(26)]
	stp	x28, x29, [sp, #TF_X(28)]
	.if \el0
	mrs	x0, sp_el0
	.else
	add	x0, sp, #TF_SIZE
	.endif
	stp	x30, x0, [sp, #TF_X(30)]	/* x30, then sp at TF_SP */
	mrs	x1, elr_el1
	mrs	x2, spsr_el1
	stp	x1, x2, [sp, #TF_PC]
	.if \esr == 2
	mrs	x3, esr_el1			/* FAR: the caller's */
	stp	x3, xzr, [sp, #TF_ESR]
	.elseif \esr
	mrs	x3, esr_el1
	mrs	x4, far_el1
	stp	x3, x4, [sp, #TF_ESR]
	.else
	stp	xzr, xzr, [sp, #TF_ESR]
	.endif
	.if \el0
	mov	x29, xzr
	.else
	stp	x29, x1, [sp, #TF_FRAME]
	stp	x29, x30, [sp, #TF_LEAF]
	add	x29, sp, #TF_FRAME
	.endif
	mov	x0, sp
.endm

/*
 * check_stack: before anything is stored, is there room for a frame on
 * the kernel stack, i.e. is sp >= TPIDR_EL1 (the limit of the running
 * thread's stack)?  x0 is parked in SP_EL0 for the comparison.  An sp in
 * the guard page, or so close above it that the frame would reach it,
 * branches to stack_overflow with every register as interrupted and x0
 * still also in SP_EL0.  The test is unsigned: a limit of 0 never fires.
 */
.macro check_stack
	msr	sp_el0, x0
	mrs	x0, tpidr_el1
	cmp	sp, x0
	mrs	x0, sp_el0
	b.lo	stack_overflow
.endm

/* restore_frame: reload everything from the frame at sp and return.
 * x30=0: the caller has loaded x30 already. */
.macro restore_frame x30=1
	ldp	x1, x2, [sp, #TF_PC]
	msr	elr_el1, x1
	msr	spsr_el1, x2
	ldp	x0, x1, [sp, #TF_X(0)]
	ldp	x2, x3, [sp, #TF_X(2)]
	ldp	x4, x5, [sp, #TF_X(4)]
	ldp	x6, x7, [sp, #TF_X(6)]
	ldp	x8, x9, [sp, #TF_X(8)]
	ldp	x10, x11, [sp, #TF_X(10)]
	ldp	x12, x13, [sp, #TF_X(12)]
	ldp	x14, x15, [sp, #TF_X(14)]
	ldp	x16, x17, [sp, #TF_X(16)]
	ldp	x18, x19, [sp, #TF_X(18)]
	ldp	x20, x21, [sp, #TF_X(20)]
	ldp	x22, x23, [sp, #TF_X(22)]
	ldp	x24, x25, [sp, #TF_X(24)]
	ldp	x26, x27, [sp, #TF_X(26)]
	ldp	x28, x29, [sp, #TF_X(28)]
	.if \x30
	ldr	x30, [sp, #TF_X(30)]
	.endif
	add	sp, sp, #TF_SIZE
	eret
.endm

/* One 128-byte vector slot: branch to its handler. */
.macro vector target
	.balign	128
	b	\target
.endm

	.text
	.balign	2048
	.globl	arm64_vectors
arm64_vectors:
	vector	bad_el1t_sync			/* current EL, SP_EL0 */
	vector	bad_el1t_irq
	vector	bad_el1t_fiq
	vector	bad_el1t_serror
	vector	el1h_sync			/* current EL, SP_ELx */
	vector	el1h_irq
	vector	el1h_fiq
	vector	el1h_serror
	vector	el0_sync			/* lower EL, AArch64 */
	vector	el0_irq
	vector	bad_el0_64_fiq
	vector	bad_el0_64_serror
	vector	bad_el0_32_sync			/* lower EL, AArch32 */
	vector	bad_el0_32_irq
	vector	bad_el0_32_fiq
	vector	bad_el0_32_serror

el1h_sync:
	check_stack
	save_frame 1
	bl	arm64_sync_trap
	restore_frame

el1h_irq:
	check_stack
	save_frame 0
	bl	arm64_irq
	restore_frame

/*
 * EL0 entries.  SP_EL1 is the top of the thread's kernel stack here (the
 * return to EL0 leaves it there, below), so the frame lands on the user
 * frame slot, md.user_tf; no stack check is needed on an empty stack.
 * The C handlers end with ast_check(true) and return with IRQs masked.
 */
el0_sync:
	save_frame 2, 1
	/*
	 * svc #0, a Mach trap, is the one to be quick: ESR is exactly EC
	 * 0x15, IL, immediate 0.  syscall_dispatch enables interrupts
	 * around the trap and returns with them disabled; like every
	 * return to EL0, ast_check(true) comes last.  Everything else
	 * (another svc immediate included) is arm64_el0_sync's.
	 */
	mov	w4, #(ESR_EC_SVC64 << ESR_EC_SHIFT | ESR_IL)
	cmp	x3, x4
	b.ne	1f
	bl	syscall_dispatch
	msr	daifset, #3
	mov	w0, #1
	bl	ast_check
	b	arm64_el0_exit
1:	mrs	x4, far_el1			/* not a system call */
	str	x4, [sp, #TF_FAR]
	bl	arm64_el0_sync
	b	arm64_el0_exit

el0_irq:
	save_frame 0, 1
	bl	arm64_irq
	b	arm64_el0_exit

/*
 * arm64_el0_exit: return to EL0 from the user frame at sp (the top of the
 * kernel stack: once it is popped, sp is where the next entry from EL0
 * will build its frame).  Also the first entry of a new user thread
 * (switch.S).  The frame's pstate is EL0t (md_thread_set_user_entry, and
 * what the exception saved); SP_EL0, which EL1 entries use as scratch,
 * gets the user's sp back.  Conditions: IRQ/FIQ masked.
 */
	.globl	arm64_el0_exit
arm64_el0_exit:
	ldp	x30, x0, [sp, #TF_X(30)]	/* x30, and sp at TF_SP */
	msr	sp_el0, x0
	restore_frame 0

/*
 * stack_overflow: an EL1 exception found no room on the kernel stack
 * (typically the data abort of a push into the guard page).  Move to the
 * overflow stack, save the frame there (x0 comes back from SP_EL0, the
 * interrupted sp is passed in TPIDR_EL1 meanwhile) and report.  The limit
 * is then cleared, so an exception during the report is handled on the
 * overflow stack instead of coming back here.  Never returns.
 */
stack_overflow:
	mov	x0, sp
	msr	tpidr_el1, x0			/* the interrupted sp */
	adrp	x0, boot_overflow_stack_top
	add	x0, x0, :lo12:boot_overflow_stack_top
	mov	sp, x0
	mrs	x0, sp_el0			/* the interrupted x0 */
	save_frame 1
	mrs	x1, tpidr_el1
	msr	tpidr_el1, xzr
	bl	arm64_stack_overflow
	b	.

/* bad_vector: report an exception the kernel does not handle and panic;
 * the C side never returns.  idx is the slot number, 0..15. */
.macro bad_vector name, idx, esr
\name:
	save_frame \esr
	mov	x1, #\idx
	bl	arm64_bad_exception
	b	.
.endm

	bad_vector bad_el1t_sync, 0, 1
	bad_vector bad_el1t_irq, 1, 0
	bad_vector bad_el1t_fiq, 2, 0
	bad_vector bad_el1t_serror, 3, 1
	bad_vector el1h_fiq, 6, 0
	bad_vector el1h_serror, 7, 1
	bad_vector bad_el0_64_fiq, 10, 0
	bad_vector bad_el0_64_serror, 11, 1
	bad_vector bad_el0_32_sync, 12, 1
	bad_vector bad_el0_32_irq, 13, 0
	bad_vector bad_el0_32_fiq, 14, 0
	bad_vector bad_el0_32_serror, 15, 1
