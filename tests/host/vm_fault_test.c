/*
 * tests/host/vm_fault_test.c - the fault handler through a simulated MMU
 * (host_access): zero fill, copy-on-write after fork, sharing, copies of
 * shared ranges, protections, failures, the kernel's own page accesses
 * (vm_fault_page); then tasks that allocate, write, read, protect, fork,
 * copy ranges between them (copy objects) and exit at random against a
 * model of memory cells,
 * with every mapping checked against the VM and every count back to zero.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <vm/vm_fault.h>
#include <vm/vm_map_copy.h>
#include "vm_shim.h"
#include "vm_map_util.h"

static void zero_fill_and_errors(void)
{
	vm_map_t m = new_map();
	struct vm_fault_stats s0, s1;
	unsigned long enters;
	uint8_t v = 1;

	alloc_at(m, pg(0), 4, RW, VM_INHERIT_COPY);
	alloc_at(m, pg(8), 1, VM_PROT_READ, VM_INHERIT_COPY);
	vm_fault_get_stats(&s0);
	CHECK_EQ(get(m, pg(1) + 5), 0);
	vm_fault_get_stats(&s1);
	CHECK_EQ(s1.zero_fills, s0.zero_fills + 1);
	/* A read of a private page maps it with the entry's protection. */
	CHECK_EQ(pte_of(m, pg(1))->prot, RW);
	for (unsigned int i = 0; i < PAGE_SIZE; i++)
		CHECK_EQ(host_page_data(pte_of(m, pg(1))->pa)[i], 0);
	enters = host_pmap_stats.enters;
	put(m, pg(1) + 5, 0x42);
	CHECK_EQ(host_pmap_stats.enters, enters);	/* no second fault */
	CHECK_EQ(get(m, pg(1) + 5), 0x42);
	/* Errors. */
	CHECK_EQ(host_access(m, pg(5), VM_PROT_READ, &v), KERN_INVALID_ADDRESS);
	CHECK_EQ(host_access(m, TOP + PAGE_SIZE, VM_PROT_READ, &v),
		 KERN_INVALID_ADDRESS);
	CHECK_EQ(host_access(m, pg(8), VM_PROT_WRITE, &v), KERN_PROTECTION_FAILURE);
	CHECK_EQ(host_access(m, pg(0), VM_PROT_EXECUTE, &v),
		 KERN_PROTECTION_FAILURE);
	CHECK_EQ(get(m, pg(8)), 0);
	/* Lowering the protection takes write away from the mapping. */
	CHECK_EQ(vm_map_protect(m, pg(0), pg(4), VM_PROT_READ, false), KERN_SUCCESS);
	CHECK_EQ(pte_of(m, pg(1))->prot, VM_PROT_READ);
	CHECK_EQ(host_access(m, pg(1), VM_PROT_WRITE, &v), KERN_PROTECTION_FAILURE);
	CHECK_EQ(vm_map_protect(m, pg(0), pg(4), RW, false), KERN_SUCCESS);
	put(m, pg(1), 7);
	CHECK_EQ(get(m, pg(1) + 5), 0x42);
	check_map(m);
	check_pmap(m);
	vm_map_deallocate(m);
}

/* vm_fault_page: what the kernel's own accesses (vm_read, vm_write) get. */
struct seen {
	struct vm_page *m;
	int calls;
};

static void seen_fn(struct vm_page *m, void *arg)
{
	struct seen *s = arg;

	s->m = m;
	s->calls++;
}

