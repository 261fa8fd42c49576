/*
 * pmap/arm64/pmap.c - the arm64 pmap: VMSAv8-64 stage-1 tables, 4 KiB
 * granule, 48-bit VA, four levels (L0..L3).
 *
 * Address spaces.  TTBR1_EL1 holds the kernel pmap's root (global entries,
 * nG = 0: shared by every address space); TTBR0_EL1 holds the active user
 * pmap's root tagged with its ASID, or an always-empty root with the
 * reserved ASID 0 when no user pmap is active.  TCR_EL1.A1 = 0: the ASID
 * comes from TTBR0.  User pmaps only ever map [USER_VA_MIN, USER_VA_MAX).
 *
 * Leaf entries (level 3, 4 KiB pages) of user pmaps:
 *   nG, AP[1] (EL0 access), PXN always, UXN unless VM_PROT_EXECUTE,
 *   AttrIndx Normal WB (RAM) or Device-nGnRE (anything that is not RAM),
 *   software bits 55-58: SW_WRITE (prot allows writing), SW_DIRTY (the page
 *   was written through this mapping since the last clear), SW_WIRED,
 *   SW_MANAGED (the page is in the reverse map).
 *
 * Referenced/modified emulation (cortex-a72 has no hardware AF/DBM):
 *   referenced = AF.  A managed mapping is entered with AF = 0 unless the
 *   access that caused it already happened; the first access takes an
 *   access-flag fault and arm64_pmap_fault() sets AF.
 *   modified = SW_DIRTY.  A writable managed mapping is entered read-only
 *   (AP[2] = 1) with SW_WRITE unless access_type includes a write; the
 *   first write takes a permission fault and arm64_pmap_fault() makes the
 *   entry writable and sets SW_DIRTY.  Invariant: AP[2] = 0 implies
 *   SW_WRITE and SW_DIRTY, so a write can never go unrecorded.
 *   pmap_md_pte_attrs() re-arms by clearing AF / setting AP[2] again.
 *   Kernel and unmanaged mappings are entered with AF = 1 and their full
 *   permissions (nothing to track; kernel faults are never emulated).
 *
 * TLB discipline: every change is invalidated eagerly (pmap_update only
 * completes it): a valid entry is changed break-before-make (write 0,
 * DSB ISHST, TLBI VAE1IS / VAAE1IS, DSB ISH, write the new entry, DSB
 * ISHST), removals TLBI each page and end with one DSB ISH + ISB.  User
 * entries are invalidated by (VA, ASID) only while the pmap's ASID belongs
 * to the current generation (otherwise the roll-over flush already removed
 * them); kernel entries by VA for all ASIDs.  Freed table pages are
 * unlinked, the VA invalidated (TLBI VAE1 also drops walk-cache entries)
 * and only then returned.
 *
 * Page-table pages come from vm_page_alloc() (VM_PAGE_FLAG_PAGETABLE),
 * zeroed; the number of valid entries of a user table is kept in its
 * vm_page (use_count, see vm/vm_page.h) so that a table is
 * freed as soon as its last entry goes and sparse ranges are skipped.
 *
 * pmap_create/pmap_destroy and pmap_bootstrap are in pmap_boot.c.
 *
 * Locking: pmap->common.lock (simple_lock_irq) covers the tables and
 * counters; pmap_pv_enter/pmap_pv_remove are called with it held.  The
 * ASID allocator has its own lock, taken by pmap_activate only when a pmap
 * needs an ASID of the current generation.
 */
#include <kern/machine.h>
#include <kern/panic.h>
#include <kern/string.h>
#include <kern/zalloc.h>
#include <vm/pmap.h>
#include <vm/vm_page.h>
#include <machine/sysreg.h>
#include "arm64.h"

struct pmap kernel_pmap_store;

/* The active user pmap of this (single) CPU, NULL when none. */
static pmap_t cur_pmap;

/* ---- ASIDs ---------------------------------------------------------------- */

