/*
 * vm/vm_object.c - VM objects: resident pages by offset, references,
 * termination, shadow chains, collapse and bypass.
 *
 * Invariants (under the object's lock unless said otherwise):
 *  - a resident page m of object o has m->u.obj.object == o, a page-aligned
 *    m->u.obj.offset unique within o, and sits in exactly one chain of o's
 *    page hash; resident_page_count counts them;
 *  - ref_count >= shadow_count + 1 while the object is mapped: every object
 *    on o->shadowers holds one reference on o (through its shadow field);
 *  - a page of a backing object (one with shadowers) is never mapped
 *    writable: writes to it are copy-on-write faults of the object above;
 *  - an object with one_mapping set has no shadowers.
 */
#include <kern/panic.h>
#include <kern/string.h>
#include <vm/vm_kern.h>
#include <vm/vm_object.h>
#include <vm/vm_page.h>

#define HASH_MULT	0x9E3779B97F4A7C15ULL
#define MAX_BUCKETS	(1u << 20)

static unsigned long objects_alive;
static unsigned long pages_resident;
static unsigned long collapses, bypasses;

static inline void count_add(unsigned long *c, long d)
{
	__atomic_add_fetch(c, (unsigned long)d, __ATOMIC_RELAXED);
}

static inline unsigned int page_bucket(const struct vm_object *o,
				       uint64_t offset)
{
	return (unsigned int)(((offset >> PAGE_SHIFT) * HASH_MULT) >> 40) &
	       (o->nbuckets - 1);
}

/*
 * hash_resize: rebuild the page hash with n buckets (a power of two).  A
 * failed allocation keeps the old table: chains only get longer.
 * Conditions: object locked; no iteration over its hash in progress.
 */
static void hash_resize(struct vm_object *o, unsigned int n)
{
	struct vm_page **old = o->buckets, **nb;
	unsigned int oldn = o->nbuckets;

	if (n == oldn)
		return;
	if (n == 1) {
		o->bucket0 = NULL;
		nb = &o->bucket0;
	} else {
		nb = kalloc(n * sizeof(*nb));
		if (!nb)
			return;
		memset(nb, 0, n * sizeof(*nb));
	}
	o->buckets = nb;
	o->nbuckets = n;
	for (unsigned int i = 0; i < oldn; i++) {
		struct vm_page *m = old[i], *next;

		for (; m; m = next) {
			unsigned int b = page_bucket(o, m->u.obj.offset);

			next = m->u.obj.hash_next;
			m->u.obj.hash_next = nb[b];
			nb[b] = m;
		}
	}
	if (old != &o->bucket0)
		kfree(old, oldn * sizeof(*old));
}

/* hash_maybe_shrink: give back a table far larger than the pages need. */
static void hash_maybe_shrink(struct vm_object *o)
{
	unsigned int n = o->nbuckets;

	while (n > 1 && o->resident_page_count < n / 8)
		n /= 4;
	if (n < 1)
		n = 1;
	hash_resize(o, n);
}

struct vm_object *vm_object_allocate(uint64_t size)
{
	struct vm_object *o = kalloc(sizeof(*o));

	if (!o)
		return NULL;
	memset(o, 0, sizeof(*o));
	simple_lock_init(&o->lock);
	o->ref_count = 1;
	o->size = size;
	list_init(&o->shadowers);
	list_init(&o->shadow_link);
	o->buckets = &o->bucket0;
	o->nbuckets = 1;
	o->internal = true;
	o->temporary = true;
	o->symmetric = true;
	o->one_mapping = true;
	count_add(&objects_alive, 1);
	return o;
}

void vm_object_reference(struct vm_object *object)
{
	if (!object)
		return;
	simple_lock(&object->lock);
	assert(object->ref_count > 0);
	object->ref_count++;
	simple_unlock(&object->lock);
}

struct vm_page *vm_object_page_lookup(struct vm_object *object, uint64_t offset)
{
	struct vm_page *m;

