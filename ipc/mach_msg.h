/*
 * ipc/mach_msg.h - IPC set-up at boot and per task (ipc/mach_msg.c).
 */
#ifndef IPC_MACH_MSG_H
#define IPC_MACH_MSG_H

#include <kern/types.h>

struct task;

/* The IPC traps and the kernel task's port.  Called once at boot. */
void ipc_bootstrap(void);

/* A new task's name space and kernel port; false on exhaustion. */
bool ipc_task_init(struct task *task);

/* The task is terminating: its port dies, its rights are destroyed. */
void ipc_task_terminate(struct task *task);

/* The task's last reference is going: free the space itself. */
void ipc_task_release(struct task *task);

#endif /* IPC_MACH_MSG_H */
