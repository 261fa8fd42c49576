/*
 * machine/thread.h - the x86_64 part of a thread (struct thread's first
 * member, so the assembly finds it at the thread pointer itself).
 *
 * Kernel stack of every thread (top = kstack + kstack_size, page aligned):
 *
 *   top          +--------------------------------+
 *                | FPU area: fxsave64 image, 512  |  fpu (user threads)
 *   rsp0 -------> +--------------------------------+  16-byte aligned
 *                | user trap frame (TF_SIZE)      |  utf: built by the CPU and
 *   rsp0 - 184 -> +--------------------------------+  trap_common, or by the
 *                | pad                            |  syscall entry
 *   rsp0 - 192 -> +--------------------------------+  trampoline runs here
 *                | first switch frame (new thread)|
 *                |   ...                          |
 *   kstack ----> +--------------------------------+
 *                | unmapped guard page            |
 *
 * A suspended thread's callee-saved registers (rbp rbx r12-r15) and its
 * resume address are on its own stack; ksp points at them (switch.S).
 */
#ifndef MACHINE_THREAD_H
#define MACHINE_THREAD_H

/* Offsets of struct machine_thread, for switch.S. */
#define MT_KSP		0
#define MT_RSP0		8
#define MT_STACK_LO	16
#define MT_FPU		24

#define MT_FPU_SIZE	512	/* the fxsave64 image */

#ifndef __ASSEMBLER__
#include <kern/types.h>

struct trap_frame;

struct machine_thread {
	uint64_t ksp;		/* rsp while switched out (md_switch) */
	uint64_t rsp0;		/* kernel rsp for traps from user mode */
	uintptr_t stack_lo;	/* lowest usable stack byte; guard below */
	void *fpu;		/* fxsave area, or NULL: no user FP state */
	struct trap_frame *utf;	/* user register frame, NULL: kernel thread */
};

_Static_assert(__builtin_offsetof(struct machine_thread, rsp0) == MT_RSP0, "MT_RSP0");
_Static_assert(__builtin_offsetof(struct machine_thread, stack_lo) == MT_STACK_LO,
	       "MT_STACK_LO");
_Static_assert(__builtin_offsetof(struct machine_thread, fpu) == MT_FPU, "MT_FPU");
#endif /* !__ASSEMBLER__ */

#endif /* MACHINE_THREAD_H */
