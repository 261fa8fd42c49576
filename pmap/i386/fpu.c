/*
 * pmap/i386/fpu.c - the FP flavours of thread_get_state/thread_set_state
 * on x86_64: i386_FLOAT_STATE (GNU Mach's FSAVE-format x87 image) and
 * i386_XFLOAT_STATE (the FXSAVE image), include/mach/x86_64/
 * thread_status.h.
 *
 * A user thread's FP state lives in its FXSAVE area (t->md.fpu) or, if it
 * was the last user thread to run on this CPU, still in the registers:
 * md_switch saves it lazily, when another user thread needs them
 * (switch.S).  fpu_sync brings the area up to date first; a set that
 * changes the area then drops the ownership, so that the next switch to
 * the thread loads the new state instead of keeping the stale registers.
 * Both run with interrupts disabled, so no switch moves the ownership
 * meanwhile.  The kernel itself never uses the FP registers
 * (-mgeneral-regs-only): fxsave64 here only copies them out.
 */
#include <kern/machine.h>
#include <kern/string.h>
#include <kern/thread.h>
#include <mach/kern_return.h>
#include <mach/x86_64/thread_status.h>
#include "x86.h"

/* Fields of the FXSAVE (64-bit) image. */
#define FX_FCW		0
#define FX_FSW		2
#define FX_FTW		4	/* abridged: one bit per physical register */
#define FX_FOP		6
#define FX_FIP		8
#define FX_FDP		16
#define FX_MXCSR	24
#define FX_ST0		32	/* ST(i) at FX_ST0 + 16 * i */

#define FCW_DEFAULT	0x037f
#define MXCSR_DEFAULT	0x1f80
#define MXCSR_VALID	0x0000ffbfu	/* no DAZ: the baseline mask */

/*
 * fpu_sync: if t's FP state is still in this CPU's registers, save it
 * into t's area (the registers keep it too).  Conditions: interrupts
 * disabled; t is not running.
 */
static void fpu_sync(struct thread *t)
{
	if (x86_cpu_self()->fpu_owner == t)
		__asm__ volatile("fxsave64 %0" : "=m"(*(uint8_t (*)[512])t->md.fpu));
}

/* The registers no longer hold t's state: the next switch loads it. */
static void fpu_release(struct thread *t)
{
	if (x86_cpu_self()->fpu_owner == t)
		x86_cpu_self()->fpu_owner = NULL;
}

static uint16_t get16(const uint8_t *p)
{
	uint16_t v;

	memcpy(&v, p, 2);
	return v;
}

static void put16(uint8_t *p, uint16_t v)
{
	memcpy(p, &v, 2);
}

/*
 * full_tag: the two-bit FSAVE tag of the register whose 80 bits are at
 * reg, given its abridged FXSAVE bit: 11 empty, 00 valid, 01 zero, 10
 * special (NaN, infinity, denormal, unnormal).
 */
static unsigned int full_tag(const uint8_t *reg, bool used)
{
	uint64_t mant;
	uint16_t exp;

	if (!used)
		return 3;
	memcpy(&mant, reg, 8);
	exp = get16(reg + 8) & 0x7fff;
	if (exp == 0x7fff)
		return 2;
	if (exp == 0)
		return mant == 0 ? 1 : 2;
	return (mant >> 63) ? 0 : 2;
}

/* fx_to_fsave: the x87 part of an FXSAVE image as GNU Mach's FSAVE one. */
static void fx_to_fsave(const uint8_t *fx, uint8_t *hw)
{
	struct i386_fp_save save;
	struct i386_fp_regs regs;
	unsigned int top = (get16(fx + FX_FSW) >> 11) & 7;
	uint8_t ftw = fx[FX_FTW];
	uint16_t tag = 0;

	memset(&save, 0, sizeof(save));
	save.fp_control = get16(fx + FX_FCW);
	save.fp_status = get16(fx + FX_FSW);
	save.fp_opcode = get16(fx + FX_FOP);
	memcpy(&save.fp_eip, fx + FX_FIP, 4);
	memcpy(&save.fp_dp, fx + FX_FDP, 4);
	for (unsigned int p = 0; p < 8; p++) {
		unsigned int st = (p - top) & 7;

		tag |= full_tag(fx + FX_ST0 + 16 * st, ftw & (1u << p)) << (2 * p);
	}
	save.fp_tag = tag;
	for (unsigned int i = 0; i < 8; i++)
		memcpy(regs.fp_reg_word[i], fx + FX_ST0 + 16 * i, 10);
	memcpy(hw, &save, sizeof(save));
	memcpy(hw + sizeof(save), &regs, sizeof(regs));
}

