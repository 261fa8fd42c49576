/*
 * vm/pmap.h - the physical map: the contract between Mach's machine-
 * independent VM and each port's page tables.
 *
 * A pmap holds the hardware translations of one address space.  The MI VM
 * (vm_map, vm_fault) is the authority on what SHOULD be mapped; a pmap is a
 * cache of it and may forget any non-wired mapping at any time (pmap_collect
 * does exactly that to free page-table pages).  Everything here operates on
 * pages of PAGE_SIZE; addresses passed in are page aligned.
 *
 * Split of the work:
 *  - Each port implements the functions marked (MD) in pmap/<port>/pmap.c,
 *    with its own struct pmap in <machine/pmap.h>, which must begin with a
 *    struct pmap_common.
 *  - vm/pmap_pv.c implements the functions marked (MI) once for all ports:
 *    the reverse map (physical page -> list of (pmap, va)), the page
 *    attributes (referenced/modified, kept in struct vm_page and sticky
 *    across the removal of mappings), pmap_page_protect, the attribute
 *    queries, zero and copy through the direct map.  They reach the page
 *    tables only through the pmap_md_* primitives at the end of this file.
 *
 * Deferral: pmap_enter, pmap_remove, pmap_protect, pmap_page_protect and
 * pmap_change_wiring may leave stale TLB entries for the CALLER'S pmap
 * until pmap_update(pmap) is called; a port may also invalidate eagerly.
 * Lowering protection or removing a mapping is guaranteed visible to every
 * CPU only after pmap_update().  Raising protection or adding a mapping
 * needs no update (a stale "invalid" entry only causes a spurious fault,
 * which the port's fault path must tolerate).  The attribute functions
 * (pmap_clear_modify, pmap_clear_reference) invalidate themselves.
 *
 * Locking: each pmap has a simple lock (pmap_common.lock) taken with
 * interrupts masked, protecting its tables and counters.  The reverse map
 * has one pv lock (pmap_pv.c), the innermost lock of the VM: it is taken
 * only inside pmap_pv_enter/pmap_pv_remove/the MI page functions, never
 * held across a call into the port.  Order: pmap lock, then pv lock.
 * The MI page-level functions (pmap_page_protect, the attribute queries)
 * therefore work from a snapshot: under the pv lock they copy the page's
 * (pmap, va) pairs and take a reference on each pmap, drop the pv lock,
 * then call the MD function for each pair (which takes that pmap's lock and
 * must tolerate the mapping having gone meanwhile), then drop the
 * references.  None of the functions sleeps; all may be called with
 * interrupts enabled.
 */
#ifndef VM_PMAP_H
#define VM_PMAP_H

#include <kern/types.h>
#include <kern/lock.h>

typedef unsigned int vm_prot_t;
#define VM_PROT_NONE	0x0
#define VM_PROT_READ	0x1
#define VM_PROT_WRITE	0x2
#define VM_PROT_EXECUTE	0x4
#define VM_PROT_ALL	(VM_PROT_READ | VM_PROT_WRITE | VM_PROT_EXECUTE)

struct vm_page;

/* The machine-independent head of every struct pmap. */
struct pmap_common {
	simple_lock_t lock;
	unsigned int refcount;		/* atomic: see pmap_release_ref() */
	unsigned long resident_count;	/* valid leaf mappings */
	unsigned long wired_count;	/* of which wired */
	unsigned long pt_pages;		/* page-table pages, root included */
};

#include <machine/pmap.h>	/* struct pmap, for this port */

typedef struct pmap *pmap_t;

/*
 * pmap_release_ref: drop one reference with an atomic decrement; true if
 * it was the last (pmap_destroy then tears the pmap down).
 */
static inline bool pmap_release_ref(struct pmap_common *c)
{
	return __atomic_sub_fetch(&c->refcount, 1, __ATOMIC_ACQ_REL) == 0;
}

