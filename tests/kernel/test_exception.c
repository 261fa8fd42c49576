/*
 * tests/kernel/test_exception.c - suite "exception": Mach exception
 * messages from user faults (kern/exception.c), with the module
 * tests/user/exception (one part per case, tests/user/exception.c).
 *
 * handled: a handler in the module's task answers a bad access, a
 *   protection failure, a breakpoint, an illegal instruction, an unknown
 *   system call, a fault its thread's port refuses and one whose wait is
 *   aborted; the module prints "exception: PASS".
 * refused / dead port / kernel port: a handler that answers
 *   KERN_FAILURE, an exception port that dies with the message queued
 *   or is dead before the fault, and a kernel object's port as exception port end the task, with the
 *   console report of an unhandled exception.
 * bad pc: handlers move the pc of threads started at a bad one.
 * machine: each port's own exceptions (tests/user/exception_parts.c).
 * aborted emulation: thread_abort of an EXC_EMULATION wait.
 * terminate while waiting: task_terminate ends a thread's wait for a
 *   reply that never comes.
 * Each case checks that every thread, task, page, port, port set, message
 * and name space comes back, and the exception counters move as they must.
 */
#include <kern/machine.h>
#include <kern/bootinfo.h>
#include <kern/console.h>
#include <kern/exception.h>
#include <kern/exec.h>
#include <kern/sched_prim.h>
#include <kern/string.h>
#include <kern/task.h>
#include <kern/thread.h>
#include <ipc/ipc_kmsg.h>
#include <ipc/ipc_port.h>
#include <ipc/ipc_space.h>
#include <tests/kernel/ktest.h>

#define PART_TIMEOUT_MS	60000

struct counts {
	unsigned long threads, tasks, free_pages, ports, psets, kmsgs, spaces;
};

static void counts_take(struct counts *c)
{
	thread_sleep_ms(20);		/* let ended threads be reaped */
	ipc_kmsg_cache_drain();
	c->threads = thread_count();
	c->tasks = task_count();
	c->free_pages = ktest_free_pages();
	c->ports = ipc_port_count();
	c->psets = ipc_pset_count();
	c->kmsgs = ipc_kmsg_count();
	c->spaces = ipc_space_count();
}

static bool counts_back(const struct counts *b)
{
	struct counts now;

	counts_take(&now);
	if (!memcmp(&now, b, sizeof(now)))
		return true;
	kprintf("exception: leak: threads %lu/%lu tasks %lu/%lu pages %lu/%lu "
		"ports %lu/%lu psets %lu/%lu kmsgs %lu/%lu spaces %lu/%lu\n",
		now.threads, b->threads, now.tasks, b->tasks, now.free_pages,
		b->free_pages, now.ports, b->ports, now.psets, b->psets,
		now.kmsgs, b->kmsgs, now.spaces, b->spaces);
	return false;
}

/*
 * run_part: start the module with argv { "exception", part } (part NULL:
 * none) and wait for its task to end.  Returns whether it ended in time
 * (if not, it is terminated).  With wait_for, the task is terminated as
 * soon as the console shows that text (and the run counts as ended if
 * the termination ended it).  The console is captured meanwhile.
 */
static bool run_part_until(const char *part, const char *wait_for)
{
	const char *const argv[] = { "exception", part };
	const struct boot_module *m = ktest_find_module("exception");
	thread_t t;
	task_t task;
	bool gone = false;

	if (!m) {
		kprintf("exception: no boot module named exception\n");
		return false;
	}
	console_capture_start();
	task = exec_start_module("exception", phys_to_virt(m->start),
				 (size_t)(m->end - m->start), part ? 2 : 1,
				 argv, &t, NULL);
	if (task) {
		thread_resume(t);
		for (uint64_t ms = 0; ms < PART_TIMEOUT_MS && !gone; ms += 10) {
			gone = task->thread_count == 0;
			if (!gone && wait_for && console_captured(wait_for)) {
				/* It waits now: end it from outside. */
				task_terminate(task);
				wait_for = NULL;
			}
			if (!gone)
				thread_sleep_ms(10);
		}
		if (!gone) {
			task_terminate(task);
			for (int i = 0; i < 200 && task->thread_count; i++)
				thread_sleep_ms(10);
		}
		task_deallocate(task);
	}
	console_capture_stop();
	return gone;
}

static bool run_part(const char *part)
{
	return run_part_until(part, NULL);
}

KTEST(exception, handled)
{
	struct exception_stats s0, s1;
	struct counts b;

	counts_take(&b);
	exception_get_stats(&s0);
	KT_CHECK_MSG(run_part(NULL), "the module did not end");
	exception_get_stats(&s1);
	KT_CHECK_MSG(console_captured("exception: PASS"), "the module failed");
	KT_CHECK(!console_captured("FAIL"));
	KT_CHECK(!console_captured("user fault:"));
	/* Twelve messages reached a handler (four system calls; step 6
	 * twice, step 7 twice); ten were answered KERN_SUCCESS, one wait was
	 * aborted. */
	KT_CHECK_EQ(s1.raised - s0.raised, 12);
	KT_CHECK_EQ(s1.resumed - s0.resumed, 10);
	KT_CHECK_EQ(s1.aborted - s0.aborted, 1);
	KT_CHECK_EQ(s1.unhandled - s0.unhandled, 0);
	KT_CHECK(counts_back(&b));
}

