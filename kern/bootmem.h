/*
 * kern/bootmem.h - the boot-time physical page allocator.
 *
 * Hands out page-aligned physical memory from the RAM of boot_info minus
 * every reserved range, before the resident page system exists.  Memory is
 * never freed; vm_page takes over whatever is left.
 */
#ifndef KERN_BOOTMEM_H
#define KERN_BOOTMEM_H

#include <kern/types.h>
#include <kern/bootinfo.h>

void bootmem_init(void);

/*
 * bootmem_alloc: allocate size bytes (rounded up to pages) aligned to align
 * (a power of two, at least PAGE_SIZE is used).  The memory is zeroed.
 * Returns true and the physical address in *pa, or false when no free range
 * can satisfy the request.
 */
bool bootmem_alloc(size_t size, size_t align, paddr_t *pa);

/*
 * bootmem_close: the resident page system has taken over the free ranges;
 * any later bootmem_alloc() is a bug and panics.
 */
void bootmem_close(void);

/* Free ranges left, for the report and for vm_page to take over. */
unsigned int bootmem_free_ranges(struct phys_range *out, unsigned int max);
uint64_t bootmem_free_bytes(void);

#endif /* KERN_BOOTMEM_H */