unsigned int arm64_asid_bits = 8;
paddr_t arm64_empty_root_pa;		/* TTBR0 with no user pmap */
static unsigned int asid_count = 256;
static unsigned int asid_next = 1;	/* 0 is reserved for the empty root */
static uint64_t asid_generation = 1;
static simple_lock_t asid_lock = SIMPLE_LOCK_INITIALIZER;

void arm64_asid_init(unsigned int bits)
{
	arm64_asid_bits = bits;
	asid_count = 1u << bits;
}

/*
 * asid_assign: give pmap an ASID of the current generation if it has none
 * (and pmap->ttbr, the TTBR0_EL1 value with it).
 * When the space is used up, a new generation starts: every ASID of the
 * old one is dropped from the TLB at once (TLBI VMALLE1IS) and all pmaps
 * get fresh ASIDs on their next activation.
 * Conditions: interrupts disabled; takes asid_lock.
 */
static void asid_assign(pmap_t pmap)
{
	simple_lock(&asid_lock);
	if (pmap->asid_gen != asid_generation) {
		if (asid_next >= asid_count) {
			asid_generation++;
			asid_next = 1;
			__asm__ volatile("dsb ishst\n\ttlbi vmalle1is\n\tdsb ish\n\tisb"
					 ::: "memory");
		}
		pmap->asid = (uint16_t)asid_next++;
		pmap->asid_gen = asid_generation;
		pmap->ttbr = pmap->root_pa |
			     (uint64_t)pmap->asid << TTBR_ASID_SHIFT;
	}
	simple_unlock(&asid_lock);
}

/* ---- TLB ------------------------------------------------------------------ */

/*
 * tlb_inval_page: issue (not complete) the invalidation of va in pmap.
 * The caller ends the batch with DSB ISH (and ISB).
 */
static void tlb_inval_page(pmap_t pmap, vaddr_t va)
{
	uint64_t arg = (va >> PAGE_SHIFT) & ((1UL << 44) - 1);

	if (pmap->is_kernel) {
		__asm__ volatile("tlbi vaae1is, %0" : : "r"(arg) : "memory");
	} else if (pmap->asid_gen == asid_generation) {
		arg |= (uint64_t)pmap->asid << TTBR_ASID_SHIFT;
		__asm__ volatile("tlbi vae1is, %0" : : "r"(arg) : "memory");
	}
}

static void tlb_sync(void)
{
	__asm__ volatile("dsb ish\n\tisb" ::: "memory");
}

/* ---- Table pages ---------------------------------------------------------- */

/*
 * arm64_pt_alloc: a zeroed page-table page for pmap, counted in pt_pages.
 * Returns its physical address or 0 when no page is free.
 * Conditions: pmap lock held (or the pmap not yet visible).
 */
paddr_t arm64_pt_alloc(pmap_t pmap)
{
	struct vm_page *m = vm_page_alloc();

	if (!m)
		return 0;
	m->flags |= VM_PAGE_FLAG_PAGETABLE;
	m->use_count = 0;
	memset(vm_page_kva(m), 0, PAGE_SIZE);
	pmap->common.pt_pages++;
	return m->phys_addr;
}

void arm64_pt_free(pmap_t pmap, paddr_t pa)
{
	struct vm_page *m = vm_page_lookup_phys(pa);

	m->use_count = 0;
	vm_page_free(m);
	pmap->common.pt_pages--;
}

/*
 * arm64_kernel_pt_alloc: a table page for the kernel pmap (mmu.c uses it
 * for the direct map and md_io_map once the VM owns memory).  Panics when
 * memory is exhausted: the callers cannot fail.
 */
paddr_t arm64_kernel_pt_alloc(void)
{
	paddr_t pa = arm64_pt_alloc(kernel_pmap);

	if (!pa)
		panic("pmap: no page for a kernel translation table");
	return pa;
}

/* Valid-entry count of a user table (kernel tables are never freed). */
static void pt_count_add(pmap_t pmap, pte_t *table, int delta)
{
	if (!pmap->is_kernel)
		vm_page_lookup_phys(virt_to_phys(table))->use_count += delta;
}

static unsigned int pt_count(pte_t *table)
{
	return vm_page_lookup_phys(virt_to_phys(table))->use_count;
}

