/*
 * include/mach/machine.h - processor types reported by host_info and
 * processor_info (GNU Mach's numbering; riscv64 as in the GNU Mach
 * RISC-V port).
 */
#ifndef MACH_MACHINE_H
#define MACH_MACHINE_H

#include <mach/vm_types.h>

typedef integer_t	cpu_type_t;
typedef integer_t	cpu_subtype_t;

#define CPU_TYPE_I386		((cpu_type_t) 7)
#define CPU_TYPE_ARM		((cpu_type_t) 12)
#define CPU_TYPE_X86_64		((cpu_type_t) 21)
#define CPU_TYPE_ARM64		((cpu_type_t) 22)
#define CPU_TYPE_RISCV64	((cpu_type_t) 23)

#define CPU_SUBTYPE_AT386	((cpu_subtype_t) 1)	/* PC-compatible */
#define CPU_SUBTYPE_ANY		((cpu_subtype_t) 0)

#endif /* MACH_MACHINE_H */
