/*
 * ipc/ipc_mqueue_direct.h - the two steps of direct delivery that the RPC
 * fast path (ipc/mach_msg_fast.c) shares with ipc/ipc_mqueue.c, inline:
 * they run on every RPC.  See ipc/ipc_mqueue.h for their contracts.
 */
#ifndef IPC_IPC_MQUEUE_DIRECT_H
#define IPC_IPC_MQUEUE_DIRECT_H

#include <kern/thread.h>
#include <ipc/ipc_kmsg.h>
#include <ipc/ipc_port.h>

/*
 * A waiter's ith_rcv_state: IPC_RCV_PLAIN for ipc_mqueue_receive's
 * waits; IPC_RCV_FAST for the RPC fast path's, which hold a reference on
 * the port for the wait and never come back to the port once a message
 * is theirs: the deliverer then finishes for them under the port lock it
 * holds (drops that reference, consumes the message's destination right
 * when no no-senders notification is due) and publishes IPC_RCV_DONE
 * last, with release order, so that a waiter that reads IPC_RCV_DONE
 * (acquire) owns ith_kmsg and ith_rcv_from without taking the lock.
 */
#define IPC_RCV_PLAIN	0
#define IPC_RCV_FAST	1
#define IPC_RCV_DONE	2

static inline void fast_waiter_finish_locked(struct ipc_port *port,
					     struct ipc_kmsg *kmsg, thread_t w)
{
	unsigned int bits = kmsg->header.msgh_bits;

	/* The wait's reference: never the last (the port is active, its
	 * receive right holds one). */
	port->obj.references--;
	if (ipc_kmsg_dest(kmsg) == port && !MACH_MSGH_BITS_OTHER(bits)) {
		if (MACH_MSGH_BITS_REMOTE(bits) == IPC_RIGHT_SEND_ONCE) {
			port->sorights--;
			port->obj.references--;
			kmsg->header.msgh_remote_kport = NULL;	/* consumed */
		} else if (port->srights > 1 || !port->nsrequest) {
			port->srights--;
			port->obj.references--;
			kmsg->header.msgh_remote_kport = NULL;
		}
	}
	__atomic_store_n(&w->ith_rcv_state, IPC_RCV_DONE, __ATOMIC_RELEASE);
}

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
	if (w->ith_rcv_state == IPC_RCV_FAST)
		fast_waiter_finish_locked(port, kmsg, w);
	return w;
}

static inline void ipc_mqueue_enlist_locked(struct ipc_port *port,
					    mach_msg_size_t rcv_size,
					    uint32_t state)
{
	thread_t self = current_thread();

	self->ith_kmsg = NULL;
	self->ith_rcv_size = rcv_size;
	self->ith_rcv_state = state;
	list_push_back(&port->rcv_waiters, &self->ith_rcv_link);
}

#endif /* IPC_IPC_MQUEUE_DIRECT_H */
