/*
 * ipc/mach_msg_fast.c - the fast path of mach_msg_trap for the common RPC.
 *
 * The common remote procedure call is one mach_msg with MACH_SEND_MSG |
 * MACH_RCV_MSG and nothing else: a simple message (no rights or memory in
 * its body) sent with COPY_SEND (a request) or MOVE_SEND_ONCE (a reply),
 * carrying a MAKE_SEND_ONCE reply right or none, to a port on which a
 * thread already waits, followed by a receive on a port of the caller's.
 * A message a thread sends to the port it receives on (MAKE_SEND_ONCE of
 * it) takes a shorter way still (fast_self).
 * mach_msg_rpc_fast does for that call exactly what the general path
 * (ipc/mach_msg.c: ipc_kmsg_copyin, ipc_mqueue_send, ipc_mqueue_receive,
 * ipc_kmsg_copyout) would do, in one pass under one hold of the sender's
 * space lock: it translates the two header rights, hands the message to
 * the waiting thread (ipc_mqueue_deliver_locked), queues itself as a
 * waiter on its receive port and gives its processor straight to the
 * receiver (thread_block_handoff): Mach's handoff, with no run queue, no
 * event hashing and one address-space switch.
 *
 * Anything else declines before any side effect (MACH_MSG_FAST_DECLINED)
 * and the general path then carries out the whole call, reporting every
 * error as usual: a bad pointer, a dead or wrong name, a kernel-object
 * destination, a port in a set, a queued message, no waiting receiver.
 * The one decision taken after the send is committed is the receive: if
 * the receive port cannot be waited on directly (it has messages, it died,
 * it is in a set, the name is wrong), the general receive takes over with
 * the receiver still to be woken (its handoff argument).
 *
 * Locking: the sender's space lock is held from the name lookups until
 * the caller is queued on its receive port, so neither entry can change
 * under the fast path; port locks are taken one at a time inside it
 * (space, then port, as everywhere), never two ports at once.
 */
#include <kern/machine.h>
#include <kern/sched_prim.h>
#include <kern/task.h>
#include <kern/thread.h>
#include <ipc/ipc_kmsg.h>
#include <ipc/ipc_mqueue.h>
#include <ipc/ipc_mqueue_direct.h>
#include <ipc/mach_msg.h>

/* The largest message the fast path takes: a small kmsg's. */
#define FAST_MSG_MAX	IKM_SMALL

/* Calls taken and declined, for the tests (ipc_rpc suite) and profiling.
 * Plain counters: exact on one processor, approximate with more. */
static unsigned long fast_taken, fast_declined;

void mach_msg_fast_counts(unsigned long *taken, unsigned long *declined)
{
	*taken = __atomic_load_n(&fast_taken, __ATOMIC_RELAXED);
	*declined = __atomic_load_n(&fast_declined, __ATOMIC_RELAXED);
}

/*
 * lookup_port: the port of the entry `name` in space if the entry holds
 * right type `type` (IE_SEND, IE_SEND_ONCE, IE_RECEIVE) and no dead-name
 * request that moving it would have to answer; NULL otherwise.  Whether
 * the port is alive is the caller's check, under the port's lock.
 * Conditions: space locked.
 */
static inline struct ipc_port *lookup_port(struct ipc_space *space,
					   mach_port_name_t name,
					   uint32_t type)
{
	struct ipc_entry *e = ipc_entry_lookup(space, name);

	if (!e || !(e->type & type))
		return NULL;
	return ipc_port_of(e->object);
}

/*
 * fast_copyout: ipc_kmsg_copyout for a simple message whose reply right,
 * if any, is a send-once right (what RPCs carry): the destination right
 * is consumed and the reply right gets a new name in space under one hold
 * of the space lock.  Anything else goes to ipc_kmsg_copyout.  Returns as
 * ipc_kmsg_copyout.  Conditions: no lock held.
 */
