/*
 * tests/user/vm_stress.c - random map operations across several tasks,
 * checked against a model (the kernel suite vm_stress,
 * tests/kernel/test_vm_stress.c).
 *
 * The module drives up to MAXTASKS tasks it creates (empty ones with
 * task_create(self, FALSE), children of them with task_create(T, TRUE))
 * through their task ports: vm_allocate (fixed, and anywhere), vm_map
 * anywhere from a hint, vm_deallocate, vm_protect (current and maximum),
 * vm_inherit, vm_write, vm_read, vm_copy, vm_wire (wiring and unwiring,
 * with the privileged host port the kernel suite gives the module under
 * HOST_PRIV_NAME), task_create with inheritance and task_terminate, all
 * inside an arena of NPAGES pages per task, from a fixed seed.  Every call's result is compared with what the model
 * predicts (the documented error, or success), and so is the memory:
 *
 *  - each (task, page) of the arena is either a hole or refers to a
 *    CELL: the memory behind it, shared by every task that got it through
 *    VM_INHERIT_SHARE; a cell's contents are a tag (0: zeros; else the
 *    page pattern of that tag, written whole by vm_write or vm_copy);
 *  - per (task, page): protection, maximum, inheritance, whether the
 *    range is shared (vm_region's is_shared), and how many times it is
 *    wired (which only decides vm_wire's errors: wiring changes no
 *    contents, and a task_create child inherits no wiring).
 *
 * Each operation's pages are read back afterwards; every CHECK_EVERY
 * operations and at the end, every page of every task is read (contents,
 * or the protection error) and the regions of every task are walked
 * with vm_region (each region must cover allocated pages of identical
 * attributes, and every allocated page must be covered).  On the first
 * difference the module prints the operation number and stops; it then
 * terminates its tasks, so the kernel suite can check that pages, objects
 * and entries return to their baseline.
 */
#include "ipc_test.h"
#include <mach_host.h>

#define PAGE		4096
#define NPAGES		40
#define ARENA		0x20000000UL
#define ARENA_END	(ARENA + NPAGES * PAGE)
#define MAXTASKS	4
#define MAXCELLS	(MAXTASKS * NPAGES + 8)
#define NOPS		8000
#define CHECK_EVERY	500
#define SEED		0x6d6963615eedULL
#define HOST_PRIV_NAME	100	/* tests/kernel/test_vm_stress.c */

#ifndef VM_PROT_READ
#define VM_PROT_NONE	0x0
#define VM_PROT_READ	0x1
#define VM_PROT_WRITE	0x2
#define VM_PROT_EXECUTE	0x4
#define VM_PROT_ALL	(VM_PROT_READ | VM_PROT_WRITE | VM_PROT_EXECUTE)
#endif
#define RW	(VM_PROT_READ | VM_PROT_WRITE)
#define MIN(a, b)	((a) < (b) ? (a) : (b))

struct cell {
	unsigned int refs;
	uint32_t tag;
};

struct vpage {
	int cell;			/* -1: a hole */
	uint8_t prot, max, inh;
	bool shared;
	uint8_t wired;			/* vm_wire count */
};

struct mtask {
	mach_port_t port;		/* MACH_PORT_NULL: slot unused */
	struct vpage pg[NPAGES];
};

static struct cell cells[MAXCELLS];
static struct mtask tasks[MAXTASKS];
static uint64_t rng = SEED;
static uint32_t next_tag = 1;
static unsigned long op_no;
/* Operations that succeeded, by kind: the mix actually exercised. */
static unsigned long n_wired, n_unwired, n_forked, n_copied, n_written;
static bool stop;
static uint64_t wbuf[PAGE / 8];

static uint64_t rnd(void)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return rng * 0x2545F4914F6CDD1DULL;
}

static unsigned int pick(unsigned int n)
{
	return (unsigned int)(rnd() % n);
}

/* Report a difference once, with the operation, and stop the run. */
#define DIFF(...)							\
	do {								\
		if (!stop) {						\
			printf("vm_stress: op %lu: ", op_no);		\
			test_fail(__LINE__, __VA_ARGS__);		\
		}							\
		stop = true;						\
	} while (0)

