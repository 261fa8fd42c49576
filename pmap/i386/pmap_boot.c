/*
 * pmap/i386/pmap_boot.c - the kernel's page tables: finishing the boot
 * tables, building the kernel pmap's final ones, device mappings.
 *
 * start.S maps the kernel image with 2 MiB pages and keeps an identity map
 * for the switch to long mode.  Before kern_main() runs we:
 *   - extend the direct map past 4 GiB (1 GiB pages) if RAM goes there,
 *   - remap the kernel image with 4 KiB pages: text read-only and
 *     executable, rodata read-only, data/bss writable, the last two not
 *     executable (W^X), and the guard pages below the boot and IST stacks
 *     left unmapped so that a stack overflow faults,
 *   - mark the direct map not executable and drop the identity map,
 *   - provide the uncached I/O window used by md_io_map().
 * Those tables live in .bss.  Once the page allocator runs,
 * pmap_bootstrap() builds the kernel pmap's final tables from
 * vm_page_alloc() pages (same layout, see machine/memlayout.h) and
 * switches to them.  Physical memory past the direct map's reach is not
 * used.
 */
#include <kern/types.h>
#include <kern/machine.h>
#include <kern/bootinfo.h>
#include <kern/lock.h>
#include <kern/panic.h>
#include <kern/console.h>
#include "pmap_int.h"
#include "gdt.h"

#define KERN_PTS	8	/* 4 KiB page tables: 16 MiB of kernel image */
#define IO_PTS		(IO_MAP_SIZE >> 21)

static uint64_t kern_pd[512] __aligned(PAGE_SIZE);
static uint64_t kern_pt[KERN_PTS][512] __aligned(PAGE_SIZE);
static uint64_t io_pd[512] __aligned(PAGE_SIZE);
static uint64_t io_pt[IO_PTS][512] __aligned(PAGE_SIZE);

static simple_lock_t io_lock = SIMPLE_LOCK_INITIALIZER;
static vaddr_t io_next = IO_MAP_BASE;
/* The I/O window's page tables: io_pt, then the kernel pmap's. */
static uint64_t *io_pts[IO_PTS];

static uint64_t pte_nx(void)
{
	return boot_has_nx ? PTE_NX : 0;
}

/* Physical address of a kernel-image variable (page tables). */
static uint64_t kpa(const void *p)
{
	return virt_to_phys(p);
}

/*
 * pmap_boot_direct_map: make the direct map cover physical memory up to
 * ram_end.  start.S maps 4 GiB with 2 MiB pages; beyond that 1 GiB pages
 * are used if the CPU has them.  Returns the end of the physical range the
 * direct map covers (callers drop RAM above it).  Conditions: boot, before
 * pmap_boot_finish(), interrupts disabled.
 */
paddr_t pmap_boot_direct_map(paddr_t ram_end)
{
	uint32_t r[4];
	paddr_t limit = 4UL << 30;

	if (ram_end <= limit)
		return limit;
	cpuid(0x80000001, 0, r);
	if (!(r[3] & CPUID_EXT_PAGE1GB)) {
		kprintf("x86_64: no 1 GiB pages: RAM above 4 GiB unused\n");
		return limit;
	}
	if (ram_end > DIRECT_MAP_SIZE)
		ram_end = DIRECT_MAP_SIZE;
	for (uint64_t i = 4; i < 512 && (i << 30) < ram_end; i++) {
		boot_pdpt_dm[i] = (i << 30) | PTE_P | PTE_W | PTE_PS;
		limit = (i + 1) << 30;
	}
	write_cr3(read_cr3());
	return limit;
}

/*
 * io_window_install: hook the I/O window's page tables into the kernel's
 * top 1 GiB.  Idempotent; the tables are static, so this cannot fail.
 */
static void io_window_install(void)
{
	if (io_pts[0] != NULL)
		return;
	for (unsigned int t = 0; t < IO_PTS; t++) {
		io_pd[t] = kpa(io_pt[t]) | PTE_P | PTE_W;
		io_pts[t] = io_pt[t];
	}
	boot_pdpt_kern[511] = kpa(io_pd) | PTE_P | PTE_W;
}

