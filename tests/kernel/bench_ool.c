/*
 * tests/kernel/bench_ool.c - out-of-line memory next to inline data, from
 * user mode (make bench; guest instructions per operation under icount).
 *
 * Two tasks of the vmool module (tests/user/vmool.c): a client sends N
 * requests to a server through mach_msg and waits for each (empty)
 * reply; the server receives each one, vm_deallocates the region it got
 * and replies.  One operation is that whole round trip:
 *
 *   ool_4k, ool_1m, ool_64m   the request carries a region of that size
 *                             out of line (a region the client filled
 *                             once, before the loop: every page resident)
 *   inline_4k                 the request carries 4 KiB inline
 *   inline_1m, inline_64m     no message: one user memcpy of that size
 *                             between two touched buffers (an inline
 *                             message that large does not exist; it would
 *                             cost two such copies, in and out)
 *
 * Each sample runs the pair with N operations and again with 0, and
 * reports the difference: starting, loading and ending the tasks, filling
 * the client's region, and one warm-up round trip each run makes (the
 * first transfer of the freshly written region write-protects its
 * mappings, once, as a fork does: task_create_copy_64m measures that)
 * cancel out.  The figures are the steady state of repeated transfers.
 */
#include <kern/machine.h>
#include <kern/bootinfo.h>
#include <kern/console.h>
#include <kern/exec.h>
#include <kern/panic.h>
#include <kern/sched_prim.h>
#include <kern/string.h>
#include <kern/task.h>
#include <ipc/ipc_right.h>
#include <tests/kernel/ktest.h>

#define MIB	(1024UL * 1024)

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

static task_t start(const struct boot_module *m, int argc,
		    const char *const *argv, thread_t *t)
{
	task_t task = exec_start_module("vmool", phys_to_virt(m->start),
					(size_t)(m->end - m->start), argc, argv,
					t, NULL);

	if (!task)
		panic("bench_ool: cannot start vmool");
	return task;
}

/*
 * pair_run: the cycles from starting a vmool client (cmode, n, size) and
 * server (smode, n) to both having ended.  The server's receive right is
 * name 1 in its space, the client's send right to it name 1 in its own.
 */
static uint64_t pair_run(const struct boot_module *m, const char *cmode,
			 const char *smode, unsigned long n, size_t size)
{
	char num[24], sz[24];
	const char *cargv[4] = { "vmool", cmode, num, sz };
	const char *sargv[3] = { "vmool", smode, num };
	struct ipc_object *obj;
	mach_port_name_t name;
	unsigned int kind;
	task_t server, client;
	thread_t st, ct;
	uint64_t t0;

	ksnprintf(num, sizeof(num), "%lu", n);
	ksnprintf(sz, sizeof(sz), "%lu", (unsigned long)size);
	server = start(m, 3, sargv, &st);
	client = start(m, 4, cargv, &ct);
	if (ipc_right_alloc_receive(server->itk_space, &name, false) ||
	    name != 1 ||
	    ipc_right_copyin(server->itk_space, 1, IPC_MSG_TYPE_MAKE_SEND,
			     &obj, &kind) ||
	    ipc_right_copyout(client->itk_space, obj, kind, &name) ||
	    name != 1)
		panic("bench_ool: cannot connect client and server");
	t0 = cpu_cycles();
	thread_resume(st);
	thread_resume(ct);
	wait_empty(client);
	wait_empty(server);
	t0 = cpu_cycles() - t0;
	task_deallocate(client);
	task_deallocate(server);
	return t0;
}

/* The module alone (memcpy mode): cycles from start to its end. */
static uint64_t solo_run(const struct boot_module *m, unsigned long n,
			 size_t size)
{
	char num[24], sz[24];
	const char *argv[4] = { "vmool", "memcpy", num, sz };
	thread_t t;
	task_t task;
	uint64_t t0;

	ksnprintf(num, sizeof(num), "%lu", n);
	ksnprintf(sz, sizeof(sz), "%lu", (unsigned long)size);
	task = start(m, 4, argv, &t);
	t0 = cpu_cycles();
	thread_resume(t);
	wait_empty(task);
	t0 = cpu_cycles() - t0;
	task_deallocate(task);
	return t0;
}

/* n operations minus 0 of one benchmark. */
static uint64_t bench(const char *cmode, const char *smode, unsigned long n,
		      size_t size)
{
	const struct boot_module *m = ktest_find_module("vmool");
	uint64_t full, empty;

	if (!m) {
		kprintf("bench: needs the vmool boot module\n");
		return 0;
	}
	if (smode) {
		full = pair_run(m, cmode, smode, n, size);
		empty = pair_run(m, cmode, smode, 0, size);
	} else {
		full = solo_run(m, n, size);
		empty = solo_run(m, 0, size);
	}
	return full > empty ? full - empty : 0;
}

KBENCH_SCALED(ool_4k, 100)
{
	return bench("ool-client", "ool-server", iterations, 4096);
}

KBENCH_SCALED(inline_4k, 100)
{
	return bench("inline-client", "inline-server", iterations, 4096);
}

KBENCH_SCALED(ool_1m, 500)
{
	return bench("ool-client", "ool-server", iterations, MIB);
}

KBENCH_SCALED(inline_1m, 1000)
{
	return bench("memcpy", NULL, iterations, MIB);
}

KBENCH_SCALED(ool_64m, 1000)
{
	return bench("ool-client", "ool-server", iterations, 64 * MIB);
}

KBENCH_SCALED(inline_64m, 10000)
{
	return bench("memcpy", NULL, iterations, 64 * MIB);
}
