/*
 * pmap/arm64/pmap_boot.c - the arm64 pmap's bootstrap and life cycle:
 * pmap_bootstrap (the kernel pmap's final tables), pmap_virtual_space,
 * pmap_create and pmap_destroy.  The tables themselves: pmap.c.
 *
 * The boot tables (start.S, mmu.c) live in the image's .bss and in pages
 * the boot allocator handed out; pmap_bootstrap rebuilds the whole kernel
 * half from vm_page_alloc() pages and switches TTBR1 to it:
 *
 *   image      KERNEL_VIRT_BASE, 4 KiB pages, W^X: .text R+X, .rodata R,
 *              .data/.ksyms/.bss/stacks RW+NX; the guard page below the
 *              boot stack is left unmapped
 *   direct map DIRECT_MAP_BASE + pa for every RAM range (and the DTB),
 *              RW+NX, the largest blocks alignment allows, exactly as the
 *              boot tables had it (same block sizes: no TLB conflict)
 *   devices    every page md_io_map handed out so far, copied entry by
 *              entry; later md_io_map calls map into the new tables
 *   kmem       [KMEM_BASE, KMEM_BASE + KMEM_SIZE): every level-3 table
 *              preallocated, so kernel pmap_enter never allocates
 *
 * All kernel entries are global (nG = 0) and UXN.  It also probes the ASID
 * size (ID_AA64MMFR0_EL1.ASIDBits, TCR_EL1.AS), allocates the empty user
 * root and enables TTBR0 walks with it (TCR_EL1.EPD0 = 0).
 */
#include <kern/machine.h>
#include <kern/bootinfo.h>
#include <kern/console.h>
#include <kern/panic.h>
#include <kern/string.h>
#include <kern/zalloc.h>
#include <vm/pmap.h>
#include <vm/vm_page.h>
#include <machine/sysreg.h>
#include "arm64.h"

extern char __kernel_start[], __kernel_end[], __rodata_start[], __data_start[];
extern char boot_stack_guard[];

/*
 * map_image: the kernel image with W^X permissions, 4 KiB pages, the boot
 * stack's guard page left out.
 */
static void map_image(pte_t *root)
{
	for (vaddr_t va = (vaddr_t)__kernel_start; va < (vaddr_t)__kernel_end;
	     va += PAGE_SIZE) {
		uint64_t attrs;

		if (va == (vaddr_t)boot_stack_guard)
			continue;
		if (va < (vaddr_t)__rodata_start)
			attrs = PTE_KERNEL_TEXT | PTE_AP_RO;
		else if (va < (vaddr_t)__data_start)
			attrs = PTE_KERNEL_DATA | PTE_AP_RO;
		else
			attrs = PTE_KERNEL_DATA;
		mmu_map_range(root, va, virt_to_phys((void *)va), PAGE_SIZE,
			      attrs, false);
	}
}

/*
 * map_direct: the DTB first in pages (boot.c mapped it that way before the
 * RAM around it), then every RAM range with blocks.
 */
static void map_direct(pte_t *root)
{
	if (boot_info.dtb_end > boot_info.dtb_start) {
		paddr_t s = ROUND_DOWN(boot_info.dtb_start, PAGE_SIZE);
		paddr_t e = ROUND_UP(boot_info.dtb_end, PAGE_SIZE);

		mmu_map_range(root, DIRECT_MAP_BASE + s, s, e - s,
			      PTE_KERNEL_DATA, false);
	}
	for (unsigned int i = 0; i < boot_info.ram_count; i++) {
		paddr_t s = ROUND_DOWN(boot_info.ram[i].start, PAGE_SIZE);
		paddr_t e = ROUND_UP(boot_info.ram[i].end, PAGE_SIZE);

		if (e > s && e <= DIRECT_MAP_SIZE)
			mmu_map_range(root, DIRECT_MAP_BASE + s, s, e - s,
				      PTE_KERNEL_DATA, true);
	}
}

/* copy_devices: every page of the device window mapped so far. */
static void copy_devices(pte_t *root)
{
	for (vaddr_t va = IO_MAP_BASE; va < mmu_io_window_end(); va += PAGE_SIZE) {
		pte_t pte = mmu_early_lookup(va);

		if (pte & PTE_VALID)
			mmu_map_range(root, va, pte & PTE_ADDR_MASK, PAGE_SIZE,
				      pte & ~(PTE_ADDR_MASK | 3), false);
	}
}

/* prealloc_kmem: the level-3 tables of the whole kmem range. */
static void prealloc_kmem(void)
{
	for (vaddr_t va = KMEM_BASE; va < KMEM_BASE + KMEM_SIZE; va += PT_SIZE(2)) {
		pte_t *l3;

		if (!pmap_pte_alloc(kernel_pmap, va, &l3))
			panic("pmap: no memory for the kmem tables");
	}
}

/*
 * switch_tables: TTBR1 to the new kernel root, TTBR0 to the empty user
 * root (ASID 0) with walks enabled and the ASID size set, then flush the
 * whole TLB (TCR.AS changed, and every boot entry is stale).  Both trees
 * map the running code identically, so nothing is fetched from a
 * conflicting translation in between.
 */
static void switch_tables(paddr_t kroot, uint64_t tcr)
{
	__asm__ volatile(
		"dsb	ishst\n\t"
		"msr	ttbr0_el1, %0\n\t"
		"msr	ttbr1_el1, %1\n\t"
		"msr	tcr_el1, %2\n\t"
		"isb\n\t"
		"tlbi	vmalle1\n\t"
		"dsb	nsh\n\t"
		"isb"
		: : "r"(arm64_empty_root_pa), "r"(kroot), "r"(tcr) : "memory");
}

