/*
 * vm/vm_map.c - address maps: creation and destruction, vm_map_enter,
 * vm_map_remove, vm_map_protect, vm_map_inherit, vm_map_region and the
 * fault handler's vm_map_lookup.  Entries, the tree and clipping are in
 * vm_map_entry.c; fork and share maps in vm_map_fork.c.
 *
 * Invariants (map locked), beyond those of vm_map_entry.c:
 *  - protection is within max_protection;
 *  - an entry without an object has no needs_copy, nor has an entry
 *    referring to a share map (copy-on-write state lives in the share
 *    map's own entries);
 *  - the pmap never maps a page of a needs_copy entry writable, nor a
 *    page of a backing object (see vm/vm_object.c);
 *  - no two neighbouring entries are mergeable (vm_map_entries_mergeable)
 *    once an operation returns.
 */
#include <kern/panic.h>
#include <kern/string.h>
#include <vm/vm_kern.h>
#include <vm/vm_map_internal.h>
#include <vm/vm_object.h>

static unsigned long maps_alive;

vm_map_t vm_map_create(pmap_t pmap, vaddr_t min, vaddr_t max)
{
	vm_map_t map = kalloc(sizeof(*map));

	if (!map)
		return NULL;
	memset(map, 0, sizeof(*map));
	simple_lock_init(&map->lock);
	map->ref_count = 1;
	map->pmap = pmap;
	map->min_offset = min;
	map->max_offset = max;
	list_init(&map->entries);
	map->is_share_map = (pmap == NULL);
	__atomic_add_fetch(&maps_alive, 1, __ATOMIC_RELAXED);
	return map;
}

void vm_map_reference(vm_map_t map)
{
	__atomic_add_fetch(&map->ref_count, 1, __ATOMIC_RELAXED);
}

unsigned long vm_map_count(void)
{
	return __atomic_load_n(&maps_alive, __ATOMIC_RELAXED);
}

/*
 * vm_map_entry_delete: unwire e if it is wired, unmap it from the pmap,
 * free its object's pages in the range when nothing else can map them,
 * drop its reference and free it.  Conditions: map locked.
 */
void vm_map_entry_delete(vm_map_t map, struct vm_map_entry *e)
{
	struct vm_object *object = e->is_sub_map ? NULL : e->u.object;

	if (map->pmap) {
		/* Unwired first: the pages find their way back to the queues. */
		vm_map_entry_unwire_all(map, e);
		pmap_remove(map->pmap, e->start, e->end);
	}
	if (object) {
		simple_lock(&object->lock);
		if (object->one_mapping)
			vm_object_page_remove_range(object, e->offset,
						    e->offset + (e->end - e->start));
		simple_unlock(&object->lock);
	}
	vm_map_entry_unlink(map, e);
	map->size -= e->end - e->start;
	map->timestamp++;
	vm_map_entry_unref(e);
	vm_map_entry_free(e);
}

void vm_map_deallocate(vm_map_t map)
{
	struct vm_map_entry *e;

	if (!map)
		return;		/* as GNU Mach: kernel server stubs pass NULL */
	if (__atomic_sub_fetch(&map->ref_count, 1, __ATOMIC_ACQ_REL) != 0)
		return;
	simple_lock(&map->lock);
	while ((e = vm_map_first(map)) != NULL)
		vm_map_entry_delete(map, e);
	simple_unlock(&map->lock);
	if (map->pmap) {
		pmap_update(map->pmap);
		pmap_destroy(map->pmap);
	}
	kfree(map, sizeof(*map));
	__atomic_sub_fetch(&maps_alive, 1, __ATOMIC_RELAXED);
}

static bool prot_ok(vm_prot_t p)
{
	return (p & ~VM_PROT_ALL) == 0;
}

/*
 * enter_extend: try to grow the entry p just below [start, start + size)
 * over it instead of adding an entry (zero-fill memory next to zero-fill
 * memory with the same attributes).  Conditions: map locked.
 */
