/*
 * ipc/ipc_mqueue.c - message queues: queueing a message on a port,
 * blocking senders at the queue limit, receiving from a port or a port
 * set with timeouts, and the wakeups that go with them; messages forced
 * past the limit with MACH_SEND_NOTIFY and their msg-accepted
 * notifications.
 *
 * Waiting uses the scheduler's events: a receiver waits on the port (or
 * the port set) it receives from; a blocked sender waits on the port's
 * blocked_senders field.  Every wait re-checks its condition under the
 * port lock after waking, so spurious or shared wakeups are harmless.
 *
 * Direct delivery (the RPC fast path): a thread receiving from a port
 * itself (not through a set) also puts itself on the port's rcv_waiters
 * list.  A sender that finds the queue empty and a waiter whose buffer
 * is large enough hands the message to that thread (thread.ith_kmsg)
 * instead of queueing it; with MACH_RCV_MSG in the same call the sender
 * then blocks with thread_block_handoff, so the receiver runs at once on
 * the sender's processor without passing through the run queue.  The
 * waiter owns a handed message from the moment it is set, whatever ends
 * its wait (timeout, abort): it finds it under the port lock on waking,
 * so no message is lost and sequence numbers stay in order (direct
 * delivery happens only when nothing is queued).
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
#include <ipc/ipc_mqueue_direct.h>
#include <ipc/ipc_notify.h>

/*
 * Forced messages (seed, Message Queues: "mach_msg provides an option
 * allowing one message to be left waiting to be queued ... when the queue
 * is no longer full, the message is then queued, and a notification is
 * sent").  A message sent with MACH_SEND_NOTIFY to a full queue is
 * queued at once, past the limit, so that it keeps its place in the
 * sender's order; it carries the msg-accepted right (kmsg->notify) and
 * its sender's space (kmsg->notify_space, referenced) and counts in
 * port->forced.  It is accepted, and the notification sent, as soon as it
 * stands within the queue limit (among the first qlimit messages: earlier
 * messages were received, or the limit was raised), or when it is itself
 * dequeued, whichever comes first.  A forced message destroyed before
 * that (its port died) yields a send-once notification instead
 * (ipc_kmsg_destroy; seed, Port Rights).  While one forced message of a
 * space waits on a port, another from the same space is refused with
 * MACH_SEND_NOTIFY_IN_PROGRESS.  The notification names the port by the
 * sender's name for it when it is sent (MACH_PORT_NULL if the sender no
 * longer holds a send or receive right for it).
 */
struct accepted {
	struct ipc_port *notify;	/* the msg-accepted right */
	struct ipc_space *space;	/* the sender's, referenced */
};

/* One per queue slot within the limit, plus the message being dequeued. */
#define ACCEPTED_MAX	(IPC_QLIMIT_MAX + 1)

struct accepted_set {
	unsigned int n;
	struct accepted a[ACCEPTED_MAX];
};

/* Take forced message k's request into acc.  Conditions: port locked. */
static void accept_one(struct ipc_port *port, struct ipc_kmsg *k,
		       struct accepted_set *acc)
{
	acc->a[acc->n++] = (struct accepted){ k->notify, k->notify_space };
	k->notify = NULL;
	k->notify_space = NULL;
	port->forced--;
}

/*
 * collect_accepted: every forced message now among the first qlimit
 * queued is accepted: its request moves into acc.  Conditions: port
 * locked; acc has room for qlimit more (qlimit <= IPC_QLIMIT_MAX).
 */
static void collect_accepted(struct ipc_port *port, struct accepted_set *acc)
{
	unsigned int pos = 0;
	struct list_node *n;

	list_for_each(n, &port->messages) {
		struct ipc_kmsg *k = list_entry(n, struct ipc_kmsg, link);

		if (pos++ >= port->qlimit || !port->forced)
			break;
		if (k->notify && acc->n < ACCEPTED_MAX)
			accept_one(port, k, acc);
	}
}

/*
 * send_accepted: send the msg-accepted notifications of acc, each naming
 * port by its sender's current name for it.  Conditions: nothing locked;
 * the caller holds a reference on port (the reverse lookup compares its
 * address).
 */