/* A handler answering KERN_FAILURE: the task ends, reported. */
KTEST(exception, refused_ends_the_task)
{
	struct exception_stats s0, s1;
	struct counts b;

	counts_take(&b);
	exception_get_stats(&s0);
	KT_CHECK_MSG(run_part("fail"), "the task did not end");
	exception_get_stats(&s1);
	KT_CHECK(console_captured("exception fail: replying 5"));
	KT_CHECK(console_captured("user fault: task exception"));
	KT_CHECK(console_captured("address 0x50000000; exception 1 code 0x1 "
				  "unhandled, task terminated"));
	KT_CHECK(!console_captured("FAIL"));
	KT_CHECK_EQ(s1.raised - s0.raised, 1);
	KT_CHECK_EQ(s1.unhandled - s0.unhandled, 1);
	KT_CHECK(counts_back(&b));
}

/* The exception port dies with the message queued: the task ends. */
KTEST(exception, dead_port_ends_the_task)
{
	struct exception_stats s0, s1;
	struct counts b;

	counts_take(&b);
	exception_get_stats(&s0);
	KT_CHECK_MSG(run_part("dead"), "the task did not end");
	exception_get_stats(&s1);
	KT_CHECK(console_captured("exception dead: destroying the exception port"));
	KT_CHECK(console_captured("user fault: task exception"));
	KT_CHECK(!console_captured("FAIL"));
	KT_CHECK_EQ(s1.raised - s0.raised, 1);
	KT_CHECK_EQ(s1.unhandled - s0.unhandled, 1);
	KT_CHECK(counts_back(&b));
}

/* Handlers that repair a bad pc (unmapped; non-canonical on x86_64). */
KTEST(exception, bad_pc_repaired)
{
	struct counts b;

	counts_take(&b);
	KT_CHECK_MSG(run_part("badpc"), "the module did not end");
	KT_CHECK_MSG(console_captured("exception: PASS"), "the module failed");
	KT_CHECK(!console_captured("FAIL"));
	KT_CHECK(!console_captured("user fault:"));
	KT_CHECK(counts_back(&b));
}

/* thread_abort of an EXC_EMULATION wait: the call returns KERN_ABORTED. */
KTEST(exception, aborted_emulation_returns_aborted)
{
	struct exception_stats s0, s1;
	struct counts b;

	counts_take(&b);
	exception_get_stats(&s0);
	KT_CHECK_MSG(run_part("abort"), "the module did not end");
	exception_get_stats(&s1);
	KT_CHECK_MSG(console_captured("exception: PASS"), "the module failed");
	KT_CHECK(!console_captured("FAIL"));
	KT_CHECK_EQ(s1.aborted - s0.aborted, 1);
	KT_CHECK(counts_back(&b));
}

/* The exception port is dead before the fault: the task ends. */
KTEST(exception, dead_before_the_fault_ends_the_task)
{
	struct exception_stats s0, s1;
	struct counts b;

	counts_take(&b);
	exception_get_stats(&s0);
	KT_CHECK_MSG(run_part("dead0"), "the task did not end");
	exception_get_stats(&s1);
	KT_CHECK(console_captured("exception dead0: the exception port is dead"));
	KT_CHECK(console_captured("user fault: task exception"));
	KT_CHECK(!console_captured("FAIL"));
	KT_CHECK_EQ(s1.unhandled - s0.unhandled, 1);
	KT_CHECK(counts_back(&b));
}

/* Each port's own exceptions: codes, subcodes, the pc reported. */
KTEST(exception, machine_exceptions)
{
	struct counts b;

	counts_take(&b);
	KT_CHECK_MSG(run_part("machine"), "the module did not end");
	KT_CHECK_MSG(console_captured("exception: PASS"), "the module failed");
	KT_CHECK(!console_captured("FAIL"));
	KT_CHECK(!console_captured("user fault:"));
	KT_CHECK(counts_back(&b));
}

/* The exception port is a kernel port (the task's own): MIG_BAD_ID. */
KTEST(exception, kernel_port_ends_the_task)
{
	struct exception_stats s0, s1;
	struct counts b;

	counts_take(&b);
	exception_get_stats(&s0);
	KT_CHECK_MSG(run_part("kport"), "the task did not end");
	exception_get_stats(&s1);
	KT_CHECK(console_captured("user fault: task exception"));
	KT_CHECK(!console_captured("FAIL"));
	KT_CHECK_EQ(s1.unhandled - s0.unhandled, 1);
	KT_CHECK(counts_back(&b));
}

/*
 * A thread waits for a reply that never comes: task_terminate from
 * outside ends the wait, the thread and the task, and nothing is left.
 */
KTEST(exception, terminate_while_waiting)
{
	struct exception_stats s0, s1;
	struct counts b;

	counts_take(&b);
	exception_get_stats(&s0);
	KT_CHECK_MSG(run_part_until("hang", "exception hang: holding"),
		     "the task did not end");
	exception_get_stats(&s1);
	KT_CHECK(console_captured("exception hang: holding the request"));
	KT_CHECK(!console_captured("user fault:"));
	KT_CHECK(!console_captured("FAIL"));
	KT_CHECK_EQ(s1.raised - s0.raised, 1);
	KT_CHECK_EQ(s1.aborted - s0.aborted, 1);
	KT_CHECK_EQ(s1.unhandled - s0.unhandled, 0);
	KT_CHECK(counts_back(&b));
}
