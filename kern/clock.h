/*
 * kern/clock.h - the periodic clock tick.
 */
#ifndef KERN_CLOCK_H
#define KERN_CLOCK_H

#include <kern/types.h>

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

#endif /* KERN_CLOCK_H */
