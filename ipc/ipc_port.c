/*
 * ipc/ipc_port.c - port and port set life cycles, right counting, and the
 * death of a port.
 *
 * Notifications (ipc/ipc_notify.h) are generated here when counts reach
 * zero or a port dies; they are sent after the port's lock is dropped,
 * because sending takes the notify port's lock.
 */
#include <kern/panic.h>
#include <kern/string.h>
#include <ipc/ipc_kmsg.h>
#include <ipc/ipc_notify.h>
#include <ipc/ipc_port.h>
#include <vm/vm_kern.h>

static unsigned long ports_alive, psets_alive;

void ipc_object_reference(struct ipc_object *o)
{
	simple_lock(&o->lock);

	assert(o->references > 0);
	o->references++;
	simple_unlock(&o->lock);
}

/*
 * ipc_object_release: drop a reference; the last one frees the object,
 * which must be dead (inactive) by then: an active port always has its
 * receive right's reference.
 */
void ipc_object_release(struct ipc_object *o)
{
	simple_lock(&o->lock);
	unsigned int left;

	assert(o->references > 0);
	left = --o->references;
	simple_unlock(&o->lock);
	if (!left)
		ipc_object_free(o);
}

void ipc_object_free(struct ipc_object *o)
{
	assert(!o->active && o->references == 0);
	if (o->otype == IOT_PORT) {
		kfree(o, sizeof(struct ipc_port));
		__atomic_sub_fetch(&ports_alive, 1, __ATOMIC_RELAXED);
	} else {
		kfree(o, sizeof(struct ipc_pset));
		__atomic_sub_fetch(&psets_alive, 1, __ATOMIC_RELAXED);
	}
}

struct ipc_port *ipc_port_alloc(void)
{
	struct ipc_port *port = kalloc(sizeof(*port));

	if (!port)
		return NULL;
	memset(port, 0, sizeof(*port));
	simple_lock_init(&port->obj.lock);
	port->obj.references = 1;
	port->obj.otype = IOT_PORT;
	port->obj.active = true;
	port->qlimit = IPC_QLIMIT_DEFAULT;
	list_init(&port->messages);
	list_init(&port->rcv_waiters);
	list_init(&port->pset_link);
	list_init(&port->dnrequests);
	__atomic_add_fetch(&ports_alive, 1, __ATOMIC_RELAXED);
	return port;
}

struct ipc_port *ipc_port_alloc_kernel(enum ipc_kobject_type kotype,
				       void *kobject)
{
	struct ipc_port *port = ipc_port_alloc();

	if (port) {
		port->kotype = kotype;
		port->kobject = kobject;
		port->receiver = IPC_SPACE_KERNEL;
	}
	return port;
}

void ipc_port_make_send(struct ipc_port *port)
{
	simple_lock(&port->obj.lock);

	port->mscount++;
	port->srights++;
	port->obj.references++;
	simple_unlock(&port->obj.lock);
}

void ipc_port_copy_send(struct ipc_port *port)
{
	simple_lock(&port->obj.lock);

	port->srights++;
	port->obj.references++;
	simple_unlock(&port->obj.lock);
}

void ipc_port_make_sonce(struct ipc_port *port)
{
	simple_lock(&port->obj.lock);

	port->sorights++;
	port->obj.references++;
	simple_unlock(&port->obj.lock);
}

void ipc_port_release_send(struct ipc_port *port)
{
	simple_lock(&port->obj.lock);
	struct ipc_port *notify = NULL;
	uint32_t mscount = 0;
	unsigned int left;

	assert(port->srights > 0 && port->obj.references > 0);
	if (--port->srights == 0 && port->obj.active && port->nsrequest) {
		notify = port->nsrequest;
		mscount = port->mscount;
		port->nsrequest = NULL;
	}
	left = --port->obj.references;
	simple_unlock(&port->obj.lock);
	if (notify)
		ipc_notify_no_senders(notify, mscount);
	if (!left)
		ipc_object_free(&port->obj);
}

