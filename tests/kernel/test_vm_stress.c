/*
 * tests/kernel/test_vm_stress.c - suite "vm_stress": the module
 * tests/user/vm_stress drives thousands of random map operations across
 * several tasks against its model (see there; it gets the privileged host
 * port for vm_wire); here the kernel checks
 * that it passed and that free pages, VM objects, map entries, maps,
 * tasks and threads are back at their baseline once it and its tasks
 * are gone.
 */
#include <kern/console.h>
#include <kern/task.h>
#include <vm/vm_fault.h>
#include <tests/kernel/ktest.h>
#include <tests/kernel/test_vm_common.h>

#define HOST_PRIV_NAME	100	/* tests/user/vm_stress.c */

/* The module gets the privileged host port (for vm_wire). */
static bool give_host(task_t t)
{
	return vm_test_give_host_priv(t, HOST_PRIV_NAME);
}

KTEST(vm_stress, random_operations_against_a_model)
{
	struct vm_fault_stats f0, f1;
	struct vm_baseline b;

	vm_baseline_take(&b);
	vm_fault_get_stats(&f0);
	KT_CHECK_MSG(vm_test_run("vm_stress", NULL, 200000, give_host),
		     "the vm_stress module did not pass");
	vm_fault_get_stats(&f1);
	kprintf("vm_stress: %lu zero fills, %lu copies on write, %lu faults\n",
		f1.zero_fills - f0.zero_fills, f1.cow_copies - f0.cow_copies,
		f1.faults - f0.faults);
	KT_CHECK(vm_baseline_back("vm_stress", &b));
}
