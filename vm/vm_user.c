/*
 * vm/vm_user.c - the vm_* calls of the mach interface on an address map
 * (vm/vm_user.h), over the map operations of vm/vm_map.h, and the
 * kernel's way of giving a task memory filled with data.
 *
 * vm_read, vm_write and vm_copy go through copy objects
 * (vm/vm_map_copy.h), as Mach's do: vm_read takes a virtual copy of the
 * range (vm_map_copyin), which the reply carries out of line; vm_write
 * overwrites the destination with the copy the request carried
 * (vm_map_copy_overwrite); vm_copy is both in one map.  Each checks the
 * whole range (allocated, protection) under the map lock before anything
 * changes.
 */
#include <kern/machine.h>
#include <kern/string.h>
#include <vm/vm_fault.h>
#include <vm/vm_kern.h>
#include <vm/vm_map.h>
#include <vm/vm_map_copy.h>
#include <vm/vm_object.h>
#include <vm/vm_page.h>
#include <vm/vm_user.h>

/*
 * page_range: the pages covering [addr, addr + size) as [*start, *end).
 * Returns false if the range wraps around the address space.
 */
static bool page_range(vm_address_t addr, vm_size_t size, vaddr_t *start,
		       vaddr_t *end)
{
	if (size > UINTPTR_MAX - addr || addr + size > UINTPTR_MAX - PAGE_MASK)
		return false;
	*start = ROUND_DOWN(addr, PAGE_SIZE);
	*end = ROUND_UP(addr + size, PAGE_SIZE);
	return true;
}

/*
 * fill_object: give object (new, referenced only by the caller) the pages
 * that [offset, offset + len) touches, holding those bytes of data and
 * zeros around them.  Returns false on exhaustion (the pages made so far
 * stay in the object).  Conditions: object unlocked.
 */
static bool fill_object(struct vm_object *object, const uint8_t *data,
			size_t offset, size_t len)
{
	for (size_t pg = ROUND_DOWN(offset, PAGE_SIZE); pg < offset + len;
	     pg += PAGE_SIZE) {
		size_t lo = MAX(pg, offset), hi = MIN(pg + PAGE_SIZE, offset + len);
		struct vm_page *m;
		uint8_t *kva;

		simple_lock(&object->lock);
		m = vm_object_page_alloc(object, pg);
		simple_unlock(&object->lock);
		if (!m)
			return false;
		/* Nobody else knows the object: the page is ours to fill. */
		kva = vm_page_kva(m);
		memset(kva, 0, lo - pg);
		memcpy(kva + (lo - pg), data + (lo - offset), hi - lo);
		memset(kva + (hi - pg), 0, pg + PAGE_SIZE - hi);
	}
	return true;
}

kern_return_t vm_map_enter_data(struct vm_map *map, vaddr_t *addr, size_t size,
				bool anywhere, const void *data, size_t offset,
				size_t len, vm_prot_t prot, vm_inherit_t inh)
{
	struct vm_object *object;
	kern_return_t kr;

	if (len == 0)
		return vm_map_enter(map, addr, size, 0, anywhere, NULL, 0, false,
				    prot, VM_PROT_ALL, inh);
	if (offset > size || len > size - offset || (size & PAGE_MASK))
		return KERN_INVALID_ARGUMENT;
	object = vm_object_allocate(size);
	if (!object)
		return KERN_RESOURCE_SHORTAGE;
	if (!fill_object(object, data, offset, len)) {
		vm_object_deallocate(object);
		return KERN_RESOURCE_SHORTAGE;
	}
	kr = vm_map_enter(map, addr, size, 0, anywhere, object, 0, false, prot,
			  VM_PROT_ALL, inh);
	if (kr != KERN_SUCCESS)
		vm_object_deallocate(object);
	return kr;
}

