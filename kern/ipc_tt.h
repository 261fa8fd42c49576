/*
 * kern/ipc_tt.h - the IPC state of tasks and threads: their kernel ports,
 * the special ports they keep, their name spaces (kern/ipc_tt.c).
 *
 * A task's or thread's kernel port names the object (kobject) for as
 * long as the object lives: the port holds no reference on it.  At
 * termination the port is disabled (kobject cleared, so conversions fail)
 * and destroyed; send rights that users still hold become dead names.
 */
#ifndef KERN_IPC_TT_H
#define KERN_IPC_TT_H

#include <kern/types.h>
#include <kern/task.h>
#include <kern/thread.h>

/*
 * ipc_task_init: a new task's name space, kernel port and self port; the
 * registered, exception and bootstrap ports are copied from parent (if
 * any).  Returns false on exhaustion; ipc_task_terminate then undoes what
 * was made.  Conditions: nothing locked; parent (if any) referenced.
 */
bool ipc_task_init(task_t task, task_t parent);

/* The kernel task's port (it has no name space). */
void ipc_kernel_task_init(task_t task);

/*
 * ipc_task_terminate: the task is terminating: its port dies, its special
 * ports are released and every right in its space is destroyed.
 * ipc_task_release: the last reference is going: free the space itself.
 */
void ipc_task_terminate(task_t task);
void ipc_task_release(task_t task);

/*
 * ipc_thread_port_alloc / ipc_thread_init: a thread's kernel port is
 * allocated before the thread is set up (so that thread creation can fail
 * cleanly) and attached to it once it is; attaching cannot fail.
 * ipc_thread_terminate: the port dies and the special ports are released;
 * calling it again does nothing.  Conditions: nothing locked.
 */
struct ipc_port *ipc_thread_port_alloc(void);
void ipc_thread_init(thread_t thread, struct ipc_port *port);
void ipc_thread_terminate(thread_t thread);

/*
 * retrieve_task_self / retrieve_thread_self: a send right (counted) to
 * the self port (task->itk_sself, thread->ith_sself), or NULL if there is
 * none or the object is terminated.  What mach_task_self and
 * mach_thread_self give.
 */
struct ipc_port *retrieve_task_self(task_t task);
struct ipc_port *retrieve_thread_self(thread_t thread);

/*
 * port_name_to_thread: the thread (referenced) whose port a send right of
 * the current task names, or NULL (a null, dead or unknown name, or not a
 * thread's port).  For traps that take a thread by name (thread_switch).
 */
thread_t port_name_to_thread(uint32_t name);

#endif /* KERN_IPC_TT_H */
