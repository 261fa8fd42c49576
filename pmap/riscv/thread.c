/*
 * pmap/riscv/thread.c - the machine-dependent half of threads: initial
 * kernel contexts, user entry frames, the per-hart blocks, the
 * system-call register convention and the thread state flavours.
 *
 * Kernel stack layout of a thread (kmem_alloc_stack: 16 KiB above an
 * unmapped guard page):
 *
 *   kstack + kstack_size  +----------------------------+
 *                         | user frame (TF_SIZE)       | traps from U-mode
 *   kstack_top, first sp  +----------------------------+
 *                         | kernel frames, and trap    |
 *                         | frames of S-mode traps     |
 *   stack_limit --------> + - - - - - - - - - - - - - -+ kstack + TF_SIZE
 *                         | room for one trap frame    |
 *   kstack -------------> +----------------------------+
 *                         | guard page (unmapped)      |
 *                         +----------------------------+
 *
 * An S-mode trap taken with sp below stack_limit cannot save its frame on
 * this stack: the entry moves to the hart's emergency stack and
 * riscv_stack_overflow panics naming the thread (trap_entry.S).
 */
#include <kern/machine.h>
#include <kern/panic.h>
#include <kern/processor.h>
#include <kern/string.h>
#include <kern/thread.h>
#include <mach/kern_return.h>
#include <mach/riscv64/thread_status.h>
#include "md.h"

/* The per-hart blocks; start.S fills the boot hart's (index 0). */
struct riscv_cpu riscv_cpus[MAX_CPUS];
char riscv_emergency_stacks[MAX_CPUS][RISCV_EMERGENCY_STACK_SIZE]
	__attribute__((aligned(16)));

/*
 * md_thread_init_boot: the boot context becomes thread t.  Its stack is
 * the boot stack (start.S), whose limit the per-hart block already holds;
 * md_switch fills the saved context the first time t is switched away
 * from.  Conditions: SIE clear, before any other thread exists.
 */
void md_thread_init_boot(struct thread *t)
{
	t->kstack = (vaddr_t)boot_stack;
	t->kstack_size = (size_t)(boot_stack_top - boot_stack);
	t->md.stack_limit = t->kstack + TF_SIZE;
	t->md.kstack_top = t->kstack + t->kstack_size - TF_SIZE;
	t->md.user = 0;			/* never enters user mode */
	t->md.user_tf = NULL;
}

/*
 * md_thread_init: prepare t (kstack set) so that the first md_switch to
 * it "returns" into riscv_thread_trampoline with sp at the (zeroed) user
 * frame and s0 = 0, the end of every backtrace of the thread.
 * Conditions: t is not running; any interrupt state.
 */
void md_thread_init(struct thread *t)
{
	vaddr_t top = t->kstack + t->kstack_size;

	memset(&t->md, 0, sizeof(t->md));
	t->md.user_tf = (struct trap_frame *)(top - TF_SIZE);
	memset(t->md.user_tf, 0, TF_SIZE);
	t->md.kstack_top = top - TF_SIZE;
	t->md.sp = top - TF_SIZE;
	t->md.ra = (uint64_t)riscv_thread_trampoline;
	t->md.stack_limit = t->kstack + TF_SIZE;
}

/*
 * md_thread_set_user_entry: the user frame of a thread that has not run:
 * every register zero but pc and sp, U-mode (SPP clear) with interrupts
 * enabled after sret (SPIE), SUM clear (a record only: user_return sets
 * these in the live sstatus).  The FP save area is zeroed and owned by no
 * hart, so the thread's first FP instruction loads zeroes (switch.S).
 * Conditions: t is not running.
 */
void md_thread_set_user_entry(struct thread *t, vaddr_t pc, vaddr_t sp)
{
	struct trap_frame *tf = t->md.user_tf;

	memset(tf, 0, sizeof(*tf));
	tf->pc = pc;
	tf->regs[REG_SP] = sp;
	tf->status = (csr_read(sstatus) &
		      ~(SSTATUS_SPP | SSTATUS_SIE | SSTATUS_SUM | SSTATUS_MXR |
			SSTATUS_FS)) |
		     SSTATUS_SPIE;
	memset(&t->md.fpu, 0, sizeof(t->md.fpu));
	t->md.fp_cpu = NULL;
	t->md.user = 1;
}

/* md_thread_destroy: nothing machine-dependent is allocated per thread. */
void md_thread_destroy(struct thread *t)
{
	(void)t;
}


