/*
 * pmap/arm64/thread.c - the machine-dependent half of threads: initial
 * kernel contexts, the boot thread, kernel stack bounds, the initial user
 * state, the thread state flavours and what EL0 is allowed.
 *
 * Kernel stack layout of a thread (kmem_alloc_stack: 16 KiB above an
 * unmapped guard page):
 *
 *   kstack + kstack_size  +----------------------------+
 *                         | user frame (TF_SIZE)       | exceptions from EL0
 *   initial sp ---------> +----------------------------+
 *                         | kernel frames, and trap    |
 *                         | frames of EL1 exceptions   |
 *   stack_limit --------> + - - - - - - - - - - - - - -+ kstack + TF_SIZE
 *                         | room for one trap frame    |
 *   kstack -------------> +----------------------------+
 *                         | guard page (unmapped)      |
 *                         +----------------------------+
 *
 * An EL1 exception taken with sp below stack_limit cannot save its frame
 * on this stack: the vectors move to the overflow stack and panic with
 * "kernel stack overflow" (vectors.S, check_stack; trap.c).
 */
#include <kern/machine.h>
#include <kern/panic.h>
#include <kern/string.h>
#include <kern/thread.h>
#include <mach/aarch64/thread_status.h>
#include <mach/kern_return.h>
#include <machine/sysreg.h>
#include "arm64.h"

extern char boot_stack[], boot_stack_top[];

/*
 * md_thread_init_boot: the boot context becomes thread t.  Its stack is
 * the boot stack (start.S), whose limit TPIDR_EL1 already holds; md_switch
 * fills the saved context the first time t is switched away from.
 * Conditions: interrupts disabled, before any other thread exists.
 */
void md_thread_init_boot(struct thread *t)
{
	t->kstack = (vaddr_t)boot_stack;
	t->kstack_size = (size_t)(boot_stack_top - boot_stack);
	t->md.stack_limit = t->kstack + TF_SIZE;
	t->md.user_tf = NULL;		/* the boot thread never enters EL0 */
}

/*
 * md_thread_init: prepare t (kstack set) so that the first md_switch to
 * it "returns" into arm64_thread_trampoline with sp just below the user
 * frame, x29 = 0 (the end of every backtrace of the thread).
 * Conditions: t is not running; any interrupt state.
 */
void md_thread_init(struct thread *t)
{
	vaddr_t top = t->kstack + t->kstack_size;

	arm64_fpu_forget(t);			/* a reused structure */
	memset(&t->md, 0, sizeof(t->md));
	t->md.user_tf = (struct trap_frame *)(top - TF_SIZE);
	memset(t->md.user_tf, 0, TF_SIZE);
	t->md.sp = (uint64_t)t->md.user_tf;
	t->md.lr = (uint64_t)arm64_thread_trampoline;
	t->md.fp = 0;
	t->md.stack_limit = t->kstack + TF_SIZE;
}

/*
 * md_thread_set_user_entry: the user frame that the trampoline's first
 * return to EL0 loads: pc, sp, EL0t with interrupts enabled, every other
 * register zero; FP/SIMD state clean (FPCR 0: round to nearest, no
 * exception traps), TPIDR_EL0 0: its first FP/SIMD use traps and loads
 * that clean state (fpu.c).  From now on md_switch carries t's EL0
 * state.  Conditions: t is not running (created, not yet resumed).
 */
void md_thread_set_user_entry(struct thread *t, vaddr_t pc, vaddr_t sp)
{
	struct trap_frame *tf = t->md.user_tf;

	memset(tf, 0, sizeof(*tf));
	tf->pc = pc;
	tf->sp = sp;
	tf->pstate = SPSR_M_EL0T;
	memset(&t->md.fpu, 0, sizeof(t->md.fpu));
	t->md.tpidr_el0 = 0;
	t->md.fpu_runs = 0;
	t->md.user = 1;
	arm64_fpu_forget(t);
}

/*
 * md_thread_destroy: t is off every processor for good; its structure
 * may be reused for another thread, which must not be taken for the
 * owner of the FP/SIMD registers.
 */
void md_thread_destroy(struct thread *t)
{
	arm64_fpu_forget(t);
}

/*
 * arm64_el0_init: what EL0 may use, set once per CPU (md_cpu_init):
 *  - CPACR_EL1.FPEN = 0b01: FP/SIMD open at EL1 (switch.S saves and
 *    loads it; the kernel's C code has no FP instructions:
 *    -mgeneral-regs-only), trapped at EL0 until a thread's first use
 *    (lazy FP state, arm64_fpu_init, fpu.c);
 *  - CNTKCTL_EL1.EL0VCTEN: EL0 reads CNTVCT_EL0 and CNTFRQ_EL0; the
 *    physical counter and the timers stay EL1's;
 *  - SCTLR_EL1: SA0 (EL0 sp alignment check), UCT (EL0 reads CTR_EL0),
 *    DZE (EL0 may use dc zva); WFI/WFE at EL0 keep trapping (nTWI, nTWE
 *    clear) and end the thread as illegal instructions;
 *  - TPIDRRO_EL0 = 0: it is not used, and must not leak a reset value.
 * Conditions: interrupts disabled.
 */
