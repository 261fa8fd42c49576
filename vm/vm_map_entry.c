/*
 * vm/vm_map_entry.c - map entries: allocation, the address-ordered list
 * and AVL tree with free-gap augmentation, lookup, clipping, merging and
 * first-fit search.
 *
 * Invariants (map locked):
 *  - entries are disjoint, page aligned, inside [min_offset, max_offset),
 *    and the list and an in-order walk of the tree give the same sequence;
 *  - every node is AVL balanced: its subtrees' heights differ by <= 1;
 *  - e->gap is the free space between e->end and the next entry's start
 *    (or max_offset for the last entry); e->max_gap is the largest gap in
 *    e's subtree.  Every change of an entry's bounds or neighbours
 *    refreshes the gaps along the path to the root.
 */
#include <kern/panic.h>
#include <kern/string.h>
#include <vm/vm_kern.h>
#include <vm/vm_map_internal.h>
#include <vm/vm_object.h>

static unsigned long entries_alive;

struct vm_map_entry *vm_map_entry_alloc(void)
{
	struct vm_map_entry *e = kalloc(sizeof(*e));

	if (e) {
		memset(e, 0, sizeof(*e));
		list_init(&e->link);
		__atomic_add_fetch(&entries_alive, 1, __ATOMIC_RELAXED);
	}
	return e;
}

void vm_map_entry_free(struct vm_map_entry *e)
{
	kfree(e, sizeof(*e));
	__atomic_sub_fetch(&entries_alive, 1, __ATOMIC_RELAXED);
}

unsigned long vm_map_entry_count(void)
{
	return __atomic_load_n(&entries_alive, __ATOMIC_RELAXED);
}

bool vm_map_reserve_fill(struct vm_map_reserve *r, unsigned int n)
{
	assert(n <= VM_MAP_RESERVE_MAX);
	r->n = 0;
	while (r->n < n) {
		if (!(r->e[r->n] = vm_map_entry_alloc())) {
			vm_map_reserve_release(r);
			return false;
		}
		r->n++;
	}
	return true;
}

struct vm_map_entry *vm_map_reserve_take(struct vm_map_reserve *r)
{
	assert(r->n > 0);
	return r->e[--r->n];
}

void vm_map_reserve_release(struct vm_map_reserve *r)
{
	while (r->n > 0)
		vm_map_entry_free(r->e[--r->n]);
}

void vm_map_entry_ref(struct vm_map_entry *e)
{
	if (e->is_sub_map)
		vm_map_reference(e->u.share_map);
	else
		vm_object_reference(e->u.object);
}

void vm_map_entry_unref(struct vm_map_entry *e)
{
	if (e->is_sub_map)
		vm_map_deallocate(e->u.share_map);
	else
		vm_object_deallocate(e->u.object);
}

/* ---- The ordered list --------------------------------------------------- */

struct vm_map_entry *vm_map_first(vm_map_t map)
{
	if (list_empty(&map->entries))
		return NULL;
	return list_entry(map->entries.next, struct vm_map_entry, link);
}

struct vm_map_entry *vm_map_next(vm_map_t map, struct vm_map_entry *e)
{
	if (e->link.next == &map->entries)
		return NULL;
	return list_entry(e->link.next, struct vm_map_entry, link);
}

struct vm_map_entry *vm_map_prev(vm_map_t map, struct vm_map_entry *e)
{
	if (e->link.prev == &map->entries)
		return NULL;
	return list_entry(e->link.prev, struct vm_map_entry, link);
}

/* ---- The AVL tree ------------------------------------------------------- */

static inline int height(const struct vm_map_entry *e)
{
	return e ? e->height : 0;
}

static inline vaddr_t max_gap(const struct vm_map_entry *e)
{
	return e ? e->max_gap : 0;
}

static void update(struct vm_map_entry *e)
{
	e->height = 1 + MAX(height(e->left), height(e->right));
	e->max_gap = MAX(e->gap, MAX(max_gap(e->left), max_gap(e->right)));
}

static vaddr_t gap_after(vm_map_t map, struct vm_map_entry *e)
{
	struct vm_map_entry *n = vm_map_next(map, e);

	return (n ? n->start : map->max_offset) - e->end;
}

static void replace_child(vm_map_t map, struct vm_map_entry *parent,
			  struct vm_map_entry *old, struct vm_map_entry *new)
{
	if (!parent)
		map->root = new;
	else if (parent->left == old)
		parent->left = new;
	else
		parent->right = new;
	if (new)
		new->parent = parent;
}

static struct vm_map_entry *rotate_left(vm_map_t map, struct vm_map_entry *x)
{
	struct vm_map_entry *y = x->right;

	x->right = y->left;
	if (y->left)
		y->left->parent = x;
	replace_child(map, x->parent, x, y);
	y->left = x;
	x->parent = y;
	update(x);
	update(y);
	return y;
}

