/*
 * vm/vm_user_server.c - the virtual memory routines of the mach
 * subsystem (2000) as the generated server stubs call them (S_vm_*, with
 * the types of include/mach/mach.defs), over vm/vm_user.h; and the
 * conversion of a task port into its address map for the stubs.
 *
 * Conventions of the stubs (ipc/ipc_kobject.c): the map comes referenced
 * from convert_port_to_map (NULL for a port that is not a task port, or
 * the kernel task's, which has no user memory: every routine then answers
 * KERN_INVALID_ARGUMENT) and the stub drops the reference afterwards with
 * vm_map_deallocate, which ignores NULL.  A routine that succeeds has
 * consumed the memory its request carried out of line (vm_write's data);
 * on failure the request is destroyed with it.  Out-of-line memory is in
 * kernel form a copy object (vm/vm_map_copy.h) both ways: vm_write's data
 * arrives as one, vm_read's reply carries one, which the reply's copyout
 * maps into the caller.
 */
#include <kern/ipc_kobject.h>
#include <kern/task.h>
#include <vm/vm_kern.h>
#include <vm/vm_map.h>
#include <vm/vm_map_copy.h>
#include <vm/vm_user.h>
#include "machServer.h"

/*
 * convert_port_to_map: the address map of the task whose port this is,
 * with a reference for the caller, or NULL (not a task port, a dead
 * task, the kernel task).  Conditions: nothing locked.
 */
vm_map_t convert_port_to_map(ipc_port_t port)
{
	task_t task = convert_port_to_task(port);
	vm_map_t map = NULL;

	if (task) {
		map = task->map;
		if (map)
			vm_map_reference(map);
		task_deallocate(task);
	}
	return map;
}

kern_return_t S_vm_allocate(vm_map_t target_task, vm_address_t *address,
			    vm_size_t size, boolean_t anywhere)
{
	return vm_allocate(target_task, address, size, anywhere);
}

kern_return_t S_vm_deallocate(vm_map_t target_task, vm_address_t address,
			      vm_size_t size)
{
	return vm_deallocate(target_task, address, size);
}

kern_return_t S_vm_protect(vm_map_t target_task, vm_address_t address,
			   vm_size_t size, boolean_t set_maximum,
			   vm_prot_t new_protection)
{
	return vm_protect(target_task, address, size, set_maximum,
			  new_protection);
}

kern_return_t S_vm_inherit(vm_map_t target_task, vm_address_t address,
			   vm_size_t size, vm_inherit_t new_inheritance)
{
	return vm_inherit(target_task, address, size, new_inheritance);
}

/* The data goes out of line in the reply: a copy object (see above). */
kern_return_t S_vm_read(vm_map_t target_task, vm_address_t address,
			vm_size_t size, vm_offset_t *data,
			mach_msg_type_number_t *dataCnt)
{
	vm_map_copy_t copy;
	kern_return_t kr = vm_read(target_task, address, size, &copy);

	if (kr != KERN_SUCCESS)
		return kr;
	*data = (vm_offset_t)copy;
	*dataCnt = (mach_msg_type_number_t)size;	/* <= VM_READ_MAX */
	return KERN_SUCCESS;
}

/* data is the request's out-of-line data: a copy object, consumed on success. */
kern_return_t S_vm_write(vm_map_t target_task, vm_address_t address,
			 vm_offset_t data, mach_msg_type_number_t dataCnt)
{
	return vm_write(target_task, address, (vm_map_copy_t)data, dataCnt);
}

kern_return_t S_vm_copy(vm_map_t target_task, vm_address_t source_address,
			vm_size_t size, vm_address_t dest_address)
{
	return vm_copy(target_task, source_address, size, dest_address);
}

/* No memory object has a name port yet: object_name is MACH_PORT_NULL. */
kern_return_t S_vm_region(vm_map_t target_task, vm_address_t *address,
			  vm_size_t *size, vm_prot_t *protection,
			  vm_prot_t *max_protection, vm_inherit_t *inheritance,
			  boolean_t *is_shared, ipc_port_t *object_name,
			  vm_offset_t *offset)
{
	struct vm_region_basic r;
	kern_return_t kr = vm_region(target_task, *address, &r);

	if (kr != KERN_SUCCESS)
		return kr;
	*address = r.address;
	*size = r.size;
	*protection = r.protection;
	*max_protection = r.max_protection;
	*inheritance = r.inheritance;
	*is_shared = r.shared;
	*object_name = NULL;
	*offset = r.offset;
	return KERN_SUCCESS;
}

kern_return_t S_vm_statistics(vm_map_t target_task,
			      vm_statistics_data_t *vm_stats)
{
	return vm_statistics(target_task, vm_stats);
}

/*
 * S_vm_map: only without a memory object (zero-fill memory) until the
 * pager issue attaches memory objects to VM objects; with one,
 * KERN_INVALID_ARGUMENT (the request, and the right, are destroyed).
 * offset and copy mean nothing without an object.
 */
kern_return_t S_vm_map(vm_map_t target_task, vm_address_t *address,
		       vm_size_t size, vm_address_t mask, boolean_t anywhere,
		       ipc_port_t memory_object, vm_offset_t offset,
		       boolean_t copy, vm_prot_t cur_protection,
		       vm_prot_t max_protection, vm_inherit_t inheritance)
{
	(void)offset, (void)copy;
	if (memory_object)
		return KERN_INVALID_ARGUMENT;
	return vm_map_memory(target_task, address, size, mask, anywhere,
			     cur_protection, max_protection, inheritance);
}

kern_return_t S_vm_machine_attribute(vm_map_t target_task,
				     vm_address_t address, vm_size_t size,
				     vm_machine_attribute_t attribute,
				     vm_machine_attribute_val_t *value)
{
	return vm_machine_attribute(target_task, address, size, attribute,
				    value);
}
