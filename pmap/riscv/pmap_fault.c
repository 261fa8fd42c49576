/*
 * pmap/riscv/pmap_fault.c - the pmap's part of the page-fault path: set
 * A/D bits on harts that fault instead of setting them, and retry after
 * stale TLB entries; plus the boot-time check of which kind of hart this
 * is.
 *
 * The privileged spec lets a hart either update A and D itself when an
 * access needs them set, or raise a page fault (Svade).  QEMU 7.2 updates
 * them; the code below keeps the other kind correct: a fault whose access
 * the mapping allows is resolved here, before the caller hands it to the
 * VM (vm_fault_user) or treats it as an error (the recovery table of
 * copyin/copyout/md_probe_*, user_trap, or a panic).
 */
#include <kern/machine.h>
#include <kern/lock.h>
#include <kern/panic.h>
#include <vm/pmap.h>
#include <vm/vm_page.h>
#include "md.h"
#include "pmap_int.h"

static unsigned long ad_fixups;		/* A/D bits set by the fault path */

/*
 * riscv_pmap_fault: the page-fault path's first step, for a fault on va
 * with scause code cause, taken from user mode (user) or from the kernel
 * with status sstatus.  If the current mapping allows the access, the
 * fault came from clear A/D bits on a hart that does not set them itself
 * (set them) or from a stale TLB entry (nothing to set): fence the entry
 * and return true, so the instruction is retried.  Returns false for a
 * real fault (no mapping, no permission, a user page touched by the
 * kernel without SUM, a kernel page touched by the user).
 *
 * A "stale entry" that faults again right after its fence is no stale
 * entry: stval names another page than the one at fault (a misaligned
 * access that crosses into an unmapped page may report its first byte),
 * and retrying would loop forever.  So the same (va, cause) resolved with
 * nothing to set more than SPURIOUS_MAX times in a row counts as a real
 * fault.  Conditions: trap path, interrupts disabled.
 */
#define SPURIOUS_MAX	2

bool riscv_pmap_fault(vaddr_t va, unsigned long cause, bool user,
		      unsigned long sstatus)
{
	static vaddr_t spurious_va;	/* per hart once SMP arrives */
	static unsigned long spurious_cause, spurious_count;
	uint64_t need, want, *pte;
	pmap_t pmap;
	int level;
	bool ok;

	switch (cause) {
	case CAUSE_LOAD_PAGE_FAULT:
		need = PTE_R;
		break;
	case CAUSE_STORE_PAGE_FAULT:
		need = PTE_W;
		break;
	case CAUSE_INSN_PAGE_FAULT:
		need = PTE_X;
		break;
	default:
		return false;
	}
	if (va < USER_VA_MAX) {
		pmap = riscv_cur_pmap;
		if (!pmap || (!user && (cause == CAUSE_INSN_PAGE_FAULT ||
					!(sstatus & SSTATUS_SUM))))
			return false;
	} else if (va >= KERNEL_HALF_BASE && !user) {
		pmap = kernel_pmap;
	} else {
		return false;
	}

	simple_lock(&pmap->common.lock);
	pte = riscv_pmap_pte_find(pmap, va, &level);
	ok = pte && (*pte & PTE_V) && (*pte & need) &&
	     !(*pte & PTE_U) == (pmap == kernel_pmap);
	if (ok) {
		want = PTE_A | (cause == CAUSE_STORE_PAGE_FAULT ? PTE_D : 0);
		if ((*pte & want) != want) {
			__atomic_fetch_or(pte, want, __ATOMIC_RELAXED);
			ad_fixups++;
			spurious_count = 0;
		} else if (va == spurious_va && cause == spurious_cause) {
			ok = ++spurious_count <= SPURIOUS_MAX;
			if (!ok)
				spurious_cause = 0;	/* start over */
		} else {
			spurious_va = va;
			spurious_cause = cause;
			spurious_count = 1;
		}
		if (ok)
			tlb_flush_page(pmap, va);
	}
	simple_unlock(&pmap->common.lock);
	return ok;
}

/*
 * riscv_pmap_ad_mode: find out how this hart maintains A/D bits: map a
 * scratch page at KVA_BASE with A and D clear and write to it through
 * md_probe_write.  Called by pmap_bootstrap before kmem exists.  Returns
 * a description for the boot report.
 */
const char *riscv_pmap_ad_mode(void)
{
	struct vm_page *m = vm_page_alloc();
	unsigned long before = ad_fixups;
	const char *how;
	uint64_t *pte;
	int level;

	pte = riscv_pmap_pte_find(kernel_pmap, KVA_BASE, &level);
	if (!m || !pte || level != 0)
		panic("pmap_bootstrap: cannot probe A/D handling");
	*pte = PA_TO_PTE(m->phys_addr) | PTE_V | PTE_R | PTE_W | PTE_G;
	sfence_vma_page(KVA_BASE);
	if (!md_probe_write((volatile void *)KVA_BASE, 1))
		how = "unknown (the probe write failed)";
	else if (ad_fixups != before)
		how = "set by the page-fault path";
	else if ((*pte & (PTE_A | PTE_D)) == (PTE_A | PTE_D))
		how = "set by hardware";
	else
		how = "not set at all (!)";
	*pte = 0;
	sfence_vma_page(KVA_BASE);
	vm_page_free(m);
	return how;
}
