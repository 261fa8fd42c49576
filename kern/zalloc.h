/*
 * kern/zalloc.h - zones: allocators for fixed-size kernel objects.
 *
 * A zone carves whole pages (from vm_page_alloc, reached through the direct
 * map) into equal elements.  Each page keeps its own free list and in-use
 * count in its struct vm_page, so a page whose last element is freed goes
 * straight back to the page allocator.  A zone may be capped at max_pages;
 * when the cap is reached or no page is free, zalloc() returns NULL.
 */
#ifndef KERN_ZALLOC_H
#define KERN_ZALLOC_H

#include <kern/types.h>
#include <kern/list.h>
#include <kern/lock.h>

struct zone {
	const char *name;
	size_t elem_size;
	unsigned int per_page;
	unsigned long max_pages;	/* 0: no cap */
	struct list_node partial;	/* pages with at least one free element */
	struct list_node full;		/* pages with none */
	struct vm_page *empty;		/* one wholly free page kept for reuse */
	struct list_node link;		/* all zones */
	simple_lock_t lock;
	/* Counters, under lock. */
	unsigned long pages;
	unsigned long inuse;
	unsigned long allocs;
	unsigned long frees;
	unsigned long failures;
};

struct zone_stats {
	size_t elem_size;
	unsigned long pages, inuse, allocs, frees, failures;
};

/*
 * zone_init: set up a zone of elem_size-byte elements (rounded up to 16,
 * at most PAGE_SIZE / 2).  Conditions: any context that may take simple
 * locks.
 */
void zone_init(struct zone *z, const char *name, size_t elem_size,
	       unsigned long max_pages);

/*
 * zalloc: one element (contents undefined) or NULL when the zone is at its
 * cap or the machine has no free page.  Never blocks.
 * zfree: return an element; panics if it does not belong to this zone.
 */
void *zalloc(struct zone *z);
void zfree(struct zone *z, void *elem);

void zone_get_stats(struct zone *z, struct zone_stats *out);
void zone_print_all(void);

/*
 * zone_gc: give the page allocator back the one empty page each zone keeps
 * (so that a pair of zalloc/zfree does not allocate and free a page every
 * time).  Tests call it before comparing free page counts.
 */
void zone_gc(void);

#endif /* KERN_ZALLOC_H */
