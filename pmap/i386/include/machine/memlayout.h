/*
 * machine/memlayout.h - the x86_64 kernel's virtual memory layout.
 *
 *   0x0000000000000000 .. 0x00007ffffffff000   user (USER_VA_MIN..MAX)
 *   0xffff800000000000 .. +512 GiB              direct map of physical memory
 *                                               (one PML4 slot, 2 MiB pages, or
 *                                               1 GiB pages where the CPU has
 *                                               them), read-write, NX
 *   0xffffff8000000000 .. +256 MiB              kernel virtual memory (kmem),
 *                                               page tables preallocated
 *   0xffffffff80000000 .. 0xffffffffbfffffff   kernel image: physical address
 *                                               + KERNEL_VIRT_BASE, 4 KiB pages
 *                                               with W^X, guard pages unmapped
 *   0xffffffffc0000000 .. +IO_MAP_SIZE          device registers (md_io_map),
 *                                               uncached 4 KiB pages
 *
 * The kernel is loaded at KERNEL_PHYS_BASE (1 MiB) by the multiboot loader.
 * This header is included from assembly too.
 */
#ifndef MACHINE_MEMLAYOUT_H
#define MACHINE_MEMLAYOUT_H

#ifdef __ASSEMBLER__
#define MD_UL(x)	x
#else
#define MD_UL(x)	x##UL
#endif

#define KERNEL_VIRT_BASE	MD_UL(0xffffffff80000000)
#define KERNEL_PHYS_BASE	MD_UL(0x100000)
#define DIRECT_MAP_BASE		MD_UL(0xffff800000000000)
#define DIRECT_MAP_SIZE		MD_UL(0x8000000000)	/* 512 GiB, one PML4 slot */
#define IO_MAP_BASE		MD_UL(0xffffffffc0000000)
#define IO_MAP_SIZE		MD_UL(0x400000)		/* 4 MiB */
#define KMEM_BASE		MD_UL(0xffffff8000000000)
#define KMEM_SIZE		MD_UL(0x10000000)	/* 256 MiB */

/*
 * The user half.  The last page below the canonical hole is left out so
 * that a sysret can never land on a non-canonical rip.
 */
#define USER_VA_MIN		MD_UL(0)
#define USER_VA_MAX		MD_UL(0x00007ffffffff000)

#ifndef __ASSEMBLER__
#include <kern/types.h>

/* Kernel virtual address of physical address pa through the direct map. */
static inline void *phys_to_virt(paddr_t pa)
{
	return (void *)(uintptr_t)(DIRECT_MAP_BASE + pa);
}

/*
 * Physical address of a kernel virtual address: either in the kernel image
 * (KERNEL_VIRT_BASE and above, which includes the I/O window only in name:
 * I/O addresses have no such simple relation and must not be passed here)
 * or in the direct map.
 */
static inline paddr_t virt_to_phys(const void *va)
{
	uintptr_t v = (uintptr_t)va;

	if (v >= KERNEL_VIRT_BASE)
		return v - KERNEL_VIRT_BASE;
	return v - DIRECT_MAP_BASE;
}
#endif /* !__ASSEMBLER__ */

#endif /* MACHINE_MEMLAYOUT_H */
