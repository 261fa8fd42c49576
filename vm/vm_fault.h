/*
 * vm/vm_fault.h - the page fault handler (the Mach paper, 5.5): validity
 * and protection from the address map, page lookup along the shadow
 * chain, copy-on-write, zero fill, and the hardware mapping.
 */
#ifndef VM_VM_FAULT_H
#define VM_VM_FAULT_H

#include <kern/types.h>
#include <mach/kern_return.h>
#include <vm/pmap.h>

struct vm_map;

/*
 * vm_fault: resolve a fault_type access (VM_PROT_READ, VM_PROT_WRITE or
 * VM_PROT_EXECUTE, possibly combined) to va in map by entering a mapping
 * in map->pmap that allows it.  Returns KERN_SUCCESS; KERN_INVALID_ADDRESS
 * if va is not mapped; KERN_PROTECTION_FAILURE if the entry's protection
 * forbids the access; KERN_RESOURCE_SHORTAGE when no page (or page-table
 * page, or object) could be had: the caller may wait for memory and retry.
 * Conditions: no VM lock held; may be called with interrupts enabled.
 */
kern_return_t vm_fault(struct vm_map *map, vaddr_t va, vm_prot_t fault_type);

/* Counters for tests and statistics. */
struct vm_fault_stats {
	unsigned long faults;		/* calls that succeeded */
	unsigned long zero_fills;	/* pages made by zero fill */
	unsigned long cow_copies;	/* pages copied up a shadow chain */
	unsigned long backing_reads;	/* backing pages mapped read-only */
};
void vm_fault_get_stats(struct vm_fault_stats *out);

#endif /* VM_VM_FAULT_H */
