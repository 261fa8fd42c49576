/*
 * pmap/riscv/switch.S - the context switch and the first run of a thread.
 *
 * A suspended thread's kernel context is struct machine_thread
 * (machine/thread.h): ra, sp, s0-s11.  The caller-saved registers need no
 * saving: md_switch is an ordinary call for the compiler.  sstatus needs
 * none either (every switch happens in S-mode with SIE clear under
 * sched_lock, and the thread switched to resumes in that state), except
 * its FS field, which follows the FP registers of user threads: the
 * kernel itself is built without F/D and never touches them.
 *
 * FP discipline (lazy load, eager save).  Invariant: while a user thread
 * U runs on a hart (in either mode), sstatus.FS is not Off only if the
 * hart's f0-f31/fcsr hold U's FP state, that is the hart's fp_owner is U
 * and U's fp_cpu is the hart (machine/percpu.h, machine/thread.h); FS
 * Clean then means they still equal U's save area, Dirty that U may have
 * changed them.  Kernel threads run with FS Off (the kernel never touches
 * the FP registers).
 *  - md_switch away from a user thread whose FS is Dirty stores the
 *    registers in its save area; FS is then turned Off.  So whenever a
 *    thread other than U runs, U's FP state is in U's save area, which is
 *    what md_thread_get_state reads.
 *  - md_switch to a user thread turns FS back on (Clean) only if the
 *    hart's registers are still that thread's (owner and fp_cpu agree);
 *    otherwise FS stays Off, and the thread's first FP instruction (or
 *    fcsr access) raises an illegal-instruction trap, on which
 *    riscv_user_trap calls riscv_fp_load: the save area is loaded, FS is
 *    Clean, and the instruction is retried (a truly illegal instruction
 *    traps again, now with FS on, and is reported as such).
 *  - FS is therefore hart state, not thread state: a trap frame's saved
 *    sstatus may carry an FS that is no longer true (the thread was
 *    switched away and back since).  trap_return keeps the live FS and
 *    takes only the other fields from the frame; user_return does not
 *    read the frame's sstatus at all (trap_entry.S).
 */
#include <machine/riscv.h>
#include <machine/percpu.h>
#include <machine/thread.h>
#include <machine/trap.h>

	.text
/*
 * struct thread *md_switch(struct thread *from, struct thread *to)
 *
 * Save from's callee-saved registers, sp and ra in from->md (struct
 * machine_thread is the first member of struct thread), and its FP state
 * if it is a user thread and FS is Dirty; load to's, make to's stack
 * limit and user frame the ones the trap entry uses (the per-hart block
 * at tp), and turn FS on (Clean) if the FP registers still hold to's
 * state; otherwise it stays Off until to's first FP instruction.  The ret then continues to's context: where to last called
 * md_switch, or riscv_thread_trampoline for a new thread; a0 is still
 * `from` there, which is the "previous thread" md_switch returns.
 * Conditions: SIE clear, sched_lock held; both unchanged.
 */
	.globl	md_switch
	.type	md_switch, @function
md_switch:
	sd	ra, MT_RA(a0)
	sd	sp, MT_SP(a0)
	sd	s0, MT_S0 + 0 * 8(a0)
	sd	s1, MT_S0 + 1 * 8(a0)
	sd	s2, MT_S0 + 2 * 8(a0)
	sd	s3, MT_S0 + 3 * 8(a0)
	sd	s4, MT_S0 + 4 * 8(a0)
	sd	s5, MT_S0 + 5 * 8(a0)
	sd	s6, MT_S0 + 6 * 8(a0)
	sd	s7, MT_S0 + 7 * 8(a0)
	sd	s8, MT_S0 + 8 * 8(a0)
	sd	s9, MT_S0 + 9 * 8(a0)
	sd	s10, MT_S0 + 10 * 8(a0)
	sd	s11, MT_S0 + 11 * 8(a0)
	csrr	t1, sstatus
	li	t2, SSTATUS_FS
	and	t1, t1, t2
	bnez	t1, save_fp		/* FS on: a user thread's registers */
