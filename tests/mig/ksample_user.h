/* tests/mig/ksample_user.h - user-side types for ksample.defs. */
#ifndef KSAMPLE_USER_H
#define KSAMPLE_USER_H
#include <mach/std_types.h>
typedef mach_port_t *task_array_t;
typedef mach_port_t *port_list_t;
#endif
