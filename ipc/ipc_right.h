/*
 * ipc/ipc_right.h - port rights: moving them between name spaces and
 * messages, user reference counts, destruction.
 *
 * A right "in transit" (in a message, or between two steps of a kernel
 * operation) is an object pointer plus its kind (IPC_RIGHT_*), holding one
 * object reference and one count in the port's srights/sorights (or being
 * the receive right).  ipc_right_copyin makes a transit right from a
 * name; ipc_right_copyout puts a transit right into a space.
 *
 * Dead ports are found lazily: an entry whose port died is turned into a
 * dead name when it is next looked at (ipc_right_check), keeping its user
 * references, as the seed's name-space rules say.
 *
 * Conditions: every function takes and drops the space lock itself
 * unless its name ends in _locked.
 */
#ifndef IPC_IPC_RIGHT_H
#define IPC_IPC_RIGHT_H

#include <ipc/ipc_port.h>
#include <mach/kern_return.h>

/* Dispositions, as in mach_msg_type_name_t (ABI values). */
#define IPC_MSG_TYPE_PORT_NAME		15
#define IPC_MSG_TYPE_MOVE_RECEIVE	16
#define IPC_MSG_TYPE_MOVE_SEND		17
#define IPC_MSG_TYPE_MOVE_SEND_ONCE	18
#define IPC_MSG_TYPE_COPY_SEND		19
#define IPC_MSG_TYPE_MAKE_SEND		20
#define IPC_MSG_TYPE_MAKE_SEND_ONCE	21

/* Kinds of transit rights (the "port" types a receiver sees). */
#define IPC_RIGHT_RECEIVE	IPC_MSG_TYPE_MOVE_RECEIVE
#define IPC_RIGHT_SEND		IPC_MSG_TYPE_MOVE_SEND
#define IPC_RIGHT_SEND_ONCE	IPC_MSG_TYPE_MOVE_SEND_ONCE

/* A send or send-once right to a dead port, in transit. */
#define IPC_OBJECT_DEAD		((struct ipc_object *)-1)

/* The right kinds for mach_port_allocate / mod_refs (ABI values). */
#define IPC_PORT_RIGHT_SEND		0
#define IPC_PORT_RIGHT_RECEIVE		1
#define IPC_PORT_RIGHT_SEND_ONCE	2
#define IPC_PORT_RIGHT_PORT_SET		3
#define IPC_PORT_RIGHT_DEAD_NAME	4

/* The right a disposition produces in transit, or 0 if invalid. */
unsigned int ipc_right_transit_kind(unsigned int disposition);

/*
 * ipc_right_copyin: take the right `disposition` asks for from name.
 * Returns KERN_SUCCESS with *objp and *kindp set, or KERN_INVALID_NAME (no such
 * name), KERN_INVALID_RIGHT (the name lacks the right; a port in a set for
 * MOVE_RECEIVE is fine: it leaves the set), KERN_INVALID_VALUE (bad
 * disposition).  A send right to a dead port copies in as IPC_OBJECT_DEAD.
 * Moving a right consumes user references; the entry goes when nothing is
 * left in it.
 */
kern_return_t ipc_right_copyin(struct ipc_space *space, mach_port_name_t name,
			       unsigned int disposition,
			       struct ipc_object **objp, unsigned int *kindp);

/*
 * ipc_right_copyin_cancel: ipc_right_copyin for MACH_SEND_CANCEL.  If
 * taking the right frees the name and the name had a dead-name request
 * whose notify right is a send-once right for cancel (a port, or NULL:
 * nothing is cancelled), that right is released silently instead of
 * carrying a port-deleted notification.
 */
kern_return_t ipc_right_copyin_cancel(struct ipc_space *space,
				      mach_port_name_t name,
				      unsigned int disposition,
				      struct ipc_object **objp,
				      unsigned int *kindp,
				      struct ipc_port *cancel);

