/*
 * pmap/i386/x86.h - private definitions shared by the x86_64 port's files:
 * control registers, MSRs, CPUID, segment selectors, interrupt vectors and
 * the port-internal functions.  Included from assembly too.
 */
#ifndef I386_X86_H
#define I386_X86_H

/* Segment selectors of the kernel GDT (gdt.c) and the boot GDT (start.S). */
#define SEL_KCODE	0x08
#define SEL_KDATA	0x10
#define SEL_UCODE32	0x18
#define SEL_UDATA	0x20
#define SEL_UCODE	0x28
#define SEL_TSS		0x30

/* Control register and EFER bits. */
#define CR0_PE		(1 << 0)
#define CR0_WP		(1 << 16)
#define CR0_PG		(1 << 31)
#define CR4_PAE		(1 << 5)
#define CR4_PGE		(1 << 7)
#define CR4_PCIDE	(1 << 17)
#define CR4_SMEP	(1 << 20)
#define CR4_SMAP	(1 << 21)
#define RFLAGS_AC	(1 << 18)
#define MSR_EFER	0xc0000080
#define EFER_LME	(1 << 8)
#define EFER_NXE	(1 << 11)
#define MSR_APIC_BASE	0x1b

/* CPUID 1 ECX and CPUID 7.0 EBX feature bits. */
#define CPUID_1_ECX_PCID	(1 << 17)
#define CPUID_7_EBX_SMEP	(1 << 7)
#define CPUID_7_EBX_INVPCID	(1 << 10)
#define CPUID_7_EBX_SMAP	(1 << 20)

/* CPUID 0x80000001 EDX feature bits. */
#define CPUID_EXT_NX		(1 << 20)
#define CPUID_EXT_PAGE1GB	(1 << 26)
#define CPUID_EXT_LM		(1 << 29)

/* Page table entry bits. */
#define PTE_P		0x001
#define PTE_W		0x002
#define PTE_U		0x004
#define PTE_PWT		0x008
#define PTE_PCD		0x010
#define PTE_A		0x020
#define PTE_D		0x040
#define PTE_PS		0x080
#define PTE_G		0x100
/* Software bits, ignored by the MMU in every entry format we use. */
#define PTE_WIRED	0x200		/* leaf: a wired mapping */
#define PTE_MANAGED	0x400		/* leaf: the page has a struct vm_page */

/* Interrupt vectors.  The 8259 PICs are remapped to 0x20-0x2f and masked;
 * only their spurious vectors (IRQ 7 and 15) can still arrive. */
#define VEC_DF			8
#define VEC_PF			14
#define VEC_PIC_BASE		0x20
#define VEC_LAPIC_TIMER		0x40
#define VEC_LAPIC_ERROR		0xfe
#define VEC_LAPIC_SPURIOUS	0xff

/* Interrupt stack table slots (TSS.IST1..7). */
#define IST_DF		1
#define IST_NMI		2
#define IST_MC		3

#ifndef __ASSEMBLER__
#include <kern/types.h>

#define PTE_NX		(1UL << 63)
#define PTE_ADDR_MASK	0x000ffffffffff000UL

static inline uint64_t rdmsr(uint32_t msr)
{
	uint32_t lo, hi;

	__asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return ((uint64_t)hi << 32) | lo;
}

static inline void wrmsr(uint32_t msr, uint64_t v)
{
	__asm__ volatile("wrmsr" : : "c"(msr), "a"((uint32_t)v),
			 "d"((uint32_t)(v >> 32)));
}

static inline void cpuid(uint32_t leaf, uint32_t sub, uint32_t r[4])
{
	__asm__ volatile("cpuid"
			 : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3])
			 : "a"(leaf), "c"(sub));
}

#define DEFINE_READ_CR(n)						\
	static inline uint64_t read_cr##n(void)				\
	{								\
		uint64_t v;						\
		__asm__ volatile("movq %%cr" #n ", %0" : "=r"(v));	\
		return v;						\
	}
DEFINE_READ_CR(0)
DEFINE_READ_CR(2)
DEFINE_READ_CR(3)
DEFINE_READ_CR(4)
#undef DEFINE_READ_CR

static inline void write_cr3(uint64_t v)
{
	__asm__ volatile("movq %0, %%cr3" : : "r"(v) : "memory");
}

static inline void write_cr4(uint64_t v)
{
	__asm__ volatile("movq %0, %%cr4" : : "r"(v) : "memory");
}

static inline void invlpg(uintptr_t va)
{
	__asm__ volatile("invlpg (%0)" : : "r"(va) : "memory");
}

/* INVPCID types: one address, one PCID, all with globals, all but globals. */
#define INVPCID_ADDR		0
#define INVPCID_SINGLE		1
#define INVPCID_ALL_GLOBAL	2
#define INVPCID_ALL		3

static inline void invpcid(unsigned long type, unsigned long pcid,
			   uintptr_t va)
{
	struct {
		uint64_t pcid, va;
	} desc = { pcid, va };

	__asm__ volatile("invpcid %0, %1" : : "m"(desc), "r"(type) : "memory");
}

struct trap_frame;

/* start.S: boot page tables and stacks (kernel virtual addresses). */
extern uint64_t boot_pml4[512], boot_pdpt_dm[512], boot_pdpt_kern[512];
extern uint64_t boot_pd_dm[4][512];
extern char boot_stack[], boot_stack_top[], boot_stack_guard[];
extern uint32_t boot_has_nx;

/* Linker script symbols. */
extern char __kernel_start[], __kernel_end[], __text_start[], __text_end[];
extern char __rodata_start[], __data_start[], __bss_start[], __bss_end[];

/* machdep.c */
void md_boot(uint32_t magic, uint32_t mbi_pa) __noreturn;

/* console.c */
void pc_console_init(void);

/* gdt.c */
void gdt_init(void);

/* trap.c */
void idt_init(void);
void trap_dispatch(struct trap_frame *tf);
const char *x86_vector_name(unsigned long vector);
extern const uintptr_t trap_stubs[256];	/* locore.S */

/* pmap_boot.c */
paddr_t pmap_boot_direct_map(paddr_t ram_end);
void pmap_boot_finish(void);

/* pmap_tlb.c: the kernel fault path asks whether a fault is stale. */
bool pmap_fault_is_spurious(vaddr_t va, uint64_t error, uint64_t rflags);
extern uint8_t x86_smap_on;	/* CR4.SMAP set: copy.S brackets with stac/clac */

/* multiboot.c */
void multiboot_parse(uint32_t magic, paddr_t mbi_pa);

/* lapic.c */
void lapic_init(void);
void lapic_eoi(void);
void lapic_timer_intr(void);
void lapic_error_intr(void);

/* tsc.c */
extern uint64_t tsc_hz;
void tsc_calibrate(void);
uint64_t calibrate_rate(uint64_t (*start)(void),
			uint64_t (*elapsed)(uint64_t cookie));
#endif /* !__ASSEMBLER__ */

#endif /* I386_X86_H */
