/*
 * ipc/ipc_mqueue.c - message queues: queueing a message on a port,
 * blocking senders at the queue limit, receiving from a port or a port
 * set with timeouts, and the wakeups that go with them.
 *
 * Waiting uses the scheduler's events: a receiver waits on the port (or
 * the port set) it receives from; a blocked sender waits on the port's
 * blocked_senders field.  Every wait re-checks its condition under the
 * port lock after waking, so spurious or shared wakeups are harmless.
 *
 * Locking: a port's lock protects its queue; a set's lock its member list.
 * No lock is held across thread_block (assert_wait is called with the
 * port locked, which closes the window between the check and the block).
 */
#include <kern/machine.h>
#include <kern/panic.h>
#include <kern/sched_prim.h>
#include <kern/thread.h>
#include <kern/timeout.h>
#include <kern/ipc_kobject.h>
#include <ipc/ipc_kmsg.h>
#include <ipc/ipc_mqueue.h>

void ipc_port_wakeup_senders(struct ipc_port *port)
{
	/* Senders blocked on the queue limit, and receivers (the port may
	 * have died under them). */
	thread_wakeup(&port->blocked_senders);
	thread_wakeup(port);
	if (port->pset)
		thread_wakeup(port->pset);
}

void ipc_mqueue_pset_changed(struct ipc_pset *pset)
{
	thread_wakeup(pset);
}

/* Wake one receiver of port: on the port itself or on its set. */
static void wake_receiver(struct ipc_port *port)
{
	if (port->pset)
		thread_wakeup(port->pset);
	else
		thread_wakeup_one(port);
}

/*
 * deliver_to_kernel: the destination is a kernel object: serve it now
 * and send the reply (which always queues: its destination is a reply
 * right).
 */
static mach_msg_return_t deliver_to_kernel(struct ipc_kmsg *kmsg)
{
	struct ipc_kmsg *reply = ipc_kobject_server(kmsg);

	if (reply)
		ipc_mqueue_send(reply, MACH_SEND_ALWAYS, 0);
	return MACH_MSG_SUCCESS;
}

mach_msg_return_t ipc_mqueue_send(struct ipc_kmsg *kmsg,
				  mach_msg_option_t option,
				  mach_msg_timeout_t timeout)
{
	struct ipc_port *port = ipc_kmsg_dest(kmsg);
	bool sonce = MACH_MSGH_BITS_REMOTE(kmsg->header.msgh_bits) ==
		     IPC_RIGHT_SEND_ONCE;

	if (kmsg->header.msgh_bits & MACH_MSGH_BITS_CIRCULAR) {
		/* It carries a receive right that could never be received
		 * again (ipc_port_circular): destroy it, as if it had been
		 * queued and its port then died. */
		ipc_kmsg_destroy(kmsg);
		return MACH_MSG_SUCCESS;
	}

	for (;;) {
		int r;

		simple_lock(&port->obj.lock);
		if (!port->obj.active) {
			/* A message to a dead port is destroyed: the port could
			 * as well have died just after it was queued. */
			simple_unlock(&port->obj.lock);
			ipc_kmsg_destroy(kmsg);
			return MACH_MSG_SUCCESS;
		}
		if (port->receiver == IPC_SPACE_KERNEL) {
			simple_unlock(&port->obj.lock);
			return deliver_to_kernel(kmsg);
		}
		if (port->msgcount < port->qlimit || sonce ||
		    (option & MACH_SEND_ALWAYS))
			break;
		if ((option & MACH_SEND_TIMEOUT) && timeout == 0) {
			simple_unlock(&port->obj.lock);
			return MACH_SEND_TIMED_OUT;
		}
		port->blocked_senders++;
		assert_wait((event_t)&port->blocked_senders, true);
		simple_unlock(&port->obj.lock);
		if (option & MACH_SEND_TIMEOUT)
			thread_set_timeout(timeout_ms_to_ticks(timeout));
		r = thread_block();
		simple_lock(&port->obj.lock);
		port->blocked_senders--;
		simple_unlock(&port->obj.lock);
		if (r == THREAD_TIMED_OUT)
			return MACH_SEND_TIMED_OUT;
		if (r == THREAD_INTERRUPTED)
			return MACH_SEND_INTERRUPTED;
	}
	list_push_back(&port->messages, &kmsg->link);
	port->msgcount++;
	wake_receiver(port);
	simple_unlock(&port->obj.lock);
	return MACH_MSG_SUCCESS;
}

/*
 * take_message: the first message of port if it fits rcv_size.  Returns
 * MACH_MSG_SUCCESS with the message dequeued and stamped, MACH_RCV_TOO_LARGE
 * (with MACH_RCV_LARGE the message stays queued and *needed says its size;
 * without, it is dequeued into *kmsgp for the caller to destroy), or
 * MACH_RCV_IN_PROGRESS if the queue is empty.  Conditions: port locked.
 */
