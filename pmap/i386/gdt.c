/*
 * pmap/i386/gdt.c - the global descriptor table, the task state segment
 * and the per-CPU area.
 *
 * Long mode ignores segment bases and limits except for the TSS, which
 * supplies the stacks the CPU switches to: rsp0 for traps from user mode
 * (md_switch stores the incoming thread's) and the interrupt stack table.
 * The TSS lives in the per-CPU area (struct x86_cpu), which GS_BASE points
 * at whenever the CPU runs kernel code.  Double fault, NMI and
 * machine check run on their own IST stacks, so a kernel stack overflow
 * (a page fault that cannot push its frame) becomes a reported #DF rather
 * than a triple fault.  Each IST stack sits above an unmapped guard page
 * (pmap_boot.c leaves the page below each stack out of the kernel map).
 */
#include <kern/types.h>
#include <kern/machine.h>
#include <kern/processor.h>
#include "x86.h"
#include "gdt.h"

_Static_assert(sizeof(struct tss) == 104, "TSS size");
_Static_assert(__builtin_offsetof(struct x86_cpu, cpu_number) == PCPU_CPU_NUMBER,
	       "PCPU_CPU_NUMBER");
_Static_assert(__builtin_offsetof(struct x86_cpu, user_rsp) == PCPU_USER_RSP,
	       "PCPU_USER_RSP");
_Static_assert(__builtin_offsetof(struct x86_cpu, fpu_owner) == PCPU_FPU_OWNER,
	       "PCPU_FPU_OWNER");
_Static_assert(__builtin_offsetof(struct x86_cpu, processor) == PCPU_PROCESSOR,
	       "PCPU_PROCESSOR");
_Static_assert(__builtin_offsetof(struct x86_cpu, tss) == PCPU_TSS, "PCPU_TSS");

#define IST_STACK_SIZE	8192

/* Guard page, then the stack, for each IST slot in use. */
struct ist_stack {
	char guard[PAGE_SIZE];
	char stack[IST_STACK_SIZE];
};

static struct ist_stack ist_stacks[3] __aligned(PAGE_SIZE);

/* The boot CPU's per-CPU area (one CPU today). */
static struct x86_cpu cpu0;

/*
 * Descriptors: flat 64-bit code and data for the kernel and for user mode,
 * and the 16-byte TSS descriptor filled in at run time.  The SEL_UCODE32
 * slot is where STAR says a 32-bit user code segment would be; it stays
 * null, so user code cannot enter compatibility mode (a far jump to it
 * raises #GP), and the compatibility-mode syscall entry is unreachable.
 * sysretq takes its selectors from STAR, never from this table.
 */
static uint64_t gdt[8] __aligned(16) = {
	[SEL_KCODE >> 3]   = 0x00209a0000000000,	/* P, DPL0, code, L */
	[SEL_KDATA >> 3]   = 0x0000920000000000,	/* P, DPL0, data, W */
	[SEL_UDATA >> 3]   = 0x0000f20000000000,	/* P, DPL3, data, W */
	[SEL_UCODE >> 3]   = 0x0020fa0000000000,	/* P, DPL3, code, L */
};

struct desc_ptr {
	uint16_t limit;
	uint64_t base;
} __packed;

/*
 * gdt_guard_page: the guard pages of the IST stacks, for pmap_boot.c.
 * Returns the kernel virtual address of guard i, or 0 past the last.
 */
uintptr_t gdt_guard_page(unsigned int i)
{
	if (i >= ARRAY_SIZE(ist_stacks))
		return 0;
	return (uintptr_t)ist_stacks[i].guard;
}

/*
 * gdt_init: load the kernel GDT (replacing the boot GDT, which lives in the
 * identity-mapped view), reload every segment register, load the TSS and
 * point GS_BASE at the per-CPU area.  Conditions: boot CPU, interrupts
 * disabled, before pmap_boot_finish() removes the identity map, and before
 * anything calls cpu_number() (every simple lock does): md_boot calls it
 * first.
 */
void gdt_init(void)
{
	struct tss *tss = &cpu0.tss;
	uint64_t base = (uint64_t)(uintptr_t)tss;
	uint64_t limit = sizeof(*tss) - 1;
	struct desc_ptr gdtr = { sizeof(gdt) - 1, (uint64_t)(uintptr_t)gdt };

	tss->ist[IST_DF] = (uintptr_t)(ist_stacks[0].stack + IST_STACK_SIZE);
	tss->ist[IST_NMI] = (uintptr_t)(ist_stacks[1].stack + IST_STACK_SIZE);
	tss->ist[IST_MC] = (uintptr_t)(ist_stacks[2].stack + IST_STACK_SIZE);
	tss->rsp[0] = (uintptr_t)boot_stack_top;
	tss->iomap_base = sizeof(*tss);	/* no I/O permission bitmap */
	cpu0.self = &cpu0;
	cpu0.cpu_number = 0;
	cpu0.processor = &processor_array[0];

	/* Available 64-bit TSS (type 9), present, DPL 0. */
	gdt[SEL_TSS >> 3] = (limit & 0xffff) | ((base & 0xffffff) << 16) |
			    (0x89UL << 40) | ((limit >> 16 & 0xf) << 48) |
			    ((base >> 24 & 0xff) << 56);
	gdt[(SEL_TSS >> 3) + 1] = base >> 32;

	__asm__ volatile(
		"lgdt %0\n\t"
		"pushq %1\n\t"
		"leaq 1f(%%rip), %%rax\n\t"
		"pushq %%rax\n\t"
		"lretq\n"
		"1:\n\t"
		"movl %2, %%eax\n\t"
		"movl %%eax, %%ds\n\t"
		"movl %%eax, %%es\n\t"
		"movl %%eax, %%ss\n\t"
		"xorl %%eax, %%eax\n\t"
		"movl %%eax, %%fs\n\t"
		"movl %%eax, %%gs\n\t"
		"ltr %w3"
		: : "m"(gdtr), "i"((uint64_t)SEL_KCODE), "i"(SEL_KDATA),
		    "r"((uint16_t)SEL_TSS)
		: "rax", "memory");

	/* After the selector loads, which may clear the bases: the kernel's
	 * GS base is the per-CPU area, the user's starts at 0. */
	wrmsr(MSR_GS_BASE, (uintptr_t)&cpu0);
	wrmsr(MSR_KERNEL_GS_BASE, 0);
}
