/*
 * pmap/i386/pmap.c - the x86_64 pmap: mappings in 4-level page tables
 * (the MD half of vm/pmap.h; bootstrap in pmap_boot.c, TLB and address
 * space switching in pmap_tlb.c).
 *
 * Leaf entries carry the hardware protection (P, W, NX, U for user pmaps,
 * G for the kernel's), the hardware accessed/dirty bits, which are the
 * referenced/modified state of the mapping, and two software bits: WIRED
 * and MANAGED (the page has a struct vm_page and a pv entry).
 *
 * Invariants, under the pmap lock:
 *  - resident_count is the number of valid 4 KiB leaf entries (the
 *    kernel's direct map, made of large pages, is not counted),
 *    wired_count those with PTE_WIRED, pt_pages the table pages including
 *    the root;
 *  - pt_count(table) is the number of valid entries of a table page; a
 *    user table whose count drops to 0 is unlinked and freed at once, so a
 *    user pmap never holds an empty table (the root excepted);
 *  - a managed leaf has exactly one pv entry (pmap, va) on its page;
 *  - the kernel pmap's tables are never freed: its PDPTs are shared by
 *    every root, and the kmem range's tables are preallocated.
 * The hardware sets A and D behind our back, on any CPU, so a valid leaf
 * is only ever changed with an atomic exchange or compare-and-swap.
 */
#include <kern/machine.h>
#include <kern/list.h>
#include <kern/panic.h>
#include <kern/string.h>
#include <kern/zalloc.h>
#include "pmap_int.h"

struct pmap kernel_pmap_store;

static struct zone pmap_zone;

/* Counters in pmap_common: written under the pmap lock, read lock-free. */
static inline void count_add(unsigned long *c, long delta)
{
	__atomic_store_n(c, *c + (unsigned long)delta, __ATOMIC_RELAXED);
}

/*
 * pt_alloc: a zeroed page-table page with no valid entries, or NULL when
 * no page is free.  Conditions: any; may be called with a pmap locked.
 */
struct vm_page *pt_alloc(void)
{
	struct vm_page *m = vm_page_alloc();

	if (!m)
		return NULL;
	m->flags |= VM_PAGE_FLAG_PAGETABLE;
	pt_count(m) = 0;
	memset(vm_page_kva(m), 0, PAGE_SIZE);
	return m;
}

static void pt_free(struct vm_page *m)
{
	pt_count(m) = 0;
	vm_page_free(m);
}

/* The PTE bits for prot in pmap p (without the address). */
static uint64_t prot_bits(const struct pmap *p, vm_prot_t prot)
{
	uint64_t bits = PTE_P;

	if (prot & VM_PROT_WRITE)
		bits |= PTE_W;
	if (!(prot & VM_PROT_EXECUTE))
		bits |= pmap_pte_nx;
	return bits | (p == kernel_pmap ? PTE_G : PTE_U);
}

/* The link bits of an intermediate entry in pmap p. */
static uint64_t link_bits(const struct pmap *p)
{
	return PTE_P | PTE_W | (p == kernel_pmap ? 0 : PTE_U);
}

/* Referenced/modified state of a leaf entry as VM_PAGE_ATTR_* bits. */
static unsigned int pte_attrs(uint64_t pte)
{
	return ((pte & PTE_A) ? VM_PAGE_ATTR_REFERENCED : 0) |
	       ((pte & PTE_D) ? VM_PAGE_ATTR_MODIFIED : 0);
}

/* Panic unless va is page aligned and lies in the half p may map. */
static void check_va(const struct pmap *p, vaddr_t va)
{
	if (va & PAGE_MASK)
		panic("pmap: unaligned address %p", (void *)va);
	if (p == kernel_pmap ? va < KERNEL_HALF : va >= USER_HALF_END)
		panic("pmap %p: address %p outside its half", (void *)p,
		      (void *)va);
}

