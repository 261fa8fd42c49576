/*
 * vm/vm_map_internal.h - what the vm_map*.c files share: entry allocation,
 * the entry tree and list, clipping, merging and free-space search.
 * Everything here requires the map to be locked.
 */
#ifndef VM_VM_MAP_INTERNAL_H
#define VM_VM_MAP_INTERNAL_H

#include <vm/vm_map.h>
#include <vm/vm_object.h>

/*
 * A reserve of entries allocated before the map is locked, so that an
 * operation that must clip never fails half-way through: it either gets
 * its entries up front or returns KERN_RESOURCE_SHORTAGE untouched.
 */
#define VM_MAP_RESERVE_MAX 2
struct vm_map_reserve {
	struct vm_map_entry *e[VM_MAP_RESERVE_MAX];
	unsigned int n;
};

bool vm_map_reserve_fill(struct vm_map_reserve *r, unsigned int n);
struct vm_map_entry *vm_map_reserve_take(struct vm_map_reserve *r);
void vm_map_reserve_release(struct vm_map_reserve *r);

struct vm_map_entry *vm_map_entry_alloc(void);
void vm_map_entry_free(struct vm_map_entry *e);

/* Take / drop the reference an entry holds on its object or share map. */
void vm_map_entry_ref(struct vm_map_entry *e);
void vm_map_entry_unref(struct vm_map_entry *e);

/*
 * vm_map_entry_link: insert e (start, end set; disjoint from every entry)
 * right after `after` in address order (at the front if after is NULL).
 * vm_map_entry_unlink: take e out of the list and the tree.
 * vm_map_entry_resized: e's start or end moved without crossing a
 * neighbour: refresh the gaps of e and of its predecessor.
 */
void vm_map_entry_link(vm_map_t map, struct vm_map_entry *after,
		       struct vm_map_entry *e);
void vm_map_entry_unlink(vm_map_t map, struct vm_map_entry *e);
void vm_map_entry_resized(vm_map_t map, struct vm_map_entry *e);

struct vm_map_entry *vm_map_prev(vm_map_t map, struct vm_map_entry *e);

/*
 * vm_map_clip_start / vm_map_clip_end: split e at addr (strictly inside
 * it) with an entry from the reserve, so that e then starts (ends) at
 * addr.  The other piece keeps the same attributes and its own reference.
 */
void vm_map_clip_start(vm_map_t map, struct vm_map_entry *e, vaddr_t addr,
		       struct vm_map_reserve *r);
void vm_map_clip_end(vm_map_t map, struct vm_map_entry *e, vaddr_t addr,
		     struct vm_map_reserve *r);

/*
 * vm_map_simplify: merge e with its neighbours where they map contiguous
 * offsets of the same object (or share map, or both none) with identical
 * attributes.  Returns the entry that now covers e's range.
 */
struct vm_map_entry *vm_map_simplify(vm_map_t map, struct vm_map_entry *e);
bool vm_map_entries_mergeable(const struct vm_map_entry *a,
			      const struct vm_map_entry *b);

/*
 * vm_map_find_space: the lowest address >= from (from clipped to the map)
 * with the bits of mask clear at which size bytes are free.
 */
bool vm_map_find_space(vm_map_t map, vaddr_t from, size_t size, vaddr_t mask,
		       vaddr_t *addr);

/*
 * vm_map_entry_unwire_all (vm_map_wire.c): drop every wiring of task map
 * entry e (its pages are unwired) before it is deleted.
 * vm_object_range_wired: does object have a wired page in [start, end)?
 * Then a virtual copy of that range must be made at once (a shadow would
 * let a copy-on-write fault hide the wired page).  Conditions: object
 * unlocked.
 */
void vm_map_entry_unwire_all(vm_map_t map, struct vm_map_entry *e);
struct vm_object;
bool vm_object_range_wired(struct vm_object *object, uint64_t start,
			   uint64_t end);

/*
 * vm_map_clip_range: clip the entries at start and end (page aligned,
 * inside the map) so that every entry lies wholly inside or outside
 * [start, end).  Returns the first entry at or above start (NULL if none
 * starts below end).  r holds two entries.
 */
struct vm_map_entry *vm_map_clip_range(vm_map_t map, vaddr_t start,
				       vaddr_t end, struct vm_map_reserve *r);

/*
 * vm_map_entry_delete: unwire e if it is wired, unmap it from the map's
 * pmap (the caller runs pmap_update), free its object's pages in its range when nothing else
 * can map them, unlink it, drop its reference and free it.
 */
void vm_map_entry_delete(vm_map_t map, struct vm_map_entry *e);

/*
 * vm_map_entry_copy_range (vm_map_fork.c): make [from, to) (inside entry
 * e of map) a virtual copy, as VM_INHERIT_COPY does: new unlinked entries
 * with e's protections and inheritance (never wired), one per share-map
 * entry under the range if e refers to a share map, each handed to
 * emit(arg, ne) in address order at the addresses of map.  The source
 * (e, or the share map's entries) gets needs_copy and its mappings lose
 * write access over its whole extent: callers that want only [from, to)
 * marked clip e first.  Wired ranges and non-symmetric objects are copied
 * at once.  Returns false on exhaustion (entries already emitted stay
 * the caller's).  The caller runs pmap_update on map's pmap.
 */
bool vm_map_entry_copy_range(vm_map_t map, struct vm_map_entry *e,
			     vaddr_t from, vaddr_t to,
			     void (*emit)(void *arg, struct vm_map_entry *ne),
			     void *arg);

/*
 * vm_map_entry_resolve: give entry e (of map m) the object an access of
 * type fault_type needs: a new zero-fill object if it has none, its own
 * shadow if it needs_copy and fault_type writes (a wiring passes
 * VM_PROT_WRITE: it always takes its own copy).  Bumps m's timestamp
 * when e changes.  Returns false on exhaustion (e unchanged).  Inline:
 * vm_map_lookup calls it on every fault.
 */
static inline bool vm_map_entry_resolve(vm_map_t m, struct vm_map_entry *e,
					vm_prot_t fault_type)
{
	if (!e->u.object) {
		e->u.object = vm_object_allocate(e->end - e->start);
		if (!e->u.object)
			return false;
		e->offset = 0;
		m->timestamp++;
	} else if (e->needs_copy && (fault_type & VM_PROT_WRITE)) {
		if (!vm_object_shadow(&e->u.object, &e->offset,
				      e->end - e->start))
			return false;
		e->needs_copy = false;
		m->timestamp++;
	}
	return true;
}

#endif /* VM_VM_MAP_INTERNAL_H */
