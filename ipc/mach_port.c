/*
 * ipc/mach_port.c - the mach_port interface on a space: naming, rights,
 * port sets, notification requests and receive-right status.
 *
 * Semantics follow the seed (Port Name Space, Port Sets) and GNU Mach's
 * return codes: a name that denotes nothing is KERN_INVALID_NAME, a name
 * without the needed right KERN_INVALID_RIGHT, a bad argument value
 * KERN_INVALID_VALUE, a dead space KERN_INVALID_TASK.
 */
#include <kern/panic.h>
#include <kern/string.h>
#include <ipc/ipc_mqueue.h>
#include <ipc/ipc_notify.h>
#include <ipc/mach_port.h>
#include <vm/vm_kern.h>

#define TYPE_BIT(right)		(1u << ((right) + 16))
#define TYPE_DNREQUEST		0x80000000u

uint32_t ipc_entry_type_to_mach(uint32_t t)
{
	uint32_t m = 0;

	if (t & IE_SEND)
		m |= TYPE_BIT(IPC_PORT_RIGHT_SEND);
	if (t & IE_RECEIVE)
		m |= TYPE_BIT(IPC_PORT_RIGHT_RECEIVE);
	if (t & IE_SEND_ONCE)
		m |= TYPE_BIT(IPC_PORT_RIGHT_SEND_ONCE);
	if (t & IE_PORT_SET)
		m |= TYPE_BIT(IPC_PORT_RIGHT_PORT_SET);
	if (t & IE_DEAD_NAME)
		m |= TYPE_BIT(IPC_PORT_RIGHT_DEAD_NAME);
	if (t & IE_DNREQUEST)
		m |= TYPE_DNREQUEST;
	return m;
}

kern_return_t mach_port_type_kernel(struct ipc_space *space,
				    mach_port_name_t name, uint32_t *type)
{
	uint32_t t;
	kern_return_t kr = ipc_right_type(space, name, &t);

	if (kr == KERN_SUCCESS)
		*type = ipc_entry_type_to_mach(t);
	return kr;
}

kern_return_t mach_port_names_kernel(struct ipc_space *space,
				     mach_port_name_t **names,
				     uint32_t **types, uint32_t *count)
{
	uint32_t n, i, k = 0;
	mach_port_name_t *nv;
	uint32_t *tv;

	/* Size, allocate unlocked, then fill what still fits. */
	simple_lock(&space->lock);
	n = space->in_use;
	simple_unlock(&space->lock);
	nv = kalloc((n ? n : 1) * sizeof(*nv));
	tv = kalloc((n ? n : 1) * sizeof(*tv));
	if (!nv || !tv) {
		if (nv)
			kfree(nv, (n ? n : 1) * sizeof(*nv));
		if (tv)
			kfree(tv, (n ? n : 1) * sizeof(*tv));
		return KERN_RESOURCE_SHORTAGE;
	}
	simple_lock(&space->lock);
	for (i = 1; i < space->size && k < n; i++) {
		struct ipc_entry *e = &space->table[i];

		if (!e->type)
			continue;
		nv[k] = IPC_NAME_MAKE(i, e->gen);
		tv[k] = e->type;
		k++;
	}
	simple_unlock(&space->lock);
	/* Types are reported after the dead-port check. */
	for (i = 0; i < k; i++) {
		uint32_t t;

		if (ipc_right_type(space, nv[i], &t) == KERN_SUCCESS)
			tv[i] = t;
		tv[i] = ipc_entry_type_to_mach(tv[i]);
	}
	/* Hand out arrays of exactly k entries (NULL for none), so that
	 * whoever frees them knows their size. */
	if (k != n) {
		mach_port_name_t *n2 = k ? kalloc(k * sizeof(*n2)) : NULL;
		uint32_t *t2 = k ? kalloc(k * sizeof(*t2)) : NULL;

		if (k && (!n2 || !t2)) {
			if (n2)
				kfree(n2, k * sizeof(*n2));
			if (t2)
				kfree(t2, k * sizeof(*t2));
			kfree(nv, (n ? n : 1) * sizeof(*nv));
			kfree(tv, (n ? n : 1) * sizeof(*tv));
			return KERN_RESOURCE_SHORTAGE;
		}
		if (k) {
			memcpy(n2, nv, k * sizeof(*n2));
			memcpy(t2, tv, k * sizeof(*t2));
		}
		kfree(nv, (n ? n : 1) * sizeof(*nv));
		kfree(tv, (n ? n : 1) * sizeof(*tv));
		nv = n2;
		tv = t2;
	}
	*names = nv;
	*types = tv;
	*count = k;
	return KERN_SUCCESS;
}

