/*
 * ipc/ipc_notify.h - the kernel's notification messages (notify
 * subsystem, ids from MACH_NOTIFY_FIRST = 0100 as in CMU and GNU Mach).
 *
 * Every function consumes the send-once right `notify` it is given: the
 * notification is the one message that right yields.  If the message
 * cannot be built (no memory), the right is still consumed and the loss is
 * counted (ipc_notify_lost), never silently.
 *
 * Conditions: no IPC lock held.
 */
#ifndef IPC_IPC_NOTIFY_H
#define IPC_IPC_NOTIFY_H

#include <ipc/ipc_port.h>

#define IPC_NOTIFY_PORT_DELETED		0101
#define IPC_NOTIFY_MSG_ACCEPTED		0102
#define IPC_NOTIFY_PORT_DESTROYED	0105
#define IPC_NOTIFY_NO_SENDERS		0106
#define IPC_NOTIFY_SEND_ONCE		0107
#define IPC_NOTIFY_DEAD_NAME		0110

void ipc_notify_port_deleted(struct ipc_port *notify, mach_port_name_t name);
void ipc_notify_msg_accepted(struct ipc_port *notify, mach_port_name_t name);
/* Carries the receive right of port (moved into the message). */
void ipc_notify_port_destroyed(struct ipc_port *notify, struct ipc_port *port);
void ipc_notify_no_senders(struct ipc_port *notify, uint32_t mscount);
void ipc_notify_send_once(struct ipc_port *notify);
void ipc_notify_dead_name(struct ipc_port *notify, mach_port_name_t name);

unsigned long ipc_notify_lost(void);

#endif /* IPC_IPC_NOTIFY_H */
