/*
 * pmap/i386/pmap_tlb.c - CPU paging features, PCIDs, TLB invalidation and
 * address-space switching for the x86_64 pmap.
 *
 * TLB discipline (one CPU today; the SMP additions are marked):
 *  - Kernel entries are global (G) and identical in every root, so they
 *    survive CR3 loads; invlpg removes a global entry too, and a full
 *    flush of them toggles CR4.PGE (or INVPCID type 2).
 *  - A change that needs invalidation (a leaf removed, replaced, made
 *    read-only or NX, A/D cleared, a table unlinked) is noted with
 *    tlb_note() under the pmap lock and carried out by tlb_flush() before
 *    the operation returns: invlpg per page, or a whole-space flush past
 *    PMAP_INVAL_MAX pages.  invlpg also drops every paging-structure cache
 *    entry of the current PCID, which is what makes freeing a page table
 *    after the flush safe.  pmap_update() therefore has nothing left to do
 *    on one CPU; with SMP it will send the shootdowns to the other CPUs
 *    where the pmap is active and wait for them.
 *  - A pmap that is not loaded needs nothing without PCIDs: loading its
 *    root flushes its (non-global) entries.  With PCIDs its entries
 *    survive in the TLB tagged with its PCID, so a change marks it stale
 *    and pmap_activate() loads it without the no-flush bit.
 *  - PCIDs: 0 is the kernel pmap's (whose root maps no user page);
 *    user pmaps get 1..pcid_max from a bump allocator with a generation
 *    number.  When the numbers run out the generation advances, every
 *    TLB entry of every PCID is flushed, and pmaps get a new PCID at
 *    their next activation.  The allocator runs even without PCID
 *    hardware (the number then just never reaches CR3), so its logic is
 *    exercised everywhere; pmap.pcids=N on the command line shrinks the
 *    space to test the roll-over.
 */
#include <kern/machine.h>
#include <kern/bootinfo.h>
#include <kern/console.h>
#include <kern/panic.h>
#include "pmap_int.h"

#define CR3_NOFLUSH	(1UL << 63)
#define PCID_HW_MAX	4095

bool pmap_has_pcid, pmap_has_invpcid, pmap_has_smep, pmap_has_1g;
uint64_t pmap_pte_nx;
uint8_t x86_smap_on;
static bool pmap_has_smap;

static unsigned int pcid_max = PCID_HW_MAX;
static unsigned int pcid_next = 1;
static uint64_t pcid_generation = 1;
static unsigned long pcid_rollovers;

/* The user pmap loaded on this CPU, or NULL (per CPU with SMP). */
static struct pmap *cpu_user_pmap;

/*
 * pmap_cpu_features: read the paging features pmap_bootstrap relies on.
 * Conditions: boot CPU, before the kernel tables are built.
 */
void pmap_cpu_features(void)
{
	uint32_t r[4], max;
	char buf[16];

	pmap_pte_nx = boot_has_nx ? PTE_NX : 0;
	cpuid(0, 0, r);
	max = r[0];
	cpuid(1, 0, r);
	pmap_has_pcid = (r[2] & CPUID_1_ECX_PCID) != 0;
	if (max >= 7) {
		cpuid(7, 0, r);
		pmap_has_invpcid = (r[1] & CPUID_7_EBX_INVPCID) != 0;
		pmap_has_smep = (r[1] & CPUID_7_EBX_SMEP) != 0;
		pmap_has_smap = (r[1] & CPUID_7_EBX_SMAP) != 0;
	}
	cpuid(0x80000001, 0, r);
	pmap_has_1g = (r[3] & CPUID_EXT_PAGE1GB) != 0;
	if (!pmap_has_pcid)
		pmap_has_invpcid = false;
	if (boot_cmdline_value("pmap.pcids", buf, sizeof(buf))) {
		unsigned int n = 0;

		for (const char *c = buf; *c >= '0' && *c <= '9'; c++)
			n = n * 10 + (unsigned int)(*c - '0');
		if (n >= 1 && n <= PCID_HW_MAX)
			pcid_max = n;
	}
}

/*
 * tlb_flush_all_global: invalidate every TLB and paging-structure cache
 * entry of every PCID, global ones included.
 */
void tlb_flush_all_global(void)
{
	if (pmap_has_invpcid) {
		invpcid(INVPCID_ALL_GLOBAL, 0, 0);
	} else {
		uint64_t cr4 = read_cr4();

		write_cr4(cr4 & ~(uint64_t)CR4_PGE);
		write_cr4(cr4);
	}
}

/*
 * smap_patch_sites: turn every SMAP_STAC / SMAP_CLAC site (x86.h) from its
 * 3-byte nop into the instruction.  Kernel text is mapped read-only, so
 * the writes go through with CR0.WP cleared for the loop; interrupts are
 * masked and only the boot CPU runs, so nothing executes a half-written
 * site (trap_common has one), and the CR0 write that sets WP again is
 * serializing.  Conditions: boot CPU, the CPU has SMAP.
 */