static struct vm_map_entry *rotate_right(vm_map_t map, struct vm_map_entry *x)
{
	struct vm_map_entry *y = x->left;

	x->left = y->right;
	if (y->right)
		y->right->parent = x;
	replace_child(map, x->parent, x, y);
	y->right = x;
	x->parent = y;
	update(x);
	update(y);
	return y;
}

/*
 * rebalance: from n up to the root, recompute heights and gaps and rotate
 * wherever the balance is off by two.  Always walks to the root, so it
 * also serves to propagate a changed gap.
 */
static void rebalance(vm_map_t map, struct vm_map_entry *n)
{
	while (n) {
		int bf;

		update(n);
		bf = height(n->left) - height(n->right);
		if (bf > 1) {
			if (height(n->left->left) < height(n->left->right))
				rotate_left(map, n->left);
			n = rotate_right(map, n);
		} else if (bf < -1) {
			if (height(n->right->right) < height(n->right->left))
				rotate_right(map, n->right);
			n = rotate_left(map, n);
		}
		n = n->parent;
	}
}

static struct vm_map_entry *leftmost(struct vm_map_entry *n)
{
	while (n->left)
		n = n->left;
	return n;
}

static void refresh_gap(vm_map_t map, struct vm_map_entry *e)
{
	e->gap = gap_after(map, e);
	rebalance(map, e);
}

void vm_map_entry_link(vm_map_t map, struct vm_map_entry *after,
		       struct vm_map_entry *e)
{
	struct vm_map_entry *p;

	if (after)
		list_insert_after(&after->link, &e->link);
	else
		list_push_front(&map->entries, &e->link);
	/* The in-order successor of `after` is where e goes in the tree. */
	e->left = e->right = NULL;
	e->height = 1;
	if (!map->root) {
		p = NULL;
		map->root = e;
	} else if (!after) {
		p = leftmost(map->root);
		p->left = e;
	} else if (!after->right) {
		p = after;
		p->right = e;
	} else {
		p = leftmost(after->right);
		p->left = e;
	}
	e->parent = p;
	e->gap = gap_after(map, e);
	rebalance(map, e);
	if (after)
		refresh_gap(map, after);
	map->nentries++;
}

void vm_map_entry_unlink(vm_map_t map, struct vm_map_entry *e)
{
	struct vm_map_entry *prev = vm_map_prev(map, e), *from;

	list_remove(&e->link);
	if (e->left && e->right) {
		/* Put the successor s, which has no left child, in e's place. */
		struct vm_map_entry *s = leftmost(e->right);

		if (s->parent != e) {
			from = s->parent;
			from->left = s->right;
			if (s->right)
				s->right->parent = from;
			s->right = e->right;
			e->right->parent = s;
		} else {
			from = s;
		}
		s->left = e->left;
		e->left->parent = s;
		replace_child(map, e->parent, e, s);
	} else {
		from = e->parent;
		replace_child(map, from, e, e->left ? e->left : e->right);
	}
	rebalance(map, from);
	if (prev)
		refresh_gap(map, prev);
	if (map->hint == e)
		map->hint = prev;
	e->parent = e->left = e->right = NULL;
	map->nentries--;
}

void vm_map_entry_resized(vm_map_t map, struct vm_map_entry *e)
{
	struct vm_map_entry *prev = vm_map_prev(map, e);

	refresh_gap(map, e);
	if (prev)
		refresh_gap(map, prev);
}

bool vm_map_lookup_entry(vm_map_t map, vaddr_t addr,
			 struct vm_map_entry **entry)
{
	struct vm_map_entry *cur = map->hint, *best = NULL;

	if (cur && addr >= cur->start) {
		struct vm_map_entry *n;

		if (addr < cur->end) {
			*entry = cur;
			return true;
		}
		n = vm_map_next(map, cur);
		if (!n || addr < n->start) {
			*entry = cur;
			return false;
		}
	}
	for (cur = map->root; cur;) {
		if (addr < cur->start) {
			cur = cur->left;
		} else {
			best = cur;
			if (addr < cur->end)
				break;
			cur = cur->right;
		}
	}
	*entry = best;
	if (best)
		map->hint = best;
	return best && addr < best->end;
}

/* ---- Clipping and merging ----------------------------------------------- */

void vm_map_clip_start(vm_map_t map, struct vm_map_entry *e, vaddr_t addr,
		       struct vm_map_reserve *r)
{
	struct vm_map_entry *n;

	assert(addr > e->start && addr < e->end);
	n = vm_map_reserve_take(r);
	*n = *e;
	list_init(&n->link);
	n->end = addr;
	e->offset += addr - e->start;
	e->start = addr;
	vm_map_entry_ref(n);
	vm_map_entry_link(map, vm_map_prev(map, e), n);
	map->timestamp++;
}

