/*
 * pmap/i386/tsc.c - the time-stamp counter as the kernel's monotonic clock.
 *
 * The TSC frequency is measured once against the 8254 (channel 2).
 * md_clock_ns() converts TSC ticks since calibration into
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

#define CAL_PIT_TICKS	0xffff		/* a 55 ms window of the 8254's clock */
#define CAL_END_COUNT	0x1000		/* stop sampling this close to zero */
#define CAL_BRACKET	24		/* max PIT ticks (20 us) around a sample */
#define CAL_RUNS	3

static uint64_t tsc_base;	/* TSC at calibration: clock time 0 */
static uint64_t tsc_mult;	/* ns per TSC tick, << 32 */
uint64_t tsc_hz;

/*
 * sample: read the counter bracketed by two reads of the PIT count, and
 * retry until the bracket is narrow.  Under TCG the host may deschedule
 * QEMU at any instant; a sample whose bracket is narrow was not
 * interrupted, so pit (the bracket's midpoint) and *value belong to the
 * same moment within CAL_BRACKET PIT ticks.
 */
static uint64_t sample(uint64_t (*read)(uint64_t), uint64_t cookie,
		       uint32_t *pit)
{
	for (;;) {
		uint16_t a = i8254_read_count();
		uint64_t v = read(cookie);
		uint16_t b = i8254_read_count();

		if (a >= b && a - b <= CAL_BRACKET) {
			*pit = ((uint32_t)a + b) / 2;
			return v;
		}
	}
}

/*
 * calibrate_rate: the rate of a counter in counts per second, measured
 * against the 8254.  start() starts or samples the counter and returns a
 * cookie; elapsed(cookie) returns the counts since.  Each run samples the
 * counter at the start and near the end of a 55 ms PIT countdown with
 * bracketed reads (see sample()), so a host stall anywhere costs time but
 * not accuracy; the median of CAL_RUNS runs guards against the rest.
 * Conditions: boot, interrupts disabled, PIT channel 2 unused otherwise.
 */
uint64_t calibrate_rate(uint64_t (*start)(void),
			uint64_t (*elapsed)(uint64_t cookie))
{
	uint64_t runs[CAL_RUNS];
	int attempts = 0;

	for (int i = 0; i < CAL_RUNS; i++) {
		uint64_t cookie, n0, n1, n;
		uint32_t p0, p1;

		if (++attempts > 10 * CAL_RUNS)
			panic("x86_64: cannot calibrate against the 8254");
		i8254_oneshot_start(CAL_PIT_TICKS);
		cookie = start();
		n0 = sample(elapsed, cookie, &p0);
		while (i8254_read_count() > CAL_END_COUNT &&
		       !i8254_oneshot_done())
			cpu_relax();
		n1 = sample(elapsed, cookie, &p1);
		if (i8254_oneshot_done() || p0 <= p1 + CAL_END_COUNT / 2) {
			/* Stalled past the end of the countdown: again. */
			i--;
			continue;
		}
		n = (n1 - n0) * I8254_HZ / (p0 - p1);
		/* Insertion sort: runs[0..i] stays ordered. */
		int j = i;
		for (; j > 0 && runs[j - 1] > n; j--)
			runs[j] = runs[j - 1];
		runs[j] = n;
	}
	return runs[CAL_RUNS / 2];
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
