/*
 * kern/lock.h - simple (spin) locks with interrupt masking.
 *
 * A simple lock is held for short, non-blocking critical sections.  Taking
 * one with simple_lock_irq() masks interrupts on this CPU first, so a lock
 * that an interrupt handler also takes can never deadlock against the code it
 * interrupted.  The atomics are GCC's __atomic builtins, which each port's
 * compiler lowers to its own instructions (lock cmpxchg, ldaxr/stlxr or LSE,
 * amoswap.aq).  Holding a simple lock disables preemption on this CPU:
 * the holder is never switched away from by the clock, so a waiter never
 * spins against a holder that is not running.
 */
#ifndef KERN_LOCK_H
#define KERN_LOCK_H

#include <kern/types.h>
#include <kern/processor.h>
#include <machine/cpu.h>

typedef struct simple_lock {
	volatile uint32_t locked;
} simple_lock_t;

#define SIMPLE_LOCK_INITIALIZER { 0 }

static inline void simple_lock_init(simple_lock_t *l)
{
	l->locked = 0;
}

static inline bool simple_lock_try_raw(simple_lock_t *l)
{
	return __atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE) == 0;
}

static inline bool simple_lock_try(simple_lock_t *l)
{
	preempt_disable();
	if (simple_lock_try_raw(l))
		return true;
	preempt_enable_no_resched();
	return false;
}

static inline void simple_lock(simple_lock_t *l)
{
	preempt_disable();
	while (!simple_lock_try_raw(l)) {
		while (__atomic_load_n(&l->locked, __ATOMIC_RELAXED))
			cpu_relax();
	}
}

/*
 * simple_unlock: release; a preemption requested meanwhile happens at the
 * next interrupt return or scheduling point, not here (the unlock may be
 * deep inside the scheduler itself).
 */
static inline void simple_unlock(simple_lock_t *l)
{
	__atomic_store_n(&l->locked, 0, __ATOMIC_RELEASE);
	preempt_enable_no_resched();
}

static inline bool simple_lock_held(simple_lock_t *l)
{
	return __atomic_load_n(&l->locked, __ATOMIC_RELAXED) != 0;
}

/* Mask interrupts, then take the lock; returns the state to restore. */
static inline intr_state_t simple_lock_irq(simple_lock_t *l)
{
	intr_state_t s = cpu_intr_save();
	simple_lock(l);
	return s;
}

static inline void simple_unlock_irq(simple_lock_t *l, intr_state_t s)
{
	simple_unlock(l);
	cpu_intr_restore(s);
}

#endif /* KERN_LOCK_H */
