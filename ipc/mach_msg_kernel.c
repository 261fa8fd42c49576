/*
 * ipc/mach_msg_kernel.c - messages the kernel itself sends as a client:
 * mach_msg_send_from_kernel and mach_msg_rpc_from_kernel, the two calls
 * tools/mig's KernelUser stubs make (docs/mig.md), today for exc.defs's
 * exception_raise (kern/exception.c).
 *
 * A KernelUser stub builds its request in the kernel's client form: the
 * header and the body's port slots hold kernel port pointers, with the
 * dispositions of the .defs (COPY_SEND, MAKE_SEND, MOVE_SEND,
 * MAKE_SEND_ONCE, MOVE_SEND_ONCE); COPY and MAKE leave the caller's own
 * right alone, MOVE consumes it.  The request is turned into a kmsg in
 * transit form (the same as ipc_kmsg_copyin's output) and queued; an RPC
 * then waits for the reply on a port of its own, made for the call and
 * destroyed after it, so that a late reply (after an interruption) or a
 * reply right kept by a handler can never reach a later call.
 *
 * Only inline items are accepted in requests (MACH_SEND_INVALID_TYPE
 * otherwise: no KernelUser routine sends memory yet), and a reply that
 * carries rights or out-of-line memory is destroyed and fails the call
 * with MACH_RCV_INVALID_DATA (no KernelUser routine receives any).
 */
#include <kern/panic.h>
#include <kern/string.h>
#include <mach/message.h>
#include <ipc/ipc_kmsg.h>
#include <ipc/ipc_mqueue.h>
#include <ipc/ipc_port.h>
#include <ipc/ipc_right.h>
#include <ipc/mach_msg_kernel.h>

static bool port_disposition(unsigned int d)
{
	return d == MACH_MSG_TYPE_COPY_SEND || d == MACH_MSG_TYPE_MAKE_SEND ||
	       d == MACH_MSG_TYPE_MOVE_SEND ||
	       d == MACH_MSG_TYPE_MAKE_SEND_ONCE ||
	       d == MACH_MSG_TYPE_MOVE_SEND_ONCE;
}

/*
 * take_right: the right disposition d makes of port (non-NULL), in
 * transit form: COPY_SEND and MAKE_SEND count a new send right,
 * MAKE_SEND_ONCE a new send-once right; the MOVE forms take the caller's.
 * Returns the transit kind.  Conditions: nothing locked.
 */
static unsigned int take_right(struct ipc_port *port, unsigned int d)
{
	switch (d) {
	case MACH_MSG_TYPE_COPY_SEND:
		ipc_port_copy_send(port);
		break;
	case MACH_MSG_TYPE_MAKE_SEND:
		ipc_port_make_send(port);
		break;
	case MACH_MSG_TYPE_MAKE_SEND_ONCE:
		ipc_port_make_sonce(port);
		break;
	default:
		break;		/* MOVE_SEND, MOVE_SEND_ONCE */
	}
	return ipc_right_transit_kind(d);
}

/*
 * walk_body: visit every item of a client-form body of size bytes.  With
 * take false, only check it: inline items that fit, port items with a
 * disposition port_disposition accepts and 64-bit slots.  With take true
 * (after a successful check), turn each port slot into a transit right.
 * Returns MACH_MSG_SUCCESS, MACH_SEND_MSG_TOO_SMALL or
 * MACH_SEND_INVALID_TYPE; *complex says whether rights were met.
 */
