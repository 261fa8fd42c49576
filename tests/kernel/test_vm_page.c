/*
 * tests/kernel/test_vm_page.c - suite "vm_page": the resident page table
 * and the buddy allocator.  Every case leaves the free page count where it
 * found it.
 */
#include <kern/machine.h>
#include <kern/bootinfo.h>
#include <kern/string.h>
#include <vm/vm_page.h>
#include <tests/kernel/ktest.h>

KTEST(vm_page, every_free_page_is_ram_and_unreserved)
{
	struct vm_page_counts c;

	vm_page_counts(&c);
	KT_CHECK(c.total > 0);
	KT_CHECK(c.free > 0 && c.free <= c.total);
	/* Managed memory is most of RAM (arrays and the kernel excepted). */
	KT_CHECK_MSG(c.total * PAGE_SIZE >= boot_ram_total() / 2,
		     "%lu pages managed of %llu KiB RAM", c.total,
		     (unsigned long long)boot_ram_total() >> 10);
	for (unsigned int i = 0; i < boot_info.reserved_count; i++) {
		const struct phys_range *r = &boot_info.reserved[i];

		for (paddr_t pa = r->start; pa < r->end; pa += PAGE_SIZE)
			KT_CHECK_MSG(vm_page_lookup_phys(pa) == NULL,
				     "reserved page 0x%llx (%s) is managed",
				     (unsigned long long)pa, r->what);
	}
}

KTEST(vm_page, alloc_free_single)
{
	unsigned long free0 = ktest_free_pages();
	struct vm_page *m[64];

	for (int i = 0; i < 64; i++) {
		m[i] = vm_page_alloc();
		KT_CHECK(m[i]);
		KT_CHECK(vm_page_lookup_phys(m[i]->phys_addr) == m[i]);
		KT_CHECK(boot_range_in_ram(m[i]->phys_addr, m[i]->phys_addr + PAGE_SIZE));
		for (int j = 0; j < i; j++)
			KT_CHECK(m[j] != m[i]);
		/* Each page is really there: write its own address into it. */
		*(volatile paddr_t *)vm_page_kva(m[i]) = m[i]->phys_addr;
	}
	KT_CHECK_EQ(ktest_free_pages(), free0 - 64);
	for (int i = 0; i < 64; i++)
		KT_CHECK(*(volatile paddr_t *)vm_page_kva(m[i]) == m[i]->phys_addr);
	for (int i = 63; i >= 0; i -= 2)
		vm_page_free(m[i]);
	for (int i = 0; i < 64; i += 2)
		vm_page_free(m[i]);
	KT_CHECK_EQ(ktest_free_pages(), free0);
}

KTEST(vm_page, contiguous_runs)
{
	unsigned long free0 = ktest_free_pages();
	static const unsigned long sizes[] = { 1, 2, 3, 7, 16, 100, 512, 1024 };

	for (unsigned int k = 0; k < ARRAY_SIZE(sizes); k++) {
		unsigned long n = sizes[k], align = 1;
		struct vm_page *m = vm_page_alloc_contig(n);

		while (align < n)
			align <<= 1;
		KT_CHECK_MSG(m, "no run of %lu pages", n);
		KT_CHECK_EQ(m->phys_addr & (align * PAGE_SIZE - 1), 0);
		for (unsigned long i = 0; i < n; i++)
			KT_CHECK_EQ(m[i].phys_addr, m->phys_addr + i * PAGE_SIZE);
		KT_CHECK_EQ(ktest_free_pages(), free0 - n);
		vm_page_free_contig(m, n);
		KT_CHECK_EQ(ktest_free_pages(), free0);
	}
	KT_CHECK(vm_page_alloc_contig(0) == NULL);
	KT_CHECK(vm_page_alloc_contig(1UL << 40) == NULL);
	KT_CHECK_EQ(ktest_free_pages(), free0);
}

/* Take every free page; the allocator then says no, and giving them all
 * back restores the count and lets big runs form again (buddies merge). */
KTEST(vm_page, exhaustion_and_merge)
{
	unsigned long free0 = ktest_free_pages(), taken = 0;
	struct vm_page *head = NULL, *m;

	while ((m = vm_page_alloc()) != NULL) {
		*(struct vm_page **)vm_page_kva(m) = head;
		head = m;
		taken++;
	}
	KT_CHECK_EQ(taken, free0);
	KT_CHECK_EQ(ktest_free_pages(), 0);
	KT_CHECK(vm_page_alloc() == NULL);
	KT_CHECK(vm_page_alloc_contig(2) == NULL);
	while (head) {
		m = head;
		head = *(struct vm_page **)vm_page_kva(m);
		vm_page_free(m);
	}
	KT_CHECK_EQ(ktest_free_pages(), free0);
	m = vm_page_alloc_contig(1024);
	KT_CHECK_MSG(m, "4 MiB run unavailable after freeing everything");
	vm_page_free_contig(m, 1024);
	KT_CHECK_EQ(ktest_free_pages(), free0);
}

KTEST(vm_page, queues_and_counters)
{
	struct vm_page_counts c0, c1;
	struct vm_page *m = vm_page_alloc();

	KT_CHECK(m);
	vm_page_counts(&c0);
	vm_page_unwire(m);
	vm_page_counts(&c1);
	KT_CHECK_EQ(c1.wired, c0.wired - 1);
	KT_CHECK_EQ(c1.active, c0.active + 1);
	vm_page_deactivate(m);
	vm_page_counts(&c1);
	KT_CHECK_EQ(c1.active, c0.active);
	KT_CHECK_EQ(c1.inactive, c0.inactive + 1);
	vm_page_activate(m);
	vm_page_wire(m);
	vm_page_counts(&c1);
	KT_CHECK_EQ(c1.inactive, c0.inactive);
	KT_CHECK_EQ(c1.active, c0.active);
	KT_CHECK_EQ(c1.wired, c0.wired);
	vm_page_free(m);
	vm_page_counts(&c1);
	KT_CHECK_EQ(c1.wired, c0.wired - 1);
	KT_CHECK_EQ(c1.free, c0.free + 1);
}
