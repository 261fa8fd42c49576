/*
 * tests/host/vm_map_test.c - vm_map against a page-by-page model: random
 * enter (fixed and anywhere, with alignment masks and objects), remove,
 * protect, inherit, lookup, region and fork, with allocation failures
 * injected; after every operation the map must match the model and keep
 * its tree, gap and merging invariants.  Then a sparse 2^47-byte map with
 * thousands of entries against an interval model, and the error codes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <vm/vm_map_internal.h>
#include "vm_shim.h"

#define NP	384			/* pages in the model window */
#define BASE	0x100000UL
#define TOP	(BASE + NP * PAGE_SIZE)

struct mpage {
	bool mapped;
	vm_prot_t prot, max;
	vm_inherit_t inh;
	struct vm_object *obj;		/* explicit object, or NULL (unknown) */
	uint64_t off;
};

static struct mpage model[NP];
static vm_map_t map;
static bool injecting;
static unsigned long n_ok, n_err, n_short;

static struct mpage *mp(vaddr_t va)
{
	return &model[(va - BASE) / PAGE_SIZE];
}

/* check_model: every entry matches the model, every mapped page has one. */
static void check_model(void)
{
	unsigned long mapped = 0;

	simple_lock(&map->lock);
	for (struct vm_map_entry *e = vm_map_first(map); e;
	     e = vm_map_next(map, e)) {
		for (vaddr_t va = e->start; va < e->end; va += PAGE_SIZE) {
			struct mpage *p = mp(va);

			CHECK(p->mapped);
			CHECK_EQ(p->prot, e->protection);
			CHECK_EQ(p->max, e->max_protection);
			CHECK_EQ(p->inh, e->inheritance);
			if (p->obj) {
				CHECK(!e->is_sub_map && e->u.object == p->obj);
				CHECK_EQ(e->offset + (va - e->start), p->off);
			}
		}
	}
	for (unsigned int i = 0; i < NP; i++)
		mapped += model[i].mapped;
	CHECK_EQ(mapped * PAGE_SIZE, map->size);
	simple_unlock(&map->lock);
}

static vm_prot_t rand_prot(void)
{
	return (vm_prot_t)host_rand_below(8);
}

static vaddr_t rand_addr(void)
{
	/* Mostly inside the window, sometimes just outside. */
	return BASE + (host_rand_below(NP + 16) - 8) * PAGE_SIZE;
}

/* result: account for kr, which must be expect unless a failure was injected. */
static bool result(kern_return_t kr, kern_return_t expect, const char *op)
{
	if (injecting && kr == KERN_RESOURCE_SHORTAGE && expect != kr) {
		n_short++;
		return false;
	}
	if (kr != expect) {
		fprintf(stderr, "%s: returned %d, model expects %d\n", op, kr, expect);
		abort();
	}
	if (kr == KERN_SUCCESS)
		n_ok++;
	else
		n_err++;
	return kr == KERN_SUCCESS;
}

static bool range_free(vaddr_t a, size_t size)
{
	for (vaddr_t va = a; va < a + size; va += PAGE_SIZE)
		if (mp(va)->mapped)
			return false;
	return true;
}

/* model_fit: first fit at or above from, aligned to mask. */
static bool model_fit(vaddr_t from, size_t size, vaddr_t mask, vaddr_t *out)
{
	mask |= PAGE_MASK;
	if (from < BASE)
		from = BASE;
	for (vaddr_t a = (from + mask) & ~mask; a >= from && a + size <= TOP;
	     a += mask + 1) {
		if (range_free(a, size)) {
			*out = a;
			return true;
		}
	}
	return false;
}

