/*
 * kern/processor_server.c - the processor and processor-set routines of
 * the mach_host subsystem (2600): processor_info, processor_set_info,
 * processor_set_default, processor_set_tasks / _threads, assignment of
 * processors, tasks and threads to sets, priorities and policies; and
 * the routines Mica refuses (processor_start / exit / control,
 * processor_set_create / destroy).
 *
 * Mica has one processor set, the default one, holding every processor,
 * task and thread; the processor set routines of a MACH_HOST kernel are
 * answered as GNU Mach without MACH_HOST answers them: creating or
 * destroying sets fails with KERN_FAILURE, assigning to the default set
 * succeeds and changes nothing.  Set membership, priorities and policies
 * are protected by sched_lock.
 */
#include <kern/host.h>
#include <kern/ipc_kobject.h>
#include <kern/machine.h>
#include <kern/processor.h>
#include <kern/sched.h>
#include <kern/sched_internal.h>
#include <kern/string.h>
#include <kern/task.h>
#include <kern/thread.h>
#include <mach/processor_info.h>
#include <vm/vm_kern.h>
#include "mach_hostServer.h"

static bool invalid_pri(int pri)
{
	return pri < MAXPRI || pri > MINPRI;
}

static bool valid_policy(int policy)
{
	return policy == POLICY_TIMESHARE || policy == POLICY_FIXEDPRI;
}

/* ---- Processors --------------------------------------------------------- */

/*
 * S_processor_info: PROCESSOR_BASIC_INFO of a processor and the host it
 * belongs to.  KERN_INVALID_ARGUMENT for no processor or an unknown
 * flavour, KERN_FAILURE for a count too small (GNU Mach's codes).
 */
kern_return_t S_processor_info(processor_t processor, int flavor, host_t *host,
			       processor_info_t processor_info_out,
			       mach_msg_type_number_t *processor_info_outCnt)
{
	struct processor_basic_info b;

	if (!processor || flavor != PROCESSOR_BASIC_INFO)
		return KERN_INVALID_ARGUMENT;
	if (*processor_info_outCnt < PROCESSOR_BASIC_INFO_COUNT)
		return KERN_FAILURE;
	b.cpu_type = MACHINE_CPU_TYPE;
	b.cpu_subtype = MACHINE_CPU_SUBTYPE;
	b.running = processor->running;
	b.slot_num = (integer_t)processor->cpu_id;
	b.is_master = processor == &processor_array[0];
	memcpy(processor_info_out, &b, sizeof(b));
	*processor_info_outCnt = PROCESSOR_BASIC_INFO_COUNT;
	*host = &realhost;
	return KERN_SUCCESS;
}

/*
 * Starting, stopping and controlling processors: Mica drives only the
 * boot processor, which cannot leave (KERN_FAILURE for all three).
 */
kern_return_t S_processor_start(processor_t processor)
{
	return processor ? KERN_FAILURE : KERN_INVALID_ARGUMENT;
}

kern_return_t S_processor_exit(processor_t processor)
{
	return processor ? KERN_FAILURE : KERN_INVALID_ARGUMENT;
}

kern_return_t S_processor_control(processor_t processor,
				  processor_info_t processor_cmd,
				  mach_msg_type_number_t processor_cmdCnt)
{
	(void)processor_cmd;
	(void)processor_cmdCnt;
	return processor ? KERN_FAILURE : KERN_INVALID_ARGUMENT;
}

/* S_processor_assign: only to the set it is in (KERN_FAILURE otherwise). */
kern_return_t S_processor_assign(processor_t processor, processor_set_t new_set,
				 boolean_t wait)
{
	(void)wait;
	if (!processor || !new_set)
		return KERN_INVALID_ARGUMENT;
	return new_set == processor->pset ? KERN_SUCCESS : KERN_FAILURE;
}

kern_return_t S_processor_get_assignment(processor_t processor,
					 processor_set_t *assigned_set)
{
	if (!processor)
		return KERN_INVALID_ARGUMENT;
	pset_reference(processor->pset);
	*assigned_set = processor->pset;
	return KERN_SUCCESS;
}

/* ---- Processor sets ----------------------------------------------------- */

kern_return_t S_processor_set_default(host_t host, processor_set_t *default_set)
{
	if (!host)
		return KERN_INVALID_ARGUMENT;
	pset_reference(&default_pset);
	*default_set = &default_pset;
	return KERN_SUCCESS;
}

