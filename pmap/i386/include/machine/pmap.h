/*
 * machine/pmap.h - the x86_64 physical map (see vm/pmap.h for the contract
 * and pmap/i386/pmap.c for the implementation).
 *
 * Every pmap has its own PML4 (root).  Its upper half (entries 256..511)
 * is a copy of the kernel pmap's, made once when the root is built: the
 * kernel's PDPTs are all allocated at bootstrap and never change, so the
 * copies stay exact.  Its lower half maps the user address space.
 */
#ifndef MACHINE_PMAP_H
#define MACHINE_PMAP_H

#include <kern/types.h>

/* Invalidations batched during one pmap operation (see pmap_tlb.c). */
#define PMAP_INVAL_MAX	16

struct pmap {
	struct pmap_common common;	/* first: the MI code casts to it */
	uint64_t *root;			/* PML4, through the direct map */
	paddr_t root_pa;
	/*
	 * TLB state.  active: this pmap is loaded in CR3 on some CPU (one
	 * CPU today: a bool; a CPU mask with SMP).  pcid/pcid_gen: the PCID
	 * the pmap holds, valid while pcid_gen equals the allocator's
	 * generation.  stale: the TLB may hold entries tagged with that PCID
	 * that no longer match the tables: flush them at the next activate.
	 */
	bool active;
	bool stale;
	uint16_t pcid;
	uint64_t pcid_gen;
	/* Pending invalidations of this operation, flushed before return. */
	unsigned int inval_count;	/* > PMAP_INVAL_MAX: flush everything */
	vaddr_t inval_va[PMAP_INVAL_MAX];
};

#endif /* MACHINE_PMAP_H */
