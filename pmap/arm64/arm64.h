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

/* mmu.c */
bool mmu_map_direct(paddr_t start, paddr_t end);
void mmu_use_bootmem(void);
void mmu_drop_identity(void);
void mmu_protect_kernel(void);

/* machdep.c */
void arm64_pmu_init(void);
void arm64_psci_probe(const struct fdt *fdt);

/* trap.c: C halves of the vectors in vectors.S. */
void arm64_sync_trap(struct trap_frame *tf);
void arm64_irq(struct trap_frame *tf);
void arm64_bad_exception(struct trap_frame *tf, unsigned long idx) __noreturn;
const char *arm64_esr_class_name(unsigned int ec);

/* firmware.S */
uint64_t arm64_psci_hvc(uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3);
uint64_t arm64_psci_smc(uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3);
long arm64_semihost(unsigned long op, const void *param);
extern char arm64_semihost_hlt[];

#endif /* PMAP_ARM64_ARM64_H */
