/*
 * tests/host/shim/machine/cpu.h - the one <machine/cpu.h> primitive the
 * host-tested IPC code uses (ipc/ipc_space.c: cpu_ctz64).
 */
#ifndef HOST_SHIM_MACHINE_CPU_H
#define HOST_SHIM_MACHINE_CPU_H

#include <stdint.h>

/* The trailing zero bits of x != 0. */
static inline unsigned int cpu_ctz64(uint64_t x)
{
	return (unsigned int)__builtin_ctzll(x);
}

#endif /* HOST_SHIM_MACHINE_CPU_H */