extern struct pmap kernel_pmap_store;
#define kernel_pmap (&kernel_pmap_store)

/* ---- Bootstrap ---------------------------------------------------------- */

/*
 * pmap_bootstrap (MD): build the kernel pmap's final tables: the kernel
 * image with W^X permissions (text read-only executable, rodata read-only,
 * data/bss/stacks read-write non-executable), the direct map of all RAM
 * (read-write, non-executable), device mappings made so far; switch to them.
 * Called once by kern_main() after vm_page_init(); page-table pages come
 * from vm_page_alloc().
 */
void pmap_bootstrap(void);

/*
 * pmap_init (MI): set up the reverse-map zone and whatever else the MI
 * half needs.  Called once after pmap_bootstrap and the zone allocator.
 */
void pmap_init(void);

/*
 * pmap_virtual_space (MD): the range of kernel virtual addresses that the
 * kernel VM (vm_kern) may hand out and map with pmap_enter(kernel_pmap,..).
 */
void pmap_virtual_space(vaddr_t *start, vaddr_t *end);

/* ---- Life cycle --------------------------------------------------------- */

/*
 * pmap_create (MD): a new, empty user pmap with one reference (the kernel
 * half of the address space is shared automatically).  Returns NULL when
 * memory for its root table is exhausted.
 */
pmap_t pmap_create(void);

/* pmap_reference (MI): add a reference. */
void pmap_reference(pmap_t pmap);

/*
 * pmap_destroy (MD): drop a reference; on the last one remove every
 * mapping (wired ones included), free every page-table page and the ASID.
 * The pmap must not be active on any CPU.
 */
void pmap_destroy(pmap_t pmap);

/* ---- Mappings ----------------------------------------------------------- */

/*
 * pmap_enter (MD): map va to the physical page pa with protection prot,
 * replacing any previous mapping of va (whose attributes are merged into
 * its page first).  access_type is the access that caused the fault
 * (VM_PROT_NONE if none): a port that emulates reference/modify bits may
 * use it to pre-set them.  wired mappings are never removed by
 * pmap_collect and count in the wired count.  Managed pages (those with a
 * struct vm_page) enter the reverse map; unmanaged ones (device memory) do
 * not.  Returns 0, or an error (KERN_RESOURCE_SHORTAGE, as a negative
 * PMAP_ERR_NOMEM) when a page-table page cannot be allocated; the pmap is
 * then unchanged.
 */
#define PMAP_ERR_NOMEM	(-1)
int pmap_enter(pmap_t pmap, vaddr_t va, paddr_t pa, vm_prot_t prot,
	       vm_prot_t access_type, bool wired);

/*
 * pmap_remove (MD): remove every mapping in [sva, eva), wired ones too,
 * merging hardware referenced/modified state into each page.  Page-table
 * pages left empty may be freed now or by pmap_collect.
 */
void pmap_remove(pmap_t pmap, vaddr_t sva, vaddr_t eva);

/*
 * pmap_protect (MD): lower the protection of the existing mappings in
 * [sva, eva) to (their protection & prot).  It never raises: raising is
 * left to the fault path, which enters the mapping again.  A result
 * without VM_PROT_READ (in particular VM_PROT_NONE) removes the mapping.
 */
void pmap_protect(pmap_t pmap, vaddr_t sva, vaddr_t eva, vm_prot_t prot);

/*
 * pmap_page_protect (MI): pmap_protect(prot) applied to every mapping of
 * the physical page pa, in every pmap.  It only lowers: VM_PROT_READ |
 * VM_PROT_EXECUTE makes writable mappings read-only and leaves the rest;
 * VM_PROT_NONE removes every mapping of the page.
 */
void pmap_page_protect(paddr_t pa, vm_prot_t prot);

/*
 * pmap_extract (MD): the physical address va maps to (with the page offset
 * of va added), or 0 with *valid false if va is unmapped.
 */
