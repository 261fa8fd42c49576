/*
 * kern/thread_server.c - the thread routines of the mach subsystem
 * (2000): thread_create, thread_terminate, thread_suspend, thread_resume,
 * thread_abort, thread_get_state, thread_set_state, thread_info; and
 * mach_host's thread_depress_abort.  (The special-port routines are in
 * kern/ipc_tt.c, priorities and assignment in kern/processor_server.c.)
 *
 * Each function receives the thread the stub converted from the request
 * port (referenced, or NULL when the port is not a live thread port).
 * Errors: KERN_INVALID_ARGUMENT for a NULL thread, and for kernel threads
 * where the routine would stop, end or rewrite them (only user threads
 * can be controlled through their ports); KERN_FAILURE for a count that
 * is already zero (thread_resume) or a task that is terminating.
 *
 * Suspension is one count per thread (created threads start at 1), as
 * in the seed's Mach 3: a thread runs when its count and its task's are
 * zero.  (GNU Mach keeps a second, user stop count beside the kernel's
 * hold count; Mica has only the one, and the kernel never suspends a
 * thread itself: a thread waiting for an exception reply waits, it is
 * not suspended.)
 */
#include <kern/clock.h>
#include <kern/ipc_kobject.h>
#include <kern/machine.h>
#include <kern/processor.h>
#include <kern/sched.h>
#include <kern/sched_internal.h>
#include <kern/sched_prim.h>
#include <kern/string.h>
#include <kern/task.h>
#include <kern/thread.h>
#include <mach/thread_info.h>
#include "machServer.h"
#include "mach_hostServer.h"

/* A user thread that the caller may stop, end or rewrite? */
static bool controllable(thread_t t)
{
	return t && !t->task->kernel;
}

/*
 * S_thread_create: a new thread in parent_task, suspended (count 1), with
 * a clean user state: every register zero (pc and stack pointer too: set
 * them with thread_set_state before thread_resume, or it faults at once).
 * The reply carries a send right to its kernel port.  Returns
 * KERN_INVALID_ARGUMENT for no task or the kernel task, KERN_FAILURE if
 * the task is terminating, KERN_RESOURCE_SHORTAGE on exhaustion.
 * Conditions: nothing locked.
 */
kern_return_t S_thread_create(task_t parent_task, thread_t *child_thread)
{
	thread_t t;

	if (!parent_task || parent_task->kernel)
		return KERN_INVALID_ARGUMENT;
	if (!parent_task->active)
		return KERN_FAILURE;
	t = thread_create(parent_task);
	if (!t)
		return parent_task->active ? KERN_RESOURCE_SHORTAGE : KERN_FAILURE;
	thread_start_user(t, 0, 0);
	thread_reference(t);		/* for the reply's conversion */
	*child_thread = t;
	return KERN_SUCCESS;
}

/*
 * S_thread_terminate: end the thread; its port dies.  A thread ending
 * itself is marked AST_TERMINATE and ends on its way back to user mode,
 * once the reply is delivered (ending here would lose the request and the
 * reply with the thread).
 */
kern_return_t S_thread_terminate(thread_t target_thread)
{
	if (!controllable(target_thread))
		return KERN_INVALID_ARGUMENT;
	if (target_thread == current_thread()) {
		thread_ast_set(target_thread, AST_TERMINATE);
		return KERN_SUCCESS;
	}
	thread_terminate(target_thread);
	return KERN_SUCCESS;
}

/*
 * S_thread_suspend: one more suspension; the thread stops at its next
 * scheduling point (the caller itself: on its way back to user mode,
 * after the reply).
 */
kern_return_t S_thread_suspend(thread_t target_thread)
{
	if (!controllable(target_thread))
		return KERN_INVALID_ARGUMENT;
	thread_suspend(target_thread);
	return KERN_SUCCESS;
}

/* S_thread_resume: one suspension less; KERN_FAILURE if there was none. */
kern_return_t S_thread_resume(thread_t target_thread)
{
	if (!controllable(target_thread))
		return KERN_INVALID_ARGUMENT;
	return thread_resume(target_thread) ? KERN_SUCCESS : KERN_FAILURE;
}

/*
 * S_thread_abort: interrupt what the thread waits for in the kernel (an
 * interruptible wait ends with THREAD_INTERRUPTED: a mach_msg receive
 * returns MACH_RCV_INTERRUPTED; a wait for an exception reply ends and
 * the thread takes the exception again when it runs, kern/exception.c)
 * and end a priority depression.  Not on the
 * caller itself (KERN_INVALID_ARGUMENT, as GNU Mach).
 */
kern_return_t S_thread_abort(thread_t target_thread)
{
	if (!controllable(target_thread) || target_thread == current_thread())
		return KERN_INVALID_ARGUMENT;
	thread_abort_wait(target_thread);
	return KERN_SUCCESS;
}

/*
 * S_thread_get_state / S_thread_set_state: the user registers in a flavour
 * of the port (md_thread_get_state in kern/machine.h).  Not of the caller
 * itself, whose registers are live (KERN_INVALID_ARGUMENT, as GNU Mach).
 * Preemption is disabled around the copy so that the thread (which is not
 * running: one processor) cannot run half way through it.
 */
