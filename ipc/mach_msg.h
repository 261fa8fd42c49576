/*
 * ipc/mach_msg.h - IPC set-up at boot (ipc/mach_msg.c).  The IPC state of
 * each task and thread is kern/ipc_tt.h's.
 */
#ifndef IPC_MACH_MSG_H
#define IPC_MACH_MSG_H

#include <kern/types.h>

/* The IPC traps, the kernel task's port, the host's, processors' and
 * processor sets' ports.  Called once at boot, after processor_bootstrap
 * and task_bootstrap. */
void ipc_bootstrap(void);

#endif /* IPC_MACH_MSG_H */
