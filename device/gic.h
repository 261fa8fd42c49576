/*
 * device/gic.h - the Arm Generic Interrupt Controller, versions 2 and 3.
 *
 * Found in the devicetree: "arm,cortex-a15-gic", "arm,gic-400" and
 * "arm,cortex-a7-gic" are driven as GICv2 (memory-mapped CPU interface),
 * "arm,gic-v3" as GICv3 (system-register CPU interface, redistributors).
 * The driver routes every interrupt to the boot CPU, one priority for all,
 * and dispatches to handlers registered per interrupt id (INTID).
 */
#ifndef DEVICE_GIC_H
#define DEVICE_GIC_H

#include <kern/types.h>
#include <kern/fdt.h>

/* INTID ranges: SGIs 0-15, PPIs 16-31 (per CPU), SPIs 32-1019. */
#define GIC_PPI_BASE	16
#define GIC_SPI_BASE	32
#define GIC_MAX_IRQS	1020

typedef void (*gic_handler_t)(unsigned int intid, void *arg);

/*
 * gic_init: find the interrupt controller in the devicetree, map it and
 * bring up the distributor and this CPU's interface with every interrupt
 * disabled.  Returns the GIC version (2 or 3), or 0 if none was found.
 * Conditions: interrupts disabled; called once, on the boot CPU.
 */
unsigned int gic_init(const struct fdt *fdt);

/*
 * gic_fdt_intid: the INTID of the index'th interrupt of a devicetree node
 * (3-cell GIC specifier: type 0 = SPI, 1 = PPI; number; flags).  Returns
 * -1 if the node has no such interrupt.  *edge says whether the flags ask
 * for edge triggering.
 */
int gic_fdt_intid(const struct fdt *fdt, int node, int index, bool *edge);

/*
 * gic_attach: register handler(intid, arg) for an interrupt, configure its
 * trigger and enable it.  Returns false for an INTID out of range.
 * Conditions: interrupts disabled.
 */
bool gic_attach(unsigned int intid, bool edge, gic_handler_t handler,
		void *arg);

/*
 * gic_dispatch: acknowledge pending interrupts, run their handlers and
 * signal end of interrupt.  Called from the IRQ exception with IRQs masked.
 */
void gic_dispatch(void);

#endif /* DEVICE_GIC_H */
