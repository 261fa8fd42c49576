/*
 * tests/kernel/test_vm_common.c - helpers of the VM suites on tasks
 * (tests/kernel/test_vm_common.h).
 */
#include <kern/machine.h>
#include <kern/bootinfo.h>
#include <kern/console.h>
#include <kern/exec.h>
#include <kern/host.h>
#include <kern/sched_prim.h>
#include <kern/string.h>
#include <ipc/ipc_right.h>
#include <vm/vm_kern.h>
#include <vm/vm_map.h>
#include <vm/vm_map_copy.h>
#include <vm/vm_object.h>
#include <vm/vm_user.h>
#include <tests/kernel/ktest.h>
#include <tests/kernel/test_vm_common.h>

/*
 * A port may keep destroyed pmaps for reuse (riscv does): as many as a
 * case uses at once (vm_stress: its module and up to 4 tasks) are created
 * and destroyed first, so that such a cache is as full now as it will be
 * at the end.
 */
#define WARM_PMAPS	8

void vm_baseline_take(struct vm_baseline *b)
{
	pmap_t warm[WARM_PMAPS];

	thread_sleep_ms(20);		/* let ended threads be reaped */
	for (int i = 0; i < WARM_PMAPS; i++)
		warm[i] = pmap_create();
	for (int i = 0; i < WARM_PMAPS; i++)
		if (warm[i])
			pmap_destroy(warm[i]);
	b->free = ktest_free_pages();
	b->objects = vm_object_count();
	b->entries = vm_map_entry_count();
	b->maps = vm_map_count();
	b->tasks = task_count();
	b->threads = thread_count();
}

bool vm_baseline_back(const char *suite, const struct vm_baseline *b)
{
	struct vm_baseline now;

	vm_baseline_take(&now);
	if (!memcmp(&now, b, sizeof(now)))
		return true;
	kprintf("%s: leak: free pages %lu/%lu objects %lu/%lu entries "
		"%lu/%lu maps %lu/%lu tasks %lu/%lu threads %lu/%lu "
		"(now/before)\n", suite, now.free, b->free, now.objects,
		b->objects, now.entries, b->entries, now.maps, b->maps,
		now.tasks, b->tasks, now.threads, b->threads);
	return false;
}

int vm_test_read(task_t t, vm_address_t addr, void *buf, vm_size_t size)
{
	vm_map_copy_t copy;
	kern_return_t kr;

	if (vm_read(t->map, addr, size, &copy) != KERN_SUCCESS)
		return -1;
	kr = vm_map_copy_read(copy, 0, buf, size);
	vm_map_copy_discard(copy);
	return kr == KERN_SUCCESS ? 0 : -1;
}

int vm_test_get(task_t t, vm_address_t addr)
{
	uint8_t v;

	return vm_test_read(t, addr, &v, 1) == 0 ? v : -1;
}

kern_return_t vm_test_write(vm_map_t map, vm_address_t addr, const void *buf,
			    vm_size_t size)
{
	vm_map_copy_t copy;
	kern_return_t kr = vm_map_copyin_kernel_buffer(buf, size, &copy);

	if (kr != KERN_SUCCESS)
		return kr;
	kr = vm_write(map, addr, copy, size);
	if (kr != KERN_SUCCESS)
		vm_map_copy_discard(copy);
	return kr;
}

kern_return_t vm_test_put(task_t t, vm_address_t addr, uint8_t v)
{
	void *page = kalloc(PG);
	kern_return_t kr;

	if (!page)
		return KERN_RESOURCE_SHORTAGE;
	memset(page, v, PG);
	kr = vm_test_write(t->map, addr, page, PG);
	kfree(page, PG);
	return kr;
}

task_t vm_test_start(const char *module, const char *part, thread_t *tp,
		     vaddr_t *entry)
{
	const char *const argv[] = { module, part };
	const struct boot_module *m = ktest_find_module(module);

	if (!m) {
		kprintf("vm tests: no boot module named %s\n", module);
		return NULL;
	}
	return exec_start_module(module, phys_to_virt(m->start),
				 (size_t)(m->end - m->start), part ? 2 : 1,
				 argv, tp, entry);
}

bool vm_test_wait_gone(task_t t, uint64_t ms)
{
	for (uint64_t waited = 0; waited < ms; waited += 10) {
		if (t->thread_count == 0)
			return true;
		thread_sleep_ms(10);
	}
	return t->thread_count == 0;
}

bool vm_test_run(const char *module, const char *part, uint64_t ms,
		 bool (*prepare)(task_t task))
{
	char pass[48];
	thread_t t;
	task_t task;
	bool gone;

	console_capture_start();
	task = vm_test_start(module, part, &t, NULL);
	if (!task) {
		console_capture_stop();
		return false;
	}
	if (prepare && !prepare(task)) {
		console_capture_stop();
		kprintf("vm tests: %s %s: preparation failed\n", module,
			part ? part : "");
		task_terminate(task);
		task_deallocate(task);
		return false;
	}
	thread_resume(t);
	gone = vm_test_wait_gone(task, ms);
	if (!gone)
		task_terminate(task);
	console_capture_stop();
	task_deallocate(task);
	if (part)
		ksnprintf(pass, sizeof(pass), "%s %s: PASS", module, part);
	else
		ksnprintf(pass, sizeof(pass), "%s: PASS", module);
	if (!gone)
		kprintf("vm tests: %s %s did not end\n", module, part ? part : "");
	else if (!console_captured(pass) || console_captured("FAIL"))
		kprintf("vm tests: %s %s failed\n", module, part ? part : "");
	else if (console_captured("user fault: task"))
		kprintf("vm tests: %s %s took a user fault\n", module,
			part ? part : "");
	else
		return true;
	return false;
}

bool vm_test_give_host_priv(task_t t, mach_port_name_t name)
{
	struct ipc_port *priv = realhost.host_priv_self;

	ipc_port_make_send(priv);
	if (ipc_right_copyout_name(t->itk_space, &priv->obj, IPC_RIGHT_SEND,
				   name) != KERN_SUCCESS) {
		ipc_port_release_send(priv);
		return false;
	}
	return true;
}
