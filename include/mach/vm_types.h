/*
 * include/mach/vm_types.h - the machine-sized integer types of the user ABI.
 *
 * All Mica ports are LP64 (x86_64, arm64, riscv64) and use GNU Mach's LP64
 * conventions: natural_t and integer_t stay 32 bits (they are the
 * MACH_MSG_TYPE_INTEGER_32 of the interfaces), addresses and sizes are 64
 * bits, and the rpc_* types are what travels in messages.
 */
#ifndef MACH_VM_TYPES_H
#define MACH_VM_TYPES_H

#include <stdint.h>

typedef unsigned int	natural_t;
typedef int		integer_t;

typedef unsigned long	long_natural_t;
typedef long		long_integer_t;

typedef uintptr_t	vm_offset_t;
typedef uintptr_t	vm_size_t;
typedef vm_offset_t	vm_address_t;
typedef vm_offset_t	*vm_offset_array_t;
typedef vm_size_t	*vm_size_array_t;

/* What the interfaces carry: 64 bits on every Mica port. */
typedef uint64_t	rpc_vm_address_t;
typedef uint64_t	rpc_vm_offset_t;
typedef uint64_t	rpc_vm_size_t;
typedef uint64_t	rpc_long_natural_t;
typedef int64_t		rpc_long_integer_t;
typedef uint64_t	rpc_phys_addr_t;
typedef uintptr_t	rpc_uintptr_t;

typedef unsigned long long phys_addr_t;

_Static_assert(sizeof(natural_t) == 4, "natural_t is 32 bits");
_Static_assert(sizeof(vm_offset_t) == 8, "Mica ports are LP64");

#endif /* MACH_VM_TYPES_H */
