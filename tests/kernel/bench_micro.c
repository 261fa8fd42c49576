/*
 * tests/kernel/bench_micro.c - costs of the primitives the IPC path is
 * built from, to see where a message's instructions go.
 */
#include <kern/machine.h>
#include <kern/lock.h>
#include <kern/sched_prim.h>
#include <vm/vm_kern.h>
#include <tests/kernel/ktest.h>

KBENCH(kalloc_kfree_64)
{
	uint64_t t0 = cpu_cycles();

	for (unsigned long i = 0; i < iterations; i++)
		kfree(kalloc(64), 64);
	return cpu_cycles() - t0;
}

KBENCH(simple_lock_unlock)
{
	static simple_lock_t l = SIMPLE_LOCK_INITIALIZER;
	uint64_t t0 = cpu_cycles();

	for (unsigned long i = 0; i < iterations; i++) {
		simple_lock(&l);
		simple_unlock(&l);
	}
	return cpu_cycles() - t0;
}

KBENCH(thread_wakeup_nobody)
{
	static int ev;
	uint64_t t0 = cpu_cycles();

	for (unsigned long i = 0; i < iterations; i++)
		thread_wakeup(&ev);
	return cpu_cycles() - t0;
}