static void kernel_page_access(void)
{
	vm_map_t p = new_map(), c;
	struct seen s = { NULL, 0 };
	unsigned long enters = host_pmap_stats.enters;

	alloc_at(p, pg(0), 2, RW, VM_INHERIT_COPY);
	alloc_at(p, pg(4), 1, VM_PROT_READ, VM_INHERIT_COPY);
	/* A peek at a page never touched makes nothing. */
	CHECK_EQ(vm_fault_page(p, pg(0), VM_PROT_READ, true, seen_fn, &s),
		 KERN_SUCCESS);
	CHECK(s.calls == 1 && s.m == NULL);
	/* A write makes the page, maps it nowhere; the task sees the write. */
	CHECK_EQ(vm_fault_page(p, pg(0) + 9, VM_PROT_WRITE, false, seen_fn, &s),
		 KERN_SUCCESS);
	CHECK(s.m != NULL);
	host_page_data(s.m->phys_addr)[9] = 0x77;
	CHECK_EQ(host_pmap_stats.enters, enters);
	CHECK(!pte_of(p, pg(0)));
	CHECK_EQ(get(p, pg(0) + 9), 0x77);
	/* After a fork a write copies for the side written only. */
	c = vm_map_fork(p, pmap_create());
	CHECK(c);
	CHECK_EQ(vm_fault_page(c, pg(0), VM_PROT_WRITE, false, seen_fn, &s),
		 KERN_SUCCESS);
	CHECK_EQ(host_page_data(s.m->phys_addr)[9], 0x77);
	host_page_data(s.m->phys_addr)[9] = 0x88;
	CHECK_EQ(get(c, pg(0) + 9), 0x88);
	CHECK_EQ(get(p, pg(0) + 9), 0x77);
	CHECK_EQ(vm_fault_page(p, pg(0), VM_PROT_READ, true, seen_fn, &s),
		 KERN_SUCCESS);
	CHECK(s.m && host_page_data(s.m->phys_addr)[9] == 0x77);
	/* Errors: fn is not called. */
	s.calls = 0;
	CHECK_EQ(vm_fault_page(p, pg(2), VM_PROT_READ, true, seen_fn, &s),
		 KERN_INVALID_ADDRESS);
	CHECK_EQ(vm_fault_page(p, pg(4), VM_PROT_WRITE, false, seen_fn, &s),
		 KERN_PROTECTION_FAILURE);
	CHECK_EQ(s.calls, 0);
	check_map(p);
	check_pmap(p);
	check_map(c);
	check_pmap(c);
	vm_map_deallocate(c);
	vm_map_deallocate(p);
}

static void copy_on_write(void)
{
	vm_map_t p = new_map(), c;
	struct vm_fault_stats s0, s1;
	unsigned long none0;
	paddr_t orig;

	alloc_at(p, pg(0), 4, RW, VM_INHERIT_COPY);
	for (unsigned int i = 0; i < 4; i++)
		put(p, pg(i), (uint8_t)(10 + i));
	orig = pte_of(p, pg(2))->pa;
	c = vm_map_fork(p, pmap_create());
	CHECK(c);
	/* The parent lost write access to its pages; nothing was copied. */
	CHECK_EQ(pte_of(p, pg(2))->prot, VM_PROT_READ);
	CHECK(!pte_of(c, pg(2)));
	CHECK_EQ(get(c, pg(2)), 12);
	CHECK_EQ(pte_of(c, pg(2))->pa, orig);		/* same page, read-only */
	CHECK_EQ(pte_of(c, pg(2))->prot, VM_PROT_READ);
	vm_fault_get_stats(&s0);
	none0 = host_pmap_stats.page_protect_none;
	put(c, pg(2), 99);				/* child's copy */
	vm_fault_get_stats(&s1);
	CHECK_EQ(s1.cow_copies, s0.cow_copies + 1);
	CHECK(host_pmap_stats.page_protect_none > none0);
	CHECK(pte_of(c, pg(2))->pa != orig);
	CHECK(!pte_of(p, pg(2)));		/* unmapped everywhere, refaults */
	CHECK_EQ(get(p, pg(2)), 12);
	CHECK_EQ(pte_of(p, pg(2))->pa, orig);
	put(p, pg(2), 55);
	put(p, pg(3), 56);
	CHECK_EQ(get(c, pg(2)), 99);
	CHECK_EQ(get(c, pg(3)), 13);
	CHECK_EQ(get(p, pg(2)), 55);
	check_pmap(p);
	check_pmap(c);
	vm_map_deallocate(c);
	/* The child's death leaves the parent's chain one object long. */
	simple_lock(&p->lock);
	CHECK_EQ(vm_object_chain_length(vm_map_first(p)->u.object), 1);
	simple_unlock(&p->lock);
	CHECK_EQ(get(p, pg(0)), 10);
	CHECK_EQ(get(p, pg(3)), 56);
	check_pmap(p);
	vm_map_deallocate(p);
}

