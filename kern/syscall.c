/*
 * kern/syscall.c - Mach traps: the system call table and user traps.
 *
 * Trap numbers are negative, as in CMU and GNU Mach (design.md): the
 * port's system-call entry hands the saved frame to syscall_dispatch(),
 * which finds the trap by -number, fetches its arguments with
 * md_syscall_args() and stores the result with md_syscall_set_return().
 * Numbers of the table (-1 .. -(MACH_TRAP_COUNT - 1)) without a trap
 * return KERN_INVALID_ARGUMENT, like GNU Mach's kern_invalid; numbers
 * outside it raise EXC_EMULATION (user_syscall_unknown, kern/trap.c).  The IPC traps (mach_msg_trap, mach_reply_port,
 * mach_thread_self, mach_task_self, mach_host_self,
 * syscall_task_terminate) are registered by ipc/mach_msg.c.
 */
#include <kern/machine.h>
#include <kern/console.h>
#include <kern/ipc_tt.h>
#include <kern/panic.h>
#include <kern/sched.h>
#include <kern/sched_prim.h>
#include <kern/syscall.h>
#include <kern/task.h>
#include <kern/thread.h>
#include <mach/kern_return.h>

#define MACH_PRINT_MAX 512

/*
 * mach_print(const char *s): print a NUL-terminated string of at most
 * MACH_PRINT_MAX bytes from user memory on the console.  A bad pointer
 * yields KERN_INVALID_ADDRESS; nothing is printed then.
 */
static uintptr_t trap_mach_print(const uintptr_t *a)
{
	char buf[MACH_PRINT_MAX + 1];
	size_t n = 0;

	/* Copy in chunks that do not cross a page, stopping at the NUL. */
	while (n < MACH_PRINT_MAX) {
		uintptr_t p = a[0] + n;
		size_t chunk = MIN(MACH_PRINT_MAX - n, PAGE_SIZE - (p & PAGE_MASK));
		size_t i;

		if (copyin((const void *)p, buf + n, chunk) != 0)
			return KERN_INVALID_ADDRESS;
		for (i = 0; i < chunk && buf[n + i]; i++)
			;
		n += i;
		if (i < chunk)
			break;
	}
	buf[n] = '\0';
	kprintf("%s", buf);
	return KERN_SUCCESS;
}

/* swtch_pri(int priority): depress and yield; true if others can run. */
static uintptr_t trap_swtch_pri(const uintptr_t *a)
{
	return swtch_pri((int)a[0]);
}

static uintptr_t trap_swtch(const uintptr_t *a)
{
	(void)a;
	return swtch();
}

/*
 * thread_switch(mach_port_t thread, int option, mach_msg_timeout_t ms):
 * thread names the thread to hand off to (a send right to its port); a
 * name that is not a thread's is ignored, which the interface allows (it
 * is a hint).
 */
static uintptr_t trap_thread_switch(const uintptr_t *a)
{
	int option = (int)a[1];
	thread_t hint;

	if (option != SWITCH_OPTION_NONE && option != SWITCH_OPTION_DEPRESS &&
	    option != SWITCH_OPTION_WAIT)
		return KERN_INVALID_ARGUMENT;
	hint = port_name_to_thread((uint32_t)a[0]);
	thread_switch_kernel(hint, option, (uint32_t)a[2]);
	thread_deallocate(hint);
	return KERN_SUCCESS;
}

/*
 * syscall_thread_depress_abort(thread): end the priority depression of
 * the thread a send right names; KERN_INVALID_ARGUMENT if it names none.
 */
static uintptr_t trap_thread_depress_abort(const uintptr_t *a)
{
	thread_t t = port_name_to_thread((uint32_t)a[0]);

	if (!t)
		return KERN_INVALID_ARGUMENT;
	thread_depress_abort(t);
	thread_deallocate(t);
	return KERN_SUCCESS;
}

static const struct mach_trap {
	const char *name;
	unsigned int nargs;
	uintptr_t (*fn)(const uintptr_t *args);
	uintptr_t (*frame_fn)(struct trap_frame *tf);	/* instead of fn */
} mach_traps[MACH_TRAP_COUNT] = {
	[-MACH_TRAP_MACH_PRINT] = { "mach_print", 1, trap_mach_print },
	[-MACH_TRAP_SWTCH_PRI] = { "swtch_pri", 1, trap_swtch_pri },
	[-MACH_TRAP_SWTCH] = { "swtch", 0, trap_swtch },
	[-MACH_TRAP_THREAD_SWITCH] = { "thread_switch", 3, trap_thread_switch },
	[-MACH_TRAP_THREAD_DEPRESS_ABORT] = { "syscall_thread_depress_abort", 1,
					      trap_thread_depress_abort },
};

/*
 * syscall_register: let another subsystem (IPC, VM) install its traps.
 * Conditions: boot, before user tasks run.
 */
static struct mach_trap late_traps[MACH_TRAP_COUNT];

void syscall_register(long number, const char *name, unsigned int nargs,
		      uintptr_t (*fn)(const uintptr_t *args))
{
	if (number >= 0 || -number >= MACH_TRAP_COUNT || nargs > 7 ||
	    mach_traps[-number].fn)
		panic("syscall_register: bad trap %ld (%s)", number, name);
	late_traps[-number] = (struct mach_trap){ name, nargs, fn, NULL };
}

void syscall_register_frame(long number, const char *name,
			    uintptr_t (*fn)(struct trap_frame *tf))
{
	if (number >= 0 || -number >= MACH_TRAP_COUNT ||
	    mach_traps[-number].fn)
		panic("syscall_register_frame: bad trap %ld (%s)", number, name);
	late_traps[-number] = (struct mach_trap){ name, 0, NULL, fn };
}

void syscall_dispatch(struct trap_frame *tf)
{
	long number = md_syscall_number(tf);
	unsigned long index = -(unsigned long)number;
	const struct mach_trap *t;
	uintptr_t args[7];	/* a trap reads only its nargs */

	/* Trap numbers are negative: index is -number; 0 and positive
	 * numbers (a huge index) are outside the table. */
	t = NULL;
	if (index - 1 < MACH_TRAP_COUNT - 1) {
		/* The late table first: it has mach_msg_trap. */
		t = &late_traps[index];
		if (!t->fn && !t->frame_fn)
			t = &mach_traps[index];
	}
	if (!t) {
		/* Outside the table: the task may emulate it (seed: system
		 * calls; kern/trap.c raises EXC_EMULATION). */
		user_syscall_unknown(number, tf);
		return;
	}
	if (t->frame_fn) {
		/* It reads its own arguments (md_syscall_args, inline). */
		cpu_intr_enable();
		md_syscall_set_return(tf, t->frame_fn(tf));
		cpu_intr_disable();
		return;
	}
	if (!t->fn) {
		md_syscall_set_return(tf, KERN_INVALID_ARGUMENT);
		return;
	}
	if (t->nargs && !md_syscall_args(tf, t->nargs, args)) {
		md_syscall_set_return(tf, KERN_INVALID_ADDRESS);
		return;
	}
	cpu_intr_enable();
	md_syscall_set_return(tf, t->fn(args));
	cpu_intr_disable();
}
