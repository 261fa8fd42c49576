/*
 * include/mach/aarch64/thread_status.h - arm64 thread state flavours:
 * GNU Mach's aarch64 numbers and layouts.
 *
 * AARCH64_THREAD_STATE: x0-x30, sp, pc, TPIDR_EL0 and the PSTATE in SPSR
 * format; on set only the condition flags (N, Z, C, V) are taken from cpsr,
 * the rest is EL0t with interrupts enabled.  AARCH64_FLOAT_STATE: v0-v31
 * (128 bits each), FPSR and FPCR (only their defined bits are kept).
 */
#ifndef MACH_AARCH64_THREAD_STATUS_H
#define MACH_AARCH64_THREAD_STATUS_H

#include <stdint.h>

#define AARCH64_THREAD_STATE	1
#define AARCH64_FLOAT_STATE	2

struct aarch64_thread_state {
	uint64_t	x[31];
	uint64_t	sp;
	uint64_t	pc;
	uint64_t	tpidr_el0;
	uint64_t	cpsr;		/* SPSR_EL1 format */
};
#define AARCH64_THREAD_STATE_COUNT \
	(sizeof(struct aarch64_thread_state) / sizeof(uint32_t))

struct aarch64_float_state {
	__int128	v[32];
	uint64_t	fpsr;
	uint64_t	fpcr;
};
#define AARCH64_FLOAT_STATE_COUNT \
	(sizeof(struct aarch64_float_state) / sizeof(uint32_t))

_Static_assert(sizeof(struct aarch64_thread_state) == 280,
	       "aarch64_thread_state");
_Static_assert(sizeof(struct aarch64_float_state) == 528,
	       "aarch64_float_state");

#endif /* MACH_AARCH64_THREAD_STATUS_H */