void vm_map_clip_end(vm_map_t map, struct vm_map_entry *e, vaddr_t addr,
		     struct vm_map_reserve *r)
{
	struct vm_map_entry *n;

	assert(addr > e->start && addr < e->end);
	n = vm_map_reserve_take(r);
	*n = *e;
	list_init(&n->link);
	n->start = addr;
	n->offset = e->offset + (addr - e->start);
	e->end = addr;
	vm_map_entry_ref(n);
	vm_map_entry_link(map, e, n);
	map->timestamp++;
}

bool vm_map_entries_mergeable(const struct vm_map_entry *a,
			      const struct vm_map_entry *b)
{
	if (a->end != b->start || a->is_sub_map != b->is_sub_map ||
	    a->protection != b->protection ||
	    a->max_protection != b->max_protection ||
	    a->inheritance != b->inheritance ||
	    a->wired_count != b->wired_count || a->needs_copy != b->needs_copy)
		return false;
	if (a->is_sub_map)
		return a->u.share_map == b->u.share_map &&
		       a->offset + (a->end - a->start) == b->offset;
	if (a->u.object != b->u.object)
		return false;
	/* Two zero-fill entries without objects yet: offsets mean nothing. */
	return !a->u.object || a->offset + (a->end - a->start) == b->offset;
}

/* merge: a absorbs its successor b. */
static void merge(vm_map_t map, struct vm_map_entry *a, struct vm_map_entry *b)
{
	a->end = b->end;
	vm_map_entry_unlink(map, b);	/* refreshes a's gap */
	vm_map_entry_unref(b);		/* a still holds a reference */
	vm_map_entry_free(b);
	if (map->hint == b)
		map->hint = a;
	map->timestamp++;
}

struct vm_map_entry *vm_map_simplify(vm_map_t map, struct vm_map_entry *e)
{
	struct vm_map_entry *p, *n;

	/* Each merge may make the next neighbour mergeable in turn. */
	while ((p = vm_map_prev(map, e)) && vm_map_entries_mergeable(p, e)) {
		merge(map, p, e);
		e = p;
	}
	while ((n = vm_map_next(map, e)) && vm_map_entries_mergeable(e, n))
		merge(map, e, n);
	return e;
}

/* ---- First fit ---------------------------------------------------------- */

/* leftmost_fit: the first entry of n's subtree whose gap is >= size. */
static struct vm_map_entry *leftmost_fit(struct vm_map_entry *n, size_t size)
{
	for (;;) {
		if (n->left && n->left->max_gap >= size)
			n = n->left;
		else if (n->gap >= size)
			return n;
		else
			n = n->right;	/* its max_gap must be >= size */
	}
}

/* next_fit: the first entry after e (in address order) whose gap is >= size. */
static struct vm_map_entry *next_fit(struct vm_map_entry *e, size_t size)
{
	if (e->right && e->right->max_gap >= size)
		return leftmost_fit(e->right, size);
	for (; e->parent; e = e->parent) {
		struct vm_map_entry *p = e->parent;

		if (e != p->left)
			continue;
		if (p->gap >= size)
			return p;
		if (p->right && p->right->max_gap >= size)
			return leftmost_fit(p->right, size);
	}
	return NULL;
}

/* fits: an aligned address >= lo where size bytes fit below hi. */
static bool fits(vaddr_t lo, vaddr_t hi, size_t size, vaddr_t mask,
		 vaddr_t *addr)
{
	vaddr_t a = (lo + mask) & ~mask;

	if (a < lo || a > hi || hi - a < size)
		return false;
	*addr = a;
	return true;
}

bool vm_map_find_space(vm_map_t map, vaddr_t from, size_t size, vaddr_t mask,
		       vaddr_t *addr)
{
	struct vm_map_entry *e;

	mask |= PAGE_MASK;
	if (from < map->min_offset)
		from = map->min_offset;
	if (from >= map->max_offset || size == 0 ||
	    size > map->max_offset - map->min_offset)
		return false;
	if (vm_map_lookup_entry(map, from, &e) || e) {
		/* The gap after e, then later gaps large enough. */
		vaddr_t lo = MAX(from, e->end);

		if (fits(lo, e->end + e->gap, size, mask, addr))
			return true;
	} else {
		struct vm_map_entry *first = vm_map_first(map);

		if (fits(from, first ? first->start : map->max_offset, size,
			 mask, addr))
			return true;
		if (!first)
			return false;
		e = first;
		if (fits(e->end, e->end + e->gap, size, mask, addr))
			return true;
	}
	while ((e = next_fit(e, size)) != NULL)
		if (fits(e->end, e->end + e->gap, size, mask, addr))
			return true;
	return false;
}