static void sharing(void)
{
	vm_map_t p = new_map(), q, c;

	/* Shared before anything is touched: the object comes later. */
	alloc_at(p, pg(0), 4, RW, VM_INHERIT_SHARE);
	alloc_at(p, pg(4), 2, RW, VM_INHERIT_NONE);
	q = vm_map_fork(p, pmap_create());
	CHECK(q);
	put(p, pg(1), 1);
	CHECK_EQ(get(q, pg(1)), 1);
	put(q, pg(3), 3);
	CHECK_EQ(get(p, pg(3)), 3);
	CHECK(pte_of(p, pg(3))->pa == pte_of(q, pg(3))->pa);
	CHECK_EQ(host_access(q, pg(4), VM_PROT_READ, &(uint8_t){ 0 }),
		 KERN_INVALID_ADDRESS);
	/* Per-task attributes stay per task. */
	CHECK_EQ(vm_map_protect(q, pg(0), pg(4), VM_PROT_READ, false), KERN_SUCCESS);
	CHECK_EQ(host_access(q, pg(1), VM_PROT_WRITE, &(uint8_t){ 0 }),
		 KERN_PROTECTION_FAILURE);
	put(p, pg(1), 11);
	CHECK_EQ(get(q, pg(1)), 11);
	CHECK_EQ(vm_map_protect(q, pg(0), pg(4), RW, false), KERN_SUCCESS);

	/* A copy of a shared range: sharers keep sharing, the copy is apart. */
	CHECK_EQ(vm_map_inherit(p, pg(0), pg(4), VM_INHERIT_COPY), KERN_SUCCESS);
	c = vm_map_fork(p, pmap_create());
	CHECK(c);
	put(p, pg(1), 21);
	CHECK_EQ(get(q, pg(1)), 21);
	CHECK_EQ(get(c, pg(1)), 11);
	put(q, pg(3), 23);
	CHECK_EQ(get(p, pg(3)), 23);
	CHECK_EQ(get(c, pg(3)), 3);
	put(c, pg(0), 30);
	CHECK_EQ(get(p, pg(0)), 0);
	CHECK_EQ(get(q, pg(0)), 0);
	put(q, pg(0), 40);
	CHECK_EQ(get(p, pg(0)), 40);
	CHECK_EQ(get(c, pg(0)), 30);
	check_map(p);
	check_map(q);
	check_pmap(p);
	check_pmap(q);
	check_pmap(c);
	/* Unmapping in one sharer leaves the other's memory alone. */
	CHECK_EQ(vm_map_remove(p, pg(1), pg(2)), KERN_SUCCESS);
	CHECK_EQ(get(q, pg(1)), 21);
	vm_map_deallocate(p);
	CHECK_EQ(get(q, pg(3)), 23);
	vm_map_deallocate(c);
	CHECK_EQ(get(q, pg(0)), 40);
	vm_map_deallocate(q);
}

/*
 * A task shares part of an object, unmaps that part and allocates there
 * again next to the part it kept: the new memory must not reuse (and free)
 * the object's pages the other sharer still sees.
 */
static void share_then_unmap_and_refill(void)
{
	vm_map_t a = new_map(), b;

	alloc_at(a, pg(0), 4, RW, VM_INHERIT_NONE);
	for (unsigned int i = 0; i < 4; i++)
		put(a, pg(i), (uint8_t)(1 + i));
	CHECK_EQ(vm_map_inherit(a, pg(1), pg(4), VM_INHERIT_SHARE), KERN_SUCCESS);
	b = vm_map_fork(a, pmap_create());
	CHECK(b);
	put(b, pg(1), 77);
	CHECK_EQ(vm_map_remove(a, pg(1), pg(4)), KERN_SUCCESS);
	alloc_at(a, pg(1), 2, RW, VM_INHERIT_NONE);
	CHECK_EQ(a->nentries, 2);		/* not merged into the kept piece */
	CHECK_EQ(get(a, pg(1)), 0);
	CHECK_EQ(get(a, pg(0)), 1);
	CHECK_EQ(get(b, pg(1)), 77);
	CHECK_EQ(get(b, pg(2)), 3);
	check_pmap(a);
	check_pmap(b);
	vm_map_deallocate(a);
	CHECK_EQ(get(b, pg(3)), 4);
	vm_map_deallocate(b);
}

