/*
 * kern/clock.h - the periodic clock tick.
 */
#ifndef KERN_CLOCK_H
#define KERN_CLOCK_H

#include <kern/types.h>
#include <mach/time_value.h>

#define HZ 100

/* Ticks since clock_init(); read without a lock (a single aligned word). */
extern volatile uint64_t clock_ticks;

void clock_init(void);
void clock_start_scheduling(void);

/*
 * clock_interrupt: called by the port's timer interrupt handler hz times a
 * second with interrupts disabled.
 */
void clock_interrupt(void);

/* A span of nanoseconds as the interfaces' time values. */
static inline time_value_t ns_to_time_value(uint64_t ns)
{
	return (time_value_t){ .seconds = (int64_t)(ns / 1000000000u),
		.microseconds = (integer_t)(ns % 1000000000u / 1000u) };
}

static inline time_value64_t ns_to_time_value64(uint64_t ns)
{
	return (time_value64_t){ .seconds = (int64_t)(ns / 1000000000u),
		.nanoseconds = (int64_t)(ns % 1000000000u) };
}

/* Clock ticks as nanoseconds. */
static inline uint64_t ticks_to_ns(uint64_t ticks)
{
	return ticks * (1000000000u / HZ);
}

#endif /* KERN_CLOCK_H */
