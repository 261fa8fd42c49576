/*
 * tests/kernel/test_vm_ool.c - suite "vm_ool": out-of-line memory and the
 * vm_read/vm_write/vm_copy calls as virtual copies (vm/vm_map_copy.h).
 *
 * In the kernel, on tasks' maps, with exact counters (pages in objects,
 * pages copied on write by the fault handler): a copy taken and put in
 * another map makes no page; a write by either side copies exactly the
 * page written; a range taken with src_destroy leaves its map and is
 * never copied; the errors of copyin and copyout; vm_copy makes no page.
 * From user mode, with the module tests/user/vmool (two tasks): a 64 MiB
 * message, the deallocate flag, MACH_SEND_INVALID_MEMORY and a receiver
 * without room (see that file).
 *
 * Every case ends with the free pages, VM objects, map entries, maps,
 * copies, tasks and threads back where they were.
 */
#include <kern/machine.h>
#include <kern/bootinfo.h>
#include <kern/console.h>
#include <kern/exec.h>
#include <kern/sched_prim.h>
#include <kern/string.h>
#include <kern/task.h>
#include <kern/thread.h>
#include <ipc/ipc_right.h>
#include <vm/vm_fault.h>
#include <vm/vm_kern.h>
#include <vm/vm_map.h>
#include <vm/vm_map_copy.h>
#include <vm/vm_object.h>
#include <vm/vm_page.h>
#include <vm/vm_user.h>
#include <tests/kernel/ktest.h>

#define PG	PAGE_SIZE
#define NP	64		/* pages of the kernel cases' region */

struct counts {
	unsigned long free, objects, entries, maps, copies, tasks, threads;
};

/* counts_take: what a case must return to (see test_vm_user.c). */
static void counts_take(struct counts *c)
{
	pmap_t warm[4];

	thread_sleep_ms(20);		/* let ended threads be reaped */
	for (int i = 0; i < 4; i++)
		warm[i] = pmap_create();
	for (int i = 0; i < 4; i++)
		if (warm[i])
			pmap_destroy(warm[i]);
	c->free = ktest_free_pages();
	c->objects = vm_object_count();
	c->entries = vm_map_entry_count();
	c->maps = vm_map_count();
	c->copies = vm_map_copy_count();
	c->tasks = task_count();
	c->threads = thread_count();
}

static bool counts_back(const struct counts *b)
{
	struct counts now;

	counts_take(&now);
	if (!memcmp(&now, b, sizeof(now)))
		return true;
	kprintf("vm_ool: leak: free %lu/%lu objects %lu/%lu entries %lu/%lu "
		"maps %lu/%lu copies %lu/%lu tasks %lu/%lu threads %lu/%lu "
		"(now/before)\n", now.free, b->free, now.objects, b->objects,
		now.entries, b->entries, now.maps, b->maps, now.copies,
		b->copies, now.tasks, b->tasks, now.threads, b->threads);
	return false;
}

static unsigned long cow_copies(void)
{
	struct vm_fault_stats s;

	vm_fault_get_stats(&s);
	return s.cow_copies;
}

/* The byte at addr of map as the task would read it, or -1. */
static int get(vm_map_t map, vm_address_t addr)
{
	vm_map_copy_t copy;
	uint8_t v;
	int r = -1;

	if (vm_read(map, addr, 1, &copy) != KERN_SUCCESS)
		return -1;
	if (vm_map_copy_read(copy, 0, &v, 1) == KERN_SUCCESS)
		r = v;
	vm_map_copy_discard(copy);
	return r;
}

/* Fill the page at addr of map with v, as a write of the task would. */
static kern_return_t put(vm_map_t map, vm_address_t addr, uint8_t v)
{
	uint8_t *page = kalloc(PG);
	vm_map_copy_t copy;
	kern_return_t kr;

	if (!page)
		return KERN_RESOURCE_SHORTAGE;
	memset(page, v, PG);
	kr = vm_map_copyin_kernel_buffer(page, PG, &copy);
	kfree(page, PG);
	if (kr != KERN_SUCCESS)
		return kr;
	kr = vm_write(map, addr, copy, PG);
	if (kr != KERN_SUCCESS)
		vm_map_copy_discard(copy);
	return kr;
}

static uint8_t pat(unsigned int i)
{
	return (uint8_t)(0x5a ^ i);
}

