/*
 * vm/vm_map_wire.c - wiring: vm_map_wire makes a range of a task map
 * resident and keeps it so (vm_wire of the mach_host interface), and
 * unwires it again.
 *
 * Each entry counts how many times its range was wired (wired_count, as
 * the Kernel Interface says: a count of wirings, undone one by one).  The
 * first wiring of an entry makes every page of its range resident in the
 * entry's FIRST object (the task entry's, or for a shared range the share
 * map entry's), copying pages up from the shadow chain and zero-filling
 * the rest (vm_fault_wire_page), wires each page (vm_page_wire: off the
 * page queues, so the aging pass never sees it) and enters it in the
 * pmap as a wired mapping; the last unwiring unwires the same pages.
 *
 * Invariants while an entry is wired:
 *  - its object exists and it has no needs_copy (a needs_copy entry gets
 *    its shadow at the first wiring, whatever its protection);
 *  - every page of its range is resident in its first object, with one
 *    vm_page wiring per wired task entry over it (so a page of a share
 *    map wired by two sharers has two); share map entries themselves
 *    carry no wired_count: wiring is a per-task attribute;
 *  - its first object is shadowed by nobody: vm_map_fork copies a wired
 *    entry, and a range of a share map whose object has wired pages
 *    there (vm_object_range_wired), at once instead of lazily, so no
 *    copy-on-write fault can put another page in front of a wired one.
 *    Unwiring therefore finds each page by a lookup in the first object,
 *    whatever the pmap holds by then (vm_protect to VM_PROT_NONE may have
 *    removed the mapping; the page stays wired).
 *
 * Locking: the task map is locked for the whole operation (and each share
 * map under it while its entries are handled); objects as the fault
 * handler takes them.  Entries needed for clipping the task map are
 * allocated with the map locked (kalloc does not sleep); a failure there
 * or a page that cannot be had undoes what this call did and returns
 * KERN_RESOURCE_SHORTAGE (clipped entries are merged back).
 */
#include <kern/panic.h>
#include <vm/vm_fault.h>
#include <vm/vm_map_internal.h>
#include <vm/vm_object.h>
#include <vm/vm_page.h>

/*
 * clip_to: clip the entries of m so that none straddles start or end.
 * Returns false if an entry could not be allocated (m is then still
 * consistent, perhaps clipped at start).  Conditions: m locked.
 */
static bool clip_to(vm_map_t m, vaddr_t start, vaddr_t end)
{
	struct vm_map_reserve r;
	struct vm_map_entry *e;

	if (vm_map_lookup_entry(m, start, &e) && e->start < start) {
		if (!vm_map_reserve_fill(&r, 1))
			return false;
		vm_map_clip_start(m, e, start, &r);
	}
	if (end > start && vm_map_lookup_entry(m, end - 1, &e) && e->end > end) {
		if (!vm_map_reserve_fill(&r, 1))
			return false;
		vm_map_clip_end(m, e, end, &r);
	}
	return true;
}

/*
 * pages_unwire: undo the page wirings of [start, end) of task entry te,
 * whose pages live in entry oe (te itself, or the share map entry under
 * them) at oe's object; off is the object offset of start.  The wired
 * mappings become ordinary ones.  Conditions: the maps locked.
 */
static void pages_unwire(vm_map_t map, struct vm_map_entry *oe, uint64_t off,
			 vaddr_t start, vaddr_t end)
{
	struct vm_object *object = oe->u.object;

	simple_lock(&object->lock);
	for (vaddr_t va = start; va < end; va += PAGE_SIZE, off += PAGE_SIZE) {
		struct vm_page *m = vm_object_page_lookup(object, off);

		if (!m || m->wire_count == 0)
			panic("vm_map_wire: page at 0x%lx of a wired range is "
			      "not wired in its first object", (unsigned long)va);
		vm_page_unwire(m);
		pmap_change_wiring(map->pmap, va, false);
	}
	simple_unlock(&object->lock);
}

/*
 * pages_wire: make [start, end) of task entry te resident and wired in
 * entry oe's object (resolved) from offset off, and map each page wired
 * with te's protection.  Returns the address reached: end on success,
 * else the first page that could not be had (the pages before it are
 * wired).  Conditions: the maps locked.
 */
static vaddr_t pages_wire(vm_map_t map, struct vm_map_entry *te,
			  struct vm_map_entry *oe, uint64_t off, vaddr_t start,
			  vaddr_t end)
{
	struct vm_object *object = oe->u.object;
	vaddr_t va;

	simple_lock(&object->lock);
	for (va = start; va < end; va += PAGE_SIZE, off += PAGE_SIZE) {
		struct vm_page *m = vm_fault_wire_page(object, off);

		if (!m)
			break;
		/*
		 * The access type is the whole protection: a port that
		 * emulates the referenced and modified bits sets them now,
		 * so that no access to the wired page takes even a pmap
		 * fault (the page counts as modified from here on).
		 */
		if (pmap_enter(map->pmap, va, m->phys_addr, te->protection,
			       te->protection, true) != 0) {
			vm_page_unwire(m);
			break;
		}
	}
	simple_unlock(&object->lock);
	return va;
}

/*
 * entry_pages: wire (or unwire) the pages of task entry te, in the
 * objects of the share map entries under it if it refers to a share map.
 * On wiring, a failure leaves nothing of te wired and returns false.
 * Conditions: map locked; te's wired_count already changed by the
 * caller (0 -> 1 for wiring, 1 -> 0 for unwiring).
 */
