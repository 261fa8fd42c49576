/*
 * vm/vm_server.c - interim: the virtual memory routines of the mach
 * subsystem (2000) until tasks have a vm_map and memory objects have
 * ports.
 *
 * No port converts to an address space or a memory object yet
 * (convert_port_to_map and vm_object_lookup return NULL; the stubs' NULL
 * destructor calls are no-ops), and every routine here answers MIG_BAD_ID:
 * not served yet, as the demux answers an id it does not know (clients
 * and tests tell "not there yet" from a refusal by it).  Wiring vm_map
 * into tasks replaces this file with the real vm_user / memory_object
 * servers (keeping the S_ names the generated stubs call).
 */
#include <kern/ipc_kobject.h>
#include <mach/mig_errors.h>
#include "machServer.h"

vm_map_t convert_port_to_map(ipc_port_t port)
{
	(void)port;
	return NULL;
}

vm_object_t vm_object_lookup(ipc_port_t port)
{
	(void)port;
	return NULL;
}

vm_object_t vm_object_lookup_name(ipc_port_t port)
{
	(void)port;
	return NULL;
}

#define NO_MAP(m)	((void)(m), MIG_BAD_ID)

kern_return_t S_vm_allocate(vm_map_t target_task, vm_address_t *address,
			    vm_size_t size, boolean_t anywhere)
{
	(void)address, (void)size, (void)anywhere;
	return NO_MAP(target_task);
}

kern_return_t S_vm_deallocate(vm_map_t target_task, vm_address_t address,
			      vm_size_t size)
{
	(void)address, (void)size;
	return NO_MAP(target_task);
}

kern_return_t S_vm_protect(vm_map_t target_task, vm_address_t address,
			   vm_size_t size, boolean_t set_maximum,
			   vm_prot_t new_protection)
{
	(void)address, (void)size, (void)set_maximum, (void)new_protection;
	return NO_MAP(target_task);
}

kern_return_t S_vm_inherit(vm_map_t target_task, vm_address_t address,
			   vm_size_t size, vm_inherit_t new_inheritance)
{
	(void)address, (void)size, (void)new_inheritance;
	return NO_MAP(target_task);
}

kern_return_t S_vm_read(vm_map_t target_task, vm_address_t address,
			vm_size_t size, vm_offset_t *data,
			mach_msg_type_number_t *dataCnt)
{
	(void)address, (void)size, (void)data, (void)dataCnt;
	return NO_MAP(target_task);
}

kern_return_t S_vm_write(vm_map_t target_task, vm_address_t address,
			 vm_offset_t data, mach_msg_type_number_t dataCnt)
{
	(void)address, (void)data, (void)dataCnt;
	return NO_MAP(target_task);
}

kern_return_t S_vm_copy(vm_map_t target_task, vm_address_t source_address,
			vm_size_t size, vm_address_t dest_address)
{
	(void)source_address, (void)size, (void)dest_address;
	return NO_MAP(target_task);
}

kern_return_t S_vm_region(vm_map_t target_task, vm_address_t *address,
			  vm_size_t *size, vm_prot_t *protection,
			  vm_prot_t *max_protection, vm_inherit_t *inheritance,
			  boolean_t *is_shared, ipc_port_t *object_name,
			  vm_offset_t *offset)
{
	(void)address, (void)size, (void)protection, (void)max_protection;
	(void)inheritance, (void)is_shared, (void)object_name, (void)offset;
	return NO_MAP(target_task);
}

kern_return_t S_vm_statistics(vm_map_t target_task,
			      vm_statistics_data_t *vm_stats)
{
	(void)vm_stats;
	return NO_MAP(target_task);
}

kern_return_t S_vm_map(vm_map_t target_task, vm_address_t *address,
		       vm_size_t size, vm_address_t mask, boolean_t anywhere,
		       ipc_port_t memory_object, vm_offset_t offset,
		       boolean_t copy, vm_prot_t cur_protection,
		       vm_prot_t max_protection, vm_inherit_t inheritance)
{
	(void)address, (void)size, (void)mask, (void)anywhere;
	(void)memory_object, (void)offset, (void)copy, (void)cur_protection;
	(void)max_protection, (void)inheritance;
	return NO_MAP(target_task);
}

kern_return_t S_vm_machine_attribute(vm_map_t target_task,
				     vm_address_t address, vm_size_t size,
				     vm_machine_attribute_t attribute,
				     vm_machine_attribute_val_t *value)
{
	(void)address, (void)size, (void)attribute, (void)value;
	return NO_MAP(target_task);
}

/* Memory manager to kernel calls: no memory object converts yet. */
kern_return_t S_memory_object_data_unavailable(vm_object_t memory_control,
					       vm_offset_t offset,
					       vm_size_t size)
{
	(void)offset, (void)size;
	return NO_MAP(memory_control);
}

kern_return_t S_memory_object_get_attributes(vm_object_t memory_control,
					     boolean_t *object_ready,
					     boolean_t *may_cache,
					     memory_object_copy_strategy_t *copy_strategy)
{
	(void)object_ready, (void)may_cache, (void)copy_strategy;
	return NO_MAP(memory_control);
}

kern_return_t S_memory_object_lock_request(vm_object_t memory_control,
					   vm_offset_t offset, vm_size_t size,
					   memory_object_return_t should_return,
					   boolean_t should_flush,
					   vm_prot_t lock_value,
					   ipc_port_t reply_to,
					   mach_msg_type_name_t reply_toPoly)
{
	(void)offset, (void)size, (void)should_return, (void)should_flush;
	(void)lock_value, (void)reply_to, (void)reply_toPoly;
	return NO_MAP(memory_control);
}

kern_return_t S_memory_object_data_error(vm_object_t memory_control,
					 vm_offset_t offset, vm_size_t size,
					 kern_return_t error_value)
{
	(void)offset, (void)size, (void)error_value;
	return NO_MAP(memory_control);
}

kern_return_t S_memory_object_destroy(vm_object_t memory_control,
				      kern_return_t reason)
{
	(void)reason;
	return NO_MAP(memory_control);
}

kern_return_t S_memory_object_data_supply(vm_object_t memory_control,
					  vm_offset_t offset, vm_offset_t data,
					  mach_msg_type_number_t dataCnt,
					  vm_prot_t lock_value,
					  boolean_t precious,
					  ipc_port_t reply_to,
					  mach_msg_type_name_t reply_toPoly)
{
	(void)offset, (void)data, (void)dataCnt, (void)lock_value;
	(void)precious, (void)reply_to, (void)reply_toPoly;
	return NO_MAP(memory_control);
}

kern_return_t S_memory_object_ready(vm_object_t memory_control,
				    boolean_t may_cache,
				    memory_object_copy_strategy_t copy_strategy)
{
	(void)may_cache, (void)copy_strategy;
	return NO_MAP(memory_control);
}

kern_return_t S_memory_object_change_attributes(vm_object_t memory_control,
						boolean_t may_cache,
						memory_object_copy_strategy_t copy_strategy,
						ipc_port_t reply_to,
						mach_msg_type_name_t reply_toPoly)
{
	(void)may_cache, (void)copy_strategy, (void)reply_to, (void)reply_toPoly;
	return NO_MAP(memory_control);
}
