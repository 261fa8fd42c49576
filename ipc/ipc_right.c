/*
 * ipc/ipc_right.c - port rights in name spaces: copyin, copyout, user
 * references, deallocation and destruction.
 *
 * Accounting invariants (each port's counts under its lock):
 *  - an entry holding SEND and/or RECEIVE for a port holds exactly one
 *    reference on it, and counts once in srights if it has SEND, however
 *    many user references it has;
 *  - an entry holding SEND_ONCE holds one reference and counts once in
 *    sorights; a port set name holds one reference on the set;
 *  - a transit right holds one reference and one srights/sorights count
 *    (receive: the port's receive reference).
 * Lock order: space, then port (then the notify port, only after both are
 * dropped).
 */
#include <kern/panic.h>
#include <kern/string.h>
#include <ipc/ipc_notify.h>
#include <ipc/ipc_right.h>
#include <mach/kern_return.h>
#include <vm/vm_kern.h>

unsigned int ipc_right_transit_kind(unsigned int disposition)
{
	switch (disposition) {
	case IPC_MSG_TYPE_MOVE_RECEIVE:
		return IPC_RIGHT_RECEIVE;
	case IPC_MSG_TYPE_MOVE_SEND:
	case IPC_MSG_TYPE_COPY_SEND:
	case IPC_MSG_TYPE_MAKE_SEND:
		return IPC_RIGHT_SEND;
	case IPC_MSG_TYPE_MOVE_SEND_ONCE:
	case IPC_MSG_TYPE_MAKE_SEND_ONCE:
		return IPC_RIGHT_SEND_ONCE;
	default:
		return 0;
	}
}

static struct ipc_port *entry_port(const struct ipc_entry *e)
{
	return ipc_port_of(e->object);
}

/*
 * entry_drop_request: a name is going away (or becoming dead): withdraw
 * its dead-name request, if any, and return the notify right so that the
 * caller can send the port-deleted notification after unlocking.
 * Conditions: space locked.
 */
static struct ipc_port *entry_drop_request(struct ipc_space *space,
					   struct ipc_entry *e,
					   mach_port_name_t name)
{
	struct ipc_port *notify = NULL;

	if (!e->request)
		return NULL;
	e->request = 0;
	if (e->object && e->object->otype == IOT_PORT)
		notify = ipc_port_take_dnrequest(entry_port(e), space, name);
	return notify;
}

/*
 * ipc_right_check: if e names a send or send-once right of a port that
 * died, turn it into a dead name now, keeping its user references.
 * Returns the dead port's right to release (the caller releases it after
 * unlocking the space) or NULL.  Conditions: space locked.
 */
static void right_check(struct ipc_space *space, struct ipc_entry *e,
			mach_port_name_t name, struct ipc_object **release,
			unsigned int *release_kind)
{
	struct ipc_port *port;
	bool dead;

	*release = NULL;
	if (!(e->type & (IE_SEND | IE_SEND_ONCE)) || (e->type & IE_RECEIVE))
		return;
	port = entry_port(e);
	simple_lock(&port->obj.lock);
	dead = !port->obj.active;
	simple_unlock(&port->obj.lock);
	if (!dead)
		return;
	if (e->type & IE_SEND) {
		ipc_reverse_remove(space, e->object);
		*release_kind = IPC_RIGHT_SEND;
	} else {
		e->urefs = 1;
		*release_kind = IPC_RIGHT_SEND_ONCE;
	}
	*release = e->object;
	/* The dead-name request, if any, was answered when the port died;
	 * the notification carries this name, so the name gains a reference
	 * (seed: Port Name Space) and cannot be reused under the receiver. */
	if (e->request && e->urefs < IE_UREFS_MAX)
		e->urefs++;
	e->request = 0;
	e->type = IE_DEAD_NAME;
	e->object = NULL;
	(void)name;
}

/*
 * lookup_checked: the entry of name after the dead-port check, or NULL.
 * A dead port's right found on the way is released here, after which the
 * space is locked again.  Conditions: space locked on entry and exit.
 */
static struct ipc_entry *lookup_checked(struct ipc_space *space,
					mach_port_name_t name)
{
	struct ipc_entry *e = ipc_entry_lookup(space, name);
	struct ipc_object *rel;
	unsigned int kind;

	if (!e)
		return NULL;
	right_check(space, e, name, &rel, &kind);
	if (rel) {
		/* Releasing takes only the dead port's lock: safe here. */
		if (kind == IPC_RIGHT_SEND)
			ipc_port_release_send(ipc_port_of(rel));
		else
			ipc_port_release_sonce(ipc_port_of(rel));
	}
	return e;
}

