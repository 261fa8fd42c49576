/*
 * ipc/ipc_kmsg.c - copying messages in from a sender and out to a
 * receiver: header rights, typed body items, port rights inline and in
 * out-of-line arrays, out-of-line memory.
 *
 * An out-of-line array of port rights is, in the user's message, the
 * address of an array of 32-bit names (msgt_size 32); in kernel form the
 * slot holds a kalloc'd array of msgt_number port pointers (NULL for a
 * null name, IPC_OBJECT_DEAD for a dead one, as inline rights), which is
 * what kernel server stubs hand to and take from their server functions.
 * An out-of-line data region's slot holds its copy (ipc_kmsg.h:
 * ipc_ool_copyin), which kernel server stubs hand over as it is.
 *
 * The body is walked by body_next(), which validates each item against
 * the message size before anything reads it: every later pass (copyout,
 * destroy, the clean-up of a failed copyin) walks only bodies that passed
 * that validation, so a malformed message can never make the kernel read
 * outside the kmsg.
 */
#include <kern/panic.h>
#include <kern/string.h>
#include <ipc/ipc_kmsg.h>
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

/* ---- Body items -------------------------------------------------------- */

struct item {
	mach_msg_type_t *type;
	unsigned int name;
	uint64_t number;
	uint64_t bits;			/* per element */
	bool is_inline, dealloc;
	uint8_t *data;			/* inline data, or the OOL pointer slot */
	uint64_t bytes;			/* payload bytes (inline or OOL) */
};

#define ITEM_END	1
#define ITEM_TOO_SMALL	(-1)
#define ITEM_BAD_TYPE	(-2)

static bool is_port_right(unsigned int name)
{
	return name >= MACH_MSG_TYPE_MOVE_RECEIVE &&
	       name <= MACH_MSG_TYPE_MAKE_SEND_ONCE;
}

static bool valid_data_name(unsigned int name)
{
	switch (name) {
	case MACH_MSG_TYPE_BOOLEAN:
	case MACH_MSG_TYPE_INTEGER_16:
	case MACH_MSG_TYPE_INTEGER_32:
	case MACH_MSG_TYPE_CHAR:
	case MACH_MSG_TYPE_INTEGER_8:
	case MACH_MSG_TYPE_REAL:
	case MACH_MSG_TYPE_INTEGER_64:
	case MACH_MSG_TYPE_STRING:
	case MACH_MSG_TYPE_PORT_NAME:
		return true;
	default:
		return false;
	}
}

/*
 * body_next: decode and validate the item at *off of a body of `size`
 * bytes.  Returns 0 (item filled, *off advanced), ITEM_END, ITEM_TOO_SMALL
 * (the item runs past the message) or ITEM_BAD_TYPE.
 */
static int body_next(uint8_t *body, size_t size, size_t *off, struct item *it)
{
	size_t o = *off;
	mach_msg_type_t *t;
	uint64_t slot;

	if (o == size)
		return ITEM_END;
	if (size - o < sizeof(mach_msg_type_t))
		return ITEM_TOO_SMALL;
	t = (mach_msg_type_t *)(void *)(body + o);
	it->type = t;
	it->name = t->msgt_name;
	it->bits = t->msgt_size;
	it->number = t->msgt_number;
	it->is_inline = t->msgt_inline;
	it->dealloc = t->msgt_deallocate;
	if (t->msgt_unused)
		return ITEM_BAD_TYPE;
	if (is_port_right(it->name)) {
		/* Inline: pointer-sized slots; out of line: 32-bit names. */
		if (it->bits != (it->is_inline ? 8 * sizeof(void *) : 32))
			return ITEM_BAD_TYPE;
	} else if (!valid_data_name(it->name)) {
		return ITEM_BAD_TYPE;
	}
	if (it->name == MACH_MSG_TYPE_PORT_NAME && it->bits != 32 &&
	    it->bits != 64)
		return ITEM_BAD_TYPE;
	it->bytes = (it->number * it->bits + 7) / 8;	/* < 2^48: no overflow */
	o += sizeof(mach_msg_type_t);
	it->data = body + o;
	slot = it->is_inline ? ROUND_UP(it->bytes, 8) : 8;
	if (slot > size - o)
		return ITEM_TOO_SMALL;
	if (!it->is_inline && it->bytes > IPC_OOL_MAX_SIZE)
		return ITEM_BAD_TYPE;
	*off = o + slot;
	return 0;
}

