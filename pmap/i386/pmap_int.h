/*
 * pmap/i386/pmap_int.h - private to the x86_64 pmap (pmap.c, pmap_tlb.c,
 * pmap_boot.c): table geometry, entry helpers, CPU features, TLB batch.
 *
 * Four levels of 512 entries: level 3 is the PML4 (the root), 2 the PDPT,
 * 1 the page directory, 0 the page table.  A leaf is a level-0 entry, or a
 * level-1/2 entry with PS (2 MiB / 1 GiB pages, used only by the kernel's
 * direct map).  Intermediate entries are P|W (plus U in the user half), so
 * the leaf alone decides the protection.
 *
 * Every page-table page is a vm_page with VM_PAGE_FLAG_PAGETABLE; its
 * count of valid entries lives in the vm_page (pt_count below), so that a
 * table that empties is freed without scanning it.
 */
#ifndef I386_PMAP_INT_H
#define I386_PMAP_INT_H

#include <kern/types.h>
#include <vm/pmap.h>
#include <vm/vm_page.h>
#include "x86.h"

#define PT_ENTRIES	512
#define LEVEL_SHIFT(l)	(PAGE_SHIFT + 9 * (l))
#define LEVEL_SIZE(l)	(1UL << LEVEL_SHIFT(l))

/* The user half is PML4 slots 0..255; the kernel's are 256..511. */
#define USER_HALF_END	0x0000800000000000UL
#define KERNEL_HALF	0xffff800000000000UL
#define PML4_KERNEL_FIRST 256

static inline unsigned int pt_index(vaddr_t va, int level)
{
	return (unsigned int)(va >> LEVEL_SHIFT(level)) & (PT_ENTRIES - 1);
}

static inline uint64_t *pte_table(uint64_t entry)
{
	return phys_to_virt(entry & PTE_ADDR_MASK);
}

/*
 * next_boundary: the first address above va aligned to a level-l block,
 * capped at eva (also when the addition wraps past the top of memory).
 */
static inline vaddr_t next_boundary(vaddr_t va, vaddr_t eva, int level)
{
	vaddr_t next = (va | (LEVEL_SIZE(level) - 1)) + 1;

	return (next == 0 || next > eva) ? eva : next;
}

/*
 * pt_count: the number of valid entries of a page-table page, kept in its
 * vm_page.  A page-table page is neither object data nor a zone slab, so
 * its slab_inuse counter is free for this (see the report: the lead may
 * add a named field).
 */
static inline struct vm_page *pt_page(uint64_t entry)
{
	return vm_page_lookup_phys(entry & PTE_ADDR_MASK);
}
#define pt_count(m)	((m)->slab_inuse)

/* CPU features found by pmap_bootstrap (pmap_tlb.c). */
extern bool pmap_has_pcid, pmap_has_invpcid, pmap_has_smep, pmap_has_1g;
extern uint64_t pmap_pte_nx;		/* PTE_NX, or 0 without EFER.NXE */

/* pmap_tlb.c */
void pmap_cpu_features(void);
void pmap_tlb_enable(void);
void tlb_note(struct pmap *p, vaddr_t va);
void tlb_flush(struct pmap *p);
void tlb_flush_all_global(void);

/* pmap.c: a zeroed page-table page (flagged, count 0), or NULL. */
struct vm_page *pt_alloc(void);

/* pmap.c */
void pmap_zone_init(void);

#endif /* I386_PMAP_INT_H */