/*
 * pmap_bootstrap (vm/pmap.h): see the file comment.  Called once, after
 * vm_page_init, on the boot CPU with interrupts disabled.
 */
void pmap_bootstrap(void)
{
	uint64_t mmfr0 = read_sysreg(id_aa64mmfr0_el1);
	uint64_t mmfr1 = read_sysreg(id_aa64mmfr1_el1);
	uint64_t tcr = read_sysreg(tcr_el1) & ~(uint64_t)TCR_EPD0;
	struct pmap *k = kernel_pmap;
	unsigned int hafdbs = ID_MMFR1_HAFDBS(mmfr1);
	pte_t *root;

	simple_lock_init(&k->common.lock);
	k->common.refcount = 1;
	k->is_kernel = true;
	mmu_use_vm(NULL);	/* tables from vm_page_alloc from now on */
	k->root_pa = arm64_kernel_pt_alloc();
	k->root = root = phys_to_virt(k->root_pa);

	map_image(root);
	map_direct(root);
	copy_devices(root);
	prealloc_kmem();
	arm64_empty_root_pa = arm64_kernel_pt_alloc();

	if (ID_MMFR0_ASIDBITS(mmfr0) == 2) {
		arm64_asid_init(16);
		tcr |= TCR_AS;
	} else {
		arm64_asid_init(8);
		tcr &= ~TCR_AS;
	}
	switch_tables(k->root_pa, tcr);
	mmu_use_vm(root);
	arm64_pmap_cache_init();

	kprintf("pmap: %u-bit ASIDs, hardware access flag/dirty state: %s "
		"(emulated with faults), %lu kernel table pages\n",
		arm64_asid_bits,
		hafdbs == 0 ? "none" : hafdbs == 1 ? "AF only" : "AF and DBM",
		k->common.pt_pages);
}

void pmap_virtual_space(vaddr_t *start, vaddr_t *end)
{
	*start = KMEM_BASE;
	*end = KMEM_BASE + KMEM_SIZE;
}

/* ---- Life cycle ----------------------------------------------------------- */

/*
 * Torn-down pmaps keep their (empty) root table on a small cache and are
 * reused by pmap_create, which then needs no memory; pmap_bootstrap fills
 * it with PMAP_CACHE_PREFILL pmaps.  The struct pmaps come from a zone.
 */
#define PMAP_CACHE_MAX		16
#define PMAP_CACHE_PREFILL	4

static struct zone pmap_zone;
static struct pmap *pmap_cache;
static unsigned int pmap_cache_count;
static simple_lock_t pmap_cache_lock = SIMPLE_LOCK_INITIALIZER;

/* pmap_alloc_new: a fresh pmap with a zeroed root, or NULL. */
static pmap_t pmap_alloc_new(void)
{
	pmap_t pmap = zalloc(&pmap_zone);

	if (!pmap)
		return NULL;
	memset(pmap, 0, sizeof(*pmap));
	simple_lock_init(&pmap->common.lock);
	pmap->root_pa = arm64_pt_alloc(pmap);
	if (!pmap->root_pa) {
		zfree(&pmap_zone, pmap);
		return NULL;
	}
	pmap->root = phys_to_virt(pmap->root_pa);
	return pmap;
}

void arm64_pmap_cache_init(void)
{
	zone_init(&pmap_zone, "pmap", sizeof(struct pmap), 0);
	for (int i = 0; i < PMAP_CACHE_PREFILL; i++) {
		pmap_t pmap = pmap_alloc_new();

		if (!pmap)
			panic("pmap: cannot prefill the pmap cache");
		pmap->cache_next = pmap_cache;
		pmap_cache = pmap;
		pmap_cache_count++;
	}
}

/*
 * pmap_create (vm/pmap.h): from the cache if it has one, else a new
 * struct and root.  Returns NULL when neither can be had.
 */
pmap_t pmap_create(void)
{
	intr_state_t s = simple_lock_irq(&pmap_cache_lock);
	pmap_t pmap = pmap_cache;

	if (pmap) {
		pmap_cache = pmap->cache_next;
		pmap_cache_count--;
	}
	simple_unlock_irq(&pmap_cache_lock, s);
	if (!pmap && !(pmap = pmap_alloc_new()))
		return NULL;
	pmap->cache_next = NULL;
	pmap->asid_gen = 0;	/* a fresh ASID on first activation */
	pmap->common.refcount = 1;
	pmap->common.resident_count = 0;
	pmap->common.wired_count = 0;
	return pmap;
}

/*
 * pmap_destroy: on the last reference remove every mapping, free every
 * table below the root and the ASID's TLB entries; the empty root goes
 * back to the cache (or is freed when the cache is full).
 */
void pmap_destroy(pmap_t pmap)
{
	intr_state_t s;

	if (!pmap_release_ref(&pmap->common))
		return;
	if (pmap->is_kernel)
		panic("pmap_destroy: the kernel pmap");
	arm64_pmap_forget_asid(pmap);
	pmap_remove(pmap, USER_VA_MIN, USER_VA_MAX);
	if (pmap->common.resident_count || pmap->common.pt_pages != 1)
		panic("pmap_destroy: %lu pages, %lu tables left",
		      pmap->common.resident_count, pmap->common.pt_pages);
	s = simple_lock_irq(&pmap_cache_lock);
	if (pmap_cache_count < PMAP_CACHE_MAX) {
		pmap->cache_next = pmap_cache;
		pmap_cache = pmap;
		pmap_cache_count++;
		pmap = NULL;
	}
	simple_unlock_irq(&pmap_cache_lock, s);
	if (pmap) {
		arm64_pt_free(pmap, pmap->root_pa);
		zfree(&pmap_zone, pmap);
	}
}