#define EXPECT_KR(got, want, what)					\
	do {								\
		kern_return_t g_ = (got), w_ = (want);			\
		if (g_ != w_)						\
			DIFF("%s: %s, model says %s", what, kr_name(g_), \
			     kr_name(w_));				\
	} while (0)

/* ---- Cells -------------------------------------------------------------- */

static int cell_new(uint32_t tag)
{
	for (int i = 0; i < MAXCELLS; i++)
		if (cells[i].refs == 0) {
			cells[i].refs = 1;
			cells[i].tag = tag;
			return i;
		}
	DIFF("out of model cells");
	return -1;
}

static void cell_drop(int c)
{
	if (c >= 0)
		cells[c].refs--;
}

static void page_clear(struct vpage *p)
{
	cell_drop(p->cell);
	p->cell = -1;
	p->shared = false;
	p->wired = 0;
}

/* The page pattern of a tag (0: zeros). */
static uint64_t pattern(uint32_t tag, unsigned int i)
{
	return tag ? (uint64_t)tag * 0x9E3779B97F4A7C15ULL + i : 0;
}

/* ---- The model's predictions -------------------------------------------- */

static vm_address_t va(unsigned int page)
{
	return ARENA + (vm_address_t)page * PAGE;
}

/*
 * range_error: what an access needing prot to pages [i, i + n) of t
 * answers: the first page in address order decides (a hole:
 * KERN_INVALID_ADDRESS; a protection without prot:
 * KERN_PROTECTION_FAILURE).  With prot VM_PROT_NONE, holes only.
 */
static kern_return_t range_error(struct mtask *t, unsigned int i,
				 unsigned int n, unsigned int prot)
{
	for (unsigned int k = i; k < i + n; k++) {
		if (t->pg[k].cell < 0)
			return KERN_INVALID_ADDRESS;
		if (prot & ~t->pg[k].prot)
			return KERN_PROTECTION_FAILURE;
	}
	return KERN_SUCCESS;
}

/* ---- Checks of the real memory against the model ------------------------ */

/* Read page i of t and compare it with the model. */
static void check_page(struct mtask *t, unsigned int i)
{
	struct vpage *p = &t->pg[i];
	vm_offset_t data = 0;
	mach_msg_type_number_t count = 0;
	kern_return_t want = range_error(t, i, 1, VM_PROT_READ);
	kern_return_t kr = vm_read(t->port, va(i), PAGE, &data, &count);

	EXPECT_KR(kr, want, "vm_read");
	if (kr != KERN_SUCCESS)
		return;
	if (count != PAGE) {
		DIFF("vm_read of page %u: %u bytes", i, count);
	} else if (want == KERN_SUCCESS) {
		const uint64_t *w = (const uint64_t *)data;
		uint32_t tag = cells[p->cell].tag;

		for (unsigned int k = 0; k < PAGE / 8; k++)
			if (w[k] != pattern(tag, k)) {
				DIFF("page %u word %u: 0x%llx, model tag %u "
				     "(0x%llx)", i, k, (unsigned long long)w[k],
				     tag, (unsigned long long)pattern(tag, k));
				break;
			}
	}
	vm_deallocate(task, data, count);
}

