/*
 * tests/kernel/test_vm_cow.c - suite "vm_cow": memory inherited by
 * task_create.  COPY: each side sees only its own writes (also after the
 * parent died); SHARE: each sees the other's, including memory nobody had
 * touched when the task was made (its object is made by the first touch,
 * in the share map), a later vm_write, and a region shared by three
 * tasks across two generations; NONE: a hole where the child faults.
 * From user mode, with the module tests/user/vm_cow: copy on write of
 * .data and .bss between a running task and the child the kernel forks
 * from it, a shared mailbox and a shared page first touched by the child,
 * and the child's fault on the page it did not inherit (until exception
 * messages exist, the kernel's fault report on the console).
 *
 * Every case ends with the free pages, VM objects, map entries, maps,
 * tasks and threads back where they were (test_vm_common.h).
 */
#include <kern/machine.h>
#include <kern/console.h>
#include <kern/exec.h>
#include <kern/sched_prim.h>
#include <kern/string.h>
#include <kern/task.h>
#include <kern/thread.h>
#include <vm/vm_fault.h>
#include <vm/vm_kern.h>
#include <vm/vm_map.h>
#include <vm/vm_object.h>
#include <vm/vm_user.h>
#include <tests/kernel/ktest.h>
#include <tests/kernel/test_vm_common.h>

#define MBOX_ADDR	0x10000000UL		/* tests/user/vm_cow.c */
#define SHARED_ADDR	(MBOX_ADDR + PG)
#define NONE_ADDR	(MBOX_ADDR + 2 * PG)

KTEST(vm_cow, inherit_copy_share_none)
{
	vm_address_t copy = 0, share = 0, none = 0;
	struct vm_region_basic r;
	struct vm_baseline b;
	task_t p, c, e;

	vm_baseline_take(&b);
	p = task_create(kernel_task, "vmu-parent");
	KT_CHECK(p);
	KT_CHECK_EQ(vm_allocate(p->map, &copy, 2 * PG, true), KERN_SUCCESS);
	KT_CHECK_EQ(vm_allocate(p->map, &share, PG, true), KERN_SUCCESS);
	KT_CHECK_EQ(vm_allocate(p->map, &none, PG, true), KERN_SUCCESS);
	KT_CHECK_EQ(vm_inherit(p->map, share, PG, VM_INHERIT_SHARE), KERN_SUCCESS);
	KT_CHECK_EQ(vm_inherit(p->map, none, PG, VM_INHERIT_NONE), KERN_SUCCESS);
	KT_CHECK_EQ(vm_test_put(p, copy, 'a'), KERN_SUCCESS);
	KT_CHECK_EQ(vm_test_put(p, copy + PG, 'b'), KERN_SUCCESS);
	KT_CHECK_EQ(vm_test_put(p, share, 's'), KERN_SUCCESS);
	KT_CHECK_EQ(vm_test_put(p, none, 'n'), KERN_SUCCESS);

	c = task_create_inherit(p, true);
	KT_CHECK(c);
	KT_CHECK_MSG(!strcmp(c->name, "(vmu-parent)"), "child named %s", c->name);
	/* COPY: the fork-time contents, then each side its own writes. */
	KT_CHECK_EQ(vm_test_get(c, copy), 'a');
	KT_CHECK_EQ(vm_test_get(c, copy + PG + 77), 'b');
	KT_CHECK_EQ(vm_test_put(c, copy, 'A'), KERN_SUCCESS);
	KT_CHECK_EQ(vm_test_get(p, copy), 'a');
	KT_CHECK_EQ(vm_test_get(c, copy), 'A');
	KT_CHECK_EQ(vm_test_put(p, copy + PG, 'B'), KERN_SUCCESS);
	KT_CHECK_EQ(vm_test_get(c, copy + PG), 'b');
	KT_CHECK_EQ(vm_test_get(p, copy + PG), 'B');
	/* SHARE: each sees the other's writes. */
	KT_CHECK_EQ(vm_test_get(c, share + 5), 's');
	KT_CHECK_EQ(vm_test_put(c, share, 'S'), KERN_SUCCESS);
	KT_CHECK_EQ(vm_test_get(p, share), 'S');
	KT_CHECK_EQ(vm_test_put(p, share, 't'), KERN_SUCCESS);
	KT_CHECK_EQ(vm_test_get(c, share), 't');
	KT_CHECK_EQ(vm_region(c->map, share, &r), KERN_SUCCESS);
	KT_CHECK(r.address == share && r.shared);
	/* NONE: a hole in the child, where its accesses fault. */
	KT_CHECK_EQ(vm_fault(c->map, none, VM_PROT_READ), KERN_INVALID_ADDRESS);
	KT_CHECK_EQ(vm_test_get(c, none), -1);
	KT_CHECK_EQ(vm_test_get(p, none), 'n');
	/* Without inherited memory: empty. */
	e = task_create_inherit(p, false);
	KT_CHECK(e);
	KT_CHECK_EQ(vm_region(e->map, 0, &r), KERN_NO_SPACE);

	/* The parent goes first: the child keeps its copy and the share. */
	task_terminate(p);
	KT_CHECK_EQ(vm_test_get(c, copy), 'A');
	KT_CHECK_EQ(vm_test_get(c, copy + PG), 'b');
	KT_CHECK_EQ(vm_test_get(c, share), 't');
	task_terminate(c);
	task_terminate(e);
	KT_CHECK(vm_baseline_back("vm_cow", &b));
}

