/*
 * pmap/arm64/machdep.c - the remaining machine-dependent entry points:
 * per-CPU setup, the cycle counter, leaving the machine (semihosting,
 * PSCI) and the CPU state report.
 */
#include <kern/machine.h>
#include <kern/console.h>
#include <kern/panic.h>
#include <kern/string.h>
#include <machine/sysreg.h>
#include <device/gic.h>
#include "arm64.h"

#define PMCR_E		(1 << 0)	/* enable the counters */
#define PMCR_C		(1 << 2)	/* reset the cycle counter */
#define PMCR_LC		(1 << 6)	/* 64-bit cycle counter overflow */
#define PMCNTEN_C	(1UL << 31)	/* the cycle counter's enable bit */

#define PSCI_SYSTEM_OFF		0x84000008
#define SEMIHOST_SYS_EXIT	0x18
#define ADP_STOPPED_APP_EXIT	0x20026

enum psci_conduit { PSCI_NONE, PSCI_HVC, PSCI_SMC };
static enum psci_conduit psci_conduit;

/*
 * arm64_pmu_init: start PMCCNTR_EL0 counting at EL1 and EL0 (not EL2),
 * from zero.  cpu_cycles() reads it; under QEMU -icount shift=0 it counts
 * one per guest instruction.
 */
void arm64_pmu_init(void)
{
	write_sysreg(pmccfiltr_el0, 0);
	write_sysreg(pmcntenset_el0, PMCNTEN_C);
	write_sysreg(pmcr_el0, read_sysreg(pmcr_el0) | PMCR_E | PMCR_C | PMCR_LC);
	isb();
}

/*
 * arm64_psci_probe: how to reach PSCI, from /psci's "method" property.
 * Without one, md_exit can only halt.
 */
void arm64_psci_probe(const struct fdt *fdt)
{
	int node = fdt_path_offset(fdt, "/psci");
	const char *method = node >= 0 ? fdt_getprop_string(fdt, node, "method")
				       : NULL;

	if (method && !strcmp(method, "hvc"))
		psci_conduit = PSCI_HVC;
	else if (method && !strcmp(method, "smc"))
		psci_conduit = PSCI_SMC;
}

static uint64_t psci_call(uint64_t fn)
{
	if (psci_conduit == PSCI_HVC)
		return arm64_psci_hvc(fn, 0, 0, 0);
	if (psci_conduit == PSCI_SMC)
		return arm64_psci_smc(fn, 0, 0, 0);
	return (uint64_t)-1;
}

/*
 * md_cpu_init: bring up the interrupt controller the devicetree names, set
 * up what EL0 may use, and unmask SError so asynchronous aborts are
 * reported.  From here on the
 * MMU code may take table pages from bootmem.
 * Conditions: interrupts disabled; after bootmem_init().
 */
void md_cpu_init(void)
{
	mmu_use_bootmem();
	if (!arm64_fdt_valid || gic_init(&arm64_fdt) == 0)
		panic("arm64: no usable GIC in the devicetree");
	arm64_el0_init();
	__asm__ volatile("msr daifclr, #4" ::: "memory");
}

/*
 * md_exit: semihosting SYS_EXIT with ADP_Stopped_ApplicationExit carries
 * the status to QEMU (-semihosting-config enable=on,target=native).  If
 * semihosting is off the call fails harmlessly and PSCI SYSTEM_OFF powers
 * off instead (QEMU then exits with 0 whatever the status was).
 */
void md_exit(int status)
{
	uint64_t block[2] = { ADP_STOPPED_APP_EXIT, (uint64_t)(int64_t)status };

	cpu_intr_disable();
	arm64_semihost(SEMIHOST_SYS_EXIT, block);
	kprintf("arm64: semihosting unavailable, powering off (status %d lost)\n",
		status);
	psci_call(PSCI_SYSTEM_OFF);
	md_halt();
}

void md_halt(void)
{
	cpu_intr_disable();
	for (;;)
		__asm__ volatile("wfi");
}

/*
 * md_dump_cpu_state: the caller's stack and frame, the translation and
 * exception system registers, and the syndrome of the last exception.
 */
void md_dump_cpu_state(void)
{
	uintptr_t sp;

	__asm__ volatile("mov %0, sp" : "=r"(sp));
	kprintf("  EL%llu  sp %016lx  fp %016lx  daif %03llx  mpidr %llx\n",
		(unsigned long long)(read_sysreg(CurrentEL) >> 2) & 3,
		(unsigned long)sp, (unsigned long)cpu_frame_pointer(),
		(unsigned long long)read_sysreg(daif) >> 6,
		(unsigned long long)read_sysreg(mpidr_el1));
	kprintf("  sctlr %08llx  tcr %016llx  mair %016llx\n",
		(unsigned long long)read_sysreg(sctlr_el1),
		(unsigned long long)read_sysreg(tcr_el1),
		(unsigned long long)read_sysreg(mair_el1));
	kprintf("  ttbr0 %016llx  ttbr1 %016llx  vbar %016llx\n",
		(unsigned long long)read_sysreg(ttbr0_el1),
		(unsigned long long)read_sysreg(ttbr1_el1),
		(unsigned long long)read_sysreg(vbar_el1));
	kprintf("  last exception: esr %08llx  far %016llx  elr %016llx  "
		"spsr %08llx\n",
		(unsigned long long)read_sysreg(esr_el1),
		(unsigned long long)read_sysreg(far_el1),
		(unsigned long long)read_sysreg(elr_el1),
		(unsigned long long)read_sysreg(spsr_el1));
}
