/*
 * ipc/ipc_kmsg.c - kernel messages: allocation (with a one-slot cache of
 * small kmsgs), copying the header's rights in from a sender and out to a
 * receiver, pseudo-receive, and destruction.  The typed body of a complex
 * message (items, port rights inline and in out-of-line arrays,
 * out-of-line memory) is ipc_kmsg_body.c's.
 */
#include <ipc/ipc_kmsg.h>
#include <ipc/ipc_kmsg_body.h>
#include <ipc/ipc_notify.h>
#include <vm/vm_kern.h>

unsigned long ipc_kmsgs_alive;	/* ipc_kmsg.h */

/*
 * Small messages are allocated with room for IKM_SMALL bytes, and one
 * freed small kmsg is kept for the next message (the common RPC sends and
 * frees one message at a time): a slot swapped atomically, so it needs no
 * lock.
 */
static struct ipc_kmsg *kmsg_cache;

static size_t kmsg_bytes(mach_msg_size_t alloc_size)
{
	return sizeof(struct ipc_kmsg) - sizeof(mach_msg_header_t) + alloc_size;
}

struct ipc_kmsg *ipc_kmsg_alloc(mach_msg_size_t size)
{
	mach_msg_size_t alloc_size;
	struct ipc_kmsg *k;

	if (size < sizeof(mach_msg_header_t) || size > IPC_KMSG_MAX_SIZE)
		return NULL;
	alloc_size = size <= IKM_SMALL ? IKM_SMALL : size;
	k = alloc_size == IKM_SMALL ?
	    __atomic_exchange_n(&kmsg_cache, NULL, __ATOMIC_ACQUIRE) : NULL;
	if (!k)
		k = kalloc(kmsg_bytes(alloc_size));
	if (!k)
		return NULL;
	list_init(&k->link);
	k->size = size;
	k->alloc_size = alloc_size;
	k->notify = NULL;
	k->notify_space = NULL;
	__atomic_add_fetch(&ipc_kmsgs_alive, 1, __ATOMIC_RELAXED);
	return k;
}

void ipc_kmsg_free(struct ipc_kmsg *k)
{
	__atomic_sub_fetch(&ipc_kmsgs_alive, 1, __ATOMIC_RELAXED);
	if (k->alloc_size == IKM_SMALL)
		k = __atomic_exchange_n(&kmsg_cache, k, __ATOMIC_ACQ_REL);
	if (k)
		kfree(k, kmsg_bytes(k->alloc_size));
}

void ipc_kmsg_cache_drain(void)
{
	struct ipc_kmsg *k = __atomic_exchange_n(&kmsg_cache, NULL,
						 __ATOMIC_ACQUIRE);

	if (k)
		kfree(k, kmsg_bytes(k->alloc_size));
}

unsigned long ipc_kmsg_count(void)
{
	return __atomic_load_n(&ipc_kmsgs_alive, __ATOMIC_RELAXED);
}

/* ---- Destroying ---------------------------------------------------------- */

void ipc_kmsg_destroy(struct ipc_kmsg *k)
{
	unsigned int bits = k->header.msgh_bits;

	if (ipc_kmsg_dest(k))
		ipc_right_release(&ipc_kmsg_dest(k)->obj,
				  MACH_MSGH_BITS_REMOTE(bits));
	if (ipc_kmsg_reply(k))
		ipc_right_release(&ipc_kmsg_reply(k)->obj,
				  MACH_MSGH_BITS_LOCAL(bits));
	if (bits & MACH_MSGH_BITS_COMPLEX)
		ipc_kmsg_clean_body(k);
	/* A forced message (MACH_SEND_NOTIFY) destroyed before it was
	 * accepted: its msg-accepted right yields a send-once notification
	 * instead (seed, Port Rights: the obscure cases). */
	if (k->notify)
		ipc_right_release(&k->notify->obj, IPC_RIGHT_SEND_ONCE);
	if (k->notify_space)
		ipc_space_release(k->notify_space);
	ipc_kmsg_free(k);
}

/* ---- Copyin -------------------------------------------------------------- */

static bool is_send_disposition(unsigned int d)
{
	return d == MACH_MSG_TYPE_MOVE_SEND || d == MACH_MSG_TYPE_COPY_SEND ||
	       d == MACH_MSG_TYPE_MAKE_SEND || d == MACH_MSG_TYPE_MOVE_SEND_ONCE ||
	       d == MACH_MSG_TYPE_MAKE_SEND_ONCE;
}

/*
 * copyin_header: the destination and reply rights.  On any error nothing
 * of the sender's changed.
 */
static inline __attribute__((always_inline)) mach_msg_return_t
copyin_header(struct ipc_kmsg *k, struct ipc_space *space,
	      struct ipc_port *cancel)
{
	mach_msg_header_t *h = &k->header;
	unsigned int rd = MACH_MSGH_BITS_REMOTE(h->msgh_bits);
	unsigned int ld = MACH_MSGH_BITS_LOCAL(h->msgh_bits);
	mach_port_name_t dn = h->msgh_remote_port, rn = h->msgh_local_port;
	struct ipc_object *dest = NULL, *reply = NULL;
	unsigned int dkind = 0, rkind = 0;
	uint32_t type;

