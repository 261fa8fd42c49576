/*
 * tests/kernel/test_vm_basic.c - suite "vm_basic": the vm_* calls on a
 * task's address map with every documented error, vm_region walks,
 * vm_wire (wired entries, pages held off the page queues, unwiring,
 * wired memory across task_create), vm_statistics counters that move as
 * the faults say, and the aging of the page queues from the reference
 * bits (vm/vm_pageout.c).  From user mode, with the module
 * tests/user/vm_basic: faults on zero-fill memory, initialised data and a
 * growing stack, copyout into untouched pages, out-of-line memory, and
 * the vm_* routines and vm_wire through MIG.
 *
 * Every case ends with the free pages, VM objects, map entries, maps,
 * tasks and threads back where they were (test_vm_common.h).
 */
#include <kern/machine.h>
#include <kern/console.h>
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
#include <vm/vm_pageout.h>
#include <vm/vm_user.h>
#include <tests/kernel/ktest.h>
#include <tests/kernel/test_vm_common.h>

#define HOST_PRIV_NAME	100	/* tests/user/vm_basic_calls.c */

/* The vm_* calls on a task's map: rounding, errors, contents. */
KTEST(vm_basic, calls_on_a_task_map)
{
	vm_address_t a = 0, x;
	struct vm_region_basic r;
	vm_statistics_data_t st;
	vm_machine_attribute_val_t val = 0;
	unsigned long resident;
	struct vm_baseline b;
	vm_map_copy_t copy;
	uint8_t *buf, byte;
	task_t t;

	vm_baseline_take(&b);
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
	KT_CHECK_EQ(vm_test_put(t, a + 2 * PG, 7), KERN_SUCCESS);
	KT_CHECK_EQ(vm_object_resident_count(), resident + 1);
	KT_CHECK_EQ(vm_test_get(t, a + 2 * PG + 4095), 7);
	/* vm_copy both ways across an overlap: a snapshot of the source. */
	KT_CHECK_EQ(vm_test_put(t, a + 3 * PG, 8), KERN_SUCCESS);
	KT_CHECK_EQ(vm_copy(t->map, a + 2 * PG, 2 * PG, a + 3 * PG), KERN_SUCCESS);
	KT_CHECK(vm_test_get(t, a + 2 * PG) == 7 && vm_test_get(t, a + 3 * PG) == 7 &&
		 vm_test_get(t, a + 4 * PG) == 8);
	KT_CHECK_EQ(vm_copy(t->map, a + 3 * PG, 2 * PG, a + 2 * PG), KERN_SUCCESS);
	KT_CHECK(vm_test_get(t, a + 2 * PG) == 7 && vm_test_get(t, a + 3 * PG) == 8 &&
		 vm_test_get(t, a + 4 * PG) == 8);
	KT_CHECK_EQ(vm_copy(t->map, a, PG, a + 7 * PG + 1), KERN_INVALID_ARGUMENT);
	KT_CHECK_EQ(vm_copy(t->map, a, 2 * PG, a + 7 * PG), KERN_INVALID_ADDRESS);
	buf = kalloc(PG);
	KT_CHECK(buf);
	memset(buf, 1, PG);
	KT_CHECK_EQ(vm_test_write(t->map, a + 1, buf, PG), KERN_INVALID_ARGUMENT);
	KT_CHECK_EQ(vm_test_write(t->map, a + 8 * PG, buf, PG), KERN_INVALID_ADDRESS);
	/* Protections: the maximum never rises; checks precede writes. */
	KT_CHECK_EQ(vm_protect(t->map, a, PG, true, VM_PROT_READ), KERN_SUCCESS);
	/* Lowering the maximum lowered the current protection (was RW). */
	KT_CHECK_EQ(vm_region(t->map, a, &r), KERN_SUCCESS);
	KT_CHECK(r.address == a && r.size == PG &&
		 r.protection == VM_PROT_READ && r.max_protection == VM_PROT_READ);
	KT_CHECK_EQ(vm_protect(t->map, a, PG, false, VM_PROT_DEFAULT),
		    KERN_PROTECTION_FAILURE);
	KT_CHECK_EQ(vm_protect(t->map, a, PG, true, VM_PROT_ALL),
		    KERN_PROTECTION_FAILURE);
	KT_CHECK_EQ(vm_protect(t->map, a, PG, false, 8), KERN_INVALID_ARGUMENT);
	KT_CHECK_EQ(vm_test_write(t->map, a, buf, 2 * PG), KERN_PROTECTION_FAILURE);
	KT_CHECK_EQ(vm_test_get(t, a + PG), 0);		/* nothing written */
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
	KT_CHECK(vm_baseline_back("vm_basic", &b));
}

