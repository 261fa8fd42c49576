/*
 * include/mach/x86_64/thread_status.h - x86_64 thread state flavours:
 * GNU Mach's numbers and its 64-bit i386_thread_state layout.
 *
 * Mica serves i386_THREAD_STATE.  In it, rsp and ursp both hold the user
 * stack pointer on get (ursp is the one set uses); gs, fs, es and ds read
 * as 0 (64-bit code does not use them), cs and ss as the user selectors,
 * and all six are ignored on set; the
 * flags the user may not own (IF is forced on; IOPL, NT, RF, VM, VIF, VIP
 * are cleared) are fixed up on set.  The other flavours are refused with
 * KERN_INVALID_ARGUMENT.
 */
#ifndef MACH_X86_64_THREAD_STATUS_H
#define MACH_X86_64_THREAD_STATUS_H

#include <stdint.h>

#define i386_THREAD_STATE	1
#define i386_FLOAT_STATE	2
#define i386_ISA_PORT_MAP_STATE	3
#define i386_V86_ASSIST_STATE	4
#define i386_REGS_SEGS_STATE	5
#define i386_DEBUG_STATE	6
#define i386_FSGS_BASE_STATE	7
#define i386_XFLOAT_STATE	8

struct i386_thread_state {
	uint32_t	gs, fs, es, ds;
	uint64_t	r8, r9, r10, r11, r12, r13, r14, r15;
	uint64_t	rdi, rsi, rbp, rsp, rbx, rdx, rcx, rax;
	uint64_t	rip;
	uint32_t	cs;
	uint64_t	rfl;
	uint64_t	ursp;
	uint32_t	ss;
};
#define i386_THREAD_STATE_COUNT \
	(sizeof(struct i386_thread_state) / sizeof(uint32_t))

_Static_assert(sizeof(struct i386_thread_state) == 184, "i386_thread_state");
_Static_assert(__builtin_offsetof(struct i386_thread_state, rip) == 144,
	       "i386_thread_state.rip");
_Static_assert(__builtin_offsetof(struct i386_thread_state, ursp) == 168,
	       "i386_thread_state.ursp");

#endif /* MACH_X86_64_THREAD_STATUS_H */
