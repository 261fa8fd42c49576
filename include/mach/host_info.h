/*
 * include/mach/host_info.h - host_info flavours and their structures
 * (user ABI: GNU Mach's flavour numbers and LP64 layouts; counts in
 * 32-bit words).  kernel_version_t is in mach_types.h.
 */
#ifndef MACH_HOST_INFO_H
#define MACH_HOST_INFO_H

#include <mach/machine.h>
#include <mach/vm_types.h>

#define HOST_INFO_MAX		1024	/* words */

#define HOST_BASIC_INFO		1
struct host_basic_info {
	integer_t	max_cpus;	/* processors the kernel can drive */
	integer_t	avail_cpus;	/* processors running */
	rpc_vm_size_t	memory_size;	/* bytes of RAM */
	cpu_type_t	cpu_type;
	cpu_subtype_t	cpu_subtype;
};
typedef struct host_basic_info host_basic_info_data_t;
#define HOST_BASIC_INFO_COUNT \
	(sizeof(host_basic_info_data_t) / sizeof(integer_t))

#define HOST_PROCESSOR_SLOTS	2	/* slot numbers of running processors */

#define HOST_SCHED_INFO		3
struct host_sched_info {
	integer_t	min_timeout;	/* ms */
	integer_t	min_quantum;	/* ms */
};
typedef struct host_sched_info host_sched_info_data_t;
#define HOST_SCHED_INFO_COUNT \
	(sizeof(host_sched_info_data_t) / sizeof(integer_t))

#define HOST_LOAD_INFO		4
struct host_load_info {
	integer_t	avenrun[3];	/* scaled by LOAD_SCALE */
	integer_t	mach_factor[3];
};
typedef struct host_load_info host_load_info_data_t;
#define HOST_LOAD_INFO_COUNT \
	(sizeof(host_load_info_data_t) / sizeof(integer_t))

#define LOAD_SCALE		1000

_Static_assert(HOST_BASIC_INFO_COUNT == 6, "host_basic_info: 24 bytes");

#endif /* MACH_HOST_INFO_H */
