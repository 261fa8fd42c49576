/*
 * vm/vm_object.h - VM objects: the kernel's cache of a memory object's
 * pages, with reference counts and shadow chains for copy-on-write.
 *
 * An object is a sparse array of resident pages indexed by byte offset
 * (a multiple of PAGE_SIZE).  A page absent from an object is found, in
 * order: in the object's pager (none yet: the external memory management
 * interface is a later issue), else in its shadow (the object it was
 * copied from, at offset + shadow_offset), else it is zero.  A chain of
 * shadows is how a virtual copy works: the copy's writes land in the top
 * object, reads fall through to the original until written.
 *
 * References: every map entry naming the object, every object shadowing
 * it, and any transient holder (a fault in progress, a collapse) holds one
 * reference.  The last vm_object_deallocate terminates the object: its
 * pages are unmapped from every pmap and freed, and the reference it held
 * on its shadow is dropped in turn.
 *
 * Collapse keeps chains short (vm_object_collapse): a backing object
 * referenced only by the object above it is merged into it; a backing
 * object whose pages are all hidden by the object above it is bypassed.
 *
 * Locking: object->lock (a simple lock) protects every field and the
 * object's page hash.  Order: map locks before object locks; along a
 * shadow chain, an object before its shadow (top down); object locks
 * before the pmap and page-queue locks.  Going against the order (from a
 * backing object up to a shadowing one) is done only with a try-lock.
 */
#ifndef VM_VM_OBJECT_H
#define VM_VM_OBJECT_H

#include <kern/types.h>
#include <kern/list.h>
#include <kern/lock.h>
#include <mach/kern_return.h>
#include <vm/pmap.h>

struct vm_page;

struct vm_object {
	simple_lock_t lock;
	unsigned int ref_count;
	unsigned int resident_page_count;
	uint64_t size;			/* bytes; pages may exist beyond it */

	/* Copy-on-write: this object's offset o reads shadow's o + shadow_offset. */
	struct vm_object *shadow;	/* holds a reference */
	uint64_t shadow_offset;
	struct list_node shadowers;	/* objects whose shadow we are */
	struct list_node shadow_link;	/* in shadow->shadowers (its lock) */
	unsigned int shadow_count;	/* length of shadowers */

	/*
	 * Resident pages: a hash of nbuckets (a power of two) chains through
	 * vm_page.u.obj.hash_next.  bucket0 is the storage of the one-bucket
	 * table every object starts with, so that small objects allocate no
	 * table at all.
	 */
	struct vm_page **buckets;
	unsigned int nbuckets;
	struct vm_page *bucket0;

	bool internal;		/* made by the kernel: zero-fill, no pager */
	bool temporary;		/* contents die with the object */
	/*
	 * symmetric: a virtual copy may use the symmetric strategy (both the
	 * source and the copy entry get needs_copy and shadow on their first
	 * write).  True for the kernel's anonymous objects; an object that
	 * other parties may write behind the map's back (a pager's, later)
	 * is copied eagerly instead.
	 */
	bool symmetric;
	/*
	 * one_mapping: the object is mapped only by map entries covering
	 * disjoint ranges of its offsets, at most once each, and nothing
	 * shadows it; unmapping a range may then free that range's pages at
	 * once.  Cleared for good when the object is copied, shadowed,
	 * moved into a share map or mapped explicitly.
	 */
	bool one_mapping;

	/*
	 * Reserved for the pager issue: the memory object (a port) backing
	 * this object, and the count of pager operations in flight.  Both
	 * are NULL/0 today; collapse and bypass skip objects with either.
	 */
	void *pager;
	unsigned int paging_in_progress;
};

/*
 * vm_object_allocate: a new internal, temporary, symmetric, one-mapping
 * object of size bytes with no pages and one reference.  Returns NULL on
 * exhaustion.
 */
struct vm_object *vm_object_allocate(uint64_t size);

/* vm_object_reference: add a reference (NULL is ignored). Conditions: object unlocked. */
void vm_object_reference(struct vm_object *object);

