/*
 * pmap/arm64/include/machine/sysreg.h - system register access and the
 * architectural constants the arm64 port programs (SCTLR, TCR, MAIR,
 * translation table descriptors, ESR exception classes).
 *
 * Shared by C and assembler; private to the arm64 port and its drivers.
 */
#ifndef MACHINE_SYSREG_H
#define MACHINE_SYSREG_H

#include <machine/memlayout.h>

/* Memory attribute indirection: the AttrIndx values the descriptors use. */
#define MAIR_IDX_DEVICE		0	/* Device-nGnRE */
#define MAIR_IDX_NORMAL		1	/* Normal, write-back RW-allocate */
#define MAIR_IDX_NORMAL_NC	2	/* Normal, non-cacheable */
#define MAIR_IDX_DEVICE_STRONG	3	/* Device-nGnRnE */
#define MAIR_VALUE		0x0044ff04

/*
 * TCR_EL1: T0SZ = T1SZ = 16 (48-bit halves), 4 KiB granules, page-table
 * walks inner-shareable write-back.  IPS is filled in at boot from
 * ID_AA64MMFR0_EL1.PARange.
 */
#define TCR_T0SZ(n)		(n)
#define TCR_T1SZ(n)		((n) << 16)
#define TCR_EPD0		(1 << 7)
#define TCR_IRGN0_WBWA		(1 << 8)
#define TCR_ORGN0_WBWA		(1 << 10)
#define TCR_SH0_INNER		(3 << 12)
#define TCR_IRGN1_WBWA		(1 << 24)
#define TCR_ORGN1_WBWA		(1 << 26)
#define TCR_SH1_INNER		(3 << 28)
#define TCR_TG1_4K		(2 << 30)
#define TCR_IPS_SHIFT		32
#define TCR_AS			(MD_UL(1) << 36)	/* 16-bit ASIDs */
#define TTBR_ASID_SHIFT		48

/* ID registers: the fields the pmap probes. */
#define ID_MMFR0_ASIDBITS(r)	(((r) >> 4) & 0xf)	/* 0: 8 bits, 2: 16 */
#define ID_MMFR1_HAFDBS(r)	((r) & 0xf)		/* 1: AF, 2: AF+DBM */
#define TCR_BOOT_VALUE		(TCR_T0SZ(16) | TCR_IRGN0_WBWA | TCR_ORGN0_WBWA | \
				 TCR_SH0_INNER | TCR_T1SZ(16) | TCR_IRGN1_WBWA | \
				 TCR_ORGN1_WBWA | TCR_SH1_INNER | TCR_TG1_4K)

/* SCTLR_EL1: RES1 bits of ARMv8.0, then what the kernel turns on. */
#define SCTLR_RES1		0x30d00800
#define SCTLR_M			(1 << 0)	/* MMU */
#define SCTLR_C			(1 << 2)	/* data cache */
#define SCTLR_SA		(1 << 3)	/* SP alignment check */
#define SCTLR_I			(1 << 12)	/* instruction cache */
#define SCTLR_SA0		(1 << 4)	/* EL0 SP alignment check */
#define SCTLR_DZE		(1 << 14)	/* EL0 may use dc zva */
#define SCTLR_UCT		(1 << 15)	/* EL0 may read CTR_EL0 */

/* What EL0 may use (pmap/arm64/thread.c, arm64_el0_init). */
#define CPACR_FPEN_ALL		(3 << 20)	/* FP/SIMD untrapped at EL0, EL1 */
#define CPACR_FPEN_EL1		(1 << 20)	/* untrapped at EL1, EL0 traps */
#define CPACR_FPEN_EL0_BIT	21		/* set in FPEN: EL0 untrapped */
#define CNTKCTL_EL0VCTEN	(1 << 1)	/* EL0 reads the virtual counter */

/* Entering from EL2/EL3. */
#define HCR_EL2_RW		(1 << 31)	/* EL1 is AArch64 */
#define CNTHCTL_EL1PCTEN	(1 << 0)	/* EL1 may read the physical counter */
#define CNTHCTL_EL1PCEN		(1 << 1)	/* ... and use the physical timer */
#define CPTR_EL2_RES1		0x33ff		/* RES1, no FP/SIMD traps */
#define SCR_EL3_VALUE		0x5b1		/* NS, RES1, SMD, HCE, RW */
#define SPSR_EL1H_MASKED	0x3c5		/* EL1h, DAIF masked */
#define SPSR_EL2H_MASKED	0x3c9		/* EL2h, DAIF masked */

/* SPSR_EL1 fields of a saved context (struct trap_frame.pstate). */
#define SPSR_M_MASK		0xf		/* exception level and SP select */
#define SPSR_M_EL0T		0x0		/* EL0, SP_EL0 */
#define SPSR_F			(1 << 6)
#define SPSR_I			(1 << 7)	/* IRQs were masked */