/* Free entry e if it holds nothing any more.  Conditions: space locked. */
static struct ipc_port *entry_maybe_free(struct ipc_space *space,
					 struct ipc_entry *e,
					 mach_port_name_t name)
{
	struct ipc_port *notify = NULL;

	if (e->type == 0 || (e->type == IE_DEAD_NAME && e->urefs == 0) ||
	    ((e->type & ~IE_DEAD_NAME) == 0 && e->urefs == 0)) {
		notify = entry_drop_request(space, e, name);
		ipc_entry_free(space, name);
	}
	return notify;
}

/*
 * right_copyin: ipc_right_copyin and ipc_right_copyin_cancel (cancel
 * NULL: nothing is cancelled).  Inlined into both, so that the ordinary
 * copyin does not pay for the MACH_SEND_CANCEL test.  Conditions:
 * nothing locked.
 */
static inline __attribute__((always_inline)) kern_return_t
right_copyin(struct ipc_space *space, mach_port_name_t name,
	     unsigned int disposition, struct ipc_object **objp,
	     unsigned int *kindp, struct ipc_port *cancel)
{
	struct ipc_port *notify = NULL, *port;
	kern_return_t kr = KERN_SUCCESS;
	struct ipc_entry *e;

	simple_lock(&space->lock);
	if (!space->active) {
		kr = KERN_INVALID_TASK;
		goto out;
	}
	if (!ipc_right_transit_kind(disposition)) {
		kr = KERN_INVALID_VALUE;
		goto out;
	}
	e = lookup_checked(space, name);
	if (!e) {
		kr = KERN_INVALID_NAME;
		goto out;
	}
	port = entry_port(e);
	switch (disposition) {
	case IPC_MSG_TYPE_MOVE_RECEIVE:
		if (!(e->type & IE_RECEIVE)) {
			kr = KERN_INVALID_RIGHT;
			break;
		}
		simple_lock(&port->obj.lock);
		if (port->pset)
			ipc_pset_remove_locked(port);
		ipc_mqueue_changed_locked(port);
		port->receiver = NULL;
		port->receiver_name = 0;
		port->mscount = 0;
		port->seqno = 0;
		if (e->type & IE_SEND) {
			port->obj.references++;	/* the entry keeps its own */
			e->type &= ~IE_RECEIVE;
		} else {
			ipc_reverse_remove(space, e->object);
			e->type = 0;
		}
		simple_unlock(&port->obj.lock);
		*objp = &port->obj;
		*kindp = IPC_RIGHT_RECEIVE;
		if (e->type == 0) {
			notify = entry_drop_request(space, e, name);
			ipc_entry_free(space, name);
		}
		break;

	case IPC_MSG_TYPE_COPY_SEND:
	case IPC_MSG_TYPE_MOVE_SEND:
		if (e->type & IE_DEAD_NAME) {
			*objp = IPC_OBJECT_DEAD;
			*kindp = IPC_RIGHT_SEND;
			if (disposition == IPC_MSG_TYPE_MOVE_SEND) {
				e->urefs--;
				notify = entry_maybe_free(space, e, name);
			}
			break;
		}
		if (!(e->type & IE_SEND)) {
			kr = KERN_INVALID_RIGHT;
			break;
		}
		*objp = &port->obj;
		*kindp = IPC_RIGHT_SEND;
		simple_lock(&port->obj.lock);
		if (disposition == IPC_MSG_TYPE_MOVE_SEND && e->urefs == 1) {
			/* The entry's send right itself moves. */
			e->type &= ~IE_SEND;
			e->urefs = 0;
			if (e->type & IE_RECEIVE) {
				port->obj.references++;
			} else {
				ipc_reverse_remove(space, e->object);
				e->type = 0;
			}
		} else {
			if (disposition == IPC_MSG_TYPE_MOVE_SEND)
				e->urefs--;
			port->srights++;
			port->obj.references++;
		}
		simple_unlock(&port->obj.lock);
		if (e->type == 0) {
			notify = entry_drop_request(space, e, name);
			ipc_entry_free(space, name);
		}
		break;

	case IPC_MSG_TYPE_MAKE_SEND:
	case IPC_MSG_TYPE_MAKE_SEND_ONCE:
		if (!(e->type & IE_RECEIVE)) {
			kr = KERN_INVALID_RIGHT;
			break;
		}
		simple_lock(&port->obj.lock);
		if (disposition == IPC_MSG_TYPE_MAKE_SEND) {
			port->mscount++;
			port->srights++;
		} else {
			port->sorights++;
		}
		port->obj.references++;
		simple_unlock(&port->obj.lock);
		*objp = &port->obj;
		*kindp = ipc_right_transit_kind(disposition);
		break;

	case IPC_MSG_TYPE_MOVE_SEND_ONCE:
		if (e->type & IE_DEAD_NAME) {
			*objp = IPC_OBJECT_DEAD;
			*kindp = IPC_RIGHT_SEND_ONCE;
			e->urefs--;
			notify = entry_maybe_free(space, e, name);
			break;
		}
		if (!(e->type & IE_SEND_ONCE)) {
			kr = KERN_INVALID_RIGHT;
			break;
		}
		*objp = &port->obj;		/* the entry's ref and count move */
		*kindp = IPC_RIGHT_SEND_ONCE;
		e->type = 0;
		notify = entry_drop_request(space, e, name);
		ipc_entry_free(space, name);
		break;
	}
out:
	simple_unlock(&space->lock);
	if (notify && notify == cancel) {
		/* MACH_SEND_CANCEL: the request's send-once right was the
		 * caller's own to cancel; it goes silently, as if the request
		 * had been withdrawn before the right moved. */
		ipc_port_release_sonce(notify);
	} else if (notify) {
		ipc_notify_port_deleted(notify, name);
	}
	return kr;
}

