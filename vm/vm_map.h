/*
 * vm/vm_map.h - address maps: a task's (sparse, 64-bit) address space as
 * a sorted set of entries, each mapping [start, end) to an object at an
 * offset with a protection, a maximum protection and an inheritance.
 *
 * Maps are two-level, as in the Mach paper (5.1): an entry of a task map
 * refers either to a VM object directly, or, once the range has been
 * shared with another task through VM_INHERIT_SHARE, to a share map (a map
 * without a pmap) that every sharer's entry refers to.  Per-task
 * attributes (protection, inheritance, wiring) stay in the task maps; what
 * the memory IS (its object, its copy-on-write state) lives in the share
 * map, so that a copy-on-write shadow or an object created by a later
 * fault in a shared range is seen by every sharer.
 *
 * Entries are kept both in an address-ordered list and in an AVL tree
 * keyed by start address.  Each tree node also records the free gap after
 * its entry and the largest gap in its subtree, so that lookups and
 * first-fit allocation are logarithmic; map->hint remembers the last entry
 * found.  Neighbouring entries with the same attributes and contiguous
 * offsets in the same object are merged, so a region (vm_map_region) is
 * maximal.
 *
 * Copy-on-write: an entry with needs_copy shares its object with another
 * entry (a virtual copy made by fork); the first write through either one
 * gives it its own shadow object (vm_map_lookup), and until then its pages
 * are mapped read-only.
 *
 * Locking: map->lock, a simple lock today (a sleeping read/write lock once
 * faults may wait for pagers), protects the entries, the tree, the hint and
 * the counters; the fault path holds it across the whole fault.  Order:
 * task map, then share map, then objects (vm/vm_object.h), then the pmap.
 * The ref_count is atomic.
 */
#ifndef VM_VM_MAP_H
#define VM_VM_MAP_H

#include <kern/types.h>
#include <kern/list.h>
#include <kern/lock.h>
#include <mach/kern_return.h>
#include <mach/vm_inherit.h>
#include <vm/pmap.h>

struct vm_object;
struct vm_map;

struct vm_map_entry {
	/* AVL tree by start; gap = free space up to the next entry (or the map's end). */
	struct vm_map_entry *parent, *left, *right;
	int height;
	vaddr_t gap, max_gap;		/* max_gap: largest gap in the subtree */
	struct list_node link;		/* the address-ordered list */

	vaddr_t start, end;		/* [start, end), page aligned */
	union {
		struct vm_object *object;	/* may be NULL: zero-fill, made on first fault */
		struct vm_map *share_map;	/* is_sub_map */
	} u;
	uint64_t offset;		/* of start in the object (or share map) */
	vm_prot_t protection, max_protection;
	vm_inherit_t inheritance;
	unsigned int wired_count;
	bool needs_copy;		/* object shared by a virtual copy: shadow on write */
	bool is_sub_map;		/* u.share_map, not u.object */
};

struct vm_map {
	simple_lock_t lock;
	unsigned int ref_count;		/* atomic */
	pmap_t pmap;			/* NULL for a share map */
	vaddr_t min_offset, max_offset;	/* the map's range */
	struct list_node entries;	/* vm_map_entry.link, by address */
	struct vm_map_entry *root;
	struct vm_map_entry *hint;	/* last entry found, or NULL */
	unsigned int nentries;
	size_t size;			/* bytes mapped */
	unsigned int timestamp;		/* bumped by every change of entries */
	bool is_share_map;
};

typedef struct vm_map *vm_map_t;

/*
 * vm_map_create: an empty map of [min, max) over pmap (NULL for a share
 * map), with one reference.  The map takes over the caller's reference on
 * pmap and destroys it with itself.  Returns NULL on exhaustion.
 */
vm_map_t vm_map_create(pmap_t pmap, vaddr_t min, vaddr_t max);

/* vm_map_reference / vm_map_deallocate: the last reference removes
 * every entry and destroys the map and its pmap; deallocating NULL does
 * nothing.  Conditions: no lock of this map held. */
void vm_map_reference(vm_map_t map);
void vm_map_deallocate(vm_map_t map);