kern_return_t S_processor_set_create(host_t host, processor_set_t *new_set,
				     processor_set_t *new_name)
{
	(void)new_set;
	(void)new_name;
	return host ? KERN_FAILURE : KERN_INVALID_ARGUMENT;
}

kern_return_t S_processor_set_destroy(processor_set_t set)
{
	return set ? KERN_FAILURE : KERN_INVALID_ARGUMENT;	/* the default */
}

/*
 * S_processor_set_info: PROCESSOR_SET_BASIC_INFO (counts; load not
 * measured: 0) or PROCESSOR_SET_SCHED_INFO (enabled policies, maximum
 * priority of new threads), and the host.  Codes as S_processor_info.
 * Conditions: takes sched_lock.
 */
kern_return_t S_processor_set_info(processor_set_t set_name, int flavor,
				   host_t *host, processor_set_info_t info_out,
				   mach_msg_type_number_t *info_outCnt)
{
	intr_state_t s;

	if (!set_name)
		return KERN_INVALID_ARGUMENT;
	if (flavor == PROCESSOR_SET_BASIC_INFO) {
		struct processor_set_basic_info b;

		if (*info_outCnt < PROCESSOR_SET_BASIC_INFO_COUNT)
			return KERN_FAILURE;
		s = sched_lock_irq();
		b.processor_count = (integer_t)set_name->processor_count;
		b.task_count = (integer_t)set_name->task_count;
		b.thread_count = (integer_t)set_name->thread_count;
		sched_unlock_irq(s);
		b.load_average = 0;
		b.mach_factor = 0;
		memcpy(info_out, &b, sizeof(b));
		*info_outCnt = PROCESSOR_SET_BASIC_INFO_COUNT;
	} else if (flavor == PROCESSOR_SET_SCHED_INFO) {
		struct processor_set_sched_info si;

		if (*info_outCnt < PROCESSOR_SET_SCHED_INFO_COUNT)
			return KERN_FAILURE;
		s = sched_lock_irq();
		si.policies = (integer_t)set_name->policies;
		si.max_priority = set_name->max_priority;
		sched_unlock_irq(s);
		memcpy(info_out, &si, sizeof(si));
		*info_outCnt = PROCESSOR_SET_SCHED_INFO_COUNT;
	} else {
		return KERN_INVALID_ARGUMENT;
	}
	*host = &realhost;
	return KERN_SUCCESS;
}

/*
 * pset_members: references to the set's tasks (want_tasks) or threads
 * that are not terminating, in a kalloc'd array of exactly *count entries
 * (NULL for none).  The array
 * cannot be allocated under sched_lock: it is sized unlocked and the
 * count checked again under the lock.  Returns NULL with *count == 0 on
 * exhaustion (and false).
 */
static bool pset_members(processor_set_t pset, bool want_tasks, void ***out,
			 unsigned int *count)
{
	void **objs = NULL;
	unsigned int size = 0, n = 0;
	struct list_node *l;
	intr_state_t s;

	for (;;) {
		unsigned int want;

		s = sched_lock_irq();
		want = want_tasks ? pset->task_count : pset->thread_count;
		if (want <= size)
			break;
		sched_unlock_irq(s);
		if (objs)
			kfree(objs, size * sizeof(void *));
		size = want;
		objs = kalloc(size * sizeof(void *));
		if (!objs) {
			*out = NULL;
			*count = 0;
			return false;
		}
	}
	if (want_tasks) {
		list_for_each(l, &pset->tasks) {
			task_t t = list_entry(l, struct task, pset_link);

			if (!t->active)
				continue;	/* terminating: port dead */
			task_reference(t);
			objs[n++] = t;
		}
	} else {
		list_for_each(l, &pset->threads) {
			thread_t t = list_entry(l, struct thread, pset_link);

			if (thread_terminating(t))
				continue;
			thread_reference(t);
			objs[n++] = t;
		}
	}
	sched_unlock_irq(s);
	if (n == 0 && objs) {
		kfree(objs, size * sizeof(void *));
		objs = NULL;
	} else if (n < size) {
		void **exact = kalloc(n * sizeof(void *));

		if (exact)
			memcpy(exact, objs, n * sizeof(void *));
		else if (want_tasks)
			for (unsigned int i = 0; i < n; i++)
				task_deallocate(objs[i]);
		else
			for (unsigned int i = 0; i < n; i++)
				thread_deallocate(objs[i]);
		kfree(objs, size * sizeof(void *));
		if (!exact) {
			*out = NULL;
			*count = 0;
			return false;
		}
		objs = exact;
	}
	*out = objs;
	*count = n;
	return true;
}