kern_return_t ipc_right_copyin(struct ipc_space *space, mach_port_name_t name,
			       unsigned int disposition,
			       struct ipc_object **objp, unsigned int *kindp)
{
	return right_copyin(space, name, disposition, objp, kindp, NULL);
}

kern_return_t ipc_right_copyin_cancel(struct ipc_space *space,
				      mach_port_name_t name,
				      unsigned int disposition,
				      struct ipc_object **objp,
				      unsigned int *kindp,
				      struct ipc_port *cancel)
{
	return right_copyin(space, name, disposition, objp, kindp, cancel);
}

void ipc_right_release(struct ipc_object *obj, unsigned int kind)
{
	struct ipc_port *port;

	if (obj == IPC_OBJECT_DEAD || obj == NULL)
		return;
	port = ipc_port_of(obj);
	switch (kind) {
	case IPC_RIGHT_SEND:
		ipc_port_release_send(port);
		break;
	case IPC_RIGHT_SEND_ONCE:
		/* Destroyed without being used: the port hears of it. */
		ipc_notify_send_once(port);
		break;
	case IPC_RIGHT_RECEIVE:
		simple_lock(&port->obj.lock);
		ipc_port_destroy(port);		/* unlocks */
		break;
	default:
		panic("ipc_right_release: kind %u", kind);
	}
}

/*
 * copyout_send_locked: put a transit send right into space, joining an
 * entry that already names the port.  Conditions: space locked, port
 * active.
 */
static kern_return_t copyout_send_locked(struct ipc_space *space,
					 struct ipc_port *port,
					 mach_port_name_t *namep)
{
	mach_port_name_t name;
	struct ipc_entry *e;

	if (ipc_reverse_lookup(space, &port->obj, &name)) {
		e = ipc_entry_lookup(space, name);
		assert(e && e->object == &port->obj);
		if (e->type & IE_SEND) {
			if (e->urefs >= IE_UREFS_MAX)
				return KERN_UREFS_OVERFLOW;
			e->urefs++;
			/* The entry already counts one send right. */
			simple_lock(&port->obj.lock);
			port->srights--;
			port->obj.references--;
			assert(port->obj.references > 0);
			simple_unlock(&port->obj.lock);
		} else {
			/* It has the receive right: add the send right. */
			e->type |= IE_SEND;
			e->urefs = 1;
			simple_lock(&port->obj.lock);
			port->obj.references--;
			simple_unlock(&port->obj.lock);
		}
		*namep = name;
		return KERN_SUCCESS;
	}
	e = ipc_entry_alloc(space, &name);
	if (!e)
		return KERN_RESOURCE_SHORTAGE;
	if (!ipc_reverse_insert(space, &port->obj, name)) {
		e->type = 0;
		ipc_entry_free(space, name);
		return KERN_RESOURCE_SHORTAGE;
	}
	e->type = IE_SEND;
	e->urefs = 1;
	e->object = &port->obj;
	*namep = name;
	return KERN_SUCCESS;
}

