/*
 * include/mach/std_types.h - the C side of std_types.defs: the types every
 * interface uses (ports, messages, machine-sized integers).
 */
#ifndef MACH_STD_TYPES_H
#define MACH_STD_TYPES_H

#include <stdint.h>
#include <mach/boolean.h>
#include <mach/kern_return.h>
#include <mach/vm_types.h>
#include <mach/port.h>
#include <mach/message.h>

typedef vm_offset_t pointer_t;	/* out-of-line data */

#endif /* MACH_STD_TYPES_H */
