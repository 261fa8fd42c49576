/*
 * pmap/riscv/pmap_boot.c - the kernel pmap's final tables, the kernel
 * virtual space, user pmap creation, ASIDs and address-space switching.
 *
 * ASIDs: the number of implemented satp.ASID bits is probed at bootstrap
 * (write all ones, read back; a command line may lower it with
 * riscv.asid_bits=N to exercise the small cases).  ASID 0 belongs to the
 * kernel tree, which maps nothing in the user half.  User pmaps get ASIDs
 * 1..max lazily in pmap_activate, tagged with a generation; when they run
 * out the generation advances and the whole TLB is flushed once, which
 * makes every older ASID free again.  A pmap whose generation is old owns
 * no ASID and has nothing cached (pmap.c's tlb_live relies on that).  With
 * no ASID bits every pmap runs as ASID 0 and each switch flushes the
 * non-global entries.
 */
#include <kern/machine.h>
#include <kern/bootinfo.h>
#include <kern/console.h>
#include <kern/lock.h>
#include <kern/panic.h>
#include <kern/string.h>
#include <kern/zalloc.h>
#include <vm/pmap.h>
#include <vm/vm_page.h>
#include "md.h"
#include "pmap_int.h"

#define PMAP_CACHE_MAX		16
#define PMAP_CACHE_PREFILL	2

struct pmap *riscv_cur_pmap;		/* per hart once SMP arrives */
uint64_t riscv_asid_generation = 1;
unsigned int riscv_asid_bits;

static unsigned long asid_max;		/* highest ASID (2^bits - 1) */
static unsigned long asid_next = 1;	/* next free ASID this generation */
static simple_lock_t asid_lock = SIMPLE_LOCK_INITIALIZER;
static unsigned long kernel_satp;	/* the kernel tree, ASID 0 */

/*
 * Destroyed pmaps keep their root (user half empty, kernel half current)
 * and go to a small cache that pmap_create takes from first: a new address
 * space then costs no page and no copy, and the free page count is the
 * same before and after a pmap's life.
 */
static struct zone pmap_zone;
static struct pmap *pmap_cache;
static unsigned int pmap_cache_count;
static simple_lock_t pmap_cache_lock = SIMPLE_LOCK_INITIALIZER;

/* pmap_alloc_fresh: a pmap with a new root, its kernel half copied. */
static pmap_t pmap_alloc_fresh(void)
{
	pmap_t pmap = zalloc(&pmap_zone);
	struct vm_page *m;

	if (!pmap)
		return NULL;
	if (!(m = riscv_pt_page_alloc())) {
		zfree(&pmap_zone, pmap);
		return NULL;
	}
	pmap->root_pa = m->phys_addr;
	pmap->root = vm_page_kva(m);
	memcpy(pmap->root + USER_ROOT_SLOTS, kernel_pmap->root + USER_ROOT_SLOTS,
	       USER_ROOT_SLOTS * sizeof(uint64_t));
	return pmap;
}

/* riscv_pmap_cache_put: keep pmap for reuse, or free it when the cache is full. */
void riscv_pmap_cache_put(pmap_t pmap)
{
	intr_state_t s = simple_lock_irq(&pmap_cache_lock);

	if (pmap_cache_count < PMAP_CACHE_MAX) {
		pmap->cache_next = pmap_cache;
		pmap_cache = pmap;
		pmap_cache_count++;
		pmap = NULL;
	}
	simple_unlock_irq(&pmap_cache_lock, s);
	if (pmap) {
		vm_page_free(vm_page_lookup_phys(pmap->root_pa));
		zfree(&pmap_zone, pmap);
	}
}

/* riscv_pmap_cache_init: the pmap zone and a few ready pmaps (bootstrap). */
void riscv_pmap_cache_init(void)
{
	zone_init(&pmap_zone, "pmap", sizeof(struct pmap), 0);
	for (int i = 0; i < PMAP_CACHE_PREFILL; i++) {
		pmap_t pmap = pmap_alloc_fresh();

		if (!pmap)
			panic("pmap_bootstrap: no memory for the pmap cache");
		riscv_pmap_cache_put(pmap);
	}
}

