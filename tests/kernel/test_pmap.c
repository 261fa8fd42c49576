/*
 * tests/kernel/test_pmap.c - suite "pmap": the conformance test of the pmap
 * contract (vm/pmap.h).  One machine-independent file, run on every port.
 *
 * Accesses through a test pmap are made from kernel mode with
 * md_probe_read/md_probe_write (which report a fault instead of panicking)
 * after pmap_activate(), so every check exercises the real MMU, TLB and
 * the port's reference/modify tracking.
 */
#include <kern/machine.h>
#include <kern/string.h>
#include <vm/pmap.h>
#include <vm/vm_page.h>
#include <tests/kernel/ktest.h>

extern char __text_start[], __rodata_start[];

#define VA_A	0x10000000UL		/* dense: consecutive pages */
#define VA_B	0x20000000UL		/* one page per 2 MiB */
#define VA_C	0x3000000000UL		/* one page per 1 GiB (inside Sv39) */
#define RW	(VM_PROT_READ | VM_PROT_WRITE)
#define RO	VM_PROT_READ

#define POOL 8

struct pool {
	struct vm_page *page[POOL];
};

static bool pool_get(struct pool *p)
{
	for (int i = 0; i < POOL; i++) {
		p->page[i] = vm_page_alloc();
		if (!p->page[i])
			return false;
		memset(vm_page_kva(p->page[i]), 0x10 + i, PAGE_SIZE);
	}
	return true;
}

static void pool_put(struct pool *p)
{
	for (int i = 0; i < POOL; i++)
		if (p->page[i])
			vm_page_free(p->page[i]);
}

static paddr_t pa_of(struct pool *p, int i)
{
	return p->page[i]->phys_addr;
}

/* Read one byte through the active user mapping: -1 if it faults. */
static int probe_read(vaddr_t va)
{
	uint8_t v;

	return md_probe_read((const volatile void *)va, &v) ? v : -1;
}

static bool probe_write(vaddr_t va, uint8_t v)
{
	return md_probe_write((volatile void *)va, v);
}

KTEST(pmap, enter_extract_remove)
{
	unsigned long free0 = ktest_free_pages();
	struct vm_page *m = vm_page_alloc();
	pmap_t p = pmap_create();
	paddr_t got;
	bool valid;

	KT_CHECK(m && p);
	KT_CHECK_EQ(pmap_resident_count(p), 0);
	KT_CHECK_EQ(pmap_enter(p, VA_A, m->phys_addr, RW, VM_PROT_NONE, false), 0);
	got = pmap_extract(p, VA_A + 0x123, &valid);
	KT_CHECK(valid);
	KT_CHECK_EQ(got, m->phys_addr + 0x123);
	KT_CHECK_EQ(pmap_resident_count(p), 1);
	pmap_extract(p, VA_A + PAGE_SIZE, &valid);
	KT_CHECK(!valid);
	KT_CHECK(m->pv_list != NULL);

	/* Replacing a mapping keeps one resident page. */
	KT_CHECK_EQ(pmap_enter(p, VA_A, m->phys_addr, RO, VM_PROT_NONE, false), 0);
	KT_CHECK_EQ(pmap_resident_count(p), 1);

	pmap_remove(p, VA_A, VA_A + PAGE_SIZE);
	pmap_update(p);
	pmap_extract(p, VA_A, &valid);
	KT_CHECK(!valid);
	KT_CHECK_EQ(pmap_resident_count(p), 0);
	KT_CHECK(m->pv_list == NULL);
	pmap_destroy(p);
	vm_page_free(m);
	KT_CHECK_EQ(ktest_free_pages(), free0);
}