/* fsave_to_fx: GNU Mach's FSAVE image into the x87 part of FXSAVE. */
static void fsave_to_fx(const uint8_t *hw, uint8_t *fx)
{
	struct i386_fp_save save;
	struct i386_fp_regs regs;
	uint8_t ftw = 0;

	memcpy(&save, hw, sizeof(save));
	memcpy(&regs, hw + sizeof(save), sizeof(regs));
	put16(fx + FX_FCW, save.fp_control);
	put16(fx + FX_FSW, save.fp_status);
	for (unsigned int p = 0; p < 8; p++)
		if (((save.fp_tag >> (2 * p)) & 3) != 3)
			ftw |= 1u << p;
	fx[FX_FTW] = ftw;
	fx[FX_FTW + 1] = 0;
	put16(fx + FX_FOP, save.fp_opcode & 0x7ff);
	memset(fx + FX_FIP, 0, 16);
	memcpy(fx + FX_FIP, &save.fp_eip, 4);
	memcpy(fx + FX_FDP, &save.fp_dp, 4);
	for (unsigned int i = 0; i < 8; i++) {
		memset(fx + FX_ST0 + 16 * i, 0, 16);
		memcpy(fx + FX_ST0 + 16 * i, regs.fp_reg_word[i], 10);
	}
}

/* The initial FP state: fninit's x87, MXCSR at its default, all zero. */
static void fx_reset(uint8_t *fx)
{
	memset(fx, 0, FP_FXSAVE_BYTES);
	put16(fx + FX_FCW, FCW_DEFAULT);
	*(uint32_t *)(void *)(fx + FX_MXCSR) = MXCSR_DEFAULT;
}

/*
 * x86_fpu_get_state / x86_fpu_set_state: the FP flavours for
 * md_thread_get_state / md_thread_set_state (kern/machine.h): same
 * contract and returns.  Conditions: t is a stopped user thread.
 */
int x86_fpu_get_state(struct thread *t, int flavor, uint32_t *state,
		      unsigned int *count)
{
	uint8_t *fx = t->md.fpu;
	intr_state_t s;

	if (!fx)
		return KERN_INVALID_ARGUMENT;
	if (flavor == i386_FLOAT_STATE) {
		struct i386_float_state f;

		if (*count < i386_FLOAT_STATE_COUNT)
			return KERN_INVALID_ARGUMENT;
		memset(&f, 0, sizeof(f));
		f.fpkind = FP_387FX;
		f.initialized = 1;
		s = cpu_intr_save();
		fpu_sync(t);
		fx_to_fsave(fx, f.hw_state);
		cpu_intr_restore(s);
		memcpy(state, &f, sizeof(f));
		*count = i386_FLOAT_STATE_COUNT;
		return KERN_SUCCESS;
	}
	if (flavor == i386_XFLOAT_STATE) {
		struct i386_xfloat_state x;

		if (*count < i386_XFLOAT_STATE_COUNT)
			return KERN_INVALID_ARGUMENT;
		memset(&x, 0, sizeof(x));
		x.fpkind = FP_387FX;
		x.initialized = 1;
		x.fp_save_kind = FP_FXSAVE;
		s = cpu_intr_save();
		fpu_sync(t);
		memcpy(x.hw_state, fx, FP_FXSAVE_BYTES);
		cpu_intr_restore(s);
		memcpy(state, &x, sizeof(x));
		*count = i386_XFLOAT_STATE_COUNT;
		return KERN_SUCCESS;
	}
	return KERN_INVALID_ARGUMENT;
}

int x86_fpu_set_state(struct thread *t, int flavor, const uint32_t *state,
		      unsigned int count)
{
	uint8_t *fx = t->md.fpu;
	intr_state_t s;

	if (!fx)
		return KERN_INVALID_ARGUMENT;
	if (flavor == i386_FLOAT_STATE) {
		struct i386_float_state f;

		if (count < i386_FLOAT_STATE_COUNT)
			return KERN_INVALID_ARGUMENT;
		memcpy(&f, state, sizeof(f));
		s = cpu_intr_save();
		fpu_sync(t);
		if (f.initialized)
			fsave_to_fx(f.hw_state, fx);
		else
			fx_reset(fx);
		fpu_release(t);
		cpu_intr_restore(s);
		return KERN_SUCCESS;
	}
	if (flavor == i386_XFLOAT_STATE) {
		struct i386_xfloat_state x;
		uint32_t mxcsr;

		if (count < i386_XFLOAT_STATE_COUNT)
			return KERN_INVALID_ARGUMENT;
		memcpy(&x, state, sizeof(x));
		if (x.initialized && x.fp_save_kind != FP_FXSAVE)
			return KERN_INVALID_ARGUMENT;
		s = cpu_intr_save();
		if (x.initialized) {
			memcpy(fx, x.hw_state, FP_FXSAVE_BYTES);
			/* Reserved MXCSR bits make fxrstor fault. */
			memcpy(&mxcsr, fx + FX_MXCSR, 4);
			mxcsr &= MXCSR_VALID;
			memcpy(fx + FX_MXCSR, &mxcsr, 4);
			memset(fx + FX_MXCSR + 4, 0, 4);	/* MXCSR_MASK */
		} else {
			fx_reset(fx);
		}
		fpu_release(t);
		cpu_intr_restore(s);
		return KERN_SUCCESS;
	}
	return KERN_INVALID_ARGUMENT;
}
