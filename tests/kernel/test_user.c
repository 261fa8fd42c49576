/*
 * tests/kernel/test_user.c - suite "user": user tasks from boot modules.
 *
 * The modules (the programs in tests/user) are passed to the kernel by tools/check as
 * boot modules named by the first word of their command lines.  Each case
 * starts tasks from them, watches them with the console capture and the
 * scheduler's counters, and checks that every thread, task and page comes
 * back when they are gone.
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
#include <tests/kernel/ktest.h>

static task_t start(const char *name, int argc, const char *const *argv,
		    thread_t *tp, vaddr_t *entry)
{
	const struct boot_module *m = ktest_find_module(name);

	if (!m) {
		kprintf("user: no boot module named %s\n", name);
		return NULL;
	}
	return exec_start_module(name, phys_to_virt(m->start),
				 (size_t)(m->end - m->start), argc, argv, tp,
				 entry);
}

/* Wait until task has no thread left (it exited or was terminated). */
static bool wait_task_gone(task_t t, uint64_t ms)
{
	for (uint64_t waited = 0; waited < ms; waited += 10) {
		if (t->thread_count == 0)
			return true;
		thread_sleep_ms(10);
	}
	return t->thread_count == 0;
}

struct baseline {
	unsigned long threads, tasks, free_pages;
};

static void baseline_take(struct baseline *b)
{
	thread_sleep_ms(20);		/* let earlier threads be reaped */
	b->threads = thread_count();
	b->tasks = task_count();
	b->free_pages = ktest_free_pages();
}

static bool baseline_back(const struct baseline *b)
{
	thread_sleep_ms(30);
	if (thread_count() != b->threads || task_count() != b->tasks ||
	    ktest_free_pages() != b->free_pages) {
		kprintf("user: leak: threads %lu/%lu tasks %lu/%lu free pages %lu/%lu\n",
			thread_count(), b->threads, task_count(), b->tasks,
			ktest_free_pages(), b->free_pages);
		return false;
	}
	return true;
}

KTEST(user, hello_prints_and_exits)
{
	static const char *const argv[] = { "hello", "one", "two" };
	struct baseline b;
	thread_t t;
	task_t task;

	baseline_take(&b);
	console_capture_start();
	task = start("hello", 3, argv, &t, NULL);
	KT_CHECK(task);
	thread_resume(t);
	KT_CHECK_MSG(wait_task_gone(task, 3000), "hello did not exit");
	console_capture_stop();
	KT_CHECK(console_captured("hello from hello, argc 3"));
	KT_CHECK(console_captured("hello: argv[1] = one"));
	KT_CHECK(console_captured("hello: argv[2] = two"));
	KT_CHECK(!console_captured("FAIL"));
	KT_CHECK(!task->active);
	task_deallocate(task);
	KT_CHECK(baseline_back(&b));
}

/* Two CPU-bound tasks both progress: preemption shares the processor. */
KTEST(user, cpu_bound_tasks_both_progress)
{
	static const char *const a1[] = { "cpu_hog", "A" };
	static const char *const a2[] = { "cpu_hog", "B" };
	struct baseline b;
	thread_t t1, t2;
	task_t k1, k2;
	uint64_t s1, s2;

	baseline_take(&b);
	k1 = start("cpu_hog", 2, a1, &t1, NULL);
	k2 = start("cpu_hog", 2, a2, &t2, NULL);
	KT_CHECK(k1 && k2);
	thread_reference(t1);
	thread_reference(t2);
	thread_resume(t1);
	thread_resume(t2);
	thread_sleep_ms(200);
	s1 = t1->system_ticks;
	s2 = t2->system_ticks;
	thread_sleep_ms(400);
	kprintf("user: cpu_hog A ran %llu ticks, B %llu ticks in 400 ms\n",
		(unsigned long long)(t1->system_ticks - s1),
		(unsigned long long)(t2->system_ticks - s2));
	KT_CHECK_MSG(t1->system_ticks - s1 >= 5, "A did not progress");
	KT_CHECK_MSG(t2->system_ticks - s2 >= 5, "B did not progress");
	task_terminate(k1);
	task_terminate(k2);
	KT_CHECK(wait_task_gone(k1, 1000) && wait_task_gone(k2, 1000));
	thread_deallocate(t1);
	thread_deallocate(t2);
	task_deallocate(k1);
	task_deallocate(k2);
	KT_CHECK(baseline_back(&b));
}