paddr_t pmap_extract(pmap_t pmap, vaddr_t va, bool *valid);

/* pmap_change_wiring (MD): make the existing mapping of va (un)wired. */
void pmap_change_wiring(pmap_t pmap, vaddr_t va, bool wired);

/* pmap_resident_count (MI): how many pages the pmap maps. */
unsigned long pmap_resident_count(pmap_t pmap);
unsigned long pmap_wired_count(pmap_t pmap);

/* ---- Page attributes (MI) ----------------------------------------------- */

/*
 * The referenced and modified attributes belong to the PHYSICAL page: they
 * are set by real CPU accesses through any of its mappings (hardware A/D
 * bits, the x86 accessed/dirty bits, or fault emulation where the CPU has
 * none), they survive the removal of those mappings, and clear_* resets
 * them in the page and in every mapping so that the next access sets them
 * again.  Only managed pages have attributes.
 */
bool pmap_is_modified(paddr_t pa);
void pmap_clear_modify(paddr_t pa);
bool pmap_is_referenced(paddr_t pa);
void pmap_clear_reference(paddr_t pa);

/* ---- Whole pages (MI, through the direct map) ------------------------- */

void pmap_zero_page(paddr_t pa);
void pmap_copy_page(paddr_t src, paddr_t dst);

/* ---- Address-space switching and TLB ------------------------------------ */

/*
 * pmap_activate (MD): make pmap the user address space of this CPU (load
 * the root table / ASID), replacing the user pmap in use, if any: the
 * context switch calls no pmap_deactivate between two user pmaps.
 * pmap_deactivate (MD): this CPU stops using it (a switch to a kernel
 * thread).  Conditions: interrupts disabled (called from the context
 * switch).
 */
void pmap_activate(pmap_t pmap);
void pmap_deactivate(pmap_t pmap);

/* pmap_update (MD): complete every TLB invalidation deferred for pmap. */
void pmap_update(pmap_t pmap);

/*
 * pmap_collect (MD): free the page-table pages that map nothing wired,
 * removing the non-wired mappings they held.  Used under memory pressure.
 */
void pmap_collect(pmap_t pmap);

/* ---- MD primitives used by the MI reverse-map code ---------------------- */

/*
 * pmap_md_pte_attrs: for the existing mapping of va in pmap, return the
 * hardware (or emulated) referenced/modified state of that one mapping as
 * VM_PAGE_ATTR_* bits, then clear the bits in clear_mask from the mapping
 * (re-arming emulation where the CPU has no hardware bits) and invalidate
 * its TLB entry if anything was cleared.  Conditions: no lock held; takes
 * and drops the pmap lock.  Returns 0 if va is not mapped (any more).
 */
unsigned int pmap_md_pte_attrs(pmap_t pmap, vaddr_t va, unsigned int clear_mask);

/*
 * pmap_md_page_is_managed: true if pa has a struct vm_page (is RAM the VM
 * manages).  Ports use it to decide whether a mapping enters the reverse
 * map.  (MI, provided by pmap_pv.c.)
 */
bool pmap_md_page_is_managed(paddr_t pa);

/* ---- Reverse map, for the ports' pmap_enter/pmap_remove (MI) ------------ */

/*
 * pmap_pv_enter: record that pmap maps va to the managed page m.
 * Conditions: pmap's lock held.  Returns false if no pv entry could be
 * allocated (the caller then fails the pmap_enter with PMAP_ERR_NOMEM).
 * pmap_pv_remove: forget that record and merge attrs (the mapping's last
 * VM_PAGE_ATTR_* state) into the page.  Conditions: pmap's lock held.
 */
bool pmap_pv_enter(struct vm_page *m, pmap_t pmap, vaddr_t va);
void pmap_pv_remove(struct vm_page *m, pmap_t pmap, vaddr_t va,
		    unsigned int attrs);

#endif /* VM_PMAP_H */
