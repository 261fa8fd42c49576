/*
 * tests/kernel/test_kobject.c - suite "kobject", second case: the kernel
 * objects (tasks, threads, the host, processors, processor sets) served
 * through their ports to a user task.  (The first case, in
 * test_ipc_user.c, runs tests/user/kobject.c: the task port's server
 * through libmach.)
 *
 * The work is done by the user module tests/user/kobject_calls.c (passed
 * as a boot module by tools/check), which sends every request by hand and
 * checks the replies.  This side gives it a send right to the privileged
 * host port (what the bootstrap would give a first server), runs it, and
 * checks that it passed, that it ended itself through its task port, and
 * that every thread, task, port, message, space and page it and its
 * children used is gone afterwards.
 */
#include <kern/machine.h>
#include <kern/bootinfo.h>
#include <kern/console.h>
#include <kern/exec.h>
#include <kern/host.h>
#include <kern/sched_prim.h>
#include <kern/string.h>
#include <kern/task.h>
#include <kern/thread.h>
#include <ipc/ipc_kmsg.h>
#include <ipc/ipc_right.h>
#include <vm/vm_page.h>
#include <tests/kernel/ktest.h>

/* Where the module finds the privileged host port (its argv[1]). */
#define HOST_PRIV_NAME		100
#define HOST_PRIV_NAME_STR	"100"

struct counts {
	unsigned long threads, tasks, pages, ports, psets, kmsgs, spaces;
};

static void counts_take(struct counts *c)
{
	c->threads = thread_count();
	c->tasks = task_count();
	c->pages = ktest_free_pages();
	c->ports = ipc_port_count();
	c->psets = ipc_pset_count();
	c->kmsgs = ipc_kmsg_count();
	c->spaces = ipc_space_count();
}

static bool counts_equal(const struct counts *a, const struct counts *b)
{
	return a->threads == b->threads && a->tasks == b->tasks &&
	       a->pages == b->pages && a->ports == b->ports &&
	       a->psets == b->psets &&
	       a->kmsgs == b->kmsgs && a->spaces == b->spaces;
}

/*
 * give_host_priv: a send right to the privileged host port under
 * HOST_PRIV_NAME in task's space.  Returns false if the name is taken.
 */
static bool give_host_priv(task_t task)
{
	struct ipc_port *priv = realhost.host_priv_self;

	ipc_port_make_send(priv);
	if (ipc_right_copyout_name(task->itk_space, &priv->obj, IPC_RIGHT_SEND,
				   HOST_PRIV_NAME) != KERN_SUCCESS) {
		ipc_port_release_send(priv);
		return false;
	}
	return true;
}

KTEST(kobject, every_object_by_hand_built_requests)
{
	static const char *const argv[] = { "kobject_calls", HOST_PRIV_NAME_STR };
	const struct boot_module *m = ktest_find_module("kobject_calls");
	struct counts before, after;
	thread_t t;
	task_t task;
	bool gone = false;

	KT_CHECK_MSG(m, "no boot module named kobject_calls");
	thread_sleep_ms(20);			/* earlier threads reaped */
	counts_take(&before);
	console_capture_start();
	task = exec_start_module("kobject_calls", phys_to_virt(m->start),
				 (size_t)(m->end - m->start), 2, argv, &t, NULL);
	KT_CHECK(task);
	KT_CHECK(give_host_priv(task));
	thread_resume(t);
	for (int waited = 0; waited < 20000 && !gone; waited += 10) {
		thread_sleep_ms(10);
		gone = task->thread_count == 0;
	}
	console_capture_stop();
	KT_CHECK_MSG(gone, "the kobject_calls task did not end");
	KT_CHECK_MSG(console_captured("kobject_calls: PASS"),
		     "kobject_calls did not pass");
	KT_CHECK(!console_captured("kobject_calls: FAIL"));
	KT_CHECK_MSG(console_captured("host_reboot: options 0x8: test build"),
		     "host_reboot(RB_HALT) was not reported");
	KT_CHECK_MSG(!task->active, "the task did not terminate itself");
	task_deallocate(task);

	thread_sleep_ms(30);
	counts_take(&after);
	if (!counts_equal(&before, &after))
		kprintf("kobject_calls: leak: threads %lu/%lu tasks %lu/%lu pages %lu/%lu "
			"ports %lu/%lu kmsgs %lu/%lu spaces %lu/%lu\n",
			after.threads, before.threads, after.tasks, before.tasks,
			after.pages, before.pages, after.ports, before.ports,
			after.kmsgs, before.kmsgs, after.spaces, before.spaces);
	KT_CHECK(counts_equal(&before, &after));
}
