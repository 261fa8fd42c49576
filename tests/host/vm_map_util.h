/*
 * tests/host/vm_map_util.h - the setup vm_fault_test.c and vm_wire_test.c
 * share: a window of NP pages at BASE for each test map, and helpers to
 * make a map over a fresh fake pmap, name its pages, allocate in it, read
 * and write a byte through the simulated MMU (host_access, which faults
 * as the hardware would) and find a page's fake pmap entry.  Every
 * helper fails the test (CHECK) if the VM refuses.  Include after
 * vm_shim.h.
 */
#ifndef TESTS_HOST_VM_MAP_UTIL_H
#define TESTS_HOST_VM_MAP_UTIL_H

#include "vm_shim.h"

#define BASE	0x400000UL
#define NP	64
#define TOP	(BASE + NP * PAGE_SIZE)
#define RW	(VM_PROT_READ | VM_PROT_WRITE)

/* A new, empty map of [BASE, TOP) over a new fake pmap. */
static inline vm_map_t new_map(void)
{
	vm_map_t m = vm_map_create(pmap_create(), BASE, TOP);

	CHECK(m);
	return m;
}

/* The address of page i of the window. */
static inline vaddr_t pg(unsigned int i)
{
	return BASE + (vaddr_t)i * PAGE_SIZE;
}

/* Write byte v at va of m as a user store would (faulting it in). */
static inline void put(vm_map_t m, vaddr_t va, uint8_t v)
{
	CHECK_EQ(host_access(m, va, VM_PROT_WRITE, &v), KERN_SUCCESS);
}

/* Read the byte at va of m as a user load would. */
static inline uint8_t get(vm_map_t m, vaddr_t va)
{
	uint8_t v;

	CHECK_EQ(host_access(m, va, VM_PROT_READ, &v), KERN_SUCCESS);
	return v;
}

/* Anonymous zero-fill memory: npages at va with prot and inheritance inh. */
static inline void alloc_at(vm_map_t m, vaddr_t va, unsigned int npages,
			    vm_prot_t prot, vm_inherit_t inh)
{
	CHECK_EQ(vm_map_enter(m, &va, npages * PAGE_SIZE, 0, false, NULL, 0,
			      false, prot, VM_PROT_ALL, inh), KERN_SUCCESS);
}

/* The fake pmap's entry for the page holding va, or NULL if unmapped. */
static inline struct host_pte *pte_of(vm_map_t m, vaddr_t va)
{
	return host_pmap_find(m->pmap, ROUND_DOWN(va, PAGE_SIZE));
}

#endif /* TESTS_HOST_VM_MAP_UTIL_H */
