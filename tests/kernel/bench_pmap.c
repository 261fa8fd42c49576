/*
 * tests/kernel/bench_pmap.c - pmap benchmarks (cycles per operation):
 *   pmap_enter_touch   pmap_enter of a fresh page, then the first write
 *                      through it (page walk, reference/modify setting)
 *   pmap_remove_1g     pmap_remove over a 1 GiB range holding one page per
 *                      2 MiB (512 mappings): one operation = one remove
 *   zero_page, copy_page
 */
#include <kern/machine.h>
#include <kern/panic.h>
#include <vm/pmap.h>
#include <vm/vm_page.h>
#include <tests/kernel/ktest.h>

#define BENCH_VA	0x40000000UL
#define POOL		64

static struct vm_page *pool[POOL];

static void pool_fill(void)
{
	for (int i = 0; i < POOL; i++)
		if (!pool[i] && !(pool[i] = vm_page_alloc()))
			panic("bench: out of pages");
}

KBENCH(pmap_enter_touch)
{
	pmap_t p = pmap_create();
	uint64_t t0, total;

	pool_fill();
	pmap_activate(p);
	t0 = cpu_cycles();
	for (unsigned long i = 0; i < iterations; i++) {
		vaddr_t va = BENCH_VA + i * PAGE_SIZE;

		pmap_enter(p, va, pool[i % POOL]->phys_addr,
			   VM_PROT_READ | VM_PROT_WRITE, VM_PROT_NONE, false);
		md_probe_write((volatile void *)va, 1);
	}
	total = cpu_cycles() - t0;
	pmap_deactivate(p);
	pmap_remove(p, BENCH_VA, BENCH_VA + iterations * PAGE_SIZE);
	pmap_update(p);
	pmap_destroy(p);
	return total;
}

KBENCH_SCALED(pmap_remove_1g, 1000)
{
	pmap_t p = pmap_create();
	uint64_t total = 0;

	pool_fill();
	for (unsigned long i = 0; i < iterations; i++) {
		uint64_t t0;

		for (unsigned long k = 0; k < 512; k++)
			pmap_enter(p, BENCH_VA + k * 0x200000UL,
				   pool[k % POOL]->phys_addr, VM_PROT_READ,
				   VM_PROT_NONE, false);
		t0 = cpu_cycles();
		pmap_remove(p, BENCH_VA, BENCH_VA + 0x40000000UL);
		pmap_update(p);
		total += cpu_cycles() - t0;
	}
	pmap_destroy(p);
	return total;
}

KBENCH_SCALED(zero_page, 10)
{
	uint64_t t0;

	pool_fill();
	t0 = cpu_cycles();
	for (unsigned long i = 0; i < iterations; i++)
		pmap_zero_page(pool[i % POOL]->phys_addr);
	return cpu_cycles() - t0;
}

KBENCH_SCALED(copy_page, 10)
{
	uint64_t t0;

	pool_fill();
	t0 = cpu_cycles();
	for (unsigned long i = 0; i < iterations; i++)
		pmap_copy_page(pool[i % POOL]->phys_addr,
			       pool[(i + 1) % POOL]->phys_addr);
	return cpu_cycles() - t0;
}