/* Conditions: space locked.  The port's receive right arrives. */
static kern_return_t copyout_receive_locked(struct ipc_space *space,
					    struct ipc_port *port,
					    mach_port_name_t *namep)
{
	mach_port_name_t name;
	struct ipc_entry *e;

	if (ipc_reverse_lookup(space, &port->obj, &name)) {
		e = ipc_entry_lookup(space, name);
		assert(e && (e->type & IE_SEND) && !(e->type & IE_RECEIVE));
		e->type |= IE_RECEIVE;
		simple_lock(&port->obj.lock);
		port->obj.references--;		/* the entry has one already */
	} else {
		e = ipc_entry_alloc(space, &name);
		if (!e)
			return KERN_RESOURCE_SHORTAGE;
		if (!ipc_reverse_insert(space, &port->obj, name)) {
			e->type = 0;
			ipc_entry_free(space, name);
			return KERN_RESOURCE_SHORTAGE;
		}
		e->type = IE_RECEIVE;
		e->urefs = 0;
		e->object = &port->obj;
		simple_lock(&port->obj.lock);
	}
	port->receiver = space;
	port->receiver_name = name;
	port->transit_dest = NULL;
	simple_unlock(&port->obj.lock);
	*namep = name;
	return KERN_SUCCESS;
}

/*
 * copyout_dead: a send or send-once right whose port died in transit
 * becomes the name MACH_PORT_DEAD in the receiver (the right is
 * released).  Returns true if it did.  Conditions: nothing locked.
 */
static inline __attribute__((always_inline)) bool
copyout_dead(struct ipc_port *port, unsigned int kind)
{
	bool dead;

	simple_lock(&port->obj.lock);
	dead = !port->obj.active;
	simple_unlock(&port->obj.lock);
	if (!dead || kind == IPC_RIGHT_RECEIVE)
		return false;
	if (kind == IPC_RIGHT_SEND)
		ipc_port_release_send(port);
	else
		ipc_port_release_sonce(port);
	return true;
}

/*
 * copyout_locked: put a live transit right of any kind into space.
 * Returns KERN_SUCCESS (name in *namep) or the copyout errors of
 * ipc_right_copyout, the right still the caller's then.  Conditions:
 * space locked.
 */
static inline __attribute__((always_inline)) kern_return_t
copyout_locked(struct ipc_space *space, struct ipc_port *port,
	       unsigned int kind, mach_port_name_t *namep)
{
	mach_port_name_t name;
	struct ipc_entry *e;

	if (!space->active)
		return KERN_INVALID_TASK;
	if (kind == IPC_RIGHT_SEND)
		return copyout_send_locked(space, port, namep);
	if (kind == IPC_RIGHT_RECEIVE)
		return copyout_receive_locked(space, port, namep);
	e = ipc_entry_alloc(space, &name);
	if (!e)
		return KERN_RESOURCE_SHORTAGE;
	e->type = IE_SEND_ONCE;
	e->urefs = 1;
	e->object = &port->obj;
	*namep = name;
	return KERN_SUCCESS;
}

kern_return_t ipc_right_copyout_locked(struct ipc_space *space,
				       struct ipc_port *port, unsigned int kind,
				       mach_port_name_t *namep)
{
	return copyout_locked(space, port, kind, namep);
}

bool ipc_right_copyout_dead(struct ipc_port *port, unsigned int kind)
{
	return copyout_dead(port, kind);
}

kern_return_t ipc_right_copyout(struct ipc_space *space,
				struct ipc_object *obj, unsigned int kind,
				mach_port_name_t *namep)
{
	struct ipc_port *port = ipc_port_of(obj);
	kern_return_t kr;

	if (obj == IPC_OBJECT_DEAD || copyout_dead(port, kind)) {
		/* The port died in transit: the receiver gets a dead name. */
		*namep = IPC_NAME_DEAD;
		return KERN_SUCCESS;
	}
	simple_lock(&space->lock);
	kr = copyout_locked(space, port, kind, namep);
	simple_unlock(&space->lock);
	if (kr != KERN_SUCCESS) {
		ipc_right_release(obj, kind);
		*namep = kind == IPC_RIGHT_RECEIVE ? IPC_NAME_NULL : IPC_NAME_DEAD;
	}
	return kr;
}

