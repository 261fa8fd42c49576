/*
 * pmap/arm64/thread.c - the machine-dependent half of threads: initial
 * kernel contexts, the boot thread, kernel stack bounds.
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

	memset(&t->md, 0, sizeof(t->md));
	t->md.user_tf = (struct trap_frame *)(top - TF_SIZE);
	memset(t->md.user_tf, 0, TF_SIZE);
	t->md.sp = (uint64_t)t->md.user_tf;
	t->md.lr = (uint64_t)arm64_thread_trampoline;
	t->md.fp = 0;
	t->md.stack_limit = t->kstack + TF_SIZE;
}

/*
 * md_thread_set_user_entry: user mode is not implemented on arm64 yet;
 * the registers are recorded for when it is.
 */
void md_thread_set_user_entry(struct thread *t, vaddr_t pc, vaddr_t sp)
{
	struct trap_frame *tf = t->md.user_tf;

	memset(tf, 0, sizeof(*tf));
	tf->pc = pc;
	tf->sp = sp;
}

/* md_thread_destroy: nothing machine-dependent is allocated per thread. */
void md_thread_destroy(struct thread *t)
{
	(void)t;
}

/*
 * arm64_user_entry: the trampoline's continuation for a thread without a
 * kernel body.  Interrupts are masked.  Does not return.
 */
void arm64_user_entry(struct trap_frame *tf)
{
	panic("arm64: thread %s would enter user mode at pc 0x%llx (not "
	      "supported yet)", current_thread()->name,
	      (unsigned long long)tf->pc);
}
