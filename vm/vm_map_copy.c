/*
 * vm/vm_map_copy.c - copy objects (vm/vm_map_copy.h): vm_map_copyin,
 * vm_map_copyout, vm_map_copy_overwrite, vm_map_copy_discard, and the
 * kernel's page-at-a-time access to a task's memory (copy_user) that the
 * physical fallbacks use.
 *
 * An entry-list copy keeps its entries in a map without a pmap that
 * covers the copied pages at the source's addresses: the entry tree and
 * list, clipping and the fault path's page lookup (vm_fault_page) all
 * work on it unchanged, and copyout is a matter of moving the entries.
 * The virtual copy itself is vm_map_fork's (vm_map_entry_copy_range): the
 * source's entries get needs_copy and lose write access in the pmap, the
 * copy's entries refer to the same objects with needs_copy.  Moving
 * (src_destroy) takes the source's own entries instead, when they hold
 * private memory: no object is shared, nothing is write-protected, and
 * nothing will ever be copied.
 */
#include <kern/panic.h>
#include <kern/string.h>
#include <vm/vm_fault.h>
#include <vm/vm_kern.h>
#include <vm/vm_map_copy.h>
#include <vm/vm_map_internal.h>
#include <vm/vm_object.h>
#include <vm/vm_page.h>

static unsigned long copies_alive;

unsigned long vm_map_copy_count(void)
{
	return __atomic_load_n(&copies_alive, __ATOMIC_RELAXED);
}

static vm_map_copy_t copy_alloc(enum vm_map_copy_type type)
{
	vm_map_copy_t c = kalloc(sizeof(*c));

	if (!c)
		return NULL;
	memset(c, 0, sizeof(*c));
	c->type = type;
	__atomic_add_fetch(&copies_alive, 1, __ATOMIC_RELAXED);
	return c;
}

/* copy_free: free the copy's header only (its contents are gone). */
static void copy_free(vm_map_copy_t c)
{
	kfree(c, sizeof(*c));
	__atomic_sub_fetch(&copies_alive, 1, __ATOMIC_RELAXED);
}

void vm_map_copy_discard(vm_map_copy_t c)
{
	if (!c)
		return;
	if (c->type == VM_MAP_COPY_ENTRY_LIST)
		vm_map_deallocate(c->map);	/* drops every entry's object */
	else if (c->size)
		kfree(c->buf, c->size);
	copy_free(c);
}

/*
 * page_span: the pages covering [addr, addr + len) as [*start, *end).
 * Returns false if the range wraps around the address space.
 */
static bool page_span(vaddr_t addr, size_t len, vaddr_t *start, vaddr_t *end)
{
	if (len > UINTPTR_MAX - addr || addr + len > UINTPTR_MAX - PAGE_MASK)
		return false;
	*start = ROUND_DOWN(addr, PAGE_SIZE);
	*end = ROUND_UP(addr + len, PAGE_SIZE);
	return true;
}

/*
 * check_range: is all of [start, end) inside the map, allocated, with a
 * protection including prot?  With uniform, also: are its entries
 * private (no share map, not wired) with the same protections and
 * inheritance throughout (*uniform, may be NULL)?  Returns KERN_SUCCESS,
 * KERN_INVALID_ADDRESS or KERN_PROTECTION_FAILURE.  Conditions: map
 * locked.
 */
static kern_return_t check_range(vm_map_t map, vaddr_t start, vaddr_t end,
				 vm_prot_t prot, bool *uniform)
{
	struct vm_map_entry *e, *first;
	vaddr_t at = start;

	if (start < map->min_offset || end > map->max_offset || start >= end ||
	    !vm_map_lookup_entry(map, start, &e))
		return KERN_INVALID_ADDRESS;
	if (uniform)
		*uniform = true;
	for (first = e; at < end; e = vm_map_next(map, e)) {
		if (!e || e->start > at)
			return KERN_INVALID_ADDRESS;
		if (prot & ~e->protection)
			return KERN_PROTECTION_FAILURE;
		if (uniform && (e->is_sub_map || e->wired_count ||
				e->protection != first->protection ||
				e->max_protection != first->max_protection ||
				e->inheritance != first->inheritance))
			*uniform = false;
		at = e->end;
	}
	return KERN_SUCCESS;
}

