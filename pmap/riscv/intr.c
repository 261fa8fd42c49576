/*
 * pmap/riscv/intr.c - interrupt controller glue: the PLIC context of the
 * boot hart's S-mode, external-interrupt dispatch, and md_cpu_init().
 *
 * Local interrupts (timer, software) arrive directly as scause codes; wired
 * device interrupts come through the PLIC as the supervisor external
 * interrupt and are claimed, dispatched and completed here.
 */
#include <kern/machine.h>
#include <kern/bootinfo.h>
#include <kern/console.h>
#include <device/plic.h>
#include "md.h"
#include "sbi.h"

struct irq_handler {
	void (*fn)(void *arg);
	void *arg;
};

static struct plic plic;
static bool have_plic;
static struct irq_handler handlers[PLIC_MAX_SOURCES];

static const char *const plic_compat[] = { "sifive,plic-1.0.0", "riscv,plic0" };

/*
 * plic_start: find the PLIC, take the boot hart's S-mode context, mask
 * every source, and enable the supervisor external interrupt in sie.
 */
static void plic_start(void)
{
	int node = -1, err;

	for (unsigned int i = 0; i < ARRAY_SIZE(plic_compat) && node < 0; i++)
		node = fdt_find_compatible(&riscv_fdt, -1, plic_compat[i]);
	if (node < 0) {
		kprintf("riscv: no PLIC in the devicetree\n");
		return;
	}
	err = plic_probe(&plic, &riscv_fdt, node, boot_info.boot_cpu,
			 IRQ_S_EXT);
	if (err) {
		kprintf("riscv: PLIC unusable: %s\n", fdt_strerror(err));
		return;
	}
	plic_init_context(&plic);
	have_plic = true;
	csr_set(sie, SIE_SEIE);
}

/*
 * md_cpu_init: after bootmem_init(), with interrupts disabled.  Lets the
 * page-table code use bootmem, starts the PLIC, lets U-mode read the time
 * CSR and reports the platform.
 */
void md_cpu_init(void)
{
	unsigned long v = sbi_spec_version();

	riscv_mmu_late_init();
	plic_start();
	/* User code may read the time CSR (rdtime), nothing else. */
	csr_write(scounteren, SCOUNTEREN_TM);
	kprintf("riscv: hart %lu, SBI v%lu.%lu%s%s, timebase %u Hz",
		boot_info.boot_cpu, (v >> 24) & 0x7f, v & 0xffffff,
		sbi_has_time() ? ", TIME" : "", sbi_has_srst() ? ", SRST" : "",
		riscv_timer_frequency());
	if (have_plic)
		kprintf(", PLIC context %u, %u sources\n", plic.context,
			plic.ndev);
	else
		kprintf(", no PLIC\n");
}

/*
 * riscv_intr_establish: route PLIC source irq to fn(arg) on this hart.
 * Conditions: interrupts disabled.  Returns 0, or -1 without a PLIC or for
 * a source it does not have.
 */
int riscv_intr_establish(unsigned int irq, void (*fn)(void *), void *arg)
{
	if (!have_plic || irq == 0 || irq > plic.ndev)
		return -1;
	handlers[irq] = (struct irq_handler){ fn, arg };
	plic_enable(&plic, irq, 1);
	return 0;
}

/*
 * riscv_intr_external: the supervisor external interrupt.  Claims sources
 * until none is pending; a source nobody handles is masked so it cannot
 * storm.  Conditions: trap path, interrupts disabled.
 */
void riscv_intr_external(void)
{
	unsigned int irq;

	if (!have_plic)
		return;
	while ((irq = plic_claim(&plic)) != 0) {
		if (irq < PLIC_MAX_SOURCES && handlers[irq].fn) {
			handlers[irq].fn(handlers[irq].arg);
		} else {
			kprintf("riscv: unexpected interrupt %u, masked\n", irq);
			plic_disable(&plic, irq);
		}
		plic_complete(&plic, irq);
	}
}
