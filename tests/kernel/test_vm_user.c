/*
 * tests/kernel/test_vm_user.c - suite "vm_user": tasks' address maps in
 * use.  In the kernel: task_create_inherit (COPY: each side sees only its
 * own writes; SHARE: each sees the other's; NONE: a hole in the child)
 * and the vm_* calls of vm/vm_user.h on a task's map (rounding, errors,
 * maxima, vm_read/vm_write/vm_copy).  From user mode, with the module
 * tests/user/vmuser: faults on zero-fill memory, initialised data and a
 * growing stack, copyout into untouched pages, out-of-line memory, the
 * vm_* routines through MIG, and copy-on-write between a task and the
 * child the kernel forks from it while it runs.
 *
 * Every case ends with the free pages (ktest_free_pages), VM objects, map
 * entries, maps, tasks and threads back where they were.
 */
#include <kern/machine.h>
#include <kern/bootinfo.h>
#include <kern/console.h>
#include <kern/exec.h>
#include <kern/sched_prim.h>
#include <kern/string.h>
#include <kern/task.h>
#include <kern/thread.h>
#include <vm/vm_fault.h>
#include <vm/vm_kern.h>
#include <vm/vm_map.h>
#include <vm/vm_map_copy.h>
#include <vm/vm_object.h>
#include <vm/vm_page.h>
#include <vm/vm_user.h>
#include <tests/kernel/ktest.h>

#define PG		PAGE_SIZE
#define MBOX_ADDR	0x10000000UL		/* tests/user/vmuser.c */
#define NONE_ADDR	(MBOX_ADDR + 2 * PG)

struct baseline {
	unsigned long free, objects, entries, maps, tasks, threads;
};

/*
 * baseline_take: the counts a case must return to.  A port may keep
 * destroyed pmaps for reuse (riscv does): as many as a case uses at once
 * are created and destroyed first, so that such a cache is as full now
 * as it will be at the end (as tests/kernel/test_vm.c does).
 */
static void baseline_take(struct baseline *b)
{
	pmap_t warm[4];

	thread_sleep_ms(20);		/* let ended threads be reaped */
	for (int i = 0; i < 4; i++)
		warm[i] = pmap_create();
	for (int i = 0; i < 4; i++)
		if (warm[i])
			pmap_destroy(warm[i]);
	b->free = ktest_free_pages();
	b->objects = vm_object_count();
	b->entries = vm_map_entry_count();
	b->maps = vm_map_count();
	b->tasks = task_count();
	b->threads = thread_count();
}

static bool baseline_back(const struct baseline *b)
{
	struct baseline now;

	baseline_take(&now);
	if (!memcmp(&now, b, sizeof(now)))
		return true;
	kprintf("vm_user: leak: free pages %lu/%lu objects %lu/%lu entries "
		"%lu/%lu maps %lu/%lu tasks %lu/%lu threads %lu/%lu "
		"(now/before)\n", now.free, b->free, now.objects, b->objects,
		now.entries, b->entries, now.maps, b->maps, now.tasks, b->tasks,
		now.threads, b->threads);
	return false;
}

/* The byte at addr of t's memory as its threads would read it, or -1. */
static int get(task_t t, vm_address_t addr)
{
	vm_map_copy_t copy;
	uint8_t v;

	if (vm_read(t->map, addr, 1, &copy) != KERN_SUCCESS)
		return -1;
	if (vm_map_copy_read(copy, 0, &v, 1) != KERN_SUCCESS) {
		vm_map_copy_discard(copy);
		return -1;
	}
	vm_map_copy_discard(copy);
	return v;
}

/*
 * write_buf: vm_write of size bytes of the kernel buffer buf at addr of
 * map, through a kernel-buffer copy as a request would carry it.
 */
static kern_return_t write_buf(vm_map_t map, vm_address_t addr,
			       const void *buf, vm_size_t size)
{
	vm_map_copy_t copy;
	kern_return_t kr = vm_map_copyin_kernel_buffer(buf, size, &copy);

	if (kr != KERN_SUCCESS)
		return kr;
	kr = vm_write(map, addr, copy, size);
	if (kr != KERN_SUCCESS)
		vm_map_copy_discard(copy);
	return kr;
}

