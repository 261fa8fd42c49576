/*
 * include/mach/thread_info.h - thread_info flavours and their structures
 * (user ABI: GNU Mach's flavour numbers and LP64 layouts; counts in
 * 32-bit words).  A THREAD_BASIC_INFO caller may leave out the three
 * time_value64_t fields (count THREAD_BASIC_INFO_COUNT - 12).
 */
#ifndef MACH_THREAD_INFO_H
#define MACH_THREAD_INFO_H

#include <mach/vm_types.h>
#include <mach/time_value.h>

#define THREAD_INFO_MAX		1024	/* words */

#define THREAD_BASIC_INFO	1
struct thread_basic_info {
	rpc_time_value_t	user_time;
	rpc_time_value_t	system_time;
	integer_t		cpu_usage;	/* scaled by TH_USAGE_SCALE */
	integer_t		base_priority;
	integer_t		cur_priority;
	integer_t		run_state;	/* TH_STATE_* */
	integer_t		flags;		/* TH_FLAGS_* */
	integer_t		suspend_count;
	integer_t		sleep_time;	/* seconds */
	rpc_time_value_t	creation_time;	/* since boot */
	time_value64_t		user_time64;
	time_value64_t		system_time64;
	time_value64_t		creation_time64;
};
typedef struct thread_basic_info thread_basic_info_data_t;
typedef struct thread_basic_info *thread_basic_info_t;
#define THREAD_BASIC_INFO_COUNT \
	(sizeof(thread_basic_info_data_t) / sizeof(natural_t))

#define TH_USAGE_SCALE		1000

#define TH_STATE_RUNNING	1	/* running or runnable */
#define TH_STATE_STOPPED	2	/* suspended */
#define TH_STATE_WAITING	3	/* in an interruptible wait */
#define TH_STATE_UNINTERRUPTIBLE 4	/* in an uninterruptible wait */
#define TH_STATE_HALTED		5	/* terminated */

#define TH_FLAGS_SWAPPED	0x1
#define TH_FLAGS_IDLE		0x2	/* a processor's idle thread */

#define THREAD_SCHED_INFO	2
struct thread_sched_info {
	integer_t	policy;		/* POLICY_* */
	integer_t	data;		/* fixed priority: quantum in ms */
	integer_t	base_priority;
	integer_t	max_priority;
	integer_t	cur_priority;
	integer_t	depressed;
	integer_t	depress_priority;
	integer_t	last_processor;	/* slot of the last processor used */
};
typedef struct thread_sched_info thread_sched_info_data_t;
#define THREAD_SCHED_INFO_COUNT \
	(sizeof(thread_sched_info_data_t) / sizeof(natural_t))

_Static_assert(THREAD_BASIC_INFO_COUNT == 32, "thread_basic_info: 128 bytes");
_Static_assert(THREAD_SCHED_INFO_COUNT == 8, "thread_sched_info");

#endif /* MACH_THREAD_INFO_H */