static void smap_patch_sites(void)
{
	intr_state_t s = cpu_intr_save();
	uint64_t cr0 = read_cr0();

	__asm__ volatile("movq %0, %%cr0" : : "r"(cr0 & ~(uint64_t)CR0_WP)
			 : "memory");
	for (const struct smap_site *site = __smap_sites_start;
	     site < __smap_sites_end; site++) {
		volatile uint8_t *p = (volatile uint8_t *)site->addr;

		p[0] = (uint8_t)site->insn;
		p[1] = (uint8_t)(site->insn >> 8);
		p[2] = (uint8_t)(site->insn >> 16);
	}
	__asm__ volatile("movq %0, %%cr0" : : "r"(cr0) : "memory");
	cpu_intr_restore(s);
}

/*
 * pmap_tlb_enable: turn on PCIDs, SMEP and SMAP where the CPU has them.
 * With SMAP the kernel reaches user pages only between the stac and clac
 * of copy.S, and every trap entry clears AC (locore.S); those sites are
 * patched in here, before CR4.SMAP is set.
 * Conditions: boot CPU, the kernel root just loaded in CR3 (PCID 0: the
 * low bits of CR3 must be 0 when CR4.PCIDE is set).
 */
void pmap_tlb_enable(void)
{
	uint64_t cr4 = read_cr4();

	if (pmap_has_pcid)
		cr4 |= CR4_PCIDE;
	if (pmap_has_smep)
		cr4 |= CR4_SMEP;	/* the kernel never runs user pages */
	if (pmap_has_smap) {
		smap_patch_sites();
		cr4 |= CR4_SMAP;
	}
	write_cr4(cr4);
	x86_smap_on = pmap_has_smap;
	kprintf("x86_64: pmap: NX %s, global pages, PCID %s (%u ids), "
		"INVPCID %s, SMEP %s, SMAP %s, 1 GiB pages %s\n",
		pmap_pte_nx ? "on" : "off", pmap_has_pcid ? "on" : "off",
		pcid_max, pmap_has_invpcid ? "on" : "off",
		pmap_has_smep ? "on" : "off", pmap_has_smap ? "on" : "off",
		pmap_has_1g ? "yes" : "no");
}

/*
 * tlb_note: the entry for va in p changed in a way the TLB must forget.
 * Conditions: p locked (activation state stable: it changes only under
 * the lock, see pmap_activate).
 */
void tlb_note(struct pmap *p, vaddr_t va)
{
	if (p == kernel_pmap || p->active) {
		if (p->inval_count < PMAP_INVAL_MAX)
			p->inval_va[p->inval_count] = va;
		if (p->inval_count <= PMAP_INVAL_MAX)
			p->inval_count++;
	} else if (p->pcid_gen == pcid_generation) {
		p->stale = true;
	}
}

/*
 * tlb_flush: carry out the invalidations noted for p on this CPU.
 * SMP: also on every other CPU where p (or, for the kernel pmap, any
 * pmap) is active, before page tables queued for freeing are freed.
 * Conditions: p locked.
 */
void tlb_flush(struct pmap *p)
{
	if (p->inval_count == 0)
		return;
	if (p->inval_count <= PMAP_INVAL_MAX) {
		for (unsigned int i = 0; i < p->inval_count; i++)
			invlpg(p->inval_va[i]);
	} else if (p == kernel_pmap) {
		tlb_flush_all_global();
	} else {
		/* Reloading CR3 without the no-flush bit drops this PCID's
		 * (or, without PCIDs, every non-global) entry. */
		write_cr3(p->root_pa | (pmap_has_pcid ? p->pcid : 0));
	}
	p->inval_count = 0;
}

/* pmap_update: see vm/pmap.h and the discipline above. */
void pmap_update(pmap_t p)
{
	intr_state_t s = simple_lock_irq(&p->common.lock);

	tlb_flush(p);
	simple_unlock_irq(&p->common.lock, s);
}

/*
 * pcid_assign: give p a PCID of the current generation, rolling over
 * (and flushing every PCID's entries) when none is left.  A number is
 * handed out once per generation, so a fresh one has no TLB entries.
 * Conditions: interrupts disabled (one allocator per system: with SMP
 * it needs its own lock and a roll-over flush on every CPU).
 */
static void pcid_assign(struct pmap *p)
{
	if (pcid_next > pcid_max) {
		pcid_generation++;
		pcid_next = 1;
		pcid_rollovers++;
		if (pmap_has_pcid)
			tlb_flush_all_global();
	}
	p->pcid = (uint16_t)pcid_next++;
	p->pcid_gen = pcid_generation;
	p->stale = false;
}

/* Load the kernel pmap's root: its user half is empty. */
static void load_kernel_root(void)
{
	write_cr3(kernel_pmap->root_pa | (pmap_has_pcid ? CR3_NOFLUSH : 0));
}

