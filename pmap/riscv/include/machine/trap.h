/*
 * machine/trap.h - the register state the RISC-V trap entry saves.
 *
 * pmap/riscv/trap_entry.S builds this frame on the stack: every integer
 * register by its number (x0 is hard-wired zero; its slot is unused),
 * then the trap CSRs.  The TF_* offsets are what the assembly uses; keep
 * them in step with the structure.
 */
#ifndef MACHINE_TRAP_H
#define MACHINE_TRAP_H

#define TF_REG(n)	((n) * 8)
#define TF_LEAF_FP	(32 * 8)	/* unwind record for a leaf: see below */
#define TF_LEAF_RA	(33 * 8)
#define TF_LINK_FP	(34 * 8)	/* s0 at the trap: with TF_PC, the */
#define TF_PC		(35 * 8)	/* frame record linking the chain  */
#define TF_STATUS	(36 * 8)	/* sstatus */
#define TF_CAUSE	(37 * 8)	/* scause */
#define TF_TVAL		(38 * 8)	/* stval: fault address / insn */
#define TF_SIZE		(40 * 8)	/* multiple of 16: keeps sp aligned */

/* ABI names of the registers the C code looks at. */
#define REG_RA	1
#define REG_SP	2
#define REG_GP	3
#define REG_TP	4
#define REG_S0	8
#define REG_A0	10

#ifndef __ASSEMBLER__
#include <kern/types.h>

/*
 * Frame-pointer records (see cpu_frame_unwind) are two words below the
 * address s0 points to: the caller's s0, then the return address.  The
 * entry points s0 at &pc + 1 while the handler runs, so (link_fp, pc) is
 * such a record and backtraces from inside a handler continue into the
 * interrupted code.  (leaf_fp, leaf_ra) is filled only when a backtrace
 * starts from this frame and the trap hit a leaf function, which keeps its
 * return address in ra rather than in its frame.
 */
struct trap_frame {
	uint64_t regs[32];	/* x0..x31; regs[REG_SP] is the interrupted sp */
	uint64_t leaf_fp;
	uint64_t leaf_ra;
	uint64_t link_fp;	/* == regs[REG_S0] */
	uint64_t pc;		/* sepc */
	uint64_t status;	/* sstatus */
	uint64_t cause;		/* scause */
	uint64_t tval;		/* stval */
	uint64_t pad;
};

_Static_assert(sizeof(struct trap_frame) == TF_SIZE, "TF_SIZE");
_Static_assert(__builtin_offsetof(struct trap_frame, pc) == TF_PC, "TF_PC");
_Static_assert(__builtin_offsetof(struct trap_frame, tval) == TF_TVAL,
	       "TF_TVAL");

/*
 * System calls (design.md; the contract is kern/machine.h's): number in
 * a7, arguments a0-a6, result a0.  Inline: they run on every trap.
 */
static inline long md_syscall_number(const struct trap_frame *tf)
{
	return (long)tf->regs[17];
}

static inline bool md_syscall_args(const struct trap_frame *tf,
				   unsigned int nargs, uintptr_t *args)
{
	if (nargs > 7)
		return false;
	/* Straight-line: registers cost nothing to read. */
	args[0] = tf->regs[REG_A0 + 0];
	args[1] = tf->regs[REG_A0 + 1];
	args[2] = tf->regs[REG_A0 + 2];
	args[3] = tf->regs[REG_A0 + 3];
	args[4] = tf->regs[REG_A0 + 4];
	args[5] = tf->regs[REG_A0 + 5];
	args[6] = tf->regs[REG_A0 + 6];
	return true;
}

static inline void md_syscall_set_return(struct trap_frame *tf,
					 uintptr_t value)
{
	tf->regs[REG_A0] = value;
}

/* Where a backtrace of the trapped code starts (pmap/riscv/trap.c). */
uintptr_t riscv_trap_frame_fp(const struct trap_frame *tf);

static inline uintptr_t trap_frame_pc(const struct trap_frame *tf)
{
	return tf->pc;
}

static inline uintptr_t trap_frame_fp(const struct trap_frame *tf)
{
	return riscv_trap_frame_fp(tf);
}
#endif /* !__ASSEMBLER__ */

#endif /* MACHINE_TRAP_H */