/* Walk t's regions over the arena and compare attributes with the model. */
static void check_regions(struct mtask *t)
{
	bool covered[NPAGES] = { false };
	vm_address_t a = ARENA;

	while (!stop) {
		vm_address_t start = a;
		vm_size_t size = 0;
		vm_prot_t prot = 0, max = 0;
		vm_inherit_t inh = 0;
		boolean_t shared = FALSE;
		mach_port_t name = MACH_PORT_NULL;
		vm_offset_t offset = 0;
		kern_return_t kr = vm_region(t->port, &start, &size, &prot, &max,
					     &inh, &shared, &name, &offset);

		if (kr == KERN_NO_SPACE || (kr == KERN_SUCCESS && start >= ARENA_END))
			break;
		if (kr != KERN_SUCCESS) {
			DIFF("vm_region at 0x%lx: %s", (unsigned long)a, kr_name(kr));
			break;
		}
		if (start < a || start + size > ARENA_END || (start & (PAGE - 1)) ||
		    (size & (PAGE - 1)) || size == 0) {
			DIFF("region [0x%lx, +0x%lx) from 0x%lx", (unsigned long)start,
			     (unsigned long)size, (unsigned long)a);
			break;
		}
		for (vm_address_t x = start; x < start + size; x += PAGE) {
			unsigned int k = (unsigned int)((x - ARENA) / PAGE);
			struct vpage *p = &t->pg[k];

			covered[k] = true;
			if (p->cell < 0 || p->prot != prot || p->max != max ||
			    p->inh != inh || p->shared != (shared != 0)) {
				DIFF("page %u in region [0x%lx, +0x%lx): prot %u "
				     "max %u inh %u shared %d; model %s prot %u "
				     "max %u inh %u shared %d", k,
				     (unsigned long)start, (unsigned long)size,
				     prot, max, inh, shared,
				     p->cell < 0 ? "hole" : "allocated",
				     p->prot, p->max, p->inh, p->shared);
				break;
			}
		}
		a = start + size;
	}
	for (unsigned int k = 0; k < NPAGES && !stop; k++)
		if (t->pg[k].cell >= 0 && !covered[k])
			DIFF("page %u allocated in the model, in no region", k);
}

static void check_task(struct mtask *t)
{
	for (unsigned int i = 0; i < NPAGES && !stop; i++)
		check_page(t, i);
	check_regions(t);
}

static void check_all(void)
{
	for (int i = 0; i < MAXTASKS && !stop; i++)
		if (tasks[i].port != MACH_PORT_NULL)
			check_task(&tasks[i]);
}

/* ---- Operations ---------------------------------------------------------- */

static struct mtask *any_task(void)
{
	for (;;) {
		struct mtask *t = &tasks[pick(MAXTASKS)];

		if (t->port != MACH_PORT_NULL)
			return t;
	}
}

static int live_tasks(void)
{
	int n = 0;

	for (int i = 0; i < MAXTASKS; i++)
		n += tasks[i].port != MACH_PORT_NULL;
	return n;
}

static struct mtask *free_slot(void)
{
	for (int i = 0; i < MAXTASKS; i++)
		if (tasks[i].port == MACH_PORT_NULL)
			return &tasks[i];
	return NULL;
}

/*
 * likely_page: three times in four a page of t that is allocated with at
 * least prot (and, with wired, wired), if a few random tries find one;
 * else any page (the calls' errors need holes and protections too).
 */
static unsigned int likely_page(struct mtask *t, unsigned int prot, bool wired)
{
	unsigned int i = pick(NPAGES);

	if (pick(4) == 0)
		return i;
	for (int tries = 0; tries < 16; tries++, i = pick(NPAGES)) {
		struct vpage *p = &t->pg[i];

		if (p->cell >= 0 && !(prot & ~p->prot) && (!wired || p->wired))
			return i;
	}
	return i;
}

/* A random range of 1 to 4 pages inside the arena. */
static void any_range(unsigned int *i, unsigned int *n)
{
	*i = pick(NPAGES);
	*n = 1 + pick(4);
	if (*i + *n > NPAGES)
		*n = NPAGES - *i;
}

static void set_new(struct mtask *t, unsigned int i, unsigned int n,
		    unsigned int prot, unsigned int max, unsigned int inh)
{
	for (unsigned int k = i; k < i + n; k++) {
		struct vpage *p = &t->pg[k];

		page_clear(p);
		p->cell = cell_new(0);
		p->prot = (uint8_t)prot;
		p->max = (uint8_t)max;
		p->inh = (uint8_t)inh;
	}
}

static void op_allocate_fixed(struct mtask *t)
{
	unsigned int i, n;
	vm_address_t a;
	kern_return_t want = KERN_SUCCESS;

	any_range(&i, &n);
	a = va(i) + pick(PAGE);			/* unaligned: rounded down */
	for (unsigned int k = i; k < i + n; k++)
		if (t->pg[k].cell >= 0)
			want = KERN_NO_SPACE;
	EXPECT_KR(vm_allocate(t->port, &a, (vm_size_t)n * PAGE - (a - va(i)),
			      FALSE), want, "vm_allocate fixed");
	if (want == KERN_SUCCESS && !stop) {
		if (a != va(i))
			DIFF("vm_allocate fixed at 0x%lx", (unsigned long)a);
		set_new(t, i, n, RW, VM_PROT_ALL, VM_INHERIT_COPY);
	}
}

