/*
 * include/mach/processor_info.h - processor_info and processor_set_info
 * flavours (user ABI: GNU Mach's numbers; counts in 32-bit words).
 */
#ifndef MACH_PROCESSOR_INFO_H
#define MACH_PROCESSOR_INFO_H

#include <mach/machine.h>

#define PROCESSOR_INFO_MAX	1024
#define PROCESSOR_SET_INFO_MAX	1024

#define PROCESSOR_BASIC_INFO	1
struct processor_basic_info {
	cpu_type_t	cpu_type;
	cpu_subtype_t	cpu_subtype;
	integer_t	running;	/* boolean */
	integer_t	slot_num;
	integer_t	is_master;	/* boolean: the boot processor */
};
typedef struct processor_basic_info processor_basic_info_data_t;
#define PROCESSOR_BASIC_INFO_COUNT \
	(sizeof(processor_basic_info_data_t) / sizeof(integer_t))

#define PROCESSOR_SET_BASIC_INFO	1
struct processor_set_basic_info {
	integer_t	processor_count;
	integer_t	task_count;
	integer_t	thread_count;
	integer_t	load_average;	/* scaled by LOAD_SCALE */
	integer_t	mach_factor;	/* scaled by LOAD_SCALE */
};
typedef struct processor_set_basic_info processor_set_basic_info_data_t;
#define PROCESSOR_SET_BASIC_INFO_COUNT \
	(sizeof(processor_set_basic_info_data_t) / sizeof(integer_t))

#define PROCESSOR_SET_SCHED_INFO	2
struct processor_set_sched_info {
	integer_t	policies;	/* POLICY_* bits enabled */
	integer_t	max_priority;	/* of new threads */
};
typedef struct processor_set_sched_info processor_set_sched_info_data_t;
#define PROCESSOR_SET_SCHED_INFO_COUNT \
	(sizeof(processor_set_sched_info_data_t) / sizeof(integer_t))

#endif /* MACH_PROCESSOR_INFO_H */