/*
 * pmap_create: an empty user pmap with one reference and no ASID yet
 * (pmap_activate assigns one).  Returns NULL without memory.
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
	if (!pmap && !(pmap = pmap_alloc_fresh()))
		return NULL;
	simple_lock_init(&pmap->common.lock);
	pmap->common.refcount = 1;
	pmap->common.resident_count = 0;
	pmap->common.wired_count = 0;
	pmap->common.pt_pages = 1;
	pmap->asid = 0;
	pmap->asid_gen = 0;	/* generations start at 1: none yet */
	pmap->satp = 0;		/* set with the ASID */
	pmap->cache_next = NULL;
	return pmap;
}

/*
 * asid_probe: how many ASID bits this hart implements.  Unimplemented
 * bits of satp.ASID read as zero and the implemented ones are the low
 * ones.  Conditions: boot, the kernel tree in satp.
 */
static unsigned int asid_probe(void)
{
	unsigned long satp = csr_read(satp), got;
	unsigned int bits = 0;
	char buf[8];

	csr_write(satp, satp | SATP_ASID_MASK);
	got = (csr_read(satp) & SATP_ASID_MASK) >> SATP_ASID_SHIFT;
	csr_write(satp, satp);
	sfence_vma_all();
	while (got & 1) {
		bits++;
		got >>= 1;
	}
	if (boot_cmdline_value("riscv.asid_bits", buf, sizeof(buf)) &&
	    buf[0] >= '0' && buf[0] <= '9' && !buf[1] &&
	    (unsigned int)(buf[0] - '0') < bits)
		bits = (unsigned int)(buf[0] - '0');
	return bits;
}

/*
 * riscv_pmap_asid_assign: give pmap an ASID of the current generation and
 * the satp value that goes with it.  A roll-over first moves this hart to
 * the kernel tree, so that no speculative walk can refill an old ASID
 * after the flush, then flushes everything.  Without ASID bits the pmap
 * runs as ASID 0 and asid_gen stays 0, which is never a current
 * generation: pmap_activate then always takes its slow path, which
 * flushes.  Conditions: interrupts disabled.
 */
void riscv_pmap_asid_assign(struct pmap *pmap)
{
	simple_lock(&asid_lock);
	if (riscv_asid_bits == 0) {
		pmap->asid = 0;
	} else if (pmap->asid_gen != riscv_asid_generation) {
		if (asid_next > asid_max) {
			csr_write(satp, kernel_satp);
			riscv_cur_pmap = NULL;
			sfence_vma_all();
			__atomic_store_n(&riscv_asid_generation,
					 riscv_asid_generation + 1,
					 __ATOMIC_RELAXED);
			asid_next = 1;
		}
		pmap->asid = asid_next++;
		pmap->asid_gen = riscv_asid_generation;
	}
	pmap->satp = SATP_MODE_SV39 | pmap->asid << SATP_ASID_SHIFT |
		     pmap->root_pa >> PAGE_SHIFT;
	simple_unlock(&asid_lock);
}

/*
 * pmap_activate_slow: pmap_activate for a pmap without an ASID of the
 * current generation, or on a hart without ASIDs (which flushes the
 * non-global entries at every switch).  Conditions: any; masks
 * interrupts itself.
 */
static void __attribute__((noinline)) pmap_activate_slow(pmap_t pmap)
{
	intr_state_t s = cpu_intr_save();

	riscv_pmap_asid_assign(pmap);
	riscv_cur_pmap = pmap;
	csr_write(satp, pmap->satp);
	if (riscv_asid_bits == 0)
		sfence_vma_asid(0);
	cpu_intr_restore(s);
}

/*
 * pmap_activate: make pmap this hart's user address space: its root and
 * ASID in satp.  Stale entries of an ASID cannot exist (see the file
 * comment), so with a current ASID nothing is flushed: one compare and
 * the satp value computed with the ASID.  The rest is
 * pmap_activate_slow's.  The compare is made with interrupts masked, so
 * that no switch in between can roll the generation over.  A leaf but
 * for tail calls, hence no frame record (backtraces handle leaves).
 * Conditions: any; masks interrupts itself (the suites call it from
 * thread context).
 */