static mach_msg_return_t take_message(struct ipc_port *port,
				      mach_msg_option_t option,
				      mach_msg_size_t rcv_size,
				      struct ipc_kmsg **kmsgp,
				      mach_msg_size_t *needed)
{
	struct ipc_kmsg *k;

	if (list_empty(&port->messages))
		return MACH_RCV_IN_PROGRESS;
	k = list_entry(port->messages.next, struct ipc_kmsg, link);
	if (k->size > rcv_size && (option & MACH_RCV_LARGE)) {
		*needed = k->size;
		return MACH_RCV_TOO_LARGE;
	}
	list_remove(&k->link);
	port->msgcount--;
	k->header.msgh_seqno = port->seqno++;
	if (port->blocked_senders)
		thread_wakeup_one(&port->blocked_senders);
	*kmsgp = k;
	if (k->size > rcv_size) {
		*needed = k->size;
		return MACH_RCV_TOO_LARGE;
	}
	return MACH_MSG_SUCCESS;
}

/*
 * ipc_mqueue_receive_port: the kernel's receive from a port it holds the
 * receive right of (a kernel RPC's reply port, ipc/mach_msg_kernel.c):
 * wait, interruptibly, for the first message.  Returns MACH_MSG_SUCCESS
 * with *kmsgp, MACH_RCV_PORT_DIED or MACH_RCV_INTERRUPTED.  Conditions:
 * the caller holds a reference on port; no IPC lock held; may block.
 */
mach_msg_return_t ipc_mqueue_receive_port(struct ipc_port *port,
					  struct ipc_kmsg **kmsgp)
{
	mach_msg_size_t needed;

	*kmsgp = NULL;
	for (;;) {
		mach_msg_return_t mr;

		simple_lock(&port->obj.lock);
		if (!port->obj.active) {
			simple_unlock(&port->obj.lock);
			return MACH_RCV_PORT_DIED;
		}
		mr = take_message(port, 0, IPC_KMSG_MAX_SIZE, kmsgp, &needed);
		if (mr != MACH_RCV_IN_PROGRESS) {
			simple_unlock(&port->obj.lock);
			return mr;
		}
		assert_wait((event_t)port, true);
		simple_unlock(&port->obj.lock);
		if (thread_block() == THREAD_INTERRUPTED)
			return MACH_RCV_INTERRUPTED;
	}
}

mach_msg_return_t ipc_mqueue_receive(struct ipc_space *space,
				     mach_port_name_t name,
				     mach_msg_option_t option,
				     mach_msg_size_t rcv_size,
				     mach_msg_timeout_t timeout,
				     struct ipc_kmsg **kmsgp,
				     mach_port_name_t *from,
				     mach_msg_size_t *needed)
{
	struct ipc_object *obj;
	struct ipc_entry *e;
	mach_msg_return_t mr;
	bool is_set;

	*kmsgp = NULL;
	simple_lock(&space->lock);
	e = space->active ? ipc_entry_lookup(space, name) : NULL;
	if (!e || !(e->type & (IE_RECEIVE | IE_PORT_SET))) {
		simple_unlock(&space->lock);
		return MACH_RCV_INVALID_NAME;
	}
	obj = e->object;
	is_set = e->type & IE_PORT_SET;
	simple_lock(&obj->lock);
	if (!is_set && ipc_port_of(obj)->pset) {
		simple_unlock(&obj->lock);
		simple_unlock(&space->lock);
		return MACH_RCV_IN_SET;
	}
	obj->references++;
	simple_unlock(&obj->lock);
	simple_unlock(&space->lock);

	for (;;) {
		int r;

		simple_lock(&obj->lock);
		if (!obj->active) {
			simple_unlock(&obj->lock);
			mr = is_set ? MACH_RCV_PORT_CHANGED : MACH_RCV_PORT_DIED;
			break;
		}
		if (is_set) {
			struct ipc_pset *ps = ipc_pset_of(obj);
			struct list_node *n;

			mr = MACH_RCV_IN_PROGRESS;
			list_for_each(n, &ps->members) {
				struct ipc_port *p = list_entry(n, struct ipc_port,
								pset_link);

				simple_lock(&p->obj.lock);
				mr = take_message(p, option, rcv_size, kmsgp, needed);
				if (mr != MACH_RCV_IN_PROGRESS)
					*from = p->receiver_name;
				simple_unlock(&p->obj.lock);
				if (mr != MACH_RCV_IN_PROGRESS)
					break;
			}
		} else {
			struct ipc_port *p = ipc_port_of(obj);

			mr = take_message(p, option, rcv_size, kmsgp, needed);
			*from = p->receiver_name;
		}
		if (mr != MACH_RCV_IN_PROGRESS) {
			simple_unlock(&obj->lock);
			break;
		}
		if ((option & MACH_RCV_TIMEOUT) && timeout == 0) {
			simple_unlock(&obj->lock);
			mr = MACH_RCV_TIMED_OUT;
			break;
		}
		assert_wait((event_t)obj, true);
		simple_unlock(&obj->lock);
		if (option & MACH_RCV_TIMEOUT)
			thread_set_timeout(timeout_ms_to_ticks(timeout));
		r = thread_block();
		if (r == THREAD_TIMED_OUT) {
			mr = MACH_RCV_TIMED_OUT;
			break;
		}
		if (r == THREAD_INTERRUPTED) {
			mr = MACH_RCV_INTERRUPTED;
			break;
		}
	}
	ipc_object_release(obj);
	return mr;
}