static void count_kernel_leaf(void);

static bool is_guard_page(uintptr_t va)
{
	uintptr_t g;

	if (va == (uintptr_t)boot_stack_guard)
		return true;
	for (unsigned int i = 0; (g = gdt_guard_page(i)) != 0; i++)
		if (va == g)
			return true;
	return false;
}

/* Attributes of the kernel-image page at va (0: leave unmapped). */
static uint64_t kernel_page_attr(uintptr_t va)
{
	if (va < (uintptr_t)__kernel_start || va >= (uintptr_t)__kernel_end)
		return 0;
	if (va < (uintptr_t)__text_end)
		return PTE_P | PTE_G;
	if (va < (uintptr_t)__data_start)
		return PTE_P | PTE_G | pte_nx();
	if (is_guard_page(va))
		return 0;
	return PTE_P | PTE_W | PTE_G | pte_nx();
}

/*
 * pmap_boot_finish: switch the kernel image to its 4 KiB mapping, install
 * the I/O window, and drop the identity map.  Conditions: boot CPU,
 * interrupts disabled, the final GDT and IDT loaded (they live at kernel
 * addresses), nothing left that uses a physical address as a pointer.
 */
void pmap_boot_finish(void)
{
	uintptr_t first = ROUND_DOWN((uintptr_t)__kernel_start, 2UL << 20);
	uintptr_t last = ROUND_UP((uintptr_t)__kernel_end, 2UL << 20);
	unsigned int npt = (last - first) >> 21;

	if (npt > KERN_PTS)
		panic("x86_64: kernel image too large for the boot page tables");
	for (unsigned int t = 0; t < npt; t++) {
		uintptr_t base = first + ((uintptr_t)t << 21);

		for (unsigned int i = 0; i < 512; i++) {
			uintptr_t va = base + ((uintptr_t)i << PAGE_SHIFT);
			uint64_t attr = kernel_page_attr(va);

			kern_pt[t][i] = attr ? (virt_to_phys((void *)va) |
						attr) : 0;
		}
		kern_pd[((base - KERNEL_VIRT_BASE) >> 21) & 511] =
			kpa(kern_pt[t]) | PTE_P | PTE_W;
	}
	io_window_install();
	boot_pdpt_kern[510] = kpa(kern_pd) | PTE_P | PTE_W;
	boot_pml4[256] |= pte_nx();
	boot_pml4[0] = 0;
	write_cr3(read_cr3());
}

/*
 * md_io_map: map [pa, pa + size) uncached in the I/O window.  Mappings are
 * never removed.  The window's page tables exist from the start (static at
 * boot, preallocated by pmap_bootstrap afterwards), so this never
 * allocates.  Conditions: any; takes io_lock with interrupts masked.
 * Returns the virtual address of pa, or 0 when the window is full.
 */
vaddr_t md_io_map(paddr_t pa, size_t size)
{
	paddr_t first = ROUND_DOWN(pa, PAGE_SIZE);
	paddr_t end = ROUND_UP(pa + size, PAGE_SIZE);
	size_t npages = (end - first) >> PAGE_SHIFT;
	intr_state_t s;
	vaddr_t va;

	s = simple_lock_irq(&io_lock);
	io_window_install();
	if (npages == 0 || io_next + (npages << PAGE_SHIFT) >
	    IO_MAP_BASE + IO_MAP_SIZE) {
		simple_unlock_irq(&io_lock, s);
		return 0;
	}
	va = io_next;
	io_next += npages << PAGE_SHIFT;
	for (size_t i = 0; i < npages; i++) {
		size_t idx = ((va - IO_MAP_BASE) >> PAGE_SHIFT) + i;

		io_pts[idx / 512][idx % 512] = (first + (i << PAGE_SHIFT)) |
			PTE_P | PTE_W | PTE_PCD | PTE_PWT | PTE_G | pte_nx();
		invlpg(va + (i << PAGE_SHIFT));
		if (io_pts[0] != io_pt[0]) {
			/* A kernel pmap table: keep its count (it is never
			 * freed, but pmap_remove trusts the count). */
			pt_count(vm_page_lookup_phys(virt_to_phys(io_pts[idx / 512])))++;
			count_kernel_leaf();
		}
	}
	simple_unlock_irq(&io_lock, s);
	return va + (pa - first);
}

