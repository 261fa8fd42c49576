/*
 * pmap/riscv/mmu.c - the kernel's boot page table (Sv39) before the pmap
 * exists, the kernel-tree walker pmap_bootstrap reuses, and the device
 * window behind md_io_map().
 *
 * One root table, boot_pgdir, serves the kernel until pmap_bootstrap;
 * start.S filled it with 1 GiB leaves just to get running, and
 * riscv_mmu_build_direct_map() replaces those with exact maps once
 * boot_info knows the RAM.  Its table pages come from a small pool inside
 * the image (reachable before any direct map exists) and, after bootmem is
 * up, from bootmem.  pmap_bootstrap builds the final kernel tree from
 * vm_page_alloc() pages with the same walker (riscv_mmu_map_range) and
 * hands it over with riscv_mmu_adopt(): from then on md_io_map maps into
 * the kernel pmap's tree and takes table pages from vm_page_alloc().
 *
 * Leaves carry A and D set (the kernel never takes an A/D fault: it could
 * not take one on its own stack) and G (kernel mappings are in every
 * address space); table pointers carry G too.  RISC-V takes memory
 * attributes from the platform's PMAs, so device windows need no special
 * PTE bits (Svpbmt's IO type would go here where implemented).
 */
#include <kern/machine.h>
#include <kern/bootinfo.h>
#include <kern/bootmem.h>
#include <kern/console.h>
#include <kern/lock.h>
#include <kern/panic.h>
#include "md.h"

#define PT_POOL_PAGES	32
#define IO_MAPS_MAX	32

#define PTE_KERNEL	(PTE_V | PTE_A | PTE_D | PTE_G)
#define PTE_KERN_RX	(PTE_KERNEL | PTE_R | PTE_X)
#define PTE_KERN_RO	(PTE_KERNEL | PTE_R)
#define PTE_KERN_RW	(PTE_KERNEL | PTE_R | PTE_W)

uint64_t boot_pgdir[PT_ENTRIES] __aligned(PAGE_SIZE);
static uint64_t scratch_root[PT_ENTRIES] __aligned(PAGE_SIZE);
static uint64_t pt_pool[PT_POOL_PAGES][PT_ENTRIES] __aligned(PAGE_SIZE);
static unsigned int pt_pool_used;

/* Where table pages come from: moves forward only. */
static enum { PT_FROM_POOL, PT_FROM_BOOTMEM, PT_FROM_VM_PAGE } pt_source;

/* The kernel root md_io_map writes: boot_pgdir, then the kernel pmap's. */
static uint64_t *kernel_root = boot_pgdir;

/* Guards the page-table pool, the device window and kernel_root updates. */
static simple_lock_t mmu_lock = SIMPLE_LOCK_INITIALIZER;

struct io_mapping {
	paddr_t pa;
	size_t len;
	vaddr_t va;
};
static struct io_mapping io_maps[IO_MAPS_MAX];
static unsigned int io_count;
static vaddr_t io_next = IO_MAP_BASE;

/*
 * pt_virt: kernel virtual address of the table page at pa.  Pool pages
 * are reached through the image window, since the direct map may not
 * exist yet (or is being built from them).
 */
static uint64_t *pt_virt(paddr_t pa)
{
	paddr_t ks = virt_to_phys(__kernel_start);
	paddr_t ke = virt_to_phys(__kernel_end);

	if (pa >= ks && pa < ke)
		return (uint64_t *)(pa - KERNEL_PHYS_BASE + KERNEL_VIRT_BASE);
	return phys_to_virt(pa);
}

/*
 * pt_alloc: a zeroed page for a page table: from the image pool, then
 * bootmem, and once pmap_bootstrap has begun only from vm_page_alloc()
 * (bootmem is closed by then).  Conditions: mmu_lock held or
 * single-threaded boot.  Returns NULL when no page can be had.
 */
static uint64_t *pt_alloc(paddr_t *pa)
{
	if (pt_source == PT_FROM_VM_PAGE)
		return riscv_pt_alloc_kernel(pa);
	if (pt_pool_used < PT_POOL_PAGES) {
		uint64_t *pt = pt_pool[pt_pool_used++];	/* zero: .bss */

		*pa = virt_to_phys(pt);
		return pt;
	}
	if (pt_source == PT_FROM_BOOTMEM &&
	    bootmem_alloc(PAGE_SIZE, PAGE_SIZE, pa))
		return phys_to_virt(*pa);
	return NULL;
}

/*
 * table_at: the table of the given level (0 or 1) covering va in the
 * kernel tree under root, created (with its parents) if missing.  Returns
 * NULL if a table cannot be allocated or a larger leaf is in the way.
 */
static uint64_t *table_at(uint64_t *root, vaddr_t va, int level)
{
	uint64_t *pt = root;

	for (int l = SV39_LEVELS - 1; l > level; l--) {
		uint64_t *pte = &pt[PT_INDEX(va, l)];

		if (!(*pte & PTE_V)) {
			paddr_t tpa;

			if (!pt_alloc(&tpa))
				return NULL;
			*pte = PA_TO_PTE(tpa) | PTE_V | PTE_G;
		} else if (PTE_LEAF(*pte)) {
			return NULL;
		}
		pt = pt_virt(PTE_TO_PA(*pte));
	}
	return pt;
}