/* Translation table descriptors (stage 1, 4 KiB granule). */
#define PTE_VALID		(1 << 0)
#define PTE_TABLE		(3 << 0)	/* levels 0-2: next-level table */
#define PTE_BLOCK		(1 << 0)	/* levels 1-2: block */
#define PTE_PAGE		(3 << 0)	/* level 3: page */
#define PTE_ATTR(idx)		((idx) << 2)
#define PTE_AP_EL0		(1 << 6)	/* AP[1]: EL0 may access */
#define PTE_AP_RO		(1 << 7)	/* AP[2]: read-only */
#define PTE_SH_INNER		(3 << 8)
#define PTE_AF			(1 << 10)
#define PTE_NG			(1 << 11)	/* not global: tagged by ASID */
#define PTE_PXN			(MD_UL(1) << 53)
#define PTE_UXN			(MD_UL(1) << 54)
#define PTE_ADDR_MASK		MD_UL(0x0000fffffffff000)
/* Bits 55-58 are ignored by the MMU: the pmap keeps its own state there. */
#define PTE_SW_WRITE		(MD_UL(1) << 55)	/* prot allows writing */
#define PTE_SW_DIRTY		(MD_UL(1) << 56)	/* modified (emulated) */
#define PTE_SW_WIRED		(MD_UL(1) << 57)	/* wired mapping */
#define PTE_SW_MANAGED		(MD_UL(1) << 58)	/* page in the reverse map */

#define PTE_KERNEL_TEXT		(PTE_AF | PTE_SH_INNER | PTE_ATTR(MAIR_IDX_NORMAL) | \
				 PTE_UXN)
#define PTE_KERNEL_DATA		(PTE_KERNEL_TEXT | PTE_PXN)
#define PTE_DEVICE		(PTE_AF | PTE_ATTR(MAIR_IDX_DEVICE) | PTE_PXN | PTE_UXN)

/* ESR_EL1 exception classes the trap dispatcher decodes. */
#define ESR_EC_SHIFT		26
#define ESR_IL			(1 << 25)	/* 32-bit instruction */
#define ESR_EC_UNKNOWN		0x00
#define ESR_EC_WFX		0x01
#define ESR_EC_FP		0x07
#define ESR_EC_ILLEGAL_STATE	0x0e
#define ESR_EC_SVC64		0x15
#define ESR_EC_HVC64		0x16
#define ESR_EC_SMC64		0x17
#define ESR_EC_SYSREG		0x18
#define ESR_EC_IABT_LOWER	0x20
#define ESR_EC_IABT_CUR		0x21
#define ESR_EC_PC_ALIGN		0x22
#define ESR_EC_DABT_LOWER	0x24
#define ESR_EC_DABT_CUR		0x25
#define ESR_EC_SP_ALIGN		0x26
#define ESR_EC_FP64		0x2c
#define ESR_EC_SERROR		0x2f
#define ESR_EC_BREAKPT_LOWER	0x30
#define ESR_EC_BREAKPT_CUR	0x31
#define ESR_EC_STEP_LOWER	0x32
#define ESR_EC_STEP_CUR		0x33
#define ESR_EC_WATCHPT_LOWER	0x34
#define ESR_EC_WATCHPT_CUR	0x35
#define ESR_EC_BRK64		0x3c

/* ISS of instruction and data aborts. */
#define ESR_ISS_WNR		(1 << 6)	/* data abort on a write */
#define ESR_ISS_CM		(1 << 8)	/* cache maintenance */
#define ESR_FSC(esr)		((esr) & 0x3f)	/* fault status code */
#define FSC_TYPE(fsc)		((fsc) & 0x3c)	/* level bits dropped */
#define FSC_TRANSLATION		0x04
#define FSC_ACCESS_FLAG		0x08
#define FSC_PERMISSION		0x0c

#ifndef __ASSEMBLER__
#include <kern/types.h>

#define read_sysreg(r) ({						\
	uint64_t rv_;							\
	__asm__ volatile("mrs %0, " #r : "=r"(rv_));			\
	rv_;								\
})

#define write_sysreg(r, v) do {						\
	uint64_t wv_ = (uint64_t)(v);					\
	__asm__ volatile("msr " #r ", %0" : : "r"(wv_) : "memory");	\
} while (0)

static inline void isb(void)
{
	__asm__ volatile("isb" ::: "memory");
}

static inline void dsb_ishst(void)
{
	__asm__ volatile("dsb ishst" ::: "memory");
}

static inline void dsb_ish(void)
{
	__asm__ volatile("dsb ish" ::: "memory");
}
#endif /* !__ASSEMBLER__ */

#endif /* MACHINE_SYSREG_H */