kern_return_t vm_allocate(struct vm_map *map, vm_address_t *addr,
			  vm_size_t size, bool anywhere)
{
	vaddr_t start, end;
	kern_return_t kr;

	if (!map)
		return KERN_INVALID_ARGUMENT;
	if (size == 0) {
		*addr = 0;
		return KERN_SUCCESS;
	}
	if (anywhere) {
		if (size > UINTPTR_MAX - PAGE_MASK)
			return KERN_NO_SPACE;
		start = map->min_offset;	/* fixed for the map's life */
		end = start + ROUND_UP(size, PAGE_SIZE);
	} else if (!page_range(*addr, size, &start, &end)) {
		return KERN_INVALID_ADDRESS;
	}
	kr = vm_map_enter(map, &start, end - start, 0, anywhere, NULL, 0, false,
			  VM_PROT_DEFAULT, VM_PROT_ALL, VM_INHERIT_DEFAULT);
	if (kr == KERN_SUCCESS)
		*addr = start;
	return kr;
}

kern_return_t vm_map_memory(struct vm_map *map, vm_address_t *addr,
			    vm_size_t size, vm_address_t mask, bool anywhere,
			    vm_prot_t cur, vm_prot_t max, vm_inherit_t inh)
{
	vaddr_t start;
	kern_return_t kr;

	if (!map || size == 0 || ((cur | max) & ~VM_PROT_ALL) || (cur & ~max) ||
	    inh > VM_INHERIT_LAST_VALID)
		return KERN_INVALID_ARGUMENT;
	if (size > UINTPTR_MAX - PAGE_MASK)
		return anywhere ? KERN_NO_SPACE : KERN_INVALID_ADDRESS;
	start = ROUND_DOWN(*addr, PAGE_SIZE);
	kr = vm_map_enter(map, &start, ROUND_UP(size, PAGE_SIZE), mask, anywhere,
			  NULL, 0, false, cur, max, inh);
	if (kr == KERN_SUCCESS)
		*addr = start;
	return kr;
}

kern_return_t vm_deallocate(struct vm_map *map, vm_address_t addr,
			    vm_size_t size)
{
	vaddr_t start, end;

	if (!map)
		return KERN_INVALID_ARGUMENT;
	if (size == 0)
		return KERN_SUCCESS;
	if (!page_range(addr, size, &start, &end))
		return KERN_INVALID_ARGUMENT;
	return vm_map_remove(map, start, end);
}

kern_return_t vm_protect(struct vm_map *map, vm_address_t addr,
			 vm_size_t size, bool set_max, vm_prot_t new_prot)
{
	vaddr_t start, end;

	if (!map || (new_prot & ~VM_PROT_ALL))
		return KERN_INVALID_ARGUMENT;
	if (!page_range(addr, size, &start, &end))
		return KERN_INVALID_ADDRESS;
	return vm_map_protect(map, start, end, new_prot, set_max);
}

kern_return_t vm_inherit(struct vm_map *map, vm_address_t addr,
			 vm_size_t size, vm_inherit_t inheritance)
{
	vaddr_t start, end;

	if (!map || inheritance > VM_INHERIT_LAST_VALID)
		return KERN_INVALID_ARGUMENT;
	if (!page_range(addr, size, &start, &end))
		return KERN_INVALID_ADDRESS;
	return vm_map_inherit(map, start, end, inheritance);
}

kern_return_t vm_read(struct vm_map *map, vm_address_t addr, vm_size_t size,
		      vm_map_copy_t *copy)
{
	vaddr_t start, end;

	*copy = NULL;
	if (!map)
		return KERN_INVALID_ARGUMENT;
	if (size == 0)
		return KERN_SUCCESS;
	if (!page_range(addr, size, &start, &end))
		return KERN_INVALID_ADDRESS;
	if (size > VM_READ_MAX)
		return KERN_RESOURCE_SHORTAGE;
	return vm_map_copyin(map, addr, size, false, copy);
}