/* vm_map anywhere from the arena: the lowest free run (first fit). */
static void op_map_anywhere(struct mtask *t)
{
	static const unsigned int prots[] = { VM_PROT_NONE, VM_PROT_READ, RW,
					      VM_PROT_ALL };
	unsigned int n = 1 + pick(3), cur = prots[pick(4)], max = prots[pick(4)];
	unsigned int inh = pick(3), i, k;
	vm_address_t a = ARENA;
	kern_return_t kr, want;

	want = (cur & ~max) ? KERN_INVALID_ARGUMENT : KERN_SUCCESS;
	/* First fit at or above the arena; nothing is mapped above it. */
	for (i = 0; i < NPAGES; i++) {
		for (k = i; k < i + n && k < NPAGES && t->pg[k].cell < 0; k++)
			;
		if (k == i + n || k == NPAGES)
			break;
	}
	kr = vm_map(t->port, &a, n * PAGE, 0, TRUE, MACH_PORT_NULL, 0, FALSE,
		    cur, max, inh);
	EXPECT_KR(kr, want, "vm_map anywhere");
	if (kr != KERN_SUCCESS || want != KERN_SUCCESS || stop)
		return;
	if (a != va(i)) {
		DIFF("vm_map anywhere: 0x%lx, model: page %u", (unsigned long)a, i);
		return;
	}
	if (i + n > NPAGES) {
		/* Past the arena's end: given back at once. */
		EXPECT_KR(vm_deallocate(t->port, a, n * PAGE), KERN_SUCCESS,
			  "vm_deallocate");
		return;
	}
	set_new(t, i, n, cur, max, inh);
}

/* vm_allocate anywhere: below the arena (nothing is there), then freed. */
static void op_allocate_anywhere(struct mtask *t)
{
	vm_address_t a = 0;
	kern_return_t kr = vm_allocate(t->port, &a, 2 * PAGE, TRUE);

	EXPECT_KR(kr, KERN_SUCCESS, "vm_allocate anywhere");
	if (kr != KERN_SUCCESS)
		return;
	if (a == 0 || a + 2 * PAGE > ARENA)
		DIFF("vm_allocate anywhere: 0x%lx, not first fit below the arena",
		     (unsigned long)a);
	EXPECT_KR(vm_deallocate(t->port, a, 2 * PAGE), KERN_SUCCESS,
		  "vm_deallocate");
}

static void op_deallocate(struct mtask *t)
{
	unsigned int i, n;

	any_range(&i, &n);
	EXPECT_KR(vm_deallocate(t->port, va(i), (vm_size_t)n * PAGE),
		  KERN_SUCCESS, "vm_deallocate");
	for (unsigned int k = i; k < i + n; k++)
		page_clear(&t->pg[k]);
}

static void op_protect(struct mtask *t)
{
	static const unsigned int prots[] = { VM_PROT_NONE, VM_PROT_READ, RW,
					      VM_PROT_ALL,
					      VM_PROT_READ | VM_PROT_EXECUTE,
					      RW, RW };
	unsigned int i, n, prot = prots[pick(7)];
	bool set_max = pick(6) == 0;
	kern_return_t want = KERN_SUCCESS;

	any_range(&i, &n);
	for (unsigned int k = i; k < i + n && want == KERN_SUCCESS; k++) {
		if (t->pg[k].cell < 0)
			want = KERN_INVALID_ADDRESS;
		else if (prot & ~t->pg[k].max)
			want = KERN_PROTECTION_FAILURE;	/* a maximum never rises */
	}
	EXPECT_KR(vm_protect(t->port, va(i), (vm_size_t)n * PAGE, set_max, prot),
		  want, set_max ? "vm_protect (maximum)" : "vm_protect");
	if (want != KERN_SUCCESS)
		return;
	for (unsigned int k = i; k < i + n; k++) {
		if (set_max) {
			t->pg[k].max = (uint8_t)prot;
			t->pg[k].prot &= (uint8_t)prot;
		} else {
			t->pg[k].prot = (uint8_t)prot;
		}
	}
}

