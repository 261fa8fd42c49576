/*
 * pmap/arm64/switch.S - the context switch, the first run of a thread,
 * and the FP/SIMD save and load routines of the lazy FP state (fpu.c).
 *
 * A suspended thread's kernel context is struct machine_thread
 * (machine/thread.h): x19-x28, x29, x30 and sp.  The caller-saved
 * registers need no saving: md_switch is an ordinary call for the
 * compiler.  PSTATE needs none either: every switch happens with IRQ and
 * FIQ masked under sched_lock, in EL1h, and the thread switched to
 * resumes in that same state.
 *
 * User threads also carry EL0 state that the kernel itself never uses
 * (it is built with -mgeneral-regs-only): TPIDR_EL0, saved and loaded on
 * every switch of a user thread, and the FP/SIMD registers, which are
 * lazy (fpu.c): EL0 may use them (CPACR_EL1.FPEN = 0b11) only from its
 * first FP/SIMD instruction since it was switched to, which traps and
 * loads its state unless the registers still hold it, to the switch away
 * from it, which saves them and makes EL0 trap again (FPEN = 0b01).  A
 * thread whose last FPU_HOT_RUNS runs all used FP/SIMD gets its state
 * loaded and access opened by the switch to it instead, saving the trap
 * (between two such threads access simply stays open).  A thread that
 * used no FP/SIMD costs a switch a few instructions.
 */
#include <machine/sysreg.h>
#include <machine/thread.h>
#include <machine/trap.h>

	.arch_extension fp
	.arch_extension simd

/*
 * fpu_save / fpu_load: q0-q31, FPSR, FPCR at [p] (struct arm64_fpu, the
 * layout of stp/ldp of the q registers: little endian, low half first).
 * Four registers per st1/ld1.  p is advanced (clobbered); x12 and x14
 * are scratch.
 */
.macro fpu_save p
	st1	{v0.2d, v1.2d, v2.2d, v3.2d}, [\p], #64
	st1	{v4.2d, v5.2d, v6.2d, v7.2d}, [\p], #64
	st1	{v8.2d, v9.2d, v10.2d, v11.2d}, [\p], #64
	st1	{v12.2d, v13.2d, v14.2d, v15.2d}, [\p], #64
	st1	{v16.2d, v17.2d, v18.2d, v19.2d}, [\p], #64
	st1	{v20.2d, v21.2d, v22.2d, v23.2d}, [\p], #64
	st1	{v24.2d, v25.2d, v26.2d, v27.2d}, [\p], #64
	st1	{v28.2d, v29.2d, v30.2d, v31.2d}, [\p], #64
	mrs	x12, fpsr
	mrs	x14, fpcr
	stp	x12, x14, [\p]			/* FPU_FPSR, FPU_FPCR */
.endm

.macro fpu_load p
	ld1	{v0.2d, v1.2d, v2.2d, v3.2d}, [\p], #64
	ld1	{v4.2d, v5.2d, v6.2d, v7.2d}, [\p], #64
	ld1	{v8.2d, v9.2d, v10.2d, v11.2d}, [\p], #64
	ld1	{v12.2d, v13.2d, v14.2d, v15.2d}, [\p], #64
	ld1	{v16.2d, v17.2d, v18.2d, v19.2d}, [\p], #64
	ld1	{v20.2d, v21.2d, v22.2d, v23.2d}, [\p], #64
	ld1	{v24.2d, v25.2d, v26.2d, v27.2d}, [\p], #64
	ld1	{v28.2d, v29.2d, v30.2d, v31.2d}, [\p], #64
	ldp	x12, x14, [\p]			/* FPU_FPSR, FPU_FPCR */
	msr	fpsr, x12
	msr	fpcr, x14
.endm

/*
 * load_context: to's (x1) callee-saved registers, sp and stack limit;
 * x9, x10 = to's user flag and TPIDR_EL0.  sp and the limit change
 * together: no exception can be taken in between (interrupts are masked,
 * and nothing here can fault).
 */
