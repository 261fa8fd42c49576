/*
 * vm/vm_fault.c - the page fault handler.
 *
 * The steps of the Mach paper (5.5): vm_map_lookup validates the access
 * and yields the first object and offset (making a zero-fill object or a
 * copy-on-write shadow on the way); the page is looked up in that object,
 * then down its shadow chain; a write that finds it in a backing object
 * copies it into the first object; a page found nowhere is zero-filled in
 * the first object; finally the pmap gets the mapping.  vm_fault_page
 * runs the same steps for the kernel's own accesses to a task's memory
 * (vm_read, vm_write, vm_copy), handing the page to a callback instead of
 * mapping it.
 *
 * Locking: the map lock (and the share map's) is held from the lookup to
 * the pmap_enter, so the entry and its object cannot change meanwhile.
 * Along the chain the first object stays locked and the object being
 * searched is locked hand over hand, top down as the lock order wants; the
 * object holding the page stays locked until the page is mapped, so it
 * cannot be freed (by a collapse or a termination) under us.  No step
 * sleeps.  When faults may wait for pagers, this becomes Mach's protocol:
 * busy pages, paging_in_progress on each object, the map unlocked while
 * waiting and its timestamp checked before pmap_enter.
 */
#include <kern/panic.h>
#include <vm/vm_fault.h>
#include <vm/vm_map.h>
#include <vm/vm_object.h>
#include <vm/vm_page.h>

static struct vm_fault_stats stats;

static inline void stat_inc(unsigned long *c)
{
	__atomic_add_fetch(c, 1, __ATOMIC_RELAXED);
}

void vm_fault_get_stats(struct vm_fault_stats *out)
{
	out->faults = __atomic_load_n(&stats.faults, __ATOMIC_RELAXED);
	out->zero_fills = __atomic_load_n(&stats.zero_fills, __ATOMIC_RELAXED);
	out->cow_copies = __atomic_load_n(&stats.cow_copies, __ATOMIC_RELAXED);
	out->backing_reads = __atomic_load_n(&stats.backing_reads,
					     __ATOMIC_RELAXED);
	out->lookups = __atomic_load_n(&stats.lookups, __ATOMIC_RELAXED);
	out->hits = __atomic_load_n(&stats.hits, __ATOMIC_RELAXED);
}

/*
 * find_page: the page at offset of first as its shadow chain shows it, or
 * NULL if no object of the chain has it (it is then zero).  *where is the
 * object holding the page (the last object searched if none).
 * Conditions: first locked on entry; on return first and *where are
 * locked (the same lock if *where == first), nothing else.
 */
static struct vm_page *find_page(struct vm_object *first, uint64_t offset,
				 struct vm_object **where)
{
	struct vm_object *o = first, *next;
	struct vm_page *m;

	for (;;) {
		m = vm_object_page_lookup(o, offset);
		/* (The pager issue asks o's pager here before going down.) */
		if (m || !(next = o->shadow))
			break;
		offset += o->shadow_offset;
		simple_lock(&next->lock);
		if (o != first)
			simple_unlock(&o->lock);
		o = next;
	}
	*where = o;
	return m;
}

/*
 * fault_common: the fault handler proper, for vm_fault and vm_fault_page.
 * With enter, the page gets a mapping in map->pmap; with fn, fn(m, arg)
 * runs while the object holding m is still locked (m cannot be freed,
 * moved or copied over meanwhile).  peek (fn only, a read): a page found
 * nowhere is not made; fn gets NULL, meaning zeros.  Returns what
 * vm_fault documents.  Conditions: no VM lock held.
 */
