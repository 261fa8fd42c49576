/*
 * ipc/mach_port.h - the kernel side of the mach_port interface (subsystem
 * 3200): operations on a task's port name space.
 *
 * Port rights passed in or out (mach_port_insert_right's poly argument,
 * request_notification's notify and previous rights, extract_right's
 * result) are transit rights (ipc/ipc_right.h): the generated server stubs
 * copy them in from, and out to, the caller's message.
 */
#ifndef IPC_MACH_PORT_H
#define IPC_MACH_PORT_H

#include <ipc/ipc_right.h>

/* mach_port_status_t (include/mach/port.h): nine 32-bit words. */
struct ipc_port_status {
	uint32_t pset, seqno, mscount, qlimit, msgcount, sorights;
	uint32_t srights, pdrequest, nsrequest;	/* booleans */
};

/* Notification ids for mach_port_request_notification. */
#define IPC_NOTIFY_REQ_PORT_DESTROYED	0105
#define IPC_NOTIFY_REQ_NO_SENDERS	0106
#define IPC_NOTIFY_REQ_DEAD_NAME	0110

/*
 * mach_port_names: the names in use and their MACH_PORT_TYPE_* types,
 * in kalloc'd arrays of exactly *count elements (NULL when none; the
 * caller frees both with kfree(p, count * 4)); KERN_RESOURCE_SHORTAGE on
 * exhaustion.
 */
kern_return_t mach_port_names_kernel(struct ipc_space *space,
				     mach_port_name_t **names,
				     uint32_t **types, uint32_t *count);
kern_return_t mach_port_type_kernel(struct ipc_space *space,
				    mach_port_name_t name, uint32_t *type);
kern_return_t mach_port_rename_kernel(struct ipc_space *space,
				      mach_port_name_t old_name,
				      mach_port_name_t new_name);
kern_return_t mach_port_allocate_kernel(struct ipc_space *space,
					unsigned int right,
					mach_port_name_t *name);
kern_return_t mach_port_allocate_name_kernel(struct ipc_space *space,
					     unsigned int right,
					     mach_port_name_t name);
kern_return_t mach_port_get_set_status_kernel(struct ipc_space *space,
					      mach_port_name_t name,
					      mach_port_name_t **members,
					      uint32_t *count);
kern_return_t mach_port_move_member_kernel(struct ipc_space *space,
					   mach_port_name_t member,
					   mach_port_name_t after);
kern_return_t mach_port_request_notification_kernel(
	struct ipc_space *space, mach_port_name_t name, unsigned int id,
	uint32_t sync, struct ipc_port *notify, struct ipc_port **previous);
kern_return_t mach_port_insert_right_kernel(struct ipc_space *space,
					    mach_port_name_t name,
					    struct ipc_object *obj,
					    unsigned int kind);
kern_return_t mach_port_extract_right_kernel(struct ipc_space *space,
					     mach_port_name_t name,
					     unsigned int disposition,
					     struct ipc_object **obj,
					     unsigned int *kind);
kern_return_t mach_port_get_receive_status_kernel(struct ipc_space *space,
						  mach_port_name_t name,
						  struct ipc_port_status *st);
kern_return_t mach_port_set_qlimit_kernel(struct ipc_space *space,
					  mach_port_name_t name,
					  uint32_t qlimit);
kern_return_t mach_port_set_mscount_kernel(struct ipc_space *space,
					   mach_port_name_t name,
					   uint32_t mscount);
kern_return_t mach_port_set_seqno_kernel(struct ipc_space *space,
					 mach_port_name_t name,
					 uint32_t seqno);

/* IE_* bits -> MACH_PORT_TYPE_* bits (include/mach/port.h). */
uint32_t ipc_entry_type_to_mach(uint32_t ie_type);

#endif /* IPC_MACH_PORT_H */