/*
 * simplify_around: merge what can be merged from the entry before start
 * to the one after end.  Conditions: map locked.
 */
static void simplify_around(vm_map_t map, vaddr_t start, vaddr_t end)
{
	struct vm_map_entry *e, *p;

	if (vm_map_lookup_entry(map, start, &e) || e) {
		p = vm_map_prev(map, e);
		if (p)
			e = p;
	} else {
		e = vm_map_first(map);
	}
	while (e && e->start <= end) {
		e = vm_map_simplify(map, e);
		e = vm_map_next(map, e);
	}
}

/* copy_link: put e (unlinked, disjoint from the rest) into copy map cm. */
static void copy_link(vm_map_t cm, struct vm_map_entry *e)
{
	struct vm_map_entry *prev;

	vm_map_lookup_entry(cm, e->start, &prev);
	vm_map_entry_link(cm, prev, e);
	cm->size += e->end - e->start;
}

static void copy_emit(void *arg, struct vm_map_entry *ne)
{
	copy_link(arg, ne);
}

/*
 * movable: may entry e leave its map as it is (src_destroy)?  Private
 * memory may: no object yet, or a symmetric one (every other holder of
 * which copies on write).  A shared range must stay shared with the
 * others, a wired one stays wired, and an object others may map as it
 * is must not reach the receiver with write access: those are copied,
 * then removed.  Conditions: map locked.
 */
static bool movable(struct vm_map_entry *e)
{
	bool ok;

	if (e->is_sub_map || e->wired_count)
		return false;
	if (!e->u.object)
		return true;
	simple_lock(&e->u.object->lock);
	ok = e->u.object->symmetric;
	simple_unlock(&e->u.object->lock);
	return ok;
}

/*
 * keep_one_mapping: entry e (of a one_mapping object) moves to another
 * map.  The pieces of the object left behind may no longer reuse the
 * offsets it takes away (vm_object_coalesce frees the pages beyond an
 * entry to extend it): unless e maps the whole object, the object loses
 * one_mapping.  Conditions: e's map locked.
 */
static void keep_one_mapping(struct vm_map_entry *e)
{
	struct vm_object *o = e->u.object;

	simple_lock(&o->lock);
	if (e->offset != 0 || e->end - e->start != o->size)
		o->one_mapping = false;
	simple_unlock(&o->lock);
}

kern_return_t vm_map_copyin(vm_map_t map, vaddr_t addr, size_t len,
			    bool src_destroy, vm_map_copy_t *copy)
{
	struct vm_map_reserve r;
	struct vm_map_entry *e, *next, *first;
	vaddr_t start, end;
	vm_map_copy_t c;
	kern_return_t kr;
	bool ok = true;

	*copy = NULL;
	if (len == 0)
		return KERN_SUCCESS;
	if (!page_span(addr, len, &start, &end))
		return KERN_INVALID_ADDRESS;
	c = copy_alloc(VM_MAP_COPY_ENTRY_LIST);
	if (!c)
		return KERN_RESOURCE_SHORTAGE;
	c->map = vm_map_create(NULL, start, end);
	if (!c->map || !vm_map_reserve_fill(&r, 2)) {
		vm_map_copy_discard(c);
		return KERN_RESOURCE_SHORTAGE;
	}
	c->start = start;
	c->end = end;
	c->offset = addr - start;
	c->size = len;

	simple_lock(&map->lock);
	kr = check_range(map, start, end, VM_PROT_READ, NULL);
	if (kr != KERN_SUCCESS)
		goto out;
	/*
	 * Clip, so that only [start, end) becomes copy-on-write (or moves).
	 * First pass: everything that can fail, the virtual copies of what
	 * will not move; the source's meaning is unchanged until it
	 * succeeded (needs_copy alone changes nothing a task can see).
	 */
	first = vm_map_clip_range(map, start, end, &r);
	for (e = first; ok && e && e->start < end; e = vm_map_next(map, e))
		if (!src_destroy || !movable(e))
			ok = vm_map_entry_copy_range(map, e, e->start, e->end,
						     copy_emit, c->map);
	if (!ok) {
		kr = KERN_RESOURCE_SHORTAGE;
	} else if (src_destroy) {
		/* Second pass: move or remove the source's entries. */
		for (e = first; e && e->start < end; e = next) {
			next = vm_map_next(map, e);
			if (!movable(e)) {
				vm_map_entry_delete(map, e);
				continue;
			}
			if (map->pmap)
				pmap_remove(map->pmap, e->start, e->end);
			if (e->u.object)
				keep_one_mapping(e);
			vm_map_entry_unlink(map, e);
			map->size -= e->end - e->start;
			copy_link(c->map, e);
		}
		map->timestamp++;
	}
	if (map->pmap)
		pmap_update(map->pmap);
	simplify_around(map, start, end);
out:
	simple_unlock(&map->lock);
	vm_map_reserve_release(&r);
	if (kr != KERN_SUCCESS) {
		vm_map_copy_discard(c);
		return kr;
	}
	*copy = c;
	return KERN_SUCCESS;
}

