/*
 * vm/vm_map_fork.c - inheritance: vm_map_fork builds a new task's map from
 * its parent's, leaving VM_INHERIT_NONE ranges out, sharing
 * VM_INHERIT_SHARE ranges through share maps and making VM_INHERIT_COPY
 * ranges virtual copies.
 *
 * A virtual copy of an anonymous (symmetric) object is lazy: the source
 * entry and the new one both refer to the object with needs_copy set, the
 * source's writable mappings are made read-only, and each side gets a
 * shadow object on its first write (vm_map_lookup), into which the fault
 * handler copies the pages it writes.  Wired ranges and objects that
 * others may change behind the map (non-symmetric) are copied at once.
 *
 * A share map holds the memory of a shared range; the task maps' entries
 * refer to it.  Copying out of a shared range must write-protect the
 * object's pages in every sharer's pmap, which the share map does not
 * know: it goes through the pages (pmap_page_protect) instead.
 *
 * vm_map_entry_copy_range, the copy of part of one entry, is also what
 * vm_map_copyin (vm/vm_map_copy.c) makes out-of-line memory with.
 */
#include <kern/panic.h>
#include <vm/vm_map_internal.h>
#include <vm/vm_object.h>

/*
 * make_share_map: move the memory of plain entry e into a new share map
 * covering e's range at the same addresses, and make e refer to it.
 * Returns false, e unchanged, on exhaustion.  Conditions: map locked.
 */
static bool make_share_map(vm_map_t map, struct vm_map_entry *e)
{
	vm_map_t sm = vm_map_create(NULL, e->start, e->end);
	struct vm_map_entry *se = vm_map_entry_alloc();

	if (!sm || !se) {
		if (se)
			vm_map_entry_free(se);
		if (sm)
			vm_map_deallocate(sm);
		return false;
	}
	/*
	 * Other tasks will map the object through the share map at these
	 * offsets, whatever this map does with its own range later: its
	 * pages may no longer be freed or reused by unmapping or coalescing
	 * here (another piece of the object may stay in this map).
	 */
	if (e->u.object) {
		simple_lock(&e->u.object->lock);
		e->u.object->one_mapping = false;
		simple_unlock(&e->u.object->lock);
	}
	se->start = e->start;
	se->end = e->end;
	se->u.object = e->u.object;	/* e's reference moves to se */
	se->offset = e->offset;
	se->needs_copy = e->needs_copy;
	/* Protections and inheritance are the task maps' business. */
	se->protection = se->max_protection = VM_PROT_ALL;
	se->inheritance = VM_INHERIT_SHARE;
	vm_map_entry_link(sm, NULL, se);
	sm->size = e->end - e->start;
	e->is_sub_map = true;
	e->u.share_map = sm;		/* e holds sm's creation reference */
	e->offset = e->start;
	e->needs_copy = false;
	map->timestamp++;
	return true;
}

/*
 * copy_from: make ne (start, end and attributes set by the caller) a
 * virtual copy of [from, to) of entry se of map sm, where shared says
 * whether sm is a share map.  Returns false on exhaustion, with ne
 * holding no object and se's meaning unchanged.  Conditions: sm locked.
 */
static bool copy_from(vm_map_t sm, struct vm_map_entry *se, vaddr_t from,
		      vaddr_t to, struct vm_map_entry *ne, bool shared)
{
	struct vm_object *object = se->u.object;
	uint64_t offset = se->offset + (from - se->start);

	ne->u.object = NULL;
	ne->offset = 0;
	ne->needs_copy = false;
	if (!object)
		return true;		/* zero-fill on both sides */
	/*
	 * Wired pages must stay in front (vm/vm_map_wire.c): a shadow
	 * would let a copy-on-write fault hide them.  A share map's entry
	 * has no wired_count of its own: its object's pages tell.
	 */
	if (se->wired_count || !object->symmetric ||
	    (shared && vm_object_range_wired(object, offset,
					     offset + (to - from))))
		return vm_object_copy_slowly(object, offset, to - from,
					     &ne->u.object) == KERN_SUCCESS;
	if (!se->needs_copy) {
		/*
		 * From now on the source's writes must fault (and shadow):
		 * take write access away from every mapping of its pages.
		 */
		if (shared || !sm->pmap) {
			simple_lock(&object->lock);
			vm_object_pmap_protect(object, se->offset,
					       se->offset + (se->end - se->start),
					       VM_PROT_READ | VM_PROT_EXECUTE);
			simple_unlock(&object->lock);
		} else {
			pmap_protect(sm->pmap, se->start, se->end,
				     se->protection & ~VM_PROT_WRITE);
		}
		se->needs_copy = true;
		sm->timestamp++;
	}
	simple_lock(&object->lock);
	object->one_mapping = false;
	object->ref_count++;
	simple_unlock(&object->lock);
	ne->u.object = object;
	ne->offset = offset;
	ne->needs_copy = true;
	return true;
}

