/*
 * pmap/arm64/switch.S - the context switch and the first run of a thread.
 *
 * A suspended thread's kernel context is struct machine_thread
 * (machine/thread.h): x19-x28, x29, x30 and sp.  The caller-saved
 * registers need no saving: md_switch is an ordinary call for the
 * compiler.  PSTATE needs none either: every switch happens with IRQ and
 * FIQ masked under sched_lock, in EL1h, and the thread switched to
 * resumes in that same state.
 */
#include <machine/thread.h>
#include <machine/trap.h>

	.text
/*
 * struct thread *md_switch(struct thread *from, struct thread *to)
 *
 * Save from's callee-saved registers, sp and return address in from->md
 * (struct machine_thread is the first member of struct thread), load
 * to's, and make to's stack limit the one the exception entry checks
 * (TPIDR_EL1).  The ret then continues to's context: where to last
 * called md_switch, or arm64_thread_trampoline for a new thread; x0 is
 * still `from` there, which is the "previous thread" md_switch returns.
 * Conditions: IRQ/FIQ masked, sched_lock held; both unchanged.
 */
	.globl	md_switch
	.type	md_switch, %function
md_switch:
	stp	x19, x20, [x0, #MT_X19 + 0]
	stp	x21, x22, [x0, #MT_X19 + 16]
	stp	x23, x24, [x0, #MT_X19 + 32]
	stp	x25, x26, [x0, #MT_X19 + 48]
	stp	x27, x28, [x0, #MT_X19 + 64]
	stp	x29, x30, [x0, #MT_FP]
	mov	x9, sp
	str	x9, [x0, #MT_SP]

	ldp	x19, x20, [x1, #MT_X19 + 0]
	ldp	x21, x22, [x1, #MT_X19 + 16]
	ldp	x23, x24, [x1, #MT_X19 + 32]
	ldp	x25, x26, [x1, #MT_X19 + 48]
	ldp	x27, x28, [x1, #MT_X19 + 64]
	ldp	x29, x30, [x1, #MT_FP]
	ldp	x9, x10, [x1, #MT_SP]		/* sp, stack_limit */
	/*
	 * sp and the limit change together: no exception can be taken in
	 * between (interrupts are masked, and nothing here can fault).
	 */
	mov	sp, x9
	msr	tpidr_el1, x10
	ret
	.size	md_switch, . - md_switch

/*
 * arm64_thread_trampoline: where a new thread's first md_switch returns
 * (md_thread_init puts it in the saved x30, with x29 = 0 so backtraces
 * end here).  x0 = the previous thread; sched_lock is held and IRQ/FIQ
 * are masked.  thread_startup releases both and runs a kernel thread's
 * body, never to return; a user thread comes back with interrupts masked
 * and sp at its user frame (the top of its kernel stack), which
 * arm64_user_entry loads to enter EL0.
 */
	.globl	arm64_thread_trampoline
	.type	arm64_thread_trampoline, %function
arm64_thread_trampoline:
	bl	thread_startup
	mov	x0, sp
	bl	arm64_user_entry
	b	.
	.size	arm64_thread_trampoline, . - arm64_thread_trampoline
