/*
 * machine/thread.h - the RISC-V part of struct thread.
 *
 * A suspended thread's kernel context is what md_switch (switch.S) stores
 * here: ra, sp and the callee-saved s0-s11 of the psABI.  Everything else
 * it needs to resume is on its kernel stack (its callers' frames, and the
 * trap frame of an interrupt that preempted it).  A user thread also owns
 * the user frame at the top of its kernel stack and an FP save area,
 * which md_switch fills when the registers changed (sstatus.FS Dirty) and
 * riscv_fp_load reloads on the thread's first FP instruction after a
 * switch (lazy FP, switch.S).  The MT_* offsets are what the assembly
 * uses.
 */
#ifndef MACHINE_THREAD_H
#define MACHINE_THREAD_H

#define MT_RA		0
#define MT_SP		8
#define MT_S0		16	/* s0..s11 at MT_S0 + 8 * n */
#define MT_STACK_LIMIT	112	/* copied to the per-hart block when it runs */
#define MT_KSTACK_TOP	120	/* likewise: the user frame */
#define MT_USER		128	/* nonzero: has a user context (FP state) */
#define MT_FP_CPU	136	/* hart whose FP registers hold the save area */
#define MT_FPU		144	/* f0..f31, then fcsr */
#define MT_FCSR		(MT_FPU + 32 * 8)

/* sstatus.FS values (bits 14:13). */
#define FS_OFF		0
#define FS_INITIAL	1
#define FS_CLEAN	2
#define FS_DIRTY	3
#define FS_SHIFT	13

#ifndef __ASSEMBLER__
#include <kern/types.h>

struct trap_frame;
struct riscv_cpu;

struct riscv_fpu {
	uint64_t f[32];
	uint64_t fcsr;
};

struct machine_thread {
	uint64_t ra, sp;
	uint64_t s[12];
	/*
	 * The lowest sp at which a kernel trap still finds room for its
	 * frame: kernel stack base + TF_SIZE.  The trap entry compares sp
	 * with the per-hart copy; below it the trap moves to the emergency
	 * stack and panics ("kernel stack overflow").
	 */
	uint64_t stack_limit;
	uint64_t kstack_top;		/* == (uint64_t)user_tf */
	uint64_t user;
	/*
	 * The per-hart block (struct riscv_cpu) of the hart whose FP
	 * registers were last loaded from, or saved to, this thread's save
	 * area, or NULL.  With that hart's fp_owner pointing back here, the
	 * registers still equal the save area and md_switch lets the thread
	 * use them without a reload.  Cleared whenever the save area is
	 * rewritten from elsewhere (md_thread_set_state, a new user entry).
	 */
	struct riscv_cpu *fp_cpu;
	struct riscv_fpu fpu;
	struct trap_frame *user_tf;	/* top of the kernel stack */
};

_Static_assert(__builtin_offsetof(struct machine_thread, stack_limit) ==
	       MT_STACK_LIMIT, "MT_STACK_LIMIT");
_Static_assert(__builtin_offsetof(struct machine_thread, fpu) == MT_FPU,
	       "MT_FPU");
_Static_assert(__builtin_offsetof(struct machine_thread, fp_cpu) ==
	       MT_FP_CPU, "MT_FP_CPU");
_Static_assert(__builtin_offsetof(struct machine_thread, user) == MT_USER,
	       "MT_USER");
#endif /* !__ASSEMBLER__ */

#endif /* MACHINE_THREAD_H */