kern_return_t ipc_right_copyout_name(struct ipc_space *space,
				     struct ipc_object *obj, unsigned int kind,
				     mach_port_name_t name)
{
	struct ipc_port *port = ipc_port_of(obj);
	kern_return_t kr = KERN_SUCCESS;
	struct ipc_entry *e;
	mach_port_name_t other;

	if (obj == IPC_OBJECT_DEAD || name == IPC_NAME_NULL ||
	    name == IPC_NAME_DEAD)
		return KERN_INVALID_VALUE;
	simple_lock(&space->lock);
	if (!space->active) {
		kr = KERN_INVALID_TASK;
		goto out;
	}
	e = lookup_checked(space, name);
	if (e) {
		/* The name exists: only joining the same port's send/receive
		 * entry is allowed. */
		if (e->object != obj || kind == IPC_RIGHT_SEND_ONCE ||
		    (e->type & (IE_SEND_ONCE | IE_PORT_SET | IE_DEAD_NAME))) {
			kr = KERN_NAME_EXISTS;
		} else if (kind == IPC_RIGHT_RECEIVE) {
			kr = (e->type & IE_RECEIVE) ? KERN_RIGHT_EXISTS
				: copyout_receive_locked(space, port, &other);
		} else {
			kr = copyout_send_locked(space, port, &other);
		}
		goto out;
	}
	if (kind != IPC_RIGHT_SEND_ONCE &&
	    ipc_reverse_lookup(space, obj, &other)) {
		kr = KERN_RIGHT_EXISTS;		/* already named otherwise */
		goto out;
	}
	e = ipc_entry_alloc_name(space, name);
	if (!e) {
		kr = KERN_RESOURCE_SHORTAGE;
		goto out;
	}
	if (kind != IPC_RIGHT_SEND_ONCE &&
	    !ipc_reverse_insert(space, obj, name)) {
		e->type = 0;
		ipc_entry_free(space, name);
		kr = KERN_RESOURCE_SHORTAGE;
		goto out;
	}
	e->object = obj;
	if (kind == IPC_RIGHT_SEND) {
		e->type = IE_SEND;
		e->urefs = 1;
	} else if (kind == IPC_RIGHT_SEND_ONCE) {
		e->type = IE_SEND_ONCE;
		e->urefs = 1;
	} else {
		e->type = IE_RECEIVE;
		e->urefs = 0;
		simple_lock(&port->obj.lock);
		port->receiver = space;
		port->receiver_name = name;
		simple_unlock(&port->obj.lock);
	}
out:
	simple_unlock(&space->lock);
	return kr;
}

/*
 * release_entry_rights: what destroying every right of entry e leaves to
 * do after the space is unlocked.
 */
struct entry_leftovers {
	struct ipc_port *send;		/* a send right to release */
	struct ipc_port *sonce;		/* a send-once right to destroy */
	struct ipc_port *receive;	/* a receive right to destroy */
	struct ipc_pset *pset;		/* a port set to destroy */
	struct ipc_port *notify;	/* port-deleted notification */
};

/* Strip every right from e and free it.  Conditions: space locked. */
static void entry_destroy_locked(struct ipc_space *space, struct ipc_entry *e,
				 mach_port_name_t name,
				 struct entry_leftovers *lo)
{
	memset(lo, 0, sizeof(*lo));
	lo->notify = entry_drop_request(space, e, name);
	if (e->type & IE_PORT_SET) {
		lo->pset = ipc_pset_of(e->object);
	} else if (e->type & IE_SEND_ONCE) {
		lo->sonce = entry_port(e);
	} else if (e->type & (IE_SEND | IE_RECEIVE)) {
		struct ipc_port *port = entry_port(e);

		ipc_reverse_remove(space, e->object);
		if (e->type & IE_RECEIVE) {
			/* The entry's one reference goes with the receive
			 * right; the send right gets its own to release. */
			lo->receive = port;
			if (e->type & IE_SEND) {
				simple_lock(&port->obj.lock);
				port->obj.references++;
				simple_unlock(&port->obj.lock);
				lo->send = port;
			}
		} else {
			lo->send = port;
		}
	}
	e->type = 0;
	ipc_entry_free(space, name);
}

/* Finish entry_destroy_locked's work.  Conditions: nothing locked. */
static void leftovers_release(struct entry_leftovers *lo,
			      mach_port_name_t name)
{
	/* The send right first: it was destroyed before the receive right. */
	if (lo->send)
		ipc_port_release_send(lo->send);
	if (lo->receive) {
		simple_lock(&lo->receive->obj.lock);
		ipc_port_destroy(lo->receive);	/* unlocks */
	}
	if (lo->sonce)
		ipc_notify_send_once(lo->sonce);
	if (lo->pset)
		ipc_pset_destroy(lo->pset);
	if (lo->notify)
		ipc_notify_port_deleted(lo->notify, name);
}

