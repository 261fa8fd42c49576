/*
 * ipc/ipc_mqueue.h - sending messages to ports and receiving them.
 */
#ifndef IPC_IPC_MQUEUE_H
#define IPC_IPC_MQUEUE_H

#include <ipc/ipc_kmsg.h>

struct thread;
#include <ipc/ipc_port.h>

/*
 * ipc_mqueue_send: queue a copied-in message on its destination, blocking
 * at the queue limit unless the destination is a send-once right or
 * MACH_SEND_ALWAYS.  A kernel object destination is served at once.  If a
 * thread waits on the port itself and nothing is queued, the message goes
 * to that thread directly; with handoff non-NULL the thread is not woken
 * but returned, referenced, in *handoff, for the caller to pass to its
 * own ipc_mqueue_receive (which runs it at once if the caller blocks) or
 * to ipc_mqueue_handoff_release.  Returns MACH_MSG_SUCCESS (the message
 * is gone), or MACH_SEND_TIMED_OUT / MACH_SEND_INTERRUPTED (the caller
 * still owns the message: it does the pseudo-receive).  Conditions: no
 * IPC lock held; may block.
 */
mach_msg_return_t ipc_mqueue_send(struct ipc_kmsg *kmsg,
				  mach_msg_option_t option,
				  mach_msg_timeout_t timeout,
				  struct thread **handoff);

/*
 * Direct delivery, for ipc_mqueue_send and the RPC fast path
 * (ipc/mach_msg_fast.c).
 *  ipc_mqueue_deliver_locked: if nothing is queued on port and its first
 *    waiter can take kmsg, hand it over (stamped with the next sequence
 *    number) and return that thread, off rcv_waiters but still waiting:
 *    the caller wakes it (clear_wait, thread_block_handoff).  NULL
 *    otherwise.  Conditions: port locked, active, in no set.
 *  ipc_mqueue_wait_locked: the current thread waits on port for a message
 *    of at most rcv_size bytes (on rcv_waiters, an interruptible
 *    unqueued wait); the caller unlocks and blocks.  Conditions: port
 *    locked, received by the caller's space, nothing queued.
 *  ipc_mqueue_enlist_locked: the same without asserting the wait, for a
 *    caller that blocks with thread_block_handoff_listed.
 *  ipc_mqueue_wait_end: after the block: leave rcv_waiters and return the
 *    message handed over (its receive-right name in *from), or NULL if
 *    the wait ended otherwise; with release, drop the caller's reference
 *    on port too.  Conditions: port unlocked, referenced by the caller.
 */
/* ipc_mqueue_deliver_locked, ipc_mqueue_enlist_locked: inline, in
 * ipc/ipc_mqueue_direct.h (they need struct thread). */
void ipc_mqueue_wait_locked(struct ipc_port *port, mach_msg_size_t rcv_size);
struct ipc_kmsg *ipc_mqueue_wait_end(struct ipc_port *port,
				     mach_port_name_t *from, bool release);

/* Wake a thread ipc_mqueue_send handed a message to and drop the
 * reference (NULL: nothing).  Conditions: no IPC lock held. */
void ipc_mqueue_handoff_release(struct thread *handoff);

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
 * ipc_mqueue_receive: take a message from the receive right or port set
 * `name` of space.  Returns MACH_MSG_SUCCESS with *kmsgp (dequeued,
 * sequence number stamped) and *from (the receive right's name),
 * MACH_RCV_TOO_LARGE (see take_message), or MACH_RCV_INVALID_NAME,
 * MACH_RCV_IN_SET, MACH_RCV_TIMED_OUT, MACH_RCV_INTERRUPTED,
 * MACH_RCV_PORT_DIED, MACH_RCV_PORT_CHANGED (the receive right left the
 * space or the port joined a set during the wait).  handoff (or NULL) is
 * a thread from ipc_mqueue_send: it runs in the caller's place if the
 * caller blocks, and is woken otherwise; its reference is consumed.
 * Conditions: no IPC lock held; may block.
 */
mach_msg_return_t ipc_mqueue_receive(struct ipc_space *space,
				     mach_port_name_t name,
				     mach_msg_option_t option,
				     mach_msg_size_t rcv_size,
				     mach_msg_timeout_t timeout,
				     struct thread *handoff,
				     struct ipc_kmsg **kmsgp,
				     mach_port_name_t *from,
				     mach_msg_size_t *needed);

/*
 * ipc_mqueue_receive_port: the kernel receives from a port it holds
 * (no name space): MACH_MSG_SUCCESS with *kmsgp, MACH_RCV_PORT_DIED or
 * MACH_RCV_INTERRUPTED.  Conditions: port referenced; may block.
 */
mach_msg_return_t ipc_mqueue_receive_port(struct ipc_port *port,
					  struct ipc_kmsg **kmsgp);

#endif /* IPC_IPC_MQUEUE_H */