from_saved:
	ld	ra, MT_RA(a1)
	ld	s0, MT_S0 + 0 * 8(a1)
	ld	s1, MT_S0 + 1 * 8(a1)
	ld	s2, MT_S0 + 2 * 8(a1)
	ld	s3, MT_S0 + 3 * 8(a1)
	ld	s4, MT_S0 + 4 * 8(a1)
	ld	s5, MT_S0 + 5 * 8(a1)
	ld	s6, MT_S0 + 6 * 8(a1)
	ld	s7, MT_S0 + 7 * 8(a1)
	ld	s8, MT_S0 + 8 * 8(a1)
	ld	s9, MT_S0 + 9 * 8(a1)
	ld	s10, MT_S0 + 10 * 8(a1)
	ld	s11, MT_S0 + 11 * 8(a1)
	ld	t0, MT_STACK_LIMIT(a1)
	ld	t1, MT_KSTACK_TOP(a1)
	/*
	 * sp and the limit the trap entry checks it against change
	 * together: no trap can come in between (SIE is clear, and nothing
	 * here can fault).
	 */
	ld	sp, MT_SP(a1)
	sd	t0, PC_STACK_LIMIT(tp)
	sd	t1, PC_KSTACK_TOP(tp)
	ld	t0, PC_FP_OWNER(tp)
	beq	t0, a1, fp_resume	/* only user threads are owners */
	ret

/*
 * fp_resume: to was the last thread whose FP state this hart loaded.  If
 * its fp_cpu still names this hart, nothing rewrote its save area and it
 * loaded its state nowhere else since: the registers are its own, unchanged
 * since they were last saved or loaded (Clean).  FS is Off here: the
 * thread switched from was a kernel thread or had FS turned off above.
 */
fp_resume:
	ld	t0, MT_FP_CPU(a1)
	bne	t0, tp, 1f
	li	t1, FS_CLEAN << FS_SHIFT
	csrs	sstatus, t1
1:	ret

	.option	push
	.option	arch, +d
/*
 * save_fp: FS is not Off (t1 = its bits, t2 = the mask), so from is a
 * user thread that has used the FPU since it was switched to (kernel
 * threads and user threads that have not run FS Off: their save areas are
 * current).  Initial or Clean: the registers equal the save area.  Dirty:
 * store them (from is the owner by the invariant above; they stay its,
 * now Clean).  Then FS Off.
 */
save_fp:
	bne	t1, t2, 1f
	fsd	f0, MT_FPU + 0 * 8(a0)
	fsd	f1, MT_FPU + 1 * 8(a0)
	fsd	f2, MT_FPU + 2 * 8(a0)
	fsd	f3, MT_FPU + 3 * 8(a0)
	fsd	f4, MT_FPU + 4 * 8(a0)
	fsd	f5, MT_FPU + 5 * 8(a0)
	fsd	f6, MT_FPU + 6 * 8(a0)
	fsd	f7, MT_FPU + 7 * 8(a0)
	fsd	f8, MT_FPU + 8 * 8(a0)
	fsd	f9, MT_FPU + 9 * 8(a0)
	fsd	f10, MT_FPU + 10 * 8(a0)
	fsd	f11, MT_FPU + 11 * 8(a0)
	fsd	f12, MT_FPU + 12 * 8(a0)
	fsd	f13, MT_FPU + 13 * 8(a0)
	fsd	f14, MT_FPU + 14 * 8(a0)
	fsd	f15, MT_FPU + 15 * 8(a0)
	fsd	f16, MT_FPU + 16 * 8(a0)
	fsd	f17, MT_FPU + 17 * 8(a0)
	fsd	f18, MT_FPU + 18 * 8(a0)
	fsd	f19, MT_FPU + 19 * 8(a0)
	fsd	f20, MT_FPU + 20 * 8(a0)
	fsd	f21, MT_FPU + 21 * 8(a0)
	fsd	f22, MT_FPU + 22 * 8(a0)
	fsd	f23, MT_FPU + 23 * 8(a0)
	fsd	f24, MT_FPU + 24 * 8(a0)
	fsd	f25, MT_FPU + 25 * 8(a0)
	fsd	f26, MT_FPU + 26 * 8(a0)
	fsd	f27, MT_FPU + 27 * 8(a0)
	fsd	f28, MT_FPU + 28 * 8(a0)
	fsd	f29, MT_FPU + 29 * 8(a0)
	fsd	f30, MT_FPU + 30 * 8(a0)
	fsd	f31, MT_FPU + 31 * 8(a0)
	frcsr	t1
	sd	t1, MT_FCSR(a0)
