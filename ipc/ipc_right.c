/*
 * ipc/ipc_right.c - port rights in name spaces: user references,
 * deallocation and destruction, allocation of new rights, and the
 * teardown of a whole space.  Copyin and copyout of rights in transit
 * are in ipc_right_copy.c; the helpers both use, in ipc_right_internal.h.
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
#include <kern/string.h>
#include <ipc/ipc_right_internal.h>
#include <mach/kern_return.h>
#include <vm/vm_kern.h>

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
			e->type = 0;
			lo->notify = entry_free(space, e, name);
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
		if (urefs == 0)
			lo->notify = entry_free(space, e, name);
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
 * alloc_entry: lock space and make a new entry of the given type, user
 * references and object under a new name (returned in *namep), or under
 * *namep if named.  Returns the entry with *kr KERN_SUCCESS, or NULL
 * with *kr KERN_INVALID_TASK (space inactive), KERN_INVALID_VALUE (a
 * reserved name), KERN_NAME_EXISTS or KERN_RESOURCE_SHORTAGE.
 * Conditions: nothing locked on entry; the space is locked on return,
 * whatever the result.
 */
static struct ipc_entry *alloc_entry(struct ipc_space *space,
				     mach_port_name_t *namep, bool named,
				     uint32_t type, uint32_t urefs,
				     struct ipc_object *obj, kern_return_t *kr)
{
	struct ipc_entry *e;

	simple_lock(&space->lock);
	if (!space->active) {
		*kr = KERN_INVALID_TASK;
		return NULL;
	}
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
	if (!e || !entry_fill(space, e, *namep, type, urefs, obj)) {
		*kr = KERN_RESOURCE_SHORTAGE;
		return NULL;
	}
	*kr = KERN_SUCCESS;
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
	e = alloc_entry(space, namep, named, IE_RECEIVE, 0, &port->obj, &kr);
	if (e) {
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
	e = alloc_entry(space, namep, named, IE_PORT_SET, 0, &pset->obj, &kr);
	if (e) {
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
	kern_return_t kr;

	alloc_entry(space, namep, named, IE_DEAD_NAME, 1, NULL, &kr);
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