static void send_accepted(struct ipc_port *port, struct accepted_set *acc)
{
	for (unsigned int i = 0; i < acc->n; i++) {
		struct ipc_space *space = acc->a[i].space;
		mach_port_name_t name = MACH_PORT_NULL;

		simple_lock(&space->lock);
		if (!space->active ||
		    !ipc_reverse_lookup(space, &port->obj, &name))
			name = MACH_PORT_NULL;
		simple_unlock(&space->lock);
		ipc_notify_msg_accepted(acc->a[i].notify, name);
		ipc_space_release(space);
	}
	acc->n = 0;
}

/*
 * accept_dequeued: a message was dequeued from port while forced messages
 * waited there (take_message said so): the dequeued message k (NULL: none
 * left the queue), if forced, and those now within the limit are
 * accepted.  Kept out of the receive path proper, which pays one test of
 * port->forced.  Conditions: nothing locked; the caller holds a reference
 * on port; k is the caller's.
 */
static void __attribute__((noinline)) accept_dequeued(struct ipc_port *port,
						       struct ipc_kmsg *k)
{
	struct accepted_set acc;

	acc.n = 0;
	if (k && k->notify) {
		/* port->forced no longer counts it (take_message). */
		acc.a[acc.n++] = (struct accepted){ k->notify, k->notify_space };
		k->notify = NULL;
		k->notify_space = NULL;
	}
	simple_lock(&port->obj.lock);
	if (port->forced)
		collect_accepted(port, &acc);
	simple_unlock(&port->obj.lock);
	send_accepted(port, &acc);
}

void ipc_mqueue_limit_changed(struct ipc_port *port)
{
	accept_dequeued(port, NULL);
}

void ipc_port_wakeup_senders(struct ipc_port *port)
{
	/* Senders blocked on the queue limit, and receivers on its set (the
	 * port may have died under them; its own receivers were released
	 * by ipc_mqueue_changed_locked). */
	thread_wakeup(&port->blocked_senders);
	if (port->pset)
		thread_wakeup(port->pset);
}

void ipc_mqueue_pset_changed(struct ipc_pset *pset)
{
	thread_wakeup(pset);
}

void ipc_mqueue_changed_locked(struct ipc_port *port)
{
	struct list_node *n;

	while ((n = list_pop_front(&port->rcv_waiters)) != NULL)
		clear_wait(list_entry(n, struct thread, ith_rcv_link),
			   THREAD_AWAKENED, false);
}

/*
 * wake_receiver: a message was queued on port: wake one receiver, on the
 * port itself (it leaves rcv_waiters and finds the message queued) or on
 * its set.  Conditions: port locked.
 */
static void wake_receiver(struct ipc_port *port)
{
	struct list_node *n;

	if (port->pset)
		thread_wakeup(port->pset);
	else if ((n = list_pop_front(&port->rcv_waiters)) != NULL)
		clear_wait(list_entry(n, struct thread, ith_rcv_link),
			   THREAD_AWAKENED, false);
}

void ipc_mqueue_wait_locked(struct ipc_port *port, mach_msg_size_t rcv_size)
{
	ipc_mqueue_enlist_locked(port, rcv_size, IPC_RCV_PLAIN);
	assert_wait_unqueued(true);
}

struct ipc_kmsg *ipc_mqueue_wait_end(struct ipc_port *port,
				     mach_port_name_t *from, bool release)
{
	thread_t self = current_thread();
	struct ipc_kmsg *k;
	unsigned int left = 1;

	simple_lock(&port->obj.lock);
	list_remove(&self->ith_rcv_link);
	k = self->ith_kmsg;
	self->ith_kmsg = NULL;
	*from = self->ith_rcv_from;
	if (release)
		left = --port->obj.references;
	simple_unlock(&port->obj.lock);
	if (!left)
		ipc_object_free(&port->obj);
	return k;
}

/* Queue kmsg on port and wake a receiver.  Conditions: port locked. */
static void enqueue_locked(struct ipc_port *port, struct ipc_kmsg *kmsg)
{
	list_push_back(&port->messages, &kmsg->link);
	port->msgcount++;
	wake_receiver(port);
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
		ipc_mqueue_send(reply, MACH_SEND_ALWAYS, 0, NULL);
	return MACH_MSG_SUCCESS;
}

