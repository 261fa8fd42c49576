/*
 * kern/zalloc.c - zone allocator.
 *
 * Per-page state lives in the page's struct vm_page: u.slab.zone (owner),
 * u.slab.free (first free element; each free element stores the next) and
 * use_count.  queue_link threads the page on its zone's partial or full
 * list.  Lock order: zone lock, then the page allocator's lock.
 */
#include <kern/machine.h>
#include <kern/console.h>
#include <kern/panic.h>
#include <kern/zalloc.h>
#include <vm/vm_page.h>

static struct list_node all_zones = LIST_HEAD_INIT(all_zones);
static simple_lock_t all_zones_lock = SIMPLE_LOCK_INITIALIZER;

void zone_init(struct zone *z, const char *name, size_t elem_size,
	       unsigned long max_pages)
{
	intr_state_t s;

	elem_size = ROUND_UP(elem_size < 16 ? 16 : elem_size, (size_t)16);
	assert(elem_size <= PAGE_SIZE / 2);
	z->name = name;
	z->elem_size = elem_size;
	z->per_page = (unsigned int)(PAGE_SIZE / elem_size);
	z->max_pages = max_pages;
	list_init(&z->partial);
	list_init(&z->full);
	z->empty = NULL;
	simple_lock_init(&z->lock);
	z->pages = z->inuse = z->allocs = z->frees = z->failures = 0;
	s = simple_lock_irq(&all_zones_lock);
	list_push_back(&all_zones, &z->link);
	simple_unlock_irq(&all_zones_lock, s);
}

/*
 * zone_grow_locked: add one page of free elements to the partial list.
 * Returns false at the cap or when no page is free.
 */
static bool zone_grow_locked(struct zone *z)
{
	struct vm_page *m;
	char *base;

	if (z->empty) {
		/* The kept empty page: its free list is still whole. */
		list_push_front(&z->partial, &z->empty->queue_link);
		z->empty = NULL;
		return true;
	}
	if (z->max_pages && z->pages >= z->max_pages)
		return false;
	m = vm_page_alloc();
	if (!m)
		return false;
	m->flags |= VM_PAGE_FLAG_KERNEL;
	m->u.slab.zone = z;
	m->use_count = 0;
	base = vm_page_kva(m);
	for (unsigned int i = 0; i < z->per_page; i++) {
		void **elem = (void **)(void *)(base + i * z->elem_size);

		*elem = i + 1 < z->per_page ? base + (i + 1) * z->elem_size
					    : NULL;
	}
	m->u.slab.free = base;
	list_push_front(&z->partial, &m->queue_link);
	z->pages++;
	return true;
}

void *zalloc(struct zone *z)
{
	intr_state_t s = simple_lock_irq(&z->lock);
	struct vm_page *m;
	void **elem;

	if (list_empty(&z->partial) && !zone_grow_locked(z)) {
		z->failures++;
		simple_unlock_irq(&z->lock, s);
		return NULL;
	}
	m = list_entry(z->partial.next, struct vm_page, queue_link);
	elem = m->u.slab.free;
	m->u.slab.free = *elem;
	if (++m->use_count == z->per_page) {
		list_remove(&m->queue_link);
		list_push_front(&z->full, &m->queue_link);
	}
	z->inuse++;
	z->allocs++;
	simple_unlock_irq(&z->lock, s);
	return elem;
}

void zfree(struct zone *z, void *p)
{
	struct vm_page *m = vm_page_lookup_phys(virt_to_phys(p));
	intr_state_t s;
	void **elem = p;

	if (!m || m->u.slab.zone != z ||
	    ((uintptr_t)p & PAGE_MASK) % z->elem_size != 0)
		panic("zfree: %p does not belong to zone %s", p, z->name);
	s = simple_lock_irq(&z->lock);
	if (m->use_count == 0)
		panic("zfree: zone %s page 0x%llx has nothing allocated",
		      z->name, (unsigned long long)m->phys_addr);
	if (m->use_count == z->per_page) {
		list_remove(&m->queue_link);
		list_push_front(&z->partial, &m->queue_link);
	}
	*elem = m->u.slab.free;
	m->u.slab.free = elem;
	z->inuse--;
	z->frees++;
	if (--m->use_count == 0) {
		/* Last element: keep one empty page for the next zalloc,
		 * give any other back to the page allocator. */
		list_remove(&m->queue_link);
		if (!z->empty) {
			z->empty = m;
		} else {
			m->u.slab.zone = NULL;
			m->u.slab.free = NULL;
			z->pages--;
			vm_page_free(m);
		}
	}
	simple_unlock_irq(&z->lock, s);
}

void zone_gc(void)
{
	struct list_node *n;
	intr_state_t s = simple_lock_irq(&all_zones_lock);

	list_for_each(n, &all_zones) {
		struct zone *z = list_entry(n, struct zone, link);
		struct vm_page *m;

		simple_lock(&z->lock);
		m = z->empty;
		z->empty = NULL;
		if (m) {
			m->u.slab.zone = NULL;
			m->u.slab.free = NULL;
			z->pages--;
		}
		simple_unlock(&z->lock);
		if (m)
			vm_page_free(m);
	}
	simple_unlock_irq(&all_zones_lock, s);
}

void zone_get_stats(struct zone *z, struct zone_stats *out)
{
	intr_state_t s = simple_lock_irq(&z->lock);

	out->elem_size = z->elem_size;
	out->pages = z->pages;
	out->inuse = z->inuse;
	out->allocs = z->allocs;
	out->frees = z->frees;
	out->failures = z->failures;
	simple_unlock_irq(&z->lock, s);
}

void zone_print_all(void)
{
	struct list_node *n;
	intr_state_t s = simple_lock_irq(&all_zones_lock);

	list_for_each(n, &all_zones) {
		struct zone *z = list_entry(n, struct zone, link);

		kprintf("zone %-16s size %4zu: %6lu in use, %4lu pages, %lu failures\n",
			z->name, z->elem_size, z->inuse, z->pages, z->failures);
	}
	simple_unlock_irq(&all_zones_lock, s);
}