kern_return_t S_thread_get_state(thread_t target_thread, int flavor,
				 thread_state_t old_state,
				 mach_msg_type_number_t *old_stateCnt)
{
	unsigned int count = *old_stateCnt;
	int kr;

	if (!controllable(target_thread) || target_thread == current_thread())
		return KERN_INVALID_ARGUMENT;
	preempt_disable();
	kr = md_thread_get_state(target_thread, flavor, old_state, &count);
	preempt_enable();
	if (kr == KERN_SUCCESS)
		*old_stateCnt = count;
	return kr;
}

kern_return_t S_thread_set_state(thread_t target_thread, int flavor,
				 thread_state_t new_state,
				 mach_msg_type_number_t new_stateCnt)
{
	int kr;

	if (!controllable(target_thread) || target_thread == current_thread())
		return KERN_INVALID_ARGUMENT;
	preempt_disable();
	kr = md_thread_set_state(target_thread, flavor, new_state,
				 new_stateCnt);
	preempt_enable();
	return kr;
}

/*
 * run_state_locked: the thread's state as thread_basic_info's run_state.
 * A suspended thread reads as stopped even while it still waits or sits
 * on a run queue: it stops as soon as the scheduler meets it.
 * Conditions: sched_lock held.
 */
static int run_state_locked(thread_t t)
{
	if (t->state & TH_HALTED)
		return TH_STATE_HALTED;
	if ((t->state & TH_SUSP) ||
	    (thread_should_stop(t) && t != current_thread()))
		return TH_STATE_STOPPED;
	if (t->state & TH_RUN)
		return TH_STATE_RUNNING;
	if (t->state & TH_UNINT)
		return TH_STATE_UNINTERRUPTIBLE;
	if (t->state & TH_WAIT)
		return TH_STATE_WAITING;
	return TH_STATE_RUNNING;
}

/*
 * S_thread_info: THREAD_BASIC_INFO (CPU time, usage, priorities, run
 * state, suspend count, creation time since boot; a count without the
 * time_value64_t fields gets the older ones) and THREAD_SCHED_INFO.  CPU
 * time is counted per tick without telling user from kernel time: all of
 * it is reported as system time.  cpu_usage scales the decayed tick count
 * so that a thread that always runs reads TH_USAGE_SCALE.  Returns
 * KERN_INVALID_ARGUMENT for no thread, an unknown flavour or a count too
 * small.  Conditions: nothing locked; takes sched_lock.
 */
kern_return_t S_thread_info(thread_t target_thread, int flavor,
			    thread_info_t thread_info_out,
			    mach_msg_type_number_t *thread_info_outCnt)
{
	unsigned int count = *thread_info_outCnt;
	thread_t t = target_thread;
	intr_state_t s;

	if (!t)
		return KERN_INVALID_ARGUMENT;
	if (flavor == THREAD_BASIC_INFO) {
		unsigned int full = THREAD_BASIC_INFO_COUNT;
		unsigned int old = full - 3 * sizeof(time_value64_t) /
					  sizeof(natural_t);
		struct thread_basic_info b;
		uint64_t ns, usage;

		if (count < old)
			return KERN_INVALID_ARGUMENT;
		memset(&b, 0, sizeof(b));
		s = sched_lock_irq();
		ns = ticks_to_ns(t->user_ticks + t->system_ticks);
		/* Always running: usage settles at HZ / (1 - 5/8). */
		usage = (uint64_t)t->cpu_usage * TH_USAGE_SCALE * 3 / (8 * HZ);
		b.cpu_usage = (integer_t)MIN(usage, (uint64_t)TH_USAGE_SCALE);
		b.base_priority = t->priority;
		b.cur_priority = t->sched_pri;
		b.run_state = run_state_locked(t);
		b.flags = (t->state & TH_IDLE) ? TH_FLAGS_IDLE : 0;
		b.suspend_count = t->suspend_count;
		sched_unlock_irq(s);
		b.user_time = ns_to_time_value(0);
		b.system_time = ns_to_time_value(ns);
		b.creation_time = ns_to_time_value(t->creation_ns);
		b.user_time64 = ns_to_time_value64(0);
		b.system_time64 = ns_to_time_value64(ns);
		b.creation_time64 = ns_to_time_value64(t->creation_ns);
		count = count >= full ? full : old;
		memcpy(thread_info_out, &b, count * sizeof(natural_t));
	} else if (flavor == THREAD_SCHED_INFO) {
		struct thread_sched_info i;

		if (count < THREAD_SCHED_INFO_COUNT)
			return KERN_INVALID_ARGUMENT;
		s = sched_lock_irq();
		i.policy = t->policy;
		i.data = t->policy == POLICY_FIXEDPRI ?
			 SCHED_QUANTUM_TICKS * (1000 / HZ) : 0;
		i.base_priority = t->priority;
		i.max_priority = t->max_priority;
		i.cur_priority = t->sched_pri;
		i.depressed = t->depressed;
		i.depress_priority = t->depressed ? t->priority : -1;
		i.last_processor = 0;
		sched_unlock_irq(s);
		count = THREAD_SCHED_INFO_COUNT;
		memcpy(thread_info_out, &i, sizeof(i));
	} else {
		return KERN_INVALID_ARGUMENT;
	}
	*thread_info_outCnt = count;
	return KERN_SUCCESS;
}

/* S_thread_depress_abort (mach_host): end the thread's depression. */
kern_return_t S_thread_depress_abort(thread_t thread)
{
	if (!thread)
		return KERN_INVALID_ARGUMENT;
	thread_depress_abort(thread);
	return KERN_SUCCESS;
}