void arm64_el0_init(void)
{
	arm64_fpu_init();
	write_sysreg(cntkctl_el1, CNTKCTL_EL0VCTEN);
	write_sysreg(sctlr_el1, read_sysreg(sctlr_el1) | SCTLR_SA0 | SCTLR_UCT |
		     SCTLR_DZE);
	write_sysreg(tpidrro_el0, 0);
	isb();
}

/*
 * Thread state (kern/machine.h): GNU Mach's aarch64 flavours
 * (include/mach/aarch64/thread_status.h).  AARCH64_THREAD_STATE is the
 * user frame plus TPIDR_EL0; AARCH64_FLOAT_STATE is the FP/SIMD save area,
 * which is current for any thread but the running one (fpu.c: md_switch
 * saves the registers of a thread that used them; arm64_fpu_sync would
 * flush the running thread's).
 */
#define SPSR_NZCV		0xf0000000UL	/* the flags EL0 owns */
#define FPSR_DEFINED		0xf800009fUL	/* NZCV QC IDC IXC..IOC */
#define FPCR_DEFINED		0x07ff9f00UL	/* AHP DN FZ RMode ... IOE */

int md_thread_get_state(struct thread *t, int flavor, uint32_t *state,
			unsigned int *count)
{
	const struct trap_frame *tf = t->md.user_tf;

	if (!tf || !t->md.user)
		return KERN_INVALID_ARGUMENT;
	if (flavor == AARCH64_THREAD_STATE) {
		struct aarch64_thread_state s;

		if (*count < AARCH64_THREAD_STATE_COUNT)
			return KERN_INVALID_ARGUMENT;
		memcpy(s.x, tf->x, sizeof(s.x));
		s.sp = tf->sp;
		s.pc = tf->pc;
		s.tpidr_el0 = t->md.tpidr_el0;
		s.cpsr = tf->pstate;
		memcpy(state, &s, sizeof(s));
		*count = AARCH64_THREAD_STATE_COUNT;
		return KERN_SUCCESS;
	}
	if (flavor == AARCH64_FLOAT_STATE) {
		struct aarch64_float_state f;

		if (*count < AARCH64_FLOAT_STATE_COUNT)
			return KERN_INVALID_ARGUMENT;
		arm64_fpu_sync(t);
		/* q[2i] is the low half of vi: the layout of an __int128. */
		memcpy(f.v, t->md.fpu.q, sizeof(f.v));
		f.fpsr = t->md.fpu.fpsr;
		f.fpcr = t->md.fpu.fpcr;
		memcpy(state, &f, sizeof(f));
		*count = AARCH64_FLOAT_STATE_COUNT;
		return KERN_SUCCESS;
	}
	return KERN_INVALID_ARGUMENT;
}

/*
 * md_thread_set_state: only NZCV is taken from cpsr (the thread stays in
 * EL0t with interrupts unmasked); FPSR and FPCR keep their defined bits.
 * A new FP state must be loaded when the thread next uses FP/SIMD, even
 * if the registers still hold its old one: arm64_fpu_forget.
 */
int md_thread_set_state(struct thread *t, int flavor, const uint32_t *state,
			unsigned int count)
{
	struct trap_frame *tf = t->md.user_tf;

	if (!tf || !t->md.user)
		return KERN_INVALID_ARGUMENT;
	if (flavor == AARCH64_THREAD_STATE) {
		struct aarch64_thread_state s;

		if (count < AARCH64_THREAD_STATE_COUNT)
			return KERN_INVALID_ARGUMENT;
		memcpy(&s, state, sizeof(s));
		memcpy(tf->x, s.x, sizeof(tf->x));
		tf->sp = s.sp;
		tf->pc = s.pc;
		tf->pstate = (s.cpsr & SPSR_NZCV) | SPSR_M_EL0T;
		t->md.tpidr_el0 = s.tpidr_el0;
		return KERN_SUCCESS;
	}
	if (flavor == AARCH64_FLOAT_STATE) {
		struct aarch64_float_state f;

		if (count < AARCH64_FLOAT_STATE_COUNT)
			return KERN_INVALID_ARGUMENT;
		memcpy(&f, state, sizeof(f));
		memcpy(t->md.fpu.q, f.v, sizeof(f.v));
		t->md.fpu.fpsr = f.fpsr & FPSR_DEFINED;
		t->md.fpu.fpcr = f.fpcr & FPCR_DEFINED;
		arm64_fpu_forget(t);
		return KERN_SUCCESS;
	}
	return KERN_INVALID_ARGUMENT;
}
