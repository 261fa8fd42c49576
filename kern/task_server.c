/*
 * kern/task_server.c - the task routines of the mach subsystem (2000),
 * served through the generated stubs: task_create, task_terminate,
 * task_suspend, task_resume, task_threads, task_info, and the emulation
 * calls Mica refuses.  (The special-port routines are in kern/ipc_tt.c.)
 *
 * Each function receives the task the stub converted from the request
 * port (referenced, or NULL when the port is not a live task port) and
 * returns the documented code: KERN_INVALID_ARGUMENT (KERN_INVALID_TASK
 * for task_create) for a NULL task, KERN_FAILURE for one already
 * terminating.  The kernel task cannot be suspended or terminated through
 * its port (KERN_INVALID_ARGUMENT).
 *
 * Address spaces: until the VM issue brings vm_map, a task made by
 * task_create starts with an empty address space whatever inherit_memory
 * says; memory inheritance (copy or share of the parent's map) comes with
 * vm_map.
 */
#include <kern/clock.h>
#include <kern/ipc_kobject.h>
#include <kern/machine.h>
#include <kern/sched_internal.h>
#include <kern/string.h>
#include <kern/task.h>
#include <kern/thread.h>
#include <mach/task_info.h>
#include <vm/vm_kern.h>
#include <vm/vm_map.h>
#include "machServer.h"

/*
 * S_task_create: a new task, child of target_task: same processor set
 * and priority, the parent's registered, exception and bootstrap ports,
 * no threads, an address space inherited from the parent's as its
 * ranges' inheritance says if inherit_memory, else empty
 * (task_create_inherit).  The reply carries a send right to
 * its kernel port.  Returns KERN_INVALID_TASK without a parent,
 * KERN_FAILURE if the parent is terminating, KERN_RESOURCE_SHORTAGE on
 * exhaustion.  Conditions: nothing locked.
 */
kern_return_t S_task_create(task_t target_task, boolean_t inherit_memory,
			    task_t *child_task)
{
	task_t child;

	if (!target_task)
		return KERN_INVALID_TASK;
	if (!target_task->active)
		return KERN_FAILURE;
	child = task_create_inherit(target_task, inherit_memory);
	if (!child)
		return KERN_RESOURCE_SHORTAGE;
	/* The task lives on its creation reference until task_terminate;
	 * the reply's conversion consumes this one. */
	task_reference(child);
	*child_task = child;
	return KERN_SUCCESS;
}

/*
 * S_task_terminate: terminate every thread of the task, destroy its port
 * and its rights, free its memory.  A task terminating itself cannot do
 * so while its request is being served (the reply and the request would
 * be lost with the thread): the caller's thread is marked AST_TERMINATE_TASK
 * and ends the task on its way back to user mode, after it has received
 * the reply.  Returns KERN_SUCCESS, KERN_INVALID_ARGUMENT (no task, the
 * kernel task) or KERN_FAILURE (already terminating).
 * Conditions: nothing locked.
 */
kern_return_t S_task_terminate(task_t target_task)
{
	thread_t self = current_thread();

	if (!target_task || target_task->kernel)
		return KERN_INVALID_ARGUMENT;
	if (!target_task->active)
		return KERN_FAILURE;
	if (self->task == target_task) {
		thread_ast_set(self, AST_TERMINATE_TASK);
		return KERN_SUCCESS;
	}
	return task_terminate(target_task) ? KERN_SUCCESS : KERN_FAILURE;
}

/*
 * S_task_suspend: add one to the task's suspend count; its threads stop
 * at their next scheduling point (on one processor none of them runs now;
 * the caller's own thread, if it is in the task, stops on its way back to
 * user mode, after the reply).  Returns KERN_INVALID_ARGUMENT or
 * KERN_FAILURE as S_task_terminate.
 */
kern_return_t S_task_suspend(task_t target_task)
{
	if (!target_task || target_task->kernel)
		return KERN_INVALID_ARGUMENT;
	if (!target_task->active)
		return KERN_FAILURE;
	task_suspend(target_task);
	return KERN_SUCCESS;
}

