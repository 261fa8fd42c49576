/*
 * pmap/arm64/include/machine/memlayout.h - the arm64 kernel's virtual memory map.
 *
 * 48-bit virtual addresses, 4 KiB granule.  TTBR1_EL1 translates the upper
 * half (0xffff000000000000 and up) for the kernel; TTBR0_EL1 the lower half
 * (user space later; during boot only the identity-mapped MMU trampoline).
 *
 *   0xffffffffffffffff +---------------------------------+
 *                      | device window (md_io_map)       | 1 GiB, Device-nGnRE
 *   0xffffffffc0000000 +---------------------------------+ IO_MAP_BASE
 *                      | kernel image: .text .rodata     | KERNEL_MAX_SIZE,
 *                      | .data .ksyms .bss               | 4 KiB pages
 *   0xffffffff80000000 +---------------------------------+ KERNEL_VIRT_BASE
 *                      | (unused)                        |
 *   0xffffffff50000000 +---------------------------------+
 *                      | kernel virtual memory (kmem)    | KMEM_SIZE, 256 MiB,
 *                      | pmap_virtual_space()            | tables preallocated
 *   0xffffffff40000000 +---------------------------------+ KMEM_BASE
 *                      | (unused)                        |
 *   0xffff400000000000 +---------------------------------+
 *                      | direct map of physical memory:  | DIRECT_MAP_SIZE
 *                      | VA = DIRECT_MAP_BASE + PA       | (64 TiB), Normal WB
 *   0xffff000000000000 +---------------------------------+ DIRECT_MAP_BASE
 *                      | non-canonical                   |
 *   0x0001000000000000 +---------------------------------+ USER_VA_MAX
 *                      | user space (TTBR0, per pmap)    | 256 TiB
 *   0x0000000000000000 +---------------------------------+ USER_VA_MIN
 *
 * The image is mapped at KERNEL_VIRT_BASE wherever the loader put it in
 * physical memory (QEMU virt: 0x40080000, Raspberry Pi: 0x80000, U-Boot:
 * any 2 MiB boundary + 0x80000); kernel_phys_base records where.
 */
#ifndef MACHINE_MEMLAYOUT_H
#define MACHINE_MEMLAYOUT_H

#ifdef __ASSEMBLER__
#define MD_UL(x)	x
#else
#define MD_UL(x)	x##UL
#endif

#define KERNEL_VIRT_BASE	MD_UL(0xffffffff80000000)
#define KERNEL_MAX_SIZE		MD_UL(0x800000)		/* 8 MiB incl. bss */
#define IO_MAP_BASE		MD_UL(0xffffffffc0000000)
#define IO_MAP_SIZE		MD_UL(0x40000000)
#define DIRECT_MAP_BASE		MD_UL(0xffff000000000000)
#define DIRECT_MAP_SIZE		MD_UL(0x400000000000)	/* 64 TiB */
#define KMEM_BASE		MD_UL(0xffffffff40000000)
#define KMEM_SIZE		MD_UL(0x10000000)	/* 256 MiB */
#define USER_VA_MIN		MD_UL(0)
#define USER_VA_MAX		MD_UL(0x0001000000000000)

/* Linux arm64 Image header: where the image wants to sit above a 2 MiB
 * boundary, and the nominal physical address the ELF's LMAs use. */
#define IMAGE_TEXT_OFFSET	0x80000
#define KERNEL_PHYS_NOMINAL	0x40080000

#ifndef __ASSEMBLER__
#include <kern/types.h>

/* Physical address of KERNEL_VIRT_BASE, set once by the boot path. */
extern paddr_t kernel_phys_base;

static inline void *phys_to_virt(paddr_t pa)
{
	return (void *)(DIRECT_MAP_BASE + pa);
}

/*
 * virt_to_phys: physical address of a kernel-image or direct-map address.
 * Any other address (device window, user) is a caller bug.
 */
static inline paddr_t virt_to_phys(const void *p)
{
	vaddr_t va = (vaddr_t)p;

	if (va >= KERNEL_VIRT_BASE && va < KERNEL_VIRT_BASE + KERNEL_MAX_SIZE)
		return va - KERNEL_VIRT_BASE + kernel_phys_base;
	return va - DIRECT_MAP_BASE;
}
#endif /* !__ASSEMBLER__ */

#endif /* MACHINE_MEMLAYOUT_H */
