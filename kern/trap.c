/*
 * kern/trap.c - machine-independent handling of kernel-mode traps.
 *
 * Tests and benchmarks provoke traps on purpose (a breakpoint, an illegal
 * instruction) to prove the trap path reports and resumes.  They announce
 * the trap with trap_expect(); every other kernel-mode trap is a kernel bug
 * and panics with a full report.
 */
#include <kern/machine.h>
#include <kern/console.h>
#include <kern/panic.h>
#include <kern/trap.h>

/* Per-CPU when SMP arrives; one CPU today. */
static volatile int expected_kind = -1;
static volatile bool expected_quiet;
static volatile unsigned long expected_taken;

static const char *const kind_names[TRAP_KIND_COUNT] = {
	[TRAP_BREAKPOINT] = "breakpoint",
	[TRAP_ILLEGAL] = "illegal instruction",
	[TRAP_PAGE_FAULT] = "page fault",
	[TRAP_ALIGNMENT] = "alignment fault",
	[TRAP_ARITHMETIC] = "arithmetic fault",
	[TRAP_OTHER] = "exception",
};

const char *trap_kind_name(enum trap_kind kind)
{
	if ((unsigned int)kind < TRAP_KIND_COUNT)
		return kind_names[kind];
	return "unknown trap";
}

void trap_expect(enum trap_kind kind, bool quiet)
{
	expected_quiet = quiet;
	__atomic_store_n(&expected_kind, (int)kind, __ATOMIC_SEQ_CST);
}

void trap_expect_cancel(void)
{
	__atomic_store_n(&expected_kind, -1, __ATOMIC_SEQ_CST);
}

unsigned long trap_expected_taken(void)
{
	return __atomic_load_n(&expected_taken, __ATOMIC_SEQ_CST);
}

bool kernel_trap(enum trap_kind kind, unsigned long code, vaddr_t fault_addr,
		 struct trap_frame *tf)
{
	if (expected_kind == (int)kind) {
		expected_kind = -1;
		expected_taken++;
		if (!expected_quiet) {
			kprintf("trap: expected %s (code 0x%lx) at pc 0x%lx, "
				"resuming\n", trap_kind_name(kind), code,
				(unsigned long)trap_frame_pc(tf));
			md_dump_trap_frame(tf);
		}
		return true;
	}
	if (kind == TRAP_PAGE_FAULT || kind == TRAP_ALIGNMENT)
		panic_trap(tf, "kernel %s (code 0x%lx) at pc 0x%lx, address 0x%lx",
			   trap_kind_name(kind), code,
			   (unsigned long)trap_frame_pc(tf),
			   (unsigned long)fault_addr);
	panic_trap(tf, "kernel %s (code 0x%lx) at pc 0x%lx",
		   trap_kind_name(kind), code,
		   (unsigned long)trap_frame_pc(tf));
}