KTEST(user, fpu_state_survives_preemption)
{
	static const char *const a1[] = { "fpu", "1" };
	static const char *const a2[] = { "fpu", "2" };
	struct baseline b;
	thread_t t1, t2;
	task_t k1, k2;

	baseline_take(&b);
	console_capture_start();
	k1 = start("fpu", 2, a1, &t1, NULL);
	k2 = start("fpu", 2, a2, &t2, NULL);
	KT_CHECK(k1 && k2);
	thread_resume(t1);
	thread_resume(t2);
	KT_CHECK(wait_task_gone(k1, 20000) && wait_task_gone(k2, 20000));
	console_capture_stop();
	KT_CHECK_MSG(console_captured("fpu 1: PASS"), "fpu 1 did not pass");
	KT_CHECK_MSG(console_captured("fpu 2: PASS"), "fpu 2 did not pass");
	task_deallocate(k1);
	task_deallocate(k2);
	KT_CHECK(baseline_back(&b));
}

KTEST(user, bad_trap_arguments_return_errors)
{
	static const char *const argv[] = { "badptr" };
	struct baseline b;
	thread_t t;
	task_t task;

	baseline_take(&b);
	console_capture_start();
	task = start("badptr", 1, argv, &t, NULL);
	KT_CHECK(task);
	thread_resume(t);
	KT_CHECK(wait_task_gone(task, 3000));
	console_capture_stop();
	KT_CHECK_MSG(console_captured("badptr: PASS"), "badptr did not pass");
	KT_CHECK(!console_captured("abcd"));	/* nothing half-printed */
	task_deallocate(task);
	KT_CHECK(baseline_back(&b));
}

/*
 * Each kind of user fault, in a task without an exception port, ends the
 * whole task with a report (kern/exception.c): the other thread, which
 * never ends by itself, goes with it.
 */
KTEST(user, unhandled_user_fault_ends_the_task)
{
	static const char *const modes[] = { "null", "illegal", "text" };

	for (unsigned int i = 0; i < ARRAY_SIZE(modes); i++) {
		const char *const fa[] = { "fault", modes[i] };
		const char *const sa[] = { "fault", "bystander" };
		struct baseline b;
		thread_t bad, other;
		task_t task;
		vaddr_t entry;

		baseline_take(&b);
		console_capture_start();
		task = start("fault", 2, fa, &bad, &entry);
		KT_CHECK(task);
		other = exec_add_thread(task, entry, 1, 2, sa);
		KT_CHECK(other);
		thread_resume(other);
		thread_resume(bad);
		KT_CHECK_MSG(wait_task_gone(task, 3000), "fault task (%s) did not end",
			     modes[i]);
		console_capture_stop();
		KT_CHECK_MSG(console_captured("user fault: task fault"),
			     "no fault report for %s", modes[i]);
		KT_CHECK_MSG(console_captured("unhandled, task terminated"),
			     "the report of %s does not say the task ended",
			     modes[i]);
		KT_CHECK(!task->active);
		task_deallocate(task);
		KT_CHECK(baseline_back(&b));
	}
}

/*
 * mach_msg from user mode: a message with data and a right to a port of
 * the task's own arrives intact, and an empty queue times out.
 */
KTEST(user, mach_msg_round_trip)
{
	static const char *const argv[] = { "msgbench", "check" };
	struct baseline b;
	thread_t t;
	task_t task;

	baseline_take(&b);
	console_capture_start();
	task = start("msgbench", 2, argv, &t, NULL);
	KT_CHECK(task);
	thread_resume(t);
	KT_CHECK(wait_task_gone(task, 3000));
	console_capture_stop();
	KT_CHECK_MSG(console_captured("msgbench: PASS"), "mach_msg round trip failed");
	task_deallocate(task);
	KT_CHECK(baseline_back(&b));
}