/*
 * ipc_right_copyout: give a transit right to space; its name in *namep.
 * Send rights join an existing entry for the same port.  On failure
 * (KERN_RESOURCE_SHORTAGE: no entry; KERN_UREFS_OVERFLOW) the right is
 * destroyed and *namep is MACH_PORT_DEAD's value for a send right, 0
 * otherwise.  A dead transit right becomes a dead name (or name DEAD).
 */
kern_return_t ipc_right_copyout(struct ipc_space *space,
				struct ipc_object *obj, unsigned int kind,
				mach_port_name_t *namep);

/*
 * ipc_right_copyout_dnrequest: ipc_right_copyout for MACH_RCV_NOTIFY:
 * when the right gets a new name (a send-once right, or a send right the
 * space did not hold yet), a dead-name request is registered for that
 * name in the same step, notifying a send-once right made from the
 * receive right notify_name.  No request is made for a right joining an
 * existing name, a dead right, or when notify_name (no longer) names a
 * receive right; *no_request is set if one was due but no memory was
 * left for it.  Returns what ipc_right_copyout returns.
 */
kern_return_t ipc_right_copyout_dnrequest(struct ipc_space *space,
					  struct ipc_object *obj,
					  unsigned int kind,
					  mach_port_name_t notify_name,
					  mach_port_name_t *namep,
					  bool *no_request);

/*
 * For ipc_right_notify.c.  ipc_right_copyout_locked: put a live transit
 * right into space (KERN_SUCCESS, or the copyout errors with the right
 * still the caller's); conditions: space locked.
 * ipc_right_copyout_dead: if the right's port died in transit, release
 * the right and return true (the receiver gets MACH_PORT_DEAD);
 * conditions: nothing locked.
 */
kern_return_t ipc_right_copyout_locked(struct ipc_space *space,
				       struct ipc_port *port, unsigned int kind,
				       mach_port_name_t *namep);
bool ipc_right_copyout_dead(struct ipc_port *port, unsigned int kind);

/*
 * ipc_right_copyout_name: like copyout but under a chosen name
 * (mach_port_insert_right).  KERN_NAME_EXISTS if the name denotes a
 * different right, KERN_RIGHT_EXISTS if it already has this receive right.
 * The right is NOT destroyed on failure: the caller still owns it.
 */
kern_return_t ipc_right_copyout_name(struct ipc_space *space,
				     struct ipc_object *obj, unsigned int kind,
				     mach_port_name_t name);

/* Destroy a right in transit (a message that is never received). */
void ipc_right_release(struct ipc_object *obj, unsigned int kind);

/* mach_port_* name operations. */
kern_return_t ipc_right_deallocate(struct ipc_space *space,
				   mach_port_name_t name);
kern_return_t ipc_right_destroy(struct ipc_space *space,
				mach_port_name_t name);
kern_return_t ipc_right_mod_refs(struct ipc_space *space,
				 mach_port_name_t name, unsigned int right,
				 int delta);
kern_return_t ipc_right_get_refs(struct ipc_space *space,
				 mach_port_name_t name, unsigned int right,
				 uint32_t *refs);
/* The IE_* bits of a name (after the dead-port check). */
kern_return_t ipc_right_type(struct ipc_space *space, mach_port_name_t name,
			     uint32_t *type);

/* Allocate a new receive right or port set under a new or given name. */
kern_return_t ipc_right_alloc_receive(struct ipc_space *space,
				      mach_port_name_t *namep, bool named);
kern_return_t ipc_right_alloc_pset(struct ipc_space *space,
				   mach_port_name_t *namep, bool named);
kern_return_t ipc_right_alloc_dead(struct ipc_space *space,
				   mach_port_name_t *namep, bool named);

/* The port a receive-right name denotes, referenced and locked (for
 * mach_port_* calls on receive rights), or an error. */
kern_return_t ipc_right_lookup_receive(struct ipc_space *space,
				       mach_port_name_t name,
				       struct ipc_port **portp);

/*
 * ipc_space_terminate: destroy every right of a space (its task is gone);
 * the space is inactive afterwards.
 */
void ipc_space_terminate(struct ipc_space *space);

#endif /* IPC_IPC_RIGHT_H */
