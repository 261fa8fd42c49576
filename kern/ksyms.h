/*
 * kern/ksyms.h - the kernel's own symbol table, for backtraces.
 *
 * Generated at build time (tools/ksyms.py) from the first link pass and
 * linked into the .ksyms section of the final image.  Sorted by address.
 */
#ifndef KERN_KSYMS_H
#define KERN_KSYMS_H

#include <kern/types.h>

struct ksym {
	uint64_t addr;
	uint32_t size;
	uint32_t name;		/* offset into ksyms_names */
};

extern const struct ksym ksyms_table[];
extern const uint64_t ksyms_count;
extern const char ksyms_names[];

#endif /* KERN_KSYMS_H */
