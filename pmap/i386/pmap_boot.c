/*
 * pmap/i386/pmap_boot.c - finishing the boot page tables; device mappings.
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
 * Physical memory past the direct map's reach is not used.
 */
#include <kern/types.h>
#include <kern/machine.h>
#include <kern/lock.h>
#include <kern/panic.h>
#include <kern/console.h>
#include "x86.h"
#include "gdt.h"

#define KERN_PTS	8	/* 4 KiB page tables: 16 MiB of kernel image */
#define IO_PTS		(IO_MAP_SIZE >> 21)

static uint64_t kern_pd[512] __aligned(PAGE_SIZE);
static uint64_t kern_pt[KERN_PTS][512] __aligned(PAGE_SIZE);
static uint64_t io_pd[512] __aligned(PAGE_SIZE);
static uint64_t io_pt[IO_PTS][512] __aligned(PAGE_SIZE);

static simple_lock_t io_lock = SIMPLE_LOCK_INITIALIZER;
static vaddr_t io_next = IO_MAP_BASE;

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
	if (boot_pdpt_kern[511] != 0)
		return;
	for (unsigned int t = 0; t < IO_PTS; t++)
		io_pd[t] = kpa(io_pt[t]) | PTE_P | PTE_W;
	boot_pdpt_kern[511] = kpa(io_pd) | PTE_P | PTE_W;
}

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
 * never removed.  Conditions: any; takes io_lock with interrupts masked.
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

		io_pt[idx / 512][idx % 512] = (first + (i << PAGE_SHIFT)) |
			PTE_P | PTE_W | PTE_PCD | PTE_PWT | PTE_G | pte_nx();
		invlpg(va + (i << PAGE_SHIFT));
	}
	simple_unlock_irq(&io_lock, s);
	return va + (pa - first);
}
