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
#include <kern/panic.h>
#include <kern/exec.h>
#include <kern/sched_prim.h>
#include <kern/string.h>
#include <kern/task.h>
#include <ipc/ipc_right.h>
#include <tests/kernel/ktest.h>

static const struct boot_module *bench_module(const char *name)
{
	const struct boot_module *m = ktest_find_module(name);

	if (!m)
		kprintf("bench: needs the %s boot module\n", name);
	return m;
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

/* Block until task has no threads (the bench thread outranks it). */
static void wait_empty(task_t task)
{
	assert_wait((event_t)task, false);
	while (task->thread_count) {
		thread_block();
		if (task->thread_count)
			assert_wait((event_t)task, false);
	}
	clear_wait(current_thread(), THREAD_AWAKENED, false);
}

/*
 * give_send: a send right to the receive right `name` of `from`, copied
 * out to `to`; true if it got `want` as its name there.
 */
static bool give_send(struct ipc_space *from, mach_port_name_t name,
		      struct ipc_space *to, mach_port_name_t want)
{
	struct ipc_object *obj;
	unsigned int kind;
	mach_port_name_t got;

	if (ipc_right_copyin(from, name, IPC_MSG_TYPE_MAKE_SEND, &obj, &kind))
		return false;
	return ipc_right_copyout(to, obj, kind, &got) == KERN_SUCCESS &&
	       got == want;
}

/*
 * rpc_run: n null RPCs between a client and a server, in two tasks or
 * (same_task) two threads of one task; the cycles from start to both
 * exiting.  The server's receive right is name 1 in its (fresh) space and
 * the client's send right name 1 in its own.
 */
static uint64_t rpc_run(const struct boot_module *m, unsigned long n,
			bool same_task)
{
	char num[24];
	const char *cargv[4] = { "msgbench", "client", num, "1" };
	const char *sargv[4] = { "msgbench", "server", num, "1" };
	task_t server, client;
	thread_t st, ct;
	vaddr_t entry;
	mach_port_name_t name;
	uint64_t t0;

	ksnprintf(num, sizeof(num), "%lu", n);
	server = exec_start_module("msgbench", phys_to_virt(m->start),
				   (size_t)(m->end - m->start), 4, sargv, &st,
				   &entry);
	if (!server)
		return 0;
	if (ipc_right_alloc_receive(server->itk_space, &name, false) ||
	    name != 1)
		panic("bench: rpc server's first name is not 1");
	if (same_task) {
		client = server;
		ct = exec_add_thread(server, entry, 1, 4, cargv);
		if (!ct || !give_send(server->itk_space, 1, server->itk_space, 1))
			panic("bench: rpc client thread");
	} else {
		client = exec_start_module("msgbench", phys_to_virt(m->start),
					   (size_t)(m->end - m->start), 4, cargv,
					   &ct, NULL);
		if (!client || !give_send(server->itk_space, 1,
					  client->itk_space, 1))
			panic("bench: rpc client task");
	}
	t0 = cpu_cycles();
	thread_resume(st);
	thread_resume(ct);
	wait_empty(server);
	if (client != server) {
		wait_empty(client);
		task_deallocate(client);
	}
	t0 = cpu_cycles() - t0;
	task_deallocate(server);
	return t0;
}

static uint64_t rpc_bench(unsigned long n, bool same_task)
{
	const struct boot_module *m = bench_module("msgbench");
	uint64_t full, empty;

	if (!m)
		return 0;
	full = rpc_run(m, n, same_task);
	empty = rpc_run(m, 0, same_task);
	return full > empty ? full - empty : 0;
}

/* rpc_thread: a null RPC between two threads of one task (GNU Mach 2,143). */
KBENCH_SCALED(rpc_thread, 10)
{
	return rpc_bench(iterations, true);
}

/* rpc_task: a null RPC between two tasks (GNU Mach 1,698). */
KBENCH_SCALED(rpc_task, 10)
{
	return rpc_bench(iterations, false);
}

/*
 * exception_rpc: a user exception round trip: a system call outside the
 * trap table raises EXC_EMULATION (kern/exception.c), a handler thread of
 * the same task receives exception_raise and replies KERN_SUCCESS, the
 * thread resumes (module tests/user/exception, part bench).
 */
KBENCH_SCALED(exception_rpc, 10)
{
	return time_ops("exception", "bench", iterations);
}
