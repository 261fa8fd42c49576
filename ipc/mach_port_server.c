/*
 * ipc/mach_port_server.c - the server functions the generated mach_port
 * stubs (subsystem 3200) call: thin adaptors from the MIG argument
 * conventions to ipc/mach_port.c.
 *
 * Out-of-line results are copy objects (vm/vm_map_copy.h: a kernel
 * buffer) made from the kalloc'd arrays of ipc/mach_port.c (NULL for
 * none), handed to the reply, whose copyout gives them to the receiver.
 * Transit rights in (insert_right, request_notification) are consumed on success; on failure the request
 * message still holds them and its destruction releases them.
 */
#include <kern/ipc_kobject.h>
#include <ipc/mach_port.h>
#include <vm/vm_kern.h>
#include <vm/vm_map_copy.h>
#include "mach_portServer.h"

#define NEED_SPACE(s) do { if (!(s)) return KERN_INVALID_TASK; } while (0)

/*
 * ool_array: the out-of-line form of a kalloc'd array of count 32-bit
 * values (NULL for none; an empty one from mach_port_names_kernel has
 * room for one), which is freed: a copy object holding them
 * (vm/vm_map_copy.h), stored in *slot.  Returns KERN_SUCCESS or
 * KERN_RESOURCE_SHORTAGE (*slot NULL).
 */
static kern_return_t ool_array(uint32_t *array, uint32_t count, void **slot)
{
	vm_map_copy_t copy = NULL;
	kern_return_t kr = KERN_SUCCESS;

	if (array) {
		kr = vm_map_copyin_kernel_buffer(array, count * sizeof(*array),
						 &copy);
		kfree(array, MAX(count, 1u) * sizeof(*array));
	}
	*slot = copy;
	return kr;
}

kern_return_t mach_port_names(ipc_space_t task, mach_port_name_array_t *names,
			      mach_msg_type_number_t *namesCnt,
			      mach_port_type_array_t *types,
			      mach_msg_type_number_t *typesCnt)
{
	uint32_t count, *nv, *tv;
	kern_return_t kr, kr2;

	NEED_SPACE(task);
	kr = mach_port_names_kernel(task, &nv, &tv, &count);
	if (kr != KERN_SUCCESS)
		return kr;
	kr = ool_array(nv, count, (void **)names);
	kr2 = ool_array(tv, count, (void **)types);
	if (kr != KERN_SUCCESS || kr2 != KERN_SUCCESS) {
		vm_map_copy_discard((vm_map_copy_t)*names);
		vm_map_copy_discard((vm_map_copy_t)*types);
		return KERN_RESOURCE_SHORTAGE;
	}
	*namesCnt = *typesCnt = count;
	return KERN_SUCCESS;
}

kern_return_t mach_port_type(ipc_space_t task, mach_port_name_t name,
			     mach_port_type_t *ptype)
{
	NEED_SPACE(task);
	return mach_port_type_kernel(task, name, ptype);
}

kern_return_t mach_port_rename(ipc_space_t task, mach_port_name_t old_name,
			       mach_port_name_t new_name)
{
	NEED_SPACE(task);
	return mach_port_rename_kernel(task, old_name, new_name);
}

kern_return_t mach_port_allocate_name(ipc_space_t task, mach_port_right_t right,
				      mach_port_name_t name)
{
	NEED_SPACE(task);
	return mach_port_allocate_name_kernel(task, right, name);
}

kern_return_t mach_port_allocate(ipc_space_t task, mach_port_right_t right,
				 mach_port_name_t *name)
{
	NEED_SPACE(task);
	return mach_port_allocate_kernel(task, right, name);
}

kern_return_t mach_port_destroy(ipc_space_t task, mach_port_name_t name)
{
	NEED_SPACE(task);
	return ipc_right_destroy(task, name);
}

kern_return_t mach_port_deallocate(ipc_space_t task, mach_port_name_t name)
{
	NEED_SPACE(task);
	return ipc_right_deallocate(task, name);
}

kern_return_t mach_port_get_refs(ipc_space_t task, mach_port_name_t name,
				 mach_port_right_t right, mach_port_urefs_t *refs)
{
	NEED_SPACE(task);
	return ipc_right_get_refs(task, name, right, refs);
}