static inline __attribute__((always_inline)) mach_msg_return_t
fast_copyout(struct ipc_kmsg *k, struct ipc_space *space,
	     mach_port_name_t dest_name)
{
	mach_msg_header_t *h = &k->header;
	unsigned int bits = h->msgh_bits;
	struct ipc_port *reply = ipc_kmsg_reply(k);
	mach_port_name_t reply_name = MACH_PORT_NULL;
	mach_msg_return_t mr = MACH_MSG_SUCCESS;
	struct ipc_entry *e;

	if (MACH_MSGH_BITS_OTHER(bits) ||
	    (reply && (MACH_MSGH_BITS_LOCAL(bits) != IPC_RIGHT_SEND_ONCE ||
		       reply == (struct ipc_port *)IPC_OBJECT_DEAD ||
		       !reply->obj.active)))
		return ipc_kmsg_copyout(k, space, dest_name);
	/* The destination right is consumed by delivery (fast_wait_end may
	 * have done it already). */
	if (!ipc_kmsg_dest(k))
		;
	else if (MACH_MSGH_BITS_REMOTE(bits) == IPC_RIGHT_SEND_ONCE)
		ipc_port_release_sonce(ipc_kmsg_dest(k));
	else
		ipc_port_release_send(ipc_kmsg_dest(k));
	if (reply) {
		/* The port may die right after the check above: the name is
		 * then a send-once right to a dead port, as if it had died
		 * just after this copyout (lookups turn it into a dead name). */
		simple_lock(&space->lock);
		e = space->active ? ipc_entry_alloc(space, &reply_name) : NULL;
		if (e) {
			e->type = IE_SEND_ONCE;
			e->urefs = 1;
			e->object = &reply->obj;
		}
		simple_unlock(&space->lock);
		if (!e) {
			ipc_right_release(&reply->obj, IPC_RIGHT_SEND_ONCE);
			reply_name = MACH_PORT_DEAD;
			mr = MACH_MSG_IPC_SPACE;
		}
	}
	h->msgh_remote_port = reply_name;
	h->msgh_local_port = dest_name;
	h->msgh_bits = MACH_MSGH_BITS(reply ? IPC_RIGHT_SEND_ONCE : 0,
				      MACH_MSGH_BITS_REMOTE(bits));
	return mr;
}

/*
 * fast_dest: the destination of the message in k, which the fast path
 * can take: a send right for COPY_SEND, or a send-once right without a
 * dead-name request for MOVE_SEND_ONCE (*de is then its entry, which the
 * send frees).  NULL otherwise.  Conditions: space locked.
 */
static inline struct ipc_port *fast_dest(struct ipc_space *space,
					 mach_msg_header_t *h,
					 struct ipc_entry **de)
{
	unsigned int rd = MACH_MSGH_BITS_REMOTE(h->msgh_bits);
	struct ipc_entry *e = ipc_entry_lookup(space, h->msgh_remote_port);

	*de = NULL;
	if (!e)
		return NULL;
	if (rd == MACH_MSG_TYPE_COPY_SEND && (e->type & IE_SEND))
		return ipc_port_of(e->object);
	if (rd == MACH_MSG_TYPE_MOVE_SEND_ONCE && e->type == IE_SEND_ONCE &&
	    !e->request) {
		*de = e;
		return ipc_port_of(e->object);
	}
	return NULL;
}

/*
 * fast_wait_end: the caller was woken on rport without its sender having
 * finished for it (IPC_RCV_DONE): leave the waiters, drop the reference
 * held for the wait, and take the message handed over meanwhile, if any
 * (its destination right is then released by fast_copyout).  Returns the
 * message or NULL.  Conditions: no lock held.
 */
static __attribute__((noinline)) struct ipc_kmsg *
fast_wait_end(struct ipc_port *rport, mach_port_name_t *from)
{
	thread_t self = current_thread();
	struct ipc_kmsg *k;
	unsigned int left = 1;

	simple_lock(&rport->obj.lock);
	list_remove(&self->ith_rcv_link);
	k = self->ith_kmsg;
	self->ith_kmsg = NULL;
	*from = self->ith_rcv_from;
	/* A deliverer that got here first has dropped it already. */
	if (self->ith_rcv_state != IPC_RCV_DONE)
		left = --rport->obj.references;
	simple_unlock(&rport->obj.lock);
	if (!left)
		ipc_object_free(&rport->obj);
	return k;
}

/*
 * fast_kmsg_alloc / fast_kmsg_free: small kmsgs for the fast path, from
 * and to a slot of the current thread when it has one (in an RPC each side
 * frees the message it received and then sends one: no atomics, no
 * allocator), else from and to ipc_kmsg_alloc/free.  The slot is drained
 * when the thread is reaped (kern/thread.c).  Only user threads run the
 * fast path; never from interrupt handlers.
 */
static inline struct ipc_kmsg *fast_kmsg_alloc(thread_t self,
					       mach_msg_size_t size)
{
	struct ipc_kmsg *k = self->ith_kmsg_kept;

	if (!k)
		return ipc_kmsg_alloc(size);
	self->ith_kmsg_kept = NULL;
	ipc_kmsg_small_reuse(k, size);
	return k;
}