void ipc_port_release_sonce(struct ipc_port *port)
{
	simple_lock(&port->obj.lock);
	unsigned int left;

	assert(port->sorights > 0 && port->obj.references > 0);
	port->sorights--;
	left = --port->obj.references;
	simple_unlock(&port->obj.lock);
	if (!left)
		ipc_object_free(&port->obj);
}

/*
 * ipc_port_circular: would sending the receive right of port in a message to
 * dest make the port unreachable?  That is the case when dest is port
 * itself, or dest's own receive right travels in a message queued (in the
 * end) on port.  Such a message is destroyed instead of queued (as in CMU
 * and GNU Mach): its receive right could never be received again.
 * Conditions: no lock held (the chain is read under each port's lock).
 */
bool ipc_port_circular(struct ipc_port *port, struct ipc_port *dest)
{
	struct ipc_port *x = dest;

	for (unsigned int hops = 0; x && hops < 64; hops++) {
		struct ipc_port *next;

		if (x == port)
			return true;
		simple_lock(&x->obj.lock);
		next = x->obj.active && !x->receiver ? x->transit_dest : NULL;
		simple_unlock(&x->obj.lock);
		x = next;
	}
	return x != NULL;	/* a chain that long: treat as a cycle */
}

void ipc_port_destroy(struct ipc_port *port)
{
	struct ipc_port *pdrequest = port->pdrequest, *nsrequest;
	struct list_node dead, *n;
	struct list_node msgs;

	if (port->pset)
		ipc_pset_remove_locked(port);
	if (pdrequest) {
		/* The receive right moves into a port-destroyed notification. */
		port->pdrequest = NULL;
		ipc_mqueue_changed_locked(port);
		port->receiver = NULL;
		port->receiver_name = 0;
		port->mscount = 0;
		port->seqno = 0;
		/* It now travels to pdrequest (which the notification
		 * message keeps referenced); the message it rode in before
		 * is going away, and so may its destination. */
		port->transit_dest = pdrequest;
		simple_unlock(&port->obj.lock);
		ipc_notify_port_destroyed(pdrequest, port);
		return;
	}
	port->obj.active = false;
	ipc_mqueue_changed_locked(port);
	port->receiver = NULL;
	port->transit_dest = NULL;
	nsrequest = port->nsrequest;
	port->nsrequest = NULL;
	/* Take the messages and the dead-name requests off the port. */
	list_init(&msgs);
	while ((n = list_pop_front(&port->messages)) != NULL)
		list_push_back(&msgs, n);
	port->msgcount = 0;
	list_init(&dead);
	while ((n = list_pop_front(&port->dnrequests)) != NULL)
		list_push_back(&dead, n);
	simple_unlock(&port->obj.lock);

	ipc_port_wakeup_senders(port);
	/* No no-senders notification can come now: say so with a
	 * send-once notification (seed: the obscure cases). */
	if (nsrequest)
		ipc_notify_send_once(nsrequest);
	while ((n = list_pop_front(&dead)) != NULL) {
		struct ipc_dnrequest *r = list_entry(n, struct ipc_dnrequest, link);

		ipc_notify_dead_name(r->notify, r->name);
		kfree(r, sizeof(*r));
	}
	while ((n = list_pop_front(&msgs)) != NULL)
		ipc_kmsg_destroy(list_entry(n, struct ipc_kmsg, link));
	ipc_object_release(&port->obj);		/* the receive right's */
}

bool ipc_port_add_dnrequest(struct ipc_port *port, struct ipc_space *space,
			    mach_port_name_t name, struct ipc_port *notify)
{
	struct ipc_dnrequest *r = kalloc(sizeof(*r));

	if (!r)
		return false;
	r->space = space;
	r->name = name;
	r->notify = notify;
	simple_lock(&port->obj.lock);
	list_push_back(&port->dnrequests, &r->link);
	simple_unlock(&port->obj.lock);
	return true;
}