static bool entry_pages(vm_map_t map, struct vm_map_entry *te, bool wire)
{
	struct vm_map_entry *se;
	vm_map_t sm;
	vaddr_t lo, hi, at, reached;

	if (!te->is_sub_map) {
		if (!wire) {
			pages_unwire(map, te, te->offset, te->start, te->end);
			return true;
		}
		if (!vm_map_entry_resolve(map, te, VM_PROT_WRITE))
			return false;
		reached = pages_wire(map, te, te, te->offset, te->start, te->end);
		if (reached == te->end)
			return true;
		pages_unwire(map, te, te->offset, te->start, reached);
		return false;
	}
	sm = te->u.share_map;
	lo = te->offset;
	hi = te->offset + (te->end - te->start);
	simple_lock(&sm->lock);
	if (!vm_map_lookup_entry(sm, lo, &se))
		panic("vm_map_wire: hole in share map %p", (void *)sm);
	for (at = lo; se && se->start < hi; se = vm_map_next(sm, se)) {
		vaddr_t from = MAX(se->start, lo), to = MIN(se->end, hi);
		vaddr_t va = te->start + (from - lo);
		uint64_t off;

		/*
		 * A share map entry is resolved whole (as a sharer's write
		 * fault would); its pages are wired only under te.
		 */
		if (wire && !vm_map_entry_resolve(sm, se, VM_PROT_WRITE))
			break;
		off = se->offset + (from - se->start);
		if (!wire) {
			pages_unwire(map, se, off, va, va + (to - from));
			continue;
		}
		reached = pages_wire(map, te, se, off, va, va + (to - from));
		if (reached != va + (to - from)) {
			pages_unwire(map, se, off, va, reached);
			break;
		}
		at = to;
	}
	if (wire && at != hi) {
		/* Undo the share map entries done so far. */
		for (vaddr_t a = lo; a < at;) {
			struct vm_map_entry *u;

			vm_map_lookup_entry(sm, a, &u);
			pages_unwire(map, u, u->offset + (a - u->start),
				     te->start + (a - lo),
				     te->start + (MIN(u->end, at) - lo));
			a = MIN(u->end, at);
		}
	}
	simple_unlock(&sm->lock);
	return !wire || at == hi;
}

struct wired_probe {
	uint64_t start, end;
	bool found;
};

static void probe_wired(struct vm_page *m, void *arg)
{
	struct wired_probe *p = arg;

	if (m->wire_count && m->u.obj.offset >= p->start &&
	    m->u.obj.offset < p->end)
		p->found = true;
}

bool vm_object_range_wired(struct vm_object *object, uint64_t start,
			   uint64_t end)
{
	struct wired_probe p = { .start = start, .end = end, .found = false };

	simple_lock(&object->lock);
	vm_object_for_each_page(object, probe_wired, &p);
	simple_unlock(&object->lock);
	return p.found;
}

/*
 * check: [start, end) inside map without holes, and (wiring) every
 * entry's protection covering access, or (unwiring) every entry wired.
 * Conditions: map locked.
 */
static kern_return_t check(vm_map_t map, vaddr_t start, vaddr_t end,
			   vm_prot_t access)
{
	struct vm_map_entry *e;
	vaddr_t at = start;

	if (start < map->min_offset || end > map->max_offset ||
	    !vm_map_lookup_entry(map, start, &e))
		return KERN_INVALID_ADDRESS;
	for (; at < end; e = vm_map_next(map, e)) {
		if (!e || e->start > at)
			return KERN_INVALID_ADDRESS;
		if (access == VM_PROT_NONE && e->wired_count == 0)
			return KERN_INVALID_ARGUMENT;	/* not wired */
		if (access & ~e->protection)
			return KERN_PROTECTION_FAILURE;
		at = e->end;
	}
	return KERN_SUCCESS;
}

/* simplify_all: merge what clipping split and wiring made equal again. */
static void simplify_all(vm_map_t m)
{
	for (struct vm_map_entry *e = vm_map_first(m); e; e = vm_map_next(m, e))
		e = vm_map_simplify(m, e);
}

kern_return_t vm_map_wire(vm_map_t map, vaddr_t start, vaddr_t end,
			  vm_prot_t access)
{
	struct vm_map_entry *e, *f;
	kern_return_t kr;
	bool wire = access != VM_PROT_NONE;

	if ((start & PAGE_MASK) || (end & PAGE_MASK) || start > end ||
	    (access & ~VM_PROT_ALL) || !map->pmap)
		return KERN_INVALID_ARGUMENT;
	simple_lock(&map->lock);
	if (start == end) {
		simple_unlock(&map->lock);
		return KERN_SUCCESS;
	}
	kr = check(map, start, end, access);
	if (kr == KERN_SUCCESS && !clip_to(map, start, end))
		kr = KERN_RESOURCE_SHORTAGE;
	if (kr != KERN_SUCCESS)
		goto out;
	vm_map_lookup_entry(map, start, &e);
	for (f = e; f && f->start < end; f = vm_map_next(map, f)) {
		if (!wire) {
			if (--f->wired_count == 0)
				entry_pages(map, f, false);
			continue;
		}
		if (f->wired_count++ > 0)
			continue;
		if (entry_pages(map, f, true))
			continue;
		/* Out of memory: undo this call's wirings, f's included. */
		f->wired_count--;
		for (struct vm_map_entry *u = e; u != f; u = vm_map_next(map, u))
			if (--u->wired_count == 0)
				entry_pages(map, u, false);
		kr = KERN_RESOURCE_SHORTAGE;
		break;
	}
	map->timestamp++;
out:
	pmap_update(map->pmap);
	simplify_all(map);
	simple_unlock(&map->lock);
	return kr;
}

void vm_map_entry_unwire_all(vm_map_t map, struct vm_map_entry *e)
{
	if (e->wired_count == 0)
		return;
	e->wired_count = 0;
	entry_pages(map, e, false);
}
