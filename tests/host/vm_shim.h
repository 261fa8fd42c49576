/*
 * tests/host/vm_shim.h - what the VM host tests see of the fake machine:
 * a page allocator over malloc (fake physical addresses, live counts,
 * failure injection), a fake pmap recording every mapping and call, a
 * simulated CPU access that faults like an MMU, and checkers of the VM's
 * invariants.
 */
#ifndef TESTS_HOST_VM_SHIM_H
#define TESTS_HOST_VM_SHIM_H

#include <kern/types.h>
#include <mach/kern_return.h>
#include <vm/pmap.h>
#include <vm/vm_page.h>
#include <vm/vm_map.h>
#include <vm/vm_object.h>

/* ---- Pages -------------------------------------------------------------- */
extern long host_pages_live;		/* vm_page_alloc'd, not yet freed */
extern long host_page_fail_after;	/* < 0: never fail; else countdown */
extern long host_kalloc_live, host_kalloc_fail_after;
uint8_t *host_page_data(paddr_t pa);	/* the page's 4 KiB (must be live) */
unsigned long host_mappings_of(paddr_t pa);

/* ---- The fake pmap ------------------------------------------------------ */
struct host_pte {
	struct host_pte *next;
	vaddr_t va;
	paddr_t pa;
	vm_prot_t prot;
	bool wired;
};

struct host_pmap_stats {
	unsigned long enters, removes, protects, page_protects, updates;
	unsigned long page_protect_none;	/* page_protect to VM_PROT_NONE */
};
extern struct host_pmap_stats host_pmap_stats;
extern long host_pmaps_live;
extern long host_pmap_enter_fail_after;	/* < 0: never fail */

struct host_pte *host_pmap_find(pmap_t pmap, vaddr_t va);
void host_pmap_for_each(pmap_t pmap, void (*fn)(struct host_pte *, void *),
			void *arg);

/*
 * host_access: one CPU access of `access` (READ or WRITE) to the byte at
 * va, faulting through vm_fault when the fake MMU has no mapping allowing
 * it, exactly once.  A write stores *byte, a read loads it.  Returns the
 * fault's error, if any.
 */
kern_return_t host_access(vm_map_t map, vaddr_t va, vm_prot_t access,
			  uint8_t *byte);

/* ---- Checks (abort with a message on failure) --------------------------- */

/* The tree, list, gaps, attributes and merging invariants of a map. */
void check_map(vm_map_t map);

/* Every mapping of map's pmap agrees with what the VM would fault in. */
void check_pmap(vm_map_t map);

/* Objects, entries, maps, pages, pmaps and kalloc memory all at baseline. */
struct host_counts {
	long objects, entries, maps, pages, pmaps, kalloc, resident;
};
void host_counts(struct host_counts *c);
void check_counts(const struct host_counts *baseline, const char *when);

/* Test bookkeeping. */
#define CHECK(cond) do { if (!(cond)) { fprintf(stderr, \
	"%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); abort(); } } while (0)
#define CHECK_EQ(a, b) do { long long a_ = (long long)(a), b_ = (long long)(b); \
	if (a_ != b_) { fprintf(stderr, "%s:%d: %s == %s: %lld != %lld\n", \
	__FILE__, __LINE__, #a, #b, a_, b_); abort(); } } while (0)

uint64_t host_rand(void);		/* xorshift, seeded by host_srand */
void host_srand(uint64_t seed);
static inline uint64_t host_rand_below(uint64_t n) { return host_rand() % n; }

#endif /* TESTS_HOST_VM_SHIM_H */