/*
 * pmap_lock_masked / pmap_unlock_masked: take and release a pmap's lock
 * with interrupts already masked on this CPU.  simple_lock's preemption
 * count exists to keep the holder from being switched away by the clock;
 * with interrupts masked no clock interrupt (and so no preemption) can
 * come, so the count is left alone: the lock word alone does the
 * exclusion, as it would against another CPU.  Used only by the
 * activation path, which runs inside the context switch.
 */
static inline void pmap_lock_masked(struct pmap *p)
{
	while (!simple_lock_try_raw(&p->common.lock)) {
		while (simple_lock_held(&p->common.lock))
			cpu_relax();
	}
}

static inline void pmap_unlock_masked(struct pmap *p)
{
	__atomic_store_n(&p->common.lock.locked, 0, __ATOMIC_RELEASE);
}

/*
 * pmap_activate: make p this CPU's address space.  p's lock is taken so
 * that its stale state and PCID cannot change under a concurrent
 * tlb_note, which runs under the same lock, between the test and the CR3
 * load.  The previous pmap only loses its active flag, after the CR3 load
 * and without its lock: on one CPU with interrupts masked nothing runs
 * meanwhile, and a tlb_note that still sees it active only invalidates
 * this CPU's current PCID for nothing.  (SMP: active becomes a CPU mask
 * cleared atomically here; another CPU's shootdown that finds this CPU no
 * longer running the pmap must mark it stale rather than invlpg.  Taking
 * the old pmap's lock here, with interrupts masked, could deadlock
 * against a holder waiting for this CPU to answer a shootdown.)
 * Conditions: any (masks interrupts itself; the context switch calls it
 * with them masked).
 */
void pmap_activate(pmap_t p)
{
	intr_state_t s = cpu_intr_save();
	struct pmap *old = cpu_user_pmap;
	uint64_t cr3;

	if (p == kernel_pmap) {
		cpu_intr_restore(s);
		pmap_deactivate(old ? old : kernel_pmap);
		return;
	}
	pmap_lock_masked(p);
	if (p->pcid_gen != pcid_generation)
		pcid_assign(p);
	cr3 = p->root_pa;
	if (pmap_has_pcid)
		cr3 |= p->pcid | (p->stale ? 0 : CR3_NOFLUSH);
	p->stale = false;
	p->active = true;
	p->inval_count = 0;
	cpu_user_pmap = p;
	write_cr3(cr3);
	pmap_unlock_masked(p);
	if (old && old != p)
		__atomic_store_n(&old->active, false, __ATOMIC_RELEASE);
	cpu_intr_restore(s);
}

/*
 * pmap_deactivate: this CPU stops using p and runs on the kernel root,
 * whose user half is empty.  The user pmap it ran loses its active flag
 * after the CR3 load, without its lock, as in pmap_activate.
 * Conditions: any (masks interrupts).
 */
void pmap_deactivate(pmap_t p)
{
	intr_state_t s = cpu_intr_save();
	struct pmap *cur = cpu_user_pmap;

	cpu_user_pmap = NULL;
	load_kernel_root();
	if (cur)
		__atomic_store_n(&cur->active, false, __ATOMIC_RELEASE);
	cpu_intr_restore(s);
}

/*
 * pmap_fault_is_spurious: would the tables now loaded in CR3 allow the
 * access that faulted?  Then the fault came from a stale TLB entry (a
 * mapping added or made writable without invalidation, which vm/pmap.h
 * allows) and the access only needs to be retried.  error is the #PF
 * error code, rflags those of the faulting code (for SMAP's AC).
 * Conditions: in the page-fault handler, interrupts masked.
 */
bool pmap_fault_is_spurious(vaddr_t va, uint64_t error, uint64_t rflags)
{
	static bool checking;	/* per CPU with SMP */
	bool write = error & 2, user = error & 4, fetch = error & 16;
	uint64_t *t = phys_to_virt(read_cr3() & PTE_ADDR_MASK);
	bool ok = false;

	/* A reserved bit means a broken table, not a stale entry; a fault
	 * while walking means the direct map is broken: report, not loop. */
	if ((error & 8) || checking)
		return false;
	checking = true;
	for (int l = 3; l >= 0; l--) {
		uint64_t e = t[pt_index(va, l)];

		if (!(e & PTE_P) || (write && !(e & PTE_W)) ||
		    (user && !(e & PTE_U)) || (fetch && (e & pmap_pte_nx)))
			break;
		if (l == 0 || (e & PTE_PS)) {
			/* SMEP: the kernel may not run a user page; SMAP:
			 * nor touch one outside stac/clac. */
			ok = !(!user && (e & PTE_U) &&
			       ((fetch && pmap_has_smep) ||
				(!fetch && x86_smap_on && !(rflags & RFLAGS_AC))));
			break;
		}
		t = pte_table(e);
	}
	checking = false;
	if (ok)
		invlpg(va);
	return ok;
}