.macro load_context
	ldp	x19, x20, [x1, #MT_X19 + 0]
	ldp	x21, x22, [x1, #MT_X19 + 16]
	ldp	x23, x24, [x1, #MT_X19 + 32]
	ldp	x25, x26, [x1, #MT_X19 + 48]
	ldp	x27, x28, [x1, #MT_X19 + 64]
	ldp	x29, x30, [x1, #MT_FP]
	ldp	x9, x10, [x1, #MT_SP]		/* sp, stack_limit */
	mov	sp, x9
	msr	tpidr_el1, x10
	ldp	x9, x10, [x1, #MT_USER]		/* user, tpidr_el0 */
.endm

/*
 * fpu_load_unless_owner: give to (x1) the FP/SIMD registers: load its
 * save area and make it arm64_fpu_owner, or branch to done at once if it
 * is the owner already (the registers hold its area).
 */
.macro fpu_load_unless_owner done
	adrp	x11, arm64_fpu_owner
	ldr	x12, [x11, :lo12:arm64_fpu_owner]
	cmp	x12, x1
	b.eq	\done				/* its state is still loaded */
	str	x1, [x11, :lo12:arm64_fpu_owner]
	add	x11, x1, #MT_FPU
	fpu_load x11
.endm

#if FPU_FPSR != 512 || FPU_FPCR != FPU_FPSR + 8
#error "fpu_save/fpu_load assume FPSR, FPCR right after q0-q31"
#endif

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
 *
 * User threads: TPIDR_EL0 is saved and loaded.  FP/SIMD (fpu.c): if EL0
 * access is open, from used FP/SIMD during this run: its registers are
 * saved and from's fpu_runs counts one more run (mod 256); else
 * fpu_runs = 0.  Only a user thread can have access open (arm64_fpu_trap,
 * and the hot path here), so the test sits on the user path.  If to is
 * hot (fpu_runs >= FPU_HOT_RUNS), its state is loaded unless the
 * registers still hold it (arm64_fpu_owner), and access is open when it
 * runs; otherwise access is closed.  No isb after a CPACR_EL1 write: EL1
 * never traps FP/SIMD, and the eret that next enters EL0 synchronizes
 * the change.
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
	mrs	x9, cpacr_el1
	tbnz	x9, #CPACR_FPEN_EL0_BIT, 3f	/* FP/SIMD used: save it */
	strb	wzr, [x0, #MT_FPU_RUNS]		/* a run without FP/SIMD */

	/* EL0 FP/SIMD access is closed. */
1:	load_context
	cbz	x9, 2f
	msr	tpidr_el0, x10
	ldrb	w9, [x1, #MT_FPU_RUNS]
	cmp	w9, #FPU_HOT_RUNS
	b.hs	4f				/* hot: load FP/SIMD now */
2:	ret
	/* to is hot: give it the registers and open EL0 access. */
4:	fpu_load_unless_owner 5f
5:	mov	x13, #CPACR_FPEN_ALL
	msr	cpacr_el1, x13
	ret

	/*
	 * from used FP/SIMD during this run: save its registers; its save
	 * area is authoritative again while it is off the processor, and
	 * arm64_fpu_owner still names it (the registers keep its values).
	 * EL0 access stays open until it is known whether to is hot: then
	 * it stays open, else it is closed.
	 */
3:	add	x11, x0, #MT_FPU
	fpu_save x11
	ldrb	w9, [x0, #MT_FPU_RUNS]
	add	w9, w9, #1
	strb	w9, [x0, #MT_FPU_RUNS]		/* mod 256 */
	load_context
	cbz	x9, 6f
	msr	tpidr_el0, x10
	ldrb	w9, [x1, #MT_FPU_RUNS]
	cmp	w9, #FPU_HOT_RUNS
	b.hs	7f
6:	mov	x13, #CPACR_FPEN_EL1		/* to is not hot: close */
	msr	cpacr_el1, x13
	ret
7:	fpu_load_unless_owner 8f		/* to is hot: access stays open */
8:	ret
	.size	md_switch, . - md_switch

/*
 * void arm64_fpu_save(struct arm64_fpu *f)
 * void arm64_fpu_load(const struct arm64_fpu *f)
 *
 * Copy the FP/SIMD registers (q0-q31, FPSR, FPCR) to or from f, for
 * fpu.c.  EL1 access is always open (CPACR_EL1.FPEN bit 20).  Clobbers
 * x0, x12, x14 (and the FP/SIMD registers for a load).
 * Conditions: interrupts masked (the caller decides whose state it is).
 */
	.globl	arm64_fpu_save
	.type	arm64_fpu_save, %function
arm64_fpu_save:
	fpu_save x0
	ret
	.size	arm64_fpu_save, . - arm64_fpu_save

	.globl	arm64_fpu_load
	.type	arm64_fpu_load, %function
arm64_fpu_load:
	fpu_load x0
	ret
	.size	arm64_fpu_load, . - arm64_fpu_load

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