kern_return_t ipc_right_destroy(struct ipc_space *space,
				mach_port_name_t name)
{
	struct entry_leftovers lo;
	struct ipc_entry *e;

	simple_lock(&space->lock);
	if (!space->active) {
		simple_unlock(&space->lock);
		return KERN_INVALID_TASK;
	}
	e = lookup_checked(space, name);
	if (!e) {
		simple_unlock(&space->lock);
		return KERN_INVALID_NAME;
	}
	entry_destroy_locked(space, e, name, &lo);
	simple_unlock(&space->lock);
	leftovers_release(&lo, name);
	return KERN_SUCCESS;
}

/*
 * mod_refs_locked: change the user references of one right kind.  Sets
 * *lo when a right is destroyed as a result.  Conditions: space locked.
 */
static kern_return_t mod_refs_locked(struct ipc_space *space,
				     struct ipc_entry *e, mach_port_name_t name,
				     unsigned int right, int delta,
				     struct entry_leftovers *lo)
{
	struct ipc_port *port = entry_port(e);
	int64_t urefs;

	memset(lo, 0, sizeof(*lo));
	switch (right) {
	case IPC_PORT_RIGHT_SEND:
		if (!(e->type & IE_SEND))
			return KERN_INVALID_RIGHT;
		urefs = (int64_t)e->urefs + delta;
		if (urefs < 0)
			return KERN_INVALID_VALUE;
		if (urefs > IE_UREFS_MAX)
			return KERN_UREFS_OVERFLOW;
		e->urefs = (uint32_t)urefs;
		if (urefs > 0)
			return KERN_SUCCESS;
		e->type &= ~IE_SEND;
		if (e->type & IE_RECEIVE) {
			/* The entry keeps its reference for the receive
			 * right; the release below needs one of its own. */
			simple_lock(&port->obj.lock);
			port->obj.references++;
			simple_unlock(&port->obj.lock);
		} else {
			ipc_reverse_remove(space, e->object);
			lo->notify = entry_drop_request(space, e, name);
			e->type = 0;
			ipc_entry_free(space, name);
		}
		lo->send = port;
		return KERN_SUCCESS;

	case IPC_PORT_RIGHT_DEAD_NAME:
		if (!(e->type & IE_DEAD_NAME))
			return KERN_INVALID_RIGHT;
		urefs = (int64_t)e->urefs + delta;
		if (urefs < 0)
			return KERN_INVALID_VALUE;
		if (urefs > IE_UREFS_MAX)
			return KERN_UREFS_OVERFLOW;
		e->urefs = (uint32_t)urefs;
		if (urefs == 0) {
			lo->notify = entry_drop_request(space, e, name);
			ipc_entry_free(space, name);
		}
		return KERN_SUCCESS;

	case IPC_PORT_RIGHT_RECEIVE:
	case IPC_PORT_RIGHT_SEND_ONCE:
	case IPC_PORT_RIGHT_PORT_SET: {
		uint32_t bit = right == IPC_PORT_RIGHT_RECEIVE ? IE_RECEIVE :
			       right == IPC_PORT_RIGHT_SEND_ONCE ? IE_SEND_ONCE
								 : IE_PORT_SET;

		if (!(e->type & bit))
			return KERN_INVALID_RIGHT;
		if (delta == 0)
			return KERN_SUCCESS;
		if (delta != -1)
			return KERN_INVALID_VALUE;
		if (bit == IE_RECEIVE && (e->type & IE_SEND)) {
			/* The send right survives, as a name for a port
			 * that is about to die. */
			e->type &= ~IE_RECEIVE;
			simple_lock(&port->obj.lock);
			port->obj.references++;
			simple_unlock(&port->obj.lock);
			lo->receive = port;
			return KERN_SUCCESS;
		}
		entry_destroy_locked(space, e, name, lo);
		return KERN_SUCCESS;
	}
	default:
		return KERN_INVALID_VALUE;
	}
}

