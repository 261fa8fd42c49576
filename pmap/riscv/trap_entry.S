/*
 * pmap/riscv/trap_entry.S - the S-mode trap vector (stvec, direct mode).
 *
 * Every trap and interrupt comes here, from S-mode or from U-mode.  The
 * two are told apart without touching memory: in the kernel sscratch is 0
 * and tp points at the hart's struct riscv_cpu (machine/percpu.h); in user
 * mode sscratch holds that pointer and tp is the user's.  Swapping tp
 * with sscratch therefore yields a nonzero tp exactly for a trap from
 * user mode.
 *
 * From the kernel: the trap frame (struct trap_frame, machine/trap.h) is
 * pushed below the interrupted sp, unless sp is below the current
 * thread's stack limit (the frame would land in, or already is in, the
 * guard page below its kernel stack): then the frame goes on the hart's
 * emergency stack and riscv_stack_overflow panics.  riscv_trap runs with
 * SIE clear (the hardware saved it in SPIE); the return reloads every
 * register but tp (the per-hart pointer, current by definition, even if
 * the thread was switched away and back meanwhile), sepc and sstatus but
 * its FS field (the hart's, see switch.S), so a handler that edits the
 * frame is obeyed, and executes sret.
 *
 * From user mode: the frame is the thread's user frame at the top of its
 * kernel stack (PC_KSTACK_TOP, set by md_switch), riscv_user_trap handles
 * the trap, and user_return restores the frame's registers and pc, puts
 * the per-hart pointer back in sscratch and returns to U-mode.  The
 * frame's sstatus is a record of the trap (riscv_user_trap reads its FS);
 * user mode resumes with the live sstatus, whose FS is the hart's
 * (switch.S: lazy FP).  The first entry to user mode
 * of a new thread is a plain user_return (switch.S).
 */
#include <machine/riscv.h>
#include <machine/percpu.h>
#include <machine/trap.h>

/* Every integer register but x0, sp (x2) and tp (x4). */
.macro SAVE_GPRS
	sd	x1, TF_REG(1)(sp)
	sd	x3, TF_REG(3)(sp)
	sd	x5, TF_REG(5)(sp)
	sd	x6, TF_REG(6)(sp)
	sd	x7, TF_REG(7)(sp)
	sd	x8, TF_REG(8)(sp)
	sd	x9, TF_REG(9)(sp)
	sd	x10, TF_REG(10)(sp)
	sd	x11, TF_REG(11)(sp)
	sd	x12, TF_REG(12)(sp)
	sd	x13, TF_REG(13)(sp)
	sd	x14, TF_REG(14)(sp)
	sd	x15, TF_REG(15)(sp)
	sd	x16, TF_REG(16)(sp)
	sd	x17, TF_REG(17)(sp)
	sd	x18, TF_REG(18)(sp)
	sd	x19, TF_REG(19)(sp)
	sd	x20, TF_REG(20)(sp)
	sd	x21, TF_REG(21)(sp)
	sd	x22, TF_REG(22)(sp)
	sd	x23, TF_REG(23)(sp)
	sd	x24, TF_REG(24)(sp)
	sd	x25, TF_REG(25)(sp)
	sd	x26, TF_REG(26)(sp)
	sd	x27, TF_REG(27)(sp)
	sd	x28, TF_REG(28)(sp)
	sd	x29, TF_REG(29)(sp)
	sd	x30, TF_REG(30)(sp)
	sd	x31, TF_REG(31)(sp)
.endm

.macro RESTORE_GPRS
	ld	x1, TF_REG(1)(sp)
	ld	x3, TF_REG(3)(sp)
	ld	x5, TF_REG(5)(sp)
	ld	x6, TF_REG(6)(sp)
	ld	x7, TF_REG(7)(sp)
	ld	x8, TF_REG(8)(sp)
	ld	x9, TF_REG(9)(sp)
	ld	x10, TF_REG(10)(sp)
	ld	x11, TF_REG(11)(sp)
	ld	x12, TF_REG(12)(sp)
	ld	x13, TF_REG(13)(sp)
	ld	x14, TF_REG(14)(sp)
	ld	x15, TF_REG(15)(sp)
	ld	x16, TF_REG(16)(sp)
	ld	x17, TF_REG(17)(sp)
	ld	x18, TF_REG(18)(sp)
	ld	x19, TF_REG(19)(sp)
	ld	x20, TF_REG(20)(sp)
	ld	x21, TF_REG(21)(sp)
	ld	x22, TF_REG(22)(sp)
	ld	x23, TF_REG(23)(sp)
	ld	x24, TF_REG(24)(sp)
	ld	x25, TF_REG(25)(sp)
	ld	x26, TF_REG(26)(sp)
	ld	x27, TF_REG(27)(sp)
	ld	x28, TF_REG(28)(sp)
	ld	x29, TF_REG(29)(sp)
	ld	x30, TF_REG(30)(sp)
	ld	x31, TF_REG(31)(sp)
.endm

/*
 * The trap CSRs.  SUM is cleared once sstatus is saved, so no handler
 * touches user pages by accident (sret restores it, for an interrupt
 * taken inside copyin say).
 */
.macro SAVE_CSRS
	sd	zero, TF_REG(0)(sp)
	csrr	t0, sepc
	sd	t0, TF_PC(sp)
	csrr	t0, sstatus
	sd	t0, TF_STATUS(sp)
	li	t1, SSTATUS_SUM
	csrc	sstatus, t1
	csrr	t0, scause
	sd	t0, TF_CAUSE(sp)
	csrr	t0, stval
	sd	t0, TF_TVAL(sp)
