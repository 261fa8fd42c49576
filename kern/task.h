/*
 * kern/task.h - tasks: the containers of threads and resources.
 *
 * A task owns an address space (today a pmap and the list of pages loaded
 * into it; the vm_map arrives with the VM issue), its threads, a suspend
 * count, a default priority and its processor set assignment.  The IPC
 * space arrives with the IPC issue.
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

struct processor_set;

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
	pmap_t pmap;
	struct list_node pages;		/* wired user pages (until vm_map) */
	unsigned long page_count;
	struct processor_set *pset;
	struct list_node pset_link;
	char name[TASK_NAME_MAX];
	/* IPC: the name space and the kernel port of the task. */
	struct ipc_space *itk_space;
	struct ipc_port *itk_self;
	uintptr_t ool_next;		/* interim: where received OOL data goes */
};

typedef struct task *task_t;

extern struct task *kernel_task;

void task_bootstrap(void);

/*
 * task_create: an empty task (no threads, an empty address space) in the
 * parent's processor set with its priority.  Returns NULL on exhaustion.
 */
task_t task_create(task_t parent, const char *name);

void task_reference(task_t t);
void task_deallocate(task_t t);

/* task_suspend / task_resume: the task-wide suspend count. */
void task_suspend(task_t t);
bool task_resume(task_t t);

/*
 * task_terminate: terminate every thread, tear down the address space and
 * drop the creation reference.  Terminating the current task does not
 * return.
 */
void task_terminate(task_t t);

/*
 * task_map_page: back the user page at va with a fresh zeroed page mapped
 * with prot (the loader's interface until vm_map exists).  Returns the
 * kernel address of the page, or NULL on exhaustion or a bad address.
 */
void *task_map_page(task_t t, vaddr_t va, vm_prot_t prot);

unsigned long task_count(void);

#endif /* KERN_TASK_H */
