/*
 * pmap/i386/tsc.c - the time-stamp counter as the kernel's monotonic clock.
 *
 * The TSC frequency is measured once against the 8254 (channel 2).  md_clock_ns() converts TSC ticks since calibration into
 * nanoseconds with a 32.32 fixed-point multiplier, so it never depends on
 * timer interrupts.  Under QEMU TCG the TSC follows host time, and under
 * -icount it counts guest instructions; either way the PIT runs on the same
 * virtual clock, so the conversion stays consistent.
 */
#include <kern/types.h>
#include <kern/machine.h>
#include <kern/console.h>
#include <kern/panic.h>
#include <device/i8254.h>
#include "x86.h"

#define CAL_PIT_TICKS	11932		/* 10 ms of the 8254's clock */
#define CAL_RUNS	5

static uint64_t tsc_base;	/* TSC at calibration: clock time 0 */
static uint64_t tsc_mult;	/* ns per TSC tick, << 32 */
uint64_t tsc_hz;

/*
 * calibrate_rate: the rate of a counter in counts per second, measured
 * against the 8254.  start() starts or samples the counter and returns a
 * cookie; elapsed(cookie) returns the counts since.  Under TCG the host
 * may stall QEMU between starting the PIT and sampling the counter, which
 * skews one window; the median of CAL_RUNS windows of 10 ms discards that.
 * Conditions: boot, interrupts disabled, PIT channel 2 unused otherwise.
 */
uint64_t calibrate_rate(uint64_t (*start)(void),
			uint64_t (*elapsed)(uint64_t cookie))
{
	uint64_t runs[CAL_RUNS];

	for (int i = 0; i < CAL_RUNS; i++) {
		uint64_t cookie, n;

		i8254_oneshot_start(CAL_PIT_TICKS);
		cookie = start();
		while (!i8254_oneshot_done())
			cpu_relax();
		n = elapsed(cookie);
		/* Insertion sort: runs[0..i] stays ordered. */
		int j = i;
		for (; j > 0 && runs[j - 1] > n; j--)
			runs[j] = runs[j - 1];
		runs[j] = n;
	}
	return runs[CAL_RUNS / 2] * I8254_HZ / CAL_PIT_TICKS;
}

static uint64_t tsc_start(void)
{
	return cpu_cycles();
}

static uint64_t tsc_elapsed(uint64_t start)
{
	return cpu_cycles() - start;
}

/*
 * tsc_calibrate: measure the TSC frequency; md_clock_ns() counts from
 * here.  Conditions: boot CPU, interrupts disabled.
 */
void tsc_calibrate(void)
{
	tsc_hz = calibrate_rate(tsc_start, tsc_elapsed);
	if (tsc_hz == 0)
		panic("x86_64: TSC does not count");
	tsc_mult = (1000000000UL << 32) / tsc_hz;
	tsc_base = cpu_cycles();
}

uint64_t md_clock_ns(void)
{
	uint64_t d = cpu_cycles() - tsc_base;

	return (uint64_t)(((unsigned __int128)d * tsc_mult) >> 32);
}
