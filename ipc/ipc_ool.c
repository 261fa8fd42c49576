/*
 * ipc/ipc_ool.c - out-of-line memory of messages in the kernel: the
 * hooks of ipc/ipc_kmsg.h over copy objects (vm/vm_map_copy.h).
 *
 * A region sent out of line becomes a virtual copy of the sender's pages
 * (vm_map_copyin), or, with the deallocate flag, the sender's entries
 * themselves move into the copy; the receiver gets the copy's entries
 * (vm_map_copyout) pointing at the same objects, copy-on-write.  No page
 * is copied until one side writes, and a moved region is never copied.
 * Out-of-line port arrays' names are kernel data and are copied.
 */
#include <kern/task.h>
#include <ipc/ipc_kmsg.h>
#include <ipc/ipc_space.h>
#include <vm/vm_map.h>
#include <vm/vm_map_copy.h>
#include <vm/vm_user.h>

/* The address map of space's task, or NULL (no task, no user memory). */
static vm_map_t space_map(struct ipc_space *space)
{
	task_t task = space->task;

	return task ? task->map : NULL;
}

mach_msg_return_t ipc_ool_copyin(struct ipc_space *space, const void *user,
				 size_t len, bool dealloc, void **copy)
{
	vm_map_t map = space_map(space);
	vm_map_copy_t c = NULL;
	kern_return_t kr;

	*copy = NULL;
	if (!map)
		return MACH_SEND_INVALID_MEMORY;
	kr = vm_map_copyin(map, (vaddr_t)user, len, dealloc, &c);
	if (kr == KERN_RESOURCE_SHORTAGE)
		return MACH_SEND_NO_BUFFER;
	if (kr != KERN_SUCCESS)
		return MACH_SEND_INVALID_MEMORY;
	*copy = c;
	return MACH_MSG_SUCCESS;
}

uintptr_t ipc_ool_copyout(struct ipc_space *space, void *copy, size_t len)
{
	vm_map_t map = space_map(space);
	vm_map_copy_t c = copy;
	vaddr_t addr;

	if (!map || c->size != len ||
	    vm_map_copyout(map, &addr, c) != KERN_SUCCESS) {
		vm_map_copy_discard(c);
		return 0;
	}
	return addr;
}

void ipc_ool_discard(void *copy)
{
	vm_map_copy_discard(copy);
}

/*
 * ipc_ool_copyout_data: new memory anywhere in the receiver (read/write,
 * inheritance COPY), holding the data: an object whose pages are filled
 * now, mapped like any vm_allocate'd memory (vm_deallocate frees it).
 */
uintptr_t ipc_ool_copyout_data(struct ipc_space *space, const void *data,
			       size_t len)
{
	vm_map_t map = space_map(space);
	vaddr_t addr;

	if (!map || len == 0 || len > SIZE_MAX - PAGE_MASK)
		return 0;
	addr = map->min_offset;
	if (vm_map_enter_data(map, &addr, ROUND_UP(len, PAGE_SIZE), true, data,
			      0, len, VM_PROT_READ | VM_PROT_WRITE,
			      VM_INHERIT_COPY) != KERN_SUCCESS)
		return 0;
	return addr;
}
