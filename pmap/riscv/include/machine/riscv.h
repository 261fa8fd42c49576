/*
 * machine/riscv.h - RISC-V privileged-architecture constants and CSR access
 * for the S-mode kernel (Sv39, under an SBI firmware).
 */
#ifndef MACHINE_RISCV_H
#define MACHINE_RISCV_H

/* Constants usable from C and assembly: the UL suffix only in C. */
#ifndef _UL
#ifdef __ASSEMBLER__
#define _UL(x)	x
#else
#define _UL(x)	x##UL
#endif
#endif

/* sstatus */
#define SSTATUS_SIE	(_UL(1) << 1)	/* interrupts enabled in S-mode */
#define SSTATUS_SPIE	(_UL(1) << 5)	/* SIE before the trap */
#define SSTATUS_SPP	(_UL(1) << 8)	/* trap came from S-mode */
#define SSTATUS_FS	(_UL(3) << 13)	/* FPU state; Off for the kernel */
#define SSTATUS_SUM	(_UL(1) << 18)	/* S-mode may touch user pages */
#define SSTATUS_MXR	(_UL(1) << 19)	/* loads from execute-only pages */

/* sie / sip bits, and scause interrupt codes */
#define IRQ_S_SOFT	1
#define IRQ_S_TIMER	5
#define IRQ_S_EXT	9
#define SIE_SSIE	(_UL(1) << IRQ_S_SOFT)
#define SIE_STIE	(_UL(1) << IRQ_S_TIMER)
#define SIE_SEIE	(_UL(1) << IRQ_S_EXT)

/* scounteren: the counters U-mode may read (the kernel opens TM only) */
#define SCOUNTEREN_CY	(_UL(1) << 0)
#define SCOUNTEREN_TM	(_UL(1) << 1)
#define SCOUNTEREN_IR	(_UL(1) << 2)

/* scause: top bit set for interrupts; exception codes otherwise */
#define SCAUSE_INTR		(_UL(1) << 63)
#define CAUSE_INSN_MISALIGNED	0
#define CAUSE_INSN_ACCESS		1
#define CAUSE_ILLEGAL		2
#define CAUSE_BREAKPOINT		3
#define CAUSE_LOAD_MISALIGNED	4
#define CAUSE_LOAD_ACCESS		5
#define CAUSE_STORE_MISALIGNED	6
#define CAUSE_STORE_ACCESS	7
#define CAUSE_ECALL_U		8
#define CAUSE_ECALL_S		9
#define CAUSE_INSN_PAGE_FAULT	12
#define CAUSE_LOAD_PAGE_FAULT	13
#define CAUSE_STORE_PAGE_FAULT	15

/* satp: MODE[63:60] ASID[59:44] PPN[43:0] */
#define SATP_MODE_SV39	(_UL(8) << 60)
#define SATP_ASID_SHIFT	44
#define SATP_ASID_MASK	(_UL(0xffff) << SATP_ASID_SHIFT)
#define SATP_PPN_MASK	((_UL(1) << 44) - 1)

/* Sv39 page-table entries */
#define PTE_V	(_UL(1) << 0)
#define PTE_R	(_UL(1) << 1)
#define PTE_W	(_UL(1) << 2)
#define PTE_X	(_UL(1) << 3)
#define PTE_U	(_UL(1) << 4)
#define PTE_G	(_UL(1) << 5)
#define PTE_A	(_UL(1) << 6)
#define PTE_D	(_UL(1) << 7)
#define PTE_SW_WIRED	(_UL(1) << 8)	/* RSW bit: pmap's wired flag */
#define PTE_PPN_SHIFT	10
#define PTE_TO_PA(pte)	(((pte) >> PTE_PPN_SHIFT) << 12)
#define PA_TO_PTE(pa)	(((pa) >> 12) << PTE_PPN_SHIFT)
#define PTE_LEAF(pte)	((pte) & (PTE_R | PTE_W | PTE_X))

#define SV39_LEVELS	3
#define PT_ENTRIES	512
#define MEGAPAGE_SIZE	(_UL(1) << 21)
#define GIGAPAGE_SIZE	(_UL(1) << 30)
/* Index of va in the page table of the given level (2 = root). */
#define PT_INDEX(va, level)	(((va) >> (12 + 9 * (level))) & 0x1ff)

#ifndef __ASSEMBLER__
#include <kern/types.h>

#define csr_read(csr) ({						\
	unsigned long v_;						\
	__asm__ __volatile__("csrr %0, " #csr : "=r"(v_) :: "memory");	\
	v_; })

#define csr_write(csr, val) ({						\
	unsigned long v_ = (unsigned long)(val);			\
	__asm__ __volatile__("csrw " #csr ", %0" :: "rK"(v_) : "memory"); })

#define csr_set(csr, bits) ({						\
	unsigned long v_ = (unsigned long)(bits);			\
	__asm__ __volatile__("csrs " #csr ", %0" :: "rK"(v_) : "memory"); })

#define csr_clear(csr, bits) ({						\
	unsigned long v_ = (unsigned long)(bits);			\
	__asm__ __volatile__("csrc " #csr ", %0" :: "rK"(v_) : "memory"); })

#define csr_read_clear(csr, bits) ({					\
	unsigned long o_, v_ = (unsigned long)(bits);			\
	__asm__ __volatile__("csrrc %0, " #csr ", %1"			\
			     : "=r"(o_) : "rK"(v_) : "memory");		\
	o_; })

/* Flush this hart's TLB: everything, or one page of every address space. */
static inline void sfence_vma_all(void)
{
	__asm__ __volatile__("sfence.vma zero, zero" ::: "memory");
}

static inline void sfence_vma_page(vaddr_t va)
{
	__asm__ __volatile__("sfence.vma %0, zero" :: "r"(va) : "memory");
}

/*
 * The ASID forms: rs2 names a register holding the ASID (even ASID 0:
 * "r" never allocates x0, which would mean "every address space").  They
 * leave global (G) translations alone.
 */
static inline void sfence_vma_asid(unsigned long asid)
{
	__asm__ __volatile__("sfence.vma zero, %0" :: "r"(asid) : "memory");
}

static inline void sfence_vma_page_asid(vaddr_t va, unsigned long asid)
{
	__asm__ __volatile__("sfence.vma %0, %1" :: "r"(va), "r"(asid)
			     : "memory");
}

static inline uint64_t rdtime(void)
{
	uint64_t t;

	__asm__ __volatile__("rdtime %0" : "=r"(t));
	return t;
}
#endif /* !__ASSEMBLER__ */

#endif /* MACHINE_RISCV_H */
