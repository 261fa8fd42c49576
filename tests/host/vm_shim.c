/*
 * tests/host/vm_shim.c - the fake machine under the VM host tests: the
 * page allocator (vm_page.h), the pmap (vm/pmap.h) and an MMU-like access
 * routine.  Fake physical address of page i: (i + 1) << PAGE_SHIFT.
 * Freed pages are poisoned and their slots never reused, so a stale
 * physical address is caught; a page freed while still mapped aborts.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <vm/vm_fault.h>
#include "vm_shim.h"

long host_kalloc_live;
long host_kalloc_fail_after = -1;
long host_pages_live;
long host_page_fail_after = -1;
long host_pmaps_live;
long host_pmap_enter_fail_after = -1;
struct host_pmap_stats host_pmap_stats;

static struct vm_page **pages;
static uint8_t **page_data;
static unsigned long *page_maps;	/* mappings per page, over all pmaps */
static unsigned long npages, pages_cap;
static struct pmap *all_pmaps;
static int next_pmap_id;

static unsigned long page_index(paddr_t pa)
{
	unsigned long i = (unsigned long)(pa >> PAGE_SHIFT) - 1;

	if (pa & PAGE_MASK || i >= npages || !pages[i]) {
		fprintf(stderr, "bad or stale physical address 0x%llx\n",
			(unsigned long long)pa);
		abort();
	}
	return i;
}

struct vm_page *vm_page_alloc(void)
{
	struct vm_page *m;

	if (host_page_fail_after == 0)
		return NULL;
	if (host_page_fail_after > 0)
		host_page_fail_after--;
	if (npages == pages_cap) {
		pages_cap = pages_cap ? pages_cap * 2 : 1024;
		pages = realloc(pages, pages_cap * sizeof(*pages));
		page_data = realloc(page_data, pages_cap * sizeof(*page_data));
		page_maps = realloc(page_maps, pages_cap * sizeof(*page_maps));
		CHECK(pages && page_data && page_maps);
	}
	m = calloc(1, sizeof(*m));
	page_data[npages] = malloc(PAGE_SIZE);
	CHECK(m && page_data[npages]);
	memset(page_data[npages], 0xa5, PAGE_SIZE);	/* not zero: catch missing fills */
	m->phys_addr = (paddr_t)(npages + 1) << PAGE_SHIFT;
	m->wire_count = 1;
	m->queue = VM_PAGE_Q_NONE;
	pages[npages] = m;
	page_maps[npages] = 0;
	npages++;
	host_pages_live++;
	return m;
}

void vm_page_free(struct vm_page *m)
{
	unsigned long i = page_index(m->phys_addr);

	if (page_maps[i]) {
		fprintf(stderr, "vm_page_free: page 0x%llx still mapped %lu times\n",
			(unsigned long long)m->phys_addr, page_maps[i]);
		abort();
	}
	CHECK(m->u.obj.object == NULL);
	free(page_data[i]);
	free(m);
	pages[i] = NULL;
	page_data[i] = NULL;
	host_pages_live--;
}

struct vm_page *vm_page_lookup_phys(paddr_t pa)
{
	return pages[page_index(pa)];
}

void vm_page_set_object(struct vm_page *m, struct vm_object *object)
{
	m->u.obj.object = object;
}

void vm_page_activate(struct vm_page *m)
{
	if (m->wire_count == 0)
		m->queue = VM_PAGE_Q_ACTIVE;
}

void vm_page_deactivate(struct vm_page *m)
{
	if (m->wire_count == 0)
		m->queue = VM_PAGE_Q_INACTIVE;
}

void vm_page_wire(struct vm_page *m)
{
	m->wire_count++;
	m->queue = VM_PAGE_Q_NONE;
}

void vm_page_unwire(struct vm_page *m)
{
	CHECK(m->wire_count > 0);
	if (--m->wire_count == 0)
		m->queue = VM_PAGE_Q_ACTIVE;
}