	assert(simple_lock_held(&object->lock));
	for (m = object->buckets[page_bucket(object, offset)]; m;
	     m = m->u.obj.hash_next)
		if (m->u.obj.offset == offset)
			return m;
	return NULL;
}

void vm_object_page_insert(struct vm_object *object, struct vm_page *m,
			   uint64_t offset)
{
	unsigned int b;

	assert(!(offset & PAGE_MASK));
	assert(!vm_object_page_lookup(object, offset));
	b = page_bucket(object, offset);
	m->u.obj.offset = offset;
	vm_page_set_object(m, object);	/* under the page queue lock too */
	m->u.obj.hash_next = object->buckets[b];
	object->buckets[b] = m;
	object->resident_page_count++;
	count_add(&pages_resident, 1);
	if (object->resident_page_count > 2 * object->nbuckets &&
	    object->nbuckets < MAX_BUCKETS)
		hash_resize(object, object->nbuckets * 4);
}

void vm_object_page_remove(struct vm_object *object, struct vm_page *m)
{
	struct vm_page **pp;

	assert(simple_lock_held(&object->lock));
	assert(m->u.obj.object == object);
	pp = &object->buckets[page_bucket(object, m->u.obj.offset)];
	while (*pp != m) {
		assert(*pp);
		pp = &(*pp)->u.obj.hash_next;
	}
	*pp = m->u.obj.hash_next;
	m->u.obj.hash_next = NULL;
	vm_page_set_object(m, NULL);
	object->resident_page_count--;
	count_add(&pages_resident, -1);
}

struct vm_page *vm_object_page_alloc(struct vm_object *object, uint64_t offset)
{
	struct vm_page *m = vm_page_alloc();

	if (!m)
		return NULL;
	vm_object_page_insert(object, m, offset);
	vm_page_unwire(m);		/* pageable: onto the active queue */
	return m;
}

void vm_object_page_free(struct vm_object *object, struct vm_page *m)
{
	pmap_page_protect(m->phys_addr, VM_PROT_NONE);
	vm_object_page_remove(object, m);
	vm_page_free(m);
}

/*
 * range_apply: call fn on every resident page of object in [start, end),
 * by probing each offset when the range holds fewer pages than the object,
 * else by walking the hash.  fn may remove the page it is given (and only
 * that one).  Conditions: object locked.
 */
static void range_apply(struct vm_object *o, uint64_t start, uint64_t end,
			void (*fn)(struct vm_object *, struct vm_page *, void *),
			void *arg)
{
	if (end <= start || o->resident_page_count == 0)
		return;
	if ((end - start) / PAGE_SIZE <= o->resident_page_count) {
		for (uint64_t off = start; off < end; off += PAGE_SIZE) {
			struct vm_page *m = vm_object_page_lookup(o, off);

			if (m)
				fn(o, m, arg);
		}
		return;
	}
	for (unsigned int i = 0; i < o->nbuckets; i++) {
		struct vm_page *m = o->buckets[i], *next;

		for (; m; m = next) {
			next = m->u.obj.hash_next;
			if (m->u.obj.offset >= start && m->u.obj.offset < end)
				fn(o, m, arg);
		}
	}
}

static void free_one(struct vm_object *o, struct vm_page *m, void *arg)
{
	(void)arg;
	vm_object_page_free(o, m);
}

void vm_object_page_remove_range(struct vm_object *object, uint64_t start,
				 uint64_t end)
{
	assert(simple_lock_held(&object->lock));
	range_apply(object, start, end, free_one, NULL);
	hash_maybe_shrink(object);
}

static void protect_one(struct vm_object *o, struct vm_page *m, void *arg)
{
	(void)o;
	pmap_page_protect(m->phys_addr, *(vm_prot_t *)arg);
}

