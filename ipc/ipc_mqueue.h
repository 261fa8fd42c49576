/*
 * ipc/ipc_mqueue.h - sending messages to ports and receiving them.
 */
#ifndef IPC_IPC_MQUEUE_H
#define IPC_IPC_MQUEUE_H

#include <ipc/ipc_kmsg.h>

/*
 * ipc_mqueue_send: queue a copied-in message on its destination, blocking
 * at the queue limit unless the destination is a send-once right or
 * MACH_SEND_ALWAYS.  A kernel object destination is served at once.
 * Returns MACH_MSG_SUCCESS (the message is gone), or MACH_SEND_TIMED_OUT /
 * MACH_SEND_INTERRUPTED (the caller still owns the message: it does the
 * pseudo-receive).  Conditions: no IPC lock held; may block.
 */
mach_msg_return_t ipc_mqueue_send(struct ipc_kmsg *kmsg,
				  mach_msg_option_t option,
				  mach_msg_timeout_t timeout);

/*
 * ipc_mqueue_send_notify: ipc_mqueue_send with MACH_SEND_NOTIFY, for a
 * message space sends.  It is first sent as usual, at once or within the
 * MACH_SEND_TIMEOUT timeout; if the queue stays full it is queued anyway,
 * past the limit, and a msg-accepted notification will go to a send-once
 * right made from the receive right `notify` names in space once it is
 * accepted (see ipc_mqueue.c).  Returns MACH_MSG_SUCCESS (sent without
 * force), MACH_SEND_WILL_NOTIFY (forced: the message is gone either way),
 * or, the caller still owning the message for the pseudo-receive:
 * MACH_SEND_INVALID_NOTIFY (notify names no receive right),
 * MACH_SEND_NOTIFY_IN_PROGRESS (a forced message of space already waits
 * on the port), MACH_SEND_INTERRUPTED.  Conditions: no IPC lock held;
 * may block.
 */
mach_msg_return_t ipc_mqueue_send_notify(struct ipc_kmsg *kmsg,
					 struct ipc_space *space,
					 mach_port_name_t notify,
					 mach_msg_option_t option,
					 mach_msg_timeout_t timeout);

/*
 * ipc_mqueue_limit_changed: port's queue limit was raised: forced
 * messages now within it are accepted (msg-accepted notifications).
 * Conditions: nothing locked; the caller holds a reference on port.
 */
void ipc_mqueue_limit_changed(struct ipc_port *port);

/*
 * ipc_mqueue_receive: take a message from the receive right or port set
 * `name` of space.  Returns MACH_MSG_SUCCESS with *kmsgp (dequeued,
 * sequence number stamped) and *from (the receive right's name),
 * MACH_RCV_TOO_LARGE (see take_message), or MACH_RCV_INVALID_NAME,
 * MACH_RCV_IN_SET, MACH_RCV_TIMED_OUT, MACH_RCV_INTERRUPTED,
 * MACH_RCV_PORT_DIED, MACH_RCV_PORT_CHANGED.  Conditions: no IPC lock
 * held; may block.
 */
mach_msg_return_t ipc_mqueue_receive(struct ipc_space *space,
				     mach_port_name_t name,
				     mach_msg_option_t option,
				     mach_msg_size_t rcv_size,
				     mach_msg_timeout_t timeout,
				     struct ipc_kmsg **kmsgp,
				     mach_port_name_t *from,
				     mach_msg_size_t *needed);

#endif /* IPC_IPC_MQUEUE_H */