mach_msg_return_t ipc_mqueue_send(struct ipc_kmsg *kmsg,
				  mach_msg_option_t option,
				  mach_msg_timeout_t timeout,
				  thread_t *handoff)
{
	struct ipc_port *port = ipc_kmsg_dest(kmsg);
	thread_t w;
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
	w = port->pset ? NULL : ipc_mqueue_deliver_locked(port, kmsg);
	if (w) {
		if (handoff) {
			/* The caller's receive wakes it (thread_block_handoff). */
			thread_reference(w);
			simple_unlock(&port->obj.lock);
			*handoff = w;
			return MACH_MSG_SUCCESS;
		}
		clear_wait(w, THREAD_AWAKENED, false);
		simple_unlock(&port->obj.lock);
		return MACH_MSG_SUCCESS;
	}
	enqueue_locked(port, kmsg);
	simple_unlock(&port->obj.lock);
	return MACH_MSG_SUCCESS;
}

void ipc_mqueue_handoff_release(thread_t handoff)
{
	if (!handoff)
		return;
	clear_wait(handoff, THREAD_AWAKENED, false);
	thread_deallocate(handoff);
}

/* Does a forced message of space wait on port?  Conditions: port locked. */
static bool notify_in_progress(struct ipc_port *port, struct ipc_space *space)
{
	struct list_node *n;

	if (!port->forced)
		return false;
	list_for_each(n, &port->messages) {
		struct ipc_kmsg *k = list_entry(n, struct ipc_kmsg, link);

		if (k->notify && k->notify_space == space)
			return true;
	}
	return false;
}

mach_msg_return_t ipc_mqueue_send_notify(struct ipc_kmsg *kmsg,
					 struct ipc_space *space,
					 mach_port_name_t notify,
					 mach_msg_option_t option,
					 mach_msg_timeout_t timeout)
{
	struct ipc_port *port = ipc_kmsg_dest(kmsg), *nport;
	mach_msg_return_t mr;

	/* First as an ordinary send: at once, or within the caller's
	 * timeout if it gave one (CMU and GNU Mach do the same). */
	mr = ipc_mqueue_send(kmsg, option | MACH_SEND_TIMEOUT,
			     (option & MACH_SEND_TIMEOUT) ? timeout : 0, NULL);
	if (mr != MACH_SEND_TIMED_OUT)
		return mr;
	/* The queue is full: the notify argument is needed now.  The
	 * msg-accepted right is a send-once right made from it. */
	if (notify == MACH_PORT_NULL ||
	    ipc_right_lookup_receive(space, notify, &nport) != KERN_SUCCESS)
		return MACH_SEND_INVALID_NOTIFY;
	nport->sorights++;		/* the lookup's reference is its */
	simple_unlock(&nport->obj.lock);
	ipc_space_reference(space);

	simple_lock(&port->obj.lock);
	if (!port->obj.active) {
		/* Died since: as for any message to a dead port. */
		simple_unlock(&port->obj.lock);
		ipc_kmsg_destroy(kmsg);
		mr = MACH_MSG_SUCCESS;
	} else if (port->msgcount < port->qlimit) {
		/* Room appeared since the attempt: no force needed. */
		enqueue_locked(port, kmsg);
		simple_unlock(&port->obj.lock);
		mr = MACH_MSG_SUCCESS;
	} else if (notify_in_progress(port, space)) {
		simple_unlock(&port->obj.lock);
		mr = MACH_SEND_NOTIFY_IN_PROGRESS;
	} else {
		kmsg->notify = nport;
		kmsg->notify_space = space;
		port->forced++;
		enqueue_locked(port, kmsg);
		simple_unlock(&port->obj.lock);
		return MACH_SEND_WILL_NOTIFY;
	}
	/* The right was never seen by anyone: it goes without a word. */
	ipc_port_release_sonce(nport);
	ipc_space_release(space);
	return mr;
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
				      mach_msg_size_t *needed,
				      bool *forced)
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
	if (port->forced) {
		/* The dequeued message, and those moving up into the
		 * limit, are accepted: the caller sees to it once the port
		 * is unlocked (accept_dequeued). */
		if (k->notify)
			port->forced--;
		*forced = true;
	}
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
	mach_port_name_t from;
	bool forced = false;
	int r;

	*kmsgp = NULL;
	for (;;) {
		mach_msg_return_t mr;

		simple_lock(&port->obj.lock);
		if (!port->obj.active) {
			simple_unlock(&port->obj.lock);
			return MACH_RCV_PORT_DIED;
		}
		mr = take_message(port, 0, IPC_KMSG_MAX_SIZE, kmsgp, &needed,
				  &forced);
		if (mr != MACH_RCV_IN_PROGRESS) {
			simple_unlock(&port->obj.lock);
			if (forced)	/* no forced sender here, but be exact */
				accept_dequeued(port, *kmsgp);
			return mr;
		}
		ipc_mqueue_wait_locked(port, IPC_KMSG_MAX_SIZE);
		simple_unlock(&port->obj.lock);
		r = thread_block();
		/* A message handed over directly is ours whatever woke us. */
		*kmsgp = ipc_mqueue_wait_end(port, &from, false);
		if (*kmsgp)
			return MACH_MSG_SUCCESS;
		if (r == THREAD_INTERRUPTED)
			return MACH_RCV_INTERRUPTED;
	}
}