static pte_t *pt_va(pte_t e)
{
	return phys_to_virt(e & PTE_ADDR_MASK);
}

static bool pte_is_table(pte_t e, int level)
{
	return level < 3 && (e & 3) == PTE_TABLE;
}

/*
 * pmap_pte_lookup: the level-3 entry for va, or NULL if an upper level is
 * absent (or maps a block).  Conditions: pmap lock held.
 */
pte_t *pmap_pte_lookup(pmap_t pmap, vaddr_t va)
{
	pte_t *table = pmap->root;

	if (!pmap->is_kernel && va >= USER_VA_MAX)
		return NULL;	/* the index bits would alias a user address */

	for (int level = 0; level < 3; level++) {
		pte_t e = table[PT_INDEX(va, level)];

		if (!pte_is_table(e, level))
			return NULL;
		table = pt_va(e);
	}
	return &table[PT_INDEX(va, 3)];
}

/*
 * pmap_pte_alloc: the level-3 entry for va, allocating the missing tables.
 * All tables needed are allocated before any is linked, so on failure
 * (NULL) the pmap is unchanged.  *l3 receives the level-3 table.
 * Conditions: pmap lock held.
 */
pte_t *pmap_pte_alloc(pmap_t pmap, vaddr_t va, pte_t **l3)
{
	pte_t *table = pmap->root;
	paddr_t fresh[3];
	int level, need, k;

	for (level = 0; level < 3; level++) {
		pte_t e = table[PT_INDEX(va, level)];

		if (!pte_is_table(e, level)) {
			if (e & PTE_VALID)
				panic("pmap: va %p lies in a block mapping",
				      (void *)va);
			break;
		}
		table = pt_va(e);
	}
	need = 3 - level;
	for (k = 0; k < need; k++) {
		fresh[k] = arm64_pt_alloc(pmap);
		if (!fresh[k]) {
			while (k--)
				arm64_pt_free(pmap, fresh[k]);
			return NULL;
		}
	}
	if (need)
		dsb_ishst();	/* zeroed tables visible before they are linked */
	for (k = 0; level < 3; level++, k++) {
		table[PT_INDEX(va, level)] = fresh[k] | PTE_TABLE;
		pt_count_add(pmap, table, 1);
		table = phys_to_virt(fresh[k]);
	}
	*l3 = table;
	return &table[PT_INDEX(va, 3)];
}

/* ---- Entries -------------------------------------------------------------- */

/* The referenced/modified state one leaf entry records. */
static unsigned int pte_attrs(pte_t e)
{
	return ((e & PTE_AF) ? VM_PAGE_ATTR_REFERENCED : 0) |
	       ((e & PTE_SW_DIRTY) ? VM_PAGE_ATTR_MODIFIED : 0);
}

/*
 * pte_make: the leaf entry mapping pa with prot for pmap (see the file
 * comment for the bits).  managed: pa has a struct vm_page.
 */
static pte_t pte_make(pmap_t pmap, paddr_t pa, vm_prot_t prot,
		      vm_prot_t access, bool wired, bool managed)
{
	bool write = prot & VM_PROT_WRITE, exec = prot & VM_PROT_EXECUTE;
	pte_t e = pa | PTE_PAGE;

	if (managed || arm64_pa_is_ram(pa))
		e |= PTE_ATTR(MAIR_IDX_NORMAL) | PTE_SH_INNER;
	else
		e |= PTE_ATTR(MAIR_IDX_DEVICE);
	if (wired)
		e |= PTE_SW_WIRED;
	if (managed)
		e |= PTE_SW_MANAGED;
	if (write)
		e |= PTE_SW_WRITE;
	if (pmap->is_kernel) {
		e |= PTE_AF | PTE_UXN | (exec ? 0 : PTE_PXN);
		return e | (write ? PTE_SW_DIRTY : PTE_AP_RO);
	}
	e |= PTE_NG | PTE_AP_EL0 | PTE_PXN | (exec ? 0 : PTE_UXN);
	if (!managed) {
		e |= PTE_AF;
		return e | (write ? PTE_SW_DIRTY : PTE_AP_RO);
	}
	if (access != VM_PROT_NONE)
		e |= PTE_AF;
	if (write && (access & VM_PROT_WRITE))
		return e | PTE_SW_DIRTY;
	return e | PTE_AP_RO;
}

