/*
 * pmap/riscv/pmap.c - the Sv39 physical map: entering, removing and
 * protecting mappings, reference/modify state and the TLB discipline
 * (pmap_boot.c creates pmaps and switches them, pmap_fault.c resolves
 * A/D faults).
 *
 * Tables.  User pmaps map 4 KiB pages only, in level-0 tables under
 * level-1 tables under the root.  Each user table page counts its valid
 * entries in its struct vm_page (slab_inuse: a table page is never a zone
 * page), so range operations stop scanning a table once they have seen
 * its last entry, and pmap_collect/pmap_destroy free tables as they
 * empty (pmap_remove leaves them).  Kernel tables are never freed, and the
 * kernel's root entries never change after pmap_bootstrap (every user root
 * holds a copy of them).
 *
 * Leaves.  V, R always (W without R is reserved; Mach's "execute" implies
 * read), W and X as the protection says; user leaves U, kernel leaves G.
 * RSW bit 8 (PTE_SW_WIRED) marks wired mappings.  Kernel leaves keep A and
 * D set.  User leaves start with A and D clear (unless access_type says the
 * access is under way) and record references and writes in them: either
 * the hart sets them itself (QEMU does) or it raises a page fault, which
 * riscv_pmap_fault() resolves by setting them.  A/D bits are changed with
 * atomic operations because a hart may set them at any moment.
 *
 * TLB.  Invalidation is eager, so pmap_update has nothing left to do:
 * every change to a valid leaf is followed by sfence.vma va, asid (kernel:
 * sfence.vma va, zero, which also reaches global entries); an operation
 * that changes more than TLB_PAGE_FLUSH_MAX leaves, or frees a table
 * (table entries are cached too, and only the whole-ASID form reaches
 * them), flushes the whole ASID once instead, before freed tables go back
 * to the page allocator.  A pmap whose ASID is of an old generation has
 * nothing in any TLB and needs no flush.  Adding a user mapping needs no
 * fence: a hart that cached the old invalid entry faults, and
 * riscv_pmap_fault() finds the mapping valid, fences and retries.  Adding
 * a kernel mapping is fenced at once, because the kernel must never take
 * such a fault (on its own stack, say).  One hart today: remote harts will
 * need shootdowns (SBI remote sfence) when SMP arrives.
 *
 * Locking: the pmap lock (taken with interrupts masked) covers its tables
 * and counters; pmap_pv_enter/pmap_pv_remove are called with it held
 * (vm/pmap.h).  The ASID fields change only in pmap_activate, on the hart
 * that runs the pmap, with interrupts masked.
 */
#include <kern/machine.h>
#include <kern/list.h>
#include <kern/panic.h>
#include <kern/string.h>
#include <vm/pmap.h>
#include <vm/vm_page.h>
#include "md.h"
#include "pmap_int.h"

#define TLB_PAGE_FLUSH_MAX	32

struct pmap kernel_pmap_store;

/* ---- Table pages ---------------------------------------------------- */

/* riscv_pt_page_alloc: a zeroed page-table page with no entries, or NULL. */
struct vm_page *riscv_pt_page_alloc(void)
{
	struct vm_page *m = vm_page_alloc();

	if (!m)
		return NULL;
	m->flags |= VM_PAGE_FLAG_PAGETABLE;
	m->slab_inuse = 0;
	memset(vm_page_kva(m), 0, PAGE_SIZE);
	return m;
}

/*
 * riscv_pt_alloc_kernel: a table page for the kernel tree (mmu.c's
 * walker, after pmap_bootstrap began), counted in the kernel pmap.
 * Returns its direct-map address and *pa, or NULL.
 */
uint64_t *riscv_pt_alloc_kernel(paddr_t *pa)
{
	struct vm_page *m = riscv_pt_page_alloc();

	if (!m)
		return NULL;
	__atomic_add_fetch(&kernel_pmap->common.pt_pages, 1, __ATOMIC_RELAXED);
	*pa = m->phys_addr;
	return vm_page_kva(m);
}

/* ---- TLB batches ---------------------------------------------------- */