1:	csrc	sstatus, t2
	j	from_saved
	.option	pop
	.size	md_switch, . - md_switch

/*
 * void riscv_fp_load(struct thread *t): load t's save area into the FP
 * registers and make t their owner on this hart, FS Clean.  FS is raised
 * to Dirty first (FP instructions trap while it is Off) and lowered to
 * Clean (bit 13 cleared) after the loads.  Called by riscv_user_trap for
 * the illegal-instruction trap of t's first FP instruction after a
 * switch.  Conditions: t is the current user thread, FS Off, SIE clear
 * (no switch can come between the load and the owner's record).
 */
	.option	push
	.option	arch, +d
	.globl	riscv_fp_load
	.type	riscv_fp_load, @function
riscv_fp_load:
	li	t1, SSTATUS_FS
	csrs	sstatus, t1
	fld	f0, MT_FPU + 0 * 8(a0)
	fld	f1, MT_FPU + 1 * 8(a0)
	fld	f2, MT_FPU + 2 * 8(a0)
	fld	f3, MT_FPU + 3 * 8(a0)
	fld	f4, MT_FPU + 4 * 8(a0)
	fld	f5, MT_FPU + 5 * 8(a0)
	fld	f6, MT_FPU + 6 * 8(a0)
	fld	f7, MT_FPU + 7 * 8(a0)
	fld	f8, MT_FPU + 8 * 8(a0)
	fld	f9, MT_FPU + 9 * 8(a0)
	fld	f10, MT_FPU + 10 * 8(a0)
	fld	f11, MT_FPU + 11 * 8(a0)
	fld	f12, MT_FPU + 12 * 8(a0)
	fld	f13, MT_FPU + 13 * 8(a0)
	fld	f14, MT_FPU + 14 * 8(a0)
	fld	f15, MT_FPU + 15 * 8(a0)
	fld	f16, MT_FPU + 16 * 8(a0)
	fld	f17, MT_FPU + 17 * 8(a0)
	fld	f18, MT_FPU + 18 * 8(a0)
	fld	f19, MT_FPU + 19 * 8(a0)
	fld	f20, MT_FPU + 20 * 8(a0)
	fld	f21, MT_FPU + 21 * 8(a0)
	fld	f22, MT_FPU + 22 * 8(a0)
	fld	f23, MT_FPU + 23 * 8(a0)
	fld	f24, MT_FPU + 24 * 8(a0)
	fld	f25, MT_FPU + 25 * 8(a0)
	fld	f26, MT_FPU + 26 * 8(a0)
	fld	f27, MT_FPU + 27 * 8(a0)
	fld	f28, MT_FPU + 28 * 8(a0)
	fld	f29, MT_FPU + 29 * 8(a0)
	fld	f30, MT_FPU + 30 * 8(a0)
	fld	f31, MT_FPU + 31 * 8(a0)
	ld	t0, MT_FCSR(a0)
	fscsr	t0
	li	t1, (FS_CLEAN ^ FS_DIRTY) << FS_SHIFT	/* Dirty -> Clean */
	csrc	sstatus, t1
	sd	a0, PC_FP_OWNER(tp)
	sd	tp, MT_FP_CPU(a0)
	ret
	.option	pop
	.size	riscv_fp_load, . - riscv_fp_load

/*
 * riscv_thread_trampoline: where a new thread's first md_switch returns
 * (md_thread_init puts it in the saved ra, with s0 = 0 so backtraces end
 * here, and sp at the thread's user frame).  a0 = the previous thread;
 * sched_lock is held and SIE is clear.  thread_startup releases both and
 * runs a kernel thread's body, never to return; a user thread comes back
 * with SIE clear and sp at its user frame, which user_return loads to
 * enter U-mode.
 */
	.globl	riscv_thread_trampoline
	.type	riscv_thread_trampoline, @function
riscv_thread_trampoline:
	call	thread_startup
	j	user_return
	.size	riscv_thread_trampoline, . - riscv_thread_trampoline