/*
 * pte_change: replace the valid entry *ptep (mapping va) by new,
 * break-before-make: invalid, TLB invalidated and synchronised, then the
 * new entry.  Conditions: pmap lock held.
 */
static void pte_change(pmap_t pmap, pte_t *ptep, vaddr_t va, pte_t new)
{
	*ptep = 0;
	dsb_ishst();
	tlb_inval_page(pmap, va);
	dsb_ish();
	*ptep = new;
	dsb_ishst();
}

/*
 * leaf_remove: clear the valid leaf *ptep of table (mapping va), issue its
 * TLB invalidation, update the counters and hand the page's harvested
 * attributes to the reverse map.  The caller completes the TLB batch.
 * Conditions: pmap lock held.
 */
static void leaf_remove(pmap_t pmap, pte_t *table, pte_t *ptep, vaddr_t va)
{
	pte_t e = *ptep;

	*ptep = 0;
	tlb_inval_page(pmap, va);
	pt_count_add(pmap, table, -1);
	pmap->common.resident_count--;
	if (e & PTE_SW_WIRED)
		pmap->common.wired_count--;
	if (e & PTE_SW_MANAGED)
		pmap_pv_remove(vm_page_lookup_phys(e & PTE_ADDR_MASK), pmap, va,
			       pte_attrs(e));
}

/*
 * pmap_enter (vm/pmap.h): map va -> pa.  Order: pv entry, then missing
 * tables (either failing leaves the pmap as it was), then the entry
 * (break-before-make over a previous mapping, whose attributes go to its
 * page with pmap_pv_remove; for the same page they are kept in the entry).
 * prot NONE removes.  Conditions: takes and drops the pmap lock.
 * Returns 0 or PMAP_ERR_NOMEM.
 */
int pmap_enter(pmap_t pmap, vaddr_t va, paddr_t pa, vm_prot_t prot,
	       vm_prot_t access_type, bool wired)
{
	struct vm_page *m = vm_page_lookup_phys(pa);
	pte_t *ptep, *l3, old, new;
	intr_state_t s;

	va = ROUND_DOWN(va, PAGE_SIZE);
	pa = ROUND_DOWN(pa, PAGE_SIZE);
	if (!pmap->is_kernel && va >= USER_VA_MAX)
		panic("pmap_enter: %p is not a user address", (void *)va);
	if (prot == VM_PROT_NONE) {
		pmap_remove(pmap, va, va + PAGE_SIZE);
		return 0;
	}
	new = pte_make(pmap, pa, prot, access_type, wired, m != NULL);
	s = simple_lock_irq(&pmap->common.lock);
	/* The new pv entry and the tables first: if either cannot be had,
	 * what was taken is given back and nothing has changed.  (A
	 * replaced mapping of the same page briefly has two identical pv
	 * entries; pmap_pv_remove takes either.) */
	if (m && !pmap_pv_enter(m, pmap, va)) {
		simple_unlock_irq(&pmap->common.lock, s);
		return PMAP_ERR_NOMEM;
	}
	ptep = pmap_pte_alloc(pmap, va, &l3);
	if (!ptep) {
		if (m)
			pmap_pv_remove(m, pmap, va, 0);
		simple_unlock_irq(&pmap->common.lock, s);
		return PMAP_ERR_NOMEM;
	}
	old = *ptep;
	if (old & PTE_VALID) {
		if ((old & PTE_ADDR_MASK) == pa) {
			/* Same page: keep what the old mapping recorded. */
			new |= old & (PTE_AF | PTE_SW_DIRTY);
			if ((new & PTE_SW_WRITE) && (new & PTE_SW_DIRTY))
				new &= ~(pte_t)PTE_AP_RO;
		}
		pte_change(pmap, ptep, va, new);
		if (old & PTE_SW_WIRED)
			pmap->common.wired_count--;
		if (old & PTE_SW_MANAGED)
			pmap_pv_remove(vm_page_lookup_phys(old & PTE_ADDR_MASK),
				       pmap, va, pte_attrs(old));
	} else {
		*ptep = new;
		dsb_ishst();
		pt_count_add(pmap, l3, 1);
		pmap->common.resident_count++;
	}
	if (wired)
		pmap->common.wired_count++;
	simple_unlock_irq(&pmap->common.lock, s);
	isb();
	return 0;
}

