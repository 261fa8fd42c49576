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

#endif /* IPC_IPC_MQUEUE_DIRECT_H */