/*
 * pte_lookup: the 4 KiB leaf entry for va, or NULL when a table above it
 * is missing or va lies in a large page.  Conditions: p locked.
 */
static uint64_t *pte_lookup(const struct pmap *p, vaddr_t va)
{
	uint64_t *t = p->root;

	for (int l = 3; l > 0; l--) {
		uint64_t e = t[pt_index(va, l)];

		if (!(e & PTE_P) || (e & PTE_PS))
			return NULL;
		t = pte_table(e);
	}
	return &t[pt_index(va, 0)];
}

/*
 * pte_clear: invalidate the valid leaf *ptep mapping va, hand its
 * referenced/modified state to its page with the pv entry, and schedule
 * the TLB invalidation.  Does not touch the table's pt_count.
 * Conditions: p locked.
 */
static void pte_clear(struct pmap *p, uint64_t *ptep, vaddr_t va)
{
	uint64_t old = __atomic_exchange_n(ptep, 0, __ATOMIC_SEQ_CST);

	if (old & PTE_MANAGED)
		pmap_pv_remove(vm_page_lookup_phys(old & PTE_ADDR_MASK), p, va,
			       pte_attrs(old));
	if (old & PTE_WIRED)
		count_add(&p->common.wired_count, -1);
	count_add(&p->common.resident_count, -1);
	tlb_note(p, va);
}

/*
 * tables_release: the page table covering va has no valid entry left:
 * unlink and queue it (and every table above it that empties in turn,
 * the root excepted) on tofree.  The caller frees them after the TLB
 * flush, so no CPU can still walk through them.  Conditions: p locked,
 * p is a user pmap.
 */
static void tables_release(struct pmap *p, vaddr_t va, struct list_node *tofree)
{
	uint64_t *t[4];
	struct vm_page *m;

	t[3] = p->root;
	for (int l = 3; l > 0; l--)
		t[l - 1] = pte_table(t[l][pt_index(va, l)]);
	m = vm_page_lookup_phys(virt_to_phys(t[0]));
	for (int l = 0; l < 3 && pt_count(m) == 0; l++) {
		struct vm_page *parent = vm_page_lookup_phys(virt_to_phys(t[l + 1]));

		t[l + 1][pt_index(va, l + 1)] = 0;
		pt_count(parent)--;
		list_push_back(tofree, &m->queue_link);
		count_add(&p->common.pt_pages, -1);
		m = parent;
	}
	tlb_note(p, va);	/* drops paging-structure caches too */
}

static void tables_free(struct list_node *tofree)
{
	struct list_node *n;

	while ((n = list_pop_front(tofree)) != NULL)
		pt_free(list_entry(n, struct vm_page, queue_link));
}

/*
 * An operation on one valid leaf entry: returns true if it invalidated
 * the entry (the caller then counts it out of its table).
 */
typedef bool (*pte_op_t)(struct pmap *p, uint64_t *ptep, vaddr_t va,
			 uint64_t arg);

/*
 * range_apply: call op on every valid 4 KiB leaf in [sva, eva).  Absent
 * tables are skipped a whole block at a time, and a page table is left as
 * soon as all of its valid entries have been seen, so sparse ranges cost
 * per mapping, not per page.  Tables of a user pmap that empty are queued
 * on tofree.  Large pages (the kernel's direct map) are not touched by
 * this interface: meeting one is a bug.  Conditions: p locked.
 */