uint8_t *host_page_data(paddr_t pa)
{
	return page_data[page_index(pa)];
}

unsigned long host_mappings_of(paddr_t pa)
{
	return page_maps[page_index(pa)];
}

void pmap_zero_page(paddr_t pa)
{
	memset(host_page_data(pa), 0, PAGE_SIZE);
}

void pmap_copy_page(paddr_t src, paddr_t dst)
{
	memcpy(host_page_data(dst), host_page_data(src), PAGE_SIZE);
}

/* ---- The fake pmap ------------------------------------------------------ */

static unsigned int pte_bucket(vaddr_t va)
{
	return (unsigned int)((va >> PAGE_SHIFT) * 2654435761u) % HOST_PMAP_BUCKETS;
}

pmap_t pmap_create(void)
{
	struct pmap *p = calloc(1, sizeof(*p));

	CHECK(p);
	p->common.refcount = 1;
	p->id = ++next_pmap_id;
	p->next_pmap = all_pmaps;
	all_pmaps = p;
	host_pmaps_live++;
	return p;
}

void pmap_reference(pmap_t pmap)
{
	pmap->common.refcount++;
}

static void pte_drop(pmap_t pmap, struct host_pte **pp)
{
	struct host_pte *pte = *pp;

	*pp = pte->next;
	page_maps[page_index(pte->pa)]--;
	pmap->nptes--;
	pmap->common.resident_count--;
	free(pte);
}

struct host_pte *host_pmap_find(pmap_t pmap, vaddr_t va)
{
	struct host_pte *pte;

	for (pte = pmap->buckets[pte_bucket(va)]; pte; pte = pte->next)
		if (pte->va == va)
			return pte;
	return NULL;
}

void host_pmap_for_each(pmap_t pmap, void (*fn)(struct host_pte *, void *),
			void *arg)
{
	for (unsigned int b = 0; b < HOST_PMAP_BUCKETS; b++)
		for (struct host_pte *pte = pmap->buckets[b]; pte; pte = pte->next)
			fn(pte, arg);
}

/* lower: pte's protection &= prot; a result without READ removes it. */
static void lower_range(pmap_t pmap, vaddr_t sva, vaddr_t eva, vm_prot_t prot,
			bool by_pa, paddr_t pa)
{
	for (unsigned int b = 0; b < HOST_PMAP_BUCKETS; b++) {
		struct host_pte **pp = &pmap->buckets[b];

		while (*pp) {
			struct host_pte *pte = *pp;
			bool hit = by_pa ? pte->pa == pa
					 : pte->va >= sva && pte->va < eva;

			if (hit && !((pte->prot & prot) & VM_PROT_READ)) {
				pte_drop(pmap, pp);
				continue;
			}
			if (hit)
				pte->prot &= prot;
			pp = &pte->next;
		}
	}
}

void pmap_destroy(pmap_t pmap)
{
	struct pmap **pp;

	if (--pmap->common.refcount > 0)
		return;
	lower_range(pmap, 0, ~(vaddr_t)0, VM_PROT_NONE, false, 0);
	CHECK(pmap->nptes == 0);
	for (pp = &all_pmaps; *pp != pmap; pp = &(*pp)->next_pmap)
		;
	*pp = pmap->next_pmap;
	free(pmap);
	host_pmaps_live--;
}