static bool enter_extend(vm_map_t map, struct vm_map_entry *p, vaddr_t start,
			 size_t size, vm_prot_t cur, vm_prot_t max,
			 vm_inherit_t inh)
{
	if (!p || p->end != start || p->is_sub_map || p->needs_copy ||
	    p->wired_count || p->protection != cur ||
	    p->max_protection != max || p->inheritance != inh)
		return false;
	if (p->u.object &&
	    !vm_object_coalesce(p->u.object, p->offset, p->end - p->start, size))
		return false;
	p->end = start + size;
	vm_map_entry_resized(map, p);
	vm_map_simplify(map, p);
	return true;
}

kern_return_t vm_map_enter(vm_map_t map, vaddr_t *addr, size_t size,
			   vaddr_t mask, bool anywhere, struct vm_object *object,
			   uint64_t offset, bool needs_copy, vm_prot_t cur,
			   vm_prot_t max, vm_inherit_t inheritance)
{
	struct vm_map_reserve r;
	struct vm_map_entry *prev, *e;
	vaddr_t start = *addr;

	if (size == 0 || (size & PAGE_MASK) || (offset & PAGE_MASK) ||
	    (!anywhere && (start & PAGE_MASK)) || !prot_ok(cur) ||
	    !prot_ok(max) || (cur & ~max) || inheritance > VM_INHERIT_LAST_VALID)
		return KERN_INVALID_ARGUMENT;
	if (object) {
		bool fits;

		simple_lock(&object->lock);
		/*
		 * A backing object's pages must never be mapped writable:
		 * one may only be entered copy-on-write.
		 */
		fits = offset <= object->size && size <= object->size - offset &&
		       (needs_copy || object->shadow_count == 0);
		if (fits) {
			/*
			 * Whoever else holds a reference may map it too:
			 * then neither unmapping may free its pages nor may
			 * a fork copy it lazily behind the other's back.
			 */
			object->one_mapping = false;
			if (object->ref_count > 1)
				object->symmetric = false;
		}
		simple_unlock(&object->lock);
		if (!fits)
			return KERN_INVALID_ARGUMENT;
	} else {
		needs_copy = false;
	}
	if (!vm_map_reserve_fill(&r, 1))
		return KERN_RESOURCE_SHORTAGE;
	simple_lock(&map->lock);
	if (anywhere) {
		if (!vm_map_find_space(map, start, size, mask, &start) &&
		    (start <= map->min_offset ||
		     !vm_map_find_space(map, map->min_offset, size, mask, &start))) {
			simple_unlock(&map->lock);
			vm_map_reserve_release(&r);
			return KERN_NO_SPACE;
		}
		vm_map_lookup_entry(map, start, &prev);
	} else {
		if (start < map->min_offset || start > map->max_offset ||
		    size > map->max_offset - start) {
			simple_unlock(&map->lock);
			vm_map_reserve_release(&r);
			return KERN_INVALID_ADDRESS;
		}
		if (vm_map_lookup_entry(map, start, &prev) ||
		    ((e = prev ? vm_map_next(map, prev) : vm_map_first(map)) &&
		     e->start < start + size)) {
			simple_unlock(&map->lock);
			vm_map_reserve_release(&r);
			return KERN_NO_SPACE;
		}
	}
	map->size += size;
	map->timestamp++;
	if (object || !enter_extend(map, prev, start, size, cur, max, inheritance)) {
		e = vm_map_reserve_take(&r);
		e->start = start;
		e->end = start + size;
		e->u.object = object;
		e->offset = offset;
		e->protection = cur;
		e->max_protection = max;
		e->inheritance = inheritance;
		e->needs_copy = needs_copy;
		vm_map_entry_link(map, prev, e);
		vm_map_simplify(map, e);
	}
	simple_unlock(&map->lock);
	vm_map_reserve_release(&r);
	*addr = start;
	return KERN_SUCCESS;
}

/*
 * vm_map_clip_range: clip the entries at start and end (both inside the
 * map) so that entries lie wholly inside or outside [start, end).
 * Returns the first entry at or above start (NULL if none).  Conditions:
 * map locked; r holds two entries.
 */
