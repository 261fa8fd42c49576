/*
 * vm/vm_pageout.h - aging of the page queues from the reference bits, so
 * that a pageout daemon (with the pager issue) finds its candidates in
 * LRU order at the head of the inactive queue.
 */
#ifndef VM_VM_PAGEOUT_H
#define VM_VM_PAGEOUT_H

#include <kern/types.h>

/* How often the aging thread wakes, and how many pages it looks at then. */
#define VM_PAGEOUT_PERIOD_MS	1000
#define VM_PAGEOUT_BATCH	256

/*
 * vm_pageout_scan: one bounded aging pass, Mach's vm_pageout_scan without
 * the cleaning (nothing can be paged out before pagers exist).  First up
 * to max pages of the inactive queue, from its head: a referenced one has
 * its bit cleared and is reactivated; the first unreferenced one stops
 * this part (it is where a pageout would begin; it keeps its place, so
 * the queue stays in LRU order).  Then, while the inactive queue is
 * below its target (a third of the pageable pages) and at most max pages:
 * the head of the active queue goes to the inactive queue if its
 * reference bit is clear, else its bit is cleared and it goes to the tail
 * of the active queue (a second chance).  Returns the number of pages
 * moved to the inactive queue.  Conditions: no VM lock held; a thread
 * context (the pmap attribute functions run with the page's object
 * locked).
 */
unsigned long vm_pageout_scan(unsigned long max);

/*
 * vm_pageout_age_all: one full pass without a target, for tests and
 * memory pressure: every page on the active queue at the start goes to
 * the inactive queue unless referenced (then its bit is cleared and it
 * goes to the tail of the active queue); then every inactive page that
 * is referenced is reactivated (the others are rotated once through the
 * queue, which keeps their order).  Returns the number of pages
 * deactivated.  Conditions: as vm_pageout_scan.
 */
unsigned long vm_pageout_age_all(void);

/*
 * vm_pageout_start: create and start the aging thread ("pageout"), which
 * calls vm_pageout_scan(VM_PAGEOUT_BATCH) every VM_PAGEOUT_PERIOD_MS.
 * (Once pagers exist it also runs when free pages run low, and cleans and
 * frees from the head of the inactive queue.)  Called once at boot after
 * the scheduler is up.
 */
void vm_pageout_start(void);

/*
 * vm_pageout_pause / vm_pageout_resume: keep the aging thread from
 * scanning (nested), for tests that age the queues themselves and check
 * the order.  vm_pageout_pause returns once no scan of the thread is in
 * progress.  Conditions: a thread context (may sleep).
 */
void vm_pageout_pause(void);
void vm_pageout_resume(void);

#endif /* VM_VM_PAGEOUT_H */