struct tlb_batch {
	pmap_t pmap;
	bool live;		/* may this hart's TLB hold its entries? */
	bool all;		/* flush the whole ASID at the end */
	unsigned int pages;	/* single-page fences issued */
	struct list_node freed;	/* table pages to free after the flush */
};

static void tlb_begin(struct tlb_batch *b, pmap_t pmap)
{
	b->pmap = pmap;
	b->live = tlb_live(pmap);
	b->all = false;
	b->pages = 0;
	list_init(&b->freed);
}

/* tlb_page: a valid leaf of va changed. */
static void tlb_page(struct tlb_batch *b, vaddr_t va)
{
	if (!b->live || b->all)
		return;
	if (++b->pages > TLB_PAGE_FLUSH_MAX) {
		b->all = true;
		return;
	}
	tlb_flush_page(b->pmap, va);
}

/* tlb_table_freed: table page m was unlinked; free it after the flush. */
static void tlb_table_freed(struct tlb_batch *b, struct vm_page *m)
{
	b->pmap->common.pt_pages--;
	list_push_back(&b->freed, &m->queue_link);
	b->all = true;
}

/*
 * tlb_finish: the whole-ASID flush if one is due, then free the unlinked
 * tables (no hart can walk them any more).  Conditions: pmap lock held.
 */
static void tlb_finish(struct tlb_batch *b)
{
	if (b->live && b->all) {
		if (b->pmap == kernel_pmap)
			sfence_vma_all();
		else
			sfence_vma_asid(b->pmap->asid);
	}
	while (!list_empty(&b->freed))
		vm_page_free(list_entry(list_pop_front(&b->freed),
					struct vm_page, queue_link));
}

/* ---- Walking -------------------------------------------------------- */

/*
 * riscv_pmap_pte_find: the leaf entry mapping va and its level (0: 4 KiB, 1: 2 MiB,
 * 2: 1 GiB; superpages exist only in the kernel's direct map and device
 * window), or NULL where a table on the way is missing.  The entry
 * returned may be invalid.  Conditions: pmap lock held, or the kernel pmap
 * (whose tables are never freed).
 */
uint64_t *riscv_pmap_pte_find(pmap_t pmap, vaddr_t va, int *level)
{
	uint64_t *pt = pmap->root;

	for (int l = SV39_LEVELS - 1;; l--) {
		uint64_t *pte = &pt[PT_INDEX(va, l)];

		if (l == 0 || !(*pte & PTE_V) || PTE_LEAF(*pte)) {
			if (l > 0 && !(*pte & PTE_V))
				return NULL;
			*level = l;
			return pte;
		}
		pt = pte_table(*pte);
	}
}

/* A range walk over the level-0 tables present in [va, eva). */
struct walk {
	pmap_t pmap;
	vaddr_t va, eva;	/* what is left of the range */
	vaddr_t end;		/* end of the current table's part */
	uint64_t *l2e, *l1e;	/* entries leading to the current table */
	uint64_t *l0;		/* the current level-0 table */
	struct vm_page *l0m;	/* its page (user pmaps), else NULL */
};

/* step: the next multiple of size above va, capped at eva (no wrap). */
static vaddr_t step(vaddr_t va, vaddr_t size, vaddr_t eva)
{
	vaddr_t next = (va | (size - 1)) + 1;

	return next == 0 || next > eva ? eva : next;
}

/*
 * walk_next: move to the first level-0 table at or after w->va that
 * exists, skipping absent level-1 tables 1 GiB and absent level-0 tables
 * 2 MiB at a time.  Returns false when the range is exhausted.  The caller
 * sets w->va = w->end after each table.  Conditions: pmap lock held.
 */
static bool walk_next(struct walk *w)
{
	while (w->va < w->eva) {
		w->l2e = &w->pmap->root[PT_INDEX(w->va, 2)];
		if (!(*w->l2e & PTE_V)) {
			w->va = step(w->va, GIGAPAGE_SIZE, w->eva);
			continue;
		}
		if (PTE_LEAF(*w->l2e))
			panic("pmap: range op on a gigapage at %p", (void *)w->va);
		w->l1e = &pte_table(*w->l2e)[PT_INDEX(w->va, 1)];
		if (!(*w->l1e & PTE_V)) {
			w->va = step(w->va, MEGAPAGE_SIZE, w->eva);
			continue;
		}
		if (PTE_LEAF(*w->l1e))
			panic("pmap: range op on a megapage at %p", (void *)w->va);
		w->l0 = pte_table(*w->l1e);
		w->l0m = w->pmap == kernel_pmap ? NULL : pte_table_page(*w->l1e);
		w->end = step(w->va, MEGAPAGE_SIZE, w->eva);
		return true;
	}
	return false;
}

