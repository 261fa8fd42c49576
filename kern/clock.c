/*
 * kern/clock.c - the periodic clock tick.
 *
 * clock_interrupt() is the only writer of clock_ticks; readers on other
 * CPUs see a monotonically increasing 64-bit value (aligned stores are
 * atomic on every supported port).  The scheduler's quantum accounting
 * will hang off this tick.
 */
#include <kern/machine.h>
#include <kern/clock.h>
#include <kern/sched_prim.h>
#include <kern/timeout.h>

volatile uint64_t clock_ticks;
static bool clock_sched_running;

/* From now on the tick drives timeouts and the scheduler. */
void clock_start_scheduling(void)
{
	clock_sched_running = true;
}

void clock_init(void)
{
	clock_ticks = 0;
	md_timer_start(HZ);
}

void clock_interrupt(void)
{
	uint64_t now = clock_ticks + 1;

	__atomic_store_n(&clock_ticks, now, __ATOMIC_RELAXED);
	if (!clock_sched_running)
		return;
	timeout_tick(now);
	sched_tick();
}
