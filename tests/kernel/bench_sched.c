/*
 * tests/kernel/bench_sched.c - scheduler benchmarks.
 *
 * yield_round_trip: two kernel threads of equal priority yield to each
 * other; one operation is a full round trip (two context switches through
 * thread_yield, the run queue and md_switch).
 */
#include <kern/machine.h>
#include <kern/panic.h>
#include <kern/sched.h>
#include <kern/sched_prim.h>
#include <kern/thread.h>
#include <tests/kernel/ktest.h>

static volatile bool partner_stop;
static volatile unsigned long partner_done;

static void yield_partner(void *arg)
{
	(void)arg;
	while (!partner_stop)
		thread_yield();
	partner_done++;
}

KBENCH(yield_round_trip)
{
	thread_t self = current_thread(), partner;
	int saved = self->priority;
	uint64_t t0, total;

	partner_stop = false;
	/* Both at one fixed priority, so each yield hands over. */
	thread_set_policy(self, POLICY_FIXEDPRI);
	thread_set_priority(self, 20, false);
	partner = kernel_thread_create("yield", yield_partner, NULL, 20);
	if (!partner)
		panic("bench: no thread");
	thread_set_policy(partner, POLICY_FIXEDPRI);
	thread_resume(partner);
	thread_yield();			/* let it start */
	t0 = cpu_cycles();
	for (unsigned long i = 0; i < iterations; i++)
		thread_yield();
	total = cpu_cycles() - t0;
	partner_stop = true;
	while (partner_done == 0)
		thread_yield();
	partner_done = 0;
	thread_set_priority(self, saved, false);
	thread_set_policy(self, POLICY_TIMESHARE);
	return total;
}
