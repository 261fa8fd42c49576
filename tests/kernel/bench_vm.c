/*
 * tests/kernel/bench_vm.c - machine-independent VM benchmarks, run in the
 * kernel on a task's map (cycles per operation; under make bench, guest
 * instructions).
 *
 * A "fault" here is what a user fault costs once the trap has reached the
 * VM: vm_fault(task map, va, VM_PROT_WRITE), the call the ports' user
 * fault path (vm_fault_user) makes, followed by one byte written through
 * the new mapping with the map's pmap active (md_probe_write: the TLB
 * refill, and a check that the fault really mapped the page).  The trap
 * entry and exit themselves are not included (bench_trap and bench_user
 * measure them).  The benchmark thread is a kernel thread: it activates
 * the task's pmap itself, as tests/kernel/test_vm.c does.
 *
 *   vm_zero_fill_fault   one write fault on an untouched page of memory
 *                        vm_allocate'd in a task's map (zero fill), per page
 *   vm_cow_fault         one write fault in a child made by
 *                        task_create_inherit on a page the parent had
 *                        written before the fork (COPY inheritance): the
 *                        child's shadow gets a copy of the page, per page
 *   vm_alloc_touch_free_1m  vm_allocate of 1 MiB, a write fault on each of
 *                        its 256 pages, vm_deallocate, per operation
 *   task_create_copy_64m task_create_inherit of a task holding a 64 MiB
 *                        region, inheritance COPY, every page RESIDENT
 *                        (written before): the virtual copy write-protects
 *                        the parent's 16384 mappings.  Only the creation is
 *                        timed; the child's task_terminate is excluded.
 *
 * The out-of-line benchmarks (ool_<size> next to inline_<size>) are
 * full sends and receives between two user tasks: tests/kernel/
 * bench_ool.c.
 *
 * Every benchmark frees what it allocates.
 */
#include <kern/machine.h>
#include <kern/console.h>
#include <kern/panic.h>
#include <kern/string.h>
#include <kern/task.h>
#include <vm/pmap.h>
#include <vm/vm_fault.h>
#include <vm/vm_kern.h>
#include <vm/vm_map.h>
#include <vm/vm_user.h>
#include <tests/kernel/ktest.h>

#define PG	PAGE_SIZE
#define MIB	(1024UL * 1024)

/*
 * bench_task: a new empty user task for a benchmark (task_terminate frees
 * it).  Panics if the kernel cannot make one: a benchmark cannot report
 * failure, and a silently empty measurement would be worse.
 */
static task_t bench_task(const char *name)
{
	task_t t = task_create(kernel_task, name);

	if (!t || !t->map)
		panic("bench_vm: task_create failed");
	return t;
}

/*
 * touch: the write fault on va in map (whose pmap is active) as the user
 * fault path resolves it, then one byte written through the mapping.
 * Panics if either fails.  Nothing locked on entry or exit.
 */
static void touch(vm_map_t map, vaddr_t va)
{
	kern_return_t kr = vm_fault(map, va, VM_PROT_WRITE);

	if (kr != KERN_SUCCESS)
		panic("bench_vm: vm_fault(%lx) = %d", (unsigned long)va, kr);
	if (!md_probe_write((volatile void *)va, 1))
		panic("bench_vm: %lx still faults", (unsigned long)va);
}

/* Allocate size bytes anywhere in t's map; panics on failure. */
static vm_address_t bench_alloc(task_t t, vm_size_t size)
{
	vm_address_t a = 0;
	kern_return_t kr = vm_allocate(t->map, &a, size, true);

	if (kr != KERN_SUCCESS)
		panic("bench_vm: vm_allocate(%lu) = %d", (unsigned long)size, kr);
	return a;
}

KBENCH_SCALED(vm_zero_fill_fault, 10)
{
	task_t t = bench_task("bench-zf");
	vm_address_t a = bench_alloc(t, iterations * PG);
	uint64_t t0, total;

	pmap_activate(t->map->pmap);
	t0 = cpu_cycles();
	for (unsigned long i = 0; i < iterations; i++)
		touch(t->map, a + i * PG);
	total = cpu_cycles() - t0;
	pmap_deactivate(t->map->pmap);
	task_terminate(t);
	return total;
}

KBENCH_SCALED(vm_cow_fault, 10)
{
	task_t p = bench_task("bench-cow");
	vm_address_t a = bench_alloc(p, iterations * PG);
	uint64_t t0, total;
	task_t c;

	pmap_activate(p->map->pmap);
	for (unsigned long i = 0; i < iterations; i++)
		touch(p->map, a + i * PG);
	pmap_deactivate(p->map->pmap);
	c = task_create_inherit(p, true);
	if (!c)
		panic("bench_vm: task_create_inherit failed");
	pmap_activate(c->map->pmap);
	t0 = cpu_cycles();
	for (unsigned long i = 0; i < iterations; i++)
		touch(c->map, a + i * PG);
	total = cpu_cycles() - t0;
	pmap_deactivate(c->map->pmap);
	task_terminate(c);
	task_terminate(p);
	return total;
}

KBENCH_SCALED(vm_alloc_touch_free_1m, 200)
{
	task_t t = bench_task("bench-atf");
	uint64_t t0, total;

	pmap_activate(t->map->pmap);
	t0 = cpu_cycles();
	for (unsigned long i = 0; i < iterations; i++) {
		vm_address_t a = bench_alloc(t, MIB);

		for (vm_address_t va = a; va < a + MIB; va += PG)
			touch(t->map, va);
		if (vm_deallocate(t->map, a, MIB) != KERN_SUCCESS)
			panic("bench_vm: vm_deallocate failed");
	}
	total = cpu_cycles() - t0;
	pmap_deactivate(t->map->pmap);
	task_terminate(t);
	return total;
}

KBENCH_SCALED(task_create_copy_64m, 2000)
{
	task_t p = bench_task("bench-fork");
	vm_address_t a = bench_alloc(p, 64 * MIB);
	uint64_t total = 0;

	pmap_activate(p->map->pmap);
	for (vm_address_t va = a; va < a + 64 * MIB; va += PG)
		touch(p->map, va);
	pmap_deactivate(p->map->pmap);
	for (unsigned long i = 0; i < iterations; i++) {
		uint64_t t0 = cpu_cycles();
		task_t c = task_create_inherit(p, true);

		total += cpu_cycles() - t0;
		if (!c)
			panic("bench_vm: task_create_inherit failed");
		task_terminate(c);
	}
	task_terminate(p);
	return total;
}
