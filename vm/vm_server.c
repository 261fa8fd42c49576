/*
 * vm/vm_server.c - interim: the memory object routines of the mach
 * subsystem (2000, memory manager to kernel) until VM objects have
 * pagers and ports.
 *
 * No port converts to a memory object yet (vm_object_lookup returns
 * NULL; the stubs' NULL destructor calls are no-ops), and every routine
 * here answers MIG_BAD_ID: not served yet, as the demux answers an id it
 * does not know (clients and tests tell "not there yet" from a refusal by
 * it).  The pager issue replaces this file with the real memory_object
 * server (keeping the S_ names the generated stubs call).  The vm_*
 * routines are vm/vm_user_server.c's.
 */
#include <kern/ipc_kobject.h>
#include <mach/mig_errors.h>
#include "machServer.h"

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