/* vm_region from addr: KERN_SUCCESS and the region, or the error. */
static kern_return_t region(task_t t, vm_address_t addr,
			    struct vm_region_basic *r)
{
	return vm_region(t->map, addr, r);
}

/*
 * A walk of the regions of a map with allocations, holes and attribute
 * changes: each region maximal, in order, with its attributes.
 */
KTEST(vm_basic, region_walk)
{
	struct vm_region_basic r;
	struct vm_baseline b;
	vm_address_t a, x;
	task_t t;

	vm_baseline_take(&b);
	t = task_create(kernel_task, "vmb-regions");
	KT_CHECK(t);
	a = 0x200000;
	KT_CHECK_EQ(vm_allocate(t->map, &a, 8 * PG, false), KERN_SUCCESS);
	x = a + 10 * PG;
	KT_CHECK_EQ(vm_allocate(t->map, &x, 2 * PG, false), KERN_SUCCESS);
	/* Pieces of the first: [a,+2) rw, [+2,+3) r, [+3,+5) rw none-inh,
	 * [+5,+8) rw; then a hole of 2 pages, then [+10,+12) rw. */
	KT_CHECK_EQ(vm_protect(t->map, a + 2 * PG, PG, false, VM_PROT_READ),
		    KERN_SUCCESS);
	KT_CHECK_EQ(vm_inherit(t->map, a + 3 * PG, 2 * PG, VM_INHERIT_NONE),
		    KERN_SUCCESS);
	KT_CHECK_EQ(region(t, 0, &r), KERN_SUCCESS);
	KT_CHECK(r.address == a && r.size == 2 * PG &&
		 r.protection == VM_PROT_DEFAULT);
	KT_CHECK_EQ(region(t, r.address + r.size, &r), KERN_SUCCESS);
	KT_CHECK(r.address == a + 2 * PG && r.size == PG &&
		 r.protection == VM_PROT_READ && r.max_protection == VM_PROT_ALL);
	KT_CHECK_EQ(region(t, r.address + r.size, &r), KERN_SUCCESS);
	KT_CHECK(r.address == a + 3 * PG && r.size == 2 * PG &&
		 r.inheritance == VM_INHERIT_NONE);
	KT_CHECK_EQ(region(t, r.address + r.size, &r), KERN_SUCCESS);
	KT_CHECK(r.address == a + 5 * PG && r.size == 3 * PG &&
		 r.inheritance == VM_INHERIT_COPY);
	/* Inside the hole: the next region above. */
	KT_CHECK_EQ(region(t, a + 9 * PG, &r), KERN_SUCCESS);
	KT_CHECK(r.address == x && r.size == 2 * PG);
	/* Deallocating the hole (and only it) changes nothing. */
	KT_CHECK_EQ(vm_deallocate(t->map, a + 8 * PG, 2 * PG), KERN_SUCCESS);
	KT_CHECK_EQ(region(t, a + 5 * PG, &r), KERN_SUCCESS);
	KT_CHECK(r.address == a + 5 * PG && r.size == 3 * PG);
	KT_CHECK_EQ(region(t, r.address + r.size, &r), KERN_SUCCESS);
	KT_CHECK(r.address == x && r.size == 2 * PG);
	KT_CHECK_EQ(region(t, x + 2 * PG, &r), KERN_NO_SPACE);
	/* Undoing the changes merges the pieces again (zero fill, no object). */
	KT_CHECK_EQ(vm_protect(t->map, a + 2 * PG, PG, false, VM_PROT_DEFAULT),
		    KERN_SUCCESS);
	KT_CHECK_EQ(vm_inherit(t->map, a + 3 * PG, 2 * PG, VM_INHERIT_COPY),
		    KERN_SUCCESS);
	KT_CHECK_EQ(region(t, a + 4 * PG, &r), KERN_SUCCESS);
	KT_CHECK(r.address == a && r.size == 8 * PG);
	/* A deallocation in the middle leaves two regions. */
	KT_CHECK_EQ(vm_deallocate(t->map, a + 3 * PG, PG), KERN_SUCCESS);
	KT_CHECK_EQ(region(t, a, &r), KERN_SUCCESS);
	KT_CHECK(r.address == a && r.size == 3 * PG);
	KT_CHECK_EQ(region(t, a + 3 * PG, &r), KERN_SUCCESS);
	KT_CHECK(r.address == a + 4 * PG && r.size == 4 * PG);
	task_terminate(t);
	KT_CHECK(vm_baseline_back("vm_basic", &b));
}