/*
 * S_task_resume: take one from the suspend count; at zero the threads
 * stopped only by it run again.  KERN_FAILURE if the count is already
 * zero.
 */
kern_return_t S_task_resume(task_t target_task)
{
	if (!target_task || target_task->kernel)
		return KERN_INVALID_ARGUMENT;
	return task_resume(target_task) ? KERN_SUCCESS : KERN_FAILURE;
}

/*
 * S_task_threads: send rights to the kernel ports of the task's threads
 * (those not terminating), in a kalloc'd array of exactly thread_listCnt
 * ports the reply takes (NULL when there are none).  The array is sized with the task lock
 * dropped and checked again under it.  Returns KERN_INVALID_ARGUMENT,
 * KERN_FAILURE (terminating) or KERN_RESOURCE_SHORTAGE.
 * Conditions: nothing locked; takes the task lock.
 */
kern_return_t S_task_threads(task_t target_task, thread_array_t *thread_list,
			     mach_msg_type_number_t *thread_listCnt)
{
	thread_t *threads = NULL;
	unsigned int size = 0, n = 0;
	struct list_node *l;
	intr_state_t s;

	if (!target_task)
		return KERN_INVALID_ARGUMENT;
	for (;;) {
		unsigned int want;

		s = simple_lock_irq(&target_task->lock);
		want = target_task->thread_count;
		if (!target_task->active || want <= size)
			break;
		simple_unlock_irq(&target_task->lock, s);
		if (threads)
			kfree(threads, size * sizeof(thread_t));
		size = want;
		threads = kalloc(size * sizeof(thread_t));
		if (!threads)
			return KERN_RESOURCE_SHORTAGE;
	}
	if (!target_task->active) {
		simple_unlock_irq(&target_task->lock, s);
		if (threads)
			kfree(threads, size * sizeof(thread_t));
		return KERN_FAILURE;
	}
	list_for_each(l, &target_task->threads) {
		thread_t t = list_entry(l, struct thread, task_link);

		if (thread_terminating(t))
			continue;	/* its port is dead already */
		thread_reference(t);
		threads[n++] = t;
	}
	simple_unlock_irq(&target_task->lock, s);

	if (n < size) {
		/* Threads went meanwhile: the reply wants an exact array. */
		thread_t *exact = n ? kalloc(n * sizeof(thread_t)) : NULL;

		if (n && !exact) {
			for (unsigned int i = 0; i < n; i++)
				thread_deallocate(threads[i]);
			kfree(threads, size * sizeof(thread_t));
			return KERN_RESOURCE_SHORTAGE;
		}
		if (n)
			memcpy(exact, threads, n * sizeof(thread_t));
		kfree(threads, size * sizeof(thread_t));
		threads = exact;
	}
	/* The kernel form of a port array: the ports themselves. */
	for (unsigned int i = 0; i < n; i++)
		((ipc_port_t *)threads)[i] = convert_thread_to_port(threads[i]);
	*thread_list = threads;
	*thread_listCnt = n;
	return KERN_SUCCESS;
}

/*
 * S_task_info: TASK_BASIC_INFO (suspend count, priority of new threads,
 * bytes of memory loaded, CPU time of its terminated threads, creation
 * time since boot) and TASK_THREAD_TIMES_INFO (CPU time of its live
 * threads).  A count without room for the time_value64_t fields gets the
 * older fields only; *count says how many words were written.  Mica
 * counts CPU time per tick without telling user from kernel time: all of
 * it is reported as system time.  TASK_EVENTS_INFO is refused: Mica
 * keeps none of its counters.  Returns KERN_INVALID_ARGUMENT for no task,
 * an unknown flavour or a count too small.
 * Conditions: nothing locked; takes the task lock.
 */
