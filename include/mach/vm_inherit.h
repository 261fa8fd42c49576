/*
 * include/mach/vm_inherit.h - vm_inherit_t: what a child task created by
 * task_create(inherit_memory) receives of each range of its parent's
 * address space (values as in CMU and GNU Mach, part of the ABI).
 */
#ifndef MACH_VM_INHERIT_H
#define MACH_VM_INHERIT_H

typedef unsigned int vm_inherit_t;

#define VM_INHERIT_SHARE	0	/* child and parent share the range */
#define VM_INHERIT_COPY		1	/* child gets a virtual copy */
#define VM_INHERIT_NONE		2	/* the range is a hole in the child */
#define VM_INHERIT_DEFAULT	VM_INHERIT_COPY
#define VM_INHERIT_LAST_VALID	VM_INHERIT_NONE

#endif /* MACH_VM_INHERIT_H */