/*
 * SHARE across generations: memory allocated and never touched before
 * the first task_create is shared by three tasks (parent, child, and
 * the child's child): the first touch by any of them (vm_write or a
 * fault) and later writes are seen by all; protection is per task; a
 * vm_deallocate and a new vm_allocate in one task change only that
 * task's view; a COPY out of the shared range is private.
 */
KTEST(vm_cow, share_three_tasks)
{
	vm_address_t s = 0, q = 0;
	struct vm_region_basic r;
	struct vm_baseline b;
	task_t p, c, g;

	vm_baseline_take(&b);
	p = task_create(kernel_task, "vmc-share");
	KT_CHECK(p);
	KT_CHECK_EQ(vm_allocate(p->map, &s, 4 * PG, true), KERN_SUCCESS);
	KT_CHECK_EQ(vm_inherit(p->map, s, 4 * PG, VM_INHERIT_SHARE), KERN_SUCCESS);
	c = task_create_inherit(p, true);
	KT_CHECK(c);
	g = task_create_inherit(c, true);
	KT_CHECK(g);
	/* The grandchild touches first: the object is made for everyone. */
	KT_CHECK_EQ(vm_test_put(g, s + PG, 'g'), KERN_SUCCESS);
	KT_CHECK_EQ(vm_test_get(p, s + PG), 'g');
	KT_CHECK_EQ(vm_test_get(c, s + PG + 100), 'g');
	/* Untouched pages read as zeros everywhere; then a parent's write. */
	KT_CHECK_EQ(vm_test_get(c, s + 2 * PG), 0);
	KT_CHECK_EQ(vm_test_put(p, s + 2 * PG, 'p'), KERN_SUCCESS);
	KT_CHECK(vm_test_get(c, s + 2 * PG) == 'p' &&
		 vm_test_get(g, s + 2 * PG) == 'p');
	KT_CHECK_EQ(vm_test_put(c, s, 'c'), KERN_SUCCESS);
	KT_CHECK(vm_test_get(p, s) == 'c' && vm_test_get(g, s) == 'c');
	/* A user-style fault (not a vm_write) in the child, seen by all. */
	KT_CHECK_EQ(vm_fault(c->map, s + 3 * PG, VM_PROT_WRITE), KERN_SUCCESS);
	KT_CHECK(vm_test_get(p, s + 3 * PG) == 0 && vm_test_get(g, s + 3 * PG) == 0);
	KT_CHECK_EQ(vm_test_put(g, s + 3 * PG, 'G'), KERN_SUCCESS);
	KT_CHECK_EQ(vm_test_get(c, s + 3 * PG), 'G');
	/* Each task's region is the shared one. */
	KT_CHECK_EQ(vm_region(g->map, s, &r), KERN_SUCCESS);
	KT_CHECK(r.address == s && r.size == 4 * PG && r.shared);
	/* Protection is per task: the child reads only; the others write. */
	KT_CHECK_EQ(vm_protect(c->map, s, 4 * PG, false, VM_PROT_READ), KERN_SUCCESS);
	KT_CHECK_EQ(vm_test_put(c, s, 'x'), KERN_PROTECTION_FAILURE);
	KT_CHECK_EQ(vm_test_put(p, s, 'y'), KERN_SUCCESS);
	KT_CHECK_EQ(vm_test_get(c, s), 'y');
	KT_CHECK_EQ(vm_protect(c->map, s, 4 * PG, false, VM_PROT_DEFAULT),
		    KERN_SUCCESS);
	/* The parent leaves a page of the range; a new allocation there is
	 * its own, the others keep sharing the old page. */
	KT_CHECK_EQ(vm_deallocate(p->map, s + PG, PG), KERN_SUCCESS);
	q = s + PG;
	KT_CHECK_EQ(vm_allocate(p->map, &q, PG, false), KERN_SUCCESS);
	KT_CHECK_EQ(vm_test_get(p, s + PG), 0);
	KT_CHECK_EQ(vm_test_put(p, s + PG, 'n'), KERN_SUCCESS);
	KT_CHECK(vm_test_get(c, s + PG) == 'g' && vm_test_get(g, s + PG) == 'g');
	/* A copy out of the shared range (COPY from the child) is private;
	 * the sharers still see each other afterwards. */
	KT_CHECK_EQ(vm_inherit(c->map, s, 4 * PG, VM_INHERIT_COPY), KERN_SUCCESS);
	task_terminate(g);
	g = task_create_inherit(c, true);
	KT_CHECK(g);
	KT_CHECK_EQ(vm_test_get(g, s + 2 * PG), 'p');
	KT_CHECK_EQ(vm_test_put(g, s + 2 * PG, 'z'), KERN_SUCCESS);
	KT_CHECK_EQ(vm_test_put(p, s + 2 * PG, 'w'), KERN_SUCCESS);
	KT_CHECK(vm_test_get(c, s + 2 * PG) == 'w' && vm_test_get(g, s + 2 * PG) == 'z');
	KT_CHECK_EQ(vm_region(g->map, s, &r), KERN_SUCCESS);
	KT_CHECK(!r.shared);
	task_terminate(p);
	task_terminate(c);
	task_terminate(g);
	KT_CHECK(vm_baseline_back("vm_cow", &b));
}