/*
 * map_page: install one leaf of the given level (0: 4 KiB, 1: 2 MiB,
 * 2: 1 GiB) in the tree under root, creating tables on the way.  Returns
 * false if a table cannot be allocated or a larger leaf is in the way.
 * The caller flushes the TLB.
 */
static bool map_page(uint64_t *root, vaddr_t va, paddr_t pa, int level,
		     uint64_t flags)
{
	uint64_t *pt = table_at(root, va, level);

	if (!pt)
		return false;
	pt[PT_INDEX(va, level)] = PA_TO_PTE(pa) | flags;
	return true;
}

/*
 * riscv_mmu_ensure_table: make sure the kernel tree under root has a
 * table of the given level covering va (pmap_bootstrap preallocates the
 * device window's level-1 table and the kmem range's level-0 tables with
 * it, so that no root entry changes later).  Returns false without memory.
 */
bool riscv_mmu_ensure_table(uint64_t *root, vaddr_t va, int level)
{
	return table_at(root, va, level) != NULL;
}

/*
 * riscv_mmu_map_range: map [va, va + size) to [pa, pa + size) with the
 * largest leaves (up to max_level) that alignment allows.  Page-aligned
 * input.  Conditions: boot, or mmu_lock held.  The caller flushes the TLB.
 */
bool riscv_mmu_map_range(uint64_t *root, vaddr_t va, paddr_t pa, size_t size,
			 uint64_t flags, int max_level)
{
	while (size) {
		int level = max_level;
		size_t ps;

		for (; level > 0; level--) {
			ps = 1UL << (PAGE_SHIFT + 9 * level);
			if (!(va & (ps - 1)) && !(pa & (ps - 1)) && size >= ps)
				break;
		}
		ps = 1UL << (PAGE_SHIFT + 9 * level);
		if (!map_page(root, va, pa, level, flags))
			return false;
		va += ps;
		pa += ps;
		size -= ps;
	}
	return true;
}

/* direct_map_piece: map [start, end) at DIRECT_MAP_BASE + start. */
static void direct_map_piece(uint64_t *root, paddr_t start, paddr_t end,
			     uint64_t flags)
{
	if (start < end &&
	    !riscv_mmu_map_range(root, DIRECT_MAP_BASE + start, start,
				 end - start, flags, 2))
		panic("riscv: out of page-table pages for the direct map");
}

/*
 * direct_map_add: map the physical range [start, end) at DIRECT_MAP_BASE,
 * read-write, except the kernel's text and read-only data, whose alias is
 * read-only too (never executable: only the image window executes).
 */
static void direct_map_add(uint64_t *root, paddr_t start, paddr_t end,
			   bool quiet)
{
	paddr_t ro_start = virt_to_phys(__text_start);
	paddr_t ro_end = virt_to_phys(__data_start);

	if (end > DIRECT_MAP_SIZE) {
		if (!quiet)
			kprintf("riscv: memory above %lu GiB is not direct-mapped\n",
				DIRECT_MAP_SIZE >> 30);
		end = DIRECT_MAP_SIZE;
	}
	if (start >= end)
		return;
	if (ro_end <= start || ro_start >= end) {
		direct_map_piece(root, start, end, PTE_KERN_RW);
		return;
	}
	direct_map_piece(root, start, ro_start, PTE_KERN_RW);
	direct_map_piece(root, MAX(start, ro_start), MIN(end, ro_end),
			 PTE_KERN_RO);
	direct_map_piece(root, ro_end, end, PTE_KERN_RW);
}

/*
 * image_map: map the kernel image section [start, end) (page-aligned
 * kernel virtual addresses) with the given permissions.
 */
static void image_map(uint64_t *root, const char *start, const char *end,
		      uint64_t flags)
{
	if (end > start &&
	    !riscv_mmu_map_range(root, (vaddr_t)start, virt_to_phys(start),
				 (size_t)(end - start), flags, 1))
		panic("riscv: out of page-table pages for the kernel image");
}

/*
 * riscv_mmu_map_kernel: map into root the kernel image, W^X, and the
 * direct map.  The image window maps just the image: text read-execute,
 * read-only data read-only, the rest (data, ksyms, bss with the boot
 * stack and the boot tables) read-write, except the guard page below the
 * boot stack, which stays unmapped so an overflow faults.  The direct map
 * covers every RAM range of boot_info (plus the DTB, should firmware have
 * left it outside RAM), never executable, read-write but for the alias of
 * the image's text and read-only data.  quiet: the caveats
 * were already reported by an earlier call.  Conditions: boot hart.
 */