static void op_enter(void)
{
	static const vaddr_t masks[] = { 0, 0x1fff, 0x3fff, 0xffff };
	bool anywhere = host_rand_below(2);
	size_t size = (1 + host_rand_below(12)) * PAGE_SIZE;
	vaddr_t mask = masks[host_rand_below(4)], addr = rand_addr(), got;
	vm_prot_t max = rand_prot(), cur = rand_prot() & max;
	vm_inherit_t inh = (vm_inherit_t)host_rand_below(3);
	struct vm_object *obj = NULL;
	uint64_t off = 0;
	kern_return_t expect = KERN_SUCCESS, kr;

	if (host_rand_below(4) == 0) {
		uint64_t extra = host_rand_below(4) * PAGE_SIZE;
		long saved = host_kalloc_fail_after;

		host_kalloc_fail_after = -1;	/* inject into the map only */
		obj = vm_object_allocate(size + extra);
		host_kalloc_fail_after = saved;
		CHECK(obj);
		off = host_rand_below(6) * PAGE_SIZE;	/* may run past the end */
		if (off > extra)
			expect = KERN_INVALID_ARGUMENT;
	}
	if (host_rand_below(30) == 0)
		cur = VM_PROT_ALL, max = VM_PROT_READ;	/* cur beyond max */
	if (host_rand_below(30) == 0)
		inh = 5;
	if ((cur & ~max) || inh > VM_INHERIT_LAST_VALID)
		expect = KERN_INVALID_ARGUMENT;
	if (expect == KERN_SUCCESS) {
		if (anywhere) {
			if (!model_fit(addr, size, mask, &got) &&
			    (addr <= BASE || !model_fit(BASE, size, mask, &got)))
				expect = KERN_NO_SPACE;
		} else {
			got = addr;
			if (addr < BASE || addr + size > TOP)
				expect = KERN_INVALID_ADDRESS;
			else if (!range_free(addr, size))
				expect = KERN_NO_SPACE;
		}
	}
	kr = vm_map_enter(map, &addr, size, mask, anywhere, obj, off,
			  false, cur, max, inh);
	if (!result(kr, expect, anywhere ? "enter anywhere" : "enter fixed")) {
		vm_object_deallocate(obj);
		return;
	}
	CHECK_EQ(addr, got);
	for (size_t i = 0; i < size / PAGE_SIZE; i++) {
		struct mpage *p = mp(addr + i * PAGE_SIZE);

		*p = (struct mpage){ true, cur, max, inh, obj, off + i * PAGE_SIZE };
	}
}

static void rand_range(vaddr_t *start, vaddr_t *end)
{
	*start = rand_addr();
	*end = *start + host_rand_below(48) * PAGE_SIZE;
	if (host_rand_below(40) == 0)
		*end = *start - PAGE_SIZE;		/* backwards */
	if (host_rand_below(60) == 0)
		*start += 8;				/* unaligned */
}

static void op_remove(void)
{
	vaddr_t start, end;
	kern_return_t expect = KERN_SUCCESS;

	rand_range(&start, &end);
	if ((start & PAGE_MASK) || start > end)
		expect = KERN_INVALID_ARGUMENT;
	if (!result(vm_map_remove(map, start, end), expect, "remove"))
		return;
	for (vaddr_t va = MAX(start, BASE); va < MIN(end, TOP); va += PAGE_SIZE)
		mp(va)->mapped = false, mp(va)->obj = NULL;
}