static void op_inherit(struct mtask *t)
{
	unsigned int i, n, inh = pick(3);

	any_range(&i, &n);
	EXPECT_KR(vm_inherit(t->port, va(i), (vm_size_t)n * PAGE, inh),
		  range_error(t, i, n, VM_PROT_NONE), "vm_inherit");
	if (range_error(t, i, n, VM_PROT_NONE) == KERN_SUCCESS)
		for (unsigned int k = i; k < i + n; k++)
			t->pg[k].inh = (uint8_t)inh;
}

static void op_write(struct mtask *t)
{
	unsigned int i = likely_page(t, VM_PROT_WRITE, false);
	kern_return_t want = range_error(t, i, 1, VM_PROT_WRITE);
	uint32_t tag = next_tag++;

	for (unsigned int k = 0; k < PAGE / 8; k++)
		wbuf[k] = pattern(tag, k);
	EXPECT_KR(vm_write(t->port, va(i), (vm_offset_t)wbuf, PAGE), want,
		  "vm_write");
	if (want == KERN_SUCCESS) {
		cells[t->pg[i].cell].tag = tag;
		n_written++;
	}
	check_page(t, i);
}

static void op_copy(struct mtask *t)
{
	unsigned int s = likely_page(t, VM_PROT_READ, false);
	unsigned int d = likely_page(t, VM_PROT_WRITE, false), n = 1 + pick(3);
	uint32_t tags[4];
	kern_return_t want;

	if (s + n > NPAGES)
		n = NPAGES - s;
	if (d + n > NPAGES)
		n = NPAGES - d;
	if (n == 0)
		return;
	want = range_error(t, s, n, VM_PROT_READ);
	if (want == KERN_SUCCESS)
		want = range_error(t, d, n, VM_PROT_WRITE);
	EXPECT_KR(vm_copy(t->port, va(s), (vm_size_t)n * PAGE, va(d)), want,
		  "vm_copy");
	if (want != KERN_SUCCESS)
		return;
	n_copied++;
	/* As through a snapshot of the source. */
	for (unsigned int k = 0; k < n; k++)
		tags[k] = cells[t->pg[s + k].cell].tag;
	for (unsigned int k = 0; k < n; k++)
		cells[t->pg[d + k].cell].tag = tags[k];
	for (unsigned int k = 0; k < n; k++)
		check_page(t, d + k);
}

/*
 * vm_wire: wire a range once more for read or read/write, or undo one
 * wiring (VM_PROT_NONE); the first page in address order that is a hole,
 * not wired (unwiring) or protected below the access decides the error.
 */
static void op_wire(struct mtask *t)
{
	static const unsigned int access[] = { VM_PROT_NONE, VM_PROT_NONE,
					       VM_PROT_READ, RW };
	unsigned int i, n, a = access[pick(4)];
	kern_return_t want = KERN_SUCCESS;

	any_range(&i, &n);
	i = likely_page(t, a, a == VM_PROT_NONE);
	n = MIN(n, NPAGES - i);
	if (a == VM_PROT_NONE && pick(4) != 0) {
		/* Mostly within the wired run, so that unwirings succeed too. */
		unsigned int run = 0;

		while (run < n && t->pg[i + run].cell >= 0 && t->pg[i + run].wired)
			run++;
		if (run)
			n = run;
	}
	for (unsigned int k = i; k < i + n && want == KERN_SUCCESS; k++) {
		struct vpage *p = &t->pg[k];

		if (p->cell < 0)
			want = KERN_INVALID_ADDRESS;
		else if (a == VM_PROT_NONE && p->wired == 0)
			want = KERN_INVALID_ARGUMENT;
		else if (a & ~p->prot)
			want = KERN_PROTECTION_FAILURE;
		else if (a != VM_PROT_NONE && p->wired == 255)
			return;			/* the model's counter is full */
	}
	EXPECT_KR(vm_wire(HOST_PRIV_NAME, t->port, va(i), (vm_size_t)n * PAGE, a),
		  want, a ? "vm_wire" : "vm_wire (unwire)");
	if (want != KERN_SUCCESS)
		return;
	*(a ? &n_wired : &n_unwired) += 1;
	for (unsigned int k = i; k < i + n; k++)
		t->pg[k].wired += a ? 1 : -1;
}