static void failures_and_reclaim(void)
{
	vm_map_t m = new_map();
	uint8_t v = 5;
	long pages;

	alloc_at(m, pg(0), 8, RW, VM_INHERIT_COPY);
	host_page_fail_after = 0;
	CHECK_EQ(host_access(m, pg(0), VM_PROT_WRITE, &v), KERN_RESOURCE_SHORTAGE);
	host_page_fail_after = -1;
	host_pmap_enter_fail_after = 0;
	CHECK_EQ(host_access(m, pg(0), VM_PROT_WRITE, &v), KERN_RESOURCE_SHORTAGE);
	host_pmap_enter_fail_after = -1;
	host_kalloc_fail_after = 0;
	CHECK_EQ(host_access(m, pg(1), VM_PROT_WRITE, &v), KERN_SUCCESS);
	host_kalloc_fail_after = -1;
	for (unsigned int i = 0; i < 8; i++)
		put(m, pg(i), (uint8_t)i);
	/* Unmapping part of a private object frees its pages at once. */
	pages = host_pages_live;
	CHECK_EQ(vm_map_remove(m, pg(2), pg(6)), KERN_SUCCESS);
	CHECK_EQ(host_pages_live, pages - 4);
	/* Filling the hole again extends the same object: one entry. */
	alloc_at(m, pg(2), 4, RW, VM_INHERIT_COPY);
	CHECK_EQ(m->nentries, 1);
	CHECK_EQ(get(m, pg(3)), 0);
	CHECK_EQ(get(m, pg(7)), 7);
	alloc_at(m, pg(8), 2, RW, VM_INHERIT_COPY);
	CHECK_EQ(m->nentries, 1);
	put(m, pg(9), 9);
	check_map(m);
	check_pmap(m);
	vm_map_deallocate(m);
}

/* ---- Random tasks against a model of memory cells --------------------- */

/* A small window, so that tasks keep meeting on the same pages. */
#define RNP 16

#define MAX_TASKS 6

struct cell {
	uint8_t val;
	unsigned int refs;
};

struct tpage {
	bool mapped;
	vm_prot_t prot, max;
	vm_inherit_t inh;
	struct cell *cell;
};

struct task {
	vm_map_t map;
	struct tpage p[RNP];
};

static struct task tasks[MAX_TASKS];
static unsigned int ntasks;
static bool injecting;
static bool tracing;			/* VM_TEST_TRACE: log every operation */
#define TR(...) do { if (tracing) fprintf(stderr, __VA_ARGS__); } while (0)
static unsigned long n_shortage, n_faults_ok, max_chain;

static struct cell *cell_new(uint8_t val)
{
	struct cell *c = malloc(sizeof(*c));

	CHECK(c);
	c->val = val;
	c->refs = 1;
	return c;
}

static void cell_drop(struct tpage *p)
{
	if (p->mapped && --p->cell->refs == 0)
		free(p->cell);
	p->mapped = false;
	p->cell = NULL;
}

static unsigned int byte_of(unsigned int i)
{
	return (i * 37) % PAGE_SIZE;
}

static void inject(void)
{
	injecting = host_rand_below(20) == 0;
	if (!injecting)
		return;
	switch (host_rand_below(3)) {
	case 0: host_kalloc_fail_after = (long)host_rand_below(3); break;
	case 1: host_page_fail_after = (long)host_rand_below(2); break;
	default: host_pmap_enter_fail_after = 0; break;
	}
}

static void uninject(void)
{
	host_kalloc_fail_after = host_page_fail_after = -1;
	host_pmap_enter_fail_after = -1;
}

static unsigned long n_by_kr[32], n_forks, n_exits, n_shared_copies, n_ool;

static bool expect(kern_return_t kr, kern_return_t want)
{
	n_by_kr[kr & 31]++;
	if (injecting && kr == KERN_RESOURCE_SHORTAGE) {
		n_shortage++;
		return false;
	}
	CHECK_EQ(kr, want);
	return kr == KERN_SUCCESS;
}

