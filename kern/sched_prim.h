/*
 * kern/sched_prim.h - the scheduler's primitives: waiting, waking,
 * blocking, preemption and the scheduling traps' kernel halves.
 *
 * The protocol for waiting is Mach's: assert_wait(event) declares that the
 * current thread is about to wait; the caller drops its own locks, then
 * calls thread_block(), which returns at once if the wakeup already came.
 * thread_wakeup(event) makes every thread waiting on event runnable.
 *
 * Locking: one sched_lock, taken with interrupts masked, protects all run
 * queues, thread scheduling state and wait buckets.  It is the outermost
 * lock of the scheduler and is never held while taking a sleeping lock.
 */
#ifndef KERN_SCHED_PRIM_H
#define KERN_SCHED_PRIM_H

#include <kern/thread.h>

void sched_init(void);

/*
 * Declare a wait on event; interruptible waits can be aborted.  An
 * interruptible wait of a thread already marked to terminate is over at
 * once: thread_block returns THREAD_INTERRUPTED without blocking.
 */
void assert_wait(event_t event, bool interruptible);

/*
 * assert_wait_unqueued: declare a wait on no event: only clear_wait (from
 * a waker that knows the thread, a timeout or an abort) ends it.  Used by
 * waits that keep their own list of waiters (ipc_mqueue's rcv_waiters).
 */
void assert_wait_unqueued(bool interruptible);

/* Arm a timeout for the wait just asserted (clock ticks). */
void thread_set_timeout(uint64_t ticks);

/*
 * thread_block: give up the processor until the asserted wait is
 * satisfied.  Returns THREAD_AWAKENED, THREAD_TIMED_OUT,
 * THREAD_INTERRUPTED or THREAD_RESTART.  Conditions: no simple lock held;
 * interrupts may be on or off (they are restored).
 */
int thread_block(void);

/*
 * thread_block_handoff: thread_block, giving the processor straight to
 * next, a thread waiting for something the caller has just provided
 * (ipc_mqueue_send's direct delivery): next stops waiting and, if the
 * caller does block, runs at once on this processor without passing
 * through the run queue (Mach's handoff).  If the caller's own wait is
 * already satisfied, next is simply made runnable.  Conditions: as
 * thread_block; the caller holds a reference on next.
 */
int thread_block_handoff(thread_t next);

/*
 * thread_block_handoff_listed: assert an interruptible wait on no event
 * and block as thread_block_handoff, for a thread that has put itself on a
 * waiter list (link) whose wakers take it off the list and then call
 * clear_wait: if link is already off its list when sched_lock is taken,
 * the wakeup came first and the caller does not wait (next is simply made
 * runnable).  Saves the separate assert_wait of the usual protocol.
 * Conditions: no simple lock held; the caller holds a reference on next.
 */
int thread_block_handoff_listed(thread_t next, const struct list_node *link);

/* Wake every (or the first) thread waiting on event. */
void thread_wakeup_prim(event_t event, bool one, int result);
#define thread_wakeup(e)	thread_wakeup_prim((event_t)(e), false, THREAD_AWAKENED)
#define thread_wakeup_one(e)	thread_wakeup_prim((event_t)(e), true, THREAD_AWAKENED)

/*
 * clear_wait: end t's wait with result.  If interruptible_only and the
 * wait was declared uninterruptible, nothing happens.  Returns true if t
 * was waiting and has been released.
 */
bool clear_wait(thread_t t, int result, bool interruptible_only);

/* Make a thread that is neither waiting nor running runnable. */
void thread_setrun(thread_t t);

/* Give the processor to an equal or better thread, if any (yield). */
void thread_yield(void);

/*
 * ast_check: called by the port on every return from an interrupt or
 * trap, with interrupts disabled, when the interrupted context had them
 * enabled.  Preempts the current thread if a reschedule is due and
 * preemption is allowed; on the way back to user mode it also stops
 * suspended threads, finishes terminated ones and carries out the
 * thread's AST_TERMINATE / AST_TERMINATE_TASK requests (kern/thread.h).
 */
void ast_check(bool to_user);

/*
 * thread_startup: the first thing a new thread runs (from the port's
 * trampoline), with interrupts disabled and sched_lock held by the switch
 * that started it.  Kernel threads never return from it; user threads
 * return, and the port then enters user mode.
 */
void thread_startup(thread_t prev);

/* Called by clock_interrupt(): usage, quantum, priority decay. */
void sched_tick(void);

/*
 * The kernel halves of the scheduling traps.
 *  thread_switch_kernel: yield, optionally to hint first; option
 *    SWITCH_OPTION_DEPRESS depresses the caller's priority for ms
 *    milliseconds (or until it runs again, or thread_depress_abort);
 *    SWITCH_OPTION_WAIT blocks for ms milliseconds.
 *  swtch: yield; returns true if other threads are runnable.
 *  swtch_pri: depress the priority, then yield.
 */
void thread_switch_kernel(thread_t hint, int option, uint64_t ms);
bool swtch(void);
bool swtch_pri(int priority);
void thread_depress_abort(thread_t t);

/* thread_abort's scheduler half: interrupt a wait, end a depression. */
void thread_abort_wait(thread_t t);

/* Sleep the current thread for ms milliseconds (uninterruptible). */
void thread_sleep_ms(uint64_t ms);

#endif /* KERN_SCHED_PRIM_H */
