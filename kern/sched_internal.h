/*
 * kern/sched_internal.h - scheduler internals shared by sched_prim.c,
 * sched_traps.c, thread.c and task.c.  Everything here requires sched_lock
 * held with interrupts masked unless it says otherwise.
 */
#ifndef KERN_SCHED_INTERNAL_H
#define KERN_SCHED_INTERNAL_H

#include <kern/lock.h>
#include <kern/thread.h>
#include <kern/task.h>

extern simple_lock_t sched_lock;

static inline intr_state_t sched_lock_irq(void)
{
	return simple_lock_irq(&sched_lock);
}

static inline void sched_unlock_irq(intr_state_t s)
{
	simple_unlock_irq(&sched_lock, s);
}

/* Suspended (and not on its way to end: that overrides suspension). */
static inline bool thread_should_stop(thread_t t)
{
	if (t->ast & AST_TERMINATE)
		return false;
	return t->suspend_count > 0 || (t->task && t->task->suspend_count > 0);
}
void compute_sched_pri(thread_t t);
void update_priority_locked(thread_t t);
void setrun_locked(thread_t t);
bool clear_wait_locked(thread_t t, int result, bool interruptible_only);
void thread_switch_locked(void);
void depress_end_locked(thread_t t);

/* thread.c: terminated threads are reaped by whoever runs after them. */
void thread_reap_later(thread_t t);
/* No lock held: free the threads queued by thread_reap_later. */
extern struct list_node reap_list;
void reap_pending_threads_slow(void);

static inline void reap_pending_threads(void)
{
	/* Unlocked peek, inline: this runs after every switch and the list
	 * is nearly always empty.  A thread queued just after the peek is
	 * reaped by the next caller (a switch, the idle loop, ast_check on
	 * the way to user mode): task_terminate, which waits for it, is
	 * woken then. */
	if (__atomic_load_n(&reap_list.next, __ATOMIC_RELAXED) != &reap_list)
		reap_pending_threads_slow();
}

#endif /* KERN_SCHED_INTERNAL_H */