kern_return_t mach_port_mod_refs(ipc_space_t task, mach_port_name_t name,
				 mach_port_right_t right, mach_port_delta_t delta)
{
	NEED_SPACE(task);
	return ipc_right_mod_refs(task, name, right, delta);
}

kern_return_t mach_port_set_qlimit(ipc_space_t task, mach_port_name_t name,
				   mach_port_msgcount_t qlimit)
{
	NEED_SPACE(task);
	return mach_port_set_qlimit_kernel(task, name, qlimit);
}

kern_return_t mach_port_set_mscount(ipc_space_t task, mach_port_name_t name,
				    mach_port_mscount_t mscount)
{
	NEED_SPACE(task);
	return mach_port_set_mscount_kernel(task, name, mscount);
}

kern_return_t mach_port_get_set_status(ipc_space_t task, mach_port_name_t name,
				       mach_port_name_array_t *members,
				       mach_msg_type_number_t *membersCnt)
{
	uint32_t *v;
	kern_return_t kr;

	NEED_SPACE(task);
	kr = mach_port_get_set_status_kernel(task, name, &v, membersCnt);
	if (kr != KERN_SUCCESS)
		return kr;
	return ool_array(v, *membersCnt, (void **)members);
}

kern_return_t mach_port_move_member(ipc_space_t task, mach_port_name_t member,
				    mach_port_name_t after)
{
	NEED_SPACE(task);
	return mach_port_move_member_kernel(task, member, after);
}

kern_return_t mach_port_request_notification(ipc_space_t task,
					     mach_port_name_t name,
					     mach_msg_id_t id,
					     mach_port_mscount_t sync,
					     ipc_port_t notify,
					     ipc_port_t *previous)
{
	NEED_SPACE(task);
	return mach_port_request_notification_kernel(task, name, (unsigned)id,
						     sync, notify, previous);
}

kern_return_t mach_port_insert_right(ipc_space_t task, mach_port_name_t name,
				     ipc_port_t poly,
				     mach_msg_type_name_t polyPoly)
{
	NEED_SPACE(task);
	if (!poly || &poly->obj == IPC_OBJECT_DEAD)
		return KERN_INVALID_CAPABILITY;
	return mach_port_insert_right_kernel(task, name, &poly->obj,
					     ipc_right_transit_kind(polyPoly));
}

kern_return_t mach_port_extract_right(ipc_space_t task, mach_port_name_t name,
				      mach_msg_type_name_t msgt_name,
				      ipc_port_t *poly,
				      mach_msg_type_name_t *polyPoly)
{
	struct ipc_object *obj;
	unsigned int kind;
	kern_return_t kr;

	NEED_SPACE(task);
	kr = mach_port_extract_right_kernel(task, name, msgt_name, &obj, &kind);
	if (kr == KERN_SUCCESS) {
		/* A dead right comes out as MACH_PORT_DEAD. */
		*poly = ipc_port_of(obj);
		*polyPoly = kind;
	}
	return kr;
}

kern_return_t mach_port_get_receive_status(ipc_space_t task,
					   mach_port_name_t name,
					   mach_port_status_t *status)
{
	_Static_assert(sizeof(*status) == sizeof(struct ipc_port_status),
		       "mach_port_status_t is nine words");
	NEED_SPACE(task);
	return mach_port_get_receive_status_kernel(task, name,
						   (struct ipc_port_status *)status);
}

kern_return_t mach_port_set_seqno(ipc_space_t task, mach_port_name_t name,
				  mach_port_seqno_t seqno)
{
	NEED_SPACE(task);
	return mach_port_set_seqno_kernel(task, name, seqno);
}

/* Protected payloads are a GNU Mach extension Mica does not offer yet. */
kern_return_t mach_port_set_protected_payload(ipc_space_t task,
					      mach_port_name_t name,
					      natural_t payload)
{
	(void)task;
	(void)name;
	(void)payload;
	return KERN_INVALID_ARGUMENT;
}

kern_return_t mach_port_clear_protected_payload(ipc_space_t task,
						mach_port_name_t name)
{
	(void)task;
	(void)name;
	return KERN_INVALID_ARGUMENT;
}
