/*
 * vm/vm_user.h - the virtual memory calls of the mach interface
 * (subsystem 2000: vm_allocate ... vm_machine_attribute) on an address
 * map, and the kernel's way of giving a task new memory filled with data
 * (the ELF loader, out-of-line message data).
 *
 * The functions carry GNU Mach's names and take the map the generated
 * stubs convert the task port into (convert_port_to_map); the S_vm_*
 * server functions (vm/vm_user_server.c) only adapt their arguments.
 * Addresses and sizes are rounded as Mach does: a range [address, address
 * + size) covers every page it touches.  Every function returns
 * KERN_INVALID_ARGUMENT for a NULL map.  Conditions for all: no VM lock
 * held (they take the map's); they may run with interrupts enabled.
 */
#ifndef VM_VM_USER_H
#define VM_VM_USER_H

#include <kern/types.h>
#include <mach/kern_return.h>
#include <mach/mach_types.h>
#include <mach/vm_inherit.h>
#include <mach/vm_types.h>
#include <vm/pmap.h>

#include <vm/vm_map.h>

struct vm_map_copy;

/* What vm_allocate gives: read and write (maximum: everything). */
#define VM_PROT_DEFAULT		(VM_PROT_READ | VM_PROT_WRITE)

/*
 * The largest vm_read: its copy goes out of line in the reply
 * (ipc/ipc_kmsg.h: IPC_OOL_MAX_SIZE).
 */
#define VM_READ_MAX		(256ul << 20)

/*
 * vm_allocate: zero-filled memory, read/write, inheritance COPY: with
 * anywhere the lowest free range of round_page(size) bytes, else exactly
 * the pages covering [*addr, *addr + size).  size 0 succeeds with *addr 0
 * (as GNU Mach).  KERN_NO_SPACE: no free range large enough, or the fixed
 * range overlaps memory already allocated; KERN_INVALID_ADDRESS: the fixed
 * range is not inside the task's address space;
 * KERN_RESOURCE_SHORTAGE.
 */
kern_return_t vm_allocate(struct vm_map *map, vm_address_t *addr,
			  vm_size_t size, bool anywhere);

/*
 * vm_map_memory: the vm_map call without a memory object: zero-filled
 * memory (the default memory manager's, in Mach) of round_page(size)
 * bytes at trunc_page(*addr), or anywhere at or above it at an address
 * whose bits in mask are clear, with protections cur and max and
 * inheritance inh.  KERN_INVALID_ARGUMENT for size 0, bits outside
 * VM_PROT_ALL, cur not within max or an unknown inheritance; otherwise
 * the errors of vm_allocate.  (With a memory object: the pager issue.)
 */
kern_return_t vm_map_memory(struct vm_map *map, vm_address_t *addr,
			    vm_size_t size, vm_address_t mask, bool anywhere,
			    vm_prot_t cur, vm_prot_t max, vm_inherit_t inh);

/*
 * vm_deallocate: unmap the pages covering [addr, addr + size); pages not
 * allocated are ignored, size 0 does nothing.  KERN_INVALID_ARGUMENT if
 * the range wraps around the address space.
 */
kern_return_t vm_deallocate(struct vm_map *map, vm_address_t addr,
			    vm_size_t size);

/*
 * vm_protect: set the current protection (or with set_max the maximum,
 * lowering the current one to fit) of the pages covering the range.
 * KERN_INVALID_ARGUMENT for bits outside VM_PROT_ALL;
 * KERN_INVALID_ADDRESS if part of the range is not allocated;
 * KERN_PROTECTION_FAILURE if new_prot exceeds the maximum of some page (a
 * maximum never rises).  Nothing changes on error.
 */
kern_return_t vm_protect(struct vm_map *map, vm_address_t addr,
			 vm_size_t size, bool set_max, vm_prot_t new_prot);

/*
 * vm_inherit: set the inheritance of the pages covering the range.
 * KERN_INVALID_ARGUMENT for an unknown inheritance; KERN_INVALID_ADDRESS
 * if part of the range is not allocated.
 */
kern_return_t vm_inherit(struct vm_map *map, vm_address_t addr,
			 vm_size_t size, vm_inherit_t inheritance);