/* md_syscall_extra_arg (kern/machine.h): a0-a6 of the user frame. */
bool md_syscall_extra_arg(unsigned int index, uintptr_t *value)
{
	const struct trap_frame *tf = current_thread()->md.user_tf;

	if (index > 6 || !tf)
		return false;
	*value = tf->regs[REG_A0 + index];
	return true;
}

/*
 * riscv_stack_overflow: called by the trap entry on the emergency stack
 * for a kernel trap whose sp was below the current thread's stack limit.
 * From here on the limit is the emergency stack's, so an overflow of it
 * stops the hart in the entry instead of recursing.  Does not return.
 */
void riscv_stack_overflow(struct trap_frame *tf)
{
	struct riscv_cpu *c = riscv_cpu_self();
	struct thread *t = current_processor()->active_thread;
	uintptr_t base = (uintptr_t)riscv_emergency_stacks[c->cpu_index];

	c->stack_limit = base + TF_SIZE;
	panic_trap(tf, "kernel stack overflow in thread %s: sp 0x%lx, stack "
		   "[0x%lx, 0x%lx), scause 0x%lx, stval 0x%lx",
		   t ? t->name : "(boot, before threads)",
		   (unsigned long)tf->regs[REG_SP],
		   t ? (unsigned long)t->kstack : 0UL,
		   t ? (unsigned long)(t->kstack + t->kstack_size) : 0UL,
		   (unsigned long)tf->cause, (unsigned long)tf->tval);
}

/*
 * Thread state (kern/machine.h): Mica's riscv64 flavours
 * (include/mach/riscv64/thread_status.h).  RISCV_THREAD_STATE is the user
 * frame's x1-x31 and pc; sstatus is not part of it.  RISCV_FLOAT_STATE is
 * the FP save area, current for every thread but the running one (the
 * switch saves a Dirty state eagerly; the load is lazy, switch.S).  A new
 * FP state disowns the hart whose registers may still hold the old one
 * (fp_cpu = NULL), so that the thread's next FP instruction after it is
 * switched to traps and loads the new state.
 */
int md_thread_get_state(struct thread *t, int flavor, uint32_t *state,
			unsigned int *count)
{
	const struct trap_frame *tf = t->md.user_tf;

	if (!tf || !t->md.user)
		return KERN_INVALID_ARGUMENT;
	if (flavor == RISCV_THREAD_STATE) {
		struct riscv_thread_state s;

		if (*count < RISCV_THREAD_STATE_COUNT)
			return KERN_INVALID_ARGUMENT;
		memcpy(s.x, &tf->regs[1], sizeof(s.x));
		s.pc = tf->pc;
		memcpy(state, &s, sizeof(s));
		*count = RISCV_THREAD_STATE_COUNT;
		return KERN_SUCCESS;
	}
	if (flavor == RISCV_FLOAT_STATE) {
		struct riscv_float_state f;

		if (*count < RISCV_FLOAT_STATE_COUNT)
			return KERN_INVALID_ARGUMENT;
		memcpy(f.f, t->md.fpu.f, sizeof(f.f));
		f.fcsr = t->md.fpu.fcsr;
		memcpy(state, &f, sizeof(f));
		*count = RISCV_FLOAT_STATE_COUNT;
		return KERN_SUCCESS;
	}
	return KERN_INVALID_ARGUMENT;
}

int md_thread_set_state(struct thread *t, int flavor, const uint32_t *state,
			unsigned int count)
{
	struct trap_frame *tf = t->md.user_tf;

	if (!tf || !t->md.user)
		return KERN_INVALID_ARGUMENT;
	if (flavor == RISCV_THREAD_STATE) {
		struct riscv_thread_state s;

		if (count < RISCV_THREAD_STATE_COUNT)
			return KERN_INVALID_ARGUMENT;
		memcpy(&s, state, sizeof(s));
		memcpy(&tf->regs[1], s.x, sizeof(s.x));
		tf->link_fp = tf->regs[REG_S0];
		tf->pc = s.pc;
		return KERN_SUCCESS;
	}
	if (flavor == RISCV_FLOAT_STATE) {
		struct riscv_float_state f;

		if (count < RISCV_FLOAT_STATE_COUNT)
			return KERN_INVALID_ARGUMENT;
		memcpy(&f, state, sizeof(f));
		memcpy(t->md.fpu.f, f.f, sizeof(f.f));
		t->md.fpu.fcsr = f.fcsr & 0xff;		/* frm, fflags */
		t->md.fp_cpu = NULL;
		return KERN_SUCCESS;
	}
	return KERN_INVALID_ARGUMENT;
}
