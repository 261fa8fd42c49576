/*
 * ipc/mach_msg_fast.c - the fast path of mach_msg_trap for the common RPC.
 *
 * The common remote procedure call is one mach_msg with MACH_SEND_MSG |
 * MACH_RCV_MSG and nothing else: a simple message (no rights or memory in
 * its body) sent with COPY_SEND (a request) or MOVE_SEND_ONCE (a reply),
 * carrying a MAKE_SEND_ONCE reply right or none, to a port on which a
 * thread already waits, followed by a receive on a port of the caller's.
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
#include <ipc/mach_msg.h>

/* The largest message the fast path takes: the kmsg cache's size. */
#define FAST_MSG_MAX	256

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
 * fast_send_locked: translate the header rights of the simple message k
 * in space and hand it to the thread waiting on the destination.
 * Returns that thread, referenced and still waiting, or NULL if the fast
 * path declines (nothing changed).  Conditions: space locked and active.
 */
static thread_t fast_send_locked(struct ipc_space *space, struct ipc_kmsg *k)
{
	mach_msg_header_t *h = &k->header;
	unsigned int rd = MACH_MSGH_BITS_REMOTE(h->msgh_bits);
	unsigned int ld = MACH_MSGH_BITS_LOCAL(h->msgh_bits);
	mach_port_name_t dn = h->msgh_remote_port, rn = h->msgh_local_port;
	struct ipc_port *dest, *reply = NULL;
	struct ipc_entry *de;
	thread_t w;

	if (rd == MACH_MSG_TYPE_COPY_SEND) {
		de = NULL;
		dest = lookup_port(space, dn, IE_SEND);
	} else if (rd == MACH_MSG_TYPE_MOVE_SEND_ONCE) {
		de = ipc_entry_lookup(space, dn);
		if (!de || de->type != IE_SEND_ONCE || de->request)
			return NULL;
		dest = ipc_port_of(de->object);
	} else {
		return NULL;
	}
	if (!dest)
		return NULL;
	if (ld == MACH_MSG_TYPE_MAKE_SEND_ONCE) {
		reply = lookup_port(space, rn, IE_RECEIVE);
		if (!reply)
			return NULL;
		/* Our own receive right (space locked): alive.  Made before
		 * the message is published; undone if the send declines. */
		simple_lock(&reply->obj.lock);
		reply->sorights++;
		reply->obj.references++;
		simple_unlock(&reply->obj.lock);
	} else if (ld != 0 || rn != MACH_PORT_NULL) {
		return NULL;
	}
	h->msgh_remote_kport = dest;
	h->msgh_local_kport = reply;
	h->msgh_bits = MACH_MSGH_BITS(rd == MACH_MSG_TYPE_COPY_SEND ?
				      IPC_RIGHT_SEND : IPC_RIGHT_SEND_ONCE,
				      reply ? IPC_RIGHT_SEND_ONCE : 0);

	simple_lock(&dest->obj.lock);
	w = NULL;
	if (dest->obj.active && dest->receiver != IPC_SPACE_KERNEL &&
	    !dest->pset)
		w = ipc_mqueue_deliver_locked(dest, k);
	if (!w) {
		simple_unlock(&dest->obj.lock);
		if (reply) {
			simple_lock(&reply->obj.lock);
			reply->sorights--;
			reply->obj.references--;
			simple_unlock(&reply->obj.lock);
		}
		return NULL;
	}
	/* Committed: the message is w's.  The destination right goes
	 * into it: a copied send right is counted anew; a send-once
	 * right leaves its entry with the entry's reference and count. */
	if (!de) {
		dest->srights++;
		dest->obj.references++;
	}
	thread_reference(w);
	simple_unlock(&dest->obj.lock);
	if (de) {
		de->type = 0;
		ipc_entry_free(space, dn);
	}
	return w;
}

/*
 * fast_copyout: ipc_kmsg_copyout for a simple message whose reply right,
 * if any, is a send-once right (what RPCs carry): the destination right
 * is consumed and the reply right gets a new name in space under one hold
 * of the space lock.  Anything else goes to ipc_kmsg_copyout.  Returns as
 * ipc_kmsg_copyout.  Conditions: no lock held.
 */
static mach_msg_return_t fast_copyout(struct ipc_kmsg *k,
				      struct ipc_space *space,
				      mach_port_name_t dest_name)
{
	mach_msg_header_t *h = &k->header;
	unsigned int bits = h->msgh_bits;
	struct ipc_port *reply = ipc_kmsg_reply(k);
	mach_port_name_t reply_name = MACH_PORT_NULL;
	mach_msg_return_t mr = MACH_MSG_SUCCESS;
	struct ipc_entry *e;

	if (MACH_MSGH_BITS_OTHER(bits) || !ipc_kmsg_dest(k) ||
	    (reply && (MACH_MSGH_BITS_LOCAL(bits) != IPC_RIGHT_SEND_ONCE ||
		       reply == (struct ipc_port *)IPC_OBJECT_DEAD ||
		       !reply->obj.active)))
		return ipc_kmsg_copyout(k, space, dest_name);
	if (MACH_MSGH_BITS_REMOTE(bits) == IPC_RIGHT_SEND_ONCE)
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

mach_msg_return_t mach_msg_rpc_fast(mach_msg_header_t *umsg,
				    mach_msg_size_t send_size,
				    mach_msg_size_t rcv_size,
				    mach_port_name_t rcv_name)
{
	thread_t self = current_thread();
	struct ipc_space *space = self->task->itk_space;
	struct ipc_port *rport;
	struct ipc_kmsg *k;
	mach_port_name_t from;
	mach_msg_return_t mr;
	thread_t w;
	int r;

	if (send_size < sizeof(mach_msg_header_t) || send_size > FAST_MSG_MAX ||
	    (send_size & 7))
		return MACH_MSG_FAST_DECLINED;
	k = ipc_kmsg_alloc(send_size);
	if (!k)
		return MACH_MSG_FAST_DECLINED;
	if (copyin(umsg, &k->header, send_size) != 0 ||
	    MACH_MSGH_BITS_OTHER(k->header.msgh_bits))
		goto decline;
	k->header.msgh_size = send_size;

	simple_lock(&space->lock);
	rport = space->active ? lookup_port(space, rcv_name, IE_RECEIVE) : NULL;
	w = rport ? fast_send_locked(space, k) : NULL;
	if (!w) {
		simple_unlock(&space->lock);
		goto decline;
	}
	/* Sent.  Wait on our receive port for the answer, giving the
	 * processor to w, if the port lets us wait directly. */
	simple_lock(&rport->obj.lock);
	if (!rport->obj.active || rport->pset || rport->receiver != space ||
	    !list_empty(&rport->messages)) {
		simple_unlock(&rport->obj.lock);
		simple_unlock(&space->lock);
		return mach_msg_receive_user(umsg, MACH_RCV_MSG, rcv_size,
					     rcv_name, 0, w);
	}
	rport->obj.references++;	/* ours while we wait */
	ipc_mqueue_enlist_locked(rport, rcv_size);
	simple_unlock(&rport->obj.lock);
	simple_unlock(&space->lock);

	r = thread_block_handoff_listed(w, &self->ith_rcv_link);
	thread_deallocate(w);
	k = ipc_mqueue_wait_end(rport, &from, true);
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
	ipc_kmsg_free(k);
	return mr;

decline:
	ipc_kmsg_free(k);
	return MACH_MSG_FAST_DECLINED;
}