/*
 * vm_map_enter: map size bytes of object at offset, at *addr (fixed) or at
 * the first free range at or above *addr (anywhere; wrapping to the
 * bottom of the map) whose address has the bits of mask clear.  object
 * NULL means zero-filled memory (the object is made by the first fault).
 * The entry takes the caller's reference on object on success only.
 * Returns KERN_SUCCESS with *addr set; KERN_INVALID_ARGUMENT for a zero or
 * unaligned size, address or offset, bad protections (bits outside
 * VM_PROT_ALL, cur not within max) or inheritance, a range beyond the
 * object's size, or an object that others shadow without needs_copy;
 * KERN_INVALID_ADDRESS if a fixed range leaves the map;
 * KERN_NO_SPACE if a fixed range overlaps an entry or no free range fits;
 * KERN_RESOURCE_SHORTAGE on exhaustion.
 * Conditions: map unlocked.
 */
kern_return_t vm_map_enter(vm_map_t map, vaddr_t *addr, size_t size,
			   vaddr_t mask, bool anywhere, struct vm_object *object,
			   uint64_t offset, bool needs_copy, vm_prot_t cur,
			   vm_prot_t max, vm_inherit_t inheritance);

/*
 * vm_map_enter_data: new memory of size bytes (page aligned) at *addr
 * (fixed) or at the first free range at or above *addr (anywhere),
 * protection prot (maximum VM_PROT_ALL), inheritance inh, whose bytes
 * [offset, offset + len) are a copy of data and the rest zero.  Only the
 * pages data touches are made now (in a new object, which the entry
 * holds); the others are zero-filled by their first fault.  Returns
 * KERN_SUCCESS with *addr set, or the errors of vm_map_enter
 * (KERN_INVALID_ARGUMENT also for a data range outside size); nothing is
 * left mapped on failure.  (Implemented in vm/vm_user.c.)
 */
kern_return_t vm_map_enter_data(struct vm_map *map, vaddr_t *addr, size_t size,
				bool anywhere, const void *data, size_t offset,
				size_t len, vm_prot_t prot, vm_inherit_t inh);

/*
 * vm_map_remove: unmap [start, end) (page aligned), clipped to the map's
 * range; holes are allowed.  KERN_INVALID_ARGUMENT if unaligned or
 * start > end; KERN_RESOURCE_SHORTAGE (nothing changed) on exhaustion.
 * Conditions: map unlocked (as for every function here unless said).
 */
kern_return_t vm_map_remove(vm_map_t map, vaddr_t start, vaddr_t end);

/*
 * vm_map_protect: set the current protection (or, with set_max, the
 * maximum, the current one being lowered to fit) of [start, end).
 * Checked before anything changes: KERN_INVALID_ARGUMENT for bad bits or
 * alignment, KERN_INVALID_ADDRESS if the range leaves the map or has a
 * hole, KERN_PROTECTION_FAILURE if new_prot exceeds some entry's maximum
 * (a maximum never rises).  Conditions: map unlocked.
 */
kern_return_t vm_map_protect(vm_map_t map, vaddr_t start, vaddr_t end,
			     vm_prot_t new_prot, bool set_max);

/*
 * vm_map_inherit: set the inheritance of [start, end); errors as
 * vm_map_protect.  Conditions: map unlocked.
 */
kern_return_t vm_map_inherit(vm_map_t map, vaddr_t start, vaddr_t end,
			     vm_inherit_t inheritance);

struct vm_region_info {
	vaddr_t start;
	size_t size;
	vm_prot_t protection, max_protection;
	vm_inherit_t inheritance;
	bool shared;			/* shared with another task (share map) */
	struct vm_object *object;	/* identity only (no reference); may be NULL */
	uint64_t offset;
};