mach_msg_return_t ipc_mqueue_receive(struct ipc_space *space,
				     mach_port_name_t name,
				     mach_msg_option_t option,
				     mach_msg_size_t rcv_size,
				     mach_msg_timeout_t timeout,
				     thread_t handoff,
				     struct ipc_kmsg **kmsgp,
				     mach_port_name_t *from,
				     mach_msg_size_t *needed)
{
	struct ipc_port *forced_port = NULL;
	struct ipc_object *obj;
	struct ipc_entry *e;
	mach_msg_return_t mr;
	bool is_set, forced = false;

	*kmsgp = NULL;
	simple_lock(&space->lock);
	e = space->active ? ipc_entry_lookup(space, name) : NULL;
	if (!e || !(e->type & (IE_RECEIVE | IE_PORT_SET))) {
		simple_unlock(&space->lock);
		ipc_mqueue_handoff_release(handoff);
		return MACH_RCV_INVALID_NAME;
	}
	obj = e->object;
	is_set = e->type & IE_PORT_SET;
	simple_lock(&obj->lock);
	if (!is_set && ipc_port_of(obj)->pset) {
		simple_unlock(&obj->lock);
		simple_unlock(&space->lock);
		ipc_mqueue_handoff_release(handoff);
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
				mr = take_message(p, option, rcv_size, kmsgp, needed,
						  &forced);
				if (mr != MACH_RCV_IN_PROGRESS)
					*from = p->receiver_name;
				if (forced && !forced_port) {
					p->obj.references++;	/* accept_dequeued */
					forced_port = p;
				}
				simple_unlock(&p->obj.lock);
				if (mr != MACH_RCV_IN_PROGRESS)
					break;
			}
		} else {
			struct ipc_port *p = ipc_port_of(obj);

			if (p->receiver != space || p->pset) {
				/* The receive right left this space, or the
				 * port joined a set, while we waited. */
				simple_unlock(&obj->lock);
				mr = MACH_RCV_PORT_CHANGED;
				break;
			}
			mr = take_message(p, option, rcv_size, kmsgp, needed,
					  &forced);
			*from = p->receiver_name;
			if (forced && !forced_port) {
				p->obj.references++;	/* accept_dequeued */
				forced_port = p;
			}
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
		if (is_set)
			assert_wait((event_t)obj, true);
		else	/* where a sender can hand us a message */
			ipc_mqueue_wait_locked(ipc_port_of(obj), rcv_size);
		simple_unlock(&obj->lock);
		if (option & MACH_RCV_TIMEOUT)
			thread_set_timeout(timeout_ms_to_ticks(timeout));
		if (handoff) {
			r = thread_block_handoff(handoff);
			thread_deallocate(handoff);
			handoff = NULL;
		} else {
			r = thread_block();
		}
		/* A message handed over is ours whatever woke us. */
		if (!is_set &&
		    (*kmsgp = ipc_mqueue_wait_end(ipc_port_of(obj), from, false))) {
			mr = MACH_MSG_SUCCESS;
			break;
		}
		if (r == THREAD_TIMED_OUT) {
			mr = MACH_RCV_TIMED_OUT;
			break;
		}
		if (r == THREAD_INTERRUPTED) {
			mr = MACH_RCV_INTERRUPTED;
			break;
		}
	}
	ipc_mqueue_handoff_release(handoff);
	if (forced_port) {
		accept_dequeued(forced_port, *kmsgp);
		ipc_object_release(&forced_port->obj);
	}
	ipc_object_release(obj);
	return mr;
}