kern_return_t vm_map_copyin_kernel_buffer(const void *data, size_t len,
					  vm_map_copy_t *copy)
{
	vm_map_copy_t c;

	*copy = NULL;
	if (len == 0)
		return KERN_SUCCESS;
	c = copy_alloc(VM_MAP_COPY_KERNEL_BUFFER);
	if (!c)
		return KERN_RESOURCE_SHORTAGE;
	c->buf = kalloc(len);
	if (!c->buf) {
		copy_free(c);
		return KERN_RESOURCE_SHORTAGE;
	}
	memcpy(c->buf, data, len);
	c->size = len;
	*copy = c;
	return KERN_SUCCESS;
}

/*
 * insert_entries: move every entry of copy c into map at dst (the
 * address of c->start there), with protections cur/max and inheritance
 * inh, after prev (the entry below dst, or NULL).  [dst, dst + size) is
 * free.  Conditions: map locked.
 */
static void insert_entries(vm_map_t map, vm_map_copy_t c, vaddr_t dst,
			   struct vm_map_entry *prev, vm_prot_t cur,
			   vm_prot_t max, vm_inherit_t inh)
{
	vm_map_t cm = c->map;
	struct vm_map_entry *e;

	while ((e = vm_map_first(cm)) != NULL) {
		vm_map_entry_unlink(cm, e);
		e->start = e->start - c->start + dst;
		e->end = e->end - c->start + dst;
		e->protection = cur;
		e->max_protection = max;
		e->inheritance = inh;
		e->wired_count = 0;
		vm_map_entry_link(map, prev, e);
		map->size += e->end - e->start;
		prev = e;
	}
	cm->size = 0;
	map->timestamp++;
	simplify_around(map, dst, dst + (c->end - c->start));
}

kern_return_t vm_map_copyout(vm_map_t map, vaddr_t *addr, vm_map_copy_t c)
{
	struct vm_map_entry *prev;
	vaddr_t dst;

	if (c->type == VM_MAP_COPY_KERNEL_BUFFER) {
		kern_return_t kr;

		dst = map->min_offset;
		kr = vm_map_enter_data(map, &dst, ROUND_UP(c->size, PAGE_SIZE),
				       true, c->buf, 0, c->size,
				       VM_PROT_READ | VM_PROT_WRITE,
				       VM_INHERIT_COPY);
		if (kr != KERN_SUCCESS)
			return kr;
		*addr = dst;
		vm_map_copy_discard(c);
		return KERN_SUCCESS;
	}
	simple_lock(&map->lock);
	if (!vm_map_find_space(map, map->min_offset, c->end - c->start, 0,
			       &dst)) {
		simple_unlock(&map->lock);
		return KERN_NO_SPACE;
	}
	vm_map_lookup_entry(map, dst, &prev);
	insert_entries(map, c, dst, prev, VM_PROT_READ | VM_PROT_WRITE,
		       VM_PROT_ALL, VM_INHERIT_COPY);
	simple_unlock(&map->lock);
	*addr = dst + c->offset;
	vm_map_copy_discard(c);		/* an empty map now */
	return KERN_SUCCESS;
}

/* ---- Physical copies, a page at a time ---------------------------------- */