/* The physical page va maps in t's pmap, or NULL. */
static struct vm_page *mapped_page(task_t t, vm_address_t va)
{
	bool valid;
	paddr_t pa = pmap_extract(t->map->pmap, va, &valid);

	return valid ? vm_page_lookup_phys(ROUND_DOWN(pa, PG)) : NULL;
}

/* Are the n pages at va of t mapped, wired (count w) and off the queues? */
static bool pages_wired(task_t t, vm_address_t va, unsigned int n,
			unsigned int w)
{
	for (unsigned int i = 0; i < n; i++) {
		struct vm_page *m = mapped_page(t, va + i * PG);

		if (!m || m->wire_count != w || m->queue != VM_PAGE_Q_NONE) {
			kprintf("vm_basic: page %u at %lx: %s, wire_count %u, "
				"queue %u (want %u)\n", i,
				(unsigned long)(va + i * PG),
				m ? "mapped" : "not mapped", m ? m->wire_count : 0,
				m ? m->queue : 0, w);
			return false;
		}
	}
	return true;
}

/* vm_wire: errors first, then wiring, nesting, unwiring. */
KTEST(vm_basic, wire_and_unwire)
{
	struct vm_page_counts c0, c1;
	struct vm_baseline b;
	vm_address_t a = 0;
	struct vm_page *m0;
	task_t t;

	vm_baseline_take(&b);
	t = task_create(kernel_task, "vmb-wire");
	KT_CHECK(t);
	KT_CHECK_EQ(vm_allocate(t->map, &a, 4 * PG, true), KERN_SUCCESS);
	KT_CHECK_EQ(vm_test_put(t, a, 'w'), KERN_SUCCESS);
	KT_CHECK_EQ(vm_wire(NULL, a, PG, VM_PROT_READ), KERN_INVALID_TASK);
	KT_CHECK_EQ(vm_wire(t->map, a, PG, 8), KERN_INVALID_ARGUMENT);
	KT_CHECK_EQ(vm_wire(t->map, a, PG, VM_PROT_NONE), KERN_INVALID_ARGUMENT);
	KT_CHECK_EQ(vm_wire(t->map, a, 5 * PG, VM_PROT_READ), KERN_INVALID_ADDRESS);
	KT_CHECK_EQ(vm_wire(t->map, a - PG, 2 * PG, VM_PROT_READ),
		    KERN_INVALID_ADDRESS);
	KT_CHECK_EQ(vm_wire(t->map, 0, PG, VM_PROT_READ), KERN_INVALID_ADDRESS);
	KT_CHECK_EQ(vm_wire(t->map, (vm_address_t)-PG, 2 * PG, VM_PROT_READ),
		    KERN_INVALID_ADDRESS);
	KT_CHECK_EQ(vm_protect(t->map, a + 3 * PG, PG, false, VM_PROT_READ),
		    KERN_SUCCESS);
	KT_CHECK_EQ(vm_wire(t->map, a, 4 * PG, VM_PROT_READ | VM_PROT_WRITE),
		    KERN_PROTECTION_FAILURE);
	KT_CHECK_EQ(vm_wire(t->map, a, 0, VM_PROT_READ), KERN_SUCCESS);
	KT_CHECK_EQ(pmap_wired_count(t->map->pmap), 0);	/* nothing changed */

	/* Wire 3 pages: two of them never touched (zero-filled now). */
	vm_page_counts(&c0);
	KT_CHECK_EQ(vm_wire(t->map, a + 10, 3 * PG - 20, VM_PROT_READ),
		    KERN_SUCCESS);
	vm_page_counts(&c1);
	KT_CHECK(pages_wired(t, a, 3, 1));
	KT_CHECK_EQ(pmap_wired_count(t->map->pmap), 3);
	KT_CHECK_MSG(c1.wired >= c0.wired + 3, "wired %lu -> %lu", c0.wired,
		     c1.wired);
	KT_CHECK_EQ(vm_test_get(t, a), 'w');
	KT_CHECK_EQ(vm_test_get(t, a + PG + 5), 0);
	/* Not aged while wired. */
	vm_pageout_pause();
	vm_pageout_age_all();
	vm_pageout_resume();
	KT_CHECK(pages_wired(t, a, 3, 1));
	/* Nested: the entry counts wirings; its pages are wired once. */
	KT_CHECK_EQ(vm_wire(t->map, a, PG, VM_PROT_READ), KERN_SUCCESS);
	KT_CHECK(pages_wired(t, a, 3, 1));
	KT_CHECK_EQ(vm_wire(t->map, a, 3 * PG, VM_PROT_NONE), KERN_SUCCESS);
	KT_CHECK(pages_wired(t, a, 1, 1));
	for (int i = 1; i < 3; i++) {
		struct vm_page *m = mapped_page(t, a + i * PG);

		KT_CHECK(m && m->wire_count == 0 && m->queue == VM_PAGE_Q_ACTIVE);
	}
	KT_CHECK_EQ(pmap_wired_count(t->map->pmap), 1);
	KT_CHECK_EQ(vm_wire(t->map, a, 2 * PG, VM_PROT_NONE), KERN_INVALID_ARGUMENT);
	KT_CHECK_EQ(vm_wire(t->map, a, PG, VM_PROT_NONE), KERN_SUCCESS);
	KT_CHECK_EQ(vm_wire(t->map, a, PG, VM_PROT_NONE), KERN_INVALID_ARGUMENT);
	KT_CHECK_EQ(pmap_wired_count(t->map->pmap), 0);
	m0 = mapped_page(t, a);
	KT_CHECK(m0 && m0->wire_count == 0 && m0->queue == VM_PAGE_Q_ACTIVE);
	/* Protected to none while wired: the page stays wired, unwiring works. */
	KT_CHECK_EQ(vm_wire(t->map, a, PG, VM_PROT_WRITE), KERN_SUCCESS);
	KT_CHECK_EQ(vm_protect(t->map, a, PG, false, VM_PROT_NONE), KERN_SUCCESS);
	KT_CHECK(!mapped_page(t, a));
	KT_CHECK(m0->wire_count == 1);
	KT_CHECK_EQ(vm_wire(t->map, a, PG, VM_PROT_NONE), KERN_SUCCESS);
	KT_CHECK(m0->wire_count == 0);
	/* A task dies with wired memory: everything comes back. */
	KT_CHECK_EQ(vm_protect(t->map, a, PG, false, VM_PROT_DEFAULT), KERN_SUCCESS);
	KT_CHECK_EQ(vm_wire(t->map, a, 2 * PG, VM_PROT_READ), KERN_SUCCESS);
	task_terminate(t);
	KT_CHECK(vm_baseline_back("vm_basic", &b));
}