/* ---- The kernel pmap's final tables ------------------------------------- */

/* Count one more 4 KiB leaf in the kernel pmap. */
static void count_kernel_leaf(void)
{
	__atomic_add_fetch(&kernel_pmap->common.resident_count, 1,
			   __ATOMIC_RELAXED);
}

/*
 * ktable: the kernel table at `level` on the way to va, allocating the
 * missing ones above it; NULL if a large page already covers va.
 * Conditions: pmap_bootstrap only (panics when memory runs out).
 */
static uint64_t *ktable(vaddr_t va, int level)
{
	uint64_t *t = kernel_pmap->root;

	for (int l = 3; l > level; l--) {
		uint64_t *e = &t[pt_index(va, l)];

		if (!(*e & PTE_P)) {
			struct vm_page *m = pt_alloc();

			if (!m)
				panic("pmap_bootstrap: no memory for kernel page tables");
			*e = m->phys_addr | PTE_P | PTE_W;
			pt_count(vm_page_lookup_phys(virt_to_phys(t)))++;
			kernel_pmap->common.pt_pages++;
		} else if (*e & PTE_PS) {
			return NULL;
		}
		t = pte_table(*e);
	}
	return t;
}

/*
 * kleaf: set the level-`level` kernel entry for va (counted), unless
 * something already maps va.  Returns whether it did.
 */
static bool kleaf(vaddr_t va, int level, uint64_t entry)
{
	uint64_t *t = ktable(va, level);
	uint64_t *e;

	if (!t)
		return false;
	e = &t[pt_index(va, level)];
	if (*e & PTE_P)
		return false;
	*e = entry;
	pt_count(vm_page_lookup_phys(virt_to_phys(t)))++;
	if (level == 0)
		count_kernel_leaf();
	return true;
}

/*
 * image_ro: is the physical page pa kernel text or rodata?  Those pages
 * stay read-only through their direct-map alias too.
 */
static bool image_ro(paddr_t pa)
{
	return pa >= virt_to_phys(__text_start) && pa < virt_to_phys(__data_start);
}

/* Does [pa, pa + len) hold any text or rodata page? */
static bool block_has_image_ro(paddr_t pa, uint64_t len)
{
	return pa < virt_to_phys(__data_start) &&
	       pa + len > virt_to_phys(__text_start);
}

/*
 * map_direct: the direct map of every RAM range, rounded out to 2 MiB:
 * 1 GiB pages where a whole aligned GiB is covered, the CPU has them and
 * no 2 MiB page of a neighbouring range already sits in that GiB, 2 MiB
 * pages elsewhere, and 4 KiB pages in the block holding the kernel's text
 * and rodata, which are read-only here as in the image mapping.
 * Read-write otherwise, NX, global.  Returns the bytes mapped.
 */
