/*
 * vm/vm_user.c - the vm_* calls of the mach interface on an address map
 * (vm/vm_user.h), over the map operations of vm/vm_map.h, and the
 * kernel's way of giving a task memory filled with data.
 *
 * vm_read, vm_write and vm_copy copy physically, a page at a time,
 * through vm_fault_page: the page is found (or made) exactly as a fault
 * of the task would find it, copy-on-write included, and copied while its
 * object is locked.  Virtual copies (vm_map_copyin/copyout, as Mach does
 * for out-of-line data) are a later step; the results are the same, only
 * slower for large ranges.  Each of them first checks the whole range
 * (allocated, protection) under the map lock, so that a bad range fails
 * before anything is copied; a concurrent vm_deallocate or vm_protect by
 * another thread of the task may still make a later page fail.
 */
#include <kern/machine.h>
#include <kern/string.h>
#include <vm/vm_fault.h>
#include <vm/vm_kern.h>
#include <vm/vm_map.h>
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

/*
 * range_allows: is all of [start, end) (page aligned) allocated with a
 * protection that includes prot?  Returns KERN_SUCCESS,
 * KERN_INVALID_ADDRESS (a hole, or outside the map) or
 * KERN_PROTECTION_FAILURE.  Conditions: map unlocked; takes its lock.
 */
static kern_return_t range_allows(struct vm_map *map, vaddr_t start,
				  vaddr_t end, vm_prot_t prot)
{
	struct vm_map_entry *e;
	kern_return_t kr = KERN_SUCCESS;
	vaddr_t at = start;

	simple_lock(&map->lock);
	if (!vm_map_lookup_entry(map, start, &e))
		kr = KERN_INVALID_ADDRESS;
	while (kr == KERN_SUCCESS && at < end) {
		if (!e || e->start > at)
			kr = KERN_INVALID_ADDRESS;
		else if (prot & ~e->protection)
			kr = KERN_PROTECTION_FAILURE;
		else {
			at = e->end;
			e = vm_map_next(map, e);
		}
	}
	simple_unlock(&map->lock);
	return kr;
}

/* One page's part of a copy between a kernel buffer and a task's page. */
struct page_copy {
	uint8_t *buf;			/* the kernel side */
	size_t off, len;		/* the part of the page */
	bool to_page;			/* buf -> page, else page -> buf */
};

/*
 * page_copy_fn: the vm_fault_page callback of copy_user: copy c->len
 * bytes at c->off of m (NULL: a page of zeros that was not made).
 * Conditions: m's object locked (vm_fault_page).
 */
static void page_copy_fn(struct vm_page *m, void *arg)
{
	struct page_copy *c = arg;
	uint8_t *p;

	if (!m) {
		memset(c->buf, 0, c->len);
		return;
	}
	p = (uint8_t *)vm_page_kva(m) + c->off;
	if (c->to_page)
		memcpy(p, c->buf, c->len);
	else
		memcpy(c->buf, p, c->len);
}

/*
 * copy_user: copy size bytes between the kernel buffer buf and [addr,
 * addr + size) of map (into the map if to_map), page by page as the
 * task's own accesses would see and change the pages.  Returns
 * KERN_SUCCESS or the error of the first page that failed (earlier pages
 * are copied).  Conditions: no VM lock held.
 */
static kern_return_t copy_user(struct vm_map *map, vaddr_t addr, void *buf,
			       size_t size, bool to_map)
{
	size_t done = 0;

	while (done < size) {
		vaddr_t va = addr + done;
		struct page_copy c = {
			.buf = (uint8_t *)buf + done,
			.off = va & PAGE_MASK,
			.len = MIN(PAGE_SIZE - (va & PAGE_MASK), size - done),
			.to_page = to_map,
		};
		kern_return_t kr = vm_fault_page(map, va,
						 to_map ? VM_PROT_WRITE : VM_PROT_READ,
						 !to_map, page_copy_fn, &c);

		if (kr != KERN_SUCCESS)
			return kr;
		done += c.len;
	}
	return KERN_SUCCESS;
}

kern_return_t vm_read(struct vm_map *map, vm_address_t addr, vm_size_t size,
		      void **data, vm_size_t *data_size)
{
	vaddr_t start, end;
	kern_return_t kr;
	void *buf;

	if (!map)
		return KERN_INVALID_ARGUMENT;
	*data = NULL;
	*data_size = 0;
	if (size == 0)
		return KERN_SUCCESS;
	if (!page_range(addr, size, &start, &end))
		return KERN_INVALID_ADDRESS;
	kr = range_allows(map, start, end, VM_PROT_READ);
	if (kr != KERN_SUCCESS)
		return kr;
	if (size > VM_READ_MAX || !(buf = kalloc(size)))
		return KERN_RESOURCE_SHORTAGE;
	kr = copy_user(map, addr, buf, size, false);
	if (kr != KERN_SUCCESS) {
		kfree(buf, size);
		return kr;
	}
	*data = buf;
	*data_size = size;
	return KERN_SUCCESS;
}

kern_return_t vm_write(struct vm_map *map, vm_address_t addr,
		       const void *data, vm_size_t size)
{
	kern_return_t kr;

	if (!map || ((addr | size) & PAGE_MASK))
		return KERN_INVALID_ARGUMENT;
	if (size == 0)
		return KERN_SUCCESS;
	if (size > UINTPTR_MAX - addr)
		return KERN_INVALID_ADDRESS;
	kr = range_allows(map, addr, addr + size, VM_PROT_WRITE);
	if (kr != KERN_SUCCESS)
		return kr;
	return copy_user(map, addr, (void *)(uintptr_t)data, size, true);
}

kern_return_t vm_copy(struct vm_map *map, vm_address_t src, vm_size_t size,
		      vm_address_t dst)
{
	size_t npages = size / PAGE_SIZE;
	bool backward;
	kern_return_t kr;
	void *page;

	if (!map || ((src | size | dst) & PAGE_MASK))
		return KERN_INVALID_ARGUMENT;
	if (size == 0)
		return KERN_SUCCESS;
	if (size > UINTPTR_MAX - src || size > UINTPTR_MAX - dst)
		return KERN_INVALID_ADDRESS;
	kr = range_allows(map, src, src + size, VM_PROT_READ);
	if (kr == KERN_SUCCESS)
		kr = range_allows(map, dst, dst + size, VM_PROT_WRITE);
	if (kr != KERN_SUCCESS)
		return kr;
	page = kalloc(PAGE_SIZE);
	if (!page)
		return KERN_RESOURCE_SHORTAGE;
	/*
	 * A destination above an overlapping source is copied from its end,
	 * so that every source page is read before it is overwritten.
	 */
	backward = dst > src && dst < src + size;
	for (size_t i = 0; i < npages && kr == KERN_SUCCESS; i++) {
		size_t off = (backward ? npages - 1 - i : i) * PAGE_SIZE;

		kr = copy_user(map, src + off, page, PAGE_SIZE, false);
		if (kr == KERN_SUCCESS)
			kr = copy_user(map, dst + off, page, PAGE_SIZE, true);
	}
	kfree(page, PAGE_SIZE);
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
