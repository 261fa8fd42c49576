/*
 * machine/percpu.h - the RISC-V per-hart block, reached through tp.
 *
 * While a hart runs kernel code, tp points at its struct riscv_cpu and
 * sscratch is 0.  While it runs user code, tp is the user's and sscratch
 * holds the per-hart block instead; the trap entry tells the two cases
 * apart by swapping tp with sscratch (trap_entry.S).  The block carries
 * what the entry needs before it may touch the stack: a scratch word, the
 * lowest stack pointer at which a kernel trap frame still fits on the
 * current thread's stack, the kernel stack of the current thread for
 * traps from user mode, and the emergency stack for a kernel stack
 * overflow.  The PC_* offsets are what the assembly uses.
 */
#ifndef MACHINE_PERCPU_H
#define MACHINE_PERCPU_H

#define PC_SCRATCH	0	/* entry scratch: one register's worth */
#define PC_STACK_LIMIT	8	/* kernel trap with sp below: overflow */
#define PC_KSTACK_TOP	16	/* user frame of the current thread */
#define PC_EMERG_TOP	24	/* emergency stack top; 0 once used */
#define PC_CPU_INDEX	32	/* cpu_number() */
#define PC_HARTID	40
#define PC_FP_OWNER	48	/* user thread whose FP state the registers hold */
#define PC_PROCESSOR	56	/* &processor_array[cpu_index] */
#define PC_SIZE		64

#define RISCV_EMERGENCY_STACK_SIZE	8192

#ifndef __ASSEMBLER__
#include <kern/types.h>

struct thread;
struct processor;

struct riscv_cpu {
	uint64_t scratch;
	uint64_t stack_limit;
	uint64_t kstack_top;
	uint64_t emerg_top;
	uint64_t cpu_index;
	uint64_t hartid;
	/*
	 * The user thread whose FP state this hart's f0-f31/fcsr hold
	 * (loaded by riscv_fp_load, possibly changed since), or NULL.  Only
	 * a hint: it counts only while the thread's fp_cpu names this hart
	 * (machine/thread.h), so a stale pointer to a freed thread is never
	 * believed (md_thread_init clears fp_cpu).
	 */
	struct thread *fp_owner;
	/*
	 * This hart's struct processor (kern/processor.h), set with
	 * cpu_index (start.S): md_cpu_processor() is one load from tp
	 * instead of an index computation.
	 */
	struct processor *processor;
};

_Static_assert(sizeof(struct riscv_cpu) == PC_SIZE, "PC_SIZE");
_Static_assert(__builtin_offsetof(struct riscv_cpu, emerg_top) ==
	       PC_EMERG_TOP, "PC_EMERG_TOP");
_Static_assert(__builtin_offsetof(struct riscv_cpu, hartid) == PC_HARTID,
	       "PC_HARTID");
_Static_assert(__builtin_offsetof(struct riscv_cpu, fp_owner) == PC_FP_OWNER,
	       "PC_FP_OWNER");
_Static_assert(__builtin_offsetof(struct riscv_cpu, processor) ==
	       PC_PROCESSOR, "PC_PROCESSOR");

/* The block of the hart running this code: tp never changes in kernel. */
static inline struct riscv_cpu *riscv_cpu_self(void)
{
	struct riscv_cpu *c;

	__asm__("mv %0, tp" : "=r"(c));
	return c;
}
#endif /* !__ASSEMBLER__ */

#endif /* MACHINE_PERCPU_H */