/*
 * Wired memory across task_create: a wired COPY range is copied at once
 * (the child's writes never reach the parent's wired page); a range
 * wired after a lazy copy gets its own page; a wired page of a shared
 * range is copied at once by another sharer's task_create, while the
 * sharers keep seeing each other's writes.
 */
KTEST(vm_basic, wire_and_inherit)
{
	vm_address_t a = 0, s = 0, l = 0;
	struct vm_page *pw, *ps, *pl;
	struct vm_baseline b;
	task_t p, c, g;

	vm_baseline_take(&b);
	p = task_create(kernel_task, "vmb-wire-parent");
	KT_CHECK(p);
	KT_CHECK_EQ(vm_allocate(p->map, &a, PG, true), KERN_SUCCESS);
	KT_CHECK_EQ(vm_allocate(p->map, &s, PG, true), KERN_SUCCESS);
	KT_CHECK_EQ(vm_allocate(p->map, &l, PG, true), KERN_SUCCESS);
	KT_CHECK_EQ(vm_inherit(p->map, s, PG, VM_INHERIT_SHARE), KERN_SUCCESS);
	KT_CHECK_EQ(vm_test_put(p, a, 'a'), KERN_SUCCESS);
	KT_CHECK_EQ(vm_test_put(p, s, 's'), KERN_SUCCESS);
	KT_CHECK_EQ(vm_test_put(p, l, 'l'), KERN_SUCCESS);
	KT_CHECK_EQ(vm_wire(p->map, a, PG, VM_PROT_READ | VM_PROT_WRITE),
		    KERN_SUCCESS);
	pw = mapped_page(p, a);
	KT_CHECK(pw && pw->wire_count == 1);

	c = task_create_inherit(p, true);
	KT_CHECK(c);
	/* The lazily copied page l, wired read-only by the parent now. */
	KT_CHECK_EQ(vm_wire(p->map, l, PG, VM_PROT_READ), KERN_SUCCESS);
	pl = mapped_page(p, l);
	KT_CHECK(pl && pl->wire_count == 1);
	KT_CHECK_EQ(vm_test_put(c, a, 'A'), KERN_SUCCESS);
	KT_CHECK_EQ(vm_test_put(c, l, 'L'), KERN_SUCCESS);
	KT_CHECK(mapped_page(p, a) == pw && mapped_page(p, l) == pl);
	KT_CHECK(vm_test_get(p, a) == 'a' && vm_test_get(c, a) == 'A');
	KT_CHECK(vm_test_get(p, l) == 'l' && vm_test_get(c, l) == 'L');
	KT_CHECK(pw->wire_count == 1 && pl->wire_count == 1);

	/* The shared page, wired by the parent; the child forks a copy. */
	KT_CHECK_EQ(vm_wire(p->map, s, PG, VM_PROT_READ), KERN_SUCCESS);
	ps = mapped_page(p, s);
	KT_CHECK(ps && ps->wire_count == 1);
	KT_CHECK_EQ(vm_inherit(c->map, s, PG, VM_INHERIT_COPY), KERN_SUCCESS);
	g = task_create_inherit(c, true);	/* a COPY of the shared range */
	KT_CHECK(g);
	KT_CHECK_EQ(vm_test_put(c, s, 'S'), KERN_SUCCESS);	/* a sharer writes */
	KT_CHECK_EQ(vm_test_put(g, s, 'G'), KERN_SUCCESS);	/* the copy writes */
	KT_CHECK_EQ(vm_test_get(p, s), 'S');
	KT_CHECK_EQ(vm_test_get(g, s), 'G');
	KT_CHECK(mapped_page(p, s) == ps && ps->wire_count == 1);
	/* The child wires the shared page too: two wirings of one page. */
	KT_CHECK_EQ(vm_wire(c->map, s, PG, VM_PROT_READ), KERN_SUCCESS);
	KT_CHECK(ps->wire_count == 2);
	task_terminate(c);
	/* Its map goes with its last reference: wait for the reaper. */
	for (int i = 0; i < 100 && ps->wire_count != 1; i++)
		thread_sleep_ms(10);
	KT_CHECK_EQ(ps->wire_count, 1);
	task_terminate(g);
	KT_CHECK_EQ(vm_wire(p->map, s, PG, VM_PROT_NONE), KERN_SUCCESS);
	KT_CHECK(ps->wire_count == 0);
	task_terminate(p);
	KT_CHECK(vm_baseline_back("vm_basic", &b));
}

