/*
 * vm/vm_page.c - the resident page table and the buddy page allocator.
 *
 * Invariants (under vm_page_lock):
 *  - a free block of order k starts at a page whose frame number is a
 *    multiple of 2^k, lies wholly inside one segment, and only its first
 *    page has queue == VM_PAGE_Q_FREE (order k); its other pages have
 *    queue == VM_PAGE_Q_NONE and are reachable only through the head;
 *  - two free buddies of the same order never coexist: freeing merges them;
 *  - counts.free is the number of pages inside free blocks.
 */
#include <kern/machine.h>
#include <kern/bootmem.h>
#include <kern/console.h>
#include <kern/lock.h>
#include <kern/panic.h>
#include <kern/string.h>
#include <vm/vm_object.h>
#include <vm/vm_page.h>

#define VM_PAGE_MAX_SEGS 32

struct vm_page_seg {
	paddr_t start, end;		/* [start, end), page aligned */
	struct vm_page *pages;		/* one per page of the segment */
};

static struct vm_page_seg segs[VM_PAGE_MAX_SEGS];
static unsigned int seg_count;
static struct list_node free_lists[VM_PAGE_MAX_ORDER + 1];
static struct list_node active_queue, inactive_queue;
static struct vm_page_counts counts;
static simple_lock_t vm_page_lock = SIMPLE_LOCK_INITIALIZER;

static struct vm_page_seg *seg_of(paddr_t pa)
{
	for (unsigned int i = 0; i < seg_count; i++)
		if (pa >= segs[i].start && pa < segs[i].end)
			return &segs[i];
	return NULL;
}

struct vm_page *vm_page_lookup_phys(paddr_t pa)
{
	struct vm_page_seg *s = seg_of(pa);

	if (!s)
		return NULL;
	return &s->pages[(pa - s->start) >> PAGE_SHIFT];
}

void *vm_page_kva(const struct vm_page *m)
{
	return phys_to_virt(m->phys_addr);
}

/*
 * free_block_locked: return the block of 2^order pages starting at m to the
 * free lists, merging with its buddy as long as the buddy is a free block
 * of the same order in the same segment.
 */
static void free_block_locked(struct vm_page *m, unsigned int order)
{
	struct vm_page_seg *s = seg_of(m->phys_addr);
	paddr_t pa = m->phys_addr;

	counts.free += 1UL << order;
	while (order < VM_PAGE_MAX_ORDER) {
		paddr_t buddy_pa = pa ^ ((paddr_t)PAGE_SIZE << order);
		struct vm_page *b;

		if (buddy_pa < s->start || buddy_pa >= s->end)
			break;
		b = &s->pages[(buddy_pa - s->start) >> PAGE_SHIFT];
		if (b->queue != VM_PAGE_Q_FREE || b->order != order)
			break;
		list_remove(&b->queue_link);
		b->queue = VM_PAGE_Q_NONE;
		pa &= ~((paddr_t)PAGE_SIZE << order);
		order++;
	}
	m = &s->pages[(pa - s->start) >> PAGE_SHIFT];
	m->queue = VM_PAGE_Q_FREE;
	m->order = (uint8_t)order;
	list_push_front(&free_lists[order], &m->queue_link);
}

/*
 * alloc_block_locked: take a free block of exactly 2^order pages, splitting
 * a larger one if needed.  Returns its first page or NULL.
 */
static struct vm_page *alloc_block_locked(unsigned int order)
{
	unsigned int k = order;
	struct vm_page *m;
	struct list_node *n = NULL;

	while (k <= VM_PAGE_MAX_ORDER && !(n = list_pop_front(&free_lists[k])))
		k++;
	if (!n)
		return NULL;
	m = list_entry(n, struct vm_page, queue_link);
	m->queue = VM_PAGE_Q_NONE;
	while (k > order) {
		struct vm_page *half;

		k--;
		half = m + (1UL << k);
		half->queue = VM_PAGE_Q_FREE;
		half->order = (uint8_t)k;
		list_push_front(&free_lists[k], &half->queue_link);
	}
	counts.free -= 1UL << order;
	return m;
}

static void prepare_allocated(struct vm_page *m)
{
	m->queue = VM_PAGE_Q_NONE;
	m->order = 0;
	m->wire_count = 1;
	m->pmap_attrs = 0;
	m->flags = 0;
	m->pv_list = NULL;
	counts.wired++;
}

struct vm_page *vm_page_alloc(void)
{
	intr_state_t s = simple_lock_irq(&vm_page_lock);
	struct vm_page *m = alloc_block_locked(0);

	if (m)
		prepare_allocated(m);
	simple_unlock_irq(&vm_page_lock, s);
	return m;
}

static unsigned int order_for(unsigned long npages)
{
	unsigned int order = 0;

	while ((1UL << order) < npages)
		order++;
	return order;
}

struct vm_page *vm_page_alloc_contig(unsigned long npages)
{
	unsigned int order;
	struct vm_page *m;
	intr_state_t s;