/* Fill the page at addr (page aligned) of t's memory with v. */
static kern_return_t put(task_t t, vm_address_t addr, uint8_t v)
{
	void *page = kalloc(PG);
	kern_return_t kr;

	if (!page)
		return KERN_RESOURCE_SHORTAGE;
	memset(page, v, PG);
	kr = write_buf(t->map, addr, page, PG);
	kfree(page, PG);
	return kr;
}

KTEST(vm_user, inherit_copy_share_none)
{
	vm_address_t copy = 0, share = 0, none = 0;
	struct vm_region_basic r;
	struct baseline b;
	task_t p, c, e;

	baseline_take(&b);
	p = task_create(kernel_task, "vmu-parent");
	KT_CHECK(p);
	KT_CHECK_EQ(vm_allocate(p->map, &copy, 2 * PG, true), KERN_SUCCESS);
	KT_CHECK_EQ(vm_allocate(p->map, &share, PG, true), KERN_SUCCESS);
	KT_CHECK_EQ(vm_allocate(p->map, &none, PG, true), KERN_SUCCESS);
	KT_CHECK_EQ(vm_inherit(p->map, share, PG, VM_INHERIT_SHARE), KERN_SUCCESS);
	KT_CHECK_EQ(vm_inherit(p->map, none, PG, VM_INHERIT_NONE), KERN_SUCCESS);
	KT_CHECK_EQ(put(p, copy, 'a'), KERN_SUCCESS);
	KT_CHECK_EQ(put(p, copy + PG, 'b'), KERN_SUCCESS);
	KT_CHECK_EQ(put(p, share, 's'), KERN_SUCCESS);
	KT_CHECK_EQ(put(p, none, 'n'), KERN_SUCCESS);

	c = task_create_inherit(p, true);
	KT_CHECK(c);
	KT_CHECK_MSG(!strcmp(c->name, "(vmu-parent)"), "child named %s", c->name);
	/* COPY: the fork-time contents, then each side its own writes. */
	KT_CHECK_EQ(get(c, copy), 'a');
	KT_CHECK_EQ(get(c, copy + PG + 77), 'b');
	KT_CHECK_EQ(put(c, copy, 'A'), KERN_SUCCESS);
	KT_CHECK_EQ(get(p, copy), 'a');
	KT_CHECK_EQ(get(c, copy), 'A');
	KT_CHECK_EQ(put(p, copy + PG, 'B'), KERN_SUCCESS);
	KT_CHECK_EQ(get(c, copy + PG), 'b');
	KT_CHECK_EQ(get(p, copy + PG), 'B');
	/* SHARE: each sees the other's writes. */
	KT_CHECK_EQ(get(c, share + 5), 's');
	KT_CHECK_EQ(put(c, share, 'S'), KERN_SUCCESS);
	KT_CHECK_EQ(get(p, share), 'S');
	KT_CHECK_EQ(put(p, share, 't'), KERN_SUCCESS);
	KT_CHECK_EQ(get(c, share), 't');
	KT_CHECK_EQ(vm_region(c->map, share, &r), KERN_SUCCESS);
	KT_CHECK(r.address == share && r.shared);
	/* NONE: a hole in the child, where its accesses fault. */
	KT_CHECK_EQ(vm_fault(c->map, none, VM_PROT_READ), KERN_INVALID_ADDRESS);
	KT_CHECK_EQ(get(c, none), -1);
	KT_CHECK_EQ(get(p, none), 'n');
	/* Without inherited memory: empty. */
	e = task_create_inherit(p, false);
	KT_CHECK(e);
	KT_CHECK_EQ(vm_region(e->map, 0, &r), KERN_NO_SPACE);

	/* The parent goes first: the child keeps its copy and the share. */
	task_terminate(p);
	KT_CHECK_EQ(get(c, copy), 'A');
	KT_CHECK_EQ(get(c, copy + PG), 'b');
	KT_CHECK_EQ(get(c, share), 't');
	task_terminate(c);
	task_terminate(e);
	KT_CHECK(baseline_back(&b));
}