static inline void fast_kmsg_free(thread_t self, struct ipc_kmsg *k)
{
	if (k->alloc_size != IKM_SMALL || self->ith_kmsg_kept) {
		ipc_kmsg_free(k);
		return;
	}
	ipc_kmsg_small_keep(k);
	self->ith_kmsg_kept = k;
}

/*
 * fast_self: the call sends to the port it then receives on, with a
 * send-once right made from it (MAKE_SEND_ONCE, as a program talking to
 * itself does): if nothing is queued there and nobody waits before us,
 * the message is ours at once, as if queued and taken (sequence number
 * stamped, the receive right's name noted), and is copied out.  The reply
 * right may be none or another send-once right made from the same port.
 * Returns as mach_msg_rpc_fast, MACH_MSG_FAST_DECLINED with nothing
 * changed.  Out of line, so that the RPC path's code stays as it is.
 * Conditions: no lock held; k holds the message as copied in.
 */
static __attribute__((noinline)) mach_msg_return_t
fast_self(thread_t self, struct ipc_space *space, struct ipc_kmsg *k,
	  mach_msg_header_t *umsg, mach_msg_size_t rcv_size,
	  mach_port_name_t rcv_name)
{
	mach_msg_header_t *h = &k->header;
	unsigned int ld = MACH_MSGH_BITS_LOCAL(h->msgh_bits);
	struct ipc_port *port;
	mach_port_name_t from;
	mach_msg_return_t mr;

	if (h->msgh_remote_port != rcv_name || k->size > rcv_size ||
	    (ld == MACH_MSG_TYPE_MAKE_SEND_ONCE ? h->msgh_local_port != rcv_name :
	     ld != 0 || h->msgh_local_port != MACH_PORT_NULL))
		return MACH_MSG_FAST_DECLINED;
	simple_lock(&space->lock);
	port = space->active ? lookup_port(space, rcv_name, IE_RECEIVE) : NULL;
	if (!port) {
		simple_unlock(&space->lock);
		return MACH_MSG_FAST_DECLINED;
	}
	simple_lock(&port->obj.lock);
	if (!port->obj.active || port->pset || port->receiver != space ||
	    !list_empty(&port->messages) || !list_empty(&port->rcv_waiters)) {
		simple_unlock(&port->obj.lock);
		simple_unlock(&space->lock);
		return MACH_MSG_FAST_DECLINED;
	}
	h->msgh_remote_kport = port;
	h->msgh_local_kport = ld ? port : NULL;
	h->msgh_bits = MACH_MSGH_BITS(IPC_RIGHT_SEND_ONCE,
				      ld ? IPC_RIGHT_SEND_ONCE : 0);
	port->sorights += ld ? 2 : 1;
	port->obj.references += ld ? 2 : 1;
	h->msgh_seqno = port->seqno++;
	from = port->receiver_name;
	simple_unlock(&port->obj.lock);
	simple_unlock(&space->lock);
	fast_taken++;
	mr = fast_copyout(k, space, from);
	if (copyout(&k->header, umsg, k->size) != 0)
		mr = MACH_RCV_INVALID_DATA;	/* the contents are lost */
	fast_kmsg_free(self, k);
	return mr;
}