static void t_access(struct task *t)
{
	unsigned int i = (unsigned int)host_rand_below(RNP);
	vm_prot_t a = host_rand_below(2) ? VM_PROT_WRITE :
		      host_rand_below(8) ? VM_PROT_READ : VM_PROT_EXECUTE;
	uint8_t v = (uint8_t)(1 + host_rand_below(255));
	kern_return_t want, kr;
	const uint8_t *d;
	struct tpage *p;
	vaddr_t va;

	/* Mostly touch mapped pages: that is where the interesting faults are. */
	for (unsigned int tries = 0; tries < 8 && !t->p[i].mapped &&
	     host_rand_below(8); tries++)
		i = (unsigned int)host_rand_below(RNP);
	p = &t->p[i];
	va = pg(i) + byte_of(i);
	want = !p->mapped ? KERN_INVALID_ADDRESS :
	       (a & ~p->prot) ? KERN_PROTECTION_FAILURE : KERN_SUCCESS;
	kr = host_access(t->map, va, a, &v);
	TR("access task %ld page %u %s v=%u kr=%d want=%d cell=%p val=%u inj=%d\n",
	   (long)(t - tasks), i, a == VM_PROT_WRITE ? "W" :
	   a == VM_PROT_READ ? "R" : "X", v, kr, want, (void *)p->cell,
	   p->cell ? p->cell->val : 0, injecting);
	if (!expect(kr, want))
		return;
	n_faults_ok++;
	if (a == VM_PROT_WRITE) {
		p->cell->val = v;
		return;
	}
	/* The page holds the cell's byte and zeroes everywhere else. */
	CHECK_EQ(v, p->cell->val);
	d = host_page_data(pte_of(t->map, va)->pa);
	for (unsigned int k = 0; k < PAGE_SIZE; k++)
		if (k != byte_of(i) && d[k])
			CHECK_EQ(d[k], 0);
}

static bool run_free(struct task *t, unsigned int s, unsigned int n)
{
	if (s + n > RNP)
		return false;
	for (unsigned int k = s; k < s + n; k++)
		if (t->p[k].mapped)
			return false;
	return true;
}

/* first_fit: the first free run of n pages at or above from. */
static bool first_fit(struct task *t, unsigned int from, unsigned int n,
		      unsigned int *got)
{
	for (unsigned int s = from; s + n <= RNP; s++) {
		if (run_free(t, s, n)) {
			*got = s;
			return true;
		}
	}
	return false;
}

static void t_alloc(struct task *t)
{
	unsigned int n = 1 + (unsigned int)host_rand_below(4);
	unsigned int at = (unsigned int)host_rand_below(RNP), got = at;
	bool anywhere = host_rand_below(2);
	vm_prot_t max = host_rand_below(4) ? VM_PROT_ALL :
			(vm_prot_t)host_rand_below(8) | VM_PROT_READ;
	vm_prot_t cur = host_rand_below(4) ? RW & max :
			(vm_prot_t)host_rand_below(8) & max;
	vm_inherit_t inh = (vm_inherit_t)host_rand_below(3);
	vaddr_t addr = pg(at);
	kern_return_t want = KERN_SUCCESS;

	if (anywhere) {
		/* From the hint up, then from the bottom. */
		if (!first_fit(t, at, n, &got) && !first_fit(t, 0, n, &got))
			want = KERN_NO_SPACE;
	} else if (at + n > RNP) {
		want = KERN_INVALID_ADDRESS;
	} else if (!run_free(t, at, n)) {
		want = KERN_NO_SPACE;
	}
	TR("alloc task %ld at %u n %u any %d prot %x/%x inh %u want %d\n",
	   (long)(t - tasks), at, n, anywhere, cur, max, inh, want);
	if (!expect(vm_map_enter(t->map, &addr, n * PAGE_SIZE, 0, anywhere, NULL,
				 0, false, cur, max, inh), want))
		return;
	CHECK_EQ(addr, pg(got));
	for (unsigned int k = got; k < got + n; k++)
		t->p[k] = (struct tpage){ true, cur, max, inh, cell_new(0) };
}

static void t_range(unsigned int *s, unsigned int *e)
{
	*s = (unsigned int)host_rand_below(RNP);
	*e = *s + 1 + (unsigned int)host_rand_below(4);
	if (*e > RNP)
		*e = RNP;
}

static void t_remove(struct task *t)
{
	unsigned int s, e;

	t_range(&s, &e);
	TR("remove task %ld [%u, %u)\n", (long)(t - tasks), s, e);
	if (!expect(vm_map_remove(t->map, pg(s), pg(e)), KERN_SUCCESS))
		return;
	for (unsigned int k = s; k < e; k++)
		cell_drop(&t->p[k]);
}