KTEST(pmap, access_protect_and_none)
{
	struct pool pool;
	unsigned long free0;
	pmap_t p;

	KT_CHECK(pool_get(&pool));
	free0 = ktest_free_pages();
	p = pmap_create();
	KT_CHECK(p);
	KT_CHECK_EQ(pmap_enter(p, VA_A, pa_of(&pool, 0), RW, VM_PROT_NONE, false), 0);
	pmap_activate(p);
	KT_CHECK_EQ(probe_read(VA_A + 5), 0x10);
	KT_CHECK(probe_write(VA_A + 5, 0xab));
	KT_CHECK(((uint8_t *)vm_page_kva(pool.page[0]))[5] == 0xab);
	KT_CHECK_EQ(probe_read(VA_A + PAGE_SIZE), -1);	/* unmapped */

	pmap_protect(p, VA_A, VA_A + PAGE_SIZE, RO);
	pmap_update(p);
	KT_CHECK_EQ(probe_read(VA_A + 5), 0xab);
	KT_CHECK_MSG(!probe_write(VA_A + 5, 0xcd), "write through read-only mapping");
	KT_CHECK(((uint8_t *)vm_page_kva(pool.page[0]))[5] == 0xab);

	/* pmap_protect never raises. */
	pmap_protect(p, VA_A, VA_A + PAGE_SIZE, RW);
	pmap_update(p);
	KT_CHECK(!probe_write(VA_A + 5, 0xcd));

	pmap_protect(p, VA_A, VA_A + PAGE_SIZE, VM_PROT_NONE);
	pmap_update(p);
	KT_CHECK_EQ(probe_read(VA_A + 5), -1);
	KT_CHECK_EQ(pmap_resident_count(p), 0);
	pmap_deactivate(p);
	pmap_destroy(p);
	KT_CHECK_EQ(ktest_free_pages(), free0);
	pool_put(&pool);
}

KTEST(pmap, page_protect_across_pmaps)
{
	struct pool pool;
	pmap_t p[3];
	paddr_t pa;
	bool valid;

	KT_CHECK(pool_get(&pool));
	pa = pa_of(&pool, 3);
	for (int i = 0; i < 3; i++) {
		p[i] = pmap_create();
		KT_CHECK(p[i]);
		KT_CHECK_EQ(pmap_enter(p[i], VA_B + i * 0x200000UL, pa, RW,
				       VM_PROT_NONE, false), 0);
		/* A second mapping of the same page in the same pmap. */
		KT_CHECK_EQ(pmap_enter(p[i], VA_C, pa, RW, VM_PROT_NONE, false), 0);
	}
	pmap_page_protect(pa, VM_PROT_READ | VM_PROT_EXECUTE);
	for (int i = 0; i < 3; i++) {
		pmap_activate(p[i]);
		KT_CHECK_EQ(probe_read(VA_B + i * 0x200000UL), 0x13);
		KT_CHECK(!probe_write(VA_B + i * 0x200000UL, 1));
		KT_CHECK(!probe_write(VA_C, 1));
		KT_CHECK_EQ(probe_read(VA_C + 7), 0x13);
		pmap_deactivate(p[i]);
		KT_CHECK_EQ(pmap_resident_count(p[i]), 2);
	}
	pmap_page_protect(pa, VM_PROT_NONE);
	KT_CHECK(pool.page[3]->pv_list == NULL);
	for (int i = 0; i < 3; i++) {
		pmap_extract(p[i], VA_B + i * 0x200000UL, &valid);
		KT_CHECK(!valid);
		pmap_extract(p[i], VA_C, &valid);
		KT_CHECK(!valid);
		KT_CHECK_EQ(pmap_resident_count(p[i]), 0);
		pmap_activate(p[i]);
		KT_CHECK_EQ(probe_read(VA_C), -1);
		pmap_deactivate(p[i]);
		pmap_destroy(p[i]);
	}
	pool_put(&pool);
}

KTEST(pmap, reference_and_modify_bits)
{
	struct pool pool;
	pmap_t p = pmap_create();
	paddr_t pa;

	KT_CHECK(p && pool_get(&pool));
	pa = pa_of(&pool, 1);
	KT_CHECK_EQ(pmap_enter(p, VA_A, pa, RW, VM_PROT_NONE, false), 0);
	pmap_clear_reference(pa);
	pmap_clear_modify(pa);
	KT_CHECK(!pmap_is_referenced(pa));
	KT_CHECK(!pmap_is_modified(pa));
	pmap_activate(p);

	KT_CHECK_EQ(probe_read(VA_A), 0x11);
	KT_CHECK_MSG(pmap_is_referenced(pa), "read did not set referenced");
	KT_CHECK_MSG(!pmap_is_modified(pa), "read set modified");

	KT_CHECK(probe_write(VA_A, 0x77));
	KT_CHECK_MSG(pmap_is_modified(pa), "write did not set modified");

	pmap_clear_modify(pa);
	KT_CHECK(!pmap_is_modified(pa));
	KT_CHECK(pmap_is_referenced(pa));
	KT_CHECK_EQ(probe_read(VA_A), 0x77);	/* reading does not dirty */
	KT_CHECK(!pmap_is_modified(pa));
	KT_CHECK(probe_write(VA_A + 1, 0x78));	/* the TLB was invalidated */
	KT_CHECK_MSG(pmap_is_modified(pa), "second write after clear_modify lost");

	pmap_clear_reference(pa);
	KT_CHECK(!pmap_is_referenced(pa));
	KT_CHECK_EQ(probe_read(VA_A + 1), 0x78);
	KT_CHECK_MSG(pmap_is_referenced(pa), "read after clear_reference lost");

	/* The attributes belong to the page: they outlive the mapping. */
	pmap_remove(p, VA_A, VA_A + PAGE_SIZE);
	pmap_update(p);
	KT_CHECK(pmap_is_modified(pa));
	KT_CHECK(pmap_is_referenced(pa));
	pmap_clear_modify(pa);
	pmap_clear_reference(pa);
	KT_CHECK(!pmap_is_modified(pa) && !pmap_is_referenced(pa));
	pmap_deactivate(p);
	pmap_destroy(p);
	pool_put(&pool);
}