/* Copy, copy-on-write, move and errors on two tasks' maps. */
KTEST(vm_ool, copy_objects)
{
	vm_address_t x = 0, z = 0, y, w, f;
	unsigned long resident, cow;
	vm_map_copy_t c;
	struct counts b;
	task_t ta, tb;

	counts_take(&b);
	ta = task_create(kernel_task, "ool-a");
	tb = task_create(kernel_task, "ool-b");
	KT_CHECK(ta && tb);
	KT_CHECK_EQ(vm_allocate(ta->map, &x, NP * PG, true), KERN_SUCCESS);
	for (unsigned int i = 0; i < NP; i++)
		KT_CHECK_EQ(put(ta->map, x + i * PG, pat(i)), KERN_SUCCESS);

	/* A virtual copy, out of place, keeps the in-page offset. */
	resident = vm_object_resident_count();
	cow = cow_copies();
	KT_CHECK_EQ(vm_map_copyin(ta->map, x + 123, NP * PG - 200, false, &c),
		    KERN_SUCCESS);
	KT_CHECK(c && c->offset == 123 && c->size == NP * PG - 200);
	KT_CHECK_EQ(vm_map_copyout(tb->map, &y, c), KERN_SUCCESS);
	KT_CHECK_EQ(y & PAGE_MASK, 123);
	y -= 123;
	for (unsigned int i = 0; i < NP; i++)
		KT_CHECK_EQ(get(tb->map, y + i * PG + 7), pat(i));
	KT_CHECK_EQ(vm_object_resident_count(), resident);	/* nothing made */
	KT_CHECK_EQ(cow_copies(), cow);				/* nothing copied */

	/* Writes on either side copy exactly the page written. */
	KT_CHECK_EQ(put(tb->map, y + 3 * PG, 0xb3), KERN_SUCCESS);
	KT_CHECK_EQ(put(tb->map, y + 10 * PG, 0xba), KERN_SUCCESS);
	KT_CHECK_EQ(put(ta->map, x + 5 * PG, 0xa5), KERN_SUCCESS);
	KT_CHECK_EQ(cow_copies(), cow + 3);
	KT_CHECK_EQ(vm_object_resident_count(), resident + 3);
	KT_CHECK_EQ(get(ta->map, x + 3 * PG), pat(3));
	KT_CHECK_EQ(get(tb->map, y + 3 * PG), 0xb3);
	KT_CHECK_EQ(get(tb->map, y + 5 * PG), pat(5));
	KT_CHECK_EQ(get(ta->map, x + 5 * PG), 0xa5);

	/* src_destroy moves: the range leaves ta, nothing is copied. */
	KT_CHECK_EQ(vm_allocate(ta->map, &z, 16 * PG, true), KERN_SUCCESS);
	for (unsigned int i = 0; i < 16; i++)
		KT_CHECK_EQ(put(ta->map, z + i * PG, pat(i + 100)), KERN_SUCCESS);
	resident = vm_object_resident_count();
	cow = cow_copies();
	KT_CHECK_EQ(vm_map_copyin(ta->map, z + PG, 14 * PG, true, &c),
		    KERN_SUCCESS);
	KT_CHECK_EQ(vm_fault(ta->map, z + PG, VM_PROT_READ), KERN_INVALID_ADDRESS);
	KT_CHECK_EQ(vm_fault(ta->map, z + 14 * PG, VM_PROT_READ),
		    KERN_INVALID_ADDRESS);
	KT_CHECK_EQ(get(ta->map, z), pat(100));
	KT_CHECK_EQ(get(ta->map, z + 15 * PG), pat(115));
	KT_CHECK_EQ(vm_map_copyout(tb->map, &w, c), KERN_SUCCESS);
	KT_CHECK_EQ(get(tb->map, w), pat(101));
	KT_CHECK_EQ(get(tb->map, w + 13 * PG), pat(114));
	KT_CHECK_EQ(put(tb->map, w + 2 * PG, 0xcc), KERN_SUCCESS);
	KT_CHECK_EQ(get(tb->map, w + 2 * PG), 0xcc);
	KT_CHECK_EQ(vm_object_resident_count(), resident);
	KT_CHECK_EQ(cow_copies(), cow);

	/* vm_copy: a snapshot, and nothing copied until written. */
	KT_CHECK_EQ(vm_copy(ta->map, x, 4 * PG, x + 8 * PG), KERN_SUCCESS);
	KT_CHECK(vm_object_resident_count() <= resident);
	KT_CHECK_EQ(cow_copies(), cow);
	KT_CHECK_EQ(get(ta->map, x + 8 * PG), pat(0));
	KT_CHECK_EQ(get(ta->map, x + 11 * PG), pat(3));
	KT_CHECK_EQ(get(ta->map, x + 12 * PG), pat(12));
	KT_CHECK_EQ(put(ta->map, x + 8 * PG, 0x11), KERN_SUCCESS);
	KT_CHECK_EQ(cow_copies(), cow + 1);
	KT_CHECK_EQ(get(ta->map, x), pat(0));

	/* Errors: holes, protections, wrapping; nothing changes. */
	KT_CHECK_EQ(vm_map_copyin(ta->map, z + PG, PG, false, &c),
		    KERN_INVALID_ADDRESS);
	KT_CHECK(c == NULL);
	KT_CHECK_EQ(vm_map_copyin(ta->map, z, 2 * PG, true, &c),
		    KERN_INVALID_ADDRESS);
	KT_CHECK_EQ(get(ta->map, z), pat(100));
	KT_CHECK_EQ(vm_map_copyin(ta->map, (vaddr_t)-PG, 2 * PG, false, &c),
		    KERN_INVALID_ADDRESS);
	KT_CHECK_EQ(vm_map_copyin(ta->map, x, 0, true, &c), KERN_SUCCESS);
	KT_CHECK(c == NULL);
	KT_CHECK_EQ(vm_protect(ta->map, x + PG, PG, false, VM_PROT_NONE),
		    KERN_SUCCESS);
	KT_CHECK_EQ(vm_map_copyin(ta->map, x, 2 * PG, true, &c),
		    KERN_PROTECTION_FAILURE);
	KT_CHECK_EQ(get(ta->map, x), pat(0));

	/* No room in the receiver: KERN_NO_SPACE, the copy stays whole. */
	KT_CHECK_EQ(vm_map_copyin(ta->map, x + 2 * PG, 2 * PG, false, &c),
		    KERN_SUCCESS);
	for (vm_size_t s = (vm_size_t)1 << 46; s >= PG;) {
		f = 0;
		if (vm_allocate(tb->map, &f, s, true) != KERN_SUCCESS)
			s /= 2;
	}
	KT_CHECK_EQ(vm_map_copyout(tb->map, &f, c), KERN_NO_SPACE);
	KT_CHECK_EQ(vm_map_copy_count(), b.copies + 1);
	vm_map_copy_discard(c);
	KT_CHECK_EQ(get(ta->map, x + 2 * PG), pat(2));

	task_terminate(ta);
	task_terminate(tb);
	KT_CHECK(counts_back(&b));
}

