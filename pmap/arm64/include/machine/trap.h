/*
 * pmap/arm64/include/machine/trap.h - the register state saved on exception
 * entry (pmap/arm64/vectors.S builds it on the kernel stack).
 */
#ifndef MACHINE_TRAP_H
#define MACHINE_TRAP_H

/* Offsets for the assembler; checked against the struct below. */
#define TF_X(n)		((n) * 8)
#define TF_SP		248
#define TF_PC		256
#define TF_PSTATE	264
#define TF_ESR		272
#define TF_FAR		280
#define TF_FRAME	288	/* frame record {x29, pc} for backtraces */
#define TF_LEAF		304	/* frame record {x29, x30}, see below */
#define TF_SIZE		320	/* multiple of 16: sp stays aligned */

#ifndef __ASSEMBLER__
#include <kern/types.h>

struct trap_frame {
	uint64_t x[31];		/* x0..x30; x29 is the frame pointer, x30 lr */
	uint64_t sp;		/* stack pointer at the time of the exception */
	uint64_t pc;		/* ELR_EL1: where to resume */
	uint64_t pstate;	/* SPSR_EL1 */
	uint64_t esr;		/* ESR_EL1 (syndrome), 0 for interrupts */
	uint64_t far;		/* FAR_EL1, valid for aborts only */
	/*
	 * A frame record that links the exception into the frame-pointer
	 * chain: the handler runs with x29 pointing here, so a backtrace
	 * from inside it continues with the interrupted pc and its frames.
	 */
	uint64_t frame[2];
	/*
	 * {x29, x30} at the trap: when the trapping function had not pushed
	 * its own frame record yet (a trap before or without the prologue,
	 * or after the epilogue), x29 is still the caller's and the caller
	 * is only in x30; trap_frame_fp() then starts the walk here.
	 */
	uint64_t leaf[2];
};

_Static_assert(sizeof(struct trap_frame) == TF_SIZE, "trap frame size");
_Static_assert(__builtin_offsetof(struct trap_frame, sp) == TF_SP, "TF_SP");
_Static_assert(__builtin_offsetof(struct trap_frame, far) == TF_FAR, "TF_FAR");
_Static_assert(__builtin_offsetof(struct trap_frame, frame) == TF_FRAME,
	       "TF_FRAME");
_Static_assert(__builtin_offsetof(struct trap_frame, leaf) == TF_LEAF,
	       "TF_LEAF");

/* pmap/arm64/trap.c: the frame pointer a backtrace of tf starts from. */
uintptr_t arm64_trap_frame_fp(const struct trap_frame *tf);

static inline uintptr_t trap_frame_pc(const struct trap_frame *tf)
{
	return tf->pc;
}

static inline uintptr_t trap_frame_fp(const struct trap_frame *tf)
{
	return arm64_trap_frame_fp(tf);
}

/*
 * The arm64 Mach trap ABI (svc #0; the contract is kern/machine.h's): the
 * number in w8 (sign-extended, so both `mov w8, #-25` and `mov x8, #-25`
 * say -25), arguments in x0-x6, the result in x0.  Registers never fault:
 * md_syscall_args fails only for more than seven arguments.  Inline: they
 * run on every trap.
 */
static inline long md_syscall_number(const struct trap_frame *tf)
{
	return (long)(int32_t)tf->x[8];
}

static inline bool md_syscall_args(const struct trap_frame *tf,
				   unsigned int nargs, uintptr_t *args)
{
	if (nargs > 7)
		return false;
	/* x0-x6 in one block copy: GCC expands it into ldp/stp pairs. */
	__builtin_memcpy(args, tf->x, 7 * sizeof(uintptr_t));
	return true;
}

static inline void md_syscall_set_return(struct trap_frame *tf,
					 uintptr_t value)
{
	tf->x[0] = value;
}
#endif /* !__ASSEMBLER__ */

#endif /* MACHINE_TRAP_H */