KTEST(pmap, wired_mappings_survive)
{
	struct pool pool;
	pmap_t p = pmap_create();
	bool valid;

	KT_CHECK(p && pool_get(&pool));
	KT_CHECK_EQ(pmap_enter(p, VA_A, pa_of(&pool, 0), RW, VM_PROT_NONE, true), 0);
	KT_CHECK_EQ(pmap_enter(p, VA_B, pa_of(&pool, 1), RW, VM_PROT_NONE, false), 0);
	KT_CHECK_EQ(pmap_wired_count(p), 1);
	pmap_collect(p);
	pmap_update(p);
	KT_CHECK_EQ(pmap_extract(p, VA_A, &valid), pa_of(&pool, 0));
	KT_CHECK(valid);
	pmap_activate(p);
	KT_CHECK_EQ(probe_read(VA_A), 0x10);
	pmap_deactivate(p);
	pmap_change_wiring(p, VA_A, false);
	KT_CHECK_EQ(pmap_wired_count(p), 0);
	pmap_change_wiring(p, VA_A, true);
	KT_CHECK_EQ(pmap_wired_count(p), 1);
	pmap_remove(p, VA_A, VA_A + PAGE_SIZE);	/* wired ones go too */
	KT_CHECK_EQ(pmap_wired_count(p), 0);
	pmap_destroy(p);
	KT_CHECK(pool.page[0]->pv_list == NULL && pool.page[1]->pv_list == NULL);
	pool_put(&pool);
}

/* Two pmaps map the same address to different pages: switching isolates. */
KTEST(pmap, switching_isolates)
{
	struct pool pool;
	pmap_t a = pmap_create(), b = pmap_create();

	KT_CHECK(a && b && pool_get(&pool));
	KT_CHECK_EQ(pmap_enter(a, VA_A, pa_of(&pool, 4), RW, VM_PROT_NONE, false), 0);
	KT_CHECK_EQ(pmap_enter(b, VA_A, pa_of(&pool, 5), RW, VM_PROT_NONE, false), 0);
	for (int round = 0; round < 3; round++) {
		pmap_activate(a);
		KT_CHECK_EQ(probe_read(VA_A), 0x14);
		pmap_deactivate(a);
		pmap_activate(b);
		KT_CHECK_EQ(probe_read(VA_A), 0x15);
		pmap_deactivate(b);
	}
	/* Removing from one leaves the other intact. */
	pmap_remove(a, VA_A, VA_A + PAGE_SIZE);
	pmap_update(a);
	pmap_activate(b);
	KT_CHECK_EQ(probe_read(VA_A), 0x15);
	pmap_deactivate(b);
	pmap_activate(a);
	KT_CHECK_EQ(probe_read(VA_A), -1);
	pmap_deactivate(a);
	pmap_destroy(a);
	pmap_destroy(b);
	pool_put(&pool);
}

KTEST(pmap, zero_and_copy_page)
{
	struct pool pool;
	uint8_t *a, *b;

	KT_CHECK(pool_get(&pool));
	a = vm_page_kva(pool.page[0]);
	b = vm_page_kva(pool.page[1]);
	for (unsigned int i = 0; i < PAGE_SIZE; i++)
		b[i] = (uint8_t)(i * 7 + 3);
	pmap_zero_page(pa_of(&pool, 0));
	for (unsigned int i = 0; i < PAGE_SIZE; i++)
		KT_CHECK(a[i] == 0);
	pmap_copy_page(pa_of(&pool, 1), pa_of(&pool, 0));
	for (unsigned int i = 0; i < PAGE_SIZE; i++)
		KT_CHECK(a[i] == (uint8_t)(i * 7 + 3));
	pool_put(&pool);
}

