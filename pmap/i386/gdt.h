/*
 * pmap/i386/gdt.h - GDT/TSS helpers used by the boot page-table code.
 */
#ifndef I386_GDT_H
#define I386_GDT_H

#include <kern/types.h>

uintptr_t gdt_guard_page(unsigned int i);

#endif /* I386_GDT_H */
