/*
 * tests/kernel/bench_user.c - user-mode benchmarks.
 *
 * null_trap: the round trip of the mach_task_self trap from user mode
 * (entry, syscall_dispatch, exit).  The trapbench module (tests/user) runs
 * N traps then exits; the same module with 0 traps is timed too and
 * subtracted, so task creation, loading and exit cancel out.  self_msg
 * does the same with msgbench's mach_msg loop.
 */
#include <kern/machine.h>
#include <kern/bootinfo.h>
#include <kern/console.h>
#include <kern/exec.h>
#include <kern/sched_prim.h>
#include <kern/string.h>
#include <kern/task.h>
#include <tests/kernel/ktest.h>

static const struct boot_module *bench_module(const char *name)
{
	size_t len = strlen(name);

	for (unsigned int i = 0; i < boot_info.module_count; i++) {
		const char *c = boot_info.modules[i].cmdline;
		const char *slash = c, *p;

		for (p = c; *p && *p != ' '; p++)
			if (*p == '/')
				slash = p + 1;
		if ((size_t)(p - slash) == len && !strncmp(slash, name, len))
			return &boot_info.modules[i];
	}
	kprintf("bench: needs the %s boot module\n", name);
	return NULL;
}

/*
 * run_module: run module `name` with argv (name, mode, n) or (name, n)
 * when mode is NULL; return the cycles from resume to exit.
 */
static uint64_t run_module(const struct boot_module *m, const char *name,
			   const char *mode, unsigned long n)
{
	char arg[24];
	const char *argv[3] = { name, mode ? mode : arg, arg };
	thread_t t;
	task_t task;
	uint64_t t0;

	ksnprintf(arg, sizeof(arg), "%lu", n);
	task = exec_start_module(name, phys_to_virt(m->start),
				 (size_t)(m->end - m->start), mode ? 3 : 2, argv,
				 &t, NULL);
	if (!task)
		return 0;
	t0 = cpu_cycles();
	assert_wait((event_t)task, false);
	thread_resume(t);
	while (task->thread_count) {
		thread_block();
		if (task->thread_count)
			assert_wait((event_t)task, false);
	}
	t0 = cpu_cycles() - t0;
	task_deallocate(task);
	return t0;
}

/* N operations minus 0 operations of module name (mode). */
static uint64_t time_ops(const char *name, const char *mode, unsigned long n)
{
	const struct boot_module *m = bench_module(name);
	uint64_t full, empty;

	if (!m)
		return 0;
	full = run_module(m, name, mode, n);
	empty = run_module(m, name, mode, 0);
	return full > empty ? full - empty : 0;
}

KBENCH_SCALED(null_trap, 10)
{
	return time_ops("trapbench", NULL, iterations);
}

/*
 * self_msg: mach_msg send+receive of a header-only message to a port of
 * the caller's own, on one thread (GNU Mach's anchor: 1,052).
 */
KBENCH_SCALED(self_msg, 10)
{
	return time_ops("msgbench", "self", iterations);
}
