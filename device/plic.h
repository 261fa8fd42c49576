/*
 * device/plic.h - the RISC-V Platform-Level Interrupt Controller
 * ("sifive,plic-1.0.0", "riscv,plic0").
 *
 * The PLIC routes wired interrupt sources 1..ndev to "contexts": one per
 * hart and privilege mode that can take external interrupts.  A context
 * has an enable bit per source, a priority threshold and a claim/complete
 * register.  This driver serves one context (the boot hart's S-mode).
 */
#ifndef DEVICE_PLIC_H
#define DEVICE_PLIC_H

#include <kern/types.h>
#include <kern/fdt.h>

#define PLIC_MAX_SOURCES 1024	/* source 0 means "none" */

struct plic {
	uintptr_t base;		/* virtual address of the register block */
	unsigned int ndev;	/* highest source number */
	unsigned int context;	/* the context this driver serves */
};

/*
 * plic_probe: map the PLIC at devicetree node `node` and find the context
 * whose interrupts-extended entry targets the local interrupt `hart_irq`
 * (9: supervisor external) of the hart with id hartid.  Returns 0, or a
 * negative FDT error if the node is unusable or names no such context.
 */
int plic_probe(struct plic *p, const struct fdt *fdt, int node,
	       unsigned long hartid, unsigned int hart_irq);

/* Threshold 0 and every source disabled for p's context. */
void plic_init_context(struct plic *p);

void plic_enable(struct plic *p, unsigned int irq, unsigned int priority);
void plic_disable(struct plic *p, unsigned int irq);

/* plic_claim: highest-priority pending source, 0 if none. */
unsigned int plic_claim(struct plic *p);
void plic_complete(struct plic *p, unsigned int irq);

#endif /* DEVICE_PLIC_H */