__attribute__((optimize("omit-frame-pointer"))) void pmap_activate(pmap_t pmap)
{
	intr_state_t s;

	if (pmap == kernel_pmap) {
		pmap_deactivate(riscv_cur_pmap);
		return;
	}
	s = cpu_intr_save();
	if (__builtin_expect(pmap->asid_gen !=
			     __atomic_load_n(&riscv_asid_generation,
					     __ATOMIC_RELAXED), 0)) {
		cpu_intr_restore(s);
		pmap_activate_slow(pmap);
		return;
	}
	riscv_cur_pmap = pmap;
	csr_write(satp, pmap->satp);
	cpu_intr_restore(s);
}

/*
 * pmap_deactivate: this hart stops using pmap: back to the kernel tree,
 * whose user half is empty.  Conditions: any; masks interrupts itself.
 */
void pmap_deactivate(pmap_t pmap)
{
	intr_state_t s = cpu_intr_save();

	if (pmap && pmap == riscv_cur_pmap) {
		riscv_cur_pmap = NULL;
		csr_write(satp, kernel_satp);
		if (riscv_asid_bits == 0)
			sfence_vma_asid(0);
	}
	cpu_intr_restore(s);
}

void pmap_virtual_space(vaddr_t *start, vaddr_t *end)
{
	*start = KVA_BASE;
	*end = KVA_BASE + KVA_SIZE;
}

/*
 * pmap_bootstrap: build the kernel pmap's tree from vm_page_alloc() pages
 * and switch to it:
 *  - the image W^X in 4 KiB pages, minus the boot stack's guard page, and
 *    the direct map of all RAM, read-write, never executable, in the
 *    largest pages alignment allows (riscv_mmu_map_kernel);
 *  - the device window's level-1 table, and every device range mapped so
 *    far at its old address (riscv_mmu_adopt);
 *  - every level-0 table of the kmem range [KVA_BASE, +KVA_SIZE), so that
 *    kernel pmap_enter never allocates.
 * No root entry of the kernel half changes after this, which keeps the
 * copies in user roots exact.  Then ASIDs are probed, the pmap cache is
 * filled and the A/D behaviour checked.  Conditions: boot, after
 * vm_page_init, interrupts disabled.
 */
void pmap_bootstrap(void)
{
	struct pmap *k = kernel_pmap;
	const char *ad;
	paddr_t root_pa;

	simple_lock_init(&k->common.lock);
	k->common.refcount = 1;
	riscv_mmu_begin_vm_page();
	k->root = riscv_pt_alloc_kernel(&root_pa);
	if (!k->root)
		panic("pmap_bootstrap: no page for the kernel root");
	k->root_pa = root_pa;
	riscv_mmu_map_kernel(k->root, true);
	if (!riscv_mmu_ensure_table(k->root, IO_MAP_BASE, 1))
		panic("pmap_bootstrap: no page for the device window");
	for (vaddr_t va = KVA_BASE; va < KVA_BASE + KVA_SIZE; va += MEGAPAGE_SIZE)
		if (!riscv_mmu_ensure_table(k->root, va, 0))
			panic("pmap_bootstrap: no page for kmem tables");
	if (!riscv_mmu_adopt(k->root))
		panic("pmap_bootstrap: no page for the device mappings");

	kernel_satp = SATP_MODE_SV39 | root_pa >> PAGE_SHIFT;
	sfence_vma_all();
	csr_write(satp, kernel_satp);
	sfence_vma_all();

	riscv_asid_bits = asid_probe();
	asid_max = (1UL << riscv_asid_bits) - 1;
	riscv_pmap_cache_init();
	ad = riscv_pmap_ad_mode();
	kprintf("riscv: pmap: Sv39, %u ASID bits, A/D %s, %lu kernel table pages\n",
		riscv_asid_bits, ad, k->common.pt_pages);
}
