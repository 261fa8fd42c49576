/*
 * vm/vm_map_copy.h - copy objects: a range of an address map taken out as
 * a virtual copy (or moved out), in transit between maps.  Out-of-line
 * memory in messages, vm_read, vm_write and vm_copy go through them, as
 * in Mach (seed 004, "Virtual Copy Optimizations"; the Mach paper, 3.3).
 *
 * A copy is one of two kinds:
 *
 *  - an ENTRY LIST: map entries detached from any task, kept in a map of
 *    their own without a pmap (copy->map, covering the copied pages at the
 *    source addresses).  vm_map_copyin makes them virtual copies of the
 *    source's entries with the symmetric copy-on-write strategy of
 *    vm_map_fork (needs_copy on both sides, the source's mappings made
 *    read-only; wired ranges and non-symmetric objects are copied at
 *    once); with src_destroy the source's entries themselves move into
 *    the copy instead.  vm_map_copyout links the entries into the
 *    receiving map: no page is copied until one side writes.
 *
 *  - a KERNEL BUFFER: bytes the kernel made (a reply's out-of-line data:
 *    port names, say), in a kalloc'd buffer that the copyout copies into
 *    new memory of the receiver.
 *
 * Ranges are page granular: a copy of [addr, addr + size) holds every page
 * the range touches, and records addr's offset in its first page
 * (copy->offset); the receiver's address keeps that in-page offset (as in
 * GNU Mach).  A copy belongs to one holder at a time (a message, a
 * vm_read reply, a caller); vm_map_copy_discard frees it and drops its
 * references.
 *
 * Locking: a copy is private to its holder and needs no lock; the
 * functions here take the map lock of the map they work on (call them
 * with no VM lock held).
 */
#ifndef VM_VM_MAP_COPY_H
#define VM_VM_MAP_COPY_H

#include <kern/types.h>
#include <mach/kern_return.h>
#include <vm/pmap.h>

struct vm_map;

enum vm_map_copy_type {
	VM_MAP_COPY_ENTRY_LIST = 1,
	VM_MAP_COPY_KERNEL_BUFFER,
};

struct vm_map_copy {
	enum vm_map_copy_type type;
	size_t size;			/* bytes of data */
	size_t offset;			/* of the data in its first page */
	struct vm_map *map;		/* ENTRY_LIST: the entries (no pmap) */
	vaddr_t start, end;		/* ENTRY_LIST: the pages, source addresses */
	void *buf;			/* KERNEL_BUFFER: size bytes (kalloc) */
};

typedef struct vm_map_copy *vm_map_copy_t;

/*
 * vm_map_copyin: take the pages covering [addr, addr + len) of map as a
 * copy.  Without src_destroy the source keeps its memory and both sides
 * share the pages copy-on-write; with src_destroy the range leaves the
 * source (its entries move into the copy; what cannot move, a shared or
 * wired range, is copied and then removed), as the deallocate flag of a
 * message asks.  The whole range must be allocated and readable, checked
 * before anything changes.  Returns KERN_SUCCESS with *copy (NULL for len
 * 0); KERN_INVALID_ADDRESS (a hole, outside the map, or a range that
 * wraps), KERN_PROTECTION_FAILURE (a page not readable),
 * KERN_RESOURCE_SHORTAGE; on error nothing changed.
 * Conditions: no VM lock held.
 */
kern_return_t vm_map_copyin(struct vm_map *map, vaddr_t addr, size_t len,
			    bool src_destroy, vm_map_copy_t *copy);

/*
 * vm_map_copyin_kernel_buffer: a copy of len bytes of kernel memory data
 * (copied now into a buffer the copy owns).  Returns KERN_SUCCESS with
 * *copy (NULL for len 0) or KERN_RESOURCE_SHORTAGE.
 */
kern_return_t vm_map_copyin_kernel_buffer(const void *data, size_t len,
					  vm_map_copy_t *copy);

/*
 * vm_map_copyout: put copy anywhere in map (first fit from the bottom),
 * as new memory read/write (maximum all), inheritance COPY, like
 * vm_allocate'd memory; *addr gets the address of the data (the pages'
 * start plus copy->offset).  Consumes copy on success only.  Returns
 * KERN_SUCCESS; KERN_NO_SPACE if no free range is large enough;
 * KERN_RESOURCE_SHORTAGE.  Conditions: no VM lock held.
 */
kern_return_t vm_map_copyout(struct vm_map *map, vaddr_t *addr,
			     vm_map_copy_t copy);

/*
 * vm_map_copy_overwrite: replace the contents of [addr, addr +
 * copy->size) of map, which must be allocated and writable (checked
 * first), by copy's.  addr must be page aligned and copy->size a multiple
 * of the page size (KERN_INVALID_ARGUMENT otherwise).  Where the
 * destination is private memory of map with the same attributes
 * throughout and the copy's data starts on a page boundary, its entries
 * are replaced by the copy's (nothing copied until written); otherwise (a
 * shared or wired range, a kernel buffer, data taken from an unaligned
 * buffer) the pages are written as the task's own writes would be.
 * Consumes copy on success only.  Returns KERN_SUCCESS,
 * KERN_INVALID_ADDRESS, KERN_PROTECTION_FAILURE, KERN_RESOURCE_SHORTAGE
 * (a physical copy may then have written some pages).
 * Conditions: no VM lock held.
 */
kern_return_t vm_map_copy_overwrite(struct vm_map *map, vaddr_t addr,
				    vm_map_copy_t copy);

/* vm_map_copy_discard: free copy and what it holds (NULL: nothing). */
void vm_map_copy_discard(vm_map_copy_t copy);

/*
 * vm_map_copy_read: copy len bytes at offset off of copy's data into the
 * kernel buffer buf (pages never made read as zeros, and are not made).
 * Returns KERN_SUCCESS, KERN_INVALID_ARGUMENT (outside the data) or
 * KERN_RESOURCE_SHORTAGE.  Conditions: no VM lock held.
 */
kern_return_t vm_map_copy_read(vm_map_copy_t copy, size_t off, void *buf,
			       size_t len);

/* Live copies, for leak checks. */
unsigned long vm_map_copy_count(void);

#endif /* VM_VM_MAP_COPY_H */