/* The model of vm_map_protect and vm_map_inherit. */
static void op_attr(bool inherit)
{
	vaddr_t start, end;
	vm_prot_t prot = rand_prot();
	bool set_max = host_rand_below(3) == 0;
	unsigned int value = inherit ? (unsigned int)host_rand_below(3) : prot;
	kern_return_t expect = KERN_SUCCESS, kr;

	rand_range(&start, &end);
	if (host_rand_below(40) == 0)
		value = inherit ? 3 : 0x10;
	if ((start & PAGE_MASK) || start > end ||
	    (inherit ? value > VM_INHERIT_LAST_VALID : (value & ~VM_PROT_ALL)))
		expect = KERN_INVALID_ARGUMENT;
	else if (start < BASE || end > TOP)
		expect = KERN_INVALID_ADDRESS;
	for (vaddr_t va = start; expect == KERN_SUCCESS && va < end; va += PAGE_SIZE) {
		if (!mp(va)->mapped)
			expect = KERN_INVALID_ADDRESS;
		else if (!inherit && (value & ~mp(va)->max))
			expect = KERN_PROTECTION_FAILURE;
	}
	kr = inherit ? vm_map_inherit(map, start, end, value)
		     : vm_map_protect(map, start, end, value, set_max);
	if (!result(kr, expect, inherit ? "inherit" : "protect"))
		return;
	for (vaddr_t va = start; va < end; va += PAGE_SIZE) {
		struct mpage *p = mp(va);

		if (inherit) {
			p->inh = value;
		} else if (set_max) {
			p->max = value;
			p->prot &= value;
		} else {
			p->prot = value;
		}
	}
}

static void op_lookup(void)
{
	static const vm_prot_t access[] = { VM_PROT_READ, VM_PROT_WRITE,
		VM_PROT_EXECUTE, VM_PROT_READ | VM_PROT_WRITE };
	vaddr_t va = rand_addr() + host_rand_below(PAGE_SIZE);
	vm_prot_t a = access[host_rand_below(4)];
	struct vm_map_lookup_result r;
	kern_return_t expect = KERN_SUCCESS;
	struct mpage *p = va >= BASE && va < TOP ? mp(va) : NULL;

	if (!p || !p->mapped)
		expect = KERN_INVALID_ADDRESS;
	else if (a & ~p->prot)
		expect = KERN_PROTECTION_FAILURE;
	if (!result(vm_map_lookup(map, va, a, &r), expect, "lookup"))
		return;
	CHECK(r.object);
	CHECK((r.prot & ~p->prot) == 0);
	CHECK(((r.prot | VM_PROT_WRITE) & p->prot) == p->prot);
	if (a & VM_PROT_WRITE)
		CHECK(r.prot & VM_PROT_WRITE);
	if (p->obj)
		CHECK(r.object == p->obj && r.offset == p->off);
	vm_map_lookup_done(&r);
}

static void op_region(void)
{
	vaddr_t addr = rand_addr() + host_rand_below(PAGE_SIZE), first = 0;
	struct vm_region_info info;
	kern_return_t expect = KERN_NO_SPACE;

	/* The first mapped page at or above addr's page. */
	for (vaddr_t va = MAX(ROUND_DOWN(addr, PAGE_SIZE), BASE); va < TOP;
	     va += PAGE_SIZE) {
		if (mp(va)->mapped) {
			first = va;
			expect = KERN_SUCCESS;
			break;
		}
	}
	if (!result(vm_map_region(map, addr, &info), expect, "region"))
		return;
	if (first == ROUND_DOWN(addr, PAGE_SIZE))
		CHECK(info.start <= first && first < info.start + info.size);
	else
		CHECK_EQ(info.start, first);
	for (vaddr_t va = info.start; va < info.start + info.size; va += PAGE_SIZE) {
		struct mpage *p = mp(va);

		CHECK(p->mapped && p->prot == info.protection &&
		      p->max == info.max_protection && p->inh == info.inheritance);
	}
}

static void op_fork(void)
{
	vm_map_t child = vm_map_fork(map, pmap_create());
	unsigned long mapped = 0;

	/* Copies may now shadow the parent's objects on write: forget them
	 * (a fork that ran out of memory may have marked some already). */
	for (unsigned int i = 0; i < NP; i++)
		model[i].obj = NULL;
	if (!child) {
		CHECK(injecting);
		n_short++;
		return;
	}
	check_map(child);
	simple_lock(&child->lock);
	for (struct vm_map_entry *e = vm_map_first(child); e;
	     e = vm_map_next(child, e)) {
		for (vaddr_t va = e->start; va < e->end; va += PAGE_SIZE) {
			struct mpage *p = mp(va);

			CHECK(p->mapped && p->inh != VM_INHERIT_NONE);
			CHECK(p->prot == e->protection && p->max == e->max_protection);
			CHECK(e->is_sub_map == (p->inh == VM_INHERIT_SHARE));
			mapped++;
		}
	}
	simple_unlock(&child->lock);
	for (unsigned int i = 0; i < NP; i++)
		mapped -= model[i].mapped && model[i].inh != VM_INHERIT_NONE;
	CHECK_EQ(mapped, 0);
	vm_map_deallocate(child);
	n_ok++;
}