int pmap_enter(pmap_t pmap, vaddr_t va, paddr_t pa, vm_prot_t prot,
	       vm_prot_t access_type, bool wired)
{
	struct host_pte *pte;

	CHECK(!(va & PAGE_MASK));
	CHECK((access_type & ~prot) == 0);
	if (host_pmap_enter_fail_after == 0)
		return PMAP_ERR_NOMEM;
	if (host_pmap_enter_fail_after > 0)
		host_pmap_enter_fail_after--;
	host_pmap_stats.enters++;
	page_index(pa);				/* must be a live page */
	pte = host_pmap_find(pmap, va);
	if (pte) {
		page_maps[page_index(pte->pa)]--;
	} else {
		unsigned int b = pte_bucket(va);

		pte = calloc(1, sizeof(*pte));
		CHECK(pte);
		pte->va = va;
		pte->next = pmap->buckets[b];
		pmap->buckets[b] = pte;
		pmap->nptes++;
		pmap->common.resident_count++;
	}
	pte->pa = pa;
	pte->prot = prot;
	pte->wired = wired;
	page_maps[page_index(pa)]++;
	return 0;
}

void pmap_remove(pmap_t pmap, vaddr_t sva, vaddr_t eva)
{
	host_pmap_stats.removes++;
	lower_range(pmap, sva, eva, VM_PROT_NONE, false, 0);
}

void pmap_protect(pmap_t pmap, vaddr_t sva, vaddr_t eva, vm_prot_t prot)
{
	host_pmap_stats.protects++;
	lower_range(pmap, sva, eva, prot, false, 0);
}

void pmap_page_protect(paddr_t pa, vm_prot_t prot)
{
	host_pmap_stats.page_protects++;
	if (prot == VM_PROT_NONE)
		host_pmap_stats.page_protect_none++;
	page_index(pa);
	for (struct pmap *p = all_pmaps; p; p = p->next_pmap)
		lower_range(p, 0, 0, prot, true, pa);
}

paddr_t pmap_extract(pmap_t pmap, vaddr_t va, bool *valid)
{
	struct host_pte *pte = host_pmap_find(pmap, ROUND_DOWN(va, PAGE_SIZE));

	*valid = pte != NULL;
	return pte ? pte->pa + (va & PAGE_MASK) : 0;
}

void pmap_change_wiring(pmap_t pmap, vaddr_t va, bool wired)
{
	struct host_pte *pte = host_pmap_find(pmap, va);

	if (pte)
		pte->wired = wired;
}

void pmap_update(pmap_t pmap)
{
	(void)pmap;
	host_pmap_stats.updates++;
}

kern_return_t host_access(vm_map_t map, vaddr_t va, vm_prot_t access,
			  uint8_t *byte)
{
	vaddr_t page = ROUND_DOWN(va, PAGE_SIZE);
	struct host_pte *pte = host_pmap_find(map->pmap, page);
	uint8_t *data;

	if (!pte || (access & ~pte->prot)) {
		kern_return_t kr = vm_fault(map, va, access);

		if (kr != KERN_SUCCESS)
			return kr;
		pte = host_pmap_find(map->pmap, page);
		if (!pte || (access & ~pte->prot)) {
			fprintf(stderr, "host_access: fault at %p did not map it\n",
				(void *)va);
			abort();
		}
	}
	data = host_page_data(pte->pa);
	if (access & VM_PROT_WRITE)
		data[va & PAGE_MASK] = *byte;
	else
		*byte = data[va & PAGE_MASK];
	return KERN_SUCCESS;
}

static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;

void host_srand(uint64_t seed)
{
	rng_state = seed ? seed : 1;
}

uint64_t host_rand(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

/*
 * vm_map_enter_data lives in vm/vm_user.c, which the host build leaves
 * out: kernel-buffer copies (vm/vm_map_copy.c) cannot be copied out here.
 */
kern_return_t vm_map_enter_data(struct vm_map *map, vaddr_t *addr, size_t size,
				bool anywhere, const void *data, size_t offset,
				size_t len, vm_prot_t prot, vm_inherit_t inh)
{
	(void)map, (void)addr, (void)size, (void)anywhere, (void)data;
	(void)offset, (void)len, (void)prot, (void)inh;
	return KERN_FAILURE;
}

/* The kernel's direct map of a page: here, its host buffer. */
void *vm_page_kva(const struct vm_page *m)
{
	return host_page_data(m->phys_addr);
}
