/*
 * tests/kernel/bench_trap.c - kernel-mode trap benchmarks.
 *
 * trap_breakpoint: one breakpoint instruction taken in kernel mode, through
 * the port's full exception entry, kernel_trap() and the return: the round
 * trip every later trap path is built on.
 */
#include <kern/machine.h>
#include <kern/trap.h>
#include <tests/kernel/ktest.h>

KBENCH(trap_breakpoint)
{
	uint64_t t0 = cpu_cycles();

	for (unsigned long i = 0; i < iterations; i++) {
		trap_expect(TRAP_BREAKPOINT, true);
		cpu_breakpoint();
	}
	return cpu_cycles() - t0;
}

/* The cost of the timing loop itself, to subtract by eye. */
KBENCH(empty_loop)
{
	uint64_t t0 = cpu_cycles();

	for (unsigned long i = 0; i < iterations; i++)
		__asm__ volatile("" ::: "memory");
	return cpu_cycles() - t0;
}
