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

volatile uint64_t clock_ticks;

void clock_init(void)
{
	clock_ticks = 0;
	md_timer_start(HZ);
}

void clock_interrupt(void)
{
	__atomic_store_n(&clock_ticks, clock_ticks + 1, __ATOMIC_RELAXED);
}