/* One page's part of a copy between a kernel buffer and a map's page. */
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
 * task's own accesses would see and change the pages (reads make no
 * page).  map may be a copy's map (reads only).  Returns KERN_SUCCESS or
 * the error of the first page that failed (earlier pages are copied).
 * Conditions: no VM lock held.
 */
static kern_return_t copy_user(vm_map_t map, vaddr_t addr, void *buf,
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

kern_return_t vm_map_copy_read(vm_map_copy_t c, size_t off, void *buf,
			       size_t len)
{
	if (!c || off > c->size || len > c->size - off)
		return len == 0 ? KERN_SUCCESS : KERN_INVALID_ARGUMENT;
	if (c->type == VM_MAP_COPY_KERNEL_BUFFER) {
		memcpy(buf, (uint8_t *)c->buf + off, len);
		return KERN_SUCCESS;
	}
	return copy_user(c->map, c->start + c->offset + off, buf, len, false);
}

/*
 * overwrite_physical: write copy c's pages over [addr, addr + c->size) of
 * map, through a bounce page: the source page and the destination may be
 * in the same object, whose lock cannot be taken twice.  Conditions: no
 * VM lock held.
 */
static kern_return_t overwrite_physical(vm_map_t map, vaddr_t addr,
					vm_map_copy_t c)
{
	kern_return_t kr = KERN_SUCCESS;
	void *page;

	if (c->type == VM_MAP_COPY_KERNEL_BUFFER)
		return copy_user(map, addr, c->buf, c->size, true);
	page = kalloc(PAGE_SIZE);
	if (!page)
		return KERN_RESOURCE_SHORTAGE;
	for (size_t off = 0; off < c->size && kr == KERN_SUCCESS;
	     off += PAGE_SIZE) {
		kr = vm_map_copy_read(c, off, page, PAGE_SIZE);
		if (kr == KERN_SUCCESS)
			kr = copy_user(map, addr + off, page, PAGE_SIZE, true);
	}
	kfree(page, PAGE_SIZE);
	return kr;
}

kern_return_t vm_map_copy_overwrite(vm_map_t map, vaddr_t addr,
				    vm_map_copy_t c)
{
	struct vm_map_reserve r;
	struct vm_map_entry *e, *next, *prev;
	vm_prot_t cur, max;
	vm_inherit_t inh;
	vaddr_t end;
	kern_return_t kr;
	bool uniform;

	if (!c)
		return KERN_SUCCESS;
	if ((addr & PAGE_MASK) || (c->size & PAGE_MASK))
		return KERN_INVALID_ARGUMENT;
	if (c->size > UINTPTR_MAX - addr)
		return KERN_INVALID_ADDRESS;
	end = addr + c->size;
	if (!vm_map_reserve_fill(&r, 2))
		return KERN_RESOURCE_SHORTAGE;
	simple_lock(&map->lock);
	kr = check_range(map, addr, end, VM_PROT_WRITE, &uniform);
	if (kr != KERN_SUCCESS || c->type != VM_MAP_COPY_ENTRY_LIST ||
	    !uniform || c->offset) {
		/* An unaligned source (vm_write from any buffer) is written
		 * physically: its pages do not line up with the target's. */
		simple_unlock(&map->lock);
		vm_map_reserve_release(&r);
		if (kr == KERN_SUCCESS)
			kr = overwrite_physical(map, addr, c);
		if (kr == KERN_SUCCESS)
			vm_map_copy_discard(c);
		return kr;
	}
	/*
	 * Private memory with one set of attributes: the destination's
	 * entries give way to the copy's, which take their attributes.
	 * Their pages go (as by vm_deallocate); the copy's objects are
	 * shared copy-on-write with wherever they came from.
	 */
	e = vm_map_clip_range(map, addr, end, &r);
	cur = e->protection;
	max = e->max_protection;
	inh = e->inheritance;
	prev = vm_map_prev(map, e);
	for (; e && e->start < end; e = next) {
		next = vm_map_next(map, e);
		vm_map_entry_delete(map, e);
	}
	if (map->pmap)
		pmap_update(map->pmap);
	insert_entries(map, c, addr, prev, cur, max, inh);
	simple_unlock(&map->lock);
	vm_map_reserve_release(&r);
	vm_map_copy_discard(c);
	return KERN_SUCCESS;
}