	if (h->msgh_bits & (MACH_MSGH_BITS_UNUSED | MACH_MSGH_BITS_CIRCULAR |
			    MACH_MSGH_BITS_COMPLEX_PORTS |
			    MACH_MSGH_BITS_COMPLEX_DATA | MACH_MSGH_BITS_MIGRATED))
		return MACH_SEND_INVALID_HEADER;
	if (!is_send_disposition(rd))
		return MACH_SEND_INVALID_HEADER;
	if (rn != MACH_PORT_NULL && !is_send_disposition(ld))
		return MACH_SEND_INVALID_HEADER;
	/* A dead or unknown destination is refused before anything moves:
	 * moving from a dead name would cost it a reference, so those two
	 * dispositions look first; the others change nothing on failure. */
	if (dn == MACH_PORT_NULL || dn == MACH_PORT_DEAD)
		return MACH_SEND_INVALID_DEST;
	if ((rd == MACH_MSG_TYPE_MOVE_SEND || rd == MACH_MSG_TYPE_MOVE_SEND_ONCE) &&
	    (ipc_right_type(space, dn, &type) != KERN_SUCCESS ||
	     (type & IE_DEAD_NAME)))
		return MACH_SEND_INVALID_DEST;
	if ((cancel ? ipc_right_copyin_cancel(space, dn, rd, &dest, &dkind, cancel)
		    : ipc_right_copyin(space, dn, rd, &dest, &dkind)) != KERN_SUCCESS)
		return MACH_SEND_INVALID_DEST;
	if (dest == IPC_OBJECT_DEAD)		/* COPY_SEND of a dead name */
		return MACH_SEND_INVALID_DEST;
	if (rn == MACH_PORT_DEAD) {
		reply = IPC_OBJECT_DEAD;
		rkind = ipc_right_transit_kind(ld);
	} else if (rn != MACH_PORT_NULL &&
		   ipc_right_copyin(space, rn, ld, &reply, &rkind) != KERN_SUCCESS) {
		/* Undo the destination: a moved right goes back under its
		 * name; a made or copied one is released. */
		if ((rd != MACH_MSG_TYPE_MOVE_SEND &&
		     rd != MACH_MSG_TYPE_MOVE_SEND_ONCE) ||
		    ipc_right_copyout_name(space, dest, dkind, dn) != KERN_SUCCESS)
			ipc_right_release(dest, dkind);
		return MACH_SEND_INVALID_REPLY;
	}
	h->msgh_remote_kport = dest;
	h->msgh_local_kport = reply;	/* may be IPC_OBJECT_DEAD */
	h->msgh_bits = (h->msgh_bits & MACH_MSGH_BITS_COMPLEX) |
		       MACH_MSGH_BITS(dkind, reply ? rkind : 0);
	return MACH_MSG_SUCCESS;
}

/*
 * kmsg_copyin: ipc_kmsg_copyin and ipc_kmsg_copyin_cancel (cancel NULL:
 * nothing cancelled), inlined into both.
 */
static inline __attribute__((always_inline)) mach_msg_return_t
kmsg_copyin(struct ipc_kmsg *k, struct ipc_space *space,
	    struct ipc_port *cancel)
{
	mach_msg_return_t mr;

	if (k->size < sizeof(mach_msg_header_t) || (k->size & 7)) {
		k->header.msgh_remote_kport = NULL;
		k->header.msgh_local_kport = NULL;
		k->header.msgh_bits = 0;
		return MACH_SEND_MSG_TOO_SMALL;
	}
	k->header.msgh_size = k->size;
	mr = copyin_header(k, space, cancel);
	if (mr != MACH_MSG_SUCCESS) {
		/* The slots still hold user names: make the kmsg inert so
		 * that destroying it releases nothing. */
		k->header.msgh_remote_kport = NULL;
		k->header.msgh_local_kport = NULL;
		k->header.msgh_bits = 0;
		return mr;
	}
	if (!(k->header.msgh_bits & MACH_MSGH_BITS_COMPLEX))
		return MACH_MSG_SUCCESS;
	mr = ipc_kmsg_copyin_body(k, space);
	if (mr != MACH_MSG_SUCCESS) {
		/* Body errors destroy the header rights too (CMU, GNU Mach). */
		if (ipc_kmsg_dest(k))
			ipc_right_release(&ipc_kmsg_dest(k)->obj,
					  MACH_MSGH_BITS_REMOTE(k->header.msgh_bits));
		if (ipc_kmsg_reply(k))
			ipc_right_release(&ipc_kmsg_reply(k)->obj,
					  MACH_MSGH_BITS_LOCAL(k->header.msgh_bits));
		k->header.msgh_remote_kport = NULL;
		k->header.msgh_local_kport = NULL;
		/* What the body held was released or is still user data. */
		k->header.msgh_bits = 0;
	}
	return mr;
}

