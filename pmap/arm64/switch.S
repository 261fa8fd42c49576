/*
 * pmap/arm64/switch.S - the context switch and the first run of a thread.
 *
 * A suspended thread's kernel context is struct machine_thread
 * (machine/thread.h): x19-x28, x29, x30 and sp.  The caller-saved
 * registers need no saving: md_switch is an ordinary call for the
 * compiler.  PSTATE needs none either: every switch happens with IRQ and
 * FIQ masked under sched_lock, in EL1h, and the thread switched to
 * resumes in that same state.
 *
 * User threads also carry EL0 state that the kernel itself never uses
 * (it is built with -mgeneral-regs-only): TPIDR_EL0 and the FP/SIMD
 * registers.  They are saved when a user thread is switched away from
 * and loaded when one is switched to, except that the FP/SIMD load is
 * skipped when the registers still hold that thread's state: invariant,
 * while a user thread runs, arm64_fpu_owner is that thread and the
 * registers hold its values (kernel threads in between change nothing).
 * With SMP the owner becomes per-CPU and a thread that ran elsewhere in
 * between must not match.
 */
#include <machine/thread.h>
#include <machine/trap.h>

	.arch_extension fp
	.arch_extension simd

/* fpu_save / fpu_load: q0-q31, FPSR, FPCR at [r] (struct arm64_fpu). */
.macro fpu_save r
	stp	q0, q1, [\r, #0]
	stp	q2, q3, [\r, #32]
	stp	q4, q5, [\r, #64]
	stp	q6, q7, [\r, #96]
	stp	q8, q9, [\r, #128]
	stp	q10, q11, [\r, #160]
	stp	q12, q13, [\r, #192]
	stp	q14, q15, [\r, #224]
	stp	q16, q17, [\r, #256]
	stp	q18, q19, [\r, #288]
	stp	q20, q21, [\r, #320]
	stp	q22, q23, [\r, #352]
	stp	q24, q25, [\r, #384]
	stp	q26, q27, [\r, #416]
	stp	q28, q29, [\r, #448]
	stp	q30, q31, [\r, #480]
	mrs	x11, fpsr
	mrs	x12, fpcr
	str	x11, [\r, #FPU_FPSR]
	str	x12, [\r, #FPU_FPCR]
.endm

.macro fpu_load r
	ldp	q0, q1, [\r, #0]
	ldp	q2, q3, [\r, #32]
	ldp	q4, q5, [\r, #64]
	ldp	q6, q7, [\r, #96]
	ldp	q8, q9, [\r, #128]
	ldp	q10, q11, [\r, #160]
	ldp	q12, q13, [\r, #192]
	ldp	q14, q15, [\r, #224]
	ldp	q16, q17, [\r, #256]
	ldp	q18, q19, [\r, #288]
	ldp	q20, q21, [\r, #320]
	ldp	q22, q23, [\r, #352]
	ldp	q24, q25, [\r, #384]
	ldp	q26, q27, [\r, #416]
	ldp	q28, q29, [\r, #448]
	ldp	q30, q31, [\r, #480]
	ldr	x11, [\r, #FPU_FPSR]
	ldr	x12, [\r, #FPU_FPCR]
	msr	fpsr, x11
	msr	fpcr, x12
.endm

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
	ldr	x9, [x0, #MT_USER]
	cbz	x9, 1f
	mrs	x10, tpidr_el0
	str	x10, [x0, #MT_TPIDR_EL0]
	add	x10, x0, #MT_FPU
	fpu_save x10

1:	ldp	x19, x20, [x1, #MT_X19 + 0]
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
	ldr	x9, [x1, #MT_USER]
	cbz	x9, 2f
	ldr	x10, [x1, #MT_TPIDR_EL0]
	msr	tpidr_el0, x10
	adrp	x11, arm64_fpu_owner
	ldr	x12, [x11, :lo12:arm64_fpu_owner]
	cmp	x12, x1
	b.eq	2f				/* its state is still loaded */
	str	x1, [x11, :lo12:arm64_fpu_owner]
	add	x10, x1, #MT_FPU
	fpu_load x10
2:	ret
	.size	md_switch, . - md_switch

/*
 * arm64_thread_trampoline: where a new thread's first md_switch returns
 * (md_thread_init puts it in the saved x30, with x29 = 0 so backtraces
 * end here).  x0 = the previous thread; sched_lock is held and IRQ/FIQ
 * are masked.  thread_startup releases both and runs a kernel thread's
 * body, never to return; a user thread comes back with interrupts masked
 * and sp at its user frame (the top of its kernel stack), checks for an
 * AST like every return to EL0 and enters EL0 through the common exit
 * (vectors.S) with the registers md_thread_set_user_entry set.
 */
	.globl	arm64_thread_trampoline
	.type	arm64_thread_trampoline, %function
arm64_thread_trampoline:
	bl	thread_startup
	mov	x0, #1
	bl	ast_check
	b	arm64_el0_exit
	.size	arm64_thread_trampoline, . - arm64_thread_trampoline
