/*
 * include/mach/mach_types.h - the C side of mach_types.defs: the types the
 * kernel interfaces name.  Outside the kernel every object is a port name;
 * flavoured state and information are arrays of 32-bit words.
 */
#ifndef MACH_MACH_TYPES_H
#define MACH_MACH_TYPES_H

#include <mach/std_types.h>
#include <mach/vm_inherit.h>	/* vm_inherit_t and its values */
#include <mach/time_value.h>

#ifdef MICA_KERNEL
/*
 * Inside the kernel (and its generated server stubs) the objects are
 * kernel pointers; the stubs convert ports to them (kern/ipc_kobject.h).
 */
struct task;
struct thread;
struct ipc_space;
struct ipc_port;
struct host;
struct processor;
struct processor_set;
struct vm_map;
struct vm_object;
typedef struct task		*task_t;
typedef struct thread		*thread_t;
typedef struct vm_map		*vm_task_t;
typedef struct vm_map		*vm_map_t;
typedef struct vm_object	*vm_object_t;
typedef struct ipc_space	*ipc_space_t;
typedef struct ipc_port		*ipc_port_t;
typedef struct host		*host_t;
typedef struct host		*host_priv_t;
typedef struct processor	*processor_t;
typedef struct processor_set	*processor_set_t;
typedef struct processor_set	*processor_set_name_t;
typedef struct ipc_port		*memory_object_t;
typedef struct ipc_port		*memory_object_control_t;
typedef struct ipc_port		*memory_object_name_t;
#else
typedef mach_port_t	task_t;
typedef mach_port_t	thread_t;
typedef mach_port_t	vm_task_t;
typedef mach_port_t	ipc_space_t;
typedef mach_port_t	host_t;
typedef mach_port_t	host_priv_t;
typedef mach_port_t	processor_t;
typedef mach_port_t	processor_set_t;
typedef mach_port_t	processor_set_name_t;
typedef mach_port_t	memory_object_t;
typedef mach_port_t	memory_object_control_t;
typedef mach_port_t	memory_object_name_t;
#endif

typedef task_t			*task_array_t;
typedef thread_t		*thread_array_t;
typedef processor_t		*processor_array_t;
typedef processor_set_t		*processor_set_array_t;
typedef processor_set_name_t	*processor_set_name_array_t;

typedef natural_t	*thread_state_t;	/* at most 1024 words */
typedef integer_t	*thread_info_t;
typedef integer_t	*task_info_t;
typedef integer_t	*host_info_t;
typedef integer_t	*processor_info_t;
typedef integer_t	*processor_set_info_t;

#ifndef MICA_KERNEL
typedef int	vm_prot_t;
#endif
typedef int	vm_machine_attribute_t;
typedef int	vm_machine_attribute_val_t;
typedef int	vm_sync_t;
typedef int	memory_object_copy_strategy_t;
typedef int	memory_object_return_t;

/* vm_statistics: thirteen 32-bit counters. */
typedef struct vm_statistics {
	integer_t	pagesize;
	integer_t	free_count;
	integer_t	active_count;
	integer_t	inactive_count;
	integer_t	wire_count;
	integer_t	zero_fill_count;
	integer_t	reactivations;
	integer_t	pageins;
	integer_t	pageouts;
	integer_t	faults;
	integer_t	cow_faults;
	integer_t	lookups;
	integer_t	hits;
} vm_statistics_data_t;

typedef char	kernel_version_t[512];
typedef char	kernel_boot_info_t[4096];


typedef vm_offset_t	*emulation_vector_t;

_Static_assert(sizeof(vm_statistics_data_t) == 52, "13 words");

#endif /* MACH_MACH_TYPES_H */
