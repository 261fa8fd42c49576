/*
 * machine/pmap.h - the RISC-V (Sv39) physical map, included by vm/pmap.h
 * after struct pmap_common is defined.
 *
 * A pmap is a three-level Sv39 tree: the root (level 2, 512 entries of
 * 1 GiB), level-1 tables (2 MiB per entry) and level-0 tables (4 KiB
 * leaves).  The upper half of every root (entries 256-511) is a copy of the
 * kernel pmap's root, made when the pmap is created; the kernel never
 * changes its root entries after pmap_bootstrap, so the copies stay exact.
 * User pmaps map only 4 KiB pages.
 */
#ifndef MACHINE_PMAP_H
#define MACHINE_PMAP_H

#include <kern/types.h>

struct pmap {
	struct pmap_common common;	/* first: the MI view */
	paddr_t root_pa;		/* root table (level 2) */
	uint64_t *root;			/* the same, through the direct map */
	/*
	 * Address-space identifier: valid only while asid_gen equals the
	 * allocator's current generation (pmap_boot.c).  0 for the kernel,
	 * and for every pmap on a hart without ASIDs.
	 */
	unsigned long asid;
	uint64_t asid_gen;
	uint64_t satp;			/* mode | asid | root PPN, with the ASID */
	struct pmap *cache_next;	/* in the cache of free pmaps */
};

#endif /* MACHINE_PMAP_H */
