/* Host-test shim for vm/vm_kern.h: kalloc over malloc, with a counter of
 * live allocations and an optional failure injector for exhaustion tests. */
#ifndef VM_VM_KERN_H
#define VM_VM_KERN_H
#include <stdlib.h>
extern long host_kalloc_live;		/* allocations not yet freed */
extern long host_kalloc_fail_after;	/* < 0: never fail; else countdown */
static inline void *kalloc(size_t size)
{
	void *p;

	if (host_kalloc_fail_after == 0)
		return NULL;
	if (host_kalloc_fail_after > 0)
		host_kalloc_fail_after--;
	p = size ? malloc(size) : NULL;
	if (p)
		host_kalloc_live++;
	return p;
}
static inline void kfree(void *p, size_t size)
{
	(void)size;
	if (p) {
		host_kalloc_live--;
		free(p);
	}
}
#endif
