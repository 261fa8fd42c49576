/*
 * tests/kernel/bench_user.c - user-mode benchmarks.
 *
 * null_trap: the round trip of the mach_task_self trap from user mode
 * (entry, syscall_dispatch, exit).  The trapbench module (tests/user) runs
 * N traps then exits; the same module with 0 traps is timed too and
 * subtracted, so task creation, loading and exit cancel out.
 */
#include <kern/machine.h>
#include <kern/bootinfo.h>
#include <kern/console.h>
#include <kern/exec.h>
#include <kern/sched_prim.h>
#include <kern/string.h>
#include <kern/task.h>
#include <tests/kernel/ktest.h>

static const struct boot_module *trapbench_module(void)
{
	for (unsigned int i = 0; i < boot_info.module_count; i++) {
		const char *c = boot_info.modules[i].cmdline;
		const char *slash = c, *p;

		for (p = c; *p && *p != ' '; p++)
			if (*p == '/')
				slash = p + 1;
		if ((size_t)(p - slash) == 9 && !strncmp(slash, "trapbench", 9))
			return &boot_info.modules[i];
	}
	return NULL;
}

/* Run trapbench with n traps; return the cycles from resume to exit. */
static uint64_t run_trapbench(const struct boot_module *m, unsigned long n)
{
	char arg[24];
	const char *argv[2] = { "trapbench", arg };
	thread_t t;
	task_t task;
	uint64_t t0;

	ksnprintf(arg, sizeof(arg), "%lu", n);
	task = exec_start_module("trapbench", phys_to_virt(m->start),
				 (size_t)(m->end - m->start), 2, argv, &t, NULL);
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

KBENCH_SCALED(null_trap, 10)
{
	const struct boot_module *m = trapbench_module();
	uint64_t full, empty;

	if (!m) {
		kprintf("bench: null_trap needs the trapbench boot module\n");
		return 0;
	}
	full = run_trapbench(m, iterations);
	empty = run_trapbench(m, 0);
	return full > empty ? full - empty : 0;
}
