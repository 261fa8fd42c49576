/*
 * vm/vm_fault_user.c - the machine-independent half of the page-fault
 * path for user addresses, shared by every port's trap code.
 *
 * A port decodes its fault (x86 error code, arm64 ESR, riscv scause) into
 * the access that faulted, lets its pmap fix what the pmap alone can fix
 * (reference/modify emulation, stale TLB entries) and then calls
 * vm_fault_user: from user mode for every remaining page fault, from
 * kernel mode only for a fault on a user address inside copyin, copyout
 * or md_probe_* (before their recovery label).  On success the faulting
 * instruction is retried; otherwise a user fault goes to user_trap and a
 * copy routine to its recovery label.
 */
#include <kern/machine.h>
#include <kern/processor.h>
#include <kern/task.h>
#include <kern/thread.h>
#include <vm/vm_fault.h>
#include <vm/vm_map.h>

/*
 * A fault that vm_fault resolved must not come back at once: if it does,
 * over and over, the VM and the MMU disagree (a port bug, or a misaligned
 * access whose reported address is not the page at fault) and retrying
 * would loop forever.  Each CPU remembers its last fault; the same thread
 * faulting on the same page with the same access more than REPEAT_MAX
 * times within REPEAT_WINDOW_NS, its map unchanged meanwhile (the map's
 * timestamp), fails instead.  A change of the map restarts the count: a
 * task that maps new memory at the same place over and over (out-of-line
 * data of replies, received and deallocated in a loop) refaults there
 * legitimately.  Other legitimate refaults of one page (another task
 * unmapping it for its copy-on-write) are rare and separated by other
 * work.
 */
#define REPEAT_MAX		64
#define REPEAT_WINDOW_NS	1000000000ull

static struct fault_repeat {
	thread_t thread;
	vaddr_t va;
	vm_prot_t access;
	unsigned int count;
	unsigned int timestamp;		/* of the map, at the first fault */
	uint64_t since;
} repeats[MAX_CPUS];

/*
 * repeated: record this fault; true if it is one repetition too many.
 * Conditions: interrupts disabled (the trap path): the CPU's record.
 */
static bool repeated(thread_t self, struct vm_map *map, vaddr_t va,
		     vm_prot_t access)
{
	struct fault_repeat *r = &repeats[cpu_number()];
	uint64_t now = md_clock_ns();
	/* Read without the map lock: a hint, like the whole heuristic. */
	unsigned int ts = __atomic_load_n(&map->timestamp, __ATOMIC_RELAXED);

	if (r->thread == self && r->va == va && r->access == access &&
	    r->timestamp == ts && now - r->since < REPEAT_WINDOW_NS) {
		if (++r->count <= REPEAT_MAX)
			return false;
		r->thread = NULL;
		return true;
	}
	*r = (struct fault_repeat){ self, va, access, 1, ts, now };
	return false;
}

kern_return_t vm_fault_user(vaddr_t va, vm_prot_t access, bool intr)
{
	thread_t self = current_thread();
	struct vm_map *map = self ? self->task->map : NULL;
	kern_return_t kr;

	if (!(access & VM_PROT_ALL))
		return KERN_INVALID_ARGUMENT;	/* not a fault the VM knows */
	/* One unsigned comparison: USER_VA_MIN may be 0 (-Wtype-limits). */
	if (!map || va - USER_VA_MIN >= USER_VA_MAX - USER_VA_MIN)
		return KERN_INVALID_ADDRESS;
	/*
	 * A copy routine called with a simple lock held (preemption
	 * disabled) must not wait for the map's lock, which its caller may
	 * hold: it fails as it did before the VM handled faults.
	 */
	if (current_processor()->preempt_count != 0)
		return KERN_FAILURE;
	va = ROUND_DOWN(va, PAGE_SIZE);
	if (repeated(self, map, va, access))
		return KERN_FAILURE;
	if (intr)
		cpu_intr_enable();
	kr = vm_fault(map, va, access);
	if (intr)
		cpu_intr_disable();
	return kr;
}