/*
 * S_processor_set_tasks / S_processor_set_threads: send rights to the
 * kernel ports of every task (thread) of the set, the kernel's included,
 * given the set's control port.
 */
kern_return_t S_processor_set_tasks(processor_set_t processor_set,
				    task_array_t *task_list,
				    mach_msg_type_number_t *task_listCnt)
{
	void **objs;
	unsigned int n;

	if (!processor_set)
		return KERN_INVALID_ARGUMENT;
	if (!pset_members(processor_set, true, &objs, &n))
		return KERN_RESOURCE_SHORTAGE;
	for (unsigned int i = 0; i < n; i++)
		objs[i] = convert_task_to_port(objs[i]);
	*task_list = (task_array_t)objs;
	*task_listCnt = n;
	return KERN_SUCCESS;
}

kern_return_t S_processor_set_threads(processor_set_t processor_set,
				      thread_array_t *thread_list,
				      mach_msg_type_number_t *thread_listCnt)
{
	void **objs;
	unsigned int n;

	if (!processor_set)
		return KERN_INVALID_ARGUMENT;
	if (!pset_members(processor_set, false, &objs, &n))
		return KERN_RESOURCE_SHORTAGE;
	for (unsigned int i = 0; i < n; i++)
		objs[i] = convert_thread_to_port(objs[i]);
	*thread_list = (thread_array_t)objs;
	*thread_listCnt = n;
	return KERN_SUCCESS;
}

/*
 * S_processor_set_max_priority: the maximum priority of the set's new
 * threads; with change_threads, threads whose maximum is more urgent than
 * it are brought down to it.
 */
kern_return_t S_processor_set_max_priority(processor_set_t processor_set,
					   int max_priority,
					   boolean_t change_threads)
{
	struct list_node *l;
	intr_state_t s;

	if (!processor_set || invalid_pri(max_priority))
		return KERN_INVALID_ARGUMENT;
	s = sched_lock_irq();
	processor_set->max_priority = max_priority;
	if (change_threads) {
		list_for_each(l, &processor_set->threads) {
			thread_t t = list_entry(l, struct thread, pset_link);

			if (t->max_priority < max_priority) {
				t->max_priority = max_priority;
				if (t->priority < max_priority)
					t->priority = max_priority;
				update_priority_locked(t);
			}
		}
	}
	sched_unlock_irq(s);
	return KERN_SUCCESS;
}

/* S_processor_set_policy_enable: allow a policy in the set. */
kern_return_t S_processor_set_policy_enable(processor_set_t processor_set,
					    int policy)
{
	intr_state_t s;

	if (!processor_set || !valid_policy(policy))
		return KERN_INVALID_ARGUMENT;
	s = sched_lock_irq();
	processor_set->policies |= (unsigned int)policy;
	sched_unlock_irq(s);
	return KERN_SUCCESS;
}

/*
 * S_processor_set_policy_disable: forbid a policy (time-sharing cannot be
 * disabled: KERN_FAILURE); with change_threads, the set's threads using
 * it go back to time-sharing.
 */
kern_return_t S_processor_set_policy_disable(processor_set_t processor_set,
					     int policy, boolean_t change_threads)
{
	struct list_node *l;
	intr_state_t s;

	if (!processor_set || !valid_policy(policy))
		return KERN_INVALID_ARGUMENT;
	if (policy == POLICY_TIMESHARE)
		return KERN_FAILURE;
	s = sched_lock_irq();
	processor_set->policies &= ~(unsigned int)policy;
	if (change_threads) {
		list_for_each(l, &processor_set->threads) {
			thread_t t = list_entry(l, struct thread, pset_link);

			if (t->policy == policy) {
				t->policy = POLICY_TIMESHARE;
				update_priority_locked(t);
			}
		}
	}
	sched_unlock_irq(s);
	return KERN_SUCCESS;
}

/* ---- Assignment of tasks and threads -------------------------------------- */

kern_return_t S_thread_assign(thread_t thread, processor_set_t new_set)
{
	if (!thread || !new_set)
		return KERN_INVALID_ARGUMENT;
	return new_set == thread->pset ? KERN_SUCCESS : KERN_FAILURE;
}

kern_return_t S_thread_assign_default(thread_t thread)
{
	return S_thread_assign(thread, &default_pset);
}

kern_return_t S_thread_get_assignment(thread_t thread,
				      processor_set_t *assigned_set)
{
	if (!thread)
		return KERN_INVALID_ARGUMENT;
	pset_reference(thread->pset);
	*assigned_set = thread->pset;
	return KERN_SUCCESS;
}