/* ---- Range operations ----------------------------------------------------- */

enum range_op { OP_REMOVE, OP_PROTECT, OP_COLLECT };

/*
 * table_free: unlink the (empty) table that *ep of parent points to,
 * invalidate va's walk-cache entries and free the page.
 * Conditions: pmap lock held; user pmap.
 */
static void table_free(pmap_t pmap, pte_t *parent, pte_t *ep, vaddr_t va)
{
	pte_t e = *ep;

	*ep = 0;
	pt_count_add(pmap, parent, -1);
	dsb_ishst();
	tlb_inval_page(pmap, va);
	dsb_ish();
	arm64_pt_free(pmap, e & PTE_ADDR_MASK);
}

/* Does the level-3 table hold a wired mapping? */
static bool table_has_wired(pte_t *table)
{
	for (int i = 0; i < PTES_PER_TABLE; i++)
		if ((table[i] & PTE_VALID) && (table[i] & PTE_SW_WIRED))
			return true;
	return false;
}

/*
 * range_walk: apply op to the leaves of [sva, eva) below table (a level
 * `level` table).  Absent tables are skipped whole, so a sparse range costs
 * one step per present entry of each level.  User tables left empty are
 * freed.  OP_PROTECT lowers to (existing & prot); OP_COLLECT removes the
 * non-wired leaves of every level-3 table holding nothing wired.
 * Conditions: pmap lock held; the caller completes the TLB batch.
 */
static void range_walk(pmap_t pmap, pte_t *table, int level, vaddr_t sva,
		       vaddr_t eva, enum range_op op, vm_prot_t prot)
{
	/* A user table knows how many valid entries it holds: once all of
	 * them have been seen the rest of the range below it is empty. */
	unsigned int left = pmap->is_kernel ? PTES_PER_TABLE : pt_count(table);
	vaddr_t va = sva, next;

	while (va < eva && left) {
		pte_t *ep = &table[PT_INDEX(va, level)], e = *ep;

		next = ROUND_DOWN(va, PT_SIZE(level)) + PT_SIZE(level);
		if (next > eva || next == 0)
			next = eva;
		if (!(e & PTE_VALID)) {
			va = next;
			continue;
		}
		left--;
		if (level == 3) {
			if (op != OP_PROTECT || !(prot & VM_PROT_READ)) {
				leaf_remove(pmap, table, ep, va);
			} else {
				pte_t new = e;

				if (!(prot & VM_PROT_WRITE))
					new = (new & ~PTE_SW_WRITE) | PTE_AP_RO;
				if (!(prot & VM_PROT_EXECUTE))
					new |= pmap->is_kernel ? PTE_PXN : PTE_UXN;
				if (new != e)
					pte_change(pmap, ep, va, new);
			}
		} else if (pte_is_table(e, level)) {
			pte_t *child = pt_va(e);

			if (op != OP_COLLECT || level < 2 || !table_has_wired(child))
				range_walk(pmap, child, level + 1, va, next, op, prot);
			if (!pmap->is_kernel && pt_count(child) == 0)
				table_free(pmap, table, ep, va);
		}
		va = next;
	}
}

/*
 * range_op: run range_walk over [sva, eva) of pmap with its lock held and
 * complete the TLB batch.
 */
static void range_op(pmap_t pmap, vaddr_t sva, vaddr_t eva, enum range_op op,
		     vm_prot_t prot)
{
	intr_state_t s;

	sva = ROUND_DOWN(sva, PAGE_SIZE);
	eva = ROUND_UP(eva, PAGE_SIZE);
	if (!pmap->is_kernel && eva > USER_VA_MAX)
		eva = USER_VA_MAX;
	if (sva >= eva)
		return;
	s = simple_lock_irq(&pmap->common.lock);
	range_walk(pmap, pmap->root, 0, sva, eva, op, prot);
	tlb_sync();
	simple_unlock_irq(&pmap->common.lock, s);
}

