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
#define CR0_MP		(1 << 1)
#define CR0_EM		(1 << 2)
#define CR0_TS		(1 << 3)
#define CR0_NE		(1 << 5)
#define CR0_WP		(1 << 16)
#define CR0_PG		(1 << 31)
#define CR4_PAE		(1 << 5)
#define CR4_PGE		(1 << 7)
#define CR4_OSFXSR	(1 << 9)
#define CR4_OSXMMEXCPT	(1 << 10)
#define CR4_PCIDE	(1 << 17)
#define CR4_SMEP	(1 << 20)
#define CR4_SMAP	(1 << 21)
#define RFLAGS_TF	(1 << 8)
#define RFLAGS_DF	(1 << 10)
#define RFLAGS_IOPL	(3 << 12)
#define RFLAGS_NT	(1 << 14)
#define RFLAGS_RF	(1 << 16)
#define RFLAGS_AC	(1 << 18)
#define MSR_EFER	0xc0000080
#define EFER_SCE	(1 << 0)
#define EFER_LME	(1 << 8)
#define EFER_NXE	(1 << 11)
#define MSR_APIC_BASE	0x1b
#define MSR_STAR	0xc0000081	/* syscall/sysret selectors */
#define MSR_LSTAR	0xc0000082	/* 64-bit syscall entry */
#define MSR_CSTAR	0xc0000083	/* compatibility-mode syscall entry */
#define MSR_FMASK	0xc0000084	/* RFLAGS bits syscall clears */
#define MSR_GS_BASE	0xc0000101
#define MSR_KERNEL_GS_BASE 0xc0000102	/* swapped with GS_BASE by swapgs */

/* User selectors as loaded (RPL 3). */
#define USER_CS		(SEL_UCODE | 3)
#define USER_SS		(SEL_UDATA | 3)

/*
 * The per-CPU area (struct x86_cpu), reached through GS_BASE while in the
 * kernel; swapgs exchanges it with the user's GS base (KERNEL_GS_BASE) on
 * every entry from and exit to user mode.  Offsets for the assembly.
 */
#define PCPU_SELF	0	/* the area's own address */
#define PCPU_CPU_NUMBER	8	/* cpu_number() (machine/cpu.h reads it) */
#define PCPU_USER_RSP	16	/* syscall entry: scratch for the user rsp */
#define PCPU_FPU_OWNER	24	/* thread whose FP state is in the registers */
#define PCPU_PROCESSOR	32	/* &processor_array[cpu_number()] (machine/cpu.h) */
#define PCPU_TSS	48	/* this CPU's TSS */
#define PCPU_TSS_RSP0	(PCPU_TSS + 4)	/* the current thread's rsp0: traps from
					   user mode and the syscall entry */

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
#define VEC_NMI			2
#define VEC_BP			3
#define VEC_UD			6
#define VEC_DF			8
#define VEC_GP			13
#define VEC_PF			14
#define VEC_MC			18
#define VEC_SYSCALL		0x100	/* not a vector: the frame of a syscall,
					   as the CPU left it (sysretq-able) */
#define VEC_USER_SET		0x101	/* not a vector: a user frame the kernel
					   wrote (new thread, thread_set_state):
					   leaves with iretq */
#define VEC_PIC_BASE		0x20
#define VEC_LAPIC_TIMER		0x40
#define VEC_LAPIC_ERROR		0xfe
#define VEC_LAPIC_SPURIOUS	0xff

/* Interrupt stack table slots (TSS.IST1..7). */
#define IST_DF		1
#define IST_NMI		2
#define IST_MC		3

#ifdef __ASSEMBLER__
/*
 * SMAP_STAC / SMAP_CLAC: a stac or clac where CR4.SMAP is on, nothing
 * elsewhere (both are #UD on a CPU without SMAP).  Each is assembled as
 * a 3-byte nop (nopl (%rax)) and listed in .smap_sites with the bytes of
 * the real instruction; pmap_tlb_enable rewrites every site once at boot
 * when the CPU has SMAP (smap_patch_sites), so the entry and copy paths
 * pay no test of x86_smap_on.
 */
#define SMAP_INSN_STAC	0xcb010f	/* 0f 01 cb, little-endian */
#define SMAP_INSN_CLAC	0xca010f	/* 0f 01 ca */
	.macro	SMAP_SITE insn
771:	.byte	0x0f, 0x1f, 0x00
	.pushsection .smap_sites, "a"
	.balign	8
	.quad	771b, \insn
	.popsection
	.endm
#define SMAP_STAC	SMAP_SITE SMAP_INSN_STAC
#define SMAP_CLAC	SMAP_SITE SMAP_INSN_CLAC
#endif

#ifndef __ASSEMBLER__
#include <kern/types.h>

/* One stac/clac site (SMAP_SITE above; kernel.ld collects them). */
struct smap_site {
	uint64_t addr;		/* the 3-byte nop */
	uint64_t insn;		/* the instruction's 3 bytes, little-endian */
};
extern const struct smap_site __smap_sites_start[], __smap_sites_end[];

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
struct thread;

/* The task state segment: long mode uses it only for stack pointers. */
struct tss {
	uint32_t reserved0;
	uint64_t rsp[3];
	uint64_t ist[8];	/* ist[0] is reserved: IST slots are 1..7 */
	uint64_t reserved2;
	uint16_t reserved3;
	uint16_t iomap_base;
} __packed;

/* The per-CPU area (see PCPU_* above). */
struct x86_cpu {
	struct x86_cpu *self;
	uint64_t cpu_number;
	uint64_t user_rsp;
	struct thread *fpu_owner;
	struct processor *processor;	/* current_processor() */
	uint64_t pad;
	struct tss tss;
} __aligned(64);

/* This CPU's area (GS_BASE; only valid in the kernel's GS). */
static inline struct x86_cpu *x86_cpu_self(void)
{
	struct x86_cpu *c;

	__asm__ volatile("movq %%gs:0, %0" : "=r"(c));
	return c;
}

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

/* thread.c: syscall MSRs and FPU enable; the kernel stack guard check */
void x86_thread_cpu_init(void);
extern char x86_syscall_entry[];	/* locore.S */

/* fpu.c: the FP flavours of md_thread_get_state / md_thread_set_state */
int x86_fpu_get_state(struct thread *t, int flavor, uint32_t *state,
		      unsigned int *count);
int x86_fpu_set_state(struct thread *t, int flavor, const uint32_t *state,
		      unsigned int count);

/* trap.c */
void idt_init(void);
void trap_dispatch(struct trap_frame *tf);
void x86_bad_user_return(struct trap_frame *tf);
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
