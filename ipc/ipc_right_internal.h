/*
 * ipc/ipc_right_internal.h - helpers shared by ipc_right.c (user
 * references, destruction, allocation) and ipc_right_copy.c (copyin and
 * copyout of transit rights): an entry's port, withdrawing a name's
 * dead-name request, the lazy dead-port check, and freeing an entry
 * that holds nothing.  Not for use outside ipc_right*.c.
 *
 * Static inline so that the message path's copyin and copyout keep
 * them inlined, as they were when both halves were one file.
 * Conditions: as each function says; the space lock is the caller's.
 */
#ifndef IPC_IPC_RIGHT_INTERNAL_H
#define IPC_IPC_RIGHT_INTERNAL_H

#include <ipc/ipc_notify.h>
#include <ipc/ipc_right.h>

static inline struct ipc_port *entry_port(const struct ipc_entry *e)
{
	return ipc_port_of(e->object);
}

/*
 * entry_drop_request: a name is going away (or becoming dead): withdraw
 * its dead-name request, if any, and return the notify right so that the
 * caller can send the port-deleted notification after unlocking.
 * Conditions: space locked.
 */
static inline struct ipc_port *
entry_drop_request(struct ipc_space *space, struct ipc_entry *e,
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
 * right_check: if e names a send or send-once right of a port that
 * died, turn it into a dead name now, keeping its user references.
 * Returns the dead port's right to release (the caller releases it after
 * unlocking the space) or NULL.  Conditions: space locked.
 */
static inline void right_check(struct ipc_space *space,
			       struct ipc_entry *e, mach_port_name_t name,
			       struct ipc_object **release,
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
static inline struct ipc_entry *
lookup_checked(struct ipc_space *space, mach_port_name_t name)
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

/*
 * entry_free: free e, which holds no right any more, under name:
 * withdraw its dead-name request and return the notify right for the
 * port-deleted notification (NULL if none), to be sent after unlocking.
 * Conditions: space locked.
 */
static inline struct ipc_port *entry_free(struct ipc_space *space,
					  struct ipc_entry *e,
					  mach_port_name_t name)
{
	struct ipc_port *notify = entry_drop_request(space, e, name);

	ipc_entry_free(space, name);
	return notify;
}

/*
 * entry_fill: make the new entry e (just allocated under name) hold obj
 * as type with urefs user references.  An entry with a send or receive
 * right also enters the space's reverse map (port -> name); if that has
 * no room, e is freed again.  Returns true, or false (e freed) for
 * KERN_RESOURCE_SHORTAGE.  Always inlined: type is a constant on the
 * message path's calls, so the reverse-map test folds away there.
 * Conditions: space locked.
 */
static inline __attribute__((always_inline)) bool
entry_fill(struct ipc_space *space, struct ipc_entry *e,
	   mach_port_name_t name, uint32_t type, uint32_t urefs,
	   struct ipc_object *obj)
{
	if ((type & (IE_SEND | IE_RECEIVE)) &&
	    !ipc_reverse_insert(space, obj, name)) {
		e->type = 0;
		ipc_entry_free(space, name);
		return false;
	}
	e->type = type;
	e->urefs = urefs;
	e->object = obj;
	return true;
}

/* Free entry e if it holds nothing any more.  Conditions: space locked. */
static inline struct ipc_port *
entry_maybe_free(struct ipc_space *space, struct ipc_entry *e,
		 mach_port_name_t name)
{
	struct ipc_port *notify = NULL;

	if (e->type == 0 || (e->type == IE_DEAD_NAME && e->urefs == 0) ||
	    ((e->type & ~IE_DEAD_NAME) == 0 && e->urefs == 0))
		notify = entry_free(space, e, name);
	return notify;
}

#endif /* IPC_IPC_RIGHT_INTERNAL_H */