static void dump_map(vm_map_t m)
{
	for (struct vm_map_entry *e = vm_map_first(m); e; e = vm_map_next(m, e))
		fprintf(stderr, "  [%lx, %lx) %s%p+%lx prot %x/%x inh %u%s\n",
			(unsigned long)e->start, (unsigned long)e->end,
			e->is_sub_map ? "share " : "", (void *)e->u.object,
			(unsigned long)e->offset, e->protection, e->max_protection,
			e->inheritance, e->needs_copy ? " needs_copy" : "");
}

static void random_ops(uint64_t seed, unsigned int iters)
{
	struct host_counts base;

	host_counts(&base);
	host_srand(seed);
	memset(model, 0, sizeof(model));
	map = vm_map_create(pmap_create(), BASE, TOP);
	CHECK(map);
	for (unsigned int i = 0; i < iters; i++) {
		unsigned int op = (unsigned int)host_rand_below(100);

		if (getenv("VM_TEST_DUMP") && i >= (unsigned)atoi(getenv("VM_TEST_DUMP")))
			dump_map(map);
		injecting = host_rand_below(25) == 0;
		if (injecting)
			host_kalloc_fail_after = (long)host_rand_below(3);
		if (op < 30)
			op_enter();
		else if (op < 45)
			op_remove();
		else if (op < 62)
			op_attr(false);
		else if (op < 74)
			op_attr(true);
		else if (op < 86)
			op_lookup();
		else if (op < 97)
			op_region();
		else
			op_fork();
		host_kalloc_fail_after = -1;
		if (getenv("VM_TEST_TRACE"))
			fprintf(stderr, "op %u: %u%s\n", i, op, injecting ? " (inject)" : "");
		check_model();
		if (i % 16 == 0 || getenv("VM_TEST_TRACE"))
			check_map(map);
	}
	check_map(map);
	vm_map_deallocate(map);
	check_counts(&base, "random_ops");
}

/* ---- A sparse 2^47-byte map ----------------------------------------------- */

struct iv { vaddr_t start, end; };
static struct iv ivs[8192];
static unsigned int niv;

