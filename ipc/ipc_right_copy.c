/*
 * ipc/ipc_right_copy.c - rights in transit: copyin of a name's right for
 * every message disposition (making a transit right), copyout of a
 * transit right into a space (joining send rights of one port under one
 * name), at a name of the kernel's choosing or the caller's, and the
 * release of a transit right that is never copied out.
 *
 * Accounting invariants and lock order: as in ipc_right.c (space, then
 * port; the notify port only after both are dropped).
 */
#include <kern/panic.h>
#include <ipc/ipc_right_internal.h>
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
		if (e->type == 0)
			notify = entry_free(space, e, name);
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
		if (e->type == 0)
			notify = entry_free(space, e, name);
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
		notify = entry_free(space, e, name);
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
	if (!e || !entry_fill(space, e, name, IE_SEND, 1, &port->obj))
		return KERN_RESOURCE_SHORTAGE;
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
		if (!e || !entry_fill(space, e, name, IE_RECEIVE, 0, &port->obj))
			return KERN_RESOURCE_SHORTAGE;
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
	if (!e || !entry_fill(space, e, name, IE_SEND_ONCE, 1, &port->obj))
		return KERN_RESOURCE_SHORTAGE;
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
	if (!e || !entry_fill(space, e, name, kind == IPC_RIGHT_SEND ? IE_SEND :
			      kind == IPC_RIGHT_SEND_ONCE ? IE_SEND_ONCE :
			      IE_RECEIVE, kind == IPC_RIGHT_RECEIVE ? 0 : 1,
			      obj)) {
		kr = KERN_RESOURCE_SHORTAGE;
		goto out;
	}
	if (kind == IPC_RIGHT_RECEIVE) {
		simple_lock(&port->obj.lock);
		port->receiver = space;
		port->receiver_name = name;
		simple_unlock(&port->obj.lock);
	}
out:
	simple_unlock(&space->lock);
	return kr;
}