/* The vm_* calls on a task's map: rounding, errors, contents. */
KTEST(vm_user, calls_on_a_task_map)
{
	vm_address_t a = 0, x;
	struct vm_region_basic r;
	vm_statistics_data_t st;
	vm_machine_attribute_val_t val = 0;
	unsigned long resident;
	struct baseline b;
	vm_map_copy_t copy;
	uint8_t *buf, byte;
	task_t t;

	baseline_take(&b);
	KT_CHECK_EQ(vm_allocate(NULL, &a, PG, true), KERN_INVALID_ARGUMENT);
	KT_CHECK_EQ(vm_deallocate(NULL, a, PG), KERN_INVALID_ARGUMENT);
	KT_CHECK_EQ(vm_statistics(NULL, &st), KERN_INVALID_ARGUMENT);
	t = task_create(kernel_task, "vmu-calls");
	KT_CHECK(t);
	KT_CHECK_EQ(vm_allocate(t->map, &a, 8 * PG - 5, true), KERN_SUCCESS);
	KT_CHECK(a == t->map->min_offset);		/* first fit from the bottom */
	KT_CHECK_EQ(vm_region(t->map, 0, &r), KERN_SUCCESS);
	KT_CHECK(r.address == a && r.size == 8 * PG);
	KT_CHECK(r.protection == VM_PROT_DEFAULT && r.max_protection == VM_PROT_ALL);
	KT_CHECK(r.inheritance == VM_INHERIT_COPY && !r.shared);
	x = a + PG + 3;
	KT_CHECK_EQ(vm_allocate(t->map, &x, PG, false), KERN_NO_SPACE);
	x = 0;
	KT_CHECK_EQ(vm_allocate(t->map, &x, PG, false), KERN_INVALID_ADDRESS);
	x = USER_VA_MAX;
	KT_CHECK_EQ(vm_allocate(t->map, &x, PG, false), KERN_INVALID_ADDRESS);
	x = 0;
	KT_CHECK_EQ(vm_allocate(t->map, &x, (vm_size_t)-1, true), KERN_NO_SPACE);
	KT_CHECK_EQ(vm_deallocate(t->map, (vm_address_t)-PG, 2 * PG),
		    KERN_INVALID_ARGUMENT);
	/* Reads of untouched memory make no page; writes do. */
	resident = vm_object_resident_count();
	KT_CHECK_EQ(vm_read(t->map, a + 10, 3 * PG, &copy), KERN_SUCCESS);
	KT_CHECK(copy && copy->size == 3 * PG && copy->offset == 10);
	byte = 1;
	KT_CHECK_EQ(vm_map_copy_read(copy, 0, &byte, 1), KERN_SUCCESS);
	KT_CHECK_EQ(byte, 0);
	byte = 1;
	KT_CHECK_EQ(vm_map_copy_read(copy, 3 * PG - 1, &byte, 1), KERN_SUCCESS);
	KT_CHECK_EQ(byte, 0);
	KT_CHECK_EQ(vm_map_copy_read(copy, 3 * PG - 1, &byte, 2),
		    KERN_INVALID_ARGUMENT);
	vm_map_copy_discard(copy);
	KT_CHECK_EQ(vm_object_resident_count(), resident);
	KT_CHECK_EQ(put(t, a + 2 * PG, 7), KERN_SUCCESS);
	KT_CHECK_EQ(vm_object_resident_count(), resident + 1);
	KT_CHECK_EQ(get(t, a + 2 * PG + 4095), 7);
	/* vm_copy both ways across an overlap: a snapshot of the source. */
	KT_CHECK_EQ(put(t, a + 3 * PG, 8), KERN_SUCCESS);
	KT_CHECK_EQ(vm_copy(t->map, a + 2 * PG, 2 * PG, a + 3 * PG), KERN_SUCCESS);
	KT_CHECK(get(t, a + 2 * PG) == 7 && get(t, a + 3 * PG) == 7 &&
		 get(t, a + 4 * PG) == 8);
	KT_CHECK_EQ(vm_copy(t->map, a + 3 * PG, 2 * PG, a + 2 * PG), KERN_SUCCESS);
	KT_CHECK(get(t, a + 2 * PG) == 7 && get(t, a + 3 * PG) == 8 &&
		 get(t, a + 4 * PG) == 8);
	KT_CHECK_EQ(vm_copy(t->map, a, PG, a + 7 * PG + 1), KERN_INVALID_ARGUMENT);
	KT_CHECK_EQ(vm_copy(t->map, a, 2 * PG, a + 7 * PG), KERN_INVALID_ADDRESS);
	buf = kalloc(PG);
	KT_CHECK(buf);
	memset(buf, 1, PG);
	KT_CHECK_EQ(write_buf(t->map, a + 1, buf, PG), KERN_INVALID_ARGUMENT);
	KT_CHECK_EQ(write_buf(t->map, a + 8 * PG, buf, PG), KERN_INVALID_ADDRESS);
	/* Protections: the maximum never rises; checks precede writes. */
	KT_CHECK_EQ(vm_protect(t->map, a, PG, true, VM_PROT_READ), KERN_SUCCESS);
	KT_CHECK_EQ(vm_protect(t->map, a, PG, false, VM_PROT_DEFAULT),
		    KERN_PROTECTION_FAILURE);
	KT_CHECK_EQ(vm_protect(t->map, a, PG, true, VM_PROT_ALL),
		    KERN_PROTECTION_FAILURE);
	KT_CHECK_EQ(vm_protect(t->map, a, PG, false, 8), KERN_INVALID_ARGUMENT);
	KT_CHECK_EQ(write_buf(t->map, a, buf, 2 * PG), KERN_PROTECTION_FAILURE);
	KT_CHECK_EQ(get(t, a + PG), 0);		/* nothing written */
	KT_CHECK_EQ(vm_protect(t->map, a + PG, PG, false, VM_PROT_NONE),
		    KERN_SUCCESS);
	KT_CHECK_EQ(vm_read(t->map, a + PG, 1, &copy), KERN_PROTECTION_FAILURE);
	KT_CHECK_EQ(vm_inherit(t->map, a, PG, 3), KERN_INVALID_ARGUMENT);
	KT_CHECK_EQ(vm_inherit(t->map, a, 9 * PG, VM_INHERIT_NONE),
		    KERN_INVALID_ADDRESS);
	kfree(buf, PG);
	/* vm_map without a memory object: alignment mask, attributes. */
	x = a;
	KT_CHECK_EQ(vm_map_memory(t->map, &x, 3 * PG, 0xffff, true, VM_PROT_READ,
				  VM_PROT_DEFAULT, VM_INHERIT_SHARE), KERN_SUCCESS);
	KT_CHECK(x > a && (x & 0xffff) == 0);
	KT_CHECK_EQ(vm_region(t->map, x, &r), KERN_SUCCESS);
	KT_CHECK(r.address == x && r.size == 3 * PG && r.protection == VM_PROT_READ);
	KT_CHECK(r.max_protection == VM_PROT_DEFAULT &&
		 r.inheritance == VM_INHERIT_SHARE);
	KT_CHECK_EQ(vm_deallocate(t->map, x, 3 * PG), KERN_SUCCESS);
	KT_CHECK_EQ(vm_map_memory(t->map, &x, PG, 0, true, VM_PROT_ALL,
				  VM_PROT_READ, VM_INHERIT_COPY),
		    KERN_INVALID_ARGUMENT);
	KT_CHECK_EQ(vm_map_memory(t->map, &x, 0, 0, true, VM_PROT_READ,
				  VM_PROT_READ, VM_INHERIT_COPY),
		    KERN_INVALID_ARGUMENT);
	/* Size 0, statistics, machine attributes. */
	x = a;
	KT_CHECK_EQ(vm_allocate(t->map, &x, 0, false), KERN_SUCCESS);
	KT_CHECK_EQ(x, 0);
	KT_CHECK_EQ(vm_read(t->map, a, 0, &copy), KERN_SUCCESS);
	KT_CHECK(copy == NULL);
	KT_CHECK_EQ(vm_statistics(t->map, &st), KERN_SUCCESS);
	KT_CHECK(st.pagesize == PG && st.free_count > 0 && st.zero_fill_count > 0);
	KT_CHECK_EQ(vm_machine_attribute(t->map, a, PG, 1, &val),
		    KERN_INVALID_ARGUMENT);
	KT_CHECK_EQ(vm_deallocate(t->map, a + 3, 8 * PG), KERN_SUCCESS);
	KT_CHECK_EQ(vm_region(t->map, 0, &r), KERN_NO_SPACE);
	task_terminate(t);
	KT_CHECK(baseline_back(&b));
}