	if (npages == 0 || npages > (1UL << VM_PAGE_MAX_ORDER))
		return NULL;
	order = order_for(npages);
	s = simple_lock_irq(&vm_page_lock);
	m = alloc_block_locked(order);
	if (m) {
		/* Give back the tail beyond npages, a page at a time. */
		for (unsigned long i = npages; i < (1UL << order); i++) {
			m[i].queue = VM_PAGE_Q_NONE;
			free_block_locked(&m[i], 0);
		}
		for (unsigned long i = 0; i < npages; i++)
			prepare_allocated(&m[i]);
	}
	simple_unlock_irq(&vm_page_lock, s);
	return m;
}

static void release_locked(struct vm_page *m)
{
	if (m->queue == VM_PAGE_Q_FREE)
		panic("vm_page_free: page 0x%llx already free",
		      (unsigned long long)m->phys_addr);
	if (m->pv_list)
		panic("vm_page_free: page 0x%llx still mapped",
		      (unsigned long long)m->phys_addr);
	if (m->queue == VM_PAGE_Q_ACTIVE || m->queue == VM_PAGE_Q_INACTIVE) {
		list_remove(&m->queue_link);
		if (m->queue == VM_PAGE_Q_ACTIVE)
			counts.active--;
		else
			counts.inactive--;
	}
	if (m->wire_count)
		counts.wired--;
	m->wire_count = 0;
	m->flags = 0;
	m->queue = VM_PAGE_Q_NONE;
	free_block_locked(m, 0);
}

void vm_page_free(struct vm_page *m)
{
	intr_state_t s = simple_lock_irq(&vm_page_lock);

	release_locked(m);
	simple_unlock_irq(&vm_page_lock, s);
}

void vm_page_free_contig(struct vm_page *m, unsigned long npages)
{
	intr_state_t s = simple_lock_irq(&vm_page_lock);

	for (unsigned long i = 0; i < npages; i++)
		release_locked(&m[i]);
	simple_unlock_irq(&vm_page_lock, s);
}

/* Take m off whichever page queue it is on (lock held). */
static void dequeue_locked(struct vm_page *m)
{
	if (m->queue == VM_PAGE_Q_ACTIVE) {
		list_remove(&m->queue_link);
		counts.active--;
	} else if (m->queue == VM_PAGE_Q_INACTIVE) {
		list_remove(&m->queue_link);
		counts.inactive--;
	}
	m->queue = VM_PAGE_Q_NONE;
}

/*
 * enqueue_locked: m (on no queue) to the tail of q, unless it is wired.
 * Conditions: vm_page_lock held.
 */
static void enqueue_locked(struct vm_page *m, enum vm_page_queue q)
{
	if (m->wire_count)
		return;
	m->queue = (uint8_t)q;
	if (q == VM_PAGE_Q_ACTIVE) {
		list_push_back(&active_queue, &m->queue_link);
		counts.active++;
	} else {
		list_push_back(&inactive_queue, &m->queue_link);
		counts.inactive++;
	}
}

void vm_page_activate(struct vm_page *m)
{
	intr_state_t s = simple_lock_irq(&vm_page_lock);

	if (m->queue == VM_PAGE_Q_INACTIVE)
		counts.reactivations++;	/* used again before being paged out */
	dequeue_locked(m);
	enqueue_locked(m, VM_PAGE_Q_ACTIVE);
	simple_unlock_irq(&vm_page_lock, s);
}

void vm_page_deactivate(struct vm_page *m)
{
	intr_state_t s = simple_lock_irq(&vm_page_lock);

	dequeue_locked(m);
	enqueue_locked(m, VM_PAGE_Q_INACTIVE);
	simple_unlock_irq(&vm_page_lock, s);
}

void vm_page_set_object(struct vm_page *m, struct vm_object *object)
{
	intr_state_t s = simple_lock_irq(&vm_page_lock);

	m->u.obj.object = object;
	simple_unlock_irq(&vm_page_lock, s);
}

struct vm_page *vm_page_scan_next(enum vm_page_queue q,
				  struct vm_object **object, bool *empty)
{
	struct list_node *head = q == VM_PAGE_Q_ACTIVE ? &active_queue
						       : &inactive_queue;
	intr_state_t s = simple_lock_irq(&vm_page_lock);
	struct vm_page *m = NULL;
	struct vm_object *o;

	*object = NULL;
	*empty = list_empty(head);
	if (*empty)
		goto out;
	m = list_entry(head->next, struct vm_page, queue_link);
	/*
	 * A page on a queue belongs to an object (or, being moved, to none).
	 * The field changes only under this lock too (vm_page_set_object),
	 * and an object goes away only once its pages have left it: while
	 * we hold the lock and m is o's, o is alive.
	 */
	o = m->u.obj.object;
	if (o && simple_lock_try(&o->lock)) {
		*object = o;
	} else {
		list_remove(&m->queue_link);
		list_push_back(head, &m->queue_link);
		m = NULL;
	}
out:
	simple_unlock_irq(&vm_page_lock, s);
	return m;
}

