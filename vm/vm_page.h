/*
 * vm/vm_page.h - resident pages: one struct vm_page per physical page of
 * usable RAM, the free page allocator and the page queues.
 *
 * Physical memory is described by segments (one per boot RAM range that
 * survives reservations); each segment has a dense array of vm_page
 * structures, so vm_page_lookup_phys() is a segment search plus an index.
 *
 * Free pages are kept in a binary buddy allocator (orders 0 to
 * VM_PAGE_MAX_ORDER) so that single pages and physically contiguous runs
 * come from one pool.  Allocated pages sit on no queue (kernel memory,
 * page tables, wired pages), or on the active or inactive queue once the
 * VM system caches object data in them.  Both queues are in LRU order,
 * oldest at the head: a page enters at the tail of the active queue when
 * an object gets it and whenever a fault maps it again; the aging pass
 * (vm/vm_pageout.c) moves pages whose reference bit is clear to the tail
 * of the inactive queue and gives referenced pages a second round, so a
 * pageout daemon finds its candidates at the head of the inactive queue.
 *
 * Locking: vm_page_queue_lock (a simple lock taken with interrupts masked)
 * protects the free lists, the queues and the counters.
 */
#ifndef VM_VM_PAGE_H
#define VM_VM_PAGE_H

#include <kern/types.h>
#include <kern/list.h>

#define VM_PAGE_MAX_ORDER	10	/* largest free block: 4 MiB */

enum vm_page_queue {
	VM_PAGE_Q_NONE = 0,	/* allocated, on no queue (wired, kernel) */
	VM_PAGE_Q_FREE,		/* head of a free buddy block */
	VM_PAGE_Q_ACTIVE,
	VM_PAGE_Q_INACTIVE,
};

/* Page attributes gathered by the pmap layer (vm/pmap.h). */
#define VM_PAGE_ATTR_REFERENCED	0x01
#define VM_PAGE_ATTR_MODIFIED	0x02

struct pv_entry;
struct vm_object;
struct zone;

struct vm_page {
	struct list_node queue_link;	/* free list, page queue, zone list */
	paddr_t phys_addr;
	struct pv_entry *pv_list;	/* mappings of this page (pmap_pv.c) */
	union {
		struct {		/* a page caching object data */
			struct vm_object *object;
			uint64_t offset;
			struct vm_page *hash_next; /* object's page hash */
		} obj;
		struct {		/* a page of zone elements (zalloc.c) */
			struct zone *zone;
			void *free;	/* first free element in this page */
		} slab;
	} u;
	uint32_t wire_count;
	uint16_t use_count;		/* zone page: elements allocated;
					 * page-table page: valid entries */
	uint8_t queue;			/* enum vm_page_queue */
	uint8_t order;			/* free block order (queue == FREE) */
	uint8_t pmap_attrs;		/* VM_PAGE_ATTR_*, sticky across unmaps */
	uint8_t flags;
};

#define VM_PAGE_FLAG_PAGETABLE	0x01	/* holds a page-table page */
#define VM_PAGE_FLAG_KERNEL	0x02	/* kernel allocation (zones, stacks) */

/* Counters for vm_statistics and the tests (pages). */
struct vm_page_counts {
	unsigned long total;		/* pages managed */
	unsigned long free;
	unsigned long active;
	unsigned long inactive;
	unsigned long wired;
	unsigned long reactivations;	/* inactive pages referenced again */
};

/*
 * vm_page_init: build the page arrays and free lists from whatever the boot
 * allocator has left, then close the boot allocator.  Called once at boot.
 */
void vm_page_init(void);

/*
 * vm_page_alloc: take one free page (contents undefined), wired and on no
 * queue.  Returns NULL when none is free; never blocks.
 * vm_page_alloc_contig: take npages physically contiguous pages aligned to
 * their size rounded up to a power of two.  Returns the first page (the
 * rest follow it in the page array) or NULL.
 * vm_page_free / vm_page_free_contig: return pages; they must be on no
 * mapping (pv_list empty) and on no queue.
 */
struct vm_page *vm_page_alloc(void);
struct vm_page *vm_page_alloc_contig(unsigned long npages);
void vm_page_free(struct vm_page *m);
void vm_page_free_contig(struct vm_page *m, unsigned long npages);

/*
 * Queue moves for the pageout daemon and the VM object layer.
 * vm_page_activate: m to the tail of the active queue (a page taken off
 * the inactive queue counts as a reactivation); vm_page_deactivate: to
 * the tail of the inactive queue; vm_page_dequeue: off both.  A wired
 * page stays off the queues.  vm_page_wire / vm_page_unwire: count a
 * wiring of m; the first takes it off its queue, the last puts it at the
 * tail of the active queue.  Conditions: the lock of m's object held (if
 * it has one), so that the page cannot be freed or moved meanwhile.
 */
void vm_page_activate(struct vm_page *m);
void vm_page_deactivate(struct vm_page *m);
void vm_page_dequeue(struct vm_page *m);
void vm_page_wire(struct vm_page *m);
void vm_page_unwire(struct vm_page *m);

/*
 * vm_page_scan_next: for the aging pass (vm/vm_pageout.c).  Take the page
 * at the head of queue q (VM_PAGE_Q_ACTIVE or VM_PAGE_Q_INACTIVE) and try
 * to lock its object without waiting (the page queue lock is innermost:
 * the object lock may only be tried under it).  On success return the
 * page, still on q, with *object locked: it cannot be freed or moved
 * until the caller unlocks *object.  If the object lock is busy, the page
 * goes to the tail of q and NULL is returned with *object NULL; NULL with
 * *object NULL is also the answer for an empty queue (*empty true).
 * vm_page_scan_done: put m (taken by vm_page_scan_next, its object still
 * locked) at the tail of the active queue if referenced, else at the tail
 * of the inactive queue; a referenced page coming off the inactive queue
 * counts as a reactivation.  Nothing happens if m left its queue
 * meanwhile (wired).
 */
/*
 * vm_page_set_object: record the object m belongs to (NULL: none).  The
 * field changes under the page queue lock (besides the object's), so that
 * the aging pass, which reads it with only that lock held, never tries
 * the lock of an object that m has left and that may be gone (Mach's
 * vm_page_rename does the same).  Conditions: the object's lock held.
 */
void vm_page_set_object(struct vm_page *m, struct vm_object *object);

struct vm_page *vm_page_scan_next(enum vm_page_queue q,
				  struct vm_object **object, bool *empty);
void vm_page_scan_done(struct vm_page *m, bool referenced);

/* The page for a physical address, or NULL if it is not managed RAM. */
struct vm_page *vm_page_lookup_phys(paddr_t pa);

void vm_page_counts(struct vm_page_counts *out);
unsigned long vm_page_free_count(void);
void vm_page_print_stats(void);

/* Kernel virtual address of a page through the direct map. */
void *vm_page_kva(const struct vm_page *m);

#endif /* VM_VM_PAGE_H */
