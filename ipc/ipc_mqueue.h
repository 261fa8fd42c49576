/*
 * ipc/ipc_mqueue.h - sending messages to ports and receiving them.
 */
#ifndef IPC_IPC_MQUEUE_H
#define IPC_IPC_MQUEUE_H

#include <kern/thread.h>
#include <ipc/ipc_kmsg.h>
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
				  thread_t *handoff);

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
static inline thread_t ipc_mqueue_deliver_locked(struct ipc_port *port,
						 struct ipc_kmsg *kmsg)
{
	thread_t w;

	if (list_empty(&port->rcv_waiters) || !list_empty(&port->messages))
		return NULL;
	w = list_entry(port->rcv_waiters.next, struct thread, ith_rcv_link);
	if (kmsg->size > w->ith_rcv_size)
		return NULL;	/* queue it: the receiver reports the size */
	list_remove(&w->ith_rcv_link);
	kmsg->header.msgh_seqno = port->seqno++;
	w->ith_kmsg = kmsg;
	w->ith_rcv_from = port->receiver_name;
	return w;
}

static inline void ipc_mqueue_enlist_locked(struct ipc_port *port,
					    mach_msg_size_t rcv_size)
{
	thread_t self = current_thread();

	self->ith_kmsg = NULL;
	self->ith_rcv_size = rcv_size;
	list_push_back(&port->rcv_waiters, &self->ith_rcv_link);
}

void ipc_mqueue_wait_locked(struct ipc_port *port, mach_msg_size_t rcv_size);
struct ipc_kmsg *ipc_mqueue_wait_end(struct ipc_port *port,
				     mach_port_name_t *from, bool release);

/* Wake a thread ipc_mqueue_send handed a message to and drop the
 * reference (NULL: nothing).  Conditions: no IPC lock held. */
void ipc_mqueue_handoff_release(thread_t handoff);

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
				     thread_t handoff,
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