kern_return_t mach_port_allocate_kernel(struct ipc_space *space,
					unsigned int right,
					mach_port_name_t *name)
{
	switch (right) {
	case IPC_PORT_RIGHT_RECEIVE:
		return ipc_right_alloc_receive(space, name, false);
	case IPC_PORT_RIGHT_PORT_SET:
		return ipc_right_alloc_pset(space, name, false);
	case IPC_PORT_RIGHT_DEAD_NAME:
		return ipc_right_alloc_dead(space, name, false);
	default:
		return KERN_INVALID_VALUE;
	}
}

kern_return_t mach_port_allocate_name_kernel(struct ipc_space *space,
					     unsigned int right,
					     mach_port_name_t name)
{
	if (name == IPC_NAME_NULL || name == IPC_NAME_DEAD)
		return KERN_INVALID_VALUE;
	switch (right) {
	case IPC_PORT_RIGHT_RECEIVE:
		return ipc_right_alloc_receive(space, &name, true);
	case IPC_PORT_RIGHT_PORT_SET:
		return ipc_right_alloc_pset(space, &name, true);
	case IPC_PORT_RIGHT_DEAD_NAME:
		return ipc_right_alloc_dead(space, &name, true);
	default:
		return KERN_INVALID_VALUE;
	}
}

/*
 * mach_port_rename: the entry moves to a free name with everything it
 * holds; the port's and set's idea of their name and a dead-name request's
 * name follow.
 */
kern_return_t mach_port_rename_kernel(struct ipc_space *space,
				      mach_port_name_t old_name,
				      mach_port_name_t new_name)
{
	struct ipc_entry *oe, *ne, saved;
	kern_return_t kr = KERN_SUCCESS;

	if (new_name == IPC_NAME_NULL || new_name == IPC_NAME_DEAD)
		return KERN_INVALID_VALUE;
	simple_lock(&space->lock);
	if (!space->active) {
		kr = KERN_INVALID_TASK;
		goto out;
	}
	oe = ipc_entry_lookup(space, old_name);
	if (!oe) {
		kr = KERN_INVALID_NAME;
		goto out;
	}
	if (ipc_entry_lookup(space, new_name) ||
	    (IPC_NAME_INDEX(new_name) < space->size &&
	     space->table[IPC_NAME_INDEX(new_name)].type)) {
		kr = KERN_NAME_EXISTS;
		goto out;
	}
	saved = *oe;
	ne = ipc_entry_alloc_name(space, new_name);	/* may move the table */
	if (!ne) {
		kr = KERN_RESOURCE_SHORTAGE;
		goto out;
	}
	ne->object = saved.object;
	ne->type = saved.type;
	ne->urefs = saved.urefs;
	ne->request = saved.request;
	if (saved.type & (IE_SEND | IE_RECEIVE)) {
		ipc_reverse_remove(space, saved.object);
		ipc_reverse_insert(space, saved.object, new_name);
	}
	if (saved.type & IE_RECEIVE) {
		struct ipc_port *port = ipc_port_of(saved.object);

		simple_lock(&port->obj.lock);
		port->receiver_name = new_name;
		simple_unlock(&port->obj.lock);
	}
	if (saved.type & IE_PORT_SET)
		ipc_pset_of(saved.object)->name = new_name;
	if (saved.request && saved.object)
		ipc_port_rename_dnrequest(ipc_port_of(saved.object), space,
					  old_name, new_name);
	ipc_entry_free(space, old_name);
out:
	simple_unlock(&space->lock);
	return kr;
}

kern_return_t mach_port_get_set_status_kernel(struct ipc_space *space,
					      mach_port_name_t name,
					      mach_port_name_t **members,
					      uint32_t *count)
{
	struct ipc_entry *e;
	struct ipc_pset *pset;
	struct list_node *n;
	uint32_t k = 0, cap;
	mach_port_name_t *v;

	simple_lock(&space->lock);
	e = space->active ? ipc_entry_lookup(space, name) : NULL;
	if (!e || !(e->type & IE_PORT_SET)) {
		kern_return_t kr = !space->active ? KERN_INVALID_TASK :
				   e ? KERN_INVALID_RIGHT : KERN_INVALID_NAME;

		simple_unlock(&space->lock);
		return kr;
	}
	pset = ipc_pset_of(e->object);
	cap = pset->member_count ? pset->member_count : 1;
	/* kalloc does not take the space lock: safe to call here. */
	v = kalloc(cap * sizeof(*v));
	if (!v) {
		simple_unlock(&space->lock);
		return KERN_RESOURCE_SHORTAGE;
	}
	simple_lock(&pset->obj.lock);
	list_for_each(n, &pset->members) {
		struct ipc_port *p = list_entry(n, struct ipc_port, pset_link);

		if (k < cap)
			v[k++] = p->receiver_name;
	}
	simple_unlock(&pset->obj.lock);
	simple_unlock(&space->lock);
	if (k == 0) {
		kfree(v, cap * sizeof(*v));
		v = NULL;
	}
	/* Members cannot join without the space lock: k == cap here. */
	*members = v;
	*count = k;
	return KERN_SUCCESS;
}

