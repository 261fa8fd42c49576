/*
 * pmap/riscv/pmap_int.h - what the pmap's files (pmap.c, pmap_boot.c,
 * pmap_fault.c) share and nobody else needs.
 */
#ifndef RISCV_PMAP_INT_H
#define RISCV_PMAP_INT_H

#include <kern/machine.h>
#include <vm/pmap.h>
#include <vm/vm_page.h>
#include "md.h"

#define USER_ROOT_SLOTS	(PT_ENTRIES / 2)	/* root entries 0-255 */

/* The table a non-leaf entry points to, and that table's page. */
static inline uint64_t *pte_table(uint64_t pte)
{
	return phys_to_virt(PTE_TO_PA(pte));
}

static inline struct vm_page *pte_table_page(uint64_t pte)
{
	return vm_page_lookup_phys(PTE_TO_PA(pte));
}

/*
 * tlb_live: can translations of pmap be cached on this hart?  The
 * kernel's always; a user pmap's while its ASID is of the current
 * generation (a roll-over flushed everything older), or, without ASIDs,
 * only while it is active (every switch flushes).
 */
static inline bool tlb_live(pmap_t pmap)
{
	if (pmap == kernel_pmap)
		return true;
	if (riscv_asid_bits == 0)
		return pmap == riscv_cur_pmap;
	return pmap->asid_gen == riscv_asid_generation;
}

/* tlb_flush_page: fence this hart's translation of va in pmap. */
static inline void tlb_flush_page(pmap_t pmap, vaddr_t va)
{
	if (pmap == kernel_pmap)
		sfence_vma_page(va);	/* reaches global entries too */
	else
		sfence_vma_page_asid(va, pmap->asid);
}

/* pmap.c */
struct vm_page *riscv_pt_page_alloc(void);
uint64_t *riscv_pmap_pte_find(pmap_t pmap, vaddr_t va, int *level);

/* pmap_boot.c */
void riscv_pmap_cache_put(pmap_t pmap);

#endif /* RISCV_PMAP_INT_H */