.endm

	.section .text
	.balign	4			/* stvec requires 4-byte alignment */
	.globl	trap_entry
trap_entry:
	csrrw	tp, sscratch, tp
	bnez	tp, from_user
	/* From the kernel: tp = the per-hart block again, sscratch = 0. */
	csrrw	tp, sscratch, tp
	sd	t0, PC_SCRATCH(tp)
	ld	t0, PC_STACK_LIMIT(tp)
	bltu	sp, t0, stack_overflow
	ld	t0, PC_SCRATCH(tp)
	addi	sp, sp, -TF_SIZE
	SAVE_GPRS
	sd	tp, TF_REG(4)(sp)
	addi	t0, sp, TF_SIZE
	sd	t0, TF_REG(2)(sp)	/* the interrupted sp */
	SAVE_CSRS
	sd	s0, TF_LINK_FP(sp)
	addi	s0, sp, TF_PC + 8	/* link the frame into the s0 chain */

	mv	a0, sp
	call	riscv_trap

	.globl	trap_return
trap_return:
	ld	t0, TF_PC(sp)
	csrw	sepc, t0
	/*
	 * sstatus from the frame, but FS as it is now: FS follows the FP
	 * registers of the hart, which may have changed hands while this
	 * thread was switched away inside the handler (switch.S).
	 */
	ld	t0, TF_STATUS(sp)
	csrr	t1, sstatus
	xor	t1, t1, t0
	li	t2, SSTATUS_FS
	and	t1, t1, t2
	xor	t0, t0, t1
	csrw	sstatus, t0
	RESTORE_GPRS
	ld	sp, TF_REG(2)(sp)	/* last: it was the base register */
	sret

/*
 * stack_overflow: a kernel trap with sp below the current thread's stack
 * limit (t0; the interrupted t0 is in PC_SCRATCH).  The frame goes on the
 * hart's emergency stack, whose top is taken only once: a second overflow
 * (the emergency stack itself, or an overflow while reporting) has no
 * stack left to report on and stops the hart.
 */
stack_overflow:
	ld	t0, PC_EMERG_TOP(tp)
	beqz	t0, 9f
	sd	zero, PC_EMERG_TOP(tp)
	addi	t0, t0, -TF_SIZE
	sd	sp, TF_REG(2)(t0)	/* the overflowed sp */
	mv	sp, t0
	ld	t0, PC_SCRATCH(tp)
	SAVE_GPRS
	sd	tp, TF_REG(4)(sp)
	SAVE_CSRS
	sd	s0, TF_LINK_FP(sp)
	addi	s0, sp, TF_PC + 8
	mv	a0, sp
	call	riscv_stack_overflow	/* panics */
9:	csrw	sie, zero
	wfi
	j	9b

/*
 * from_user: tp = the per-hart block, sscratch = the user's tp.  The
 * user frame is the top of the current thread's kernel stack.  SUM is
 * already clear (user_return cleared it, and user mode cannot set it).
 * A system call (ecall) is dispatched from here: pc moves past the
 * ecall (4 bytes: it has no compressed form), then syscall_dispatch and
 * ast_check(true), as riscv_user_trap would, without its decoding; its
 * frame records only the registers, pc and scause (sstatus and stval
 * matter to no system call: stval is 0 for ecall, and user_return does
 * not read sstatus).  Every other cause saves them too and goes to
 * riscv_user_trap.  Both end in user_return.  The x0 slot is never
 * written (md_thread_init zeroed it; nothing reads it).
 */
from_user:
	sd	sp, PC_SCRATCH(tp)
	ld	sp, PC_KSTACK_TOP(tp)
	SAVE_GPRS
	ld	t0, PC_SCRATCH(tp)
	sd	t0, TF_REG(2)(sp)	/* the user sp */
	csrrw	t0, sscratch, zero	/* the user tp; now "in the kernel" */
	sd	t0, TF_REG(4)(sp)
	sd	zero, TF_LINK_FP(sp)
	li	s0, 0			/* kernel backtraces end here */
	csrr	t0, scause
	csrr	t1, sepc
	sd	t0, TF_CAUSE(sp)
	mv	a0, sp
	li	t2, CAUSE_ECALL_U
	bne	t0, t2, other_user_trap
	addi	t1, t1, 4
	sd	t1, TF_PC(sp)
	call	syscall_dispatch
	li	a0, 1
	call	ast_check
	/* fall through to user_return */

/*
 * user_return: sp = a user frame, SIE clear.  The frame's sstatus is not
 * used: the live one is made a U-mode return (SPP clear) with interrupts
 * enabled after sret (SPIE) and SUM clear; its FS is the hart's, which
 * is the thread's (switch.S), and no other field is the user's to set.
 * From the sscratch write on, a trap would count as one from user mode:
 * nothing below can trap.
 */
	.globl	user_return
user_return:
	ld	t0, TF_PC(sp)
	csrw	sepc, t0
	li	t0, SSTATUS_SPP | SSTATUS_SUM
	csrc	sstatus, t0
	li	t0, SSTATUS_SPIE
	csrs	sstatus, t0
	csrw	sscratch, tp
	ld	tp, TF_REG(4)(sp)
	RESTORE_GPRS
	ld	sp, TF_REG(2)(sp)
	sret

/* other_user_trap: from_user for every cause but ecall (t1 = sepc). */
other_user_trap:
	sd	t1, TF_PC(sp)
	csrr	t0, sstatus
	sd	t0, TF_STATUS(sp)
	csrr	t1, stval
	sd	t1, TF_TVAL(sp)
	call	riscv_user_trap
	j	user_return
