/*
 * pmap/arm64/fpu.c - lazy FP/SIMD state of user threads.
 *
 * The FP/SIMD registers (q0-q31, FPSR, FPCR: struct arm64_fpu) belong to
 * user threads; the kernel never uses them (-mgeneral-regs-only).  Most
 * threads, and most runs of a thread between two switches, use none, so
 * they are neither saved nor loaded on a switch.  CPACR_EL1.FPEN is
 * 0b01 (EL0 traps, EL1 does not) except while the running user thread
 * has used FP/SIMD since it was switched to, when it is 0b11:
 *
 *  - the first FP/SIMD instruction of a user thread after it was
 *    switched to traps (ESR class 0x07) to arm64_fpu_trap, which loads
 *    its save area unless arm64_fpu_owner says the registers still hold
 *    it, makes it the owner and opens EL0 access;
 *  - md_switch (switch.S), leaving a user thread with access open, saves
 *    the registers into its area and closes access again.
 *
 * Invariants (one CPU, interrupts masked wherever they change):
 *  - a thread that is not running has its FP/SIMD state in its save
 *    area (t->md.fpu);
 *  - FPEN is 0b11 only while a user thread runs (or is in the kernel on
 *    its behalf) after its FP trap; it is then arm64_fpu_owner, and the
 *    registers may be newer than its area;
 *  - otherwise, if arm64_fpu_owner is not NULL, the registers hold
 *    exactly its save area (nobody else may touch them without trapping
 *    first and becoming the owner).
 *
 * A set of the thread's FP state (thread_set_state), a new user entry,
 * a new or destroyed thread structure drop the ownership
 * (arm64_fpu_forget), so the next trap loads the area.  SMP will need a
 * per-CPU owner, and a thread that ran (and used FP) on another CPU
 * since must not match here: e.g. a per-thread "last loaded on CPU n"
 * checked together with the owner.
 */
#include <kern/machine.h>
#include <kern/thread.h>
#include <machine/sysreg.h>
#include "arm64.h"

/*
 * The thread whose FP/SIMD state the registers hold (see above), or
 * NULL.  Written with interrupts masked, by arm64_fpu_trap and
 * arm64_fpu_forget.
 */
struct thread *arm64_fpu_owner;

/* Is EL0 FP/SIMD access open, i.e. may the registers be newer than the
 * running thread's area?  Conditions: interrupts masked. */
static bool fpu_open(void)
{
	return (read_sysreg(cpacr_el1) >> CPACR_FPEN_EL0_BIT) & 1;
}

/*
 * arm64_fpu_trap: the running user thread t executed an FP/SIMD
 * instruction with EL0 access closed.  Give it the registers: load its
 * area unless they still hold it, and open access; the eret back to the
 * trapping instruction synchronizes the CPACR_EL1 write, and the
 * instruction runs again.
 * Conditions: from arm64_el0_sync, interrupts masked; t is current.
 */
void arm64_fpu_trap(struct thread *t)
{
	if (arm64_fpu_owner != t) {
		/* The previous owner's area is current already (invariant). */
		arm64_fpu_load(&t->md.fpu);
		arm64_fpu_owner = t;
	}
	write_sysreg(cpacr_el1, CPACR_FPEN_ALL);
}

/*
 * arm64_fpu_sync: make t's save area current.  Only the running thread's
 * registers can be newer (md_switch saves on the way out), so this saves
 * only when t is the current thread with EL0 access open; thread_get_state
 * is never applied to the caller itself, so this is a safeguard.
 * Conditions: any interrupt state.
 */
void arm64_fpu_sync(struct thread *t)
{
	intr_state_t s = cpu_intr_save();

	if (t == current_thread() && fpu_open())
		arm64_fpu_save(&t->md.fpu);
	cpu_intr_restore(s);
}

/*
 * arm64_fpu_forget: t's save area is authoritative from now on (it was
 * set, or t's structure is new or dead): the registers no longer count
 * as holding t's state, so its next FP trap loads the area.  If t is
 * the running thread with access open, access is closed so that the
 * trap happens (and md_switch does not save the stale registers over
 * the area).
 * Conditions: any interrupt state.
 */
void arm64_fpu_forget(struct thread *t)
{
	intr_state_t s = cpu_intr_save();

	if (arm64_fpu_owner == t)
		arm64_fpu_owner = NULL;
	if (t == current_thread() && fpu_open())
		write_sysreg(cpacr_el1, CPACR_FPEN_EL1);
	cpu_intr_restore(s);
}

/*
 * arm64_fpu_init: FP/SIMD open at EL1 (md_switch and this file use it),
 * trapped at EL0 until a thread's first use.  Conditions: once per CPU
 * (arm64_el0_init), interrupts masked.
 */
void arm64_fpu_init(void)
{
	arm64_fpu_owner = NULL;
	write_sysreg(cpacr_el1, CPACR_FPEN_EL1);
}
