/*
 * pmap/arm64/timer.c - the Arm generic timer: the periodic clock tick and
 * the reference clock.
 *
 * The tick uses the EL1 virtual timer (CNTV, PPI 11 = INTID 27 on every
 * GIC board; the devicetree's /timer node says so) in compare-value mode:
 * each interrupt advances CNTV_CVAL by one period, skipping periods lost
 * while interrupts were masked, so the tick neither drifts nor bursts.
 * md_clock_ns reads the virtual counter CNTVCT_EL0 at CNTFRQ_EL0 Hz; the
 * EL2 boot path sets CNTVOFF_EL2 to 0, so it equals the physical count.
 */
#include <kern/machine.h>
#include <kern/clock.h>
#include <kern/console.h>
#include <kern/panic.h>
#include <machine/sysreg.h>
#include <device/gic.h>
#include "arm64.h"

#define CNTV_CTL_ENABLE		(1 << 0)
#define CNTV_CTL_IMASK		(1 << 1)
#define TIMER_VIRT_INTID	27	/* PPI 11 */
#define TIMER_FDT_VIRT_INDEX	2	/* secure phys, phys, virt, hyp */

static uint64_t timer_freq;
static uint64_t timer_period;
static uint64_t timer_deadline;

static inline uint64_t counter(void)
{
	uint64_t c;

	__asm__ volatile("isb\n\tmrs %0, cntvct_el0" : "=r"(c) : : "memory");
	return c;
}

static uint64_t freq(void)
{
	if (!timer_freq)
		timer_freq = read_sysreg(cntfrq_el0) & 0xffffffff;
	return timer_freq;
}

uint64_t md_clock_ns(void)
{
	uint64_t c = counter(), f = freq();

	/* Split so that neither product overflows: f < 2^32. */
	return (c / f) * 1000000000ULL + (c % f) * 1000000000ULL / f;
}

/*
 * timer_interrupt: the CNTV interrupt.  Moves the compare value to the
 * next period boundary still in the future (which deasserts the level
 * interrupt) and ticks the clock once for every period that passed.
 * Conditions: IRQs masked.
 */
static void timer_interrupt(unsigned int intid, void *arg)
{
	uint64_t now = counter();
	unsigned int ticks = 0;

	/* Deliver every period that has passed (a late interrupt, e.g. a
	 * host that descheduled QEMU, must not lose clock ticks), up to one
	 * second's worth; the next deadline stays on the period grid. */
	do {
		timer_deadline += timer_period;
		ticks++;
	} while (timer_deadline <= now);
	write_sysreg(cntv_cval_el0, timer_deadline);
	isb();
	if (ticks > HZ)
		ticks = HZ;
	while (ticks--)
		clock_interrupt();
}

/*
 * md_timer_start: tick hz times a second.  Finds the virtual timer's
 * interrupt in the devicetree (falling back to INTID 27), attaches it at
 * the GIC and arms the first deadline.
 * Conditions: interrupts disabled; md_cpu_init has brought up the GIC.
 */
void md_timer_start(unsigned int hz)
{
	int intid = -1;
	bool edge = false;

	if (freq() == 0 || hz == 0)
		panic("arm64: generic timer has no frequency (CNTFRQ_EL0 = 0)");
	timer_period = freq() / hz;
	if (arm64_fdt_valid) {
		int node = fdt_find_compatible(&arm64_fdt, -1, "arm,armv8-timer");

		if (node >= 0)
			intid = gic_fdt_intid(&arm64_fdt, node,
					      TIMER_FDT_VIRT_INDEX, &edge);
	}
	if (intid < 0)
		intid = TIMER_VIRT_INTID;
	write_sysreg(cntv_ctl_el0, CNTV_CTL_IMASK);
	if (!gic_attach((unsigned int)intid, edge, timer_interrupt, NULL))
		panic("arm64: cannot attach the timer interrupt %d", intid);
	timer_deadline = counter() + timer_period;
	write_sysreg(cntv_cval_el0, timer_deadline);
	write_sysreg(cntv_ctl_el0, CNTV_CTL_ENABLE);
	isb();
	kprintf("timer: generic timer %llu Hz, virtual timer INTID %d, "
		"tick %u Hz\n", (unsigned long long)freq(), intid, hz);
}