/*
 * walk_release_empty: free the current level-0 table if it is empty, and
 * its level-1 table if that empties too.  User pmaps only.
 */
static void walk_release_empty(struct walk *w, struct tlb_batch *b)
{
	struct vm_page *l1m;

	if (!w->l0m || w->l0m->slab_inuse)
		return;
	l1m = pte_table_page(*w->l2e);
	*w->l1e = 0;
	tlb_table_freed(b, w->l0m);
	w->l0m = NULL;
	if (--l1m->slab_inuse == 0) {
		*w->l2e = 0;
		tlb_table_freed(b, l1m);
	}
}

/* ---- Leaves --------------------------------------------------------- */

static unsigned int pte_attrs(uint64_t pte)
{
	return (pte & PTE_A ? VM_PAGE_ATTR_REFERENCED : 0) |
	       (pte & PTE_D ? VM_PAGE_ATTR_MODIFIED : 0);
}

/* pte_for: the leaf for a new mapping (see the file comment). */
static uint64_t pte_for(pmap_t pmap, paddr_t pa, vm_prot_t prot,
			vm_prot_t access_type, bool wired)
{
	uint64_t pte = PA_TO_PTE(pa) | PTE_V | PTE_R;

	if (prot & VM_PROT_WRITE)
		pte |= PTE_W;
	if (prot & VM_PROT_EXECUTE)
		pte |= PTE_X;
	if (pmap == kernel_pmap) {
		pte |= PTE_G | PTE_A | PTE_D;
	} else {
		pte |= PTE_U;
		if (access_type & VM_PROT_ALL)
			pte |= PTE_A;
		if (access_type & VM_PROT_WRITE)
			pte |= PTE_D;
	}
	return wired ? pte | PTE_SW_WIRED : pte;
}

/*
 * leaf_gone: the leaf old of va was just cleared: give its reference and
 * modify state to the page along with its reverse-map entry, and fix the
 * counters.  Conditions: pmap lock held.
 */
static void leaf_gone(pmap_t pmap, vaddr_t va, uint64_t old)
{
	struct vm_page *m = vm_page_lookup_phys(PTE_TO_PA(old));

	if (m)
		pmap_pv_remove(m, pmap, va, pte_attrs(old));
	pmap->common.resident_count--;
	if (old & PTE_SW_WIRED)
		pmap->common.wired_count--;
}

/*
 * remove_locked: remove the leaves in [sva, eva); with keep_wired, wired
 * leaves stay (pmap_collect).  With free_tables, user tables are freed as
 * they empty (pmap_collect, pmap_destroy); pmap_remove leaves them for
 * those two, as CMU Mach does: mapping the range again is then cheap, and
 * the memory they hold is bounded by the address space the task touched.
 * Conditions: pmap lock held; b begun on pmap and finished by the caller.
 */
static void remove_locked(pmap_t pmap, vaddr_t sva, vaddr_t eva,
			  bool keep_wired, bool free_tables,
			  struct tlb_batch *b)
{
	struct walk w = { .pmap = pmap, .va = sva, .eva = eva };

	while (walk_next(&w)) {
		/* An empty table (pmap_remove leaves them) needs no scan. */
		vaddr_t end = w.l0m && !w.l0m->slab_inuse ? w.va : w.end;

		for (vaddr_t va = w.va; va < end; va += PAGE_SIZE) {
			uint64_t *pte = &w.l0[PT_INDEX(va, 0)], old;

			if (!(*pte & PTE_V) ||
			    (keep_wired && (*pte & PTE_SW_WIRED)))
				continue;
			old = __atomic_exchange_n(pte, 0, __ATOMIC_RELAXED);
			leaf_gone(pmap, va, old);
			tlb_page(b, va);
			/* The table's last entry: the rest is a hole. */
			if (w.l0m && --w.l0m->slab_inuse == 0)
				break;
		}
		if (free_tables)
			walk_release_empty(&w, b);
		w.va = w.end;
	}
}

