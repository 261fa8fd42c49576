/*
 * tests/kernel/test_bootscript.c - suite "bootscript": the boot-script
 * lines of the boot modules, run by the real bootstrap_modules().
 *
 * tools/check boots with two modules:
 *   tests/user/bootscript ${host-port} ${peer} ${device-port} $(task-resume)
 *   tests/user/hello $(peer=task-create)
 * The bootscript module checks the rights its arguments name and resumes
 * the hello task, which the script left suspended, through its task port
 * (tests/user/bootscript.c).  This side checks that both started, that
 * hello ran (left suspended by its line, it runs only if resumed), that
 * the missing device port was reported, and that every thread and task
 * they made is gone afterwards.
 */
#include <kern/machine.h>
#include <kern/bootstrap.h>
#include <kern/console.h>
#include <kern/sched_prim.h>
#include <kern/task.h>
#include <kern/thread.h>
#include <tests/kernel/ktest.h>

KTEST(bootscript, lines_get_their_ports_and_tasks)
{
	unsigned long threads, tasks;
	unsigned int started;
	bool done = false;

	thread_sleep_ms(20);			/* earlier threads reaped */
	threads = thread_count();
	tasks = task_count();
	console_capture_start();
	started = bootstrap_modules();
	for (int waited = 0; waited < 20000 && !done; waited += 10) {
		thread_sleep_ms(10);
		done = thread_count() == threads && task_count() == tasks;
	}
	console_capture_stop();
	KT_CHECK_EQ(started, 2);
	KT_CHECK_MSG(done, "the boot tasks did not end: threads %lu (was %lu), "
		     "tasks %lu (was %lu)", thread_count(), threads,
		     task_count(), tasks);
	KT_CHECK_MSG(console_captured("bootscript: PASS"),
		     "the bootscript module did not pass");
	KT_CHECK(!console_captured("bootscript: FAIL"));
	KT_CHECK_MSG(console_captured("hello from hello, argc 1"),
		     "the suspended hello task never ran");
	KT_CHECK_MSG(console_captured("bootstrap: ${device-port} is not available"),
		     "no report for the device port");
}