/* pmap_remove / pmap_protect (vm/pmap.h): see range_walk. */
void pmap_remove(pmap_t pmap, vaddr_t sva, vaddr_t eva)
{
	range_op(pmap, sva, eva, OP_REMOVE, VM_PROT_NONE);
}

void pmap_protect(pmap_t pmap, vaddr_t sva, vaddr_t eva, vm_prot_t prot)
{
	range_op(pmap, sva, eva, OP_PROTECT, prot);
}

/*
 * pmap_collect: the user half only (the kernel pmap's tables are
 * preallocated or permanent).
 */
void pmap_collect(pmap_t pmap)
{
	if (!pmap->is_kernel)
		range_op(pmap, USER_VA_MIN, USER_VA_MAX, OP_COLLECT, VM_PROT_NONE);
}

/* ---- Queries and single entries ------------------------------------------- */

/*
 * pmap_extract: follows blocks too (the kernel's direct map).
 */
paddr_t pmap_extract(pmap_t pmap, vaddr_t va, bool *valid)
{
	intr_state_t s = simple_lock_irq(&pmap->common.lock);
	pte_t *table = pmap->root;
	paddr_t pa = 0;

	*valid = false;
	for (int level = 0; level <= 3; level++) {
		if (!pmap->is_kernel && va >= USER_VA_MAX)
			break;
		pte_t e = table[PT_INDEX(va, level)];

		if (!(e & PTE_VALID))
			break;
		if (pte_is_table(e, level)) {
			table = pt_va(e);
			continue;
		}
		pa = (e & PTE_ADDR_MASK & ~(PT_SIZE(level) - 1)) |
		     (va & (PT_SIZE(level) - 1));
		*valid = true;
		break;
	}
	simple_unlock_irq(&pmap->common.lock, s);
	return pa;
}

/*
 * pmap_change_wiring (vm/pmap.h): toggles SW_WIRED and the wired count;
 * an absent mapping is ignored.  Conditions: takes the pmap lock.
 */
void pmap_change_wiring(pmap_t pmap, vaddr_t va, bool wired)
{
	intr_state_t s = simple_lock_irq(&pmap->common.lock);
	pte_t *ptep = pmap_pte_lookup(pmap, va);

	if (ptep && (*ptep & PTE_VALID) && !(*ptep & PTE_SW_WIRED) != !wired) {
		/* Software bits only: the MMU ignores them, no TLB work. */
		if (wired) {
			*ptep |= PTE_SW_WIRED;
			pmap->common.wired_count++;
		} else {
			*ptep &= ~PTE_SW_WIRED;
			pmap->common.wired_count--;
		}
	}
	simple_unlock_irq(&pmap->common.lock, s);
}

/*
 * pmap_md_pte_attrs (vm/pmap.h): AF -> referenced, SW_DIRTY -> modified;
 * clearing re-arms the emulation (AF = 0; SW_DIRTY = 0 and read-only),
 * break-before-make with the TLB entry invalidated.  Conditions: takes
 * and drops the pmap lock.  Returns 0 if va is not mapped.
 */
unsigned int pmap_md_pte_attrs(pmap_t pmap, vaddr_t va, unsigned int clear_mask)
{
	intr_state_t s = simple_lock_irq(&pmap->common.lock);
	pte_t *ptep = pmap_pte_lookup(pmap, va);
	unsigned int attrs = 0;

	if (ptep && (*ptep & PTE_VALID)) {
		pte_t e = *ptep, new = e;

		attrs = pte_attrs(e);
		/* Kernel mappings are never re-armed: kernel faults are not
		 * emulated, and kernel memory is wired. */
		if (!pmap->is_kernel && (e & PTE_SW_MANAGED)) {
			if (clear_mask & VM_PAGE_ATTR_REFERENCED)
				new &= ~(pte_t)PTE_AF;
			if (clear_mask & VM_PAGE_ATTR_MODIFIED)
				new = (new & ~PTE_SW_DIRTY) | PTE_AP_RO;
		}
		if (new != e) {
			pte_change(pmap, ptep, va, new);
			isb();
		}
	}
	simple_unlock_irq(&pmap->common.lock, s);
	return attrs;
}

