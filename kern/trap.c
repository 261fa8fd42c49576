/*
 * kern/trap.c - machine-independent handling of traps.
 *
 * Kernel mode: tests and benchmarks provoke traps on purpose (a
 * breakpoint, an illegal instruction) to prove the trap path reports and
 * resumes.  They announce the trap with trap_expect(); every other
 * kernel-mode trap is a kernel bug and panics with a full report.
 *
 * User mode: user_trap, user_fault and user_syscall_unknown turn a user
 * thread's trap into a Mach exception (kern/exception.c): the port's
 * md_exception_code names it, exception_deliver sends it to the thread's
 * or the task's exception port; if no handler resumes the thread, the
 * trap is reported on the console and the task is terminated.
 */
#include <kern/machine.h>
#include <kern/console.h>
#include <kern/exception.h>
#include <kern/panic.h>
#include <kern/task.h>
#include <kern/thread.h>
#include <kern/trap.h>
#include <mach/exception.h>

/* Per-CPU when SMP arrives; one CPU today. */
static volatile int expected_kind = -1;
static volatile bool expected_quiet;
static volatile unsigned long expected_taken;

static const char *const kind_names[TRAP_KIND_COUNT] = {
	[TRAP_BREAKPOINT] = "breakpoint",
	[TRAP_ILLEGAL] = "illegal instruction",
	[TRAP_PAGE_FAULT] = "page fault",
	[TRAP_ALIGNMENT] = "alignment fault",
	[TRAP_ARITHMETIC] = "arithmetic fault",
	[TRAP_OTHER] = "exception",
};

const char *trap_kind_name(enum trap_kind kind)
{
	if ((unsigned int)kind < TRAP_KIND_COUNT)
		return kind_names[kind];
	return "unknown trap";
}

void trap_expect(enum trap_kind kind, bool quiet)
{
	expected_quiet = quiet;
	__atomic_store_n(&expected_kind, (int)kind, __ATOMIC_SEQ_CST);
}

void trap_expect_cancel(void)
{
	__atomic_store_n(&expected_kind, -1, __ATOMIC_SEQ_CST);
}

unsigned long trap_expected_taken(void)
{
	return __atomic_load_n(&expected_taken, __ATOMIC_SEQ_CST);
}

bool kernel_trap(enum trap_kind kind, unsigned long code, vaddr_t fault_addr,
		 struct trap_frame *tf)
{
	if (expected_kind == (int)kind) {
		expected_kind = -1;
		expected_taken++;
		if (!expected_quiet) {
			kprintf("trap: expected %s (code 0x%lx) at pc 0x%lx, "
				"resuming\n", trap_kind_name(kind), code,
				(unsigned long)trap_frame_pc(tf));
			md_dump_trap_frame(tf);
		}
		return true;
	}
	if (kind == TRAP_PAGE_FAULT || kind == TRAP_ALIGNMENT)
		panic_trap(tf, "kernel %s (code 0x%lx) at pc 0x%lx, address 0x%lx",
			   trap_kind_name(kind), code,
			   (unsigned long)trap_frame_pc(tf),
			   (unsigned long)fault_addr);
	panic_trap(tf, "kernel %s (code 0x%lx) at pc 0x%lx",
		   trap_kind_name(kind), code,
		   (unsigned long)trap_frame_pc(tf));
}

/*
 * deliver: raise (exception, ecode, subcode) for the current user thread
 * and come back when it may return to user mode: EXCEPTION_RESUME (a
 * handler resumed it) or EXCEPTION_ABORTED (the wait was aborted).
 * Unhandled, the trap (what, hwcode, addr) is reported and the task
 * terminated: that does not return.
 * Conditions: interrupts disabled on entry and on return (enabled while
 * the exception is out).
 */
static enum exception_result deliver(int exception, int ecode, int64_t subcode,
				     const char *what, unsigned long hwcode,
				     vaddr_t addr, struct trap_frame *tf)
{
	thread_t self = current_thread();
	enum exception_result r;

	cpu_intr_enable();
	r = exception_deliver(exception, ecode, subcode);
	if (r != EXCEPTION_UNHANDLED) {
		cpu_intr_disable();
		return r;
	}
	exception_count_unhandled();
	kprintf("user fault: task %s thread %p: %s (code 0x%lx) at pc 0x%lx, "
		"address 0x%lx; exception %d code 0x%x unhandled, task "
		"terminated\n", self->task->name, (void *)self, what, hwcode,
		(unsigned long)trap_frame_pc(tf), (unsigned long)addr,
		exception, (unsigned int)ecode);
	md_dump_trap_frame(tf);
	task_terminate(self->task);
	/* A task that is already ending ends us too: not reached. */
	thread_terminate_self();
}

void user_trap(enum trap_kind kind, unsigned long code, vaddr_t addr,
	       struct trap_frame *tf)
{
	int exception, ecode;
	int64_t subcode;

	md_exception_code(kind, code, addr, tf, &exception, &ecode, &subcode);
	(void)deliver(exception, ecode, subcode, trap_kind_name(kind), code,
		      addr, tf);
}

void user_fault(kern_return_t kr, unsigned long code, vaddr_t addr,
		struct trap_frame *tf)
{
	(void)deliver(EXC_BAD_ACCESS, kr, (int64_t)addr, "page fault", code,
		      addr, tf);
}

/*
 * The thread is already past the system call: an aborted wait cannot be
 * retaken like a fault's; the call returns KERN_ABORTED instead, as an
 * aborted message call returns its interruption (seed: thread_abort).
 */
void user_syscall_unknown(long number, struct trap_frame *tf)
{
	if (deliver(EXC_EMULATION, (int)number, 0, "unknown system call",
		    (unsigned long)number, 0, tf) == EXCEPTION_ABORTED)
		md_syscall_set_return(tf, KERN_ABORTED);
}
