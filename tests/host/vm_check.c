/*
 * tests/host/vm_check.c - invariant checkers for the VM host tests: a
 * map's tree, list, gaps and attributes; a pmap's agreement with the VM;
 * the live counts of every kind of VM resource.
 */
#include <stdio.h>
#include <stdlib.h>
#include <vm/vm_map_internal.h>
#include "vm_shim.h"

#define FAIL(...) do { fprintf(stderr, "check: " __VA_ARGS__); \
	fprintf(stderr, "\n"); abort(); } while (0)

/*
 * check_node: the subtree at e: parent links, AVL balance, heights,
 * max_gap; appends its entries in order to seq.  Returns its height.
 */
static int check_node(struct vm_map_entry *e, struct vm_map_entry *parent,
		      struct vm_map_entry **seq, unsigned int *n,
		      unsigned int cap)
{
	int hl, hr;
	vaddr_t mg;

	if (!e)
		return 0;
	if (e->parent != parent)
		FAIL("entry %p: parent %p, expected %p", (void *)e,
		     (void *)e->parent, (void *)parent);
	hl = check_node(e->left, e, seq, n, cap);
	if (*n >= cap)
		FAIL("tree has more nodes than the list");
	seq[(*n)++] = e;
	hr = check_node(e->right, e, seq, n, cap);
	if (hl - hr > 1 || hr - hl > 1)
		FAIL("entry [%lx, %lx) unbalanced: %d vs %d",
		     (unsigned long)e->start, (unsigned long)e->end, hl, hr);
	if (e->height != 1 + MAX(hl, hr))
		FAIL("entry [%lx, %lx): height %d, expected %d",
		     (unsigned long)e->start, (unsigned long)e->end, e->height,
		     1 + MAX(hl, hr));
	mg = e->gap;
	if (e->left)
		mg = MAX(mg, e->left->max_gap);
	if (e->right)
		mg = MAX(mg, e->right->max_gap);
	if (e->max_gap != mg)
		FAIL("entry [%lx, %lx): max_gap %lx, expected %lx",
		     (unsigned long)e->start, (unsigned long)e->end,
		     (unsigned long)e->max_gap, (unsigned long)mg);
	return 1 + MAX(hl, hr);
}

void check_map(vm_map_t map)
{
	unsigned int cap = map->nentries + 1, n = 0, i = 0;
	struct vm_map_entry **seq = malloc(cap * sizeof(*seq)), *e, *prev = NULL;
	vm_map_t subs[64];
	unsigned int nsubs = 0;
	size_t size = 0;

	CHECK(seq);
	simple_lock(&map->lock);
	check_node(map->root, NULL, seq, &n, cap);
	if (n != map->nentries)
		FAIL("tree has %u nodes, map says %u", n, map->nentries);
	for (e = vm_map_first(map); e; prev = e, e = vm_map_next(map, e), i++) {
		struct vm_map_entry *next = vm_map_next(map, e);
		vaddr_t gap = (next ? next->start : map->max_offset) - e->end;

		if (i >= n || seq[i] != e)
			FAIL("list and tree disagree at entry %u", i);
		if ((e->start | e->end) & PAGE_MASK || e->start >= e->end ||
		    e->start < map->min_offset || e->end > map->max_offset ||
		    (prev && prev->end > e->start))
			FAIL("entry [%lx, %lx) misplaced", (unsigned long)e->start,
			     (unsigned long)e->end);
		if (e->gap != gap)
			FAIL("entry [%lx, %lx): gap %lx, expected %lx",
			     (unsigned long)e->start, (unsigned long)e->end,
			     (unsigned long)e->gap, (unsigned long)gap);
		if (e->protection & ~e->max_protection)
			FAIL("entry [%lx, %lx): protection beyond maximum",
			     (unsigned long)e->start, (unsigned long)e->end);
		if (e->needs_copy && (e->is_sub_map || !e->u.object))
			FAIL("entry [%lx, %lx): needs_copy without an object",
			     (unsigned long)e->start, (unsigned long)e->end);
		if (map->is_share_map && e->is_sub_map)
			FAIL("share map inside a share map");
		if (prev && vm_map_entries_mergeable(prev, e))
			FAIL("entries [%lx, %lx) and [%lx, %lx) left unmerged",
			     (unsigned long)prev->start, (unsigned long)prev->end,
			     (unsigned long)e->start, (unsigned long)e->end);
		if (e->is_sub_map) {
			vm_map_t sm = e->u.share_map;

			if (e->offset < sm->min_offset ||
			    e->offset + (e->end - e->start) > sm->max_offset)
				FAIL("entry [%lx, %lx) outside its share map",
				     (unsigned long)e->start, (unsigned long)e->end);
			if (nsubs < 64)
				subs[nsubs++] = sm;
		}
		size += e->end - e->start;
	}
	if (i != n)
		FAIL("list has %u entries, tree %u", i, n);
	if (size != map->size)
		FAIL("map size %zu, entries add up to %zu", map->size, size);
	simple_unlock(&map->lock);
	free(seq);
	for (i = 0; i < nsubs; i++) {
		vm_map_t sm = subs[i];

		check_map(sm);
		/* A share map has no holes. */
		simple_lock(&sm->lock);
		prev = NULL;
		for (e = vm_map_first(sm); e; prev = e, e = vm_map_next(sm, e))
			if ((prev ? prev->end : sm->min_offset) != e->start)
				FAIL("hole in share map %p", (void *)sm);
		if (!prev || prev->end != sm->max_offset)
			FAIL("share map %p does not reach its end", (void *)sm);
		simple_unlock(&sm->lock);
	}
}

