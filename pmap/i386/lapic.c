/*
 * pmap/i386/lapic.c - the local APIC: interrupt acknowledge and the
 * periodic clock tick.
 *
 * The APIC registers are mapped uncached through md_io_map().  The timer
 * runs from the APIC bus clock divided by 16; its rate is measured against
 * the 8254 once, then it is programmed in periodic mode to raise
 * VEC_LAPIC_TIMER hz times a second.
 */
#include <kern/types.h>
#include <kern/machine.h>
#include <kern/clock.h>
#include <kern/console.h>
#include <kern/panic.h>
#include "x86.h"

#define LAPIC_ID	0x020
#define LAPIC_VER	0x030
#define LAPIC_TPR	0x080
#define LAPIC_EOI	0x0b0
#define LAPIC_SVR	0x0f0
#define LAPIC_ESR	0x280
#define LAPIC_LVT_TIMER	0x320
#define LAPIC_LVT_LINT0	0x350
#define LAPIC_LVT_ERROR	0x370
#define LAPIC_TIMER_ICR	0x380
#define LAPIC_TIMER_CCR	0x390
#define LAPIC_TIMER_DCR	0x3e0

#define SVR_ENABLE	0x100
#define LVT_MASKED	0x10000
#define LVT_PERIODIC	0x20000
#define DCR_DIV16	0x3
#define APIC_BASE_ENABLE (1UL << 11)

static volatile uint32_t *lapic;
static uint64_t lapic_timer_hz;		/* timer ticks per second (÷16) */
static uint64_t lapic_errors;

static inline uint32_t lapic_read(unsigned int reg)
{
	return lapic[reg / 4];
}

static inline void lapic_write(unsigned int reg, uint32_t v)
{
	lapic[reg / 4] = v;
}

static uint64_t lapic_count_start(void)
{
	lapic_write(LAPIC_TIMER_ICR, 0xffffffff);
	return 0;
}

static uint64_t lapic_count_elapsed(uint64_t cookie)
{
	return 0xffffffffU - lapic_read(LAPIC_TIMER_CCR);
}

/* Measure the timer's count rate (divide-by-16) against the 8254. */
static void lapic_timer_calibrate(void)
{
	lapic_write(LAPIC_TIMER_DCR, DCR_DIV16);
	lapic_write(LAPIC_LVT_TIMER, LVT_MASKED | VEC_LAPIC_TIMER);
	lapic_timer_hz = calibrate_rate(lapic_count_start, lapic_count_elapsed);
	lapic_write(LAPIC_TIMER_ICR, 0);
	if (lapic_timer_hz == 0)
		panic("x86_64: local APIC timer does not count");
}

/*
 * lapic_init: enable the boot CPU's local APIC, route its error and
 * spurious vectors, mask LINT0 (the 8259s are masked too) and calibrate
 * the timer.  Conditions: boot CPU, interrupts disabled.
 */
void lapic_init(void)
{
	uint64_t base = rdmsr(MSR_APIC_BASE);
	paddr_t pa = base & 0x000ffffffffff000UL;

	wrmsr(MSR_APIC_BASE, base | APIC_BASE_ENABLE);
	lapic = (volatile uint32_t *)md_io_map(pa, PAGE_SIZE);
	if (lapic == NULL)
		panic("x86_64: cannot map the local APIC at %#lx", pa);

	lapic_write(LAPIC_SVR, SVR_ENABLE | VEC_LAPIC_SPURIOUS);
	lapic_write(LAPIC_TPR, 0);
	lapic_write(LAPIC_LVT_LINT0, LVT_MASKED);
	lapic_write(LAPIC_LVT_ERROR, VEC_LAPIC_ERROR);
	lapic_write(LAPIC_ESR, 0);
	lapic_write(LAPIC_ESR, 0);
	lapic_write(LAPIC_EOI, 0);
	lapic_timer_calibrate();

	kprintf("x86_64: local APIC id %u version %#x at %#lx, "
		"timer %lu kHz (bus/16)\n", lapic_read(LAPIC_ID) >> 24,
		lapic_read(LAPIC_VER) & 0xff, pa, lapic_timer_hz / 1000);
}

void lapic_eoi(void)
{
	lapic_write(LAPIC_EOI, 0);
}

/*
 * md_timer_start: periodic local APIC timer interrupts, hz a second.
 * Conditions: after md_cpu_init(); interrupts disabled (the first tick is
 * taken when the caller enables them).
 */
void md_timer_start(unsigned int hz)
{
	uint64_t count = lapic_timer_hz / hz;

	if (count == 0 || count > 0xffffffffUL)
		panic("x86_64: cannot run the APIC timer at %u Hz", hz);
	lapic_write(LAPIC_TIMER_DCR, DCR_DIV16);
	lapic_write(LAPIC_LVT_TIMER, LVT_PERIODIC | VEC_LAPIC_TIMER);
	lapic_write(LAPIC_TIMER_ICR, (uint32_t)count);
}

/*
 * lapic_timer_intr: the tick.  Acknowledged first, so that a later
 * context switch out of clock_interrupt() cannot leave the APIC waiting.
 * Conditions: interrupts disabled (interrupt gate).
 */
void lapic_timer_intr(void)
{
	lapic_eoi();
	clock_interrupt();
}

/* lapic_error_intr: report and clear an APIC error (bad vector, ...). */
void lapic_error_intr(void)
{
	uint32_t esr;

	lapic_write(LAPIC_ESR, 0);
	esr = lapic_read(LAPIC_ESR);
	lapic_eoi();
	if (lapic_errors++ < 8)
		kprintf("x86_64: local APIC error %#x\n", esr);
}