/* ---- The MD functions of vm/pmap.h ----------------------------------- */

/*
 * pmap_enter: map va to pa (see vm/pmap.h).  Missing tables are taken
 * before anything changes, so a failure (no table page, no reverse-map
 * entry) leaves the pmap as it was.  Replacing a mapping of the same page
 * keeps its reverse-map entry and its A/D bits; replacing another page's
 * hands that page its A/D state through pmap_pv_remove.  Conditions: takes
 * and drops the pmap lock.  Returns 0 or PMAP_ERR_NOMEM.
 */
int pmap_enter(pmap_t pmap, vaddr_t va, paddr_t pa, vm_prot_t prot,
	       vm_prot_t access_type, bool wired)
{
	bool kernel = pmap == kernel_pmap;
	struct vm_page *m, *n1 = NULL, *n0 = NULL;
	uint64_t npte, old = 0, *l2e, *l1e = NULL, *pte;
	intr_state_t s;

	va = ROUND_DOWN(va, PAGE_SIZE);
	pa = ROUND_DOWN(pa, (paddr_t)PAGE_SIZE);
	if (kernel ? va < KERNEL_HALF_BASE : va >= USER_VA_MAX)
		panic("pmap_enter: %p outside the %s half", (void *)va,
		      kernel ? "kernel" : "user");
	if (!(prot & VM_PROT_ALL)) {
		pmap_remove(pmap, va, va + PAGE_SIZE);
		return 0;
	}
	npte = pte_for(pmap, pa, prot, access_type, wired);
	m = vm_page_lookup_phys(pa);

	s = simple_lock_irq(&pmap->common.lock);
	l2e = &pmap->root[PT_INDEX(va, 2)];
	if (!(*l2e & PTE_V)) {
		if (kernel)
			panic("pmap_enter: kernel root slot of %p is not preallocated",
			      (void *)va);
		n1 = riscv_pt_page_alloc();
		n0 = n1 ? riscv_pt_page_alloc() : NULL;
		if (!n0)
			goto nomem;
	} else {
		if (PTE_LEAF(*l2e))
			panic("pmap_enter: %p is inside a gigapage", (void *)va);
		l1e = &pte_table(*l2e)[PT_INDEX(va, 1)];
		if (!(*l1e & PTE_V)) {
			if (!(n0 = riscv_pt_page_alloc()))
				goto nomem;
		} else if (PTE_LEAF(*l1e)) {
			panic("pmap_enter: %p is inside a megapage", (void *)va);
		} else {
			old = pte_table(*l1e)[PT_INDEX(va, 0)];
		}
	}
	if (m && !((old & PTE_V) && PTE_TO_PA(old) == pa) &&
	    !pmap_pv_enter(m, pmap, va))
		goto nomem;

	/* Nothing can fail from here on: link the new tables. */
	if (n1) {
		*l2e = PA_TO_PTE(n1->phys_addr) | PTE_V;
		pmap->common.pt_pages++;
	}
	if (n0) {
		l1e = &pte_table(*l2e)[PT_INDEX(va, 1)];
		*l1e = PA_TO_PTE(n0->phys_addr) | PTE_V | (kernel ? PTE_G : 0);
		if (!kernel)
			(n1 ? n1 : pte_table_page(*l2e))->slab_inuse++;
		pmap->common.pt_pages++;
	}
	pte = &pte_table(*l1e)[PT_INDEX(va, 0)];

	if (!(old & PTE_V)) {
		__atomic_store_n(pte, npte, __ATOMIC_RELEASE);
		if (!kernel)
			(n0 ? n0 : pte_table_page(*l1e))->slab_inuse++;
		pmap->common.resident_count++;
		if (wired)
			pmap->common.wired_count++;
		if (kernel)
			sfence_vma_page(va);
	} else {
		if (PTE_TO_PA(old) == pa) {
			/* Same page: its A/D state stays in the mapping. */
			uint64_t want;

			do {
				want = npte | (old & (PTE_A | PTE_D));
			} while (!__atomic_compare_exchange_n(pte, &old, want,
					false, __ATOMIC_RELAXED,
					__ATOMIC_RELAXED));
		} else {
			old = __atomic_exchange_n(pte, npte, __ATOMIC_RELAXED);
			if ((m = vm_page_lookup_phys(PTE_TO_PA(old))) != NULL)
				pmap_pv_remove(m, pmap, va, pte_attrs(old));
		}
		if (old & PTE_SW_WIRED)
			pmap->common.wired_count--;
		if (wired)
			pmap->common.wired_count++;
		if (tlb_live(pmap))
			tlb_flush_page(pmap, va);
	}
	simple_unlock_irq(&pmap->common.lock, s);
	return 0;

nomem:
	simple_unlock_irq(&pmap->common.lock, s);
	if (n0)
		vm_page_free(n0);
	if (n1)
		vm_page_free(n1);
	return PMAP_ERR_NOMEM;
}

