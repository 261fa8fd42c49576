/*
 * tests/kernel/test_vm.c - suite "vm": the machine-independent VM (maps,
 * objects, the fault handler) over each port's real pmap, with maps of
 * no task.  An access is made as the MMU and the trap code make it: probe
 * the address from kernel mode with the map's pmap active
 * (md_probe_read/md_probe_write report a fault instead of panicking: the
 * test thread's task, the kernel's, has no map for vm_fault_user to
 * use), on a fault call vm_fault and probe once more.  Every case
 * ends with the free page count, the objects, entries and maps back where
 * they were.
 */
#include <kern/machine.h>
#include <kern/string.h>
#include <vm/pmap.h>
#include <vm/vm_fault.h>
#include <vm/vm_map.h>
#include <vm/vm_object.h>
#include <vm/vm_page.h>
#include <tests/kernel/ktest.h>

#define BASE	0x10000000UL
#define NP	32
#define RW	(VM_PROT_READ | VM_PROT_WRITE)

static vaddr_t pg(unsigned int i)
{
	return BASE + (vaddr_t)i * PAGE_SIZE;
}

struct vm_baseline {
	unsigned long free, objects, entries, maps;
};

/*
 * baseline: the counts a case must return to.  A port may keep destroyed
 * pmaps for reuse (riscv does): create and destroy as many as a case uses
 * at once first, so that such a cache is as full now as it will be then.
 */
static void baseline(struct vm_baseline *b)
{
	pmap_t warm[4];

	for (int i = 0; i < 4; i++)
		warm[i] = pmap_create();
	for (int i = 0; i < 4; i++)
		if (warm[i])
			pmap_destroy(warm[i]);
	b->free = ktest_free_pages();	/* zone caches returned first */
	b->objects = vm_object_count();
	b->entries = vm_map_entry_count();
	b->maps = vm_map_count();
}

static bool at_baseline(const struct vm_baseline *b)
{
	struct vm_baseline now;

	baseline(&now);
	if (now.free == b->free && now.objects == b->objects &&
	    now.entries == b->entries && now.maps == b->maps)
		return true;
	kprintf("vm: free pages %lu/%lu objects %lu/%lu entries %lu/%lu "
		"maps %lu/%lu (now/before)\n", now.free, b->free, now.objects,
		b->objects, now.entries, b->entries, now.maps, b->maps);
	return false;
}

static vm_map_t active;

static void use(vm_map_t map)
{
	if (active)
		pmap_deactivate(active->pmap);
	active = map;
	if (map)
		pmap_activate(map->pmap);
}

/*
 * access: one byte access through the active map as user code would make
 * it.  Returns KERN_SUCCESS, the fault's error, or KERN_FAILURE if the
 * fault claimed success but the MMU still refuses.
 */
static kern_return_t access(vaddr_t va, bool write, uint8_t *v)
{
	kern_return_t kr;

	for (int tries = 0; tries < 2; tries++) {
		if (write ? md_probe_write((volatile void *)va, *v)
			  : md_probe_read((const volatile void *)va, v))
			return KERN_SUCCESS;
		if (tries)
			break;
		kr = vm_fault(active, va, write ? VM_PROT_WRITE : VM_PROT_READ);
		if (kr != KERN_SUCCESS)
			return kr;
	}
	return KERN_FAILURE;
}

static bool put(vm_map_t m, vaddr_t va, uint8_t v)
{
	use(m);
	return access(va, true, &v) == KERN_SUCCESS;
}

static int get(vm_map_t m, vaddr_t va)
{
	uint8_t v;

	use(m);
	return access(va, false, &v) == KERN_SUCCESS ? v : -1;
}

static vm_map_t new_map(unsigned int npages, vm_inherit_t inh)
{
	vm_map_t m = vm_map_create(pmap_create(), BASE, pg(NP));
	vaddr_t a = BASE;

	if (m && vm_map_enter(m, &a, npages * PAGE_SIZE, 0, false, NULL, 0,
			      false, RW, VM_PROT_ALL, inh) != KERN_SUCCESS) {
		vm_map_deallocate(m);
		m = NULL;
	}
	return m;
}

static void drop(vm_map_t m)
{
	if (active == m)
		use(NULL);
	vm_map_deallocate(m);
}

KTEST(vm, zero_fill_protect_errors)
{
	struct vm_baseline b;
	vm_map_t m;
	uint8_t v = 1;

	baseline(&b);
	m = new_map(8, VM_INHERIT_COPY);
	KT_CHECK(m);
	KT_CHECK_EQ(get(m, pg(3) + 100), 0);
	KT_CHECK(put(m, pg(3) + 100, 0x5a));
	KT_CHECK_EQ(get(m, pg(3) + 100), 0x5a);
	KT_CHECK_EQ(access(pg(8), false, &v), KERN_INVALID_ADDRESS);
	KT_CHECK_EQ(vm_map_protect(m, pg(0), pg(8), VM_PROT_READ, false),
		    KERN_SUCCESS);
	KT_CHECK_EQ(access(pg(3), true, &v), KERN_PROTECTION_FAILURE);
	KT_CHECK_EQ(get(m, pg(3) + 100), 0x5a);
	KT_CHECK_EQ(vm_map_protect(m, pg(0), pg(8), RW, false), KERN_SUCCESS);
	KT_CHECK(put(m, pg(3), 1));
	KT_CHECK_EQ(vm_map_remove(m, pg(2), pg(4)), KERN_SUCCESS);
	KT_CHECK_EQ(access(pg(3), false, &v), KERN_INVALID_ADDRESS);
	drop(m);
	KT_CHECK(at_baseline(&b));
}

