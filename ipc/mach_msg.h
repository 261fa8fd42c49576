/*
 * ipc/mach_msg.h - IPC set-up at boot (ipc/mach_msg.c).  The IPC state of
 * each task and thread is kern/ipc_tt.h's.
 */
#ifndef IPC_MACH_MSG_H
#define IPC_MACH_MSG_H

#include <kern/types.h>
#include <mach/message.h>

/* The IPC traps, the kernel task's port, the host's, processors' and
 * processor sets' ports.  Called once at boot, after processor_bootstrap
 * and task_bootstrap. */
void ipc_bootstrap(void);

/* mach_msg_trap's options that read its seventh argument, the notify
 * name; a call with any of them goes to mach_msg_notify_trap
 * (ipc/mach_msg_notify.c), a[] holding the six register arguments. */
#define MACH_MSG_NOTIFY_OPTIONS \
	(MACH_SEND_NOTIFY | MACH_SEND_CANCEL | MACH_RCV_NOTIFY)
uintptr_t mach_msg_notify_trap(const uintptr_t *a);

#endif /* IPC_MACH_MSG_H */
