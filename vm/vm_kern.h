/*
 * vm/vm_kern.h - kernel virtual memory and kalloc.
 *
 * kmem_alloc hands out page-granular, virtually contiguous, wired kernel
 * memory: a run of kernel virtual addresses (from the range the port
 * reports with pmap_virtual_space) backed by individually allocated pages
 * mapped into the kernel pmap.  kalloc serves variable sizes: power-of-two
 * zones up to KALLOC_MAX_ZONE bytes, kmem_alloc above.  Both return NULL on
 * exhaustion (of pages or of kernel address space) and leave nothing
 * half-allocated behind.
 */
#ifndef VM_VM_KERN_H
#define VM_VM_KERN_H

#include <kern/types.h>

#define KALLOC_MIN_ZONE	16
#define KALLOC_MAX_ZONE	2048

void kmem_init(void);
void *kmem_alloc(size_t size);
void kmem_free(void *addr, size_t size);

/*
 * kmem_alloc_stack: size bytes of wired kernel memory with an unmapped
 * guard page just below, so that running off the bottom of a kernel stack
 * faults instead of corrupting its neighbour.  Returns the lowest usable
 * address, or NULL.  kmem_free_stack releases it.
 */
void *kmem_alloc_stack(size_t size);
void kmem_free_stack(void *addr, size_t size);

void kalloc_init(void);
void *kalloc(size_t size);
void kfree(void *addr, size_t size);

struct kmem_stats {
	unsigned long va_pages_total;	/* kernel VA pages kmem manages */
	unsigned long va_pages_used;
	unsigned long allocs, frees, failures;
};

struct kalloc_stats {
	unsigned long zone_inuse[8];	/* elements in use per size class */
	unsigned long zone_pages[8];
	unsigned long large_inuse;	/* kmem-backed allocations */
	unsigned long failures;
};

void kmem_get_stats(struct kmem_stats *out);
void kalloc_get_stats(struct kalloc_stats *out);

#endif /* VM_VM_KERN_H */