/*
 * Shared ranges (VM_INHERIT_SHARE, through a share map): a copy out of
 * one is a snapshot the sharers' later writes do not change; a move out
 * of one is a copy, and only the mover loses the range; vm_write over
 * one writes in place, so that every sharer sees it.
 */
KTEST(vm_ool, shared_ranges)
{
	vm_address_t s = 0, y, w;
	vm_map_copy_t c, c2;
	struct counts b;
	task_t p, ch, r;

	counts_take(&b);
	p = task_create(kernel_task, "ool-sh");
	r = task_create(kernel_task, "ool-r");
	KT_CHECK(p && r);
	KT_CHECK_EQ(vm_allocate(p->map, &s, 8 * PG, true), KERN_SUCCESS);
	KT_CHECK_EQ(vm_inherit(p->map, s, 8 * PG, VM_INHERIT_SHARE), KERN_SUCCESS);
	for (unsigned int i = 0; i < 8; i++)
		KT_CHECK_EQ(put(p->map, s + i * PG, pat(i)), KERN_SUCCESS);
	ch = task_create_inherit(p, true);
	KT_CHECK(ch);

	/* A copy of part of the shared range, then writes by both sharers. */
	KT_CHECK_EQ(vm_map_copyin(p->map, s + 2 * PG, 3 * PG, false, &c),
		    KERN_SUCCESS);
	KT_CHECK_EQ(put(ch->map, s + 3 * PG, 0x33), KERN_SUCCESS);
	KT_CHECK_EQ(put(p->map, s + 4 * PG, 0x44), KERN_SUCCESS);
	KT_CHECK_EQ(get(p->map, s + 3 * PG), 0x33);	/* still shared */
	KT_CHECK_EQ(get(ch->map, s + 4 * PG), 0x44);
	KT_CHECK_EQ(vm_map_copyout(r->map, &y, c), KERN_SUCCESS);
	KT_CHECK_EQ(get(r->map, y), pat(2));
	KT_CHECK_EQ(get(r->map, y + PG), pat(3));
	KT_CHECK_EQ(get(r->map, y + 2 * PG), pat(4));

	/* A move out of the shared range: the child keeps it. */
	KT_CHECK_EQ(vm_map_copyin(p->map, s + 6 * PG, 2 * PG, true, &c2),
		    KERN_SUCCESS);
	KT_CHECK_EQ(vm_fault(p->map, s + 6 * PG, VM_PROT_READ),
		    KERN_INVALID_ADDRESS);
	KT_CHECK_EQ(get(ch->map, s + 7 * PG), pat(7));
	KT_CHECK_EQ(vm_map_copyout(r->map, &w, c2), KERN_SUCCESS);
	KT_CHECK_EQ(get(r->map, w + PG), pat(7));
	KT_CHECK_EQ(put(ch->map, s + 7 * PG, 0x77), KERN_SUCCESS);
	KT_CHECK_EQ(get(r->map, w + PG), pat(7));
	KT_CHECK_EQ(put(r->map, w + PG, 0x78), KERN_SUCCESS);
	KT_CHECK_EQ(get(ch->map, s + 7 * PG), 0x77);

	/* vm_write and vm_copy into the shared range: every sharer sees it. */
	KT_CHECK_EQ(put(p->map, s, 0x10), KERN_SUCCESS);
	KT_CHECK_EQ(get(ch->map, s), 0x10);
	KT_CHECK_EQ(vm_copy(r->map, y, PG, y + 2 * PG), KERN_SUCCESS);
	KT_CHECK_EQ(get(r->map, y + 2 * PG), pat(2));
	KT_CHECK_EQ(vm_copy(p->map, s + 4 * PG, PG, s + PG), KERN_SUCCESS);
	KT_CHECK_EQ(get(ch->map, s + PG), 0x44);

	task_terminate(p);
	task_terminate(ch);
	task_terminate(r);
	KT_CHECK(counts_back(&b));
}