static uint64_t map_direct(void)
{
	const uint64_t attr = PTE_P | PTE_W | PTE_G | pmap_pte_nx;
	uint64_t mapped = 0;

	for (unsigned int i = 0; i < boot_info.ram_count; i++) {
		paddr_t pa = ROUND_DOWN(boot_info.ram[i].start, LEVEL_SIZE(1));
		paddr_t end = ROUND_UP(boot_info.ram[i].end, LEVEL_SIZE(1));

		while (pa < end && pa < DIRECT_MAP_SIZE) {
			vaddr_t va = DIRECT_MAP_BASE + pa;
			uint64_t *pdpt = ktable(va, 2);

			if (pmap_has_1g && !(pa & (LEVEL_SIZE(2) - 1)) &&
			    end - pa >= LEVEL_SIZE(2) &&
			    !(pdpt[pt_index(va, 2)] & PTE_P) &&
			    !block_has_image_ro(pa, LEVEL_SIZE(2))) {
				if (kleaf(va, 2, pa | attr | PTE_PS))
					mapped += LEVEL_SIZE(2);
				pa += LEVEL_SIZE(2);
			} else if (!block_has_image_ro(pa, LEVEL_SIZE(1))) {
				if (kleaf(va, 1, pa | attr | PTE_PS))
					mapped += LEVEL_SIZE(1);
				pa += LEVEL_SIZE(1);
			} else {
				for (unsigned int k = 0; k < PT_ENTRIES; k++) {
					paddr_t p4 = pa + k * PAGE_SIZE;
					uint64_t e = p4 | attr;

					if (image_ro(p4))
						e &= ~(uint64_t)PTE_W;
					if (kleaf(va + k * PAGE_SIZE, 0, e))
						mapped += PAGE_SIZE;
				}
				pa += LEVEL_SIZE(1);
			}
		}
	}
	return mapped;
}

/*
 * pmap_bootstrap: see vm/pmap.h.  Builds, from vm_page_alloc() pages: the
 * direct map, the kernel image with W^X and its guard pages unmapped, the
 * I/O window with the device mappings made so far, and every table of the
 * kmem range [KMEM_BASE, KMEM_BASE + KMEM_SIZE), so that kernel
 * pmap_enter never allocates.  The kernel root then has its only two
 * PML4 entries (256: direct map, 511: the rest), which every user root
 * copies and which never change.  Switches to the new tables and enables
 * PCIDs/SMEP/SMAP.  Conditions: boot CPU, once,
 * after vm_page_init(), interrupts disabled.
 */
void pmap_bootstrap(void)
{
	struct pmap *k = kernel_pmap;
	struct vm_page *root;
	uint64_t direct;
	intr_state_t s;

	pmap_cpu_features();
	simple_lock_init(&k->common.lock);
	k->common.refcount = 1;
	k->common.pt_pages = 1;
	if ((root = pt_alloc()) == NULL)
		panic("pmap_bootstrap: no memory for the kernel root");
	k->root = vm_page_kva(root);
	k->root_pa = root->phys_addr;

	direct = map_direct();
	for (vaddr_t va = KMEM_BASE; va < KMEM_BASE + KMEM_SIZE;
	     va += LEVEL_SIZE(1))
		ktable(va, 0);
	for (uintptr_t va = (uintptr_t)__kernel_start;
	     va < (uintptr_t)__kernel_end; va += PAGE_SIZE) {
		uint64_t attr = kernel_page_attr(va);

		if (attr)
			kleaf(va, 0, virt_to_phys((void *)va) | attr);
	}
	s = simple_lock_irq(&io_lock);
	io_window_install();
	for (unsigned int t = 0; t < IO_PTS; t++) {
		vaddr_t base = IO_MAP_BASE + t * LEVEL_SIZE(1);
		uint64_t *pt = ktable(base, 0);

		for (unsigned int i = 0; i < PT_ENTRIES; i++)
			if (io_pts[t][i] & PTE_P)
				kleaf(base + i * PAGE_SIZE, 0, io_pts[t][i]);
		io_pts[t] = pt;
	}
	write_cr3(k->root_pa);
	tlb_flush_all_global();	/* the boot tables' global entries */
	simple_unlock_irq(&io_lock, s);
	pmap_tlb_enable();
	pmap_zone_init();
	kprintf("x86_64: pmap: kernel tables %lu pages, direct map %llu MiB, "
		"kmem [%p, %p)\n", k->common.pt_pages,
		(unsigned long long)(direct >> 20), (void *)KMEM_BASE,
		(void *)(KMEM_BASE + KMEM_SIZE));
}

/* pmap_virtual_space: kmem's range, whose tables are all preallocated. */
void pmap_virtual_space(vaddr_t *start, vaddr_t *end)
{
	*start = KMEM_BASE;
	*end = KMEM_BASE + KMEM_SIZE;
}