/*
 * vm_statistics: each counter moves by what one fault does.  The aging
 * thread is paused (it would move pages between the queues).
 */
KTEST(vm_basic, statistics_counts)
{
	vm_statistics_data_t s0, s1;
	struct vm_baseline b;
	vm_address_t a = 0;
	struct vm_page *m;
	task_t t, c;

	vm_baseline_take(&b);
	vm_pageout_pause();
	t = task_create(kernel_task, "vmb-stats");
	KT_CHECK(t);
	KT_CHECK_EQ(vm_allocate(t->map, &a, 4 * PG, true), KERN_SUCCESS);
	/* A zero-fill fault. */
	KT_CHECK_EQ(vm_statistics(t->map, &s0), KERN_SUCCESS);
	KT_CHECK_EQ(vm_fault(t->map, a, VM_PROT_WRITE), KERN_SUCCESS);
	KT_CHECK_EQ(vm_statistics(t->map, &s1), KERN_SUCCESS);
	KT_CHECK_EQ(s1.zero_fill_count - s0.zero_fill_count, 1);
	KT_CHECK_EQ(s1.faults - s0.faults, 1);
	KT_CHECK_EQ(s1.cow_faults - s0.cow_faults, 0);
	KT_CHECK_EQ(s1.lookups - s0.lookups, 1);
	KT_CHECK_EQ(s1.hits - s0.hits, 0);
	KT_CHECK_EQ(s1.pageins, 0);
	KT_CHECK_EQ(s1.pageouts, 0);
	KT_CHECK(s1.active_count > 0 && s1.free_count > 0 && s1.wire_count > 0);
	/* A fault on the resident page (unmapped first): a hit. */
	pmap_remove(t->map->pmap, a, a + PG);
	pmap_update(t->map->pmap);
	KT_CHECK_EQ(vm_fault(t->map, a, VM_PROT_READ), KERN_SUCCESS);
	KT_CHECK_EQ(vm_statistics(t->map, &s0), KERN_SUCCESS);
	KT_CHECK_EQ(s0.faults - s1.faults, 1);
	KT_CHECK_EQ(s0.zero_fill_count - s1.zero_fill_count, 0);
	KT_CHECK_EQ(s0.lookups - s1.lookups, 1);
	KT_CHECK_EQ(s0.hits - s1.hits, 1);
	/* A reactivation: the page deactivated, then faulted again. */
	m = mapped_page(t, a);
	KT_CHECK(m && m->queue == VM_PAGE_Q_ACTIVE);
	vm_page_deactivate(m);
	KT_CHECK_EQ(vm_statistics(t->map, &s1), KERN_SUCCESS);
	KT_CHECK_EQ(s1.inactive_count - s0.inactive_count, 1);
	KT_CHECK_EQ(s0.active_count - s1.active_count, 1);
	KT_CHECK_EQ(vm_fault(t->map, a, VM_PROT_READ), KERN_SUCCESS);
	KT_CHECK_EQ(vm_statistics(t->map, &s0), KERN_SUCCESS);
	KT_CHECK_EQ(s0.reactivations - s1.reactivations, 1);
	KT_CHECK(m->queue == VM_PAGE_Q_ACTIVE);
	/* A copy-on-write fault in a child. */
	c = task_create_inherit(t, true);
	KT_CHECK(c);
	KT_CHECK_EQ(vm_fault(c->map, a, VM_PROT_WRITE), KERN_SUCCESS);
	KT_CHECK_EQ(vm_statistics(t->map, &s1), KERN_SUCCESS);
	KT_CHECK_EQ(s1.cow_faults - s0.cow_faults, 1);
	KT_CHECK_EQ(s1.zero_fill_count - s0.zero_fill_count, 0);
	KT_CHECK_EQ(s1.faults - s0.faults, 1);
	KT_CHECK_EQ(s1.hits - s0.hits, 1);
	task_terminate(c);
	task_terminate(t);
	vm_pageout_resume();
	KT_CHECK(vm_baseline_back("vm_basic", &b));
}

