/*
 * pmap/arm64/mmu.c - the kernel's translation tables before the pmap
 * exists, and the kernel-half helpers the pmap keeps using: the direct map
 * of RAM, the device window (md_io_map), dropping the boot identity map.
 *
 * Until pmap_bootstrap all kernel mappings hang off the TTBR1 root that
 * start.S built (early_l0_hi), with new tables from a small pool inside
 * the kernel image's .bss, then from bootmem.  pmap_bootstrap builds the
 * final kernel tables with mmu_map_range() and switches kernel_root to
 * them (mmu_use_vm); from then on tables come from vm_page_alloc() through
 * the kernel pmap.  Mappings are only ever added over invalid entries, so
 * no break-before-make is needed: a barrier makes each new entry visible
 * to the table walker.
 *
 * The image itself is mapped by start.S with 4 KiB pages, all writable and
 * executable; mmu_protect_kernel() then applies W^X per section.
 *
 * Everything here runs on the boot CPU, before other CPUs exist; the
 * callers serialise (boot path, md_cpu_init, drivers' probe code).
 */
#include <kern/machine.h>
#include <kern/bootinfo.h>
#include <kern/bootmem.h>
#include <kern/console.h>
#include <kern/panic.h>
#include <kern/string.h>
#include <machine/sysreg.h>
#include "arm64.h"

#define POOL_PAGES	24

paddr_t kernel_phys_base;

extern pte_t early_l0_hi[PTES_PER_TABLE];
extern char __kernel_start[], __kernel_end[], __rodata_start[], __data_start[];

static uint8_t pt_pool[POOL_PAGES][PAGE_SIZE] __aligned(PAGE_SIZE);
static unsigned int pt_pool_used;
static bool pt_use_bootmem;
static bool pt_use_vm;
static pte_t *kernel_root = early_l0_hi;
static vaddr_t io_next = IO_MAP_BASE;

/*
 * table_va: the kernel virtual address of a translation table, given the
 * physical address a descriptor holds.  Tables are either in the image
 * (early tables, the pool) or in RAM handed out by bootmem, which the
 * direct map covers by the time bootmem runs.
 */
static pte_t *table_va(paddr_t pa)
{
	paddr_t image_size = (paddr_t)(__kernel_end - __kernel_start);

	if (pa >= kernel_phys_base && pa < kernel_phys_base + image_size)
		return (pte_t *)(KERNEL_VIRT_BASE + (pa - kernel_phys_base));
	return phys_to_virt(pa);
}

/*
 * pt_alloc: a zeroed page for a translation table.  Returns its physical
 * address; panics when neither the pool nor bootmem has one.
 */
static paddr_t pt_alloc(void)
{
	paddr_t pa;

	if (pt_use_vm)
		return arm64_kernel_pt_alloc();
	if (pt_pool_used < POOL_PAGES) {
		void *p = pt_pool[pt_pool_used++];

		memset(p, 0, PAGE_SIZE);
		return virt_to_phys(p);
	}
	if (pt_use_bootmem && bootmem_alloc(PAGE_SIZE, PAGE_SIZE, &pa))
		return pa;
	panic("arm64: out of memory for translation tables");
}

/*
 * mmu_map_range: map [va, va + size) to [pa, pa + size) under the TTBR1
 * root `root` with descriptor attributes attrs (without the type bits).  Uses 1 GiB
 * and 2 MiB blocks where alignment allows and blocks is true, else pages.
 * An existing table is descended into; an existing valid block or page is
 * assumed to be this same mapping already (the direct map is idempotent)
 * and is left alone.  va, pa and size are page aligned.
 */
void mmu_map_range(pte_t *root, vaddr_t va, paddr_t pa, size_t size,
		   uint64_t attrs, bool blocks)
{
	while (size) {
		pte_t *table = root;
		size_t step = PAGE_SIZE;

		for (int level = 0; level <= 3; level++) {
			pte_t *pte = &table[PT_INDEX(va, level)];
			size_t span = PT_SIZE(level);

			if (level == 3) {
				if (!(*pte & PTE_VALID))
					*pte = pa | attrs | PTE_PAGE;
				break;
			}
			if (!(*pte & PTE_VALID) && blocks && level >= 1 &&
			    ((va | pa) & (span - 1)) == 0 && size >= span) {
				*pte = pa | attrs | PTE_BLOCK;
				step = span;
				break;
			}
			if (*pte & PTE_VALID) {
				if ((*pte & 3) != PTE_TABLE) {
					/* A block already maps this span: skip
					 * to its end. */
					step = span - (va & (span - 1));
					break;
				}
			} else {
				*pte = pt_alloc() | PTE_TABLE;
			}
			table = table_va(*pte & PTE_ADDR_MASK);
		}
		dsb_ishst();
		if (step > size)
			step = size;
		va += step;
		pa += step;
		size -= step;
	}
	isb();
}

/*
 * mmu_map_direct: make physical [start, end) reachable at phys_to_virt()
 * as Normal write-back, non-executable memory.  Returns false if the range
 * lies beyond the direct map.
 */
