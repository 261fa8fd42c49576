/*
 * include/mach/task_info.h - task_info flavours and their structures
 * (user ABI: GNU Mach's flavour numbers and LP64 layouts).
 *
 * The counts are in 32-bit words.  Callers that predate the time_value64_t
 * fields may pass a count that leaves them out (TASK_BASIC_INFO_COUNT - 12,
 * TASK_THREAD_TIMES_INFO_COUNT - 8); the kernel then fills only the older
 * fields.
 */
#ifndef MACH_TASK_INFO_H
#define MACH_TASK_INFO_H

#include <mach/vm_types.h>
#include <mach/time_value.h>

#define TASK_INFO_MAX		1024	/* words */

#define TASK_BASIC_INFO		1
struct task_basic_info {
	integer_t		suspend_count;
	integer_t		base_priority;	/* of new threads */
	rpc_vm_size_t		virtual_size;	/* bytes */
	rpc_vm_size_t		resident_size;	/* bytes */
	rpc_time_value_t	user_time;	/* of terminated threads */
	rpc_time_value_t	system_time;
	rpc_time_value_t	creation_time;	/* since boot */
	time_value64_t		user_time64;
	time_value64_t		system_time64;
	time_value64_t		creation_time64;
};
typedef struct task_basic_info task_basic_info_data_t;
typedef struct task_basic_info *task_basic_info_t;
#define TASK_BASIC_INFO_COUNT \
	(sizeof(task_basic_info_data_t) / sizeof(integer_t))

#define TASK_EVENTS_INFO	2	/* not kept by Mica: refused */
struct task_events_info {
	rpc_long_natural_t	faults;
	rpc_long_natural_t	zero_fills;
	rpc_long_natural_t	reactivations;
	rpc_long_natural_t	pageins;
	rpc_long_natural_t	cow_faults;
	rpc_long_natural_t	messages_sent;
	rpc_long_natural_t	messages_received;
};
#define TASK_EVENTS_INFO_COUNT \
	(sizeof(struct task_events_info) / sizeof(integer_t))

#define TASK_THREAD_TIMES_INFO	3	/* live threads, summed */
struct task_thread_times_info {
	rpc_time_value_t	user_time;
	rpc_time_value_t	system_time;
	time_value64_t		user_time64;
	time_value64_t		system_time64;
};
typedef struct task_thread_times_info task_thread_times_info_data_t;
#define TASK_THREAD_TIMES_INFO_COUNT \
	(sizeof(task_thread_times_info_data_t) / sizeof(integer_t))

_Static_assert(TASK_BASIC_INFO_COUNT == 30, "task_basic_info: 120 bytes");
_Static_assert(TASK_EVENTS_INFO_COUNT == 14, "task_events_info: 56 bytes");
_Static_assert(TASK_THREAD_TIMES_INFO_COUNT == 16, "task_thread_times_info");

#endif /* MACH_TASK_INFO_H */
