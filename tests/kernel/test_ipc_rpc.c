/*
 * tests/kernel/test_ipc_rpc.c - suite ipc_rpc: the RPC fast path
 * (ipc/mach_msg_fast.c) between two user tasks running the module
 * tests/user/ipc_rpc (see there for the cases).
 *
 * Each case starts a server task whose receive right is name 1 and a
 * client task holding a send right to it as name 1, lets them run, and
 * checks: both printed "ipc_rpc <role> <case>: PASS" and nothing with
 * FAIL; the fast path's counters moved as the case implies (every RPC of
 * the basic case after the server's first wait is taken by the fast path,
 * both ways; a request too large for the waiting server is declined);
 * and every thread, task, page, port, message and space is gone again.
 */
#include <kern/machine.h>
#include <kern/bootinfo.h>
#include <kern/console.h>
#include <kern/exec.h>
#include <kern/panic.h>
#include <kern/sched_prim.h>
#include <kern/string.h>
#include <kern/task.h>
#include <kern/thread.h>
#include <ipc/ipc_kmsg.h>
#include <ipc/ipc_port.h>
#include <ipc/ipc_right.h>
#include <ipc/ipc_space.h>
#include <ipc/mach_msg.h>
#include <tests/kernel/ktest.h>

#define RPC_WAIT_MS	30000

struct rpc_baseline {
	unsigned long threads, tasks, free_pages, ports, kmsgs, spaces;
};

static void baseline_take(struct rpc_baseline *b)
{
	thread_sleep_ms(20);		/* let earlier threads be reaped */
	ipc_kmsg_cache_drain();
	b->threads = thread_count();
	b->tasks = task_count();
	b->free_pages = ktest_free_pages();
	b->ports = ipc_port_count();
	b->kmsgs = ipc_kmsg_count();
	b->spaces = ipc_space_count();
}

static bool baseline_back(const struct rpc_baseline *b)
{
	struct rpc_baseline now;

	baseline_take(&now);
	if (!memcmp(&now, b, sizeof(now)))
		return true;
	kprintf("ipc_rpc: leak: threads %lu/%lu tasks %lu/%lu pages %lu/%lu "
		"ports %lu/%lu kmsgs %lu/%lu spaces %lu/%lu\n", now.threads,
		b->threads, now.tasks, b->tasks, now.free_pages, b->free_pages,
		now.ports, b->ports, now.kmsgs, b->kmsgs, now.spaces, b->spaces);
	return false;
}

static bool wait_gone(task_t t, uint64_t ms)
{
	for (uint64_t waited = 0; waited < ms && t->thread_count; waited += 10)
		thread_sleep_ms(10);
	return t->thread_count == 0;
}

/* Wait until thread t waits in the kernel (a receive); false on timeout. */
static bool wait_waiting(thread_t t, uint64_t ms)
{
	for (uint64_t waited = 0; waited < ms; waited += 10) {
		if (t->state & TH_WAIT)
			return true;
		thread_sleep_ms(10);
	}
	return false;
}

/*
 * rpc_case: run server and client of case `which` for n calls; abort:
 * once the client waits for its answer, abort its wait.  *taken and
 * *declined get how far the fast path's counters moved.  Returns true if
 * both tasks ended in time (the server of the abort case is ended here).
 */