/*
 * pmap_remove: remove every mapping in [sva, eva), harvesting A/D into the
 * pages.  Absent tables are skipped whole; a table is scanned only until
 * its last entry is gone, and stays, empty, for pmap_collect or
 * pmap_destroy.  Conditions: takes the pmap lock.
 */
void pmap_remove(pmap_t pmap, vaddr_t sva, vaddr_t eva)
{
	intr_state_t s = simple_lock_irq(&pmap->common.lock);
	struct tlb_batch b;

	tlb_begin(&b, pmap);
	remove_locked(pmap, ROUND_DOWN(sva, PAGE_SIZE), eva, false, false,
		      &b);
	tlb_finish(&b);
	simple_unlock_irq(&pmap->common.lock, s);
}

/*
 * pmap_protect: lower existing mappings in [sva, eva) to (prot & theirs);
 * without VM_PROT_READ they go.  Clearing W keeps D: the page stays
 * modified.  Conditions: takes the pmap lock.
 */
void pmap_protect(pmap_t pmap, vaddr_t sva, vaddr_t eva, vm_prot_t prot)
{
	uint64_t clear = (prot & VM_PROT_WRITE ? 0 : PTE_W) |
			 (prot & VM_PROT_EXECUTE ? 0 : PTE_X);
	struct walk w = { .pmap = pmap, .va = ROUND_DOWN(sva, PAGE_SIZE),
			  .eva = eva };
	struct tlb_batch b;
	intr_state_t s;

	if (!(prot & VM_PROT_READ)) {
		pmap_remove(pmap, sva, eva);
		return;
	}
	if (!clear)
		return;
	s = simple_lock_irq(&pmap->common.lock);
	tlb_begin(&b, pmap);
	while (walk_next(&w)) {
		unsigned int left = w.l0m ? w.l0m->slab_inuse : PT_ENTRIES;

		for (vaddr_t va = w.va; va < w.end && left; va += PAGE_SIZE) {
			uint64_t *pte = &w.l0[PT_INDEX(va, 0)];

			if (!(*pte & PTE_V))
				continue;
			left--;
			if (*pte & clear) {
				__atomic_fetch_and(pte, ~clear, __ATOMIC_RELAXED);
				tlb_page(&b, va);
			}
		}
		w.va = w.end;
	}
	tlb_finish(&b);
	simple_unlock_irq(&pmap->common.lock, s);
}

/*
 * pmap_extract: the physical address behind va (superpages included), or
 * 0 with *valid false.  Conditions: takes the pmap lock.
 */
paddr_t pmap_extract(pmap_t pmap, vaddr_t va, bool *valid)
{
	intr_state_t s = simple_lock_irq(&pmap->common.lock);
	paddr_t pa = 0;
	uint64_t *pte;
	int level;

	pte = riscv_pmap_pte_find(pmap, va, &level);
	*valid = pte && (*pte & PTE_V);
	if (*valid)
		pa = PTE_TO_PA(*pte) +
		     (va & ((1UL << (PAGE_SHIFT + 9 * level)) - 1));
	simple_unlock_irq(&pmap->common.lock, s);
	return pa;
}

/*
 * pmap_change_wiring: set or clear the wired flag of va's mapping (no TLB
 * effect: the flag is software's).  Conditions: takes the pmap lock.
 */
