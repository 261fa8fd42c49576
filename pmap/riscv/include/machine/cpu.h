/*
 * machine/cpu.h - RISC-V CPU primitives for the machine-independent core
 * (the list is in kern/machine.h).  The kernel runs in S-mode; "interrupts
 * enabled" means sstatus.SIE.
 */
#ifndef MACHINE_CPU_H
#define MACHINE_CPU_H

#include <kern/types.h>
#include <machine/riscv.h>
#include <machine/memlayout.h>
#include <machine/percpu.h>

#define MACHINE_NAME "riscv64"
#define MACHINE_ELF_MACHINE 243		/* EM_RISCV */
#define MACHINE_CPU_TYPE	CPU_TYPE_RISCV64	/* mach/machine.h */
#define MACHINE_CPU_SUBTYPE	CPU_SUBTYPE_ANY

typedef unsigned long intr_state_t;

static inline intr_state_t cpu_intr_save(void)
{
	return csr_read_clear(sstatus, SSTATUS_SIE) & SSTATUS_SIE;
}

static inline void cpu_intr_restore(intr_state_t s)
{
	if (s & SSTATUS_SIE)
		csr_set(sstatus, SSTATUS_SIE);
}

static inline void cpu_intr_enable(void)
{
	csr_set(sstatus, SSTATUS_SIE);
}

static inline void cpu_intr_disable(void)
{
	csr_clear(sstatus, SSTATUS_SIE);
}

static inline bool cpu_intr_enabled(void)
{
	return (csr_read(sstatus) & SSTATUS_SIE) != 0;
}

static inline void cpu_relax(void)
{
	/* "pause" (Zihintpause) is a fence hint encoding: a nop elsewhere. */
	__asm__ __volatile__(".4byte 0x0100000f" ::: "memory");
}

/*
 * cpu_idle: wfi resumes when an interrupt enabled in sie is pending, even
 * with sstatus.SIE clear, so a wakeup that became pending after the caller
 * disabled interrupts is not lost.  The interrupt itself is taken when the
 * caller sets SIE again.
 */
static inline void cpu_idle(void)
{
	__asm__ __volatile__("wfi" ::: "memory");
}

/*
 * cpu_cycles: the cycle CSR.  OpenSBI sets mcounteren.CY so S-mode may read
 * it; under QEMU -icount shift=0 it advances by one per guest instruction.
 */
static inline uint64_t cpu_cycles(void)
{
	uint64_t c;

	__asm__ __volatile__("rdcycle %0" : "=r"(c) :: "memory");
	return c;
}

/* ebreak: assembled as the 2-byte c.ebreak when RVC is enabled. */
static inline void cpu_breakpoint(void)
{
	__asm__ __volatile__("ebreak" ::: "memory");
}

/* unimp: assembled as the 2-byte c.unimp (0x0000) when RVC is enabled. */
static inline void cpu_illegal_instruction(void)
{
	__asm__ __volatile__("unimp" ::: "memory");
}

/* cpu_number: the index start.S (later, SMP bring-up) gave this hart. */
static inline unsigned int cpu_number(void)
{
	return (unsigned int)riscv_cpu_self()->cpu_index;
}

/*
 * md_cpu_processor: &processor_array[cpu_number()], kept in the
 * per-hart block (start.S; SMP bring-up sets it with cpu_index): one load
 * from tp (an ordinary load, so not reused across calls: after a switch
 * the thread may run on another hart).
 */
#define MD_CPU_PROCESSOR	1	/* kern/processor.h uses it */
static inline struct processor *md_cpu_processor(void)
{
	return riscv_cpu_self()->processor;
}

/*
 * cpu_ctz64: the trailing zero bits of x != 0.  Without Zbb (the HiFive
 * boards have none) GCC calls libgcc's __ctzdi2: inline here instead, the
 * de Bruijn way (pmap/riscv/libgcc.c): x & -x keeps the lowest set bit,
 * the multiply puts a distinct number in the top six bits, the table maps
 * it back.  Keeps the callers (the name allocator, the run queues) leaves.
 */
#define RISCV_DEBRUIJN64	0x03f79d71b4cb0a89ULL
extern const uint8_t riscv_debruijn_index[64];
static inline unsigned int cpu_ctz64(uint64_t x)
{
	return riscv_debruijn_index[((x & -x) * RISCV_DEBRUIJN64) >> 58];
}

static inline uintptr_t cpu_frame_pointer(void)
{
	uintptr_t fp;

	__asm__ __volatile__("mv %0, s0" : "=r"(fp));
	return fp;
}

/*
 * cpu_frame_unwind: with frame pointers, s0 holds the stack pointer at
 * function entry; the return address sits at fp - 8 and the caller's s0 at
 * fp - 16.  The walk ends at a frame pointer outside the kernel's half of
 * the address space or a return address outside the kernel text.  (A leaf
 * function that does not save ra keeps the caller's s0 at fp - 8 instead;
 * only the first frame of a walk can be such a leaf, and the trap path
 * corrects for it: see riscv_trap_frame_fp.)
 */
static inline bool cpu_frame_unwind(uintptr_t *fp, uintptr_t *pc)
{
	extern char __text_start[], __text_end[];
	const uintptr_t *frame = (const uintptr_t *)*fp;
	uintptr_t ra;

	if (*fp < DIRECT_MAP_BASE || (*fp & 7))
		return false;
	ra = frame[-1];
	if (ra < (uintptr_t)__text_start || ra > (uintptr_t)__text_end)
		return false;
	*pc = ra;
	*fp = frame[-2];
	return true;
}

#endif /* MACHINE_CPU_H */