static kern_return_t fault_common(struct vm_map *map, vaddr_t va,
				  vm_prot_t fault_type, bool enter, bool peek,
				  vm_fault_page_fn fn, void *arg)
{
	struct vm_map_lookup_result r;
	struct vm_object *first, *object;
	struct vm_page *m;
	vm_prot_t prot;
	kern_return_t kr = KERN_SUCCESS;
	bool walked = false;

	/* A task map; a copy's map (no pmap) for vm_fault_page's reads. */
	assert(map->pmap || !enter);
	va = ROUND_DOWN(va, PAGE_SIZE);
	kr = vm_map_lookup(map, va, fault_type, &r);
	if (kr != KERN_SUCCESS)
		return kr;
	first = r.object;
	prot = r.prot;
	simple_lock(&first->lock);
	m = find_page(first, r.offset, &object);
	stat_inc(&stats.lookups);
	if (m)
		stat_inc(&stats.hits);
	if (!m && peek) {
		fn(NULL, arg);
		goto out;
	}
	if (!m) {
		/* Zero fill, in the first object (whatever the access). */
		if (object != first)
			simple_unlock(&object->lock);
		object = first;
		m = vm_object_page_alloc(first, r.offset);
		if (!m) {
			kr = KERN_RESOURCE_SHORTAGE;
			goto out;
		}
		pmap_zero_page(m->phys_addr);
		stat_inc(&stats.zero_fills);
	} else if (object != first) {
		walked = true;
		if (fault_type & VM_PROT_WRITE) {
			struct vm_page *copy = vm_object_page_alloc(first, r.offset);

			if (!copy) {
				kr = KERN_RESOURCE_SHORTAGE;
				goto out;
			}
			pmap_copy_page(m->phys_addr, copy->phys_addr);
			/*
			 * Tasks sharing first (through a share map) may map
			 * the original read-only: they must see the copy
			 * from now on, while other tasks (the other side of
			 * the copy) must keep the original.  The pmap cannot
			 * tell them apart: unmap it everywhere and let each
			 * refault into the right page.
			 */
			pmap_page_protect(m->phys_addr, VM_PROT_NONE);
			simple_unlock(&object->lock);
			object = first;
			m = copy;
			stat_inc(&stats.cow_copies);
		} else {
			/* A backing page is never writable: writes must copy. */
			prot &= ~VM_PROT_WRITE;
			stat_inc(&stats.backing_reads);
		}
	}
	if (enter && pmap_enter(map->pmap, va, m->phys_addr, prot, fault_type,
				r.wired) != 0) {
		kr = KERN_RESOURCE_SHORTAGE;
	} else {
		vm_page_activate(m);
		if (fn)
			fn(m, arg);
		if (enter)
			stat_inc(&stats.faults);
	}
out:
	if (object != first)
		simple_unlock(&object->lock);
	simple_unlock(&first->lock);
	/*
	 * The chain was in the way: try to shorten it (the entry's reference
	 * keeps first alive while the map stays locked).
	 */
	if (walked && kr == KERN_SUCCESS)
		vm_object_collapse(first);
	vm_map_lookup_done(&r);
	return kr;
}

kern_return_t vm_fault(struct vm_map *map, vaddr_t va, vm_prot_t fault_type)
{
	return fault_common(map, va, fault_type, true, false, NULL, NULL);
}

kern_return_t vm_fault_page(struct vm_map *map, vaddr_t va, vm_prot_t access,
			    bool peek, vm_fault_page_fn fn, void *arg)
{
	assert(fn && !(peek && (access & VM_PROT_WRITE)));
	return fault_common(map, va, access, false, peek, fn, arg);
}

struct vm_page *vm_fault_wire_page(struct vm_object *first, uint64_t offset)
{
	struct vm_object *object;
	struct vm_page *m = find_page(first, offset, &object);

	if (m && object == first)
		goto wire;
	if (m) {
		struct vm_page *copy = vm_object_page_alloc(first, offset);

		if (copy) {
			pmap_copy_page(m->phys_addr, copy->phys_addr);
			/* As a copy-on-write fault: see fault_common. */
			pmap_page_protect(m->phys_addr, VM_PROT_NONE);
			stat_inc(&stats.cow_copies);
		}
		m = copy;
	} else {
		m = vm_object_page_alloc(first, offset);
		if (m) {
			pmap_zero_page(m->phys_addr);
			stat_inc(&stats.zero_fills);
		}
	}
	if (object != first)
		simple_unlock(&object->lock);
	if (!m)
		return NULL;
wire:
	vm_page_wire(m);
	return m;
}
