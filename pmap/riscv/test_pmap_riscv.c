/*
 * pmap/riscv/test_pmap_riscv.c - suite "riscv_pmap": the parts of the
 * RISC-V pmap that QEMU's MMU never exercises.  QEMU 7.2 sets A/D bits in
 * hardware, so the fault path that sets them on harts which trap instead
 * (Svade) is driven here by calling riscv_pmap_fault() the way the trap
 * path would, on mappings whose A/D bits are clear.  Built into test
 * kernels only; run with test=riscv_pmap.
 */
#include <kern/machine.h>
#include <vm/pmap.h>
#include <vm/vm_page.h>
#include <tests/kernel/ktest.h>
#include "md.h"

#define VA	0x10000000UL
#define RW	(VM_PROT_READ | VM_PROT_WRITE)

extern char __text_start[];

static bool fault(vaddr_t va, unsigned long cause, unsigned long sstatus)
{
	intr_state_t s = cpu_intr_save();	/* as on the trap path */
	bool ok = riscv_pmap_fault(va, cause, false, sstatus);

	cpu_intr_restore(s);
	return ok;
}

/* A trapping hart: the fault path records references and writes. */
KTEST(riscv_pmap, ad_faults_set_referenced_and_modified)
{
	struct vm_page *m = vm_page_alloc();
	pmap_t p = pmap_create();
	paddr_t pa;

	KT_CHECK(m && p);
	pa = m->phys_addr;
	KT_CHECK_EQ(pmap_enter(p, VA, pa, RW, VM_PROT_NONE, false), 0);
	pmap_clear_reference(pa);
	pmap_clear_modify(pa);
	pmap_activate(p);

	/* Without SUM the kernel may not touch user pages: a real fault. */
	KT_CHECK(!fault(VA, CAUSE_LOAD_PAGE_FAULT, 0));
	KT_CHECK(!fault(VA, CAUSE_INSN_PAGE_FAULT, SSTATUS_SUM));
	KT_CHECK(!pmap_is_referenced(pa));

	KT_CHECK(fault(VA + 3, CAUSE_LOAD_PAGE_FAULT, SSTATUS_SUM));
	KT_CHECK(pmap_is_referenced(pa));
	KT_CHECK(!pmap_is_modified(pa));
	KT_CHECK(fault(VA + 3, CAUSE_STORE_PAGE_FAULT, SSTATUS_SUM));
	KT_CHECK(pmap_is_modified(pa));

	/* Cleared bits are armed again: the next write faults and sets D. */
	pmap_clear_modify(pa);
	KT_CHECK(!pmap_is_modified(pa));
	KT_CHECK(fault(VA, CAUSE_STORE_PAGE_FAULT, SSTATUS_SUM));
	KT_CHECK(pmap_is_modified(pa));

	/* Read-only, unmapped: real faults, nothing set. */
	pmap_protect(p, VA, VA + PAGE_SIZE, VM_PROT_READ);
	pmap_clear_modify(pa);
	KT_CHECK(!fault(VA, CAUSE_STORE_PAGE_FAULT, SSTATUS_SUM));
	KT_CHECK(!pmap_is_modified(pa));
	KT_CHECK(!fault(VA + PAGE_SIZE, CAUSE_LOAD_PAGE_FAULT, SSTATUS_SUM));

	pmap_deactivate(p);
	/* Not the active pmap any more: its pages are not ours to touch. */
	KT_CHECK(!fault(VA, CAUSE_LOAD_PAGE_FAULT, SSTATUS_SUM));
	pmap_destroy(p);
	pmap_clear_reference(pa);
	pmap_clear_modify(pa);
	vm_page_free(m);
}

/* Kernel addresses: permissions hold; a spurious fault is retried, but
 * not forever. */
KTEST(riscv_pmap, kernel_faults)
{
	vaddr_t text = (vaddr_t)__text_start;
	int retried = 0;

	KT_CHECK(!fault(text, CAUSE_STORE_PAGE_FAULT, 0));
	KT_CHECK(!fault(text, CAUSE_INSN_PAGE_FAULT + 100, 0));
	KT_CHECK(!fault(0x0000004000000000UL, CAUSE_LOAD_PAGE_FAULT, 0));
	KT_CHECK(!riscv_pmap_fault(text, CAUSE_LOAD_PAGE_FAULT, true, 0));
	/* A readable page: the fault is taken for a stale entry... */
	while (retried < 10 && fault(text, CAUSE_LOAD_PAGE_FAULT, 0))
		retried++;
	/* ...but one that keeps coming back is a real fault. */
	KT_CHECK(retried >= 1 && retried < 10);
	KT_CHECK(fault(text + PAGE_SIZE, CAUSE_LOAD_PAGE_FAULT, 0));
}

/* The direct map's alias of the kernel text and rodata is read-only too. */
KTEST(riscv_pmap, image_alias_read_only)
{
	extern char __rodata_start[], __data_start[];
	volatile uint8_t *text = phys_to_virt(virt_to_phys(__text_start));
	volatile uint8_t *ro = phys_to_virt(virt_to_phys(__rodata_start));
	volatile uint8_t *data = phys_to_virt(virt_to_phys(__data_start));
	uint8_t v;

	KT_CHECK(md_probe_read(text, &v) && v == *(uint8_t *)__text_start);
	KT_CHECK(!md_probe_write(text, v));
	KT_CHECK(md_probe_read(ro, &v));
	KT_CHECK(!md_probe_write(ro, v));
	KT_CHECK(md_probe_read(data, &v));
	KT_CHECK(md_probe_write(data, v));
}

/* Every user pmap that runs holds an ASID of the current generation. */
KTEST(riscv_pmap, asids)
{
	pmap_t a = pmap_create(), b = pmap_create();

	KT_CHECK(a && b);
	pmap_activate(a);
	pmap_activate(b);
	KT_CHECK(riscv_asid_bits == 0 || b->asid_gen == riscv_asid_generation);
	KT_CHECK(riscv_asid_bits == 0 || b->asid != 0);
	KT_CHECK(riscv_asid_bits < 2 || a->asid != b->asid ||
		 a->asid_gen != b->asid_gen);
	KT_CHECK_EQ(csr_read(satp) & SATP_PPN_MASK, b->root_pa >> PAGE_SHIFT);
	pmap_deactivate(b);
	KT_CHECK_EQ(csr_read(satp) & SATP_ASID_MASK, 0);
	pmap_destroy(a);
	pmap_destroy(b);
}