/*
 * arm64_pmap_fault: reference/modify emulation for a data abort at user
 * address va taken from EL1 (copyin/copyout, md_probe_*) or, later, EL0.
 * An access-flag fault sets AF; a write to a SW_WRITE entry makes it
 * writable and dirty.  Also absorbs spurious faults (the entry already
 * allows the access: another CPU fixed it, or a stale TLB entry), after
 * invalidating va so the retry walks the table again.
 * Returns true if the access may be retried, false if it is a real fault.
 * Conditions: interrupts disabled (exception entry); takes the pmap lock.
 */
bool arm64_pmap_fault(vaddr_t va, bool write)
{
	pmap_t pmap = cur_pmap;
	pte_t *ptep, e, new;
	bool ok = false;

	if (!pmap || va >= USER_VA_MAX)
		return false;
	simple_lock(&pmap->common.lock);
	ptep = pmap_pte_lookup(pmap, va);
	if (ptep && ((e = *ptep) & PTE_VALID)) {
		new = e | PTE_AF;
		if (write && (e & PTE_SW_WRITE))
			new = (new & ~(pte_t)PTE_AP_RO) | PTE_SW_DIRTY;
		ok = !write || (e & PTE_SW_WRITE);
		if (ok) {
			/* An upgrade: no break-before-make needed. */
			*ptep = new;
			dsb_ishst();
			tlb_inval_page(pmap, va);
			tlb_sync();
		}
	}
	simple_unlock(&pmap->common.lock);
	return ok;
}

/* ---- Switching ------------------------------------------------------------ */

/*
 * pmap_activate (vm/pmap.h): TTBR0 = pmap's root with its ASID (assigned
 * if it has none in this generation).  No TLB flush: entries of other
 * pmaps carry other ASIDs.  Activating the kernel pmap means no user
 * pmap.  A pmap whose ASID is of the current generation (the usual case)
 * does not take asid_lock: the lock guards the allocator (asid_next, the
 * generation's advance), which this path neither reads nor writes, and
 * asid_assign checks the generation again under it.  (With SMP, a
 * roll-over on another CPU can invalidate the ASID right after this test
 * as after the locked one: that is the per-CPU active ASID work listed
 * in docs/ports/arm64.md.)
 * Conditions: interrupts disabled.
 */
void pmap_activate(pmap_t pmap)
{
	if (pmap->is_kernel) {
		pmap_deactivate(cur_pmap);
		return;
	}
	if (pmap->asid_gen != __atomic_load_n(&asid_generation, __ATOMIC_RELAXED))
		asid_assign(pmap);
	write_sysreg(ttbr0_el1, pmap->ttbr);
	isb();
	cur_pmap = pmap;
}

/*
 * pmap_deactivate: the user half becomes the empty root with ASID 0, which
 * never caches a translation.
 */
void pmap_deactivate(pmap_t pmap)
{
	write_sysreg(ttbr0_el1, arm64_empty_root_pa);
	isb();
	cur_pmap = NULL;
}

/*
 * arm64_pmap_forget_asid: pmap is being torn down: drop its ASID's TLB
 * entries (if it has one in this generation) and the ASID.  Panics if the
 * pmap is still active.
 */
void arm64_pmap_forget_asid(pmap_t pmap)
{
	if (pmap == cur_pmap)
		panic("pmap_destroy: pmap %p is active", (void *)pmap);
	if (pmap->asid_gen == asid_generation) {
		__asm__ volatile("tlbi aside1is, %0\n\tdsb ish\n\tisb" : :
				 "r"((uint64_t)pmap->asid << TTBR_ASID_SHIFT)
				 : "memory");
	}
	pmap->asid_gen = 0;	/* a fresh ASID on the next activation */
}

/* Nothing is deferred: every change was invalidated when it was made. */
void pmap_update(pmap_t pmap)
{
	tlb_sync();
}
