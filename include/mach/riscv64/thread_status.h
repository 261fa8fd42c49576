/*
 * include/mach/riscv64/thread_status.h - riscv64 thread state flavours.
 * GNU Mach defines none for RV64; these are Mica's, in the style of the
 * others.
 *
 * RISCV_THREAD_STATE: the integer registers x1 (ra) to x31 (t6) in
 * register-number order, then pc.  RISCV_FLOAT_STATE: f0-f31 as 64-bit
 * values (the D extension's width), then fcsr in a 64-bit slot (only its
 * low 8 bits, frm and fflags, are kept on set).
 */
#ifndef MACH_RISCV64_THREAD_STATUS_H
#define MACH_RISCV64_THREAD_STATUS_H

#include <stdint.h>

#define RISCV_THREAD_STATE	1
#define RISCV_FLOAT_STATE	2

struct riscv_thread_state {
	uint64_t	x[31];		/* x[n - 1] is register xn */
	uint64_t	pc;
};
#define RISCV_THREAD_STATE_COUNT \
	(sizeof(struct riscv_thread_state) / sizeof(uint32_t))

struct riscv_float_state {
	uint64_t	f[32];
	uint64_t	fcsr;
};
#define RISCV_FLOAT_STATE_COUNT \
	(sizeof(struct riscv_float_state) / sizeof(uint32_t))

_Static_assert(sizeof(struct riscv_thread_state) == 256, "riscv_thread_state");
_Static_assert(sizeof(struct riscv_float_state) == 264, "riscv_float_state");

#endif /* MACH_RISCV64_THREAD_STATUS_H */
