/*
 * tests/host/vm_object_test.c - VM objects: the page hash under load,
 * shadow chains, collapse and bypass through the object interface, eager
 * copies and coalescing; then shadow chains made by real fork patterns
 * (children that write and exit, generations that replace their parent,
 * many live children dying in random order) must stay short and keep no
 * dead pages.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "vm_shim.h"

#define BASE	0x800000UL
#define NP	32
#define RW	(VM_PROT_READ | VM_PROT_WRITE)

static vaddr_t pg(unsigned int i)
{
	return BASE + (vaddr_t)i * PAGE_SIZE;
}

/* page_put: a new page of o at offset whose first byte is v. */
static void page_put(struct vm_object *o, uint64_t offset, uint8_t v)
{
	struct vm_page *m;

	simple_lock(&o->lock);
	m = vm_object_page_alloc(o, offset);
	CHECK(m);
	pmap_zero_page(m->phys_addr);
	host_page_data(m->phys_addr)[0] = v;
	simple_unlock(&o->lock);
}

/* chain_get: the first byte of offset as o's chain shows it (0: none). */
static int chain_get(struct vm_object *o, uint64_t offset)
{
	int v = 0;

	simple_lock(&o->lock);
	for (;;) {
		struct vm_page *m = vm_object_page_lookup(o, offset);
		struct vm_object *next = o->shadow;

		if (m) {
			v = host_page_data(m->phys_addr)[0];
			break;
		}
		if (!next)
			break;
		offset += o->shadow_offset;
		simple_lock(&next->lock);
		simple_unlock(&o->lock);
		o = next;
	}
	simple_unlock(&o->lock);
	return v;
}

static void page_hash(void)
{
	struct vm_object *o = vm_object_allocate(1UL << 42);
	const unsigned int n = 20000;
	uint64_t *offs = malloc(n * sizeof(*offs));
	unsigned int peak;

	CHECK(o && offs);
	host_srand(7);
	for (unsigned int i = 0; i < n; i++) {
		/* Distinct sparse offsets: i in the low bits, noise above. */
		offs[i] = ((host_rand() & 0x3fffffULL) << 15 | i) << PAGE_SHIFT;
		page_put(o, offs[i], (uint8_t)i);
	}
	simple_lock(&o->lock);
	CHECK_EQ(o->resident_page_count, n);
	peak = o->nbuckets;
	CHECK(peak >= n / 2);
	for (unsigned int i = 0; i < n; i++) {
		struct vm_page *m = vm_object_page_lookup(o, offs[i]);

		CHECK(m && m->u.obj.offset == offs[i] &&
		      host_page_data(m->phys_addr)[0] == (uint8_t)i);
		CHECK(!vm_object_page_lookup(o, offs[i] + PAGE_SIZE * (1ULL << 37)));
	}
	/* Free all but 100 pages by ranges: the table shrinks. */
	for (unsigned int i = 100; i < n; i++)
		vm_object_page_remove_range(o, offs[i], offs[i] + PAGE_SIZE);
	CHECK_EQ(o->resident_page_count, 100);
	CHECK(o->nbuckets < peak / 16);
	for (unsigned int i = 0; i < 100; i++)
		CHECK(vm_object_page_lookup(o, offs[i]));
	vm_object_page_remove_range(o, 0, 1ULL << 62);
	CHECK_EQ(o->resident_page_count, 0);
	simple_unlock(&o->lock);
	page_put(o, 0, 1);
	vm_object_deallocate(o);
	free(offs);
}

