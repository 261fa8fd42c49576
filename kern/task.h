/*
 * kern/task.h - tasks: the containers of threads and resources.
 *
 * A task owns an address space (an address map, vm/vm_map.h, over its
 * own pmap; the kernel task has none: kernel memory is kmem's), its
 * threads, a suspend count, a default priority and its processor set
 * assignment, its IPC name space, its kernel port and the special ports
 * it keeps.
 *
 * Locking: task->lock protects the thread list and the counters; the
 * suspend count is changed under sched_lock as well, because the scheduler
 * reads it.
 */
#ifndef KERN_TASK_H
#define KERN_TASK_H

#include <kern/types.h>
#include <kern/list.h>
#include <kern/lock.h>
#include <vm/pmap.h>
#include <mach/mach_param.h>

struct processor_set;
struct vm_map;

#define TASK_NAME_MAX 32

struct task {
	simple_lock_t lock;
	unsigned int ref_count;		/* atomic */
	struct list_node threads;	/* struct thread.task_link */
	unsigned int thread_count;
	int suspend_count;
	int priority;			/* default for new threads */
	bool active;			/* false once terminating */
	bool kernel;			/* the kernel task: no user space */
	struct vm_map *map;		/* NULL for the kernel task */
	struct processor_set *pset;
	struct list_node pset_link;
	char name[TASK_NAME_MAX];
	uint64_t creation_ns;		/* md_clock_ns() at creation */
	uint64_t dead_user_ticks;	/* CPU time of its terminated threads */
	uint64_t dead_system_ticks;	/* (task lock) */
	/*
	 * IPC (kern/ipc_tt.c).  itk_lock protects the port fields: the
	 * task's kernel port (NULL once the task is terminated) and the send
	 * rights it keeps: its self port (what mach_task_self gives, normally
	 * a send right to itk_self), the exception and bootstrap ports and
	 * the registered ports, each NULL when unset.
	 */
	struct ipc_space *itk_space;
	simple_lock_t itk_lock;
	struct ipc_port *itk_self;
	struct ipc_port *itk_sself;
	struct ipc_port *itk_exception;
	struct ipc_port *itk_bootstrap;
	struct ipc_port *itk_registered[TASK_PORT_REGISTER_MAX];
};

typedef struct task *task_t;

extern struct task *kernel_task;

void task_bootstrap(void);

/*
 * task_create: an empty task (no threads, an empty address space) in the
 * parent's processor set with its priority.  Returns NULL on exhaustion.
 */
task_t task_create(task_t parent, const char *name);

/*
 * task_create_inherit: task_create for the task_create call of the mach
 * interface: the child is named "(<parent's name>)" and, if
 * inherit_memory and the parent has user memory, its address space is
 * vm_map_fork of the parent's (VM_INHERIT_NONE ranges are holes, COPY
 * ranges virtual copies, SHARE ranges shared); otherwise it is empty.
 * Returns the task with one reference (its creation reference, dropped
 * by task_terminate), or NULL on exhaustion.  Conditions: nothing locked;
 * the parent is referenced by the caller.
 */
task_t task_create_inherit(task_t parent, bool inherit_memory);

void task_reference(task_t t);
void task_deallocate(task_t t);

/* task_suspend / task_resume: the task-wide suspend count. */
void task_suspend(task_t t);
bool task_resume(task_t t);

/*
 * task_terminate: terminate every thread, tear down the address space and
 * drop the creation reference.  Terminating the current task does not
 * return.  Returns false, doing nothing, if t is already terminating.
 */
bool task_terminate(task_t t);

unsigned long task_count(void);

#endif /* KERN_TASK_H */