static void t_attr(struct task *t, bool inherit)
{
	unsigned int s, e;
	unsigned int v = inherit ? (unsigned int)host_rand_below(3) :
			 host_rand_below(2) ? RW : (unsigned int)host_rand_below(8);
	bool set_max = !inherit && host_rand_below(4) == 0;
	kern_return_t want = KERN_SUCCESS, kr;

	t_range(&s, &e);
	for (unsigned int k = s; k < e && want == KERN_SUCCESS; k++) {
		if (!t->p[k].mapped)
			want = KERN_INVALID_ADDRESS;
		else if (!inherit && (v & ~t->p[k].max))
			want = KERN_PROTECTION_FAILURE;
	}
	kr = inherit ? vm_map_inherit(t->map, pg(s), pg(e), v)
		     : vm_map_protect(t->map, pg(s), pg(e), v, set_max);
	TR("%s task %ld [%u, %u) v %x max %d kr %d want %d\n",
	   inherit ? "inherit" : "protect", (long)(t - tasks), s, e, v, set_max,
	   kr, want);
	if (!expect(kr, want))
		return;
	for (unsigned int k = s; k < e; k++) {
		if (inherit)
			t->p[k].inh = v;
		else if (set_max)
			t->p[k].max = v, t->p[k].prot &= v;
		else
			t->p[k].prot = v;
	}
}

static void t_fork(struct task *t)
{
	struct task *c = &tasks[ntasks];

	c->map = vm_map_fork(t->map, pmap_create());
	TR("fork task %ld -> %u %s\n", (long)(t - tasks), ntasks,
	   c->map ? "ok" : "FAILED");
	if (!c->map) {
		CHECK(injecting);
		n_shortage++;
		return;
	}
	ntasks++;
	n_forks++;
	for (unsigned int k = 0; k < RNP; k++) {
		struct tpage *p = &t->p[k];

		c->p[k] = *p;
		if (!p->mapped || p->inh == VM_INHERIT_NONE)
			c->p[k] = (struct tpage){ 0 };
		else if (p->inh == VM_INHERIT_SHARE)
			p->cell->refs++;
		else {
			n_shared_copies += p->cell->refs > 1;
			c->p[k].cell = cell_new(p->cell->val);
		}
	}
}

/*
 * t_ool: a copy of pages [s, e) of task t (vm_map_copyin, one time in
 * three with src_destroy: a move) written over the same pages of a
 * random task u (vm_map_copy_overwrite: entries replaced, or pages
 * written where u's range is shared), or discarded.  The model: u's
 * cells take the values t's had at the copyin; a move unmaps t's pages.
 * Same page numbers on both sides, so each page keeps its byte's place.
 */
static void t_ool(struct task *t)
{
	struct task *u = &tasks[host_rand_below(ntasks)];
	bool destroy = host_rand_below(3) == 0;
	kern_return_t want = KERN_SUCCESS, kr;
	uint8_t snap[RNP];
	vm_map_copy_t c;
	unsigned int s, e;

	uninject();		/* a physical overwrite may fail half-way */
	t_range(&s, &e);
	for (unsigned int k = s; k < e && want == KERN_SUCCESS; k++) {
		if (!t->p[k].mapped)
			want = KERN_INVALID_ADDRESS;
		else if (!(t->p[k].prot & VM_PROT_READ))
			want = KERN_PROTECTION_FAILURE;
	}
	kr = vm_map_copyin(t->map, pg(s), pg(e) - pg(s), destroy, &c);
	TR("ool copyin task %ld [%u, %u) destroy %d kr %d want %d\n",
	   (long)(t - tasks), s, e, destroy, kr, want);
	if (!expect(kr, want))
		return;
	for (unsigned int k = s; k < e; k++) {
		snap[k] = t->p[k].cell->val;
		if (destroy)
			cell_drop(&t->p[k]);
	}
	if (host_rand_below(4) == 0) {
		vm_map_copy_discard(c);
		return;
	}
	for (unsigned int k = s; k < e && want == KERN_SUCCESS; k++) {
		if (!u->p[k].mapped)
			want = KERN_INVALID_ADDRESS;
		else if (!(u->p[k].prot & VM_PROT_WRITE))
			want = KERN_PROTECTION_FAILURE;
	}
	kr = vm_map_copy_overwrite(u->map, pg(s), c);
	TR("ool overwrite task %ld [%u, %u) kr %d want %d\n",
	   (long)(u - tasks), s, e, kr, want);
	if (kr != KERN_SUCCESS)
		vm_map_copy_discard(c);
	if (!expect(kr, want))
		return;
	n_ool++;
	for (unsigned int k = s; k < e; k++)
		u->p[k].cell->val = snap[k];
}