struct vm_map_entry *vm_map_clip_range(vm_map_t map, vaddr_t start,
				       vaddr_t end, struct vm_map_reserve *r)
{
	struct vm_map_entry *e, *first;

	if (vm_map_lookup_entry(map, start, &e)) {
		if (e->start < start)
			vm_map_clip_start(map, e, start, r);
		first = e;
	} else {
		first = e ? vm_map_next(map, e) : vm_map_first(map);
	}
	if (end > start && vm_map_lookup_entry(map, end - 1, &e) && e->end > end)
		vm_map_clip_end(map, e, end, r);
	return first && first->start < end ? first : NULL;
}

kern_return_t vm_map_remove(vm_map_t map, vaddr_t start, vaddr_t end)
{
	struct vm_map_reserve r;
	struct vm_map_entry *e, *next;

	if ((start & PAGE_MASK) || (end & PAGE_MASK) || start > end)
		return KERN_INVALID_ARGUMENT;
	start = MAX(start, map->min_offset);
	end = MIN(end, map->max_offset);
	if (start >= end)
		return KERN_SUCCESS;
	if (!vm_map_reserve_fill(&r, 2))
		return KERN_RESOURCE_SHORTAGE;
	simple_lock(&map->lock);
	for (e = vm_map_clip_range(map, start, end, &r); e && e->start < end;
	     e = next) {
		next = vm_map_next(map, e);
		vm_map_entry_delete(map, e);
	}
	if (map->pmap)
		pmap_update(map->pmap);
	simple_unlock(&map->lock);
	vm_map_reserve_release(&r);
	return KERN_SUCCESS;
}

/*
 * check_range: the common checks of protect and inherit: [start, end)
 * page aligned inside the map and without holes, and (if prot_check)
 * new_prot within every entry's maximum.  Conditions: map locked.
 */
static kern_return_t check_range(vm_map_t map, vaddr_t start, vaddr_t end,
				 bool prot_check, vm_prot_t new_prot)
{
	struct vm_map_entry *e;
	vaddr_t at = start;

	if (start < map->min_offset || end > map->max_offset)
		return KERN_INVALID_ADDRESS;
	if (!vm_map_lookup_entry(map, start, &e))
		return start == end ? KERN_SUCCESS : KERN_INVALID_ADDRESS;
	for (; at < end; e = vm_map_next(map, e)) {
		if (!e || e->start > at)
			return KERN_INVALID_ADDRESS;
		if (prot_check && (new_prot & ~e->max_protection))
			return KERN_PROTECTION_FAILURE;
		at = e->end;
	}
	return KERN_SUCCESS;
}

/*
 * simplify_range: merge what can be merged among the entries from first
 * up to the one ending at or after end, and with their neighbours.
 * Conditions: map locked.
 */
static void simplify_range(vm_map_t map, struct vm_map_entry *first,
			   vaddr_t end)
{
	struct vm_map_entry *e = first;

	while (e) {
		e = vm_map_simplify(map, e);
		if (e->end >= end)
			break;
		e = vm_map_next(map, e);
	}
}

/* set_attr: what vm_map_protect and vm_map_inherit share. */
enum map_attr { ATTR_PROT, ATTR_MAX_PROT, ATTR_INHERIT };

static kern_return_t set_attr(vm_map_t map, vaddr_t start, vaddr_t end,
			      enum map_attr what, unsigned int value)
{
	struct vm_map_reserve r;
	struct vm_map_entry *e, *first;
	kern_return_t kr;

	if ((start & PAGE_MASK) || (end & PAGE_MASK) || start > end)
		return KERN_INVALID_ARGUMENT;
	if (!vm_map_reserve_fill(&r, 2))
		return KERN_RESOURCE_SHORTAGE;
	simple_lock(&map->lock);
	kr = check_range(map, start, end, what != ATTR_INHERIT, value);
	if (kr != KERN_SUCCESS || start == end)
		goto out;
	first = vm_map_clip_range(map, start, end, &r);
	for (e = first; e && e->start < end; e = vm_map_next(map, e)) {
		vm_prot_t old = e->protection;

		if (what == ATTR_INHERIT) {
			e->inheritance = value;
			continue;
		}
		if (what == ATTR_MAX_PROT) {
			e->max_protection = value;
			e->protection &= value;
		} else {
			e->protection = value;
		}
		/* Lower the hardware mappings now; raising waits for faults. */
		if ((old & ~e->protection) && map->pmap)
			pmap_protect(map->pmap, e->start, e->end, e->protection);
	}
	if (map->pmap)
		pmap_update(map->pmap);
	map->timestamp++;
	simplify_range(map, first, end);
out:
	simple_unlock(&map->lock);
	vm_map_reserve_release(&r);
	return kr;
}

