/*
 * machine/memlayout.h - the RISC-V kernel's virtual memory layout (Sv39).
 *
 * Sv39 gives 39-bit virtual addresses: user space is the low 256 GiB, the
 * kernel owns the high 256 GiB (bit 38 sign-extended to bit 63):
 *
 *   0xffffffffffffffff +--------------------------------+
 *                      | kernel image (1 GiB mapped)    |  KERNEL_VIRT_BASE +
 *   0xffffffff80000000 +--------------------------------+  (pa - KERNEL_PHYS_BASE)
 *                      | unused                         |
 *   0xffffffe090000000 +--------------------------------+
 *                      | kernel virtual memory (kmem)   |  KVA_BASE, 256 MiB,
 *   0xffffffe080000000 +--------------------------------+  tables preallocated
 *                      | unused (1 GiB)                 |
 *   0xffffffe040000000 +--------------------------------+
 *                      | device registers (md_io_map)   |  IO_MAP_BASE, 1 GiB
 *   0xffffffe000000000 +--------------------------------+
 *                      | direct map of RAM (128 GiB)    |  DIRECT_MAP_BASE + pa
 *   0xffffffc000000000 +--------------------------------+
 *                      | non-canonical hole             |
 *   0x0000004000000000 +--------------------------------+
 *                      | user space (256 GiB)           |
 *   0x0000000000000000 +--------------------------------+
 *
 * The kernel is linked at 0xffffffff80200000 and loaded (ELF LMA) at
 * 0x80200000, where SBI firmware (OpenSBI fw_jump) enters it; the boot
 * page table maps the whole GiB at KERNEL_PHYS_BASE to KERNEL_VIRT_BASE.
 */
#ifndef MACHINE_MEMLAYOUT_H
#define MACHINE_MEMLAYOUT_H

/* Constants usable from C and assembly: the UL suffix only in C. */
#ifndef _UL
#ifdef __ASSEMBLER__
#define _UL(x)	x
#else
#define _UL(x)	x##UL
#endif
#endif

#define KERNEL_VIRT_BASE	_UL(0xffffffff80000000)
#define KERNEL_PHYS_BASE	_UL(0x80000000)
#define KERNEL_LOAD_OFFSET	_UL(0x200000)	/* image at BASE + 2 MiB */

#define DIRECT_MAP_BASE		_UL(0xffffffc000000000)
#define DIRECT_MAP_SIZE		(_UL(128) << 30)

#define IO_MAP_BASE		_UL(0xffffffe000000000)
#define IO_MAP_SIZE		(_UL(1) << 30)

/* Kernel virtual memory handed out by vm_kern (pmap_virtual_space). */
#define KVA_BASE		_UL(0xffffffe080000000)
#define KVA_SIZE		(_UL(256) << 20)

/* The user half of every address space: [USER_VA_MIN, USER_VA_MAX). */
#define USER_VA_MIN		_UL(0)
#define USER_VA_MAX		_UL(0x0000004000000000)
#define USER_SPACE_END		USER_VA_MAX

/* First address of the kernel half (Sv39 bit 38 set, sign-extended). */
#define KERNEL_HALF_BASE	_UL(0xffffffc000000000)

#ifndef __ASSEMBLER__
#include <kern/types.h>

/* phys_to_virt: the direct-map address of a RAM physical address. */
static inline void *phys_to_virt(paddr_t pa)
{
	return (void *)(DIRECT_MAP_BASE + (uintptr_t)pa);
}

/*
 * virt_to_phys: physical address behind a kernel-image or direct-map
 * virtual address (not an md_io_map address).
 */
static inline paddr_t virt_to_phys(const void *va)
{
	uintptr_t v = (uintptr_t)va;

	if (v >= KERNEL_VIRT_BASE)
		return v - KERNEL_VIRT_BASE + KERNEL_PHYS_BASE;
	return v - DIRECT_MAP_BASE;
}
#endif /* !__ASSEMBLER__ */

#endif /* MACHINE_MEMLAYOUT_H */