KTEST(vm, fork_copy_on_write)
{
	struct vm_baseline b;
	vm_map_t p, c;
	paddr_t pa, pa2;
	bool valid;

	baseline(&b);
	p = new_map(NP, VM_INHERIT_COPY);
	KT_CHECK(p);
	for (unsigned int i = 0; i < NP; i++)
		KT_CHECK(put(p, pg(i), (uint8_t)i));
	pa = pmap_extract(p->pmap, pg(5), &valid);
	c = vm_map_fork(p, pmap_create());
	KT_CHECK(c);
	/* Both see the same pages until one writes. */
	KT_CHECK_EQ(get(c, pg(5)), 5);
	KT_CHECK_EQ(pmap_extract(c->pmap, pg(5), &valid), pa);
	KT_CHECK(put(c, pg(5), 55));
	pa2 = pmap_extract(c->pmap, pg(5), &valid);
	KT_CHECK(valid && pa2 != pa);
	KT_CHECK_EQ(get(p, pg(5)), 5);
	KT_CHECK(put(p, pg(6), 66));
	KT_CHECK_EQ(get(c, pg(6)), 6);
	KT_CHECK_EQ(get(p, pg(6)), 66);
	KT_CHECK_EQ(get(c, pg(5)), 55);
	drop(c);
	for (unsigned int i = 0; i < NP; i++)
		KT_CHECK_EQ(get(p, pg(i)), i == 6 ? 66 : (int)i);
	drop(p);
	KT_CHECK(at_baseline(&b));
}

KTEST(vm, share_then_copy)
{
	struct vm_baseline b;
	vm_map_t p, q, c;

	baseline(&b);
	p = new_map(4, VM_INHERIT_SHARE);
	KT_CHECK(p);
	q = vm_map_fork(p, pmap_create());
	KT_CHECK(q);
	KT_CHECK(put(q, pg(1), 1));		/* the object appears now */
	KT_CHECK_EQ(get(p, pg(1)), 1);
	KT_CHECK(put(p, pg(2), 2));
	KT_CHECK_EQ(get(q, pg(2)), 2);
	KT_CHECK_EQ(vm_map_inherit(p, pg(0), pg(4), VM_INHERIT_COPY),
		    KERN_SUCCESS);
	c = vm_map_fork(p, pmap_create());
	KT_CHECK(c);
	KT_CHECK(put(q, pg(1), 11));
	KT_CHECK_EQ(get(p, pg(1)), 11);
	KT_CHECK_EQ(get(c, pg(1)), 1);
	KT_CHECK(put(c, pg(2), 22));
	KT_CHECK_EQ(get(p, pg(2)), 2);
	KT_CHECK_EQ(get(q, pg(2)), 2);
	drop(p);
	KT_CHECK_EQ(get(q, pg(1)), 11);
	drop(q);
	KT_CHECK_EQ(get(c, pg(2)), 22);
	drop(c);
	KT_CHECK(at_baseline(&b));
}

/* A parent that forks, writes and outlives its children, many times. */
KTEST(vm, repeated_forks_stay_short)
{
	struct vm_baseline b;
	uint8_t model[NP] = { 0 };
	unsigned int seed = 1, longest = 0;
	vm_map_t p;

	baseline(&b);
	p = new_map(NP, VM_INHERIT_COPY);
	KT_CHECK(p);
	for (unsigned int round = 0; round < 200; round++) {
		vm_map_t c = vm_map_fork(p, pmap_create());
		unsigned int i;

		KT_CHECK(c);
		for (int k = 0; k < 3; k++) {
			seed = seed * 1103515245 + 12345;
			i = (seed >> 16) % NP;
			model[i] = (uint8_t)(round + k + 1);
			KT_CHECK(put(p, pg(i), model[i]));
			KT_CHECK(put(c, pg((i + 1) % NP), 0xee));
		}
		KT_CHECK_EQ(get(c, pg((i + 1) % NP)), 0xee);
		drop(c);
		simple_lock(&p->lock);
		longest = MAX(longest,
			      vm_object_chain_length(vm_map_first(p)->u.object));
		simple_unlock(&p->lock);
	}
	for (unsigned int i = 0; i < NP; i++)
		KT_CHECK_EQ(get(p, pg(i)), model[i]);
	KT_CHECK_MSG(longest == 1, "shadow chain left at %u", longest);
	drop(p);
	KT_CHECK(at_baseline(&b));
}
