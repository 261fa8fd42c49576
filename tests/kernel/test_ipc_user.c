/*
 * tests/kernel/test_ipc_user.c - suites ipc_ports, ipc_msg, ipc_notify,
 * ipc_portset and kobject: the IPC test modules of tests/user, run as
 * user tasks.
 *
 * tools/check passes each suite its module as a boot module (named by the
 * first word of its command line, as for the "user" suite).  A case
 * starts the module, waits for its task to end, and passes when the
 * module printed "<suite>: PASS" and nothing containing "FAIL", and every
 * thread, task, page, port, port set, message and name space the run
 * created is gone again.  A module that does not end in time is
 * terminated and the case fails.
 */
#include <kern/machine.h>
#include <kern/bootinfo.h>
#include <kern/console.h>
#include <kern/exec.h>
#include <kern/sched_prim.h>
#include <kern/string.h>
#include <kern/task.h>
#include <kern/thread.h>
#include <vm/vm_page.h>
#include <ipc/ipc_port.h>
#include <ipc/ipc_space.h>
#include <ipc/ipc_kmsg.h>
#include <tests/kernel/ktest.h>

#define MODULE_TIMEOUT_MS	60000

/* Wait until task has no thread left; false after ms milliseconds. */
static bool wait_task_gone(task_t t, uint64_t ms)
{
	for (uint64_t waited = 0; waited < ms; waited += 10) {
		if (t->thread_count == 0)
			return true;
		thread_sleep_ms(10);
	}
	return t->thread_count == 0;
}

/* What a run must give back. */
struct ipc_baseline {
	unsigned long threads, tasks, free_pages;
	unsigned long ports, psets, kmsgs, spaces;
};

static void baseline_take(struct ipc_baseline *b)
{
	thread_sleep_ms(20);		/* let earlier threads be reaped */
	b->threads = thread_count();
	b->tasks = task_count();
	b->free_pages = ktest_free_pages();
	b->ports = ipc_port_count();
	b->psets = ipc_pset_count();
	b->kmsgs = ipc_kmsg_count();
	b->spaces = ipc_space_count();
}

/*
 * baseline_back: every counter is where baseline_take found it.  Prints
 * the ones that are not.
 */
static bool baseline_back(const char *name, const struct ipc_baseline *b)
{
	struct ipc_baseline now;

	baseline_take(&now);
	if (!memcmp(&now, b, sizeof(now)))
		return true;
	kprintf("%s: leak: threads %lu/%lu tasks %lu/%lu free pages %lu/%lu "
		"ports %lu/%lu psets %lu/%lu kmsgs %lu/%lu spaces %lu/%lu\n", name,
		now.threads, b->threads, now.tasks, b->tasks, now.free_pages,
		b->free_pages, now.ports, b->ports, now.psets, b->psets, now.kmsgs,
		b->kmsgs, now.spaces, b->spaces);
	return false;
}

/*
 * run_module: one case.  Starts the module `name` with argv { name },
 * waits for it, and checks its verdict and the baseline.
 * Conditions: called from a KTEST body; returns early on a failed check.
 */
static void run_module(struct ktest_case *ktest_self, const char *name)
{
	const char *const argv[] = { name };
	const struct boot_module *m = ktest_find_module(name);
	struct ipc_baseline b;
	char pass[40];
	bool gone;
	thread_t t;
	task_t task;

	KT_CHECK_MSG(m, "no boot module named %s", name);
	baseline_take(&b);
	console_capture_start();
	task = exec_start_module(name, phys_to_virt(m->start),
				 (size_t)(m->end - m->start), 1, argv, &t, NULL);
	if (!task)
		console_capture_stop();
	KT_CHECK_MSG(task, "could not start %s", name);
	thread_resume(t);
	gone = wait_task_gone(task, MODULE_TIMEOUT_MS);
	if (!gone) {
		task_terminate(task);
		wait_task_gone(task, 2000);
	}
	console_capture_stop();
	task_deallocate(task);
	KT_CHECK_MSG(gone, "%s did not end within %d ms", name, MODULE_TIMEOUT_MS);
	ksnprintf(pass, sizeof(pass), "%s: PASS", name);
	KT_CHECK_MSG(console_captured(pass), "%s did not pass", name);
	KT_CHECK_MSG(!console_captured("FAIL"), "%s reported failures", name);
	KT_CHECK_MSG(baseline_back(name, &b), "%s left resources behind", name);
}

KTEST(ipc_ports, name_space_through_mig)
{
	run_module(ktest_self, "ipc_ports");
}

KTEST(ipc_msg, send_receive_one_thread)
{
	run_module(ktest_self, "ipc_msg");
}

KTEST(ipc_notify, notifications)
{
	run_module(ktest_self, "ipc_notify");
}

KTEST(ipc_portset, port_sets)
{
	run_module(ktest_self, "ipc_portset");
}

KTEST(ipc_fuzz, random_messages_through_the_trap)
{
	run_module(ktest_self, "ipc_fuzz");
}

KTEST(kobject, task_port_server)
{
	run_module(ktest_self, "kobject");
}