mach_msg_return_t mach_msg_rpc_fast(mach_msg_header_t *umsg,
				    mach_msg_size_t send_size,
				    mach_msg_size_t rcv_size,
				    mach_port_name_t rcv_name)
{
	thread_t self = current_thread();
	struct ipc_space *space = self->task->itk_space;
	struct ipc_port *rport, *dest, *reply;
	struct ipc_entry *de;
	struct ipc_kmsg *k;
	mach_msg_header_t *h;
	mach_port_name_t from, dn;
	mach_msg_return_t mr;
	unsigned int ld;
	thread_t w;
	int r;

	if (send_size < sizeof(mach_msg_header_t) || send_size > FAST_MSG_MAX ||
	    (send_size & 7))
		return MACH_MSG_FAST_DECLINED;
	k = fast_kmsg_alloc(self, send_size);
	if (!k)
		return MACH_MSG_FAST_DECLINED;
	h = &k->header;
	if (copyin(umsg, h, send_size) != 0 || MACH_MSGH_BITS_OTHER(h->msgh_bits))
		goto decline;
	h->msgh_size = send_size;
	if (MACH_MSGH_BITS_REMOTE(h->msgh_bits) == MACH_MSG_TYPE_MAKE_SEND_ONCE) {
		mr = fast_self(self, space, k, umsg, rcv_size, rcv_name);
		if (mr != MACH_MSG_FAST_DECLINED)
			return mr;
		goto decline;
	}
	/* The reply right: none, or a send-once right made from the port
	 * we are about to receive on (what RPC clients send). */
	ld = MACH_MSGH_BITS_LOCAL(h->msgh_bits);
	if (ld == MACH_MSG_TYPE_MAKE_SEND_ONCE ? h->msgh_local_port != rcv_name :
	    ld != 0 || h->msgh_local_port != MACH_PORT_NULL)
		goto decline;

	simple_lock(&space->lock);
	if (!space->active)
		goto decline_space;
	rport = lookup_port(space, rcv_name, IE_RECEIVE);
	dest = rport ? fast_dest(space, h, &de) : NULL;
	if (!dest)
		goto decline_space;
	reply = ld ? rport : NULL;
	dn = h->msgh_remote_port;	/* the slot gets the port below */

	/*
	 * Our receive port, then the destination: the second lock is only
	 * tried (two ports are never waited for in a nested order).  Both
	 * must be as the fast path needs them, or nothing happens.
	 */
	simple_lock(&rport->obj.lock);
	if (!rport->obj.active || rport->pset || rport->receiver != space ||
	    !list_empty(&rport->messages))
		goto decline_rport;
	if (dest != rport && !simple_lock_try(&dest->obj.lock))
		goto decline_rport;
	w = NULL;
	if (dest->obj.active && dest->receiver != IPC_SPACE_KERNEL &&
	    !dest->pset) {
		/*
		 * The message is published once w has it (and its finish may
		 * consume the destination right: ipc_mqueue_direct.h), so it
		 * is complete first: the header translated, a copied send
		 * right counted anew (a moved send-once right brings its
		 * entry's reference and count along), the reply right made.
		 */
		h->msgh_remote_kport = dest;
		h->msgh_local_kport = reply;
		h->msgh_bits = MACH_MSGH_BITS(de ? IPC_RIGHT_SEND_ONCE :
					      IPC_RIGHT_SEND,
					      reply ? IPC_RIGHT_SEND_ONCE : 0);
		if (!de) {
			dest->srights++;
			dest->obj.references++;
		}
		if (reply) {
			rport->sorights++;
			rport->obj.references++;
		}
		w = ipc_mqueue_deliver_locked(dest, k);
		if (!w) {
			/* Undone: nobody saw them. */
			if (!de) {
				dest->srights--;
				dest->obj.references--;
			}
			if (reply) {
				rport->sorights--;
				rport->obj.references--;
			}
		}
	}
	if (!w) {
		if (dest != rport)
			simple_unlock(&dest->obj.lock);
		goto decline_rport;
	}
	/* Committed: the message is w's. */
	thread_reference(w);
	if (dest != rport)
		simple_unlock(&dest->obj.lock);
	rport->obj.references++;	/* ours while we wait */
	ipc_mqueue_enlist_locked(rport, rcv_size, IPC_RCV_FAST);
	simple_unlock(&rport->obj.lock);
	if (de) {
		de->type = 0;
		ipc_entry_free(space, dn);
	}
	simple_unlock(&space->lock);

	fast_taken++;
	/* The receiver runs now, on this processor; we wait for the answer. */
	r = thread_block_handoff_listed(w, &self->ith_rcv_link);
	thread_deallocate(w);
	if (__atomic_load_n(&self->ith_rcv_state, __ATOMIC_ACQUIRE) ==
	    IPC_RCV_DONE) {
		/* The answer, finished by its sender (ipc_mqueue_direct.h):
		 * no need to take the port's lock again. */
		k = self->ith_kmsg;
		from = self->ith_rcv_from;
		self->ith_kmsg = NULL;
	} else {
		k = fast_wait_end(rport, &from);
	}
	self->ith_rcv_state = IPC_RCV_PLAIN;
	if (!k) {
		if (r == THREAD_INTERRUPTED)
			return MACH_RCV_INTERRUPTED;
		/* The port died, moved or joined a set: the general receive
		 * reports it (or waits again if it is still ours). */
		return mach_msg_receive_user(umsg, MACH_RCV_MSG, rcv_size,
					     rcv_name, 0, NULL);
	}
	mr = fast_copyout(k, space, from);
	if (copyout(&k->header, umsg, k->size) != 0)
		mr = MACH_RCV_INVALID_DATA;	/* the contents are lost */
	fast_kmsg_free(self, k);
	return mr;

decline_rport:
	simple_unlock(&rport->obj.lock);
decline_space:
	simple_unlock(&space->lock);
decline:
	fast_kmsg_free(self, k);
	fast_declined++;
	return MACH_MSG_FAST_DECLINED;
}