static void t_exit(unsigned int i)
{
	TR("exit task %u (task %u moves there)\n", i, ntasks - 1);
	vm_map_deallocate(tasks[i].map);
	n_exits++;
	for (unsigned int k = 0; k < RNP; k++)
		cell_drop(&tasks[i].p[k]);
	tasks[i] = tasks[--ntasks];
}

static void measure_chains(void)
{
	for (unsigned int i = 0; i < ntasks; i++) {
		vm_map_t m = tasks[i].map;

		simple_lock(&m->lock);
		for (struct vm_map_entry *e = vm_map_first(m); e;
		     e = vm_map_next(m, e)) {
			unsigned long n;

			if (e->is_sub_map || !e->u.object)
				continue;
			n = vm_object_chain_length(e->u.object);
			if (n > max_chain)
				max_chain = n;
		}
		simple_unlock(&m->lock);
	}
}

static void random_tasks(uint64_t seed, unsigned int iters)
{
	struct host_counts base;

	host_counts(&base);
	host_srand(seed);
	ntasks = 1;
	tracing = getenv("VM_TEST_TRACE") != NULL;
	memset(tasks, 0, sizeof(tasks));
	tasks[0].map = vm_map_create(pmap_create(), BASE, pg(RNP));
	CHECK(tasks[0].map);
	for (unsigned int it = 0; it < iters; it++) {
		unsigned int op = (unsigned int)host_rand_below(100);
		struct task *t = &tasks[host_rand_below(ntasks)];

		inject();
		if (op < 45)
			t_access(t);
		else if (op < 60)
			t_alloc(t);
		else if (op < 68)
			t_remove(t);
		else if (op < 78)
			t_attr(t, false);
		else if (op < 88)
			t_attr(t, true);
		else if (op < 92) {
			if (ntasks < MAX_TASKS)
				t_fork(t);
		} else if (op < 97) {
			t_ool(t);
		} else if (ntasks > 1) {
			t_exit((unsigned int)(t - tasks));
		}
		uninject();
		if (it % 64 == 0 || getenv("VM_TEST_TRACE")) {
			for (unsigned int i = 0; i < ntasks; i++) {
				check_map(tasks[i].map);
				check_pmap(tasks[i].map);
			}
			measure_chains();
		}
	}
	while (ntasks)
		t_exit(ntasks - 1);
	check_counts(&base, "random_tasks");
}

int main(int argc, char **argv)
{
	unsigned int iters = argc > 1 ? (unsigned int)atoi(argv[1]) : 30000;
	struct host_counts base;

	host_counts(&base);
	zero_fill_and_errors();
	kernel_page_access();
	copy_on_write();
	sharing();
	share_then_unmap_and_refill();
	failures_and_reclaim();
	check_counts(&base, "scenarios");
	uint64_t s0 = getenv("VM_TEST_SEED") ? strtoull(getenv("VM_TEST_SEED"), NULL, 0) : 0;

	for (uint64_t seed = 1; seed <= 4; seed++)
		random_tasks((s0 + seed) * 104729, iters);
	check_counts(&base, "end");
	printf("vm_fault: %lu accesses done, %lu refused for exhaustion, "
	       "longest shadow chain %lu\n", n_faults_ok, n_shortage, max_chain);
	{
		struct vm_fault_stats fs;

		vm_fault_get_stats(&fs);
		printf("vm_fault: %lu pages of shared ranges copied, %lu copy "
		       "objects written over\n", n_shared_copies, n_ool);
		printf("vm_fault: %lu forks, %lu exits; results: %lu ok, %lu invalid "
		       "address, %lu protection, %lu no space; faults %lu: %lu zero "
		       "fills, %lu copies, %lu backing reads; %lu collapses, %lu "
		       "bypasses\n", n_forks, n_exits, n_by_kr[KERN_SUCCESS],
		       n_by_kr[KERN_INVALID_ADDRESS], n_by_kr[KERN_PROTECTION_FAILURE],
		       n_by_kr[KERN_NO_SPACE], fs.faults, fs.zero_fills, fs.cow_copies,
		       fs.backing_reads, vm_object_collapse_count(),
		       vm_object_bypass_count());
	}
	printf("PASS vm_fault\n");
	return 0;
}