kern_return_t mach_port_move_member_kernel(struct ipc_space *space,
					   mach_port_name_t member,
					   mach_port_name_t after)
{
	struct ipc_entry *me, *ae = NULL;
	struct ipc_port *port;
	kern_return_t kr = KERN_SUCCESS;

	simple_lock(&space->lock);
	if (!space->active) {
		kr = KERN_INVALID_TASK;
		goto out;
	}
	me = ipc_entry_lookup(space, member);
	if (after != IPC_NAME_NULL)
		ae = ipc_entry_lookup(space, after);
	if (!me || (after != IPC_NAME_NULL && !ae)) {
		kr = KERN_INVALID_NAME;
		goto out;
	}
	if (!(me->type & IE_RECEIVE) || (ae && !(ae->type & IE_PORT_SET))) {
		kr = KERN_INVALID_RIGHT;
		goto out;
	}
	port = ipc_port_of(me->object);
	simple_lock(&port->obj.lock);
	if (ae && port->pset == ipc_pset_of(ae->object)) {
		simple_unlock(&port->obj.lock);		/* already there */
		goto out;
	}
	if (port->pset)
		ipc_pset_remove_locked(port);
	else if (!ae)
		kr = KERN_NOT_IN_SET;
	if (ae)
		ipc_pset_add(ipc_pset_of(ae->object), port);
	simple_unlock(&port->obj.lock);
out:
	simple_unlock(&space->lock);
	return kr;
}

/*
 * mach_port_request_notification: register notify (a send-once right, or
 * NULL to cancel) for id on name; the previously registered right is
 * returned in *previous.  On success notify is consumed; on error it is
 * still the caller's (the server stub destroys it with the request).
 */
kern_return_t mach_port_request_notification_kernel(
	struct ipc_space *space, mach_port_name_t name, unsigned int id,
	uint32_t sync, struct ipc_port *notify, struct ipc_port **previous)
{
	struct ipc_entry *e;
	struct ipc_port *port, *fire = NULL;
	kern_return_t kr = KERN_SUCCESS;
	uint32_t type;

	*previous = NULL;
	/* Settle a dead port's entry first, then look again. */
	if (ipc_right_type(space, name, &type) != KERN_SUCCESS)
		return space->active ? KERN_INVALID_NAME : KERN_INVALID_TASK;
	simple_lock(&space->lock);
	e = ipc_entry_lookup(space, name);
	if (!e) {
		kr = KERN_INVALID_NAME;
		goto out;
	}
	port = (e->type & (IE_SEND | IE_RECEIVE | IE_SEND_ONCE)) ?
	       ipc_port_of(e->object) : NULL;
	switch (id) {
	case IPC_NOTIFY_REQ_PORT_DESTROYED:
	case IPC_NOTIFY_REQ_NO_SENDERS:
		if (!(e->type & IE_RECEIVE)) {
			kr = KERN_INVALID_RIGHT;
			break;
		}
		if (id == IPC_NOTIFY_REQ_PORT_DESTROYED && sync != 0) {
			kr = KERN_INVALID_VALUE;
			break;
		}
		simple_lock(&port->obj.lock);
		if (id == IPC_NOTIFY_REQ_PORT_DESTROYED) {
			*previous = port->pdrequest;
			port->pdrequest = notify;
		} else {
			*previous = port->nsrequest;
			port->nsrequest = NULL;
			/* Already no senders at or past the asked count:
			 * the notification goes now. */
			if (notify && port->srights == 0 && port->mscount >= sync)
				fire = notify;
			else
				port->nsrequest = notify;
			port->nssync = sync;
		}
		simple_unlock(&port->obj.lock);
		notify = NULL;
		break;

	case IPC_NOTIFY_REQ_DEAD_NAME:
		if (e->type & (IE_PORT_SET) ||
		    !(e->type & (IE_SEND | IE_RECEIVE | IE_SEND_ONCE | IE_DEAD_NAME))) {
			kr = KERN_INVALID_RIGHT;
			break;
		}
		if (e->type & IE_DEAD_NAME) {
			/* Already dead: with sync the notification goes now
			 * (and the name gains a reference, as delivering a
			 * dead-name notification does); without, refuse. */
			if (!sync || !notify) {
				kr = KERN_INVALID_ARGUMENT;
				break;
			}
			if (e->urefs >= IE_UREFS_MAX) {
				kr = KERN_UREFS_OVERFLOW;
				break;
			}
			e->urefs++;
			simple_unlock(&space->lock);
			ipc_notify_dead_name(notify, name);
			return KERN_SUCCESS;
		}
		*previous = e->request ? ipc_port_take_dnrequest(port, space, name)
				       : NULL;
		e->request = 0;
		if (notify) {
			if (!ipc_port_add_dnrequest(port, space, name, notify)) {
				kr = KERN_RESOURCE_SHORTAGE;
				break;
			}
			e->request = 1;
			notify = NULL;
		}
		break;

	default:
		kr = KERN_INVALID_VALUE;
		break;
	}
out:
	simple_unlock(&space->lock);
	if (fire)
		ipc_notify_no_senders(fire, sync);
	return kr;
}