static void range_apply(struct pmap *p, vaddr_t sva, vaddr_t eva, pte_op_t op,
			uint64_t arg, struct list_node *tofree)
{
	bool user = p != kernel_pmap;
	vaddr_t va = sva;

	while (va < eva) {
		uint64_t *t = p->root, e = 0;
		vaddr_t chunk_end;
		struct vm_page *ptm;
		unsigned int seen = 0, valid;
		uint64_t *pt;
		int l;

		/* Down to the level-1 entry (the page table), or a hole. */
		for (l = 3; l > 0; l--) {
			e = t[pt_index(va, l)];
			if (!(e & PTE_P))
				break;
			if (e & PTE_PS)
				panic("pmap: operation on a large page at %p",
				      (void *)va);
			if (l == 1)
				break;
			t = pte_table(e);
		}
		if (!(e & PTE_P)) {
			/* Skip the whole block the missing entry covers. */
			va = next_boundary(va, eva, l);
			continue;
		}
		pt = pte_table(e);
		ptm = pt_page(e);
		valid = pt_count(ptm);
		chunk_end = next_boundary(va, eva, 1);
		for (; va < chunk_end && seen < valid; va += PAGE_SIZE) {
			uint64_t *ptep = &pt[pt_index(va, 0)];

			if (!(*ptep & PTE_P))
				continue;
			seen++;
			if (op(p, ptep, va, arg))
				pt_count(ptm)--;
		}
		if (user && tofree && pt_count(ptm) == 0)
			tables_release(p, chunk_end - 1, tofree);
		va = chunk_end;
	}
}

static bool op_remove(struct pmap *p, uint64_t *ptep, vaddr_t va, uint64_t arg)
{
	pte_clear(p, ptep, va);
	return true;
}

/* op_protect: clear the PTE_W in arg, set the PTE_NX in arg. */
static bool op_protect(struct pmap *p, uint64_t *ptep, vaddr_t va, uint64_t arg)
{
	uint64_t clear = arg & PTE_W, set = arg & PTE_NX;
	uint64_t old = __atomic_load_n(ptep, __ATOMIC_RELAXED), nv;

	do {
		nv = (old & ~clear) | set;
		if (nv == old)
			return false;
	} while (!__atomic_compare_exchange_n(ptep, &old, nv, false,
					      __ATOMIC_SEQ_CST, __ATOMIC_RELAXED));
	tlb_note(p, va);
	return false;
}

/*
 * pmap_enter: see vm/pmap.h.  The tables that are missing on the way to
 * va are allocated first, and the pv entry made next, so that a failure
 * of either leaves the pmap exactly as it was.  x86 cannot map a page
 * write-only or execute-only: any access right makes it readable, and
 * VM_PROT_NONE removes the mapping.  Conditions: takes p's lock.
 * Returns 0 or PMAP_ERR_NOMEM.
 */