/* ---- From user mode ------------------------------------------------------ */

/* Start vmuser with argv[1] = part, its thread suspended. */
static task_t start_vmuser(const char *part, thread_t *tp, vaddr_t *entry)
{
	const char *const argv[] = { "vmuser", part };
	const struct boot_module *m = ktest_find_module("vmuser");

	if (!m) {
		kprintf("vm_user: no boot module named vmuser\n");
		return NULL;
	}
	return exec_start_module("vmuser", phys_to_virt(m->start),
				 (size_t)(m->end - m->start), 2, argv, tp, entry);
}

/* Wait until t has no thread left; false after ms milliseconds. */
static bool wait_gone(task_t t, uint64_t ms)
{
	for (uint64_t waited = 0; waited < ms; waited += 10) {
		if (t->thread_count == 0)
			return true;
		thread_sleep_ms(10);
	}
	return t->thread_count == 0;
}

/*
 * run_part: one vmuser part that ends by itself; true if it printed
 * "vmuser <part>: PASS" and no failure.
 */
static bool run_part(const char *part)
{
	char pass[40];
	thread_t t;
	task_t task;
	bool gone;

	console_capture_start();
	task = start_vmuser(part, &t, NULL);
	if (!task) {
		console_capture_stop();
		return false;
	}
	thread_resume(t);
	gone = wait_gone(task, 30000);
	if (!gone)
		task_terminate(task);
	console_capture_stop();
	task_deallocate(task);
	ksnprintf(pass, sizeof(pass), "vmuser %s: PASS", part);
	if (!gone)
		kprintf("vm_user: vmuser %s did not end\n", part);
	else if (!console_captured(pass) || console_captured("FAIL"))
		kprintf("vm_user: vmuser %s failed\n", part);
	else if (console_captured("user fault: task"))
		kprintf("vm_user: vmuser %s took a user fault\n", part);
	else
		return true;
	return false;
}