void pmap_change_wiring(pmap_t pmap, vaddr_t va, bool wired)
{
	intr_state_t s = simple_lock_irq(&pmap->common.lock);
	uint64_t *pte;
	int level;

	pte = riscv_pmap_pte_find(pmap, va, &level);
	if (pte && (*pte & PTE_V) && !(*pte & PTE_SW_WIRED) != !wired) {
		if (wired) {
			__atomic_fetch_or(pte, PTE_SW_WIRED, __ATOMIC_RELAXED);
			pmap->common.wired_count++;
		} else {
			__atomic_fetch_and(pte, ~PTE_SW_WIRED, __ATOMIC_RELAXED);
			pmap->common.wired_count--;
		}
	}
	simple_unlock_irq(&pmap->common.lock, s);
}

/*
 * pmap_md_pte_attrs: the A/D state of va's mapping as VM_PAGE_ATTR_*,
 * clearing the bits of clear_mask and fencing the entry so that the next
 * access sets them again.  Kernel leaves keep A and D (the kernel takes no
 * A/D faults): they report referenced and modified, which is the safe
 * answer for wired kernel memory.  Conditions: takes the pmap lock.
 */
unsigned int pmap_md_pte_attrs(pmap_t pmap, vaddr_t va,
			       unsigned int clear_mask)
{
	intr_state_t s = simple_lock_irq(&pmap->common.lock);
	unsigned int attrs = 0;
	uint64_t *pte, bits;
	int level;

	pte = riscv_pmap_pte_find(pmap, va, &level);
	if (pte && (*pte & PTE_V)) {
		attrs = pte_attrs(*pte);
		bits = (clear_mask & VM_PAGE_ATTR_REFERENCED ? PTE_A : 0) |
		       (clear_mask & VM_PAGE_ATTR_MODIFIED ? PTE_D : 0);
		if (pmap != kernel_pmap && (*pte & bits)) {
			attrs |= pte_attrs(__atomic_fetch_and(pte, ~bits,
							      __ATOMIC_RELAXED));
			if (tlb_live(pmap))
				tlb_flush_page(pmap, va);
		}
	}
	simple_unlock_irq(&pmap->common.lock, s);
	return attrs;
}

/* pmap_update: every invalidation was done eagerly (file comment). */
void pmap_update(pmap_t pmap)
{
}

/*
 * pmap_collect: drop every non-wired user mapping and free every table
 * left empty; tables holding a wired mapping stay with all their wired
 * mappings.  Conditions: takes the pmap lock.
 */
void pmap_collect(pmap_t pmap)
{
	intr_state_t s;
	struct tlb_batch b;

	if (pmap == kernel_pmap)
		return;
	s = simple_lock_irq(&pmap->common.lock);
	tlb_begin(&b, pmap);
	remove_locked(pmap, USER_VA_MIN, USER_VA_MAX, true, true, &b);
	tlb_finish(&b);
	simple_unlock_irq(&pmap->common.lock, s);
}

/*
 * pmap_destroy: drop a reference; the last one removes every mapping
 * (A/D harvested into the pages), frees every table, and puts the pmap
 * with its now empty root in the cache.  Its ASID is simply abandoned: it
 * is not handed out again before a roll-over flushes every TLB.
 * Conditions: the pmap is active on no hart.
 */
void pmap_destroy(pmap_t pmap)
{
	struct tlb_batch b;
	intr_state_t s;

	if (!pmap_release_ref(&pmap->common))
		return;
	if (pmap == kernel_pmap || pmap == riscv_cur_pmap)
		panic("pmap_destroy: pmap %p is %s", (void *)pmap,
		      pmap == kernel_pmap ? "the kernel's" : "active");
	s = simple_lock_irq(&pmap->common.lock);
	tlb_begin(&b, pmap);
	remove_locked(pmap, USER_VA_MIN, USER_VA_MAX, false, true, &b);
	tlb_finish(&b);
	if (pmap->common.pt_pages != 1 || pmap->common.resident_count)
		panic("pmap_destroy: %lu tables, %lu mappings left",
		      pmap->common.pt_pages - 1, pmap->common.resident_count);
	simple_unlock_irq(&pmap->common.lock, s);
	riscv_pmap_cache_put(pmap);
}