static void op_task_create(struct mtask *parent)
{
	struct mtask *c = free_slot();
	bool inherit = pick(4) != 0;
	kern_return_t kr;

	if (!c)
		return;
	kr = task_create(inherit ? parent->port : task, inherit, &c->port);
	EXPECT_KR(kr, KERN_SUCCESS, "task_create");
	if (kr != KERN_SUCCESS) {
		c->port = MACH_PORT_NULL;
		return;
	}
	n_forked += inherit;
	for (unsigned int k = 0; k < NPAGES; k++) {
		struct vpage *pp = &parent->pg[k], *cp = &c->pg[k];

		cp->cell = -1;
		cp->shared = false;
		cp->wired = 0;
		if (!inherit || pp->cell < 0 || pp->inh == VM_INHERIT_NONE)
			continue;
		*cp = *pp;
		cp->wired = 0;		/* wiring is not inherited */
		if (pp->inh == VM_INHERIT_SHARE) {
			cells[pp->cell].refs++;
			pp->shared = cp->shared = true;
		} else {
			cp->cell = cell_new(cells[pp->cell].tag);
			cp->shared = false;
		}
	}
}

static void op_terminate(struct mtask *t)
{
	if (live_tasks() < 2)
		return;
	EXPECT_KR(task_terminate(t->port), KERN_SUCCESS, "task_terminate");
	mach_port_deallocate(task, t->port);
	t->port = MACH_PORT_NULL;
	for (unsigned int k = 0; k < NPAGES; k++)
		page_clear(&t->pg[k]);
}

static void one_op(void)
{
	struct mtask *t = any_task();
	unsigned int r = pick(100);

	if (r < 14)
		op_allocate_fixed(t);
	else if (r < 22)
		op_map_anywhere(t);
	else if (r < 24)
		op_allocate_anywhere(t);
	else if (r < 34)
		op_deallocate(t);
	else if (r < 44)
		op_protect(t);
	else if (r < 50)
		op_inherit(t);
	else if (r < 57)
		op_wire(t);
	else if (r < 72)
		op_write(t);
	else if (r < 80)
		check_page(t, pick(NPAGES));
	else if (r < 88)
		op_copy(t);
	else if (r < 93)
		op_task_create(t);
	else if (r < 97)
		op_terminate(t);
	else
		check_regions(t);
}

int main(void)
{
	test_begin("vm_stress");
	for (int i = 0; i < MAXTASKS; i++)
		for (unsigned int k = 0; k < NPAGES; k++)
			tasks[i].pg[k].cell = -1;
	/* The kernel gave us the privileged host port (for vm_wire). */
	EXPECT(vm_wire(HOST_PRIV_NAME, task, ARENA, 0, VM_PROT_READ),
	       KERN_SUCCESS);
	for (int i = 0; i < 2; i++)
		EXPECT(task_create(task, FALSE, &tasks[i].port), KERN_SUCCESS);
	for (op_no = 1; op_no <= NOPS && !stop; op_no++) {
		one_op();
		if (op_no % CHECK_EVERY == 0)
			check_all();
	}
	if (!stop)
		check_all();
	printf("vm_stress: %lu operations from seed 0x%llx: %lu vm_write, "
	       "%lu vm_copy, %lu wirings, %lu unwirings, %lu task_create "
	       "with inheritance\n", op_no - 1, (unsigned long long)SEED,
	       n_written, n_copied, n_wired, n_unwired, n_forked);
	for (int i = 0; i < MAXTASKS; i++)
		if (tasks[i].port != MACH_PORT_NULL) {
			EXPECT(task_terminate(tasks[i].port), KERN_SUCCESS);
			EXPECT(mach_port_deallocate(task, tasks[i].port),
			       KERN_SUCCESS);
		}
	return test_end();
}
