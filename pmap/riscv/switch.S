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
 * FP discipline (eager): when a hart leaves a user thread whose FS is
 * Dirty, f0-f31 and fcsr go to its save area and it is marked Clean;
 * FS is then Off while kernel threads run.  Entering a user thread loads
 * its saved registers (FS Clean), or zeroes them if it never used the FPU
 * (FS Initial).  So whenever a thread other than U runs, U's FP state is
 * in U's save area.  A trap frame that restores sstatus later may carry
 * an FS older than the current one, but never a smaller one than the
 * registers need: at worst a Clean state is called Dirty and saved again.
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
 * if it is a user thread; load to's, make to's stack limit and user frame
 * the ones the trap entry uses (the per-hart block at tp), and load to's
 * FP state.  The ret then continues to's context: where to last called
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
	ld	t0, MT_USER(a0)
	bnez	t0, save_fp
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
	ld	t0, MT_USER(a1)
	bnez	t0, load_fp
	ret

	.option	push
	.option	arch, +d
/*
 * save_fp: from is a user thread.  FS Dirty: store the registers, the
 * state is now Clean.  Record the state, then turn the FPU Off until a
 * user thread's registers are loaded.
 */
save_fp:
	csrr	t1, sstatus
	srli	t1, t1, FS_SHIFT
	andi	t1, t1, 3
	beqz	t1, from_saved		/* Off: nothing live (not expected) */
	li	t2, FS_DIRTY
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
	frcsr	t2
	sd	t2, MT_FCSR(a0)
	li	t1, FS_CLEAN
1:	sd	t1, MT_FP_FS(a0)
	li	t1, SSTATUS_FS
	csrc	sstatus, t1
	j	from_saved

/*
 * load_fp: to is a user thread.  FS is set to Dirty first (FP
 * instructions trap while it is Off), then lowered to what the loaded
 * registers are: Clean (bit 13 cleared) after a load from the save area,
 * Initial (bit 14 cleared) after zeroing them for a thread that never
 * used the FPU.
 */
load_fp:
	li	t1, SSTATUS_FS
	csrs	sstatus, t1
	ld	t0, MT_FP_FS(a1)
	li	t1, FS_INITIAL
	beq	t0, t1, 2f
	fld	f0, MT_FPU + 0 * 8(a1)
	fld	f1, MT_FPU + 1 * 8(a1)
	fld	f2, MT_FPU + 2 * 8(a1)
	fld	f3, MT_FPU + 3 * 8(a1)
	fld	f4, MT_FPU + 4 * 8(a1)
	fld	f5, MT_FPU + 5 * 8(a1)
	fld	f6, MT_FPU + 6 * 8(a1)
	fld	f7, MT_FPU + 7 * 8(a1)
	fld	f8, MT_FPU + 8 * 8(a1)
	fld	f9, MT_FPU + 9 * 8(a1)
	fld	f10, MT_FPU + 10 * 8(a1)
	fld	f11, MT_FPU + 11 * 8(a1)
	fld	f12, MT_FPU + 12 * 8(a1)
	fld	f13, MT_FPU + 13 * 8(a1)
	fld	f14, MT_FPU + 14 * 8(a1)
	fld	f15, MT_FPU + 15 * 8(a1)
	fld	f16, MT_FPU + 16 * 8(a1)
	fld	f17, MT_FPU + 17 * 8(a1)
	fld	f18, MT_FPU + 18 * 8(a1)
	fld	f19, MT_FPU + 19 * 8(a1)
	fld	f20, MT_FPU + 20 * 8(a1)
	fld	f21, MT_FPU + 21 * 8(a1)
	fld	f22, MT_FPU + 22 * 8(a1)
	fld	f23, MT_FPU + 23 * 8(a1)
	fld	f24, MT_FPU + 24 * 8(a1)
	fld	f25, MT_FPU + 25 * 8(a1)
	fld	f26, MT_FPU + 26 * 8(a1)
	fld	f27, MT_FPU + 27 * 8(a1)
	fld	f28, MT_FPU + 28 * 8(a1)
	fld	f29, MT_FPU + 29 * 8(a1)
	fld	f30, MT_FPU + 30 * 8(a1)
	fld	f31, MT_FPU + 31 * 8(a1)
	ld	t0, MT_FCSR(a1)
	fscsr	t0
	li	t1, FS_CLEAN ^ FS_DIRTY		/* Dirty -> Clean */
	slli	t1, t1, FS_SHIFT
	csrc	sstatus, t1
	ret
2:	fmv.d.x	f0, zero
	fmv.d.x	f1, zero
	fmv.d.x	f2, zero
	fmv.d.x	f3, zero
	fmv.d.x	f4, zero
	fmv.d.x	f5, zero
	fmv.d.x	f6, zero
	fmv.d.x	f7, zero
	fmv.d.x	f8, zero
	fmv.d.x	f9, zero
	fmv.d.x	f10, zero
	fmv.d.x	f11, zero
	fmv.d.x	f12, zero
	fmv.d.x	f13, zero
	fmv.d.x	f14, zero
	fmv.d.x	f15, zero
	fmv.d.x	f16, zero
	fmv.d.x	f17, zero
	fmv.d.x	f18, zero
	fmv.d.x	f19, zero
	fmv.d.x	f20, zero
	fmv.d.x	f21, zero
	fmv.d.x	f22, zero
	fmv.d.x	f23, zero
	fmv.d.x	f24, zero
	fmv.d.x	f25, zero
	fmv.d.x	f26, zero
	fmv.d.x	f27, zero
	fmv.d.x	f28, zero
	fmv.d.x	f29, zero
	fmv.d.x	f30, zero
	fmv.d.x	f31, zero
	fscsr	zero
	li	t1, FS_INITIAL ^ FS_DIRTY	/* Dirty -> Initial */
	slli	t1, t1, FS_SHIFT
	csrc	sstatus, t1
	ret
	.option	pop
	.size	md_switch, . - md_switch

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