static mach_msg_return_t walk_body(uint8_t *body, size_t size, bool take,
				   bool *complex)
{
	size_t off = 0;

	*complex = false;
	while (off < size) {
		mach_msg_type_t t;
		uint64_t bytes;

		if (size - off < sizeof(t))
			return MACH_SEND_MSG_TOO_SMALL;
		memcpy(&t, body + off, sizeof(t));
		if (!t.msgt_inline)
			return MACH_SEND_INVALID_TYPE;
		bytes = ((uint64_t)t.msgt_number * t.msgt_size + 7) / 8;
		if (ROUND_UP(bytes, 8) > size - off - sizeof(t))
			return MACH_SEND_MSG_TOO_SMALL;
		if (t.msgt_name >= MACH_MSG_TYPE_MOVE_RECEIVE &&
		    t.msgt_name <= MACH_MSG_TYPE_MAKE_SEND_ONCE) {
			if (!port_disposition(t.msgt_name) || t.msgt_size != 64)
				return MACH_SEND_INVALID_TYPE;
			*complex = true;
		}
		if (take && port_disposition(t.msgt_name)) {
			mach_msg_type_t *tp = (mach_msg_type_t *)(void *)(body + off);
			uint8_t *slot = body + off + sizeof(t);

			for (uint32_t i = 0; i < t.msgt_number; i++, slot += 8) {
				struct ipc_port *p;

				memcpy(&p, slot, sizeof(p));
				if (p)
					take_right(p, t.msgt_name);
			}
			tp->msgt_name = ipc_right_transit_kind(t.msgt_name);
		}
		off += sizeof(t) + ROUND_UP(bytes, 8);
	}
	return MACH_MSG_SUCCESS;
}

/*
 * kmsg_from_kernel: a kmsg in transit form for the client-form message
 * msg (send_size bytes), its reply right (if reply) a new send-once right
 * to reply.  Returns MACH_MSG_SUCCESS and *kp, or an error with nothing
 * taken: MACH_SEND_MSG_TOO_SMALL, MACH_SEND_NO_BUFFER,
 * MACH_SEND_INVALID_DEST (no destination or an unusable disposition),
 * MACH_SEND_INVALID_TYPE.  Conditions: nothing locked.
 */
static mach_msg_return_t kmsg_from_kernel(const mach_msg_header_t *msg,
					  mach_msg_size_t send_size,
					  struct ipc_port *reply,
					  struct ipc_kmsg **kp)
{
	unsigned int dd = MACH_MSGH_BITS_REMOTE(msg->msgh_bits);
	struct ipc_port *dest = msg->msgh_remote_kport;
	struct ipc_kmsg *k;
	mach_msg_return_t mr;
	unsigned int dkind;
	bool complex;

	if (send_size < sizeof(mach_msg_header_t) || (send_size & 7))
		return MACH_SEND_MSG_TOO_SMALL;
	if (!dest || !port_disposition(dd))
		return MACH_SEND_INVALID_DEST;
	k = ipc_kmsg_alloc(send_size);
	if (!k)
		return MACH_SEND_NO_BUFFER;
	memcpy(&k->header, msg, send_size);
	mr = walk_body(ipc_kmsg_body(k), send_size - sizeof(mach_msg_header_t),
		       false, &complex);
	if (mr != MACH_MSG_SUCCESS) {
		ipc_kmsg_free(k);
		return mr;
	}
	walk_body(ipc_kmsg_body(k), send_size - sizeof(mach_msg_header_t),
		  true, &complex);
	dkind = take_right(dest, dd);
	k->header.msgh_remote_kport = dest;
	k->header.msgh_local_kport = NULL;
	k->header.msgh_bits = MACH_MSGH_BITS(dkind, 0) |
			      (complex ? MACH_MSGH_BITS_COMPLEX : 0);
	if (reply) {
		ipc_port_make_sonce(reply);
		k->header.msgh_local_kport = reply;
		k->header.msgh_bits |= MACH_MSGH_BITS(0, IPC_RIGHT_SEND_ONCE);
	}
	*kp = k;
	return MACH_MSG_SUCCESS;
}

mach_msg_return_t mach_msg_send_from_kernel(mach_msg_header_t *msg,
					    mach_msg_size_t send_size)
{
	struct ipc_kmsg *k;
	mach_msg_return_t mr = kmsg_from_kernel(msg, send_size, NULL, &k);

	if (mr != MACH_MSG_SUCCESS)
		return mr;
	return ipc_mqueue_send(k, MACH_SEND_ALWAYS, 0, NULL);
}

