/*
 * vm/vm_pageout.c - aging of the page queues: the shape of Mach's
 * vm_pageout_scan, reduced to what exists before pagers.  Pages of VM
 * objects live on the active and inactive queues (vm/vm_page.h), oldest
 * at the head.  An aging pass looks at pages from the head of a queue and
 * asks the pmap layer whether any CPU touched them since the last look
 * (pmap_is_referenced, then pmap_clear_reference to start a new period):
 * referenced pages go (back) to the tail of the active queue, the others
 * move to the tail of the inactive queue.  The inactive queue is thus the
 * least recently used pages in LRU order, which is what the pageout
 * daemon of the pager issue will clean and free from its head.
 *
 * Locking: each page is examined with its object locked (taken with a
 * try under the page queue lock, the innermost VM lock: see
 * vm_page_scan_next), so it cannot be freed, moved to another object or
 * wired meanwhile; the pmap attribute functions take pmap and pv locks,
 * which come after object locks in the VM's order.  Passes may run
 * concurrently with faults (which activate pages under their object's
 * lock) and with each other; a page whose object is busy is skipped to
 * the tail of its queue.
 */
#include <kern/console.h>
#include <kern/panic.h>
#include <kern/sched.h>
#include <kern/sched_prim.h>
#include <kern/thread.h>
#include <vm/pmap.h>
#include <vm/vm_object.h>
#include <vm/vm_page.h>
#include <vm/vm_pageout.h>

static unsigned int pause_count;	/* atomic: vm_pageout_pause nesting */
static unsigned int thread_scanning;	/* atomic: the thread is in a pass */

/*
 * age_one: look at the head page of queue q and move it as its reference
 * bit says (clearing the bit): a referenced page to the tail of the
 * active queue, an unreferenced active page to the tail of the inactive
 * queue.  An unreferenced inactive page is where a pageout would start:
 * with rotate it goes to the tail of the inactive queue (a full pass
 * keeps the order that way), else it stays at the head and the answer is
 * AGE_STOP.  Returns AGE_EMPTY if q is empty, AGE_DEACTIVATED if the page
 * went from the active queue to the inactive one, AGE_OTHER otherwise
 * (also when its object was busy: it was skipped to the tail of q).
 * Conditions: no VM lock held.
 */
enum age_result { AGE_EMPTY, AGE_STOP, AGE_DEACTIVATED, AGE_OTHER };

static enum age_result age_one(enum vm_page_queue q, bool rotate)
{
	struct vm_object *object;
	struct vm_page *m;
	bool empty, referenced;

	m = vm_page_scan_next(q, &object, &empty);
	if (!m)
		return empty ? AGE_EMPTY : AGE_OTHER;
	referenced = pmap_is_referenced(m->phys_addr);
	if (referenced)
		pmap_clear_reference(m->phys_addr);
	if (!referenced && q == VM_PAGE_Q_INACTIVE && !rotate) {
		simple_unlock(&object->lock);
		return AGE_STOP;
	}
	vm_page_scan_done(m, referenced);
	simple_unlock(&object->lock);
	return q == VM_PAGE_Q_ACTIVE && !referenced ? AGE_DEACTIVATED
						    : AGE_OTHER;
}

/*
 * age_queue: age_one on up to n pages of q (pages that come to q's tail
 * meanwhile may be among them).  Returns the pages deactivated.
 */
static unsigned long age_queue(enum vm_page_queue q, unsigned long n,
			       bool rotate)
{
	unsigned long moved = 0;

	for (unsigned long i = 0; i < n; i++) {
		enum age_result r = age_one(q, rotate);

		if (r == AGE_EMPTY || r == AGE_STOP)
			break;
		moved += r == AGE_DEACTIVATED;
	}
	return moved;
}

unsigned long vm_pageout_scan(unsigned long max)
{
	struct vm_page_counts c;
	unsigned long moved = 0, target;

	vm_page_counts(&c);
	age_queue(VM_PAGE_Q_INACTIVE, MIN(max, c.inactive), false);
	vm_page_counts(&c);
	target = (c.active + c.inactive) / 3;
	for (unsigned long i = 0; i < max && c.inactive < target; i++) {
		enum age_result r = age_one(VM_PAGE_Q_ACTIVE, false);

		if (r == AGE_EMPTY)
			break;
		if (r == AGE_DEACTIVATED) {
			moved++;
			c.inactive++;
		}
	}
	return moved;
}

unsigned long vm_pageout_age_all(void)
{
	struct vm_page_counts c;
	unsigned long moved;

	/*
	 * Active first: a page the inactive pass reactivates has just had
	 * its bit cleared and must not be sent straight back.
	 */
	vm_page_counts(&c);
	moved = age_queue(VM_PAGE_Q_ACTIVE, c.active, true);
	vm_page_counts(&c);
	age_queue(VM_PAGE_Q_INACTIVE, c.inactive, true);
	return moved;
}

/*
 * pageout_thread: the aging thread's body.  The pause check and the
 * scanning flag are sequentially consistent on both sides (here: set
 * scanning, then read the pause count; vm_pageout_pause: raise the
 * count, then read scanning), so a pass never starts unseen by a pauser.
 */
static void __noreturn pageout_thread(void *arg)
{
	(void)arg;
	for (;;) {
		thread_sleep_ms(VM_PAGEOUT_PERIOD_MS);
		__atomic_store_n(&thread_scanning, 1, __ATOMIC_SEQ_CST);
		if (__atomic_load_n(&pause_count, __ATOMIC_SEQ_CST) == 0)
			vm_pageout_scan(VM_PAGEOUT_BATCH);
		__atomic_store_n(&thread_scanning, 0, __ATOMIC_SEQ_CST);
	}
}

void vm_pageout_start(void)
{
	thread_t t = kernel_thread_create("pageout", pageout_thread, NULL,
					  BASEPRI_SYSTEM);

	if (!t)
		panic("vm_pageout_start: no memory for the pageout thread");
	thread_resume(t);
}

void vm_pageout_pause(void)
{
	__atomic_add_fetch(&pause_count, 1, __ATOMIC_SEQ_CST);
	while (__atomic_load_n(&thread_scanning, __ATOMIC_SEQ_CST))
		thread_sleep_ms(1);
}

void vm_pageout_resume(void)
{
	__atomic_sub_fetch(&pause_count, 1, __ATOMIC_SEQ_CST);
}
