/*
 * kern/trap.h - machine-independent view of traps taken in kernel mode.
 *
 * Each port decodes its exception syndrome into a trap_kind and calls
 * kernel_trap() for every synchronous exception taken from kernel mode.
 * kernel_trap() decides whether the trap was expected (a test or benchmark
 * announced it with trap_expect()) and so may be resumed past the faulting
 * instruction, or is fatal.
 */
#ifndef KERN_TRAP_H
#define KERN_TRAP_H

#include <kern/types.h>

struct trap_frame;

enum trap_kind {
	TRAP_BREAKPOINT,	/* int3, brk, ebreak */
	TRAP_ILLEGAL,		/* ud2, udf, unimp / illegal encoding */
	TRAP_PAGE_FAULT,	/* translation or permission fault */
	TRAP_ALIGNMENT,		/* misaligned access the CPU refuses */
	TRAP_ARITHMETIC,	/* divide error and the like */
	TRAP_OTHER,		/* anything else: always fatal */
	TRAP_KIND_COUNT
};

/*
 * trap_expect: announce that the next kernel-mode trap of this kind is
 * deliberate.  If quiet, kernel_trap() does not print a report (benchmarks).
 * Conditions: interrupts may be on; the expectation is per CPU and is
 * consumed by the first matching trap.
 */
void trap_expect(enum trap_kind kind, bool quiet);

/* trap_expect_cancel: forget an expectation that was not consumed. */
void trap_expect_cancel(void);

/*
 * trap_expected_taken: how many expected traps have been consumed since boot.
 */
unsigned long trap_expected_taken(void);

/*
 * kernel_trap: called by the port's exception entry for a synchronous trap
 * taken in kernel mode, with interrupts disabled.  fault_addr is the faulting
 * data address where the kind has one, else 0.  Returns true if the trap was
 * expected: the port then resumes after the trapping instruction.  Never
 * returns for an unexpected trap: it reports the trap (kind, vector or cause
 * code, frame, backtrace) and panics.
 */
bool kernel_trap(enum trap_kind kind, unsigned long code, vaddr_t fault_addr,
		 struct trap_frame *tf);

const char *trap_kind_name(enum trap_kind kind);

#endif /* KERN_TRAP_H */