/* Mappings spread over every table level; destroy frees every table page,
 * with or without a prior pmap_remove. */
KTEST(pmap, destroy_frees_page_tables)
{
	struct pool pool;

	KT_CHECK(pool_get(&pool));
	for (int with_remove = 0; with_remove < 2; with_remove++) {
		unsigned long free0 = ktest_free_pages();
		pmap_t p = pmap_create();

		KT_CHECK(p);
		for (unsigned long i = 0; i < 16; i++) {
			KT_CHECK_EQ(pmap_enter(p, VA_A + i * PAGE_SIZE, pa_of(&pool, i % POOL),
					       RW, VM_PROT_NONE, i == 3), 0);
			KT_CHECK_EQ(pmap_enter(p, VA_B + i * 0x200000UL, pa_of(&pool, i % POOL),
					       RO, VM_PROT_NONE, false), 0);
			KT_CHECK_EQ(pmap_enter(p, VA_C + i * 0x40000000UL, pa_of(&pool, i % POOL),
					       RW, VM_PROT_NONE, false), 0);
		}
		KT_CHECK_EQ(pmap_resident_count(p), 48);
		KT_CHECK(((struct pmap_common *)p)->pt_pages > 16);
		KT_CHECK(ktest_free_pages() < free0);
		if (with_remove) {
			pmap_remove(p, 0, VA_C + 17 * 0x40000000UL);
			pmap_update(p);
			KT_CHECK_EQ(pmap_resident_count(p), 0);
		}
		pmap_destroy(p);
		for (int i = 0; i < POOL; i++)
			KT_CHECK(pool.page[i]->pv_list == NULL);
		KT_CHECK_MSG(ktest_free_pages() == free0,
			     "%lu pages leaked", free0 - ktest_free_pages());
	}
	pool_put(&pool);
}

KTEST(pmap, kernel_text_is_not_writable)
{
	static volatile uint8_t data_byte = 5;
	uint8_t v;

	KT_CHECK(md_probe_read(__text_start, &v));
	KT_CHECK_MSG(!md_probe_write((volatile void *)__text_start, v),
		     "kernel text is writable");
	KT_CHECK(md_probe_read(__rodata_start, &v));
	KT_CHECK_MSG(!md_probe_write((volatile void *)__rodata_start, v),
		     "kernel rodata is writable");
	KT_CHECK(md_probe_write(&data_byte, 6));
	KT_CHECK(data_byte == 6);
	/* Kernel addresses are not user addresses. */
	KT_CHECK(copyin(__text_start, &v, 1) != 0);
	KT_CHECK(copyout(&v, (void *)&data_byte, 1) != 0);
}

/*
 * copyin/copyout's range check (kern/machine.h): the user range must lie
 * inside [USER_VA_MIN, USER_VA_MAX), computed without overflow.  A range
 * that wraps around the top of the address space from a readable kernel
 * address ends below USER_VA_MAX: accepting it would copy (nearly) the
 * whole address space.  Empty ranges at either end are inside.
 */
KTEST(pmap, copy_user_range_check)
{
	uint8_t v[16] = { 0 };
	uintptr_t text = (uintptr_t)__text_start;
	size_t wrap = (size_t)-text + 1;	/* text + wrap == 1 */

	KT_CHECK_EQ(copyin(__text_start, v, wrap), MD_EFAULT);
	KT_CHECK_EQ(copyout(v, (void *)text, wrap), MD_EFAULT);
	KT_CHECK_EQ(copyin((const void *)(USER_VA_MAX - 1), v, 2), MD_EFAULT);
	KT_CHECK_EQ(copyout(v, (void *)(USER_VA_MAX - 1), 2), MD_EFAULT);
	KT_CHECK_EQ(copyin((const void *)USER_VA_MAX, v, 0), 0);
	KT_CHECK_EQ(copyout(v, (void *)USER_VA_MAX, 0), 0);
	KT_CHECK_EQ(copyin((const void *)(USER_VA_MAX + 1), v, 0), MD_EFAULT);
	KT_CHECK_EQ(copyin((const void *)USER_VA_MIN, v, 0), 0);
	KT_CHECK_EQ(copyin((const void *)8, v, (size_t)-4), MD_EFAULT);
}

/* ---- Random operations checked against a model -------------------------- */

#define SLOTS 48

struct slot_model {
	int page;		/* -1: unmapped */
	vm_prot_t prot;
	bool wired;
};

