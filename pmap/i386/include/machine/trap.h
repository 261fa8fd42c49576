/*
 * machine/trap.h - the register state saved on every x86_64 trap.
 *
 * Layout, lowest address first, exactly as locore.S builds it on the stack:
 * the general registers pushed by trap_common, the fault address slot, the
 * vector and error code pushed by the per-vector stub (0 where the CPU
 * pushes none), then the frame the CPU itself pushes (rip .. ss).
 * TF_* offsets are used by the assembly and checked against the structure.
 */
#ifndef MACHINE_TRAP_H
#define MACHINE_TRAP_H

#define TF_R15		0
#define TF_R11		32
#define TF_RBP		64
#define TF_RCX		96
#define TF_RAX		112
#define TF_CR2		120
#define TF_VECTOR	128
#define TF_ERROR	136
#define TF_RIP		144
#define TF_CS		152
#define TF_RFLAGS	160
#define TF_RSP		168
#define TF_SS		176
#define TF_SIZE		184

#ifndef __ASSEMBLER__
#include <kern/types.h>

struct trap_frame {
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
	uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
	uint64_t cr2;		/* faulting address: page faults only, else 0 */
	uint64_t vector;	/* 0..255 */
	uint64_t error;		/* CPU error code, 0 if the vector has none */
	uint64_t rip, cs, rflags, rsp, ss;	/* pushed by the CPU */
};

_Static_assert(__builtin_offsetof(struct trap_frame, r11) == TF_R11, "TF_R11");
_Static_assert(__builtin_offsetof(struct trap_frame, rbp) == TF_RBP, "TF_RBP");
_Static_assert(__builtin_offsetof(struct trap_frame, rcx) == TF_RCX, "TF_RCX");
_Static_assert(__builtin_offsetof(struct trap_frame, cs) == TF_CS, "TF_CS");
_Static_assert(__builtin_offsetof(struct trap_frame, rflags) == TF_RFLAGS, "TF_RFLAGS");
_Static_assert(__builtin_offsetof(struct trap_frame, rsp) == TF_RSP, "TF_RSP");
_Static_assert(__builtin_offsetof(struct trap_frame, rax) == TF_RAX, "TF_RAX");
_Static_assert(__builtin_offsetof(struct trap_frame, cr2) == TF_CR2, "TF_CR2");
_Static_assert(__builtin_offsetof(struct trap_frame, vector) == TF_VECTOR, "TF_VECTOR");
_Static_assert(__builtin_offsetof(struct trap_frame, rip) == TF_RIP, "TF_RIP");
_Static_assert(__builtin_offsetof(struct trap_frame, ss) == TF_SS, "TF_SS");
_Static_assert(sizeof(struct trap_frame) == TF_SIZE, "TF_SIZE");

/* Machine-independent accessors (panic, backtrace). */
static inline uintptr_t trap_frame_pc(const struct trap_frame *tf)
{
	return tf->rip;
}

static inline uintptr_t trap_frame_fp(const struct trap_frame *tf)
{
	return tf->rbp;
}

/*
 * System-call ABI (design.md; the contract is kern/machine.h's): number
 * in rax; arguments in rdi, rsi, rdx, r10 (rcx holds the return address),
 * r8, r9; a 7th at user rsp + 8 (the stub was called, so rsp points at its
 * return address); result in rax.  Inline: they run on every trap.
 */
bool x86_syscall_arg7(const struct trap_frame *tf, uintptr_t *arg);

static inline long md_syscall_number(const struct trap_frame *tf)
{
	return (long)tf->rax;
}

static inline bool md_syscall_args(const struct trap_frame *tf,
				   unsigned int nargs, uintptr_t *args)
{
	if (nargs > 7)
		return false;
	/* Register arguments cost nothing to read: take all six. */
	args[0] = tf->rdi;
	args[1] = tf->rsi;
	args[2] = tf->rdx;
	args[3] = tf->r10;
	args[4] = tf->r8;
	args[5] = tf->r9;
	return nargs < 7 || x86_syscall_arg7(tf, &args[6]);
}

static inline void md_syscall_set_return(struct trap_frame *tf,
					 uintptr_t value)
{
	tf->rax = value;
}

/* Was the trap taken from user mode (CPL 3)? */
static inline bool trap_frame_user(const struct trap_frame *tf)
{
	return (tf->cs & 3) != 0;
}
#endif /* !__ASSEMBLER__ */

#endif /* MACHINE_TRAP_H */