kern_return_t mach_port_insert_right_kernel(struct ipc_space *space,
					    mach_port_name_t name,
					    struct ipc_object *obj,
					    unsigned int kind)
{
	return ipc_right_copyout_name(space, obj, kind, name);
}

kern_return_t mach_port_extract_right_kernel(struct ipc_space *space,
					     mach_port_name_t name,
					     unsigned int disposition,
					     struct ipc_object **obj,
					     unsigned int *kind)
{
	return ipc_right_copyin(space, name, disposition, obj, kind);
}

/*
 * with_receive: run fn on the port a receive-right name denotes, locked.
 */
static kern_return_t with_receive(struct ipc_space *space,
				  mach_port_name_t name,
				  kern_return_t (*fn)(struct ipc_port *, void *),
				  void *arg)
{
	struct ipc_port *port;
	kern_return_t kr = ipc_right_lookup_receive(space, name, &port);

	if (kr != KERN_SUCCESS)
		return kr;
	kr = fn(port, arg);		/* port locked and referenced */
	port->obj.references--;		/* the lookup's; never the last */
	simple_unlock(&port->obj.lock);
	return kr;
}

static kern_return_t status_fn(struct ipc_port *p, void *arg)
{
	struct ipc_port_status *st = arg;

	st->pset = p->pset ? p->pset->name : 0;
	st->seqno = p->seqno;
	st->mscount = p->mscount;
	st->qlimit = p->qlimit;
	st->msgcount = p->msgcount;
	st->sorights = p->sorights;
	st->srights = p->srights != 0;
	st->pdrequest = p->pdrequest != NULL;
	st->nsrequest = p->nsrequest != NULL;
	return KERN_SUCCESS;
}

kern_return_t mach_port_get_receive_status_kernel(struct ipc_space *space,
						  mach_port_name_t name,
						  struct ipc_port_status *st)
{
	return with_receive(space, name, status_fn, st);
}

static kern_return_t qlimit_fn(struct ipc_port *p, void *arg)
{
	uint32_t q = *(uint32_t *)arg;

	if (q > IPC_QLIMIT_MAX)
		return KERN_INVALID_VALUE;
	p->qlimit = q;
	/* Raising the limit may let blocked senders in (ipc_mqueue). */
	if (p->blocked_senders)
		ipc_port_wakeup_senders(p);
	return KERN_SUCCESS;
}

kern_return_t mach_port_set_qlimit_kernel(struct ipc_space *space,
					  mach_port_name_t name,
					  uint32_t qlimit)
{
	struct ipc_port *port;
	kern_return_t kr = ipc_right_lookup_receive(space, name, &port);

	if (kr != KERN_SUCCESS)
		return kr;
	kr = qlimit_fn(port, &qlimit);
	simple_unlock(&port->obj.lock);
	/* Forced messages now within the limit are accepted (msg-accepted
	 * notifications: ipc_mqueue.c). */
	if (kr == KERN_SUCCESS)
		ipc_mqueue_limit_changed(port);
	ipc_object_release(&port->obj);		/* the lookup's */
	return kr;
}

static kern_return_t mscount_fn(struct ipc_port *p, void *arg)
{
	p->mscount = *(uint32_t *)arg;
	return KERN_SUCCESS;
}

kern_return_t mach_port_set_mscount_kernel(struct ipc_space *space,
					   mach_port_name_t name,
					   uint32_t mscount)
{
	return with_receive(space, name, mscount_fn, &mscount);
}

static kern_return_t seqno_fn(struct ipc_port *p, void *arg)
{
	p->seqno = *(uint32_t *)arg;
	return KERN_SUCCESS;
}

kern_return_t mach_port_set_seqno_kernel(struct ipc_space *space,
					 mach_port_name_t name,
					 uint32_t seqno)
{
	return with_receive(space, name, seqno_fn, &seqno);
}
