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

/*
 * vm_fault_page: the kernel's own access to a page of map (vm_read,
 * vm_write, vm_copy): resolve an access to va as vm_fault does (zero
 * fill, copy-on-write, the same errors) but enter nothing in map->pmap;
 * instead call fn(m, arg) with the page holding va while it cannot go
 * away (its object is locked: fn must not sleep nor take VM locks).  With
 * peek (reads only) a page that is zero everywhere is not made: fn gets
 * NULL.  Returns KERN_SUCCESS after fn ran, else an error of vm_fault and
 * fn did not run.  Conditions: no VM lock held.
 */
struct vm_page;
typedef void (*vm_fault_page_fn)(struct vm_page *m, void *arg);
kern_return_t vm_fault_page(struct vm_map *map, vaddr_t va, vm_prot_t access,
			    bool peek, vm_fault_page_fn fn, void *arg);

/*
 * vm_fault_user (vm/vm_fault_user.c, kernel only): the ports' entry for a
 * page fault on user address va that the pmap could not fix: from user
 * mode, or from kernel mode inside copyin/copyout/md_probe_*.  access is
 * the decoded access (VM_PROT_READ, VM_PROT_WRITE or VM_PROT_EXECUTE).
 * Resolves it with vm_fault in the current task's map, with interrupts
 * enabled meanwhile if intr (the faulting context had them enabled).
 * Returns KERN_SUCCESS (retry the access) or an error:
 * KERN_INVALID_ARGUMENT for VM_PROT_NONE (a fault the port decoded as
 * none the VM resolves); KERN_INVALID_ADDRESS for an address outside the
 * user half or a task without user memory; an error of vm_fault; or
 * KERN_FAILURE for a fault taken with preemption disabled (a simple lock
 * held: the map's lock could be among them) or one that keeps coming
 * back after being resolved.
 * Conditions: trap path, interrupts disabled on entry and on return.
 */
kern_return_t vm_fault_user(vaddr_t va, vm_prot_t access, bool intr);

/* Counters for tests and statistics. */
struct vm_fault_stats {
	unsigned long faults;		/* calls that succeeded */
	unsigned long zero_fills;	/* pages made by zero fill */
	unsigned long cow_copies;	/* pages copied up a shadow chain */
	unsigned long backing_reads;	/* backing pages mapped read-only */
	unsigned long lookups;		/* pages looked up by faults */
	unsigned long hits;		/* ... found resident in the chain */
};
void vm_fault_get_stats(struct vm_fault_stats *out);

/*
 * vm_fault_wire_page: for vm_wire (vm/vm_map_wire.c): make the page at
 * offset of first resident in first itself, as a write fault would
 * (copied up from the shadow chain, the original unmapped everywhere, or
 * zero-filled) but whatever the entry's protection, and wire it
 * (vm_page_wire).  A wired page thus never lies in a backing object, so
 * no copy-on-write fault can hide it and unwiring finds it in first.
 * Returns the page, or NULL if no page was free.  Conditions: first
 * locked (and the map above it); nothing else.  first is still locked on
 * return.
 */
struct vm_object;
struct vm_page *vm_fault_wire_page(struct vm_object *first, uint64_t offset);

#endif /* VM_VM_FAULT_H */
