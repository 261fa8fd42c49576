/*
 * kern/sched_traps.c - the kernel halves of thread_switch, swtch and
 * swtch_pri, priority depression, and timed sleeps.
 *
 * Depression (seed: Scheduling Support Traps): a depressed thread's
 * scheduling priority drops to DEPRESSPRI so that other threads run.  It
 * ends when its time expires (depress_timer), when the thread runs again
 * anyway (switch_epilogue in sched_prim.c), or on thread_abort /
 * thread_depress_abort.
 */
#include <kern/machine.h>
#include <kern/processor.h>
#include <kern/sched.h>
#include <kern/sched_internal.h>
#include <kern/sched_prim.h>
#include <kern/timeout.h>

static void depress_timeout(void *arg)
{
	intr_state_t s = sched_lock_irq();

	depress_end_locked(arg);
	sched_unlock_irq(s);
}

/* Depress the current thread for ms milliseconds (0: until it runs). */
static void depress_self(uint64_t ms)
{
	intr_state_t s = sched_lock_irq();
	thread_t self = current_thread();

	self->depressed = true;
	compute_sched_pri(self);
	if (ms) {
		timeout_init(&self->depress_timer, depress_timeout, self);
		timeout_set(&self->depress_timer, timeout_ms_to_ticks(ms));
	}
	sched_unlock_irq(s);
}

void thread_depress_abort(thread_t t)
{
	intr_state_t s = sched_lock_irq();

	depress_end_locked(t);
	sched_unlock_irq(s);
}

void thread_abort_wait(thread_t t)
{
	intr_state_t s = sched_lock_irq();

	depress_end_locked(t);
	clear_wait_locked(t, THREAD_INTERRUPTED, true);
	sched_unlock_irq(s);
}

/*
 * handoff_locked: if hint is runnable and queued in our set, move it to
 * the head of its queue so that the yield picks it first when priorities
 * allow (sched_lock held).
 */
static void handoff_locked(thread_t hint)
{
	if (!hint || hint == current_thread() || !hint->runq_queued)
		return;
	runq_remove(&hint->pset->runq, hint);
	runq_enqueue(&hint->pset->runq, hint, true);
}

void thread_switch_kernel(thread_t hint, int option, uint64_t ms)
{
	intr_state_t s;

	if (option == SWITCH_OPTION_DEPRESS)
		depress_self(ms);
	if (option == SWITCH_OPTION_WAIT) {
		assert_wait((event_t)&current_thread()->wait_timer, false);
		thread_set_timeout(timeout_ms_to_ticks(ms));
		thread_block();
		return;
	}
	s = sched_lock_irq();
	handoff_locked(hint);
	thread_switch_locked();
	sched_unlock_irq(s);
	reap_pending_threads();
}

bool swtch(void)
{
	struct processor *p = current_processor();

	thread_yield();
	return p->pset->runq.count != 0;
}

bool swtch_pri(int priority)
{
	struct processor *p = current_processor();

	(void)priority;		/* as in Mach: always depress to the lowest */
	depress_self(0);
	thread_yield();
	return p->pset->runq.count != 0;
}

void thread_sleep_ms(uint64_t ms)
{
	assert_wait((event_t)&current_thread()->wait_timer, false);
	thread_set_timeout(timeout_ms_to_ticks(ms));
	thread_block();
}