/*
 * vm_object_deallocate: drop a reference (NULL is ignored); the last one
 * terminates the object and then drops its shadow.  When the remaining
 * reference of an object is its only shadower's, that shadower is
 * collapsed onto it.  Conditions: no object lock held (map locks may be).
 */
void vm_object_deallocate(struct vm_object *object);

/* ---- Resident pages (object locked for all of these) ------------------- */

struct vm_page *vm_object_page_lookup(struct vm_object *object, uint64_t offset);

/* vm_object_page_insert: enter m (in no object) at offset, which must be free. */
void vm_object_page_insert(struct vm_object *object, struct vm_page *m,
			   uint64_t offset);

/* vm_object_page_remove: take m out of its object (it stays allocated). */
void vm_object_page_remove(struct vm_object *object, struct vm_page *m);

/*
 * vm_object_page_alloc: a new page entered at offset (free) and put on the
 * active queue; contents undefined.  Returns NULL when no page is free.
 */
struct vm_page *vm_object_page_alloc(struct vm_object *object, uint64_t offset);

/*
 * vm_object_page_free: remove m from every pmap, from the object, and
 * give it back to the page allocator.
 */
void vm_object_page_free(struct vm_object *object, struct vm_page *m);

/* vm_object_page_remove_range: free every resident page in [start, end). */
void vm_object_page_remove_range(struct vm_object *object, uint64_t start,
				 uint64_t end);

/*
 * vm_object_pmap_protect: lower to prot every mapping, in any pmap, of the
 * object's resident pages in [start, end) (pmap_page_protect).
 */
void vm_object_pmap_protect(struct vm_object *object, uint64_t start,
			    uint64_t end, vm_prot_t prot);

/* ---- Copy-on-write ----------------------------------------------------- */

/*
 * vm_object_shadow: replace *object (whose reference the caller gives up)
 * by a new object of size bytes shadowing it at *offset; *offset becomes
 * 0.  Returns false, changing nothing, on exhaustion.  Conditions: no
 * object lock held.
 */
bool vm_object_shadow(struct vm_object **object, uint64_t *offset,
		      uint64_t size);

/*
 * vm_object_collapse: shorten object's shadow chain: merge backing
 * objects that only object refers to, bypass those whose visible pages
 * object already has.  Conditions: object referenced, unlocked, no lower
 * object locked.
 */
void vm_object_collapse(struct vm_object *object);

/*
 * vm_object_coalesce: try to extend object, mapped at [offset, offset +
 * size), by next_size bytes of zero-fill so that a new neighbouring range
 * can use it instead of a new object.  Returns true if it did.
 * Conditions: object unlocked.
 */
bool vm_object_coalesce(struct vm_object *object, uint64_t offset,
			uint64_t size, uint64_t next_size);

/*
 * vm_object_copy_slowly: a new object holding now a copy of what src
 * shows (its shadow chain included) in [offset, offset + size), at
 * offsets from 0.  For wired ranges and objects that cannot be copied
 * symmetrically.  Returns KERN_SUCCESS with *result (one reference) or
 * KERN_RESOURCE_SHORTAGE.  Conditions: src referenced and unlocked.
 */
kern_return_t vm_object_copy_slowly(struct vm_object *src, uint64_t offset,
				    uint64_t size, struct vm_object **result);

/* ---- Statistics and checks (tests, debugging) --------------------------- */

unsigned long vm_object_count(void);		/* live objects */
unsigned long vm_object_resident_count(void);	/* pages in objects */
unsigned long vm_object_collapse_count(void);	/* merges done */
unsigned long vm_object_bypass_count(void);	/* bypasses done */

/* vm_object_chain_length: 1 + the number of objects below object. */
unsigned int vm_object_chain_length(struct vm_object *object);

/*
 * vm_object_for_each_page: call fn on every resident page (object locked;
 * fn must not insert or remove pages).
 */
void vm_object_for_each_page(struct vm_object *object,
			     void (*fn)(struct vm_page *m, void *arg), void *arg);

#endif /* VM_VM_OBJECT_H */