static int iv_cmp(const void *a, const void *b)
{
	const struct iv *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

static bool iv_free(vaddr_t s, vaddr_t e)
{
	for (unsigned int i = 0; i < niv; i++)
		if (ivs[i].start < e && s < ivs[i].end)
			return false;
	return true;
}

/* iv_fit: first fit at or above from, aligned to mask, in [lo, hi). */
static bool iv_fit(vaddr_t lo, vaddr_t hi, vaddr_t from, size_t size,
		   vaddr_t mask, vaddr_t *out)
{
	vaddr_t cand = MAX(from, lo);

	mask |= PAGE_MASK;
	qsort(ivs, niv, sizeof(ivs[0]), iv_cmp);
	for (unsigned int i = 0; i <= niv; i++) {
		vaddr_t gap_end = i < niv ? ivs[i].start : hi;
		vaddr_t a = (cand + mask) & ~mask;

		if (a >= cand && a <= gap_end && gap_end - a >= size) {
			*out = a;
			return true;
		}
		if (i < niv)
			cand = MAX(cand, ivs[i].end);
	}
	return false;
}

static void sparse(uint64_t seed)
{
	const vaddr_t lo = 0x10000, hi = 1UL << 47;
	struct host_counts base;
	unsigned int max_height = 0;

	host_counts(&base);
	host_srand(seed);
	niv = 0;
	map = vm_map_create(pmap_create(), lo, hi);
	for (unsigned int i = 0; i < 6000; i++) {
		unsigned int op = (unsigned int)host_rand_below(10);
		size_t size = (1 + host_rand_below(64)) * PAGE_SIZE;
		vaddr_t addr, want;
		kern_return_t kr;

		if (op < 4 && niv < 8000) {		/* fixed, anywhere in 2^47 */
			addr = ROUND_DOWN(lo + host_rand_below(hi - lo - size), PAGE_SIZE);
			kr = vm_map_enter(map, &addr, size, 0, false, NULL, 0, false,
					  (vm_prot_t)(i % 3 + 1), VM_PROT_ALL, 1);
			CHECK_EQ(kr, iv_free(addr, addr + size) ? KERN_SUCCESS
								: KERN_NO_SPACE);
			if (kr == KERN_SUCCESS)
				ivs[niv++] = (struct iv){ addr, addr + size };
		} else if (op < 7 && niv < 8000) {	/* anywhere from a hint */
			vaddr_t mask = host_rand_below(2) ? 0 : (1UL << (12 +
					host_rand_below(10))) - 1;

			addr = host_rand_below(4) ? ivs[niv ? host_rand_below(niv) : 0].start
						  : lo;
			CHECK(iv_fit(lo, hi, addr, size, mask, &want));
			kr = vm_map_enter(map, &addr, size, mask, true, NULL, 0, false,
					  (vm_prot_t)(i % 3 + 1), VM_PROT_ALL, 1);
			CHECK_EQ(kr, KERN_SUCCESS);
			CHECK_EQ(addr, want);
			ivs[niv++] = (struct iv){ addr, addr + size };
		} else if (niv) {			/* remove one (or part) */
			unsigned int k = (unsigned int)host_rand_below(niv);

			CHECK_EQ(vm_map_remove(map, ivs[k].start, ivs[k].end),
				 KERN_SUCCESS);
			ivs[k] = ivs[--niv];
		}
		if (i % 500 == 0)
			check_map(map);
		if (map->root && (unsigned int)map->root->height > max_height)
			max_height = (unsigned int)map->root->height;
	}
	check_map(map);
	/* An AVL tree of n nodes is at most 1.44 log2(n + 2) high. */
	printf("sparse: %u entries left, tree height %d (max seen %u)\n",
	       map->nentries, map->root ? map->root->height : 0, max_height);
	CHECK(max_height <= 20);
	vm_map_deallocate(map);
	check_counts(&base, "sparse");
}

/* ---- Error codes and merging, by hand --------------------------------- */

static void by_hand(void)
{
	struct host_counts base;
	vaddr_t a;
	vm_prot_t rw = VM_PROT_READ | VM_PROT_WRITE;
	struct vm_region_info info;

	host_counts(&base);
	map = vm_map_create(pmap_create(), BASE, TOP);
	a = 0;
	CHECK_EQ(vm_map_enter(map, &a, 0, 0, true, NULL, 0, false, rw, rw, 1),
		 KERN_INVALID_ARGUMENT);
	a = BASE + 1;
	CHECK_EQ(vm_map_enter(map, &a, PAGE_SIZE, 0, false, NULL, 0, false, rw,
			      rw, 1), KERN_INVALID_ARGUMENT);
	a = TOP;
	CHECK_EQ(vm_map_enter(map, &a, PAGE_SIZE, 0, false, NULL, 0, false, rw,
			      rw, 1), KERN_INVALID_ADDRESS);
	a = TOP - PAGE_SIZE;
	CHECK_EQ(vm_map_enter(map, &a, ~(size_t)PAGE_MASK, 0, false, NULL, 0,
			      false, rw, rw, 1), KERN_INVALID_ADDRESS);
	a = 0;
	CHECK_EQ(vm_map_enter(map, &a, (NP + 1) * PAGE_SIZE, 0, true, NULL, 0,
			      false, rw, rw, 1), KERN_NO_SPACE);
	/* Three allocations in a row become one region. */
	for (int i = 0; i < 3; i++) {
		a = BASE + (vaddr_t)i * 4 * PAGE_SIZE;
		CHECK_EQ(vm_map_enter(map, &a, 4 * PAGE_SIZE, 0, false, NULL, 0,
				      false, rw, VM_PROT_ALL, 1), KERN_SUCCESS);
	}
	CHECK_EQ(map->nentries, 1);
	CHECK_EQ(vm_map_region(map, BASE + PAGE_SIZE, &info), KERN_SUCCESS);
	CHECK(info.start == BASE && info.size == 12 * PAGE_SIZE);
	a = BASE + PAGE_SIZE;
	CHECK_EQ(vm_map_enter(map, &a, PAGE_SIZE, 0, false, NULL, 0, false, rw,
			      rw, 1), KERN_NO_SPACE);
	/* Protect the middle: three entries; back: one again. */
	CHECK_EQ(vm_map_protect(map, BASE + 4 * PAGE_SIZE, BASE + 8 * PAGE_SIZE,
				VM_PROT_READ, false), KERN_SUCCESS);
	CHECK_EQ(map->nentries, 3);
	CHECK_EQ(vm_map_protect(map, BASE + 4 * PAGE_SIZE, BASE + 8 * PAGE_SIZE,
				rw, false), KERN_SUCCESS);
	CHECK_EQ(map->nentries, 1);
	/* The maximum: lowering it lowers the current; it never rises. */
	CHECK_EQ(vm_map_protect(map, BASE, BASE + PAGE_SIZE, VM_PROT_READ, true),
		 KERN_SUCCESS);
	CHECK_EQ(vm_map_protect(map, BASE, BASE + PAGE_SIZE, rw, false),
		 KERN_PROTECTION_FAILURE);
	CHECK_EQ(vm_map_protect(map, BASE, BASE + PAGE_SIZE, rw, true),
		 KERN_PROTECTION_FAILURE);
	CHECK_EQ(vm_map_protect(map, BASE, BASE + 13 * PAGE_SIZE, VM_PROT_READ,
				false), KERN_INVALID_ADDRESS);	/* hole */
	CHECK_EQ(vm_map_inherit(map, BASE - PAGE_SIZE, BASE, VM_INHERIT_NONE),
		 KERN_INVALID_ADDRESS);
	CHECK_EQ(vm_map_inherit(map, BASE, BASE + PAGE_SIZE, 9),
		 KERN_INVALID_ARGUMENT);
	CHECK_EQ(vm_map_region(map, BASE + 12 * PAGE_SIZE, &info), KERN_NO_SPACE);
	/* Removing what is not there is fine; unaligned is not. */
	CHECK_EQ(vm_map_remove(map, 0, ~(vaddr_t)PAGE_MASK), KERN_SUCCESS);
	CHECK_EQ(map->nentries, 0);
	CHECK_EQ(vm_map_remove(map, BASE, BASE + 1), KERN_INVALID_ARGUMENT);
	check_map(map);
	vm_map_deallocate(map);
	check_counts(&base, "by_hand");
}

int main(int argc, char **argv)
{
	unsigned int iters = argc > 1 ? (unsigned int)atoi(argv[1]) : 20000;

	by_hand();
	uint64_t s0 = getenv("VM_TEST_SEED") ? strtoull(getenv("VM_TEST_SEED"), NULL, 0) : 0;

	for (uint64_t seed = 1; seed <= 4; seed++)
		random_ops((s0 + seed) * 7919, iters);
	sparse(42);
	sparse(4242);
	printf("vm_map: %lu successful, %lu refused, %lu exhausted operations\n",
	       n_ok, n_err, n_short);
	printf("PASS vm_map\n");
	return 0;
}
