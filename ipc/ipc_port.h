/*
 * ipc/ipc_port.h - ports and port sets, the objects that port rights name.
 *
 * A port has one receiver (a space holding its receive right, the kernel
 * for kernel objects, or nobody while the receive right travels in a
 * message), a queue of messages, and counts of the send and send-once
 * rights that exist anywhere (in spaces and in messages).  A port set is a
 * receive-side grouping of ports of one space.
 *
 * References: every right (in a space entry or in a message), every queued
 * message's destination, and every kernel pointer that outlives a lock
 * holds one reference on the object; the structure is freed when the last
 * reference goes.  A port is "active" until its receive right is destroyed;
 * a dead port stays allocated while references remain, and every name
 * still denoting it reads as a dead name.
 *
 * Locking: each object has its own simple lock.  Order: space lock, then
 * object lock; a port set's lock before a member port's lock.
 */
#ifndef IPC_IPC_PORT_H
#define IPC_IPC_PORT_H

#include <kern/types.h>
#include <kern/list.h>
#include <kern/lock.h>
#include <ipc/ipc_space.h>

#define IOT_PORT	1
#define IOT_PORT_SET	2

#define IPC_QLIMIT_DEFAULT	5	/* MACH_PORT_QLIMIT_DEFAULT */
#define IPC_QLIMIT_MAX		16	/* MACH_PORT_QLIMIT_MAX */

/* The receiver of kernel object ports (never dereferenced). */
#define IPC_SPACE_KERNEL	((struct ipc_space *)8)

struct ipc_object {
	simple_lock_t lock;
	unsigned int references;	/* under lock */
	uint8_t otype;			/* IOT_* */
	bool active;
};

/* Kernel object kinds a port can stand for (ports the kernel receives on). */
enum ipc_kobject_type {
	IKOT_NONE = 0,
	IKOT_TASK,
	IKOT_THREAD,
	IKOT_HOST,
	IKOT_HOST_PRIV,
	IKOT_PROCESSOR,
	IKOT_PSET,
	IKOT_PSET_NAME,
	IKOT_TEST,			/* host tests */
};

struct ipc_kmsg;
struct ipc_pset;

struct ipc_port {
	struct ipc_object obj;		/* first */
	struct ipc_space *receiver;	/* holder of the receive right, or NULL */
	struct ipc_port *transit_dest;	/* receive right in transit: the port
					 * whose queue holds it (see
					 * ipc_port_circular) */
	mach_port_name_t receiver_name;
	enum ipc_kobject_type kotype;	/* != NONE: the kernel receives */
	void *kobject;
	struct ipc_pset *pset;		/* containing port set, if any */
	struct list_node pset_link;
	/* Message queue. */
	struct list_node messages;	/* struct ipc_kmsg, FIFO */
	unsigned int msgcount;
	unsigned int qlimit;
	uint32_t seqno;			/* stamped on the next message received */
	unsigned int blocked_senders;	/* threads waiting for queue space */
	struct list_node rcv_waiters;	/* threads receiving from the port
					 * itself (thread.ith_rcv_link), FIFO;
					 * empty while it is in a set */
	unsigned int forced;		/* queued MACH_SEND_NOTIFY messages not
					 * accepted yet (ipc_mqueue.c) */
	/* Rights. */
	uint32_t mscount;		/* make-send count */
	uint32_t srights;		/* send rights extant */
	uint32_t sorights;		/* send-once rights extant */
	/* Notification requests: send-once rights to notify. */
	struct ipc_port *nsrequest;	/* no-senders */
	uint32_t nssync;		/* make-send count it was requested at */
	struct ipc_port *pdrequest;	/* port-destroyed */
	struct list_node dnrequests;	/* struct ipc_dnrequest */
};

struct ipc_pset {
	struct ipc_object obj;		/* first */
	struct ipc_space *space;
	mach_port_name_t name;
	struct list_node members;	/* struct ipc_port.pset_link */
	unsigned int member_count;
};

/* A dead-name request: notify `notify` when the port dies. */
struct ipc_dnrequest {
	struct list_node link;
	struct ipc_space *space;	/* who asked (not referenced) */
	mach_port_name_t name;		/* under which name */
	struct ipc_port *notify;	/* send-once right to notify */
};

static inline struct ipc_port *ipc_port_of(struct ipc_object *o)
{
	return (struct ipc_port *)o;
}