/*
 * new_child_entry: an unlinked entry for [start, end) of the child with
 * e's per-task attributes (protections, inheritance; never wired).
 */
static struct vm_map_entry *new_child_entry(const struct vm_map_entry *e,
					    vaddr_t start, vaddr_t end)
{
	struct vm_map_entry *ne = vm_map_entry_alloc();

	if (!ne)
		return NULL;
	ne->start = start;
	ne->end = end;
	ne->protection = e->protection;
	ne->max_protection = e->max_protection;
	ne->inheritance = e->inheritance;
	return ne;
}

/* child_link: append ne to the child (private to this thread). */
static void child_link(vm_map_t child, struct vm_map_entry **last,
		       struct vm_map_entry *ne)
{
	vm_map_entry_link(child, *last, ne);
	child->size += ne->end - ne->start;
	*last = vm_map_simplify(child, ne);
}

/*
 * simplify_all: merge every mergeable pair of m, after a fork set
 * needs_copy on some entries (which can make an entry equal to a neighbour
 * that already had it).  Conditions: m locked.
 */
static void simplify_all(vm_map_t m)
{
	for (struct vm_map_entry *e = vm_map_first(m); e; e = vm_map_next(m, e))
		e = vm_map_simplify(m, e);
}

bool vm_map_entry_copy_range(vm_map_t map, struct vm_map_entry *e,
			     vaddr_t from, vaddr_t to,
			     void (*emit)(void *arg, struct vm_map_entry *ne),
			     void *arg)
{
	struct vm_map_entry *ne, *se;
	vm_map_t sm;
	vaddr_t lo, hi;
	bool ok = true;

	if (!e->is_sub_map) {
		if (!(ne = new_child_entry(e, from, to)))
			return false;
		if (!copy_from(map, e, from, to, ne, false)) {
			vm_map_entry_free(ne);
			return false;
		}
		emit(arg, ne);
		return true;
	}
	sm = e->u.share_map;
	lo = e->offset + (from - e->start);
	hi = lo + (to - from);
	simple_lock(&sm->lock);
	if (!vm_map_lookup_entry(sm, lo, &se))
		panic("vm_map_entry_copy_range: hole in share map %p", (void *)sm);
	for (; ok && se && se->start < hi; se = vm_map_next(sm, se)) {
		vaddr_t f = MAX(se->start, lo), t = MIN(se->end, hi);

		ne = new_child_entry(e, from + (f - lo), from + (t - lo));
		if (!ne || !copy_from(sm, se, f, t, ne, true)) {
			if (ne)
				vm_map_entry_free(ne);
			ok = false;
			break;
		}
		emit(arg, ne);
	}
	simplify_all(sm);
	simple_unlock(&sm->lock);
	return ok;
}

/* child_emit: a new child entry goes at the end of the child. */
struct child_ctx {
	vm_map_t child;
	struct vm_map_entry *last;
};

static void child_emit(void *arg, struct vm_map_entry *ne)
{
	struct child_ctx *c = arg;

	child_link(c->child, &c->last, ne);
}

vm_map_t vm_map_fork(vm_map_t parent, pmap_t pmap)
{
	vm_map_t child = vm_map_create(pmap, parent->min_offset,
				       parent->max_offset);
	struct vm_map_entry *e, *ne, *last = NULL;
	bool ok = true;

	if (!child) {
		pmap_destroy(pmap);
		return NULL;
	}
	simple_lock(&parent->lock);
	for (e = vm_map_first(parent); ok && e; e = vm_map_next(parent, e)) {
		switch (e->inheritance) {
		case VM_INHERIT_NONE:
			break;
		case VM_INHERIT_SHARE:
			if ((!e->is_sub_map && !make_share_map(parent, e)) ||
			    !(ne = new_child_entry(e, e->start, e->end))) {
				ok = false;
				break;
			}
			ne->is_sub_map = true;
			ne->u.share_map = e->u.share_map;
			ne->offset = e->offset;
			vm_map_reference(ne->u.share_map);
			child_link(child, &last, ne);
			break;
		default: {
			struct child_ctx c = { child, last };

			ok = vm_map_entry_copy_range(parent, e, e->start, e->end,
						     child_emit, &c);
			last = c.last;
			break;
		}
		}
	}
	if (parent->pmap)
		pmap_update(parent->pmap);
	simplify_all(parent);
	simple_unlock(&parent->lock);
	if (!ok) {
		vm_map_deallocate(child);
		return NULL;
	}
	return child;
}