kern_return_t S_task_info(task_t target_task, int flavor,
			  task_info_t task_info_out,
			  mach_msg_type_number_t *task_info_outCnt)
{
	unsigned int count = *task_info_outCnt, full, old;
	intr_state_t s;

	if (!target_task)
		return KERN_INVALID_ARGUMENT;
	switch (flavor) {
	case TASK_BASIC_INFO: {
		struct task_basic_info b;
		uint64_t dead;

		full = TASK_BASIC_INFO_COUNT;
		old = full - 3 * sizeof(time_value64_t) / sizeof(integer_t);
		if (count < old)
			return KERN_INVALID_ARGUMENT;
		memset(&b, 0, sizeof(b));
		s = simple_lock_irq(&target_task->lock);
		b.suspend_count = target_task->suspend_count;
		b.base_priority = target_task->priority;
		b.virtual_size = target_task->map ? target_task->map->size : 0;
		b.resident_size = target_task->map ?
			pmap_resident_count(target_task->map->pmap) * PAGE_SIZE : 0;
		dead = target_task->dead_user_ticks +
		       target_task->dead_system_ticks;
		simple_unlock_irq(&target_task->lock, s);
		b.user_time = ns_to_time_value(0);
		b.system_time = ns_to_time_value(ticks_to_ns(dead));
		b.creation_time = ns_to_time_value(target_task->creation_ns);
		b.user_time64 = ns_to_time_value64(0);
		b.system_time64 = ns_to_time_value64(ticks_to_ns(dead));
		b.creation_time64 = ns_to_time_value64(target_task->creation_ns);
		count = count >= full ? full : old;
		memcpy(task_info_out, &b, count * sizeof(integer_t));
		break;
	}
	case TASK_THREAD_TIMES_INFO: {
		struct task_thread_times_info t;
		uint64_t live = 0;
		struct list_node *l;

		full = TASK_THREAD_TIMES_INFO_COUNT;
		old = full - 2 * sizeof(time_value64_t) / sizeof(integer_t);
		if (count < old)
			return KERN_INVALID_ARGUMENT;
		memset(&t, 0, sizeof(t));
		s = simple_lock_irq(&target_task->lock);
		list_for_each(l, &target_task->threads) {
			thread_t th = list_entry(l, struct thread, task_link);

			live += th->user_ticks + th->system_ticks;
		}
		simple_unlock_irq(&target_task->lock, s);
		t.user_time = ns_to_time_value(0);
		t.system_time = ns_to_time_value(ticks_to_ns(live));
		t.user_time64 = ns_to_time_value64(0);
		t.system_time64 = ns_to_time_value64(ticks_to_ns(live));
		count = count >= full ? full : old;
		memcpy(task_info_out, &t, count * sizeof(integer_t));
		break;
	}
	default:
		return KERN_INVALID_ARGUMENT;
	}
	*task_info_outCnt = count;
	return KERN_SUCCESS;
}

/*
 * Emulation vectors (system calls redirected into the task) are not part
 * of Mica: a task's vector is always empty, and setting one, or an
 * emulation entry, fails with KERN_FAILURE.  task_ras_control
 * (restartable atomic sequences) fails the same way, as in GNU Mach.
 */
kern_return_t S_task_get_emulation_vector(task_t task, int *vector_start,
					  emulation_vector_t *emulation_vector,
					  mach_msg_type_number_t *emulation_vectorCnt)
{
	if (!task)
		return KERN_INVALID_ARGUMENT;
	*vector_start = 0;
	*emulation_vector = NULL;
	*emulation_vectorCnt = 0;
	return KERN_SUCCESS;
}

kern_return_t S_task_set_emulation_vector(task_t task, int vector_start,
					  emulation_vector_t emulation_vector,
					  mach_msg_type_number_t emulation_vectorCnt)
{
	(void)vector_start;
	(void)emulation_vector;
	(void)emulation_vectorCnt;
	return task ? KERN_FAILURE : KERN_INVALID_ARGUMENT;
}

kern_return_t S_task_set_emulation(task_t target_port,
				   vm_address_t routine_entry_pt,
				   int routine_number)
{
	(void)routine_entry_pt;
	(void)routine_number;
	return target_port ? KERN_FAILURE : KERN_INVALID_ARGUMENT;
}

kern_return_t S_task_ras_control(task_t target_task, vm_address_t basepc,
				 vm_address_t boundspc, int flavor)
{
	(void)basepc;
	(void)boundspc;
	(void)flavor;
	return target_task ? KERN_FAILURE : KERN_INVALID_ARGUMENT;
}
