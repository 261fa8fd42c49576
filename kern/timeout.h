/*
 * kern/timeout.h - callouts: run a function at a clock tick.
 *
 * A struct timeout is embedded in its owner (a thread's wait timer, its
 * depression timer).  timeout_set() arms it for `ticks` clock ticks from
 * now; clock_interrupt() runs the expired ones, in deadline order, with
 * interrupts disabled and no lock held, so a callout may take sched_lock.
 * Locking: timeout_lock (interrupts masked) protects the pending list.
 */
#ifndef KERN_TIMEOUT_H
#define KERN_TIMEOUT_H

#include <kern/types.h>
#include <kern/list.h>

struct timeout {
	struct list_node link;
	uint64_t deadline;		/* clock tick */
	void (*fn)(void *arg);
	void *arg;
	bool pending;
};

void timeout_init(struct timeout *t, void (*fn)(void *), void *arg);

/* Arm (or re-arm) t to fire after at least `ticks` ticks (minimum 1). */
void timeout_set(struct timeout *t, uint64_t ticks);

/* Disarm t; returns true if it was pending (so it will not fire). */
bool timeout_cancel(struct timeout *t);

/* Called by clock_interrupt() with interrupts disabled. */
void timeout_tick(uint64_t now);

/* Convert milliseconds to clock ticks, rounding up, at least one. */
uint64_t timeout_ms_to_ticks(uint64_t ms);

#endif /* KERN_TIMEOUT_H */