/*
 * touch: one byte read (or written) at va of t as its threads would
 * access it: through the MMU with t's pmap active, after a fault if the
 * mapping is missing.  The access sets the page's reference bit (in
 * hardware, or through the port's emulation fault).
 */
static bool touch(task_t t, vm_address_t va, bool write)
{
	bool ok = false;
	uint8_t v = 1;

	pmap_activate(t->map->pmap);
	for (int tries = 0; tries < 2 && !ok; tries++) {
		ok = write ? md_probe_write((volatile void *)va, v)
			   : md_probe_read((const volatile void *)va, &v);
		if (!ok && vm_fault(t->map, va, write ? VM_PROT_WRITE
						       : VM_PROT_READ) != KERN_SUCCESS)
			break;
	}
	pmap_deactivate(t->map->pmap);
	return ok;
}

/* Queue of the page at va of t (VM_PAGE_Q_*), or 0xff if unmapped. */
static unsigned int queue_of(task_t t, vm_address_t va)
{
	struct vm_page *m = mapped_page(t, va);

	return m ? m->queue : 0xff;
}

/*
 * The aging pass: pages not referenced since the last pass go inactive,
 * referenced ones stay active; an inactive page referenced again comes
 * back (a reactivation); the inactive queue is in LRU order.
 */