kern_return_t vm_write(struct vm_map *map, vm_address_t addr,
		       vm_map_copy_t copy, vm_size_t size)
{
	if (!map || ((addr | size) & PAGE_MASK))
		return KERN_INVALID_ARGUMENT;
	if (size == 0)
		return copy ? KERN_INVALID_ARGUMENT : KERN_SUCCESS;
	if (!copy || copy->size != size)
		return KERN_INVALID_ARGUMENT;
	if (size > UINTPTR_MAX - addr)
		return KERN_INVALID_ADDRESS;
	return vm_map_copy_overwrite(map, addr, copy);
}

kern_return_t vm_copy(struct vm_map *map, vm_address_t src, vm_size_t size,
		      vm_address_t dst)
{
	vm_map_copy_t copy;
	kern_return_t kr;

	if (!map || ((src | size | dst) & PAGE_MASK))
		return KERN_INVALID_ARGUMENT;
	if (size == 0)
		return KERN_SUCCESS;
	if (size > UINTPTR_MAX - src || size > UINTPTR_MAX - dst)
		return KERN_INVALID_ADDRESS;
	/* The copy is a snapshot: overlapping ranges need no care. */
	kr = vm_map_copyin(map, src, size, false, &copy);
	if (kr != KERN_SUCCESS)
		return kr;
	kr = vm_map_copy_overwrite(map, dst, copy);
	if (kr != KERN_SUCCESS)
		vm_map_copy_discard(copy);
	return kr;
}

kern_return_t vm_region(struct vm_map *map, vm_address_t addr,
			struct vm_region_basic *out)
{
	struct vm_region_info info;
	kern_return_t kr;

	if (!map)
		return KERN_INVALID_ARGUMENT;
	kr = vm_map_region(map, addr, &info);
	if (kr != KERN_SUCCESS)
		return kr;
	out->address = info.start;
	out->size = info.size;
	out->protection = info.protection;
	out->max_protection = info.max_protection;
	out->inheritance = info.inheritance;
	out->shared = info.shared;
	out->offset = info.offset;
	return KERN_SUCCESS;
}

kern_return_t vm_statistics(struct vm_map *map, vm_statistics_data_t *stats)
{
	struct vm_page_counts c;
	struct vm_fault_stats f;

	if (!map)
		return KERN_INVALID_ARGUMENT;
	vm_page_counts(&c);
	vm_fault_get_stats(&f);
	memset(stats, 0, sizeof(*stats));
	stats->pagesize = PAGE_SIZE;
	stats->free_count = (integer_t)c.free;
	stats->active_count = (integer_t)c.active;
	stats->inactive_count = (integer_t)c.inactive;
	stats->wire_count = (integer_t)c.wired;
	stats->zero_fill_count = (integer_t)f.zero_fills;
	stats->faults = (integer_t)f.faults;
	stats->cow_faults = (integer_t)f.cow_copies;
	stats->reactivations = (integer_t)c.reactivations;
	stats->lookups = (integer_t)f.lookups;
	stats->hits = (integer_t)f.hits;
	/* pageins, pageouts: no pager yet, 0. */
	return KERN_SUCCESS;
}

kern_return_t vm_wire(struct vm_map *map, vm_address_t addr, vm_size_t size,
		      vm_prot_t access)
{
	vaddr_t start, end;

	if (!map)
		return KERN_INVALID_TASK;
	if (access & ~VM_PROT_ALL)
		return KERN_INVALID_ARGUMENT;
	if (size == 0)
		return KERN_SUCCESS;
	if (!page_range(addr, size, &start, &end))
		return KERN_INVALID_ADDRESS;
	return vm_map_wire(map, start, end, access);
}

kern_return_t vm_machine_attribute(struct vm_map *map, vm_address_t addr,
				   vm_size_t size,
				   vm_machine_attribute_t attribute,
				   vm_machine_attribute_val_t *value)
{
	(void)map, (void)addr, (void)size, (void)attribute, (void)value;
	return KERN_INVALID_ARGUMENT;	/* no port has machine attributes */
}