int pmap_enter(pmap_t p, vaddr_t va, paddr_t pa, vm_prot_t prot,
	       vm_prot_t access_type, bool wired)
{
	struct vm_page *m, *newpt[3];
	uint64_t *t[4], *ptep, npte, old;
	intr_state_t s;
	int missing = 0;

	check_va(p, va);
	if (!(prot & VM_PROT_ALL)) {
		pmap_remove(p, va, va + PAGE_SIZE);
		return 0;
	}
	m = vm_page_lookup_phys(pa);
	npte = (pa & PTE_ADDR_MASK) | prot_bits(p, prot) |
	       (wired ? PTE_WIRED : 0) | (m ? PTE_MANAGED : 0);
	/* The access that faulted will set A (and D) anyway: save the
	 * MMU the locked update. */
	if (access_type & VM_PROT_ALL)
		npte |= PTE_A;
	if ((access_type & VM_PROT_WRITE) && (prot & VM_PROT_WRITE))
		npte |= PTE_D;

	s = simple_lock_irq(&p->common.lock);
	t[3] = p->root;
	for (int l = 3; l > 0; l--) {
		uint64_t e = t[l][pt_index(va, l)];

		if (!(e & PTE_P)) {
			missing = l;
			break;
		}
		if (e & PTE_PS)
			panic("pmap_enter: %p lies in a large page", (void *)va);
		t[l - 1] = pte_table(e);
	}
	if (missing == 3 && p == kernel_pmap)
		panic("pmap_enter: kernel address %p outside the kernel's "
		      "PML4 slots", (void *)va);
	for (int i = 0; i < missing; i++) {
		if ((newpt[i] = pt_alloc()) == NULL) {
			while (i--)
				pt_free(newpt[i]);
			simple_unlock_irq(&p->common.lock, s);
			return PMAP_ERR_NOMEM;
		}
	}

	ptep = missing ? NULL : &t[0][pt_index(va, 0)];
	old = ptep ? __atomic_load_n(ptep, __ATOMIC_RELAXED) : 0;
	if ((old & PTE_P) && (old & PTE_ADDR_MASK) == (pa & PTE_ADDR_MASK)) {
		/* Same page: new protection and wiring, A/D kept. */
		uint64_t nv;

		do {
			nv = npte | (old & (PTE_A | PTE_D));
		} while (!__atomic_compare_exchange_n(ptep, &old, nv, false,
						      __ATOMIC_SEQ_CST,
						      __ATOMIC_RELAXED));
		if ((old & PTE_WIRED) != (nv & PTE_WIRED))
			count_add(&p->common.wired_count, wired ? 1 : -1);
		if (((old & PTE_W) && !(nv & PTE_W)) ||
		    (!(old & PTE_NX) && (nv & PTE_NX)))
			tlb_note(p, va);
		tlb_flush(p);
		simple_unlock_irq(&p->common.lock, s);
		return 0;
	}
	if (m && !pmap_pv_enter(m, p, va)) {
		for (int i = 0; i < missing; i++)
			pt_free(newpt[i]);
		simple_unlock_irq(&p->common.lock, s);
		return PMAP_ERR_NOMEM;
	}

	/* Link the new tables, top down. */
	for (int l = missing; l > 0; l--) {
		struct vm_page *n = newpt[l - 1];

		t[l][pt_index(va, l)] = n->phys_addr | link_bits(p);
		pt_count(vm_page_lookup_phys(virt_to_phys(t[l])))++;
		t[l - 1] = vm_page_kva(n);
		count_add(&p->common.pt_pages, 1);
	}
	ptep = &t[0][pt_index(va, 0)];
	if (old & PTE_P) {
		/* Another page was mapped here: it goes, with its A/D. */
		old = __atomic_exchange_n(ptep, npte, __ATOMIC_SEQ_CST);
		if (old & PTE_MANAGED)
			pmap_pv_remove(vm_page_lookup_phys(old & PTE_ADDR_MASK),
				       p, va, pte_attrs(old));
		if (old & PTE_WIRED)
			count_add(&p->common.wired_count, -1);
		tlb_note(p, va);
	} else {
		__atomic_store_n(ptep, npte, __ATOMIC_SEQ_CST);
		pt_count(vm_page_lookup_phys(virt_to_phys(t[0])))++;
		count_add(&p->common.resident_count, 1);
	}
	if (wired)
		count_add(&p->common.wired_count, 1);
	tlb_flush(p);
	simple_unlock_irq(&p->common.lock, s);
	return 0;
}

/*
 * pmap_remove: see vm/pmap.h.  User tables that empty are freed after the
 * TLB flush.  Conditions: takes p's lock.
 */
void pmap_remove(pmap_t p, vaddr_t sva, vaddr_t eva)
{
	struct list_node tofree;
	intr_state_t s;

	/* Clamp to the half this pmap maps (the canonical hole aliases). */
	if (p == kernel_pmap)
		sva = MAX(sva, KERNEL_HALF);
	else
		eva = MIN(eva, USER_HALF_END);
	if (sva >= eva)
		return;
	list_init(&tofree);
	s = simple_lock_irq(&p->common.lock);
	range_apply(p, sva, eva, op_remove, 0, &tofree);
	tlb_flush(p);
	simple_unlock_irq(&p->common.lock, s);
	tables_free(&tofree);
}

/*
 * pmap_protect: see vm/pmap.h.  x86 has no write-only or execute-only
 * pages, so every valid leaf is readable: without VM_PROT_READ in prot
 * the result has none and the mappings go.  Conditions: takes p's lock.
 */