static void collapse_and_bypass(void)
{
	struct vm_object *o = vm_object_allocate(16 * PAGE_SIZE), *s, *keep;
	uint64_t off = 4 * PAGE_SIZE;
	unsigned long objects = vm_object_count(), collapses, bypasses;

	for (unsigned int i = 0; i < 16; i++)
		page_put(o, i * PAGE_SIZE, (uint8_t)(100 + i));
	/* s shows o's pages 4..11; its own pages 2 and 3 hide o's 6 and 7. */
	s = o;
	CHECK(vm_object_shadow(&s, &off, 8 * PAGE_SIZE));
	CHECK(off == 0 && s->shadow == o && s->shadow_offset == 4 * PAGE_SIZE);
	CHECK(!o->one_mapping && o->shadow_count == 1);
	page_put(s, 2 * PAGE_SIZE, 2);
	page_put(s, 3 * PAGE_SIZE, 3);
	for (unsigned int i = 0; i < 8; i++)
		CHECK_EQ(chain_get(s, i * PAGE_SIZE),
			 i == 2 || i == 3 ? (int)i : (int)(104 + i));
	/* o is referenced only by s: collapse merges it. */
	collapses = vm_object_collapse_count();
	vm_object_collapse(s);
	CHECK_EQ(vm_object_collapse_count(), collapses + 1);
	CHECK_EQ(vm_object_count(), objects);		/* o is gone */
	CHECK(s->shadow == NULL && s->resident_page_count == 8);
	for (unsigned int i = 0; i < 8; i++)
		CHECK_EQ(chain_get(s, i * PAGE_SIZE),
			 i == 2 || i == 3 ? (int)i : (int)(104 + i));

	/* Bypass: keep holds another reference on the middle object. */
	off = 0;
	keep = s;
	vm_object_reference(keep);
	CHECK(vm_object_shadow(&s, &off, 8 * PAGE_SIZE));
	for (unsigned int i = 0; i < 8; i++)
		page_put(s, i * PAGE_SIZE, (uint8_t)(50 + i));
	bypasses = vm_object_bypass_count();
	vm_object_collapse(s);
	CHECK_EQ(vm_object_bypass_count(), bypasses + 1);
	CHECK(s->shadow == NULL && keep->ref_count == 1 &&
	      keep->shadow_count == 0);
	for (unsigned int i = 0; i < 8; i++) {
		CHECK_EQ(chain_get(s, i * PAGE_SIZE), 50 + (int)i);
		CHECK_EQ(chain_get(keep, i * PAGE_SIZE),
			 i == 2 || i == 3 ? (int)i : (int)(104 + i));
	}
	/* Not bypassable: s lacks a page keep has in its window. */
	vm_object_deallocate(s);
	s = keep;
	vm_object_reference(keep);
	CHECK(vm_object_shadow(&s, &off, 8 * PAGE_SIZE));
	page_put(s, 0, 1);
	vm_object_collapse(s);
	CHECK(s->shadow == keep);
	/* Dropping keep's other reference: the deallocation collapses it. */
	collapses = vm_object_collapse_count();
	vm_object_deallocate(keep);
	CHECK_EQ(vm_object_collapse_count(), collapses + 1);
	CHECK(s->shadow == NULL && s->resident_page_count == 8);
	CHECK_EQ(chain_get(s, 0), 1);
	CHECK_EQ(chain_get(s, 7 * PAGE_SIZE), 111);
	vm_object_deallocate(s);
}

static void copy_slowly_and_coalesce(void)
{
	struct vm_object *o = vm_object_allocate(8 * PAGE_SIZE), *s = o, *c;
	uint64_t off = 2 * PAGE_SIZE;
	long pages;

	for (unsigned int i = 0; i < 8; i += 2)
		page_put(o, i * PAGE_SIZE, (uint8_t)(10 + i));
	CHECK(vm_object_shadow(&s, &off, 4 * PAGE_SIZE));	/* o's 2..5 */
	page_put(s, PAGE_SIZE, 77);
	CHECK_EQ(vm_object_copy_slowly(s, PAGE_SIZE, 3 * PAGE_SIZE, &c),
		 KERN_SUCCESS);
	/* c = s's 1..3 = {77, o's 4 = 14, (o's 5: none)} */
	CHECK(c->shadow == NULL && c->resident_page_count == 2);
	CHECK_EQ(chain_get(c, 0), 77);
	CHECK_EQ(chain_get(c, PAGE_SIZE), 14);
	CHECK_EQ(chain_get(c, 2 * PAGE_SIZE), 0);
	vm_object_deallocate(c);
	/* Out of pages half-way: nothing is left behind. */
	pages = host_pages_live;
	host_page_fail_after = 1;
	CHECK_EQ(vm_object_copy_slowly(s, 0, 4 * PAGE_SIZE, &c),
		 KERN_RESOURCE_SHORTAGE);
	host_page_fail_after = -1;
	CHECK_EQ(host_pages_live, pages);
	/* A shadow may not be extended; a plain private object may. */
	CHECK(!vm_object_coalesce(s, 0, 4 * PAGE_SIZE, PAGE_SIZE));
	vm_object_deallocate(s);
	o = vm_object_allocate(2 * PAGE_SIZE);
	page_put(o, 3 * PAGE_SIZE, 9);		/* a stale page beyond */
	CHECK(vm_object_coalesce(o, 0, 2 * PAGE_SIZE, 2 * PAGE_SIZE));
	CHECK(o->size == 4 * PAGE_SIZE && o->resident_page_count == 0);
	vm_object_deallocate(o);
}

/* ---- Chains made by fork patterns --------------------------------------- */

static vm_map_t new_task(void)
{
	vm_map_t m = vm_map_create(pmap_create(), BASE, pg(NP));
	vaddr_t a = BASE;

	CHECK(m);
	CHECK_EQ(vm_map_enter(m, &a, NP * PAGE_SIZE, 0, false, NULL, 0, false,
			      RW, VM_PROT_ALL, VM_INHERIT_COPY), KERN_SUCCESS);
	return m;
}

static void put(vm_map_t m, unsigned int i, uint8_t v)
{
	CHECK_EQ(host_access(m, pg(i), VM_PROT_WRITE, &v), KERN_SUCCESS);
}

