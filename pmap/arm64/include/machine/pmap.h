/*
 * pmap/arm64/include/machine/pmap.h - the arm64 struct pmap.
 *
 * A user pmap owns a level-0 table for TTBR0_EL1 (user half, 48-bit VA,
 * 4 KiB granule) and an ASID; the kernel pmap owns the TTBR1_EL1 root that
 * every address space shares.  See pmap/arm64/pmap.c.
 */
#ifndef MACHINE_PMAP_H
#define MACHINE_PMAP_H

#include <kern/types.h>

struct pmap {
	struct pmap_common common;	/* first: the MI view */
	paddr_t root_pa;		/* level-0 table */
	uint64_t *root;			/* the same, through the direct map */
	uint64_t asid_gen;		/* generation asid belongs to (0: none) */
	uint16_t asid;			/* valid while asid_gen is current */
	bool is_kernel;
	uint64_t ttbr;			/* root_pa | asid << 48, with asid */
	struct pmap *cache_next;	/* on the free pmap cache (pmap.c) */
};

#endif /* MACHINE_PMAP_H */
