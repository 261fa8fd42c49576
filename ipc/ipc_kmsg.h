/*
 * ipc/ipc_kmsg.h - kernel messages (the in-kernel form of a Mach message).
 * The message transfer code (mach_msg) is built on this in the IPC issue;
 * ports need only to destroy the messages queued on them when they die.
 */
#ifndef IPC_IPC_KMSG_H
#define IPC_IPC_KMSG_H

#include <kern/list.h>

struct ipc_kmsg {
	struct list_node link;		/* on a port's queue */
};

/* Destroy a message that will never be received: every right and every
 * out-of-line region it carries is released.  Conditions: no IPC lock. */
void ipc_kmsg_destroy(struct ipc_kmsg *kmsg);

#endif /* IPC_IPC_KMSG_H */
