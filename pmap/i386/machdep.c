/*
 * pmap/i386/machdep.c - x86_64 boot in C and the small md_* functions:
 * CPU bring-up, exit and halt, register dumps.
 */
#include <kern/types.h>
#include <kern/machine.h>
#include <kern/console.h>
#include <kern/panic.h>
#include <machine/pio.h>
#include <device/i8259.h>
#include "x86.h"

#define DEBUG_EXIT_PORT	0xf4	/* QEMU isa-debug-exit, iosize 4 */

/*
 * md_boot: the first C code, called by start.S on the boot stack in long
 * mode at the kernel's virtual address, interrupts disabled, .bss clear.
 * magic and mbi_pa are what the multiboot loader left in eax and ebx.
 * Brings up the console, descriptor tables, boot_info and the final boot
 * page tables, then enters the machine-independent kernel.
 */
void md_boot(uint32_t magic, uint32_t mbi_pa)
{
	gdt_init();		/* first: cpu_number() reads the per-CPU area */
	pc_console_init();
	idt_init();
	multiboot_parse(magic, mbi_pa);
	pmap_boot_finish();
	tsc_calibrate();
	kern_main();
}

/* Print the CPU's identity and the features the port relies on. */
static void print_cpu(void)
{
	uint32_t r[4], vendor[4];
	uint32_t ext = 0;

	cpuid(0, 0, r);
	vendor[0] = r[1];
	vendor[1] = r[3];
	vendor[2] = r[2];
	vendor[3] = 0;
	cpuid(0x80000000, 0, r);
	if (r[0] >= 0x80000001) {
		cpuid(0x80000001, 0, r);
		ext = r[3];
	}
	kprintf("x86_64: cpu %s, NX %s, 1 GiB pages %s, TSC %lu.%03lu MHz\n",
		(const char *)vendor, (ext & CPUID_EXT_NX) ? "yes" : "no",
		(ext & CPUID_EXT_PAGE1GB) ? "yes" : "no",
		tsc_hz / 1000000, tsc_hz / 1000 % 1000);
}

/*
 * md_cpu_init: interrupt controllers, FPU and syscall MSRs.  The 8259s
 * are remapped out of the exception range and masked; the local APIC
 * delivers the timer.  Conditions: boot CPU, interrupts disabled, after
 * bootmem_init().
 */
void md_cpu_init(void)
{
	print_cpu();
	i8259_disable(VEC_PIC_BASE);
	lapic_init();
	x86_thread_cpu_init();
}

/*
 * md_exit: QEMU's isa-debug-exit makes QEMU exit with (value << 1) | 1:
 * 0 for success gives status 1, anything else is written as 1 (status 3).
 * Without that device the write is ignored and we halt.
 */
void md_exit(int status)
{
	cpu_intr_disable();
	outl(DEBUG_EXIT_PORT, status == 0 ? 0 : 1);
	md_halt();
}

void md_halt(void)
{
	for (;;)
		__asm__ volatile("cli; hlt");
}

/* Decode a page-fault error code. */
static void print_pf_error(uint64_t err)
{
	kprintf(" (%s, %s, %s%s%s)", (err & 1) ? "protection" : "not present",
		(err & 2) ? "write" : "read", (err & 4) ? "user" : "kernel",
		(err & 16) ? ", instruction fetch" : "",
		(err & 8) ? ", reserved bit" : "");
}

void md_dump_trap_frame(const struct trap_frame *tf)
{
	kprintf("trap %lu (%s) error %#lx", tf->vector,
		x86_vector_name(tf->vector), tf->error);
	if (tf->vector == VEC_PF) {
		kprintf(" cr2 %#018lx", tf->cr2);
		print_pf_error(tf->error);
	}
	kprintf("\n");
	kprintf("rip %016lx  cs %04lx  rflags %016lx\n",
		tf->rip, tf->cs, tf->rflags);
	kprintf("rsp %016lx  ss %04lx\n", tf->rsp, tf->ss);
	kprintf("rax %016lx  rbx %016lx  rcx %016lx  rdx %016lx\n",
		tf->rax, tf->rbx, tf->rcx, tf->rdx);
	kprintf("rsi %016lx  rdi %016lx  rbp %016lx  r8  %016lx\n",
		tf->rsi, tf->rdi, tf->rbp, tf->r8);
	kprintf("r9  %016lx  r10 %016lx  r11 %016lx  r12 %016lx\n",
		tf->r9, tf->r10, tf->r11, tf->r12);
	kprintf("r13 %016lx  r14 %016lx  r15 %016lx\n",
		tf->r13, tf->r14, tf->r15);
}

void md_dump_cpu_state(void)
{
	uintptr_t rsp;

	__asm__ volatile("movq %%rsp, %0" : "=r"(rsp));
	kprintf("rsp %016lx  rbp %016lx  rflags %016lx\n",
		rsp, cpu_frame_pointer(), cpu_read_rflags());
	kprintf("cr0 %016lx  cr2 %016lx  cr3 %016lx\n",
		read_cr0(), read_cr2(), read_cr3());
	kprintf("cr4 %016lx  efer %016lx\n", read_cr4(), rdmsr(MSR_EFER));
}