struct ipc_port *ipc_port_take_dnrequest(struct ipc_port *port,
					 struct ipc_space *space,
					 mach_port_name_t name)
{
	struct ipc_port *notify = NULL;
	struct list_node *n;

	simple_lock(&port->obj.lock);
	list_for_each(n, &port->dnrequests) {
		struct ipc_dnrequest *r = list_entry(n, struct ipc_dnrequest, link);

		if (r->space == space && r->name == name) {
			notify = r->notify;
			list_remove(&r->link);
			simple_unlock(&port->obj.lock);
			kfree(r, sizeof(*r));
			return notify;
		}
	}
	simple_unlock(&port->obj.lock);
	return NULL;
}

void ipc_port_rename_dnrequest(struct ipc_port *port, struct ipc_space *space,
			       mach_port_name_t old_name,
			       mach_port_name_t new_name)
{
	struct list_node *n;

	simple_lock(&port->obj.lock);
	list_for_each(n, &port->dnrequests) {
		struct ipc_dnrequest *r = list_entry(n, struct ipc_dnrequest, link);

		if (r->space == space && r->name == old_name)
			r->name = new_name;
	}
	simple_unlock(&port->obj.lock);
}

/* ---- Port sets ---------------------------------------------------------- */

struct ipc_pset *ipc_pset_alloc(void)
{
	struct ipc_pset *pset = kalloc(sizeof(*pset));

	if (!pset)
		return NULL;
	memset(pset, 0, sizeof(*pset));
	simple_lock_init(&pset->obj.lock);
	pset->obj.references = 1;
	pset->obj.otype = IOT_PORT_SET;
	pset->obj.active = true;
	list_init(&pset->members);
	__atomic_add_fetch(&psets_alive, 1, __ATOMIC_RELAXED);
	return pset;
}

/*
 * ipc_pset_add: make port a member of pset (the port holds a reference on
 * the set).  Conditions: port locked, not in a set, pset active.
 */
void ipc_pset_add(struct ipc_pset *pset, struct ipc_port *port)
{
	assert(!port->pset);
	simple_lock(&pset->obj.lock);
	list_push_back(&pset->members, &port->pset_link);
	pset->member_count++;
	pset->obj.references++;
	simple_unlock(&pset->obj.lock);
	port->pset = pset;
	ipc_mqueue_changed_locked(port);
	ipc_mqueue_pset_changed(pset);
}

/* Remove port from its set.  Conditions: port locked, in a set. */
void ipc_pset_remove_locked(struct ipc_port *port)
{
	struct ipc_pset *pset = port->pset;
	bool last;

	simple_lock(&pset->obj.lock);
	list_remove(&port->pset_link);
	pset->member_count--;
	last = --pset->obj.references == 0;
	simple_unlock(&pset->obj.lock);
	port->pset = NULL;
	assert(!last);		/* the set's own name holds a reference */
}

/*
 * ipc_pset_destroy: the set's name is being destroyed: every member leaves
 * the set; the name's reference goes.  Conditions: nothing locked.
 */
void ipc_pset_destroy(struct ipc_pset *pset)
{
	for (;;) {
		struct ipc_port *port;
		simple_lock(&pset->obj.lock);

		if (list_empty(&pset->members)) {
			pset->obj.active = false;
			simple_unlock(&pset->obj.lock);
			break;
		}
		port = list_entry(pset->members.next, struct ipc_port, pset_link);
		port->obj.references++;		/* keep it while unlocked */
		simple_unlock(&pset->obj.lock);

		simple_lock(&port->obj.lock);
		if (port->pset == pset)
			ipc_pset_remove_locked(port);
		simple_unlock(&port->obj.lock);
		ipc_object_release(&port->obj);
	}
	ipc_mqueue_pset_changed(pset);	/* wake receivers: the set is gone */
	ipc_object_release(&pset->obj);
}

unsigned long ipc_port_count(void)
{
	return __atomic_load_n(&ports_alive, __ATOMIC_RELAXED);
}

unsigned long ipc_pset_count(void)
{
	return __atomic_load_n(&psets_alive, __ATOMIC_RELAXED);
}
