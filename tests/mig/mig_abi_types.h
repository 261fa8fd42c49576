/* tests/mig/mig_abi_types.h - C types of abi.defs. */
#ifndef MIG_ABI_TYPES_H
#define MIG_ABI_TYPES_H
#include <mach/std_types.h>
typedef int *int_array_t;
typedef int pair_t[2];
typedef mach_port_t *port_array_t;
typedef long int64;
#endif