void riscv_mmu_map_kernel(uint64_t *root, bool quiet)
{
	image_map(root, __text_start, __rodata_start, PTE_KERN_RX);
	image_map(root, __rodata_start, __data_start, PTE_KERN_RO);
	image_map(root, __data_start, boot_stack_guard, PTE_KERN_RW);
	image_map(root, boot_stack_guard + PAGE_SIZE, __kernel_end, PTE_KERN_RW);
	for (unsigned int i = 0; i < boot_info.ram_count; i++)
		direct_map_add(root, boot_info.ram[i].start,
			       boot_info.ram[i].end, quiet);
	if (boot_info.dtb_start &&
	    !boot_range_in_ram(boot_info.dtb_start, boot_info.dtb_end))
		direct_map_add(root, ROUND_DOWN(boot_info.dtb_start, PAGE_SIZE),
			       ROUND_UP(boot_info.dtb_end, PAGE_SIZE), quiet);
}

/*
 * riscv_mmu_build_direct_map: replace the boot page table's 1 GiB leaves
 * with exact maps (riscv_mmu_map_kernel).  The new subtrees are built
 * aside in scratch_root, then each root slot is switched with one store;
 * old and new maps agree on every address in use (code, stack, DTB), so
 * execution never sees a hole.  Conditions: boot hart, interrupts
 * disabled, boot_info filled.
 */
void riscv_mmu_build_direct_map(void)
{
	unsigned int first = PT_INDEX(DIRECT_MAP_BASE, 2);
	unsigned int last = first + (DIRECT_MAP_SIZE >> 30);
	unsigned int kslot = PT_INDEX(KERNEL_VIRT_BASE, 2);

	riscv_mmu_map_kernel(scratch_root, false);
	for (unsigned int i = first; i < last; i++)
		boot_pgdir[i] = scratch_root[i];
	boot_pgdir[kslot] = scratch_root[kslot];
	sfence_vma_all();
}

/* riscv_mmu_late_init: bootmem is up; page tables may come from it. */
void riscv_mmu_late_init(void)
{
	intr_state_t s = simple_lock_irq(&mmu_lock);

	if (pt_source == PT_FROM_POOL)
		pt_source = PT_FROM_BOOTMEM;
	simple_unlock_irq(&mmu_lock, s);
}

/*
 * riscv_mmu_begin_vm_page: bootmem is closed; every table page from now
 * on comes from vm_page_alloc().  Called by pmap_bootstrap before it
 * builds the final tree.
 */
void riscv_mmu_begin_vm_page(void)
{
	intr_state_t s = simple_lock_irq(&mmu_lock);

	pt_source = PT_FROM_VM_PAGE;
	simple_unlock_irq(&mmu_lock, s);
}

/*
 * riscv_mmu_adopt: pmap_bootstrap built the final kernel tree under root
 * (device window level-1 table included): map every device range made so
 * far into it at the same addresses, and make md_io_map use it from now
 * on.  The caller switches satp to root afterwards.  Returns false when
 * a table page cannot be had.
 */
bool riscv_mmu_adopt(uint64_t *root)
{
	intr_state_t s = simple_lock_irq(&mmu_lock);
	bool ok = true;

	for (unsigned int i = 0; i < io_count && ok; i++)
		ok = riscv_mmu_map_range(root, io_maps[i].va, io_maps[i].pa,
					 io_maps[i].len, PTE_KERN_RW, 1);
	if (ok)
		kernel_root = root;
	simple_unlock_irq(&mmu_lock, s);
	return ok;
}

/*
 * md_io_map: map device registers into the device window.  Repeated
 * requests for a range inside an earlier one reuse that mapping.  Ranges
 * of 2 MiB or more get a virtual address congruent to pa modulo 2 MiB, so
 * megapages can be used.  Every range is recorded, so that pmap_bootstrap
 * can map it again in the final tree.  After pmap_bootstrap the window's
 * level-1 table already exists: new mappings change only tables below
 * it, which every address space shares.  Conditions: any context that may
 * spin on mmu_lock.  Returns the virtual address of pa, or 0.
 */
vaddr_t md_io_map(paddr_t pa, size_t size)
{
	paddr_t base = ROUND_DOWN(pa, PAGE_SIZE);
	size_t len = ROUND_UP(pa + (size ? size : 1), PAGE_SIZE) - base;
	vaddr_t va = 0;
	intr_state_t s = simple_lock_irq(&mmu_lock);

	for (unsigned int i = 0; i < io_count; i++) {
		struct io_mapping *m = &io_maps[i];

		if (base >= m->pa && base + len <= m->pa + m->len) {
			va = m->va + (pa - m->pa);
			goto out;
		}
	}
	if (io_count == IO_MAPS_MAX)
		goto out;
	if (len >= MEGAPAGE_SIZE)
		va = ROUND_UP(io_next, MEGAPAGE_SIZE) +
		     (base & (MEGAPAGE_SIZE - 1));
	else
		va = io_next;
	if (va + len > IO_MAP_BASE + IO_MAP_SIZE || va + len < va) {
		va = 0;
		goto out;
	}
	io_next = va + len;	/* even on failure: never reuse a torn range */
	if (!riscv_mmu_map_range(kernel_root, va, base, len, PTE_KERN_RW, 1)) {
		va = 0;
		goto out;
	}
	sfence_vma_all();
	io_maps[io_count++] = (struct io_mapping){ base, len, va };
	va += pa - base;
out:
	simple_unlock_irq(&mmu_lock, s);
	return va;
}
