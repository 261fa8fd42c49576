/*
 * include/mach/x86_64/thread_status.h - x86_64 thread state flavours:
 * GNU Mach's numbers and its 64-bit layouts.
 *
 * Mica serves i386_THREAD_STATE, i386_FLOAT_STATE and i386_XFLOAT_STATE.
 *
 * i386_FLOAT_STATE is GNU Mach's: fpkind (FP_387FX, read-only),
 * initialized, the x87 state in the FSAVE image (struct i386_fp_save:
 * control, status, the full two-bit tag word, instruction and operand
 * pointers; then ST0..ST7, ten bytes each, from the top of the stack) and
 * exc_status (0).  The SSE state (MXCSR, XMM) is not in it and is kept
 * on set.  Setting initialized = 0 resets the thread's x87 and SSE state
 * to the initial one (fninit, MXCSR 0x1f80).
 *
 * i386_XFLOAT_STATE is the whole FXSAVE image (512 bytes: x87, MXCSR,
 * XMM0-15) after GNU Mach's 16-byte header (fp_save_kind FP_FXSAVE); on
 * set the reserved MXCSR bits are cleared (fxrstor would fault on them).
 *
 * In i386_THREAD_STATE, rsp and ursp both hold the user
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

/* fpkind values (GNU Mach's fp_reg.h) and fp_save_kind. */
#define FP_NO		0
#define FP_SOFT		1
#define FP_287		2
#define FP_387		3
#define FP_387FX	4	/* x87 and SSE saved with FXSAVE: Mica */
#define FP_387X		5
#define FP_FNSAVE	0
#define FP_FXSAVE	1

struct i386_fp_save {
	uint16_t	fp_control, fp_unused_1;
	uint16_t	fp_status, fp_unused_2;
	uint16_t	fp_tag, fp_unused_3;	/* two bits per register */
	uint32_t	fp_eip;
	uint16_t	fp_cs, fp_opcode;
	uint32_t	fp_dp;
	uint16_t	fp_ds, fp_unused_4;
};

struct i386_fp_regs {
	uint16_t	fp_reg_word[8][5];	/* ST0 first: 80 bits each */
};

#define FP_STATE_BYTES \
	(sizeof(struct i386_fp_save) + sizeof(struct i386_fp_regs))

struct i386_float_state {
	int32_t		fpkind;
	int32_t		initialized;
	uint8_t		hw_state[FP_STATE_BYTES];	/* fp_save, fp_regs */
	int32_t		exc_status;
};
#define i386_FLOAT_STATE_COUNT \
	(sizeof(struct i386_float_state) / sizeof(uint32_t))

#define FP_FXSAVE_BYTES	512

struct i386_xfloat_state {
	int32_t		fpkind;
	int32_t		initialized;
	int32_t		exc_status;
	int32_t		fp_save_kind;
	uint8_t		hw_state[FP_FXSAVE_BYTES];	/* the FXSAVE image */
};
#define i386_XFLOAT_STATE_COUNT \
	(sizeof(struct i386_xfloat_state) / sizeof(uint32_t))

_Static_assert(sizeof(struct i386_fp_save) == 28, "i386_fp_save");
_Static_assert(sizeof(struct i386_float_state) == 120, "i386_float_state");
_Static_assert(sizeof(struct i386_xfloat_state) == 528, "i386_xfloat_state");

#endif /* MACH_X86_64_THREAD_STATUS_H */
