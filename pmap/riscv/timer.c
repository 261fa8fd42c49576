/*
 * pmap/riscv/timer.c - the periodic tick and the clock, from the time CSR.
 *
 * Every hart sees a common "time" counter at the devicetree's
 * timebase-frequency.  The next tick is programmed through SBI (the
 * firmware owns mtimecmp), which also clears the pending supervisor timer
 * interrupt.  Deadlines advance by a fixed interval from the previous
 * deadline, so ticks do not drift with interrupt latency.  If the interrupt
 * came late by whole periods (interrupts masked for long, or a slow
 * emulator), the missed ticks are delivered at once so clock_ticks keeps
 * pace with the reference clock; beyond one second's worth they are
 * dropped (a debugger stop should not turn into a tick storm).
 */
#include <kern/machine.h>
#include <kern/clock.h>
#include <kern/console.h>
#include "md.h"
#include "sbi.h"

#define DEFAULT_TIMEBASE 10000000u	/* QEMU virt; used if the DT is silent */

static uint32_t timebase_hz = DEFAULT_TIMEBASE;
static uint64_t tick_interval;
static unsigned int max_catch_up;
static uint64_t next_deadline;

/*
 * riscv_timer_probe: read timebase-frequency from /cpus (or, in some
 * trees, from the cpu nodes).  Conditions: boot, DTB valid.
 */
void riscv_timer_probe(void)
{
	int cpus = fdt_path_offset(&riscv_fdt, "/cpus");
	uint32_t f = 0;

	if (cpus >= 0 &&
	    !fdt_getprop_u32(&riscv_fdt, cpus, "timebase-frequency", &f)) {
		for (int n = fdt_first_child(&riscv_fdt, cpus); n >= 0;
		     n = fdt_next_sibling(&riscv_fdt, n))
			if (fdt_getprop_u32(&riscv_fdt, n,
					    "timebase-frequency", &f))
				break;
	}
	if (f == 0) {
		kprintf("riscv: no timebase-frequency, assuming %u Hz\n",
			DEFAULT_TIMEBASE);
		f = DEFAULT_TIMEBASE;
	}
	timebase_hz = f;
}

uint32_t riscv_timer_frequency(void)
{
	return timebase_hz;
}

/*
 * md_timer_start: first deadline one interval from now, then enable the
 * supervisor timer interrupt (taken once sstatus.SIE is set).
 * Conditions: interrupts disabled.
 */
void md_timer_start(unsigned int hz)
{
	tick_interval = timebase_hz / (hz ? hz : 1);
	if (tick_interval == 0)
		tick_interval = 1;
	max_catch_up = hz ? hz : 1;
	next_deadline = rdtime() + tick_interval;
	sbi_set_timer(next_deadline);
	csr_set(sie, SIE_STIE);
}

/*
 * riscv_timer_interrupt: the supervisor timer interrupt.  Conditions:
 * called from the trap path with interrupts disabled.
 */
void riscv_timer_interrupt(void)
{
	uint64_t now = rdtime();
	unsigned int ticks = 0;

	while (next_deadline <= now && ticks < max_catch_up) {
		next_deadline += tick_interval;
		ticks++;
	}
	if (next_deadline <= now)
		next_deadline = now + tick_interval;
	sbi_set_timer(next_deadline);
	/* An interrupt before the deadline (spurious) counts no tick. */
	while (ticks--)
		clock_interrupt();
}

/* md_clock_ns: time CSR scaled to nanoseconds without 64-bit overflow. */
uint64_t md_clock_ns(void)
{
	uint64_t t = rdtime();

	return t / timebase_hz * 1000000000ull +
	       t % timebase_hz * 1000000000ull / timebase_hz;
}
