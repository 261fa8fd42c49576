/*
 * pmap/i386/gdt.c - the global descriptor table and the task state segment.
 *
 * Long mode ignores segment bases and limits except for the TSS, which
 * supplies the stacks the CPU switches to: rsp0 for traps from user mode
 * (later issues) and the interrupt stack table.  Double fault, NMI and
 * machine check run on their own IST stacks, so a kernel stack overflow
 * (a page fault that cannot push its frame) becomes a reported #DF rather
 * than a triple fault.  Each IST stack sits above an unmapped guard page
 * (pmap_boot.c leaves the page below each stack out of the kernel map).
 */
#include <kern/types.h>
#include <kern/machine.h>
#include "x86.h"
#include "gdt.h"

struct tss {
	uint32_t reserved0;
	uint64_t rsp[3];
	uint64_t ist[8];	/* ist[0] is reserved: IST slots are 1..7 */
	uint64_t reserved2;
	uint16_t reserved3;
	uint16_t iomap_base;
} __packed;

_Static_assert(sizeof(struct tss) == 104, "TSS size");

#define IST_STACK_SIZE	8192

/* Guard page, then the stack, for each IST slot in use. */
struct ist_stack {
	char guard[PAGE_SIZE];
	char stack[IST_STACK_SIZE];
};

static struct ist_stack ist_stacks[3] __aligned(PAGE_SIZE);
static struct tss tss __aligned(16);

/* Descriptors: flat 64-bit code, data, user slots for later issues, and
 * the 16-byte TSS descriptor filled in at run time. */
static uint64_t gdt[8] __aligned(16) = {
	[SEL_KCODE >> 3]   = 0x00209a0000000000,	/* P, DPL0, code, L */
	[SEL_KDATA >> 3]   = 0x0000920000000000,	/* P, DPL0, data, W */
	[SEL_UCODE32 >> 3] = 0x00cffa000000ffff,	/* P, DPL3, code, 32 */
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
 * identity-mapped view), reload every segment register and load the TSS.
 * Conditions: boot CPU, interrupts disabled, before pmap_boot_finish()
 * removes the identity map.
 */
void gdt_init(void)
{
	uint64_t base = (uint64_t)(uintptr_t)&tss;
	uint64_t limit = sizeof(tss) - 1;
	struct desc_ptr gdtr = { sizeof(gdt) - 1, (uint64_t)(uintptr_t)gdt };

	tss.ist[IST_DF] = (uintptr_t)(ist_stacks[0].stack + IST_STACK_SIZE);
	tss.ist[IST_NMI] = (uintptr_t)(ist_stacks[1].stack + IST_STACK_SIZE);
	tss.ist[IST_MC] = (uintptr_t)(ist_stacks[2].stack + IST_STACK_SIZE);
	tss.rsp[0] = (uintptr_t)boot_stack_top;
	tss.iomap_base = sizeof(tss);	/* no I/O permission bitmap */

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
}