void pmap_protect(pmap_t p, vaddr_t sva, vaddr_t eva, vm_prot_t prot)
{
	uint64_t arg = 0;
	intr_state_t s;

	if (!(prot & VM_PROT_READ)) {
		pmap_remove(p, sva, eva);
		return;
	}
	if (!(prot & VM_PROT_WRITE))
		arg |= PTE_W;
	if (!(prot & VM_PROT_EXECUTE))
		arg |= pmap_pte_nx;
	if (p == kernel_pmap)
		sva = MAX(sva, KERNEL_HALF);
	else
		eva = MIN(eva, USER_HALF_END);
	if (!arg || sva >= eva)
		return;
	s = simple_lock_irq(&p->common.lock);
	range_apply(p, sva, eva, op_protect, arg, NULL);
	tlb_flush(p);
	simple_unlock_irq(&p->common.lock, s);
}

/*
 * pmap_extract: see vm/pmap.h; large pages (the kernel's direct map) are
 * understood.  Conditions: takes p's lock.
 */
paddr_t pmap_extract(pmap_t p, vaddr_t va, bool *valid)
{
	intr_state_t s = simple_lock_irq(&p->common.lock);
	uint64_t *t = p->root;
	paddr_t pa = 0;

	*valid = false;
	if (p == kernel_pmap ? va >= KERNEL_HALF : va < USER_HALF_END) {
		for (int l = 3; l >= 0; l--) {
			uint64_t e = t[pt_index(va, l)];

			if (!(e & PTE_P))
				break;
			if (l == 0 || (e & PTE_PS)) {
				vaddr_t off = va & (LEVEL_SIZE(l) - 1);

				pa = (e & PTE_ADDR_MASK &
				      ~(uint64_t)(LEVEL_SIZE(l) - 1)) + off;
				*valid = true;
				break;
			}
			t = pte_table(e);
		}
	}
	simple_unlock_irq(&p->common.lock, s);
	return pa;
}

/* pmap_change_wiring: see vm/pmap.h.  Conditions: takes p's lock. */
void pmap_change_wiring(pmap_t p, vaddr_t va, bool wired)
{
	intr_state_t s = simple_lock_irq(&p->common.lock);
	uint64_t *ptep = pte_lookup(p, ROUND_DOWN(va, PAGE_SIZE));

	if (ptep && (*ptep & PTE_P) && !(*ptep & PTE_WIRED) != !wired) {
		if (wired)
			__atomic_fetch_or(ptep, PTE_WIRED, __ATOMIC_SEQ_CST);
		else
			__atomic_fetch_and(ptep, ~(uint64_t)PTE_WIRED,
					   __ATOMIC_SEQ_CST);
		count_add(&p->common.wired_count, wired ? 1 : -1);
	}
	simple_unlock_irq(&p->common.lock, s);
}

/*
 * pmap_md_pte_attrs: see vm/pmap.h.  The A/D bits are the hardware's; a
 * cleared bit must also leave the TLB, or the CPU would keep using an
 * entry that says "already dirty" and never set D again.
 */
unsigned int pmap_md_pte_attrs(pmap_t p, vaddr_t va, unsigned int clear_mask)
{
	intr_state_t s = simple_lock_irq(&p->common.lock);
	uint64_t *ptep = pte_lookup(p, va);
	uint64_t clear = 0, old;
	unsigned int attrs = 0;

	if (ptep && (*ptep & PTE_P)) {
		if (clear_mask & VM_PAGE_ATTR_REFERENCED)
			clear |= PTE_A;
		if (clear_mask & VM_PAGE_ATTR_MODIFIED)
			clear |= PTE_D;
		old = clear ? __atomic_fetch_and(ptep, ~clear, __ATOMIC_SEQ_CST)
			    : __atomic_load_n(ptep, __ATOMIC_RELAXED);
		attrs = pte_attrs(old);
		if (old & clear) {
			tlb_note(p, va);
			tlb_flush(p);
		}
	}
	simple_unlock_irq(&p->common.lock, s);
	return attrs;
}

