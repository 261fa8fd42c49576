/*
 * tests/kernel/test_kalloc.c - suite "kalloc": zones, kalloc and kernel
 * virtual memory.  Every case returns the free page count to its start.
 */
#include <kern/machine.h>
#include <kern/string.h>
#include <kern/zalloc.h>
#include <vm/vm_kern.h>
#include <vm/vm_page.h>
#include <tests/kernel/ktest.h>

KTEST(kalloc, zone_alloc_free)
{
	static struct zone z;
	unsigned long free0 = ktest_free_pages();
	struct zone_stats st;
	void *e[600];

	zone_init(&z, "test.48", 48, 0);
	for (int i = 0; i < 600; i++) {
		e[i] = zalloc(&z);
		KT_CHECK(e[i]);
		memset(e[i], i & 0xff, 48);
	}
	zone_get_stats(&z, &st);
	KT_CHECK_EQ(st.elem_size, 48);
	KT_CHECK_EQ(st.inuse, 600);
	KT_CHECK_EQ(st.pages, (600 + (PAGE_SIZE / 48) - 1) / (PAGE_SIZE / 48));
	for (int i = 0; i < 600; i++)
		for (int j = 0; j < 48; j++)
			KT_CHECK(((uint8_t *)e[i])[j] == (i & 0xff));
	for (int i = 0; i < 600; i += 2)
		zfree(&z, e[i]);
	for (int i = 1; i < 600; i += 2)
		zfree(&z, e[i]);
	zone_get_stats(&z, &st);
	KT_CHECK(st.pages <= 1);		/* one empty page may be kept */
	zone_gc();
	zone_get_stats(&z, &st);
	KT_CHECK_EQ(st.inuse, 0);
	KT_CHECK_EQ(st.pages, 0);
	KT_CHECK_EQ(ktest_free_pages(), free0);
}

KTEST(kalloc, zone_cap_is_exhaustion)
{
	static struct zone z;
	unsigned long per_page, n = 0;
	struct zone_stats st;
	void *e[200];

	zone_init(&z, "test.capped", 256, 2);
	per_page = PAGE_SIZE / 256;
	while (n < ARRAY_SIZE(e) && (e[n] = zalloc(&z)) != NULL)
		n++;
	KT_CHECK_EQ(n, 2 * per_page);
	KT_CHECK(zalloc(&z) == NULL);
	zone_get_stats(&z, &st);
	KT_CHECK_EQ(st.failures, 2);
	zfree(&z, e[0]);
	e[0] = zalloc(&z);
	KT_CHECK(e[0] != NULL);
	while (n)
		zfree(&z, e[--n]);
}

KTEST(kalloc, variable_sizes)
{
	static const size_t sizes[] = { 1, 15, 16, 17, 100, 512, 2048, 2049,
					4096, 10000, 65536, 1 << 20 };
	unsigned long free0 = ktest_free_pages();
	struct kmem_stats k0, k1;
	void *p[ARRAY_SIZE(sizes)];

	kmem_get_stats(&k0);
	for (unsigned int i = 0; i < ARRAY_SIZE(sizes); i++) {
		p[i] = kalloc(sizes[i]);
		KT_CHECK_MSG(p[i], "kalloc(%zu) failed", sizes[i]);
		memset(p[i], (int)i + 1, sizes[i]);
	}
	kmem_get_stats(&k1);
	KT_CHECK(k1.va_pages_used > k0.va_pages_used);
	for (unsigned int i = 0; i < ARRAY_SIZE(sizes); i++) {
		KT_CHECK(((uint8_t *)p[i])[0] == i + 1);
		KT_CHECK(((uint8_t *)p[i])[sizes[i] - 1] == i + 1);
	}
	for (unsigned int i = 0; i < ARRAY_SIZE(sizes); i++)
		kfree(p[i], sizes[i]);
	kmem_get_stats(&k1);
	KT_CHECK_EQ(k1.va_pages_used, k0.va_pages_used);
	KT_CHECK(kalloc(0) == NULL);
	KT_CHECK_EQ(ktest_free_pages(), free0);
}

/* kmem memory is virtually contiguous but built of scattered pages. */
KTEST(kalloc, kmem_virtually_contiguous)
{
	unsigned long free0 = ktest_free_pages();
	size_t size = 64 * PAGE_SIZE;
	uint64_t *p = kmem_alloc(size);

	KT_CHECK(p);
	/* 64 data pages, and at most one page of reverse-map entries: the
	 * kernel pmap's tables for kmem are preallocated at bootstrap. */
	KT_CHECK(free0 - ktest_free_pages() >= 64);
	KT_CHECK(free0 - ktest_free_pages() <= 65);
	for (size_t i = 0; i < size / 8; i++)
		p[i] = i;
	for (size_t i = 0; i < size / 8; i++)
		KT_CHECK(p[i] == i);
	kmem_free(p, size);
	KT_CHECK_EQ(ktest_free_pages(), free0);
}

/* Allocate until memory runs out: kalloc and kmem say no, nothing breaks,
 * and everything comes back. */
KTEST(kalloc, exhaustion)
{
	unsigned long free0 = ktest_free_pages(), n = 0;
	void **list = NULL;
	struct kmem_stats ks;
	size_t chunk = 256 * 1024;

	for (;;) {
		void **p = kalloc(chunk);

		if (!p)
			break;
		*p = list;
		list = p;
		n++;
	}
	KT_CHECK(n > 0);
	kmem_get_stats(&ks);
	KT_CHECK(ks.failures > 0);
	/* Small allocations may still succeed from partly used zone pages,
	 * or fail; either way they must not corrupt anything. */
	while (list) {
		void **next = *list;

		kfree(list, chunk);
		list = next;
	}
	KT_CHECK_MSG(ktest_free_pages() == free0, "%ld pages lost",
		     (long)(free0 - ktest_free_pages()));
}
