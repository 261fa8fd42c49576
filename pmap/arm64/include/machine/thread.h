/*
 * pmap/arm64/include/machine/thread.h - the arm64 part of struct thread.
 *
 * A suspended thread's kernel context is the AAPCS64 callee-saved state
 * that md_switch (switch.S) stores here: x19-x28, the frame pointer x29,
 * the return address x30 and sp.  Everything else the thread needs to
 * resume is on its kernel stack (its caller's frames, and the trap frame
 * if it was preempted by an interrupt).  A user thread also owns EL0
 * state the kernel never touches: TPIDR_EL0, saved here when it is
 * switched away from and loaded when it comes back, and the FP/SIMD
 * registers, saved here on a switch only if the thread used them during
 * that run and loaded by its first FP/SIMD trap after it (pmap/arm64/fpu.c).
 */
#ifndef MACHINE_THREAD_H
#define MACHINE_THREAD_H

/* Offsets for switch.S; checked against the struct below. */
#define MT_X19		0	/* x19..x28 at MT_X19 + 8 * (n - 19) */
#define MT_FP		80	/* x29 */
#define MT_LR		88	/* x30: where md_switch returns to */
#define MT_SP		96
#define MT_STACK_LIMIT	104	/* loaded into TPIDR_EL1 while running */
#define MT_FPU_RUNS	120	/* uint8_t: runs in a row that used FP */
#define MT_USER		128	/* nonzero: has EL0 state (below) */
#define MT_TPIDR_EL0	136
#define MT_FPU		144	/* struct arm64_fpu */
#define FPU_FPSR	512	/* offsets in struct arm64_fpu */
#define FPU_HOT_RUNS	4	/* see machine_thread.fpu_runs */
#define FPU_FPCR	520

#ifndef __ASSEMBLER__
#include <kern/types.h>

struct trap_frame;

/* The EL0 FP/SIMD state: q0-q31 (as 64-bit halves, low first), FPSR, FPCR. */
struct arm64_fpu {
	uint64_t q[64];
	uint64_t fpsr, fpcr;
};

struct machine_thread {
	uint64_t x19_28[10];	/* callee-saved registers */
	uint64_t fp, lr, sp;	/* x29, x30, sp */
	/*
	 * The lowest sp at which an exception entry still finds room for
	 * a trap frame: kernel stack base + TF_SIZE.  md_switch copies it
	 * to TPIDR_EL1, which the EL1 vectors compare sp against
	 * (vectors.S, check_stack).
	 */
	uint64_t stack_limit;
	/*
	 * The user register frame at the top of the kernel stack: where
	 * an exception from EL0 saves the user state, and what the return
	 * to EL0 loads.
	 */
	struct trap_frame *user_tf;
	/*
	 * How many of the thread's last runs (from a switch to it to the
	 * switch away) used FP/SIMD, modulo 256; 0 after a run that used
	 * none.  From FPU_HOT_RUNS on, md_switch loads the state when it
	 * switches to the thread instead of waiting for the FP trap; the
	 * wrap to 0 makes it prove its use again now and then (fpu.c).
	 */
	uint8_t fpu_runs;
	uint8_t pad[7];		/* fpu at a 16-byte offset (MT_FPU) */
	/*
	 * Set by md_thread_set_user_entry: the thread runs in EL0, so
	 * md_switch saves and loads tpidr_el0 and (lazily) fpu for it.  Kernel
	 * threads leave the EL0 registers alone.
	 */
	uint64_t user;
	uint64_t tpidr_el0;
	struct arm64_fpu fpu;
};

_Static_assert(__builtin_offsetof(struct machine_thread, fp) == MT_FP, "MT_FP");
_Static_assert(__builtin_offsetof(struct machine_thread, sp) == MT_SP, "MT_SP");
_Static_assert(__builtin_offsetof(struct machine_thread, stack_limit) ==
	       MT_STACK_LIMIT, "MT_STACK_LIMIT");
_Static_assert(__builtin_offsetof(struct machine_thread, fpu_runs) ==
	       MT_FPU_RUNS, "MT_FPU_RUNS");
_Static_assert(__builtin_offsetof(struct machine_thread, user) == MT_USER,
	       "MT_USER");
_Static_assert(__builtin_offsetof(struct machine_thread, tpidr_el0) ==
	       MT_TPIDR_EL0, "MT_TPIDR_EL0");
_Static_assert(__builtin_offsetof(struct machine_thread, fpu) == MT_FPU,
	       "MT_FPU");
_Static_assert(__builtin_offsetof(struct arm64_fpu, fpsr) == FPU_FPSR,
	       "FPU_FPSR");
_Static_assert(__builtin_offsetof(struct arm64_fpu, fpcr) == FPU_FPCR,
	       "FPU_FPCR");
#endif /* !__ASSEMBLER__ */

#endif /* MACHINE_THREAD_H */