static vaddr_t slot_va(int i)
{
	if (i < 16)
		return VA_A + (vaddr_t)i * PAGE_SIZE;
	if (i < 32)
		return VA_B + (vaddr_t)(i - 16) * 0x200000UL;
	return VA_C + (vaddr_t)(i - 32) * 0x40000000UL;
}

static uint64_t rng_state;

static unsigned int rnd(unsigned int n)
{
	rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
	return (unsigned int)(rng_state >> 33) % n;
}

KTEST(pmap, random_operations_match_model)
{
	struct slot_model model[SLOTS];
	struct pool pool;
	unsigned long free0;
	pmap_t p;

	KT_CHECK(pool_get(&pool));
	free0 = ktest_free_pages();
	p = pmap_create();
	KT_CHECK(p);
	memset(model, 0, sizeof(model));
	for (int i = 0; i < SLOTS; i++)
		model[i].page = -1;
	rng_state = 12345;
	pmap_activate(p);

	for (int step = 0; step < 4000; step++) {
		int op = (int)rnd(100), s = (int)rnd(SLOTS);
		int n = 1 + (int)rnd(4);

		if (op < 40) {
			int pg = (int)rnd(POOL);
			vm_prot_t prot = rnd(2) ? RW : RO;
			bool wired = rnd(8) == 0;

			KT_CHECK_EQ(pmap_enter(p, slot_va(s), pa_of(&pool, pg), prot,
					       VM_PROT_NONE, wired), 0);
			model[s] = (struct slot_model){ pg, prot, wired };
		} else if (op < 55) {
			/* Remove a run of slots of the same region. */
			int end = MIN(s + n, (s / 16 + 1) * 16);

			pmap_remove(p, slot_va(s), slot_va(end - 1) + PAGE_SIZE);
			for (int i = s; i < end; i++)
				model[i].page = -1;
		} else if (op < 65) {
			int end = MIN(s + n, (s / 16 + 1) * 16);

			pmap_protect(p, slot_va(s), slot_va(end - 1) + PAGE_SIZE, RO);
			for (int i = s; i < end; i++)
				model[i].prot &= RO;
		} else if (op < 67) {
			int pg = (int)rnd(POOL);
			bool none = rnd(2);

			pmap_page_protect(pa_of(&pool, pg), none ? VM_PROT_NONE : RO);
			for (int i = 0; i < SLOTS; i++) {
				if (model[i].page != pg)
					continue;
				if (none)
					model[i].page = -1;
				else
					model[i].prot &= RO;
			}
		} else if (op < 70 && model[s].page >= 0) {
			bool w = rnd(2);

			pmap_change_wiring(p, slot_va(s), w);
			model[s].wired = w;
		}
		pmap_update(p);

		/* Check one slot through the MMU and pmap_extract. */
		{
			int c = (int)rnd(SLOTS);
			bool valid;
			paddr_t pa = pmap_extract(p, slot_va(c) + 8, &valid);
			int v = probe_read(slot_va(c) + 8);

			if (model[c].page < 0) {
				KT_CHECK_MSG(!valid && v == -1, "step %d slot %d mapped", step, c);
			} else {
				uint8_t cur = ((uint8_t *)vm_page_kva(pool.page[model[c].page]))[8];

				KT_CHECK_MSG(valid && pa == pa_of(&pool, model[c].page) + 8,
					     "step %d slot %d extract", step, c);
				KT_CHECK_MSG(v == cur, "step %d slot %d read %d", step, c, v);
				KT_CHECK_MSG(probe_write(slot_va(c) + 8, cur) ==
					     ((model[c].prot & VM_PROT_WRITE) != 0),
					     "step %d slot %d write permission", step, c);
			}
		}
	}
	{
		unsigned long resident = 0, wired = 0;

		for (int i = 0; i < SLOTS; i++) {
			bool valid;

			pmap_extract(p, slot_va(i), &valid);
			KT_CHECK_MSG(valid == (model[i].page >= 0), "final slot %d", i);
			if (model[i].page >= 0) {
				resident++;
				wired += model[i].wired;
			}
		}
		KT_CHECK_EQ(pmap_resident_count(p), resident);
		KT_CHECK_EQ(pmap_wired_count(p), wired);
	}
	pmap_deactivate(p);
	pmap_destroy(p);
	KT_CHECK_MSG(ktest_free_pages() == free0, "%ld pages leaked",
		     (long)(free0 - ktest_free_pages()));
	pool_put(&pool);
}