void vm_object_pmap_protect(struct vm_object *object, uint64_t start,
			    uint64_t end, vm_prot_t prot)
{
	assert(simple_lock_held(&object->lock));
	range_apply(object, start, end, protect_one, &prot);
}

void vm_object_for_each_page(struct vm_object *object,
			     void (*fn)(struct vm_page *m, void *arg), void *arg)
{
	assert(simple_lock_held(&object->lock));
	for (unsigned int i = 0; i < object->nbuckets; i++)
		for (struct vm_page *m = object->buckets[i]; m;
		     m = m->u.obj.hash_next)
			fn(m, arg);
}

/*
 * object_destroy: free an object that has no page, no reference and no
 * shadow link left.  Conditions: object locked (the lock dies with it).
 */
static void object_destroy(struct vm_object *o)
{
	assert(o->resident_page_count == 0 && o->shadow_count == 0);
	if (o->buckets != &o->bucket0)
		kfree(o->buckets, o->nbuckets * sizeof(*o->buckets));
	simple_unlock(&o->lock);
	kfree(o, sizeof(*o));
	count_add(&objects_alive, -1);
}

/*
 * object_terminate: unmap and free every page, then the object.  Its
 * reference on its shadow is the caller's to drop.  Conditions: object
 * locked with no reference left and already unlinked from its shadow.
 */
static void object_terminate(struct vm_object *o)
{
	for (unsigned int i = 0; i < o->nbuckets; i++) {
		struct vm_page *m = o->buckets[i], *next;

		for (; m; m = next) {
			next = m->u.obj.hash_next;
			vm_object_page_free(o, m);
		}
	}
	object_destroy(o);
}

static bool collapsible(const struct vm_object *o)
{
	return o->internal && !o->pager && o->paging_in_progress == 0;
}

/*
 * grab_shadower: a new reference on the only object shadowing o, or NULL.
 * That object is above o in the lock order, so it is only try-locked; a
 * miss merely postpones the collapse to the next fault that walks the
 * chain.  Conditions: o locked.
 */
static struct vm_object *grab_shadower(struct vm_object *o)
{
	struct vm_object *s = list_entry(o->shadowers.next, struct vm_object,
					 shadow_link);

	if (!simple_lock_try(&s->lock))
		return NULL;
	if (s->ref_count == 0) {		/* terminating: leave it be */
		simple_unlock(&s->lock);
		return NULL;
	}
	s->ref_count++;
	simple_unlock(&s->lock);
	return s;
}

void vm_object_deallocate(struct vm_object *object)
{
	while (object) {
		struct vm_object *shadow, *up = NULL;

		simple_lock(&object->lock);
		assert(object->ref_count > 0);
		if (--object->ref_count > 0) {
			/*
			 * If the one reference left is that of our only
			 * shadower, nothing else can read our pages: merge
			 * us into it now rather than keep a dead level (and
			 * the pages it hides) until its next fault.
			 */
			if (object->ref_count == 1 && object->shadow_count == 1 &&
			    collapsible(object))
				up = grab_shadower(object);
			simple_unlock(&object->lock);
			if (!up)
				return;
			vm_object_collapse(up);
			object = up;		/* drop grab_shadower's reference */
			continue;
		}
		assert(object->shadow_count == 0);
		shadow = object->shadow;
		if (shadow) {
			simple_lock(&shadow->lock);
			list_remove(&object->shadow_link);
			shadow->shadow_count--;
			simple_unlock(&shadow->lock);
		}
		object_terminate(object);
		object = shadow;		/* the reference it held */
	}
}

bool vm_object_shadow(struct vm_object **object, uint64_t *offset,
		      uint64_t size)
{
	struct vm_object *old = *object, *s = vm_object_allocate(size);

	if (!s)
		return false;
	simple_lock(&old->lock);
	list_push_back(&old->shadowers, &s->shadow_link);
	old->shadow_count++;
	old->one_mapping = false;
	simple_unlock(&old->lock);
	s->shadow = old;		/* the caller's reference moves here */
	s->shadow_offset = *offset;
	*object = s;
	*offset = 0;
	return true;
}