static bool rpc_case(const char *which, unsigned long n, bool abort,
		     unsigned long *taken, unsigned long *declined)
{
	const struct boot_module *m = ktest_find_module("ipc_rpc");
	char num[24];
	const char *sargv[4] = { "ipc_rpc", "server", which, num };
	const char *cargv[4] = { "ipc_rpc", "client", which, num };
	unsigned long t0, d0, t1, d1;
	struct ipc_object *obj;
	mach_port_name_t name;
	task_t server, client;
	thread_t st, ct;
	unsigned int kind;
	bool ok;

	if (!m) {
		kprintf("ipc_rpc: no boot module named ipc_rpc\n");
		return false;
	}
	ksnprintf(num, sizeof(num), "%lu", n);
	server = exec_start_module("ipc_rpc", phys_to_virt(m->start),
				   (size_t)(m->end - m->start), 4, sargv, &st,
				   NULL);
	client = exec_start_module("ipc_rpc", phys_to_virt(m->start),
				   (size_t)(m->end - m->start), 4, cargv, &ct,
				   NULL);
	if (!server || !client)
		panic("ipc_rpc: cannot start the module");
	if (ipc_right_alloc_receive(server->itk_space, &name, false) ||
	    name != 1 ||
	    ipc_right_copyin(server->itk_space, 1, IPC_MSG_TYPE_MAKE_SEND,
			     &obj, &kind) ||
	    ipc_right_copyout(client->itk_space, obj, kind, &name) || name != 1)
		panic("ipc_rpc: cannot set up the service port");
	mach_msg_fast_counts(&t0, &d0);
	thread_resume(st);
	thread_resume(ct);
	if (abort) {
		ok = wait_waiting(ct, RPC_WAIT_MS);
		/* The server has the request: the client waits for its answer. */
		thread_sleep_ms(50);
		thread_abort_wait(ct);
		ok = wait_gone(client, RPC_WAIT_MS) && ok;
		task_terminate(server);
	} else {
		ok = wait_gone(client, RPC_WAIT_MS);
	}
	ok = wait_gone(server, RPC_WAIT_MS) && ok;
	if (!ok) {
		task_terminate(client);
		task_terminate(server);
		wait_gone(client, 2000);
		wait_gone(server, 2000);
	}
	mach_msg_fast_counts(&t1, &d1);
	*taken = t1 - t0;
	*declined = d1 - d0;
	task_deallocate(client);
	task_deallocate(server);
	return ok;
}

/* Both sides passed case which. */
static bool passed(const char *which)
{
	char s[48], c[48];

	ksnprintf(s, sizeof(s), "ipc_rpc server %s: PASS", which);
	ksnprintf(c, sizeof(c), "ipc_rpc client %s: PASS", which);
	return console_captured(s) && console_captured(c) &&
	       !console_captured("FAIL");
}

KTEST(ipc_rpc, basic_calls_take_the_fast_path)
{
	const unsigned long n = 200;
	unsigned long taken, declined;
	struct rpc_baseline b;
	bool ok;

	baseline_take(&b);
	console_capture_start();
	ok = rpc_case("basic", n, false, &taken, &declined);
	console_capture_stop();
	KT_CHECK_MSG(ok, "the basic case did not end");
	KT_CHECK_MSG(passed("basic"), "the basic case failed in user mode");
	/*
	 * n requests and n - 1 replies are sent with send+receive in one
	 * call (the last reply is a send only).  The first request may find
	 * the server not yet waiting: it is declined and queued.
	 */
	KT_CHECK_MSG(taken >= 2 * n - 2, "fast path taken %lu times", taken);
	KT_CHECK_MSG(declined <= 1, "fast path declined %lu times", declined);
	KT_CHECK(baseline_back(&b));
}

KTEST(ipc_rpc, too_large_is_queued_and_refused)
{
	unsigned long taken, declined;
	struct rpc_baseline b;
	bool ok;

	baseline_take(&b);
	console_capture_start();
	ok = rpc_case("too_large", 5, false, &taken, &declined);
	console_capture_stop();
	KT_CHECK_MSG(ok, "the too_large case did not end");
	KT_CHECK_MSG(passed("too_large"), "the too_large case failed");
	KT_CHECK_EQ(taken, 0);
	KT_CHECK_MSG(declined == 5, "fast path declined %lu times", declined);
	KT_CHECK(baseline_back(&b));
}

KTEST(ipc_rpc, server_dies_with_the_request)
{
	unsigned long taken, declined;
	struct rpc_baseline b;
	bool ok;

	baseline_take(&b);
	console_capture_start();
	ok = rpc_case("dies", 1, false, &taken, &declined);
	console_capture_stop();
	KT_CHECK_MSG(ok, "the dies case did not end");
	KT_CHECK_MSG(passed("dies"), "the dies case failed");
	KT_CHECK(baseline_back(&b));
}

KTEST(ipc_rpc, abort_ends_the_wait)
{
	unsigned long taken, declined;
	struct rpc_baseline b;
	bool ok;

	baseline_take(&b);
	console_capture_start();
	ok = rpc_case("abort", 1, true, &taken, &declined);
	console_capture_stop();
	KT_CHECK_MSG(ok, "the abort case did not end");
	KT_CHECK_MSG(passed("abort"), "the abort case failed");
	KT_CHECK(baseline_back(&b));
}