static inline struct ipc_pset *ipc_pset_of(struct ipc_object *o)
{
	return (struct ipc_pset *)o;
}

void ipc_object_reference(struct ipc_object *o);
void ipc_object_release(struct ipc_object *o);
/* Free an object whose last reference the caller dropped under its lock. */
void ipc_object_free(struct ipc_object *o);

/*
 * ipc_port_alloc: a new active port with no rights counted and one
 * reference for the caller.  NULL on exhaustion.
 */
struct ipc_port *ipc_port_alloc(void);

/* A kernel object port: the kernel holds the receive right. */
struct ipc_port *ipc_port_alloc_kernel(enum ipc_kobject_type kotype,
				       void *kobject);

/*
 * ipc_port_circular: would the receive right of port, sent in a message to
 * dest, become unreachable (dest is port, or dest's receive right travels,
 * in the end, to port)?  Conditions: no lock held.
 */
bool ipc_port_circular(struct ipc_port *port, struct ipc_port *dest);

/*
 * ipc_port_destroy: the receive right is being destroyed (it was held by
 * whoever calls, who passes its reference).  If a port-destroyed
 * notification was requested, the receive right travels in it instead and
 * the port lives on.  Otherwise the port dies: queued messages are
 * destroyed, waiting senders fail, dead-name and no-senders requests are
 * answered (send-once notifications where the contract says so).
 * Conditions: port locked on entry; unlocked on return.
 */
void ipc_port_destroy(struct ipc_port *port);

/*
 * Counting rights.  ipc_port_release_send: one send right is gone; when the
 * last one goes and a no-senders request is registered, the notification
 * is sent.  ipc_port_release_sonce: one send-once right is gone.  Both
 * also drop the right's reference.  Conditions: port unlocked.
 */
void ipc_port_release_send(struct ipc_port *port);
void ipc_port_release_sonce(struct ipc_port *port);
void ipc_port_make_send(struct ipc_port *port);		/* mscount++ srights++ */
void ipc_port_copy_send(struct ipc_port *port);		/* srights++ */
void ipc_port_make_sonce(struct ipc_port *port);	/* sorights++ */

/*
 * Dead-name requests.  ipc_port_add_dnrequest: notify `notify` (a
 * send-once right, consumed) when port dies; false on exhaustion.
 * ipc_port_take_dnrequest: withdraw the request registered for (space,
 * name) and return its notify right, or NULL.  Conditions: port unlocked;
 * the space may be locked.
 */
bool ipc_port_add_dnrequest(struct ipc_port *port, struct ipc_space *space,
			    mach_port_name_t name, struct ipc_port *notify);
struct ipc_port *ipc_port_take_dnrequest(struct ipc_port *port,
					 struct ipc_space *space,
					 mach_port_name_t name);

/* A name with a dead-name request was renamed. */
void ipc_port_rename_dnrequest(struct ipc_port *port, struct ipc_space *space,
			       mach_port_name_t old_name,
			       mach_port_name_t new_name);

/* Port sets.  _locked: the member port is locked. */
struct ipc_pset *ipc_pset_alloc(void);
void ipc_pset_add(struct ipc_pset *pset, struct ipc_port *port);
void ipc_pset_remove_locked(struct ipc_port *port);
void ipc_pset_destroy(struct ipc_pset *pset);

/* Message-queue hooks (ipc/ipc_mqueue.c): wake blocked senders of a dead
 * port; tell receivers waiting on a set that its membership changed;
 * ipc_mqueue_changed_locked: the port is leaving its receiver's space,
 * dying or joining a set, so no message may be handed to the threads
 * waiting on it directly any more: take them off rcv_waiters and wake them
 * (they then see why).  Conditions: port locked. */
void ipc_port_wakeup_senders(struct ipc_port *port);
void ipc_mqueue_pset_changed(struct ipc_pset *pset);
void ipc_mqueue_changed_locked(struct ipc_port *port);

/*
 * ipc_mqueue_limit_changed: port's queue limit was raised: forced
 * messages now within it are accepted (msg-accepted notifications).
 * Conditions: nothing locked; the caller holds a reference on port.
 */
void ipc_mqueue_limit_changed(struct ipc_port *port);

/* Counters for tests. */
unsigned long ipc_port_count(void);
unsigned long ipc_pset_count(void);

#endif /* IPC_IPC_PORT_H */