/*
 * absorb_pages: move backing's pages into o, whose shadow it is and which
 * alone refers to it.  A page outside o's window on backing, or hidden by a
 * page of o at the same place, can never be read again and is freed.
 * Pages that move keep their mappings: those are read-only mappings made
 * for o's own users, who now find the page in o itself.
 * Conditions: o and backing locked.
 */
static void absorb_pages(struct vm_object *o, struct vm_object *backing)
{
	uint64_t base = o->shadow_offset;

	for (unsigned int i = 0; i < backing->nbuckets; i++) {
		struct vm_page *m = backing->buckets[i], *next;

		for (; m; m = next) {
			uint64_t off = m->u.obj.offset;

			next = m->u.obj.hash_next;
			if (off < base || off - base >= o->size ||
			    vm_object_page_lookup(o, off - base)) {
				vm_object_page_free(backing, m);
			} else {
				vm_object_page_remove(backing, m);
				vm_object_page_insert(o, m, off - base);
			}
		}
	}
}

/*
 * bypassable: true if every page backing could show through o is hidden
 * by a page of o, so that o may look past backing to backing's shadow.
 * (backing has no pager: what is not resident in it is not in it at all.)
 * Conditions: o and backing locked.
 */
static bool bypassable(struct vm_object *o, struct vm_object *backing)
{
	uint64_t base = o->shadow_offset;

	if (o->resident_page_count == 0 && backing->resident_page_count != 0)
		return false;
	for (unsigned int i = 0; i < backing->nbuckets; i++) {
		for (struct vm_page *m = backing->buckets[i]; m;
		     m = m->u.obj.hash_next) {
			uint64_t off = m->u.obj.offset;

			if (off >= base && off - base < o->size &&
			    !vm_object_page_lookup(o, off - base))
				return false;
		}
	}
	return true;
}

/*
 * collapse_step: one shortening of o's chain at its first link.  Returns
 * true if the chain changed; after a bypass *drop is the old backing
 * object, whose reference the caller drops once o is unlocked.
 * Conditions: o locked (and referenced).
 */
static bool collapse_step(struct vm_object *o, struct vm_object **drop)
{
	struct vm_object *backing = o->shadow, *next;

	if (!backing || !collapsible(o))
		return false;
	simple_lock(&backing->lock);
	if (!collapsible(backing)) {
		simple_unlock(&backing->lock);
		return false;
	}
	next = backing->shadow;
	if (backing->ref_count == 1) {
		/* Only o refers to backing: merge it into o. */
		assert(backing->shadow_count == 1);
		absorb_pages(o, backing);
		list_remove(&o->shadow_link);
		backing->shadow_count = 0;
		if (next) {
			simple_lock(&next->lock);
			list_remove(&backing->shadow_link);
			list_push_back(&next->shadowers, &o->shadow_link);
			simple_unlock(&next->lock);
		}
		o->shadow = next;	/* backing's reference on next */
		o->shadow_offset += backing->shadow_offset;
		backing->ref_count = 0;
		object_destroy(backing);
		count_add(&collapses, 1);
		return true;
	}
	if (!bypassable(o, backing)) {
		simple_unlock(&backing->lock);
		return false;
	}
	list_remove(&o->shadow_link);
	backing->shadow_count--;
	if (next) {
		simple_lock(&next->lock);
		next->ref_count++;
		list_push_back(&next->shadowers, &o->shadow_link);
		next->shadow_count++;
		simple_unlock(&next->lock);
	}
	o->shadow = next;
	o->shadow_offset += backing->shadow_offset;
	simple_unlock(&backing->lock);
	*drop = backing;
	count_add(&bypasses, 1);
	return true;
}

