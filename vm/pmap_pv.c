/*
 * vm/pmap_pv.c - the machine-independent half of the pmap: the reverse map
 * from physical pages to their mappings, page attributes, page-level
 * protection and whole-page operations.
 *
 * Every managed page (one with a struct vm_page) carries a singly linked
 * list of pv entries, one per (pmap, va) that maps it, and pmap_attrs, the
 * referenced/modified bits harvested from mappings that no longer exist.
 * The ports call pmap_pv_enter/pmap_pv_remove from pmap_enter/pmap_remove
 * with their pmap locked; pv_lock is the innermost lock (see vm/pmap.h).
 */
#include <kern/machine.h>
#include <kern/panic.h>
#include <kern/string.h>
#include <kern/zalloc.h>
#include <vm/pmap.h>
#include <vm/vm_page.h>

struct pv_entry {
	struct pv_entry *next;
	pmap_t pmap;
	vaddr_t va;
};

static struct zone pv_zone;
static simple_lock_t pv_lock = SIMPLE_LOCK_INITIALIZER;

void pmap_init(void)
{
	zone_init(&pv_zone, "pv_entry", sizeof(struct pv_entry), 0);
}

bool pmap_md_page_is_managed(paddr_t pa)
{
	return vm_page_lookup_phys(pa) != NULL;
}

void pmap_reference(pmap_t pmap)
{
	__atomic_add_fetch(&((struct pmap_common *)pmap)->refcount, 1,
			   __ATOMIC_SEQ_CST);
}

unsigned long pmap_resident_count(pmap_t pmap)
{
	return __atomic_load_n(&((struct pmap_common *)pmap)->resident_count,
			       __ATOMIC_RELAXED);
}

unsigned long pmap_wired_count(pmap_t pmap)
{
	return __atomic_load_n(&((struct pmap_common *)pmap)->wired_count,
			       __ATOMIC_RELAXED);
}

bool pmap_pv_enter(struct vm_page *m, pmap_t pmap, vaddr_t va)
{
	struct pv_entry *pv = zalloc(&pv_zone);
	intr_state_t s;

	if (!pv)
		return false;
	pv->pmap = pmap;
	pv->va = va;
	s = simple_lock_irq(&pv_lock);
	pv->next = m->pv_list;
	m->pv_list = pv;
	simple_unlock_irq(&pv_lock, s);
	return true;
}

void pmap_pv_remove(struct vm_page *m, pmap_t pmap, vaddr_t va,
		    unsigned int attrs)
{
	struct pv_entry **pp, *pv = NULL;
	intr_state_t s = simple_lock_irq(&pv_lock);

	for (pp = &m->pv_list; *pp; pp = &(*pp)->next) {
		if ((*pp)->pmap == pmap && (*pp)->va == va) {
			pv = *pp;
			*pp = pv->next;
			break;
		}
	}
	m->pmap_attrs |= (uint8_t)attrs;
	simple_unlock_irq(&pv_lock, s);
	if (!pv)
		panic("pmap_pv_remove: page 0x%llx has no mapping at %p in pmap %p",
		      (unsigned long long)m->phys_addr, (void *)va, (void *)pmap);
	zfree(&pv_zone, pv);
}

/*
 * pv_nth: the index'th mapping of m as a referenced (pmap, va) pair.
 * Returns false past the end.  The caller drops the reference with
 * pmap_destroy().  Conditions: no lock held; takes pv_lock.
 */
static bool pv_nth(struct vm_page *m, unsigned int index, pmap_t *pmap,
		   vaddr_t *va)
{
	struct pv_entry *pv;
	intr_state_t s = simple_lock_irq(&pv_lock);

	for (pv = m->pv_list; pv && index; pv = pv->next)
		index--;
	if (pv) {
		*pmap = pv->pmap;
		*va = pv->va;
		pmap_reference(pv->pmap);
	}
	simple_unlock_irq(&pv_lock, s);
	return pv != NULL;
}

/* pv_contains: does m still record a mapping of va in pmap? */
static bool pv_contains(struct vm_page *m, pmap_t pmap, vaddr_t va)
{
	struct pv_entry *pv;
	intr_state_t s = simple_lock_irq(&pv_lock);

	for (pv = m->pv_list; pv; pv = pv->next)
		if (pv->pmap == pmap && pv->va == va)
			break;
	simple_unlock_irq(&pv_lock, s);
	return pv != NULL;
}

void pmap_page_protect(paddr_t pa, vm_prot_t prot)
{
	struct vm_page *m = vm_page_lookup_phys(pa);
	pmap_t pmap;
	vaddr_t va;

	if (!m)
		return;
	if (!(prot & VM_PROT_READ)) {
		/* Remove every mapping: the head entry goes each time. */
		while (pv_nth(m, 0, &pmap, &va)) {
			pmap_remove(pmap, va, va + PAGE_SIZE);
			pmap_update(pmap);
			if (pv_contains(m, pmap, va))
				panic("pmap_page_protect: pmap_remove left %p in pmap %p",
				      (void *)va, (void *)pmap);
			pmap_destroy(pmap);
		}
		return;
	}
	for (unsigned int i = 0; pv_nth(m, i, &pmap, &va); i++) {
		pmap_protect(pmap, va, va + PAGE_SIZE, prot);
		pmap_update(pmap);
		pmap_destroy(pmap);
	}
}

/*
 * page_attrs: the page's sticky attributes plus those of every current
 * mapping; clear_mask is cleared in both.  Stops early once `want` is
 * known to be set and nothing needs clearing.
 */
static unsigned int page_attrs(paddr_t pa, unsigned int want,
			       unsigned int clear_mask)
{
	struct vm_page *m = vm_page_lookup_phys(pa);
	unsigned int attrs;
	pmap_t pmap;
	vaddr_t va;
	intr_state_t s;

	if (!m)
		return 0;
	s = simple_lock_irq(&pv_lock);
	attrs = m->pmap_attrs;
	m->pmap_attrs &= (uint8_t)~clear_mask;
	simple_unlock_irq(&pv_lock, s);
	for (unsigned int i = 0; pv_nth(m, i, &pmap, &va); i++) {
		if ((attrs & want) && !clear_mask) {
			pmap_destroy(pmap);
			break;
		}
		attrs |= pmap_md_pte_attrs(pmap, va, clear_mask);
		pmap_destroy(pmap);
	}
	return attrs;
}

bool pmap_is_modified(paddr_t pa)
{
	return page_attrs(pa, VM_PAGE_ATTR_MODIFIED, 0) & VM_PAGE_ATTR_MODIFIED;
}

void pmap_clear_modify(paddr_t pa)
{
	page_attrs(pa, 0, VM_PAGE_ATTR_MODIFIED);
}

bool pmap_is_referenced(paddr_t pa)
{
	return page_attrs(pa, VM_PAGE_ATTR_REFERENCED, 0) &
	       VM_PAGE_ATTR_REFERENCED;
}

void pmap_clear_reference(paddr_t pa)
{
	page_attrs(pa, 0, VM_PAGE_ATTR_REFERENCED);
}

void pmap_zero_page(paddr_t pa)
{
	memset(phys_to_virt(pa), 0, PAGE_SIZE);
}

void pmap_copy_page(paddr_t src, paddr_t dst)
{
	memcpy(phys_to_virt(dst), phys_to_virt(src), PAGE_SIZE);
}