/*
 * pmap_collect: free every user page table that holds no wired mapping,
 * removing the mappings it held.  The kernel pmap's tables are permanent.
 * Conditions: takes p's lock.
 */
void pmap_collect(pmap_t p)
{
	struct list_node tofree;
	intr_state_t s;
	vaddr_t va = 0;

	if (p == kernel_pmap)
		return;
	list_init(&tofree);
	s = simple_lock_irq(&p->common.lock);
	while (va < USER_HALF_END) {
		uint64_t *t = p->root, e = 0;
		bool wired = false;
		int l;

		for (l = 3; l > 0; l--) {
			e = t[pt_index(va, l)];
			if (!(e & PTE_P))
				break;
			t = pte_table(e);
		}
		if (l > 0) {
			va = next_boundary(va, USER_HALF_END, l);
			continue;
		}
		for (unsigned int i = 0; i < PT_ENTRIES && !wired; i++)
			wired = (t[i] & (PTE_P | PTE_WIRED)) == (PTE_P | PTE_WIRED);
		if (!wired)
			range_apply(p, va, va + LEVEL_SIZE(1), op_remove, 0,
				    &tofree);
		va = next_boundary(va, USER_HALF_END, 1);
	}
	tlb_flush(p);
	simple_unlock_irq(&p->common.lock, s);
	tables_free(&tofree);
}

/* ---- Life cycle --------------------------------------------------------- */

static void pmap_common_init(struct pmap *p)
{
	simple_lock_init(&p->common.lock);
	p->common.refcount = 1;
	p->common.resident_count = 0;
	p->common.wired_count = 0;
	p->common.pt_pages = 1;
	p->active = false;
	p->stale = false;
	p->pcid = 0;
	p->pcid_gen = 0;	/* none: pmap_activate assigns one */
	p->inval_count = 0;
}

/*
 * pmap_zone_init: the zone of struct pmap.  Conditions: pmap_bootstrap.
 */
void pmap_zone_init(void)
{
	zone_init(&pmap_zone, "pmap", sizeof(struct pmap), 0);
}

/*
 * pmap_create: see vm/pmap.h.  The root's kernel half is a copy of the
 * kernel root's, which never changes after bootstrap.  Conditions: any.
 */
pmap_t pmap_create(void)
{
	struct pmap *p = zalloc(&pmap_zone);
	struct vm_page *m;

	if (!p)
		return NULL;
	if ((m = pt_alloc()) == NULL) {
		zfree(&pmap_zone, p);
		return NULL;
	}
	p->root = vm_page_kva(m);
	p->root_pa = m->phys_addr;
	memcpy(&p->root[PML4_KERNEL_FIRST], &kernel_pmap->root[PML4_KERNEL_FIRST],
	       (PT_ENTRIES - PML4_KERNEL_FIRST) * sizeof(uint64_t));
	pmap_common_init(p);
	return p;
}

/*
 * pmap_destroy: see vm/pmap.h.  On the last reference every mapping goes,
 * then every table (removal frees each table as it empties), the root and
 * the pmap.  Its PCID is simply never handed out again in this generation.
 * Conditions: p not active on any CPU; takes p's lock.
 */
void pmap_destroy(pmap_t p)
{
	if (!pmap_release_ref(&p->common))
		return;
	if (p == kernel_pmap)
		panic("pmap_destroy: the kernel pmap");
	if (p->active)
		panic("pmap_destroy: pmap %p is active", (void *)p);
	pmap_remove(p, 0, USER_HALF_END);
	if (p->common.resident_count || p->common.wired_count ||
	    p->common.pt_pages != 1)
		panic("pmap_destroy: %p left %lu mappings, %lu tables",
		      (void *)p, p->common.resident_count, p->common.pt_pages);
	pt_free(vm_page_lookup_phys(p->root_pa));
	zfree(&pmap_zone, p);
}