void vm_object_collapse(struct vm_object *object)
{
	for (;;) {
		struct vm_object *drop = NULL;

		simple_lock(&object->lock);
		while (collapse_step(object, &drop) && !drop)
			;
		simple_unlock(&object->lock);
		if (!drop)
			return;
		vm_object_deallocate(drop);
	}
}

bool vm_object_coalesce(struct vm_object *object, uint64_t offset,
			uint64_t size, uint64_t next_size)
{
	uint64_t end = offset + size;
	bool ok;

	simple_lock(&object->lock);
	ok = collapsible(object) && !object->shadow && object->one_mapping &&
	     object->shadow_count == 0;
	if (ok) {
		/* Stale pages of an earlier, since unmapped, extension. */
		vm_object_page_remove_range(object, end, end + next_size);
		if (object->size < end + next_size)
			object->size = end + next_size;
	}
	simple_unlock(&object->lock);
	return ok;
}

/*
 * copy_level: copy into dst every page of o that src's window shows, for
 * o at depth delta (o's offset x is src's offset x - delta) below src.
 * Pages dst already has came from a higher level and win.  Returns false
 * when out of pages.  Conditions: o and dst locked.
 */
static bool copy_level(struct vm_object *dst, struct vm_object *o,
		       uint64_t delta, uint64_t offset, uint64_t size)
{
	for (unsigned int i = 0; i < o->nbuckets; i++) {
		for (struct vm_page *m = o->buckets[i]; m;
		     m = m->u.obj.hash_next) {
			uint64_t x = m->u.obj.offset, s;
			struct vm_page *c;

			if (x < delta || (s = x - delta) < offset ||
			    s - offset >= size ||
			    vm_object_page_lookup(dst, s - offset))
				continue;
			c = vm_object_page_alloc(dst, s - offset);
			if (!c)
				return false;
			pmap_copy_page(m->phys_addr, c->phys_addr);
		}
	}
	return true;
}

kern_return_t vm_object_copy_slowly(struct vm_object *src, uint64_t offset,
				    uint64_t size, struct vm_object **result)
{
	struct vm_object *dst = vm_object_allocate(size), *o, *next, *last;
	uint64_t delta = 0;
	bool ok;

	if (!dst)
		return KERN_RESOURCE_SHORTAGE;
	/*
	 * Hold the whole chain (top down, the lock order) while copying:
	 * a collapse moving pages up between two levels would otherwise
	 * let a page slip past the walk.
	 */
	simple_lock(&dst->lock);
	simple_lock(&src->lock);
	for (o = src;; o = next) {
		last = o;
		ok = copy_level(dst, o, delta, offset, size);
		next = o->shadow;
		if (!ok || !next)
			break;
		delta += o->shadow_offset;
		simple_lock(&next->lock);
	}
	for (o = src;; o = next) {
		next = o->shadow;
		simple_unlock(&o->lock);
		if (o == last)
			break;
	}
	simple_unlock(&dst->lock);
	if (!ok) {
		vm_object_deallocate(dst);
		return KERN_RESOURCE_SHORTAGE;
	}
	*result = dst;
	return KERN_SUCCESS;
}

unsigned int vm_object_chain_length(struct vm_object *object)
{
	unsigned int n = 1;

	simple_lock(&object->lock);
	while (object->shadow) {
		struct vm_object *next = object->shadow;

		simple_lock(&next->lock);
		simple_unlock(&object->lock);
		object = next;
		n++;
	}
	simple_unlock(&object->lock);
	return n;
}

unsigned long vm_object_count(void)
{
	return __atomic_load_n(&objects_alive, __ATOMIC_RELAXED);
}

unsigned long vm_object_resident_count(void)
{
	return __atomic_load_n(&pages_resident, __ATOMIC_RELAXED);
}

unsigned long vm_object_collapse_count(void)
{
	return __atomic_load_n(&collapses, __ATOMIC_RELAXED);
}

unsigned long vm_object_bypass_count(void)
{
	return __atomic_load_n(&bypasses, __ATOMIC_RELAXED);
}