/* check_pte: one mapping against a read-only walk of map, entry, chain. */
static void check_pte(struct host_pte *pte, void *arg)
{
	vm_map_t map = arg, sm = NULL;
	struct vm_map_entry *te, *e;
	struct vm_object *first, *o, *next;
	struct vm_page *m = NULL;
	uint64_t off;
	vaddr_t within;

	if (!vm_map_lookup_entry(map, pte->va, &te))
		FAIL("pmap maps %lx, which the map does not", (unsigned long)pte->va);
	if (pte->prot & ~te->protection)
		FAIL("pmap allows %x at %lx, the entry only %x", pte->prot,
		     (unsigned long)pte->va, te->protection);
	e = te;
	within = pte->va - te->start;
	if (te->is_sub_map) {
		sm = te->u.share_map;
		simple_lock(&sm->lock);
		if (!vm_map_lookup_entry(sm, te->offset + within, &e))
			FAIL("share map hole under %lx", (unsigned long)pte->va);
		within = te->offset + within - e->start;
	}
	first = e->u.object;
	if (!first)
		FAIL("pmap maps %lx, whose entry has no object", (unsigned long)pte->va);
	off = e->offset + within;
	simple_lock(&first->lock);
	for (o = first;; o = next) {
		m = vm_object_page_lookup(o, off);
		next = o->shadow;
		if (m || !next)
			break;
		off += o->shadow_offset;
		simple_lock(&next->lock);
		if (o != first)
			simple_unlock(&o->lock);
	}
	if (!m || m->phys_addr != pte->pa)
		FAIL("pmap maps %lx to page %llx, the VM shows %llx",
		     (unsigned long)pte->va, (unsigned long long)pte->pa,
		     m ? (unsigned long long)m->phys_addr : 0ULL);
	if ((pte->prot & VM_PROT_WRITE) && (o != first || e->needs_copy))
		FAIL("pmap maps %lx writable but the page is %s",
		     (unsigned long)pte->va,
		     o != first ? "in a backing object" : "copy-on-write");
	if (o != first)
		simple_unlock(&o->lock);
	simple_unlock(&first->lock);
	if (sm)
		simple_unlock(&sm->lock);
}

void check_pmap(vm_map_t map)
{
	simple_lock(&map->lock);
	host_pmap_for_each(map->pmap, check_pte, map);
	simple_unlock(&map->lock);
}

void host_counts(struct host_counts *c)
{
	c->objects = (long)vm_object_count();
	c->entries = (long)vm_map_entry_count();
	c->maps = (long)vm_map_count();
	c->pages = host_pages_live;
	c->pmaps = host_pmaps_live;
	c->kalloc = host_kalloc_live;
	c->resident = (long)vm_object_resident_count();
}

void check_counts(const struct host_counts *b, const char *when)
{
	struct host_counts c;

	host_counts(&c);
	if (c.objects != b->objects || c.entries != b->entries ||
	    c.maps != b->maps || c.pages != b->pages || c.pmaps != b->pmaps ||
	    c.kalloc != b->kalloc || c.resident != b->resident)
		FAIL("%s: objects %ld/%ld entries %ld/%ld maps %ld/%ld pages %ld/%ld "
		     "pmaps %ld/%ld kalloc %ld/%ld resident %ld/%ld (now/baseline)",
		     when, c.objects, b->objects, c.entries, b->entries, c.maps,
		     b->maps, c.pages, b->pages, c.pmaps, b->pmaps, c.kalloc,
		     b->kalloc, c.resident, b->resident);
}
