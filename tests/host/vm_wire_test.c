/*
 * tests/host/vm_wire_test.c - vm_map_wire (vm/vm_map_wire.c) over the
 * fake pmap and page allocator (vm_shim.c): pages made resident and wired
 * in the first object, wired mappings, nesting and errors, exhaustion
 * half-way undone, forks of wired ranges and of shared ranges with wired
 * pages (copied at once), a wired range shared afterwards, maps deleted
 * while wired; every count back to its baseline at the end.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <vm/vm_fault.h>
#include "vm_shim.h"
#include "vm_map_util.h"

/* Every page of [from, to) of m mapped, wired in the pmap and once in its page? */
static void check_wired(vm_map_t m, unsigned int from, unsigned int to,
			bool wired)
{
	for (unsigned int i = from; i < to; i++) {
		struct host_pte *pte = pte_of(m, pg(i));

		if (!wired && !pte)
			continue;
		CHECK(pte);
		CHECK_EQ(pte->wired, wired);
		CHECK_EQ(vm_page_lookup_phys(pte->pa)->wire_count, wired ? 1 : 0);
	}
}

/*
 * vm_map_wire: pages made resident and wired in the first object, wired
 * mappings, nesting and errors; exhaustion half-way undoes everything;
 * a fork copies a wired range at once, and so does another sharer's fork
 * of a shared range with wired pages, while the sharers keep sharing;
 * maps deleted while wired give everything back.
 */
static void wiring(void)
{
	vm_map_t p = new_map(), c, q, g;
	paddr_t wpa;

	alloc_at(p, pg(0), 4, RW, VM_INHERIT_COPY);
	put(p, pg(0), 1);
	host_page_fail_after = 1;	/* page 1 is made, page 2 is not */
	CHECK_EQ(vm_map_wire(p, pg(0), pg(4), VM_PROT_READ), KERN_RESOURCE_SHORTAGE);
	host_page_fail_after = -1;
	check_wired(p, 0, 4, false);
	CHECK_EQ(vm_map_wire(p, pg(0), pg(5), VM_PROT_READ), KERN_INVALID_ADDRESS);
	CHECK_EQ(vm_map_wire(p, pg(0), pg(4), VM_PROT_NONE), KERN_INVALID_ARGUMENT);
	CHECK_EQ(vm_map_wire(p, pg(0) + 1, pg(4), VM_PROT_READ), KERN_INVALID_ARGUMENT);
	CHECK_EQ(vm_map_wire(p, pg(0), pg(4), VM_PROT_READ), KERN_SUCCESS);
	check_wired(p, 0, 4, true);
	CHECK_EQ(vm_map_wire(p, pg(1), pg(2), RW), KERN_SUCCESS);	/* nested */
	check_wired(p, 0, 4, true);
	check_map(p);
	check_pmap(p);

	/* A fork copies the wired range at once: the parent's pages stay. */
	wpa = pte_of(p, pg(0))->pa;
	c = vm_map_fork(p, pmap_create());
	CHECK(c);
	put(c, pg(0), 2);
	CHECK_EQ(get(p, pg(0)), 1);
	CHECK(pte_of(p, pg(0))->pa == wpa);
	check_wired(p, 0, 4, true);
	CHECK_EQ(vm_map_wire(p, pg(0), pg(4), VM_PROT_NONE), KERN_SUCCESS);
	check_wired(p, 0, 1, false);
	check_wired(p, 1, 2, true);
	check_wired(p, 2, 4, false);
	CHECK_EQ(vm_map_wire(p, pg(0), pg(2), VM_PROT_NONE), KERN_INVALID_ARGUMENT);
	CHECK_EQ(vm_map_wire(p, pg(1), pg(2), VM_PROT_NONE), KERN_SUCCESS);
	check_wired(p, 0, 4, false);
	check_map(p);

	/* Shared, then wired by p; q's COPY fork copies the wired pages. */
	CHECK_EQ(vm_map_inherit(p, pg(0), pg(4), VM_INHERIT_SHARE), KERN_SUCCESS);
	q = vm_map_fork(p, pmap_create());
	CHECK(q);
	CHECK_EQ(vm_map_wire(p, pg(0), pg(2), RW), KERN_SUCCESS);
	check_wired(p, 0, 2, true);
	wpa = pte_of(p, pg(0))->pa;
	CHECK_EQ(vm_map_inherit(q, pg(0), pg(4), VM_INHERIT_COPY), KERN_SUCCESS);
	g = vm_map_fork(q, pmap_create());
	CHECK(g);
	put(g, pg(0), 9);
	put(q, pg(0), 8);
	CHECK_EQ(get(p, pg(0)), 8);
	CHECK_EQ(get(g, pg(0)), 9);
	CHECK(pte_of(p, pg(0))->pa == wpa);
	check_wired(p, 0, 2, true);
	/* q wires the same shared page: two wirings of one page. */
	CHECK_EQ(vm_map_wire(q, pg(0), pg(1), VM_PROT_READ), KERN_SUCCESS);
	CHECK_EQ(vm_page_lookup_phys(wpa)->wire_count, 2);
	check_map(p);
	check_map(q);
	check_pmap(p);
	check_pmap(q);
	check_pmap(g);
	vm_map_deallocate(q);
	CHECK_EQ(vm_page_lookup_phys(wpa)->wire_count, 1);
	vm_map_deallocate(g);
	vm_map_deallocate(c);
	vm_map_deallocate(p);		/* still wired */
}

/*
 * Wired first, shared afterwards: the fork moves the wired entry's object
 * into a share map; the pages stay wired where they are, the child sees
 * the parent's writes and back, and unwiring finds the pages through the
 * share map.
 */
static void wired_then_shared(void)
{
	vm_map_t p = new_map(), q;
	paddr_t wpa;

	alloc_at(p, pg(0), 2, RW, VM_INHERIT_SHARE);
	CHECK_EQ(vm_map_wire(p, pg(0), pg(2), RW), KERN_SUCCESS);
	put(p, pg(0), 5);
	wpa = pte_of(p, pg(0))->pa;
	q = vm_map_fork(p, pmap_create());
	CHECK(q);
	CHECK_EQ(get(q, pg(0)), 5);
	put(q, pg(1), 6);
	CHECK_EQ(get(p, pg(1)), 6);
	CHECK(pte_of(q, pg(0))->pa == wpa && !pte_of(q, pg(0))->wired);
	check_wired(p, 0, 2, true);
	check_map(p);
	check_map(q);
	check_pmap(p);
	check_pmap(q);
	CHECK_EQ(vm_map_wire(q, pg(0), pg(2), VM_PROT_NONE), KERN_INVALID_ARGUMENT);
	CHECK_EQ(vm_map_wire(p, pg(0), pg(2), VM_PROT_NONE), KERN_SUCCESS);
	check_wired(p, 0, 2, false);
	vm_map_deallocate(p);
	CHECK_EQ(get(q, pg(0)), 5);
	vm_map_deallocate(q);
}

int main(void)
{
	struct host_counts base;

	host_counts(&base);
	wiring();
	check_counts(&base, "wiring");
	wired_then_shared();
	check_counts(&base, "wired_then_shared");
	printf("PASS vm_wire\n");
	return 0;
}