/* ---- From user mode ------------------------------------------------------ */

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

static task_t start_vmool(const char *role, thread_t *tp)
{
	const char *const argv[] = { "vmool", role };
	const struct boot_module *m = ktest_find_module("vmool");

	if (!m) {
		kprintf("vm_ool: no boot module named vmool\n");
		return NULL;
	}
	return exec_start_module("vmool", phys_to_virt(m->start),
				 (size_t)(m->end - m->start), 2, argv, tp, NULL);
}

/*
 * The receiver's receive right is name 1 in its new space, the sender's
 * send right to it name 1 in its own.
 */
static bool connect(task_t receiver, task_t sender)
{
	struct ipc_object *obj;
	mach_port_name_t name, got;
	unsigned int kind;

	if (ipc_right_alloc_receive(receiver->itk_space, &name, false) ||
	    name != 1)
		return false;
	if (ipc_right_copyin(receiver->itk_space, 1, IPC_MSG_TYPE_MAKE_SEND,
			     &obj, &kind))
		return false;
	return ipc_right_copyout(sender->itk_space, obj, kind, &got) ==
	       KERN_SUCCESS && got == 1;
}

KTEST(vm_ool, user_64m)
{
	thread_t st = NULL, rt = NULL;
	task_t s, r;
	struct counts b;
	bool ok, gone;

	counts_take(&b);
	console_capture_start();
	r = start_vmool("receiver", &rt);
	s = start_vmool("sender", &st);
	ok = r && s && connect(r, s);
	if (ok) {
		thread_resume(rt);
		thread_resume(st);
	}
	gone = ok && wait_gone(s, 200000) && wait_gone(r, 20000);
	if (s && !gone)
		task_terminate(s);
	if (r && !gone)
		task_terminate(r);
	console_capture_stop();
	if (s)
		task_deallocate(s);
	if (r)
		task_deallocate(r);
	KT_CHECK_MSG(ok, "could not start the two tasks");
	KT_CHECK_MSG(gone, "sender or receiver did not end");
	KT_CHECK_MSG(console_captured("vmool sender: PASS"), "the sender failed");
	KT_CHECK_MSG(console_captured("vmool receiver: PASS"),
		     "the receiver failed");
	KT_CHECK_MSG(!console_captured("FAIL"), "a check failed");
	KT_CHECK_MSG(!console_captured("user fault: task"), "a user fault");
	KT_CHECK(counts_back(&b));
}
