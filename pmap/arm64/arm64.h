/*
 * pmap/arm64/arm64.h - interfaces between the files of the arm64 port.
 */
#ifndef PMAP_ARM64_ARM64_H
#define PMAP_ARM64_ARM64_H

#include <kern/types.h>
#include <kern/fdt.h>

struct trap_frame;

/* boot.c: the devicetree the kernel was booted with (direct-mapped). */
extern struct fdt arm64_fdt;
extern bool arm64_fdt_valid;
void arm64_boot(paddr_t dtb_pa, paddr_t load_pa, unsigned int entry_el)
	__noreturn;

/* Translation tables: 4 KiB granule, levels 0..3, 512 entries each. */
typedef uint64_t pte_t;
#define PTES_PER_TABLE	512
#define PT_SHIFT(l)	(39 - 9 * (l))
#define PT_SIZE(l)	(1UL << PT_SHIFT(l))
#define PT_INDEX(va, l)	(((va) >> PT_SHIFT(l)) & (PTES_PER_TABLE - 1))

/* mmu.c */
bool mmu_map_direct(paddr_t start, paddr_t end);
void mmu_map_range(pte_t *root, vaddr_t va, paddr_t pa, size_t size,
		   uint64_t attrs, bool blocks);
pte_t mmu_early_lookup(vaddr_t va);
vaddr_t mmu_io_window_end(void);
void mmu_use_vm(pte_t *kernel_root);
bool arm64_pa_is_ram(paddr_t pa);
void mmu_use_bootmem(void);
void mmu_drop_identity(void);
void mmu_protect_kernel(void);

/* pmap.c, pmap_boot.c */
struct pmap;
extern unsigned int arm64_asid_bits;
extern paddr_t arm64_empty_root_pa;
void arm64_asid_init(unsigned int bits);
paddr_t arm64_kernel_pt_alloc(void);
paddr_t arm64_pt_alloc(struct pmap *pmap);
void arm64_pt_free(struct pmap *pmap, paddr_t pa);
void arm64_pmap_forget_asid(struct pmap *pmap);
pte_t *pmap_pte_lookup(struct pmap *pmap, vaddr_t va);
pte_t *pmap_pte_alloc(struct pmap *pmap, vaddr_t va, pte_t **l3);
bool arm64_pmap_fault(vaddr_t va, bool write);
void arm64_pmap_cache_init(void);

/* copy.S: the recovery table of copyin/copyout and the probes. */
struct arm64_fixup {
	uintptr_t start, end, recover;	/* [start, end) -> recover */
};
extern const struct arm64_fixup arm64_fixup_table[];

/* machdep.c */
void arm64_pmu_init(void);
void arm64_psci_probe(const struct fdt *fdt);

/* trap.c: C halves of the vectors in vectors.S. */
void arm64_sync_trap(struct trap_frame *tf);
void arm64_irq(struct trap_frame *tf);
void arm64_bad_exception(struct trap_frame *tf, unsigned long idx) __noreturn;
void arm64_stack_overflow(struct trap_frame *tf, uintptr_t sp) __noreturn;

/* switch.S, thread.c, vectors.S: threads and EL0. */
extern char arm64_thread_trampoline[];
void arm64_el0_init(void);
void arm64_el0_sync(struct trap_frame *tf);
const char *arm64_esr_class_name(unsigned int ec);

/* fpu.c, switch.S: lazy FP/SIMD state of user threads. */
struct thread;
struct arm64_fpu;
extern struct thread *arm64_fpu_owner;
void arm64_fpu_init(void);
void arm64_fpu_trap(struct thread *t);
void arm64_fpu_sync(struct thread *t);
void arm64_fpu_forget(struct thread *t);
void arm64_fpu_save(struct arm64_fpu *f);
void arm64_fpu_load(const struct arm64_fpu *f);

/* firmware.S */
uint64_t arm64_psci_hvc(uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3);
uint64_t arm64_psci_smc(uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3);
long arm64_semihost(unsigned long op, const void *param);
extern char arm64_semihost_hlt[];

#endif /* PMAP_ARM64_ARM64_H */