static uint8_t get(vm_map_t m, unsigned int i)
{
	uint8_t v;

	CHECK_EQ(host_access(m, pg(i), VM_PROT_READ, &v), KERN_SUCCESS);
	return v;
}

static unsigned int chain_of(vm_map_t m)
{
	struct vm_map_entry *e;
	unsigned int n = 0;

	simple_lock(&m->lock);
	e = vm_map_first(m);
	CHECK(e && !e->is_sub_map);
	if (e->u.object)
		n = vm_object_chain_length(e->u.object);
	simple_unlock(&m->lock);
	return n;
}

static void scribble(vm_map_t m, uint8_t *model, unsigned int n)
{
	for (unsigned int k = 0; k < n; k++) {
		unsigned int i = (unsigned int)host_rand_below(NP);

		model[i] = (uint8_t)(1 + host_rand_below(255));
		put(m, i, model[i]);
	}
}

static void check_all(vm_map_t m, const uint8_t *model)
{
	for (unsigned int i = 0; i < NP; i++)
		CHECK_EQ(get(m, i), model[i]);
}

/* A parent forks a child again and again; both write; the child exits. */
static void fork_write_exit(void)
{
	vm_map_t p = new_task();
	uint8_t pm[NP] = { 0 }, cm[NP];
	unsigned int worst = 0;

	host_srand(11);
	for (unsigned int round = 0; round < 1000; round++) {
		vm_map_t c = vm_map_fork(p, pmap_create());

		CHECK(c);
		memcpy(cm, pm, NP);
		if (round % 3)
			scribble(p, pm, 4);
		if (round % 5)
			scribble(c, cm, 4);
		if (round % 7 == 0)
			check_all(c, cm);
		worst = MAX(worst, chain_of(p));
		vm_map_deallocate(c);
		CHECK(chain_of(p) <= 1);	/* the survivor absorbed the original */
		CHECK(vm_object_resident_count() <= NP);
	}
	check_all(p, pm);
	printf("fork_write_exit: longest chain %u, now %u\n", worst, chain_of(p));
	CHECK(worst <= 2);
	vm_map_deallocate(p);
}

/* Each generation forks the next and exits. */
static void generations(void)
{
	vm_map_t t = new_task();
	uint8_t model[NP] = { 0 }, saved[NP];

	host_srand(12);
	for (unsigned int gen = 0; gen < 1000; gen++) {
		vm_map_t c;

		scribble(t, model, 3);
		c = vm_map_fork(t, pmap_create());
		CHECK(c);
		memcpy(saved, model, NP);
		if (gen % 2)
			scribble(t, model, 1);	/* dies with the parent */
		vm_map_deallocate(t);
		t = c;
		memcpy(model, saved, NP);
		if (gen % 4 == 1)
			check_all(t, model);
		CHECK(chain_of(t) <= 2);
		CHECK(vm_object_resident_count() <= 2 * NP);
	}
	check_all(t, model);
	printf("generations: chain %u, %lu resident pages\n", chain_of(t),
	       vm_object_resident_count());
	vm_map_deallocate(t);
}

/* Many live children, each writing, exit in random order. */
static void many_children(void)
{
	enum { N = 24 };
	vm_map_t p = new_task(), kids[N];
	uint8_t pm[NP] = { 0 }, km[N][NP];
	unsigned int alive = N, longest = 0;

	host_srand(13);
	for (unsigned int k = 0; k < N; k++) {
		scribble(p, pm, 2);
		kids[k] = vm_map_fork(p, pmap_create());
		CHECK(kids[k]);
		memcpy(km[k], pm, NP);
		scribble(kids[k], km[k], 2);
		longest = MAX(longest, chain_of(p));
	}
	while (alive) {
		unsigned int k = (unsigned int)host_rand_below(alive);

		check_all(kids[k], km[k]);
		vm_map_deallocate(kids[k]);
		kids[k] = kids[--alive];
		memcpy(km[k], km[alive], NP);
		check_all(p, pm);
	}
	printf("many_children: chain %u with %u children, %u after, "
	       "%lu resident pages\n", longest, N, chain_of(p),
	       vm_object_resident_count());
	CHECK(chain_of(p) == 1);
	CHECK(vm_object_resident_count() <= NP);
	vm_map_deallocate(p);
}

int main(void)
{
	struct host_counts base;

	host_counts(&base);
	page_hash();
	check_counts(&base, "page_hash");
	collapse_and_bypass();
	check_counts(&base, "collapse_and_bypass");
	copy_slowly_and_coalesce();
	check_counts(&base, "copy_slowly_and_coalesce");
	fork_write_exit();
	check_counts(&base, "fork_write_exit");
	generations();
	check_counts(&base, "generations");
	many_children();
	check_counts(&base, "many_children");
	printf("PASS vm_object\n");
	return 0;
}