/* A word of t's memory, or ~0 if it cannot be read. */
static uint32_t peek32(task_t t, vm_address_t addr)
{
	uint32_t v = ~0u;

	if (vm_test_read(t, addr, &v, 4) != 0)
		v = ~0u;
	return v;
}

KTEST(vm_cow, user_copy_on_write)
{
	static const char *const child_argv[] = { "vm_cow", "child" };
	vm_address_t mbox = MBOX_ADDR, shared = SHARED_ADDR, none = NONE_ADDR;
	struct vm_fault_stats s0, s1;
	struct vm_baseline b;
	thread_t t, tc;
	vaddr_t entry;
	task_t p, c = NULL;
	bool ready = false, gone;

	vm_baseline_take(&b);
	vm_fault_get_stats(&s0);
	console_capture_start();
	p = vm_test_start("vm_cow", "parent", &t, &entry);
	if (!p)
		console_capture_stop();
	KT_CHECK(p);
	KT_CHECK_EQ(vm_allocate(p->map, &mbox, PG, false), KERN_SUCCESS);
	KT_CHECK_EQ(vm_inherit(p->map, mbox, PG, VM_INHERIT_SHARE), KERN_SUCCESS);
	KT_CHECK_EQ(vm_allocate(p->map, &shared, PG, false), KERN_SUCCESS);
	KT_CHECK_EQ(vm_inherit(p->map, shared, PG, VM_INHERIT_SHARE), KERN_SUCCESS);
	KT_CHECK_EQ(vm_allocate(p->map, &none, PG, false), KERN_SUCCESS);
	KT_CHECK_EQ(vm_inherit(p->map, none, PG, VM_INHERIT_NONE), KERN_SUCCESS);
	thread_resume(t);
	for (int i = 0; i < 1000 && !(ready = peek32(p, MBOX_ADDR) == 1); i++)
		thread_sleep_ms(10);
	if (ready) {
		/* The parent runs its wait loop: fork it now. */
		c = task_create_inherit(p, true);
		if (c) {
			task_reference(c);
			tc = exec_add_thread(c, entry, 1, 2, child_argv);
			if (tc)
				thread_resume(tc);
		}
	}
	gone = vm_test_wait_gone(p, 30000) && (!c || vm_test_wait_gone(c, 30000));
	if (!gone)
		task_terminate(p);
	console_capture_stop();
	if (c) {
		task_terminate(c);	/* its creation reference */
		task_deallocate(c);
	}
	task_deallocate(p);
	KT_CHECK_MSG(ready, "the parent never got ready");
	KT_CHECK_MSG(c, "task_create_inherit failed");
	KT_CHECK_MSG(gone, "parent or child did not end");
	KT_CHECK_MSG(console_captured("vm_cow parent: PASS"), "the parent failed");
	KT_CHECK_MSG(console_captured("vm_cow child: PASS"), "the child failed");
	KT_CHECK_MSG(!console_captured("FAIL"), "a check failed");
	/* The child's last access, to the page it did not inherit, faulted. */
	KT_CHECK_MSG(console_captured("user fault: task (vm_cow)") &&
		     console_captured("address 0x10002000"),
		     "the uninherited page did not fault in the child");
	vm_fault_get_stats(&s1);
	KT_CHECK_MSG(s1.cow_copies - s0.cow_copies >= 8, "only %lu copies on write",
		     s1.cow_copies - s0.cow_copies);
	KT_CHECK(vm_baseline_back("vm_cow", &b));
}