kern_return_t ipc_right_mod_refs(struct ipc_space *space,
				 mach_port_name_t name, unsigned int right,
				 int delta)
{
	struct entry_leftovers lo;
	struct ipc_entry *e;
	kern_return_t kr;

	if (right > IPC_PORT_RIGHT_DEAD_NAME)
		return KERN_INVALID_VALUE;
	simple_lock(&space->lock);
	if (!space->active) {
		simple_unlock(&space->lock);
		return KERN_INVALID_TASK;
	}
	e = lookup_checked(space, name);
	if (!e) {
		simple_unlock(&space->lock);
		return KERN_INVALID_NAME;
	}
	kr = mod_refs_locked(space, e, name, right, delta, &lo);
	simple_unlock(&space->lock);
	leftovers_release(&lo, name);
	return kr;
}

kern_return_t ipc_right_deallocate(struct ipc_space *space,
				   mach_port_name_t name)
{
	struct entry_leftovers lo;
	struct ipc_entry *e;
	kern_return_t kr;
	unsigned int right;

	simple_lock(&space->lock);
	if (!space->active) {
		simple_unlock(&space->lock);
		return KERN_INVALID_TASK;
	}
	e = lookup_checked(space, name);
	if (!e) {
		simple_unlock(&space->lock);
		return KERN_INVALID_NAME;
	}
	/* One send, send-once or dead-name reference; a port set name goes
	 * whole (seed: sets are destroyed by deallocate too). */
	if (e->type & IE_SEND_ONCE)
		right = IPC_PORT_RIGHT_SEND_ONCE;
	else if (e->type & IE_SEND)
		right = IPC_PORT_RIGHT_SEND;
	else if (e->type & IE_DEAD_NAME)
		right = IPC_PORT_RIGHT_DEAD_NAME;
	else if (e->type & IE_PORT_SET)
		right = IPC_PORT_RIGHT_PORT_SET;
	else
		right = ~0u;
	kr = right == ~0u ? KERN_INVALID_RIGHT
			  : mod_refs_locked(space, e, name, right, -1, &lo);
	simple_unlock(&space->lock);
	if (right != ~0u)
		leftovers_release(&lo, name);
	return kr;
}

kern_return_t ipc_right_get_refs(struct ipc_space *space,
				 mach_port_name_t name, unsigned int right,
				 uint32_t *refs)
{
	struct ipc_entry *e;
	kern_return_t kr = KERN_SUCCESS;

	if (right > IPC_PORT_RIGHT_DEAD_NAME)
		return KERN_INVALID_VALUE;
	simple_lock(&space->lock);
	e = space->active ? lookup_checked(space, name) : NULL;
	if (!e) {
		kr = space->active ? KERN_INVALID_NAME : KERN_INVALID_TASK;
	} else {
		switch (right) {
		case IPC_PORT_RIGHT_SEND:
			*refs = (e->type & IE_SEND) ? e->urefs : 0;
			break;
		case IPC_PORT_RIGHT_DEAD_NAME:
			*refs = (e->type & IE_DEAD_NAME) ? e->urefs : 0;
			break;
		case IPC_PORT_RIGHT_RECEIVE:
			*refs = (e->type & IE_RECEIVE) ? 1 : 0;
			break;
		case IPC_PORT_RIGHT_SEND_ONCE:
			*refs = (e->type & IE_SEND_ONCE) ? 1 : 0;
			break;
		default:
			*refs = (e->type & IE_PORT_SET) ? 1 : 0;
			break;
		}
	}
	simple_unlock(&space->lock);
	return kr;
}

kern_return_t ipc_right_type(struct ipc_space *space, mach_port_name_t name,
			     uint32_t *type)
{
	struct ipc_entry *e;
	kern_return_t kr = KERN_SUCCESS;

	simple_lock(&space->lock);
	e = space->active ? lookup_checked(space, name) : NULL;
	if (!e)
		kr = space->active ? KERN_INVALID_NAME : KERN_INVALID_TASK;
	else
		*type = e->type | (e->request ? IE_DNREQUEST : 0);
	simple_unlock(&space->lock);
	return kr;
}

/*
 * alloc_entry: a new entry under a new name, or under *namep if named.
 * Conditions: space locked.
 */
static struct ipc_entry *alloc_entry(struct ipc_space *space,
				     mach_port_name_t *namep, bool named,
				     kern_return_t *kr)
{
	struct ipc_entry *e;

	if (named) {
		if (*namep == IPC_NAME_NULL || *namep == IPC_NAME_DEAD) {
			*kr = KERN_INVALID_VALUE;
			return NULL;
		}
		if (ipc_entry_lookup(space, *namep) ||
		    (IPC_NAME_INDEX(*namep) < space->size &&
		     space->table[IPC_NAME_INDEX(*namep)].type)) {
			*kr = KERN_NAME_EXISTS;
			return NULL;
		}
		e = ipc_entry_alloc_name(space, *namep);
	} else {
		e = ipc_entry_alloc(space, namep);
	}
	*kr = e ? KERN_SUCCESS : KERN_RESOURCE_SHORTAGE;
	return e;
}