/*
 * vm_map_wire: with access other than VM_PROT_NONE, wire [start, end)
 * (page aligned) once more: each entry's wired_count rises; an entry
 * wired for the first time gets every page resident in its first object
 * (zero fill, copied up from its shadow chain, a shadow made first if it
 * needs_copy), held by vm_page_wire off the page queues and mapped wired
 * in the pmap, so that its accesses no longer fault.  With VM_PROT_NONE,
 * undo one wiring of every entry in the range; pages whose entry reaches
 * 0 go back to the active queue.  Checked before anything changes:
 * KERN_INVALID_ARGUMENT for unaligned bounds, start > end, bits outside
 * VM_PROT_ALL or a map without a pmap (a share map);
 * KERN_INVALID_ADDRESS if the range leaves the map or has a hole;
 * KERN_PROTECTION_FAILURE if access exceeds some entry's current
 * protection; KERN_INVALID_ARGUMENT when unwiring a range some part of
 * which is not wired.  KERN_RESOURCE_SHORTAGE (nothing left changed) if
 * a page or an entry could not be had.  (vm/vm_map_wire.c)
 * Conditions: map unlocked.
 */
kern_return_t vm_map_wire(vm_map_t map, vaddr_t start, vaddr_t end,
			  vm_prot_t access);

/*
 * vm_map_region: the region containing addr or else the first one above
 * it.  Returns KERN_SUCCESS with *info filled, or KERN_NO_SPACE if there
 * is none.  Conditions: map unlocked.
 */
kern_return_t vm_map_region(vm_map_t map, vaddr_t addr,
			    struct vm_region_info *info);

/*
 * The result of vm_map_lookup: where the page of a faulting address
 * lives, and how it may be mapped.  map (and share_map, when the address
 * is in a shared range) stay locked until vm_map_lookup_done.
 */
struct vm_map_lookup_result {
	vm_map_t map;			/* the task map (locked) */
	vm_map_t share_map;		/* NULL, or the share map (locked) */
	struct vm_map_entry *entry;	/* in share_map if set, else in map */
	struct vm_object *object;	/* first object: never NULL */
	uint64_t offset;		/* of the page in object */
	vm_prot_t prot;			/* what the mapping may allow */
	bool wired;
};

/*
 * vm_map_lookup: validate a fault_type access to va and find its object
 * and offset, creating the zero-fill object of an entry that has none and
 * the shadow of a needs_copy entry being written.  A read of a needs_copy
 * entry gets prot without write.  Returns KERN_SUCCESS with the maps
 * locked (release with vm_map_lookup_done); KERN_INVALID_ADDRESS if va is
 * not mapped, KERN_PROTECTION_FAILURE if the entry forbids fault_type,
 * KERN_RESOURCE_SHORTAGE on exhaustion, all with nothing locked.
 * Conditions: map unlocked on entry.
 */
kern_return_t vm_map_lookup(vm_map_t map, vaddr_t va, vm_prot_t fault_type,
			    struct vm_map_lookup_result *r);
void vm_map_lookup_done(struct vm_map_lookup_result *r);

/*
 * vm_map_fork: the address space of a task created from parent with
 * inherited memory: VM_INHERIT_NONE ranges stay holes, COPY ranges become
 * virtual copies (both sides copy-on-write; wired or non-symmetric
 * objects are copied at once), SHARE ranges are shared through a share
 * map.  The new map uses pmap (its reference is taken over, even on
 * failure).  Returns NULL on exhaustion; the parent then still holds the
 * same memory.  Conditions: parent unlocked.
 */
vm_map_t vm_map_fork(vm_map_t parent, pmap_t pmap);

/*
 * vm_map_lookup_entry: true with *entry the entry containing addr, else
 * false with *entry the last entry below addr (NULL if none).  Updates the
 * hint.  Conditions: map locked.
 */
bool vm_map_lookup_entry(vm_map_t map, vaddr_t addr,
			 struct vm_map_entry **entry);

/* vm_map_first / vm_map_next: walk the entries in address order (map locked). */
struct vm_map_entry *vm_map_first(vm_map_t map);
struct vm_map_entry *vm_map_next(vm_map_t map, struct vm_map_entry *e);

/* Live maps (share maps included) and entries, for tests and statistics. */
unsigned long vm_map_count(void);
unsigned long vm_map_entry_count(void);

#endif /* VM_VM_MAP_H */