KTEST(vm_basic, page_aging_order)
{
	enum { N = 8 };
	struct vm_page_counts c0, c1;
	struct vm_baseline b;
	vm_address_t a = 0;
	task_t t;
	char got[N + 1];

	vm_baseline_take(&b);
	vm_pageout_pause();
	t = task_create(kernel_task, "vmb-aging");
	KT_CHECK(t);
	KT_CHECK_EQ(vm_allocate(t->map, &a, N * PG, true), KERN_SUCCESS);
	for (int i = 0; i < N; i++)
		KT_CHECK(touch(t, a + i * PG, true));
	/* Pass 1: everything was just touched: all stay active, bits cleared. */
	vm_pageout_age_all();
	for (int i = 0; i < N; i++)
		KT_CHECK_EQ(queue_of(t, a + i * PG), VM_PAGE_Q_ACTIVE);
	/* Touch the even pages; pass 2 sends the odd ones to inactive. */
	for (int i = 0; i < N; i += 2)
		KT_CHECK(touch(t, a + i * PG, false));
	vm_pageout_age_all();
	for (int i = 0; i < N; i++)
		got[i] = queue_of(t, a + i * PG) == VM_PAGE_Q_ACTIVE ? 'A' :
			 queue_of(t, a + i * PG) == VM_PAGE_Q_INACTIVE ? 'I' : '?';
	got[N] = 0;
	KT_CHECK_MSG(!strcmp(got, "AIAIAIAI"), "after pass 2: %s", got);
	/* Touch page 3 (inactive) and nothing else: pass 3 reactivates it and
	 * sends the even pages after the odd ones. */
	KT_CHECK(touch(t, a + 3 * PG, false));
	vm_page_counts(&c0);
	vm_pageout_age_all();
	vm_page_counts(&c1);
	KT_CHECK_MSG(c1.reactivations - c0.reactivations >= 1,
		     "reactivations %lu -> %lu", c0.reactivations,
		     c1.reactivations);
	for (int i = 0; i < N; i++)
		got[i] = queue_of(t, a + i * PG) == VM_PAGE_Q_ACTIVE ? 'A' :
			 queue_of(t, a + i * PG) == VM_PAGE_Q_INACTIVE ? 'I' : '?';
	KT_CHECK_MSG(!strcmp(got, "IIIAIIII"), "after pass 3: %s", got);
	/*
	 * LRU order on the inactive queue: the pages of this task appear
	 * as 1, 5, 7 (pass 2) before 0, 2, 4, 6 (pass 3).
	 */
	{
		static const int want[] = { 1, 5, 7, 0, 2, 4, 6 };
		unsigned int k = 0;
		struct vm_page *m;
		bool empty;
		struct vm_object *o;
		unsigned long n = c1.inactive;

		/* Rotate the whole inactive queue once, reading the order. */
		for (unsigned long i = 0; i < n; i++) {
			m = vm_page_scan_next(VM_PAGE_Q_INACTIVE, &o, &empty);
			if (!m)
				continue;
			for (int j = 0; j < N; j++)
				if (mapped_page(t, a + j * PG) == m && k < 7 &&
				    want[k] == j)
					k++;
			/* Unreferenced: to the tail of the inactive queue again. */
			vm_page_scan_done(m, false);
			simple_unlock(&o->lock);
		}
		KT_CHECK_MSG(k == 7, "inactive order broken after %u pages", k);
	}
	task_terminate(t);
	vm_pageout_resume();
	KT_CHECK(vm_baseline_back("vm_basic", &b));
}

/* ---- From user mode ------------------------------------------------------ */

KTEST(vm_basic, user_faults)
{
	struct vm_fault_stats s0, s1;
	struct vm_baseline b;

	vm_baseline_take(&b);
	vm_fault_get_stats(&s0);
	KT_CHECK_MSG(vm_test_run("vm_basic", "faults", 30000, NULL),
		     "vm_basic faults did not pass");
	vm_fault_get_stats(&s1);
	/* 16 pages of zbuf at least, and the stack's. */
	KT_CHECK_MSG(s1.zero_fills - s0.zero_fills >= 20, "only %lu zero fills",
		     s1.zero_fills - s0.zero_fills);
	KT_CHECK(vm_baseline_back("vm_basic", &b));
}

/* The module gets the privileged host port (for vm_wire) under name 100. */
static bool give_host(task_t t)
{
	return vm_test_give_host_priv(t, HOST_PRIV_NAME);
}

KTEST(vm_basic, user_vm_calls)
{
	struct vm_baseline b;

	vm_baseline_take(&b);
	vm_pageout_pause();		/* the module checks exact counters */
	KT_CHECK_MSG(vm_test_run("vm_basic", "calls", 30000, give_host),
		     "vm_basic calls did not pass");
	vm_pageout_resume();
	KT_CHECK(vm_baseline_back("vm_basic", &b));
}
