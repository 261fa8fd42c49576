/*
 * include/mach/time_value.h - times in the kernel interfaces.
 *
 * time_value_t (also rpc_time_value_t): 64-bit seconds and 32-bit
 * microseconds, 16 bytes with the padding (LP64).  time_value64_t: 64-bit
 * seconds and 64-bit nanoseconds, the newer fields GNU Mach appends to its
 * info structures.
 */
#ifndef MACH_TIME_VALUE_H
#define MACH_TIME_VALUE_H

#include <mach/vm_types.h>

typedef struct time_value {
	rpc_long_integer_t	seconds;
	integer_t		microseconds;
} time_value_t;
typedef time_value_t rpc_time_value_t;

typedef struct time_value64 {
	int64_t			seconds;
	int64_t			nanoseconds;
} time_value64_t;

#define TIME_MICROS_MAX		1000000

_Static_assert(sizeof(time_value_t) == 16, "LP64 time_value_t");
_Static_assert(sizeof(time_value64_t) == 16, "time_value64_t");

#endif /* MACH_TIME_VALUE_H */