kern_return_t S_task_assign(task_t task, processor_set_t new_set,
			    boolean_t assign_threads)
{
	(void)assign_threads;
	if (!task || !new_set)
		return KERN_INVALID_ARGUMENT;
	return new_set == task->pset ? KERN_SUCCESS : KERN_FAILURE;
}

kern_return_t S_task_assign_default(task_t task, boolean_t assign_threads)
{
	return S_task_assign(task, &default_pset, assign_threads);
}

/* S_task_get_assignment: the set's name port; KERN_FAILURE if ending. */
kern_return_t S_task_get_assignment(task_t task, processor_set_t *assigned_set)
{
	if (!task)
		return KERN_INVALID_ARGUMENT;
	if (!task->active)
		return KERN_FAILURE;
	pset_reference(task->pset);
	*assigned_set = task->pset;
	return KERN_SUCCESS;
}

/* ---- Priorities and policies ------------------------------------------- */

/*
 * thread_priority_locked: set t's base priority (and with set_max its
 * maximum).  A priority more urgent than the thread's maximum is refused
 * (KERN_FAILURE).  Conditions: sched_lock held.
 */
static kern_return_t thread_priority_locked(thread_t t, int priority,
					    bool set_max)
{
	if (priority < t->max_priority)
		return KERN_FAILURE;
	t->priority = priority;
	if (set_max)
		t->max_priority = priority;
	update_priority_locked(t);
	return KERN_SUCCESS;
}

kern_return_t S_thread_priority(thread_t thread, int priority, boolean_t set_max)
{
	kern_return_t kr;
	intr_state_t s;

	if (!thread || invalid_pri(priority))
		return KERN_INVALID_ARGUMENT;
	s = sched_lock_irq();
	kr = thread_priority_locked(thread, priority, set_max);
	sched_unlock_irq(s);
	return kr;
}

/*
 * S_thread_max_priority: set the thread's maximum priority, given the
 * control port of its set (KERN_FAILURE for another set); a base
 * priority more urgent than the new maximum is lowered to it.
 */
kern_return_t S_thread_max_priority(thread_t thread,
				    processor_set_t processor_set,
				    int max_priority)
{
	intr_state_t s;

	if (!thread || !processor_set || invalid_pri(max_priority))
		return KERN_INVALID_ARGUMENT;
	s = sched_lock_irq();
	if (thread->pset != processor_set) {
		sched_unlock_irq(s);
		return KERN_FAILURE;
	}
	thread->max_priority = max_priority;
	if (thread->priority < max_priority)
		thread->priority = max_priority;
	update_priority_locked(thread);
	sched_unlock_irq(s);
	return KERN_SUCCESS;
}

/*
 * S_task_priority: the priority of the task's new threads; with
 * change_threads, of its current threads too (KERN_FAILURE if one of them
 * may not take it).  Conditions: takes the task lock, then sched_lock.
 */
kern_return_t S_task_priority(task_t task, int priority,
			      boolean_t change_threads)
{
	kern_return_t kr = KERN_SUCCESS;
	struct list_node *l;
	intr_state_t s, ts;

	if (!task || invalid_pri(priority))
		return KERN_INVALID_ARGUMENT;
	ts = simple_lock_irq(&task->lock);
	task->priority = priority;
	if (change_threads) {
		s = sched_lock_irq();
		list_for_each(l, &task->threads) {
			thread_t t = list_entry(l, struct thread, task_link);

			if (!(t->state & TH_HALTED) &&
			    thread_priority_locked(t, priority, false) !=
				KERN_SUCCESS)
				kr = KERN_FAILURE;
		}
		sched_unlock_irq(s);
	}
	simple_unlock_irq(&task->lock, ts);
	return kr;
}

/*
 * S_thread_policy: time-sharing or fixed priority, if the thread's set
 * allows it (KERN_FAILURE otherwise).  data (a fixed-priority quantum in
 * GNU Mach) is ignored: every thread's quantum is SCHED_QUANTUM_TICKS.
 */
kern_return_t S_thread_policy(thread_t thread, int policy, int data)
{
	intr_state_t s;

	(void)data;
	if (!thread || !valid_policy(policy))
		return KERN_INVALID_ARGUMENT;
	s = sched_lock_irq();
	if (!(thread->pset->policies & (unsigned int)policy)) {
		sched_unlock_irq(s);
		return KERN_FAILURE;
	}
	thread->policy = policy;
	update_priority_locked(thread);
	sched_unlock_irq(s);
	return KERN_SUCCESS;
}