KTEST(vm_user, user_faults)
{
	struct vm_fault_stats s0, s1;
	struct baseline b;

	baseline_take(&b);
	vm_fault_get_stats(&s0);
	KT_CHECK_MSG(run_part("faults"), "vmuser faults did not pass");
	vm_fault_get_stats(&s1);
	/* 16 pages of zbuf at least, and the stack's. */
	KT_CHECK_MSG(s1.zero_fills - s0.zero_fills >= 20, "only %lu zero fills",
		     s1.zero_fills - s0.zero_fills);
	KT_CHECK(baseline_back(&b));
}

KTEST(vm_user, user_vm_calls)
{
	struct baseline b;

	baseline_take(&b);
	KT_CHECK_MSG(run_part("calls"), "vmuser calls did not pass");
	KT_CHECK(baseline_back(&b));
}

/* A word of t's memory, or ~0 if it cannot be read. */
static uint32_t peek32(task_t t, vm_address_t addr)
{
	uint32_t v = ~0u;
	vm_map_copy_t copy;

	if (vm_read(t->map, addr, 4, &copy) == KERN_SUCCESS) {
		if (vm_map_copy_read(copy, 0, &v, 4) != KERN_SUCCESS)
			v = ~0u;
		vm_map_copy_discard(copy);
	}
	return v;
}

KTEST(vm_user, user_copy_on_write)
{
	static const char *const child_argv[] = { "vmuser", "child" };
	vm_address_t mbox = MBOX_ADDR, none = NONE_ADDR;
	struct vm_fault_stats s0, s1;
	struct baseline b;
	thread_t t, tc;
	vaddr_t entry;
	task_t p, c = NULL;
	bool ready = false, gone;

	baseline_take(&b);
	vm_fault_get_stats(&s0);
	console_capture_start();
	p = start_vmuser("parent", &t, &entry);
	if (!p)
		console_capture_stop();
	KT_CHECK(p);
	KT_CHECK_EQ(vm_allocate(p->map, &mbox, PG, false), KERN_SUCCESS);
	KT_CHECK_EQ(vm_inherit(p->map, mbox, PG, VM_INHERIT_SHARE), KERN_SUCCESS);
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
	gone = wait_gone(p, 30000) && (!c || wait_gone(c, 30000));
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
	KT_CHECK_MSG(console_captured("vmuser parent: PASS"), "the parent failed");
	KT_CHECK_MSG(console_captured("vmuser child: PASS"), "the child failed");
	KT_CHECK_MSG(!console_captured("FAIL"), "a check failed");
	/* The child's last access, to the page it did not inherit, faulted. */
	KT_CHECK_MSG(console_captured("user fault: task (vmuser)") &&
		     console_captured("address 0x10002000"),
		     "the uninherited page did not fault in the child");
	vm_fault_get_stats(&s1);
	KT_CHECK_MSG(s1.cow_copies - s0.cow_copies >= 8, "only %lu copies on write",
		     s1.cow_copies - s0.cow_copies);
	KT_CHECK(baseline_back(&b));
}