/* An out-of-line array of port rights? */
static bool is_ool_ports(const struct item *it)
{
	return is_port_right(it->name) && !it->is_inline;
}

/* Bytes of the kernel-form pointer array of an out-of-line port array. */
static size_t ool_ports_size(const struct item *it)
{
	return (size_t)it->number * sizeof(struct ipc_object *);
}

static uint8_t *slot_at(const struct item *it, uint64_t i)
{
	return it->data + i * sizeof(void *);
}

static void *get_ptr(const uint8_t *p)
{
	void *v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static void put_ptr(uint8_t *p, const void *v)
{
	memcpy(p, &v, sizeof(v));
}

/* A name in a pointer-sized slot: the low 32 bits. */
static mach_port_name_t get_name(const uint8_t *p)
{
	uint32_t n;

	memcpy(&n, p, sizeof(n));
	return n;
}

static void put_name(uint8_t *p, mach_port_name_t n)
{
	uint64_t v = n;

	memcpy(p, &v, sizeof(v));
}

/* ---- Destroying ---------------------------------------------------------- */

/*
 * release_ool_ports: destroy the rights of a kernel-form out-of-line port
 * array and free the array; the slot is left NULL.
 */
static void release_ool_ports(struct item *it)
{
	struct ipc_object **objs = get_ptr(it->data);
	unsigned int kind = ipc_right_transit_kind(it->name);

	if (!objs)
		return;
	for (uint64_t i = 0; i < it->number; i++)
		ipc_right_release(objs[i], kind);	/* NULL, DEAD: nothing */
	kfree(objs, ool_ports_size(it));
	put_ptr(it->data, NULL);
}

/*
 * clean_body: release the rights and regions of a kernel-form body, up
 * to (not including) item stop_off element stop_elem; (size, 0) cleans
 * everything.
 */
static void clean_body(uint8_t *body, size_t size, size_t stop_off,
		       uint64_t stop_elem)
{
	size_t off = 0;
	struct item it;

	while (off < stop_off || (off == stop_off && stop_elem)) {
		size_t here = off;

		if (body_next(body, size, &off, &it) != 0)
			break;
		if (is_ool_ports(&it)) {
			/* A failed copyin cleans its own array (copyin_ool_ports). */
			if (here != stop_off)
				release_ool_ports(&it);
		} else if (is_port_right(it.name)) {
			uint64_t n = here == stop_off ? stop_elem : it.number;

			for (uint64_t i = 0; i < n; i++) {
				struct ipc_object *o = get_ptr(slot_at(&it, i));

				/* Names not yet rewritten (a partial copyin)
				 * are dispositions: map them to kinds. */
				if (o)
					ipc_right_release(o,
						ipc_right_transit_kind(it.name));
			}
		} else if (!it.is_inline && !(here == stop_off)) {
			ipc_ool_discard(get_ptr(it.data));
			put_ptr(it.data, NULL);
		}
		if (here == stop_off)
			break;
	}
}

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
		clean_body(ipc_kmsg_body(k), k->size - sizeof(mach_msg_header_t),
			   k->size - sizeof(mach_msg_header_t), 0);
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
 * receive_in_transit: the receive right o (NULL or dead: nothing) now
 * travels in k: record its destination, and flag k circular when the
 * right would end up queued behind itself (ipc_port_circular).
 * Conditions: no lock held.
 */
static void receive_in_transit(struct ipc_kmsg *k, struct ipc_object *o)
{
	struct ipc_port *rp;

	if (!o || o == IPC_OBJECT_DEAD)
		return;
	rp = ipc_port_of(o);
	if (ipc_port_circular(rp, ipc_kmsg_dest(k)))
		k->header.msgh_bits |= MACH_MSGH_BITS_CIRCULAR;
	simple_lock(&rp->obj.lock);
	rp->transit_dest = ipc_kmsg_dest(k);
	simple_unlock(&rp->obj.lock);
}

/*
 * copyin_ool: take one out-of-line region in; the slot gets its copy
 * (ipc_ool_copyin: a virtual copy, or the region itself when sent with
 * the deallocate flag), NULL on failure or for an empty region.
 */
static mach_msg_return_t copyin_ool(struct item *it, struct ipc_space *space)
{
	const void *user = get_ptr(it->data);
	void *copy = NULL;
	mach_msg_return_t mr = MACH_MSG_SUCCESS;

	if (it->bytes != 0)
		mr = ipc_ool_copyin(space, user, it->bytes, it->dealloc, &copy);
	put_ptr(it->data, mr == MACH_MSG_SUCCESS ? copy : NULL);
	return mr;
}

/*
 * copyin_ool_ports: copy in the array of names at the user address in the
 * slot and take the right `it->name` asks for from each; the slot gets the
 * kernel-form pointer array.  On failure the rights taken so far are
 * released, nothing is left in the slot, and the error is
 * MACH_SEND_NO_BUFFER, MACH_SEND_INVALID_MEMORY or MACH_SEND_INVALID_RIGHT.
 */
static mach_msg_return_t copyin_ool_ports(struct ipc_kmsg *k, struct item *it,
					  struct ipc_space *space)
{
	const void *user = get_ptr(it->data);
	size_t nbytes = (size_t)it->number * sizeof(mach_port_name_t);
	unsigned int kind = ipc_right_transit_kind(it->name);
	mach_msg_return_t mr = MACH_MSG_SUCCESS;
	mach_port_name_t *names;
	struct ipc_object **objs;
	uint64_t i;

	put_ptr(it->data, NULL);
	if (it->number == 0)
		return MACH_MSG_SUCCESS;
	names = kalloc(nbytes);
	objs = kalloc(ool_ports_size(it));
	if (!names || !objs) {
		mr = MACH_SEND_NO_BUFFER;
		goto out;
	}
	if (ipc_copyin_user(user, names, nbytes) != 0) {
		mr = MACH_SEND_INVALID_MEMORY;
		goto out;
	}
	for (i = 0; i < it->number; i++) {
		struct ipc_object *o = NULL;
		unsigned int got;

		if (names[i] == MACH_PORT_DEAD) {
			o = IPC_OBJECT_DEAD;
		} else if (names[i] != MACH_PORT_NULL &&
			   ipc_right_copyin(space, names[i], it->name, &o,
					    &got) != KERN_SUCCESS) {
			while (i-- > 0)
				ipc_right_release(objs[i], kind);
			mr = MACH_SEND_INVALID_RIGHT;
			goto out;
		}
		/* As inline: a dead right stays dead, and a receive right
		 * records where it travels (circular). */
		objs[i] = o;
		if (kind == IPC_RIGHT_RECEIVE)
			receive_in_transit(k, o);
	}
	put_ptr(it->data, objs);
	objs = NULL;
out:
	if (names)
		kfree(names, nbytes);
	if (objs)
		kfree(objs, ool_ports_size(it));
	return mr;
}

static mach_msg_return_t copyin_body(struct ipc_kmsg *k,
				     struct ipc_space *space)
{
	uint8_t *body = ipc_kmsg_body(k);
	size_t size = k->size - sizeof(mach_msg_header_t), off = 0;
	mach_msg_return_t mr = MACH_MSG_SUCCESS;
	struct item it;

	/* First pass: validate the whole body before taking anything. */
	for (;;) {
		int r = body_next(body, size, &off, &it);

		if (r == ITEM_END)
			break;
		if (r == ITEM_TOO_SMALL)
			return MACH_SEND_MSG_TOO_SMALL;
		if (r == ITEM_BAD_TYPE)
			return MACH_SEND_INVALID_TYPE;
	}
	/* Second pass: rights and memory. */
	for (off = 0;;) {
		size_t here = off;

		if (body_next(body, size, &off, &it) != 0)
			break;
		if (is_ool_ports(&it)) {
			mr = copyin_ool_ports(k, &it, space);
			if (mr != MACH_MSG_SUCCESS) {
				clean_body(body, size, here, 0);
				goto fail;
			}
			it.type->msgt_name = ipc_right_transit_kind(it.name);
		} else if (is_port_right(it.name)) {
			unsigned int kind = ipc_right_transit_kind(it.name);

			for (uint64_t i = 0; i < it.number; i++) {
				uint8_t *s = slot_at(&it, i);
				mach_port_name_t name = get_name(s);
				struct ipc_object *o = NULL;
				unsigned int got;

				if (name == MACH_PORT_DEAD) {
					o = IPC_OBJECT_DEAD;
				} else if (name != MACH_PORT_NULL &&
					   ipc_right_copyin(space, name, it.name,
							    &o, &got) != KERN_SUCCESS) {
					clean_body(body, size, here, i);
					put_name(s, 0);
					mr = MACH_SEND_INVALID_RIGHT;
					goto fail;
				}
				/* A dead right stays dead: the receiver
				 * sees MACH_PORT_DEAD. */
				put_ptr(s, o);
				if (kind == IPC_RIGHT_RECEIVE)
					receive_in_transit(k, o);
			}
			it.type->msgt_name = kind;
		} else if (!it.is_inline) {
			mr = copyin_ool(&it, space);
			if (mr != MACH_MSG_SUCCESS) {
				clean_body(body, size, here, 0);
				goto fail;
			}
		}
	}
	return MACH_MSG_SUCCESS;
fail:
	/* The rest of the body holds user values: make it inert. */
	k->header.msgh_bits &= ~MACH_MSGH_BITS_COMPLEX;
	return mr;
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
	mr = copyin_body(k, space);
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
 * copyout_ool_ports: give the rights of a kernel-form port array to space
 * and the array of their names to the receiver as out-of-line memory; the
 * slot gets its address (0 for an empty array).  A right that cannot be
 * given is destroyed (MACH_MSG_IPC_SPACE, its name null); if the names
 * cannot be given, the rights stay in space under names the receiver is
 * not told (MACH_MSG_VM_SPACE).
 */
static mach_msg_return_t copyout_ool_ports(struct item *it,
					   struct ipc_space *space)
{
	struct ipc_object **objs = get_ptr(it->data);
	size_t nbytes = (size_t)it->number * sizeof(mach_port_name_t);
	mach_msg_return_t mr = MACH_MSG_SUCCESS;
	mach_port_name_t *names;
	uintptr_t addr = 0;

	if (!objs)
		return MACH_MSG_SUCCESS;	/* empty: address 0 */
	names = kalloc(nbytes);
	if (!names) {
		release_ool_ports(it);
		return MACH_MSG_IPC_SPACE | MACH_MSG_VM_SPACE;
	}
	for (uint64_t i = 0; i < it->number; i++) {
		names[i] = MACH_PORT_NULL;
		if (objs[i] && ipc_right_copyout(space, objs[i], it->name,
						 &names[i]) != KERN_SUCCESS)
			mr |= MACH_MSG_IPC_SPACE;
	}
	addr = ipc_ool_copyout_data(space, names, nbytes);
	if (!addr)
		mr |= MACH_MSG_VM_SPACE;
	kfree(names, nbytes);
	kfree(objs, ool_ports_size(it));
	put_ptr(it->data, (void *)addr);
	return mr;
}

static mach_msg_return_t copyout_body(struct ipc_kmsg *k,
				      struct ipc_space *space)
{
	uint8_t *body = ipc_kmsg_body(k);
	size_t size = k->size - sizeof(mach_msg_header_t), off = 0;
	mach_msg_return_t mr = MACH_MSG_SUCCESS;
	struct item it;

	while (body_next(body, size, &off, &it) == 0) {
		if (is_ool_ports(&it)) {
			mr |= copyout_ool_ports(&it, space);
		} else if (is_port_right(it.name)) {
			for (uint64_t i = 0; i < it.number; i++) {
				uint8_t *s = slot_at(&it, i);
				struct ipc_object *o = get_ptr(s);
				mach_port_name_t name = MACH_PORT_NULL;

				if (o && ipc_right_copyout(space, o, it.name,
							   &name) != KERN_SUCCESS)
					mr |= MACH_MSG_IPC_SPACE;
				put_name(s, name);
			}
		} else if (!it.is_inline) {
			void *copy = get_ptr(it.data);
			uintptr_t addr = 0;

			if (copy) {
				addr = ipc_ool_copyout(space, copy, it.bytes);
				if (!addr)
					mr |= MACH_MSG_VM_SPACE;
			}
			put_ptr(it.data, (void *)addr);
		}
	}
	return mr;
}

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
		mach_msg_return_t body = copyout_body(k, space);

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
		mr |= copyout_body(k, space);
	if (k->notify) {
		ipc_right_release(&k->notify->obj, IPC_RIGHT_SEND_ONCE);
		k->notify = NULL;
	}
	return mr;
}