/*
 * reply_to_kernel: hand the reply k (dequeued from the call's reply port)
 * to the stub in msg (rcv_size bytes): its header rights are released
 * (the destination is the call's own send-once right), the header's port
 * fields cleared, header and body copied.  A reply with rights or memory
 * in its body, or too large, is destroyed instead.  Consumes k.
 */
static mach_msg_return_t reply_to_kernel(struct ipc_kmsg *k,
					 mach_msg_header_t *msg,
					 mach_msg_size_t rcv_size)
{
	unsigned int bits = k->header.msgh_bits;

	if ((bits & MACH_MSGH_BITS_COMPLEX) || k->size > rcv_size) {
		ipc_kmsg_destroy(k);
		return (bits & MACH_MSGH_BITS_COMPLEX) ? MACH_RCV_INVALID_DATA
						       : MACH_RCV_TOO_LARGE;
	}
	/* The destination right was used by the reply itself: it goes
	 * without a send-once notification. */
	if (ipc_kmsg_dest(k) && MACH_MSGH_BITS_REMOTE(bits) == IPC_RIGHT_SEND_ONCE)
		ipc_port_release_sonce(ipc_kmsg_dest(k));
	else if (ipc_kmsg_dest(k))
		ipc_right_release(&ipc_kmsg_dest(k)->obj, MACH_MSGH_BITS_REMOTE(bits));
	if (ipc_kmsg_reply(k))
		ipc_right_release(&ipc_kmsg_reply(k)->obj, MACH_MSGH_BITS_LOCAL(bits));
	if (k->notify)
		ipc_right_release(&k->notify->obj, IPC_RIGHT_SEND_ONCE);
	k->notify = NULL;
	k->header.msgh_remote_kport = NULL;
	k->header.msgh_local_kport = NULL;
	k->header.msgh_bits = 0;
	k->header.msgh_size = k->size;
	memcpy(msg, &k->header, k->size);
	ipc_kmsg_free(k);
	return MACH_MSG_SUCCESS;
}

/*
 * mach_msg_rpc_from_kernel: send msg (client form, send_size bytes) with
 * a send-once reply right to a port made for the call, then wait,
 * interruptibly, for the reply and copy it into msg (rcv_size bytes).
 * Returns MACH_MSG_SUCCESS (msg holds the reply: a send-once
 * notification if the request or its reply right was destroyed
 * unanswered, MACH_NOTIFY_SEND_ONCE, which the stub turns into
 * MIG_SERVER_DIED), an error of kmsg_from_kernel, MACH_RCV_INTERRUPTED
 * (thread_abort or termination: the call is abandoned and a late reply is
 * destroyed with the port), MACH_RCV_INVALID_DATA or MACH_RCV_TOO_LARGE
 * (the reply was unusable and is destroyed), MACH_SEND_NO_BUFFER on
 * exhaustion.  Conditions: a thread context, nothing locked; blocks.
 */
mach_msg_return_t mach_msg_rpc_from_kernel(mach_msg_header_t *msg,
					   mach_msg_size_t send_size,
					   mach_msg_size_t rcv_size)
{
	struct ipc_port *reply = ipc_port_alloc();
	struct ipc_kmsg *k = NULL;
	mach_msg_return_t mr;

	if (!reply)
		return MACH_SEND_NO_BUFFER;
	mr = kmsg_from_kernel(msg, send_size, reply, &k);
	if (mr == MACH_MSG_SUCCESS)
		mr = ipc_mqueue_send(k, MACH_SEND_ALWAYS, 0, NULL);
	k = NULL;
	if (mr == MACH_MSG_SUCCESS)
		mr = ipc_mqueue_receive_port(reply, &k);
	/* The port dies with whatever else reached it; the reply right, if
	 * still out there, becomes a dead right. */
	simple_lock(&reply->obj.lock);
	ipc_port_destroy(reply);
	if (mr != MACH_MSG_SUCCESS) {
		if (k)
			ipc_kmsg_destroy(k);
		return mr;
	}
	return reply_to_kernel(k, msg, rcv_size);
}