kern_return_t vm_map_protect(vm_map_t map, vaddr_t start, vaddr_t end,
			     vm_prot_t new_prot, bool set_max)
{
	if (!prot_ok(new_prot))
		return KERN_INVALID_ARGUMENT;
	return set_attr(map, start, end, set_max ? ATTR_MAX_PROT : ATTR_PROT,
			new_prot);
}

kern_return_t vm_map_inherit(vm_map_t map, vaddr_t start, vaddr_t end,
			     vm_inherit_t inheritance)
{
	if (inheritance > VM_INHERIT_LAST_VALID)
		return KERN_INVALID_ARGUMENT;
	return set_attr(map, start, end, ATTR_INHERIT, inheritance);
}

kern_return_t vm_map_region(vm_map_t map, vaddr_t addr,
			    struct vm_region_info *info)
{
	struct vm_map_entry *e;

	simple_lock(&map->lock);
	if (!vm_map_lookup_entry(map, addr, &e))
		e = e ? vm_map_next(map, e) : vm_map_first(map);
	if (!e) {
		simple_unlock(&map->lock);
		return KERN_NO_SPACE;
	}
	info->start = e->start;
	info->size = e->end - e->start;
	info->protection = e->protection;
	info->max_protection = e->max_protection;
	info->inheritance = e->inheritance;
	info->shared = e->is_sub_map;
	info->object = e->is_sub_map ? NULL : e->u.object;
	info->offset = e->offset;
	if (e->is_sub_map) {
		/* The object of the share map's entry at this place. */
		struct vm_map *sm = e->u.share_map;
		struct vm_map_entry *se;

		simple_lock(&sm->lock);
		if (vm_map_lookup_entry(sm, e->offset, &se)) {
			info->object = se->u.object;
			info->offset = se->offset + (e->offset - se->start);
		}
		simple_unlock(&sm->lock);
	}
	simple_unlock(&map->lock);
	return KERN_SUCCESS;
}

kern_return_t vm_map_lookup(vm_map_t map, vaddr_t va, vm_prot_t fault_type,
			    struct vm_map_lookup_result *r)
{
	struct vm_map_entry *e, *te;
	vm_map_t sm = NULL;
	vaddr_t within;			/* of va from the start of e */

	va = ROUND_DOWN(va, PAGE_SIZE);
	simple_lock(&map->lock);
	if (!vm_map_lookup_entry(map, va, &te)) {
		simple_unlock(&map->lock);
		return KERN_INVALID_ADDRESS;
	}
	if (fault_type & ~te->protection) {
		simple_unlock(&map->lock);
		return KERN_PROTECTION_FAILURE;
	}
	e = te;
	within = va - te->start;
	if (te->is_sub_map) {
		vaddr_t sva = te->offset + within;

		sm = te->u.share_map;
		simple_lock(&sm->lock);
		/* A share map has no holes under the ranges that refer to it. */
		if (!vm_map_lookup_entry(sm, sva, &e))
			panic("vm_map_lookup: hole in share map %p at %p",
			      (void *)sm, (void *)sva);
		within = sva - e->start;
	}
	if (!vm_map_entry_resolve(sm ? sm : map, e, fault_type)) {
		if (sm)
			simple_unlock(&sm->lock);
		simple_unlock(&map->lock);
		return KERN_RESOURCE_SHORTAGE;
	}
	r->map = map;
	r->share_map = sm;
	r->entry = e;
	r->object = e->u.object;
	r->offset = e->offset + within;
	r->prot = te->protection;
	if (e->needs_copy)
		r->prot &= ~VM_PROT_WRITE;
	r->wired = te->wired_count != 0;
	return KERN_SUCCESS;
}

void vm_map_lookup_done(struct vm_map_lookup_result *r)
{
	if (r->share_map)
		simple_unlock(&r->share_map->lock);
	simple_unlock(&r->map->lock);
}
