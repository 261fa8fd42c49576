/*
 * ipc/ipc_right_notify.c - port rights and mach_msg's notify options: the
 * reply right of a message received with MACH_RCV_NOTIFY gets its
 * dead-name request in the same step as its name.  (MACH_SEND_CANCEL's
 * side, ipc_right_copyin_cancel, is the ordinary copyin in
 * ipc_right_copy.c with one more test; MACH_SEND_NOTIFY's is
 * ipc_mqueue.c's.)
 *
 * Lock order as in ipc_right.c: space, then a port; the notify port and
 * the reply port are locked one after the other, never together.
 */
#include <ipc/ipc_notify.h>
#include <ipc/ipc_right.h>
#include <vm/vm_kern.h>

/*
 * ipc_right_copyout_dnrequest (MACH_RCV_NOTIFY): copy the right out as
 * ipc_right_copyout does; if that makes a new entry (always for a
 * send-once right; for a send right when the space did not name the port
 * yet), register a dead-name request for it in the same step, the notify
 * right a send-once right made from the receive right notify_name names.
 * The request is made as mach_port_request_notification would, atomically
 * with the new name (the space stays locked from one to the other).  If
 * the port died meanwhile the dead-name notification goes at once.
 * Conditions: nothing locked.
 */
kern_return_t ipc_right_copyout_dnrequest(struct ipc_space *space,
					  struct ipc_object *obj,
					  unsigned int kind,
					  mach_port_name_t notify_name,
					  mach_port_name_t *namep,
					  bool *no_request)
{
	struct ipc_port *port = ipc_port_of(obj), *nport, *fire = NULL;
	struct ipc_dnrequest *r;
	mach_port_name_t other;
	struct ipc_entry *e;
	kern_return_t kr;
	bool fresh;

	*no_request = false;
	if (obj == IPC_OBJECT_DEAD || kind == IPC_RIGHT_RECEIVE)
		return ipc_right_copyout(space, obj, kind, namep);
	if (ipc_right_copyout_dead(port, kind)) {
		*namep = IPC_NAME_DEAD;
		return KERN_SUCCESS;
	}
	r = kalloc(sizeof(*r));		/* not under the space lock */
	simple_lock(&space->lock);
	fresh = space->active && (kind == IPC_RIGHT_SEND_ONCE ||
				  !ipc_reverse_lookup(space, obj, &other));
	kr = ipc_right_copyout_locked(space, port, kind, namep);
	e = kr == KERN_SUCCESS && fresh ? ipc_entry_lookup(space, notify_name)
					: NULL;
	if (e && (e->type & IE_RECEIVE) && r) {
		nport = ipc_port_of(e->object);
		ipc_port_make_sonce(nport);
		r->space = space;
		r->name = *namep;
		r->notify = nport;
		simple_lock(&port->obj.lock);
		if (port->obj.active)
			list_push_back(&port->dnrequests, &r->link);
		else
			fire = nport;	/* died after copyout_dead looked */
		simple_unlock(&port->obj.lock);
		if (!fire)
			r = NULL;
		e = ipc_entry_lookup(space, *namep);
		e->request = 1;
	} else if (e && (e->type & IE_RECEIVE)) {
		*no_request = true;	/* no memory for the request */
	}
	simple_unlock(&space->lock);
	if (r)
		kfree(r, sizeof(*r));
	if (fire) {
		/* As if requested just before the death: the name turns dead
		 * when next looked at, with the reference a delivered
		 * dead-name notification adds (right_check). */
		ipc_notify_dead_name(fire, *namep);
	}
	if (kr != KERN_SUCCESS) {
		ipc_right_release(obj, kind);
		*namep = IPC_NAME_DEAD;
	}
	return kr;
}