void vm_page_scan_done(struct vm_page *m, bool referenced)
{
	intr_state_t s = simple_lock_irq(&vm_page_lock);
	enum vm_page_queue from = m->queue;

	if (from == VM_PAGE_Q_ACTIVE || from == VM_PAGE_Q_INACTIVE) {
		if (referenced && from == VM_PAGE_Q_INACTIVE)
			counts.reactivations++;
		dequeue_locked(m);
		enqueue_locked(m, referenced ? VM_PAGE_Q_ACTIVE
					     : VM_PAGE_Q_INACTIVE);
	}
	simple_unlock_irq(&vm_page_lock, s);
}

void vm_page_dequeue(struct vm_page *m)
{
	intr_state_t s = simple_lock_irq(&vm_page_lock);

	dequeue_locked(m);
	simple_unlock_irq(&vm_page_lock, s);
}

void vm_page_wire(struct vm_page *m)
{
	intr_state_t s = simple_lock_irq(&vm_page_lock);

	if (m->wire_count++ == 0) {
		dequeue_locked(m);
		counts.wired++;
	}
	simple_unlock_irq(&vm_page_lock, s);
}

void vm_page_unwire(struct vm_page *m)
{
	intr_state_t s = simple_lock_irq(&vm_page_lock);

	assert(m->wire_count > 0);
	if (--m->wire_count == 0) {
		counts.wired--;
		enqueue_locked(m, VM_PAGE_Q_ACTIVE);
	}
	simple_unlock_irq(&vm_page_lock, s);
}

void vm_page_counts(struct vm_page_counts *out)
{
	intr_state_t s = simple_lock_irq(&vm_page_lock);

	*out = counts;
	simple_unlock_irq(&vm_page_lock, s);
}

unsigned long vm_page_free_count(void)
{
	return __atomic_load_n(&counts.free, __ATOMIC_RELAXED);
}

void vm_page_print_stats(void)
{
	struct vm_page_counts c;

	vm_page_counts(&c);
	kprintf("vm_page: %lu pages (%lu MiB): %lu free, %lu active, "
		"%lu inactive, %lu wired\n", c.total, c.total >> (20 - PAGE_SHIFT),
		c.free, c.active, c.inactive, c.wired);
}

/*
 * vm_page_init: size the page arrays for the boot allocator's free ranges,
 * allocate them from those ranges, then manage what is left: every page of
 * every remaining range gets a vm_page and goes on the free lists in the
 * largest aligned blocks that fit.
 */
void vm_page_init(void)
{
	struct phys_range before[BOOT_MAX_RANGES * 2], after[BOOT_MAX_RANGES * 2];
	struct vm_page *arrays[BOOT_MAX_RANGES * 2];
	unsigned int nbefore, nafter;

	for (unsigned int k = 0; k <= VM_PAGE_MAX_ORDER; k++)
		list_init(&free_lists[k]);
	list_init(&active_queue);
	list_init(&inactive_queue);

	nbefore = bootmem_free_ranges(before, ARRAY_SIZE(before));
	for (unsigned int i = 0; i < nbefore; i++) {
		unsigned long npages = (before[i].end - before[i].start) >> PAGE_SHIFT;
		paddr_t pa;

		arrays[i] = NULL;
		if (npages < 16)
			continue;	/* not worth an array */
		if (!bootmem_alloc(npages * sizeof(struct vm_page), PAGE_SIZE, &pa))
			panic("vm_page_init: no memory for %lu page structures",
			      npages);
		arrays[i] = phys_to_virt(pa);
	}
	nafter = bootmem_free_ranges(after, ARRAY_SIZE(after));
	bootmem_close();

	for (unsigned int j = 0; j < nafter; j++) {
		struct vm_page_seg *s;
		unsigned int i;

		/* The original range this remainder came from. */
		for (i = 0; i < nbefore; i++)
			if (after[j].start >= before[i].start &&
			    after[j].end <= before[i].end)
				break;
		if (i == nbefore || !arrays[i] || after[j].end <= after[j].start)
			continue;
		if (seg_count == VM_PAGE_MAX_SEGS) {
			kprintf("vm_page: too many segments, ignoring [0x%llx, 0x%llx)\n",
				(unsigned long long)after[j].start,
				(unsigned long long)after[j].end);
			continue;
		}
		s = &segs[seg_count++];
		s->start = after[j].start;
		s->end = after[j].end;
		s->pages = arrays[i] + ((s->start - before[i].start) >> PAGE_SHIFT);
		for (paddr_t pa = s->start; pa < s->end; pa += PAGE_SIZE) {
			struct vm_page *m = &s->pages[(pa - s->start) >> PAGE_SHIFT];

			memset(m, 0, sizeof(*m));
			m->phys_addr = pa;
			list_init(&m->queue_link);
		}
		counts.total += (s->end - s->start) >> PAGE_SHIFT;
		for (paddr_t pa = s->start; pa < s->end;) {
			unsigned int order = VM_PAGE_MAX_ORDER;

			while (order > 0 &&
			       ((pa & (((paddr_t)PAGE_SIZE << order) - 1)) ||
				pa + ((paddr_t)PAGE_SIZE << order) > s->end))
				order--;
			free_block_locked(&s->pages[(pa - s->start) >> PAGE_SHIFT],
					  order);
			pa += (paddr_t)PAGE_SIZE << order;
		}
	}
	vm_page_print_stats();
}