/*
 * vm_read: a virtual copy (vm/vm_map_copy.h) of the pages covering
 * [addr, addr + size) (any alignment: the copy's data starts at addr's
 * in-page offset), which the caller owns (*copy NULL for size 0): the
 * reply of the vm_read routine carries it out of line, and the message
 * copyout maps it in the caller.  Nothing is copied nor made: the pages
 * are shared copy-on-write.  KERN_INVALID_ADDRESS if part of the range is
 * not allocated; KERN_PROTECTION_FAILURE if part of it is not readable;
 * KERN_RESOURCE_SHORTAGE on exhaustion or if size exceeds VM_READ_MAX.
 */
kern_return_t vm_read(struct vm_map *map, vm_address_t addr, vm_size_t size,
		      struct vm_map_copy **copy);

/*
 * vm_write: write the size bytes of copy (a request's out-of-line data)
 * over [addr, addr + size), which must be allocated and writable (checked
 * before anything is written; vm_map_copy_overwrite).  addr and size must
 * be page aligned (as in CMU and GNU Mach: KERN_INVALID_ARGUMENT), and
 * size copy's size.  KERN_INVALID_ADDRESS, KERN_PROTECTION_FAILURE as
 * vm_read.  Consumes copy on success only.
 */
kern_return_t vm_write(struct vm_map *map, vm_address_t addr,
		       struct vm_map_copy *copy, vm_size_t size);

/*
 * vm_copy: copy [src, src + size) over [dst, dst + size) in the same
 * address space, as if through a snapshot of the source (overlapping
 * ranges are fine).  Page aligned addresses and size, else
 * KERN_INVALID_ARGUMENT; the source must be readable and the destination
 * writable (checked first: KERN_INVALID_ADDRESS, KERN_PROTECTION_FAILURE).
 */
kern_return_t vm_copy(struct vm_map *map, vm_address_t src, vm_size_t size,
		      vm_address_t dst);

/* What vm_region reports about one region. */
struct vm_region_basic {
	vm_address_t address;
	vm_size_t size;
	vm_prot_t protection, max_protection;
	vm_inherit_t inheritance;
	bool shared;
	vm_offset_t offset;
};

/*
 * vm_region: the region (maximal range of pages with the same attributes
 * and object) containing addr or else the first one above it.
 * KERN_NO_SPACE if there is none.  Object name ports do not exist yet:
 * the server function returns MACH_PORT_NULL for object_name.
 */
kern_return_t vm_region(struct vm_map *map, vm_address_t addr,
			struct vm_region_basic *out);

/*
 * vm_statistics: the page counts of the whole machine (vm_page_counts:
 * free, active, inactive, wired pages and reactivations) and the fault
 * counters (vm_fault_get_stats): zero_fill_count (pages made by zero
 * fill), faults (faults resolved, user and copyin/copyout), cow_faults
 * (pages copied on write), lookups (pages the fault handler looked up)
 * and hits (of which found resident in the shadow chain).  pageins and
 * pageouts are 0 until pagers exist.
 */
kern_return_t vm_statistics(struct vm_map *map, vm_statistics_data_t *stats);

/*
 * vm_wire: the mach_host routine once the host privileged port has been
 * checked (kern/host_server.c): wire the pages covering [addr, addr +
 * size) for access (vm_map_wire), or with VM_PROT_NONE undo one wiring.
 * KERN_INVALID_TASK for a NULL map; KERN_INVALID_ARGUMENT for access bits
 * outside VM_PROT_ALL; size 0 does nothing; KERN_INVALID_ADDRESS for a
 * range that wraps; otherwise the errors of vm_map_wire.
 */
kern_return_t vm_wire(struct vm_map *map, vm_address_t addr, vm_size_t size,
		      vm_prot_t access);

/*
 * vm_machine_attribute: machine-specific attributes (cache control) of a
 * range.  No port has any yet: KERN_INVALID_ARGUMENT for every attribute
 * (GNU Mach's x86 answers the same kind of refusal).  A port that gains
 * some adds an MD hook here (pmap_attribute(pmap, start, end, attribute,
 * value) as in Mach), called after the range has been checked.
 */
kern_return_t vm_machine_attribute(struct vm_map *map, vm_address_t addr,
				   vm_size_t size,
				   vm_machine_attribute_t attribute,
				   vm_machine_attribute_val_t *value);

#endif /* VM_VM_USER_H */