bool mmu_map_direct(paddr_t start, paddr_t end)
{
	start = ROUND_DOWN(start, PAGE_SIZE);
	end = ROUND_UP(end, PAGE_SIZE);
	if (end <= start)
		return true;
	if (end > DIRECT_MAP_SIZE) {
		kprintf("arm64: RAM [0x%llx, 0x%llx) beyond the direct map\n",
			(unsigned long long)start, (unsigned long long)end);
		return false;
	}
	mmu_map_range(kernel_root, DIRECT_MAP_BASE + start, start, end - start,
		  PTE_KERNEL_DATA, true);
	return true;
}

/*
 * md_io_map: map device registers into the device window with the
 * Device-nGnRE attribute.  The window is handed out once, front to back;
 * mappings are never removed.  Returns 0 when the window is full.
 */
vaddr_t md_io_map(paddr_t pa, size_t size)
{
	paddr_t base = ROUND_DOWN(pa, PAGE_SIZE);
	size_t len = ROUND_UP(pa + size, PAGE_SIZE) - base;
	vaddr_t va = io_next;

	if (size == 0 || len > IO_MAP_BASE + IO_MAP_SIZE - io_next)
		return 0;
	io_next += len;
	mmu_map_range(kernel_root, va, base, len, PTE_DEVICE, false);
	return va + (pa - base);
}

/*
 * mmu_use_bootmem: from now on new tables come from the boot allocator
 * once the image's pool is used up.  Called after bootmem_init().
 */
void mmu_use_bootmem(void)
{
	pt_use_bootmem = true;
}

/*
 * mmu_use_vm: from now on tables come from the kernel pmap (vm_page_alloc);
 * once pmap_bootstrap has switched to its own kernel tables (root, not
 * NULL) later mappings go there.
 */
void mmu_use_vm(pte_t *root)
{
	pt_use_vm = true;
	if (root)
		kernel_root = root;
}

/* mmu_io_window_end: the end of the part of the device window in use. */
vaddr_t mmu_io_window_end(void)
{
	return io_next;
}

/*
 * mmu_early_lookup: the leaf entry that maps va in the boot tables (0 if
 * none); pmap_bootstrap copies the device window with it.
 */
pte_t mmu_early_lookup(vaddr_t va)
{
	pte_t *table = early_l0_hi;

	for (int level = 0; level <= 3; level++) {
		pte_t pte = table[PT_INDEX(va, level)];

		if (!(pte & PTE_VALID))
			return 0;
		if (level == 3 || (pte & 3) != PTE_TABLE)
			return pte;
		table = table_va(pte & PTE_ADDR_MASK);
	}
	return 0;
}

/* arm64_pa_is_ram: does pa lie in a RAM range of boot_info? */
bool arm64_pa_is_ram(paddr_t pa)
{
	for (unsigned int i = 0; i < boot_info.ram_count; i++)
		if (pa >= boot_info.ram[i].start && pa < boot_info.ram[i].end)
			return true;
	return false;
}

/*
 * mmu_drop_identity: the boot identity map (TTBR0) is no longer needed
 * once the kernel runs at its link address; disable TTBR0 walks so a stray
 * low address faults instead of reaching physical memory.
 */
void mmu_drop_identity(void)
{
	write_sysreg(tcr_el1, read_sysreg(tcr_el1) | TCR_EPD0);
	isb();
	write_sysreg(ttbr0_el1, 0);
	isb();
	__asm__ volatile("tlbi vmalle1\n\tdsb nsh\n\tisb" ::: "memory");
}

/*
 * kernel_pte: the level-3 entry that maps image address va (start.S maps
 * the image with pages only).
 */
static pte_t *kernel_pte(vaddr_t va)
{
	pte_t *table = early_l0_hi;

	for (int level = 0; level < 3; level++) {
		pte_t pte = table[PT_INDEX(va, level)];

		if ((pte & 3) != PTE_TABLE)
			panic("arm64: image address 0x%lx not page-mapped",
			      (unsigned long)va);
		table = table_va(pte & PTE_ADDR_MASK);
	}
	return &table[PT_INDEX(va, 3)];
}

/*
 * mmu_protect_kernel: W^X for the image mapping: .text read-only and
 * executable, .rodata read-only, everything from .data on (.ksyms, .bss,
 * the early tables, the boot stack) read-write and never executable.
 * Only permissions change, so the entries are rewritten in place (no
 * break-before-make needed) and the TLB is flushed once at the end.
 */
void mmu_protect_kernel(void)
{
	for (vaddr_t va = (vaddr_t)__kernel_start; va < (vaddr_t)__kernel_end;
	     va += PAGE_SIZE) {
		pte_t *pte = kernel_pte(va);
		uint64_t attrs;

		if (va < (vaddr_t)__rodata_start)
			attrs = PTE_KERNEL_TEXT | PTE_AP_RO;
		else if (va < (vaddr_t)__data_start)
			attrs = PTE_KERNEL_DATA | PTE_AP_RO;
		else
			attrs = PTE_KERNEL_DATA;
		*pte = (*pte & PTE_ADDR_MASK) | attrs | PTE_PAGE;
	}
	__asm__ volatile("dsb ishst\n\ttlbi vmalle1\n\tdsb ish\n\tisb"
			 ::: "memory");
}