mach_msg_return_t ipc_kmsg_copyin(struct ipc_kmsg *k, struct ipc_space *space)
{
	return kmsg_copyin(k, space, NULL);
}

mach_msg_return_t ipc_kmsg_copyin_cancel(struct ipc_kmsg *k,
					 struct ipc_space *space,
					 struct ipc_port *cancel)
{
	return kmsg_copyin(k, space, cancel);
}

/* ---- Copyout ------------------------------------------------------------- */

/*
 * kmsg_copyout: ipc_kmsg_copyout and ipc_kmsg_copyout_notify (notify
 * MACH_PORT_NULL: no dead-name request), inlined into both.
 */
static inline __attribute__((always_inline)) mach_msg_return_t
kmsg_copyout(struct ipc_kmsg *k, struct ipc_space *space,
	     mach_port_name_t dest_name, mach_port_name_t notify)
{
	mach_msg_header_t *h = &k->header;
	unsigned int bits = h->msgh_bits;
	struct ipc_port *reply = ipc_kmsg_reply(k);
	mach_port_name_t reply_name = MACH_PORT_NULL;
	mach_msg_return_t mr = MACH_MSG_SUCCESS;
	bool no_request = false;
	kern_return_t kr;

	/* The destination right is consumed by delivery. */
	if (ipc_kmsg_dest(k)) {
		if (MACH_MSGH_BITS_REMOTE(bits) == IPC_RIGHT_SEND_ONCE)
			ipc_port_release_sonce(ipc_kmsg_dest(k));
		else
			ipc_port_release_send(ipc_kmsg_dest(k));
	}
	if (reply) {
		if (notify == MACH_PORT_NULL)
			kr = ipc_right_copyout(space, &reply->obj,
					       MACH_MSGH_BITS_LOCAL(bits),
					       &reply_name);
		else
			kr = ipc_right_copyout_dnrequest(space, &reply->obj,
						MACH_MSGH_BITS_LOCAL(bits),
						notify, &reply_name,
						&no_request);
		if (kr != KERN_SUCCESS)
			mr |= MACH_MSG_IPC_SPACE;
		if (no_request)
			mr |= MACH_MSG_IPC_KERNEL;
	}
	h->msgh_remote_port = reply_name;
	h->msgh_local_port = dest_name;
	h->msgh_bits = (bits & MACH_MSGH_BITS_COMPLEX) |
		       MACH_MSGH_BITS(reply ? MACH_MSGH_BITS_LOCAL(bits) : 0,
				      MACH_MSGH_BITS_REMOTE(bits));
	if (bits & MACH_MSGH_BITS_COMPLEX) {
		mach_msg_return_t body = ipc_kmsg_copyout_body(k, space);

		/* What was lost is destroyed; say where (as Mach does). */
		if (body != MACH_MSG_SUCCESS)
			mr |= MACH_RCV_BODY_ERROR | body;
	}
	return mr;
}

mach_msg_return_t ipc_kmsg_copyout(struct ipc_kmsg *k, struct ipc_space *space,
				   mach_port_name_t dest_name)
{
	return kmsg_copyout(k, space, dest_name, MACH_PORT_NULL);
}

mach_msg_return_t ipc_kmsg_copyout_notify(struct ipc_kmsg *k,
					  struct ipc_space *space,
					  mach_port_name_t dest_name,
					  mach_port_name_t notify)
{
	return kmsg_copyout(k, space, dest_name, notify);
}

mach_msg_return_t ipc_kmsg_copyout_pseudo(struct ipc_kmsg *k,
					  struct ipc_space *space)
{
	mach_msg_header_t *h = &k->header;
	unsigned int bits = h->msgh_bits;
	mach_port_name_t dn = MACH_PORT_NULL, rn = MACH_PORT_NULL;
	mach_msg_return_t mr = MACH_MSG_SUCCESS;

	if (ipc_kmsg_dest(k) &&
	    ipc_right_copyout(space, &ipc_kmsg_dest(k)->obj,
			      MACH_MSGH_BITS_REMOTE(bits), &dn) != KERN_SUCCESS)
		mr |= MACH_MSG_IPC_SPACE;
	if (ipc_kmsg_reply(k) &&
	    ipc_right_copyout(space, &ipc_kmsg_reply(k)->obj,
			      MACH_MSGH_BITS_LOCAL(bits), &rn) != KERN_SUCCESS)
		mr |= MACH_MSG_IPC_SPACE;
	h->msgh_remote_port = dn;
	h->msgh_local_port = rn;
	h->msgh_bits = (bits & MACH_MSGH_BITS_COMPLEX) |
		       MACH_MSGH_BITS(MACH_MSGH_BITS_REMOTE(bits),
				      MACH_MSGH_BITS_LOCAL(bits));
	if (bits & MACH_MSGH_BITS_COMPLEX)
		mr |= ipc_kmsg_copyout_body(k, space);
	if (k->notify) {
		ipc_right_release(&k->notify->obj, IPC_RIGHT_SEND_ONCE);
		k->notify = NULL;
	}
	return mr;
}