kern_return_t ipc_right_alloc_receive(struct ipc_space *space,
				      mach_port_name_t *namep, bool named)
{
	struct ipc_port *port = ipc_port_alloc();
	struct ipc_entry *e;
	kern_return_t kr;

	if (!port)
		return KERN_RESOURCE_SHORTAGE;
	simple_lock(&space->lock);
	e = space->active ? alloc_entry(space, namep, named, &kr) : NULL;
	if (!space->active)
		kr = KERN_INVALID_TASK;
	if (e && !ipc_reverse_insert(space, &port->obj, *namep)) {
		e->type = 0;
		ipc_entry_free(space, *namep);
		e = NULL;
		kr = KERN_RESOURCE_SHORTAGE;
	}
	if (e) {
		e->type = IE_RECEIVE;
		e->urefs = 0;
		e->object = &port->obj;
		port->receiver = space;
		port->receiver_name = *namep;
	}
	simple_unlock(&space->lock);
	if (!e) {
		simple_lock(&port->obj.lock);
		ipc_port_destroy(port);		/* unlocks; frees */
	}
	return kr;
}

kern_return_t ipc_right_alloc_pset(struct ipc_space *space,
				   mach_port_name_t *namep, bool named)
{
	struct ipc_pset *pset = ipc_pset_alloc();
	struct ipc_entry *e;
	kern_return_t kr;

	if (!pset)
		return KERN_RESOURCE_SHORTAGE;
	simple_lock(&space->lock);
	e = space->active ? alloc_entry(space, namep, named, &kr) : NULL;
	if (!space->active)
		kr = KERN_INVALID_TASK;
	if (e) {
		e->type = IE_PORT_SET;
		e->urefs = 0;
		e->object = &pset->obj;
		pset->space = space;
		pset->name = *namep;
	}
	simple_unlock(&space->lock);
	if (!e)
		ipc_pset_destroy(pset);
	return kr;
}

kern_return_t ipc_right_alloc_dead(struct ipc_space *space,
				   mach_port_name_t *namep, bool named)
{
	struct ipc_entry *e;
	kern_return_t kr;

	simple_lock(&space->lock);
	e = space->active ? alloc_entry(space, namep, named, &kr) : NULL;
	if (!space->active)
		kr = KERN_INVALID_TASK;
	if (e) {
		e->type = IE_DEAD_NAME;
		e->urefs = 1;
	}
	simple_unlock(&space->lock);
	return kr;
}

kern_return_t ipc_right_lookup_receive(struct ipc_space *space,
				       mach_port_name_t name,
				       struct ipc_port **portp)
{
	struct ipc_entry *e;
	struct ipc_port *port;

	simple_lock(&space->lock);
	if (!space->active) {
		simple_unlock(&space->lock);
		return KERN_INVALID_TASK;
	}
	e = lookup_checked(space, name);
	if (!e || !(e->type & IE_RECEIVE)) {
		simple_unlock(&space->lock);
		return e ? KERN_INVALID_RIGHT : KERN_INVALID_NAME;
	}
	port = entry_port(e);
	simple_lock(&port->obj.lock);
	port->obj.references++;
	simple_unlock(&space->lock);
	*portp = port;		/* locked, referenced */
	return KERN_SUCCESS;
}

void ipc_space_terminate(struct ipc_space *space)
{
	simple_lock(&space->lock);
	if (!space->active) {
		simple_unlock(&space->lock);
		return;
	}
	space->active = false;
	for (uint32_t i = 1; i < space->size; i++) {
		struct ipc_entry *e = &space->table[i];
		struct entry_leftovers lo;
		mach_port_name_t name;

		if (!e->type)
			continue;
		name = IPC_NAME_MAKE(i, e->gen);
		entry_destroy_locked(space, e, name, &lo);
		/* Port-deleted notifications go nowhere: the task is gone
		 * (the notify rights are still destroyed properly). */
		simple_unlock(&space->lock);
		leftovers_release(&lo, name);
		simple_lock(&space->lock);
	}
	simple_unlock(&space->lock);
}
