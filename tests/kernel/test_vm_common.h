/*
 * tests/kernel/test_vm_common.h - what the VM suites on tasks (vm_basic,
 * vm_cow, vm_stress) share: the counts a case must return to, byte
 * access to a task's memory through the vm_* calls, and running a user
 * test module to its end.
 */
#ifndef TESTS_KERNEL_TEST_VM_COMMON_H
#define TESTS_KERNEL_TEST_VM_COMMON_H

#include <kern/task.h>
#include <vm/vm_map.h>
#include <kern/thread.h>
#include <mach/port.h>
#include <mach/vm_types.h>

#define PG		PAGE_SIZE

/* Counts that a case must leave as it found them. */
struct vm_baseline {
	unsigned long free, objects, entries, maps, tasks, threads;
};

/*
 * vm_baseline_take: the counts now, once ended threads are reaped and
 * the pmaps a port may keep for reuse are as many as a case can leave in
 * such a cache.  vm_baseline_back: true if the counts are b's again;
 * else prints both, prefixed with suite.
 */
void vm_baseline_take(struct vm_baseline *b);
bool vm_baseline_back(const char *suite, const struct vm_baseline *b);

/* The byte at addr of t's memory as its threads would read it, or -1. */
int vm_test_get(task_t t, vm_address_t addr);
/* vm_read of size bytes at addr into buf: 0, or -1 if it fails. */
int vm_test_read(task_t t, vm_address_t addr, void *buf, vm_size_t size);
/* vm_write of a kernel buffer, through a copy as a request carries it. */
kern_return_t vm_test_write(vm_map_t map, vm_address_t addr, const void *buf,
			    vm_size_t size);

/* Fill the page at addr (page aligned) of t's memory with v: vm_write. */
kern_return_t vm_test_put(task_t t, vm_address_t addr, uint8_t v);

/*
 * vm_test_start: start boot module `module` with argv { module, part }
 * (part may be NULL: no argument) as a new task whose thread is
 * suspended (*tp); *entry gets its entry point if entry is not NULL.
 * Returns the task (one reference for the caller) or NULL.
 */
task_t vm_test_start(const char *module, const char *part, thread_t *tp,
		     vaddr_t *entry);

/* vm_test_wait_gone: wait until t has no thread; false after ms. */
bool vm_test_wait_gone(task_t t, uint64_t ms);

/*
 * vm_test_run: run `module` (with part, if not NULL) to its end (at most
 * ms milliseconds), the console captured; prepare(task), if not NULL,
 * runs before its thread starts and may refuse (false).  True if it
 * printed "<module>[ <part>]: PASS", no "FAIL" and took no user fault.
 */
bool vm_test_run(const char *module, const char *part, uint64_t ms,
		 bool (*prepare)(task_t task));

/*
 * vm_test_give_host_priv: a send right to the privileged host port under
 * name in t's space.  Returns false if the name is taken.
 */
bool vm_test_give_host_priv(task_t t, mach_port_name_t name);

#endif /* TESTS_KERNEL_TEST_VM_COMMON_H */
