/*
 * pmap/arm64/include/machine/cpu.h - inline CPU primitives for arm64.
 *
 * The interrupt state is PSTATE.DAIF.  The kernel masks IRQ and FIQ
 * together (FIQ is unused; an unexpected one is reported and panics);
 * SError stays unmasked after boot, Debug stays masked.
 */
#ifndef MACHINE_CPU_H
#define MACHINE_CPU_H

#include <kern/types.h>

#define MACHINE_NAME "arm64"
#define MACHINE_ELF_MACHINE 183	/* EM_AARCH64: what kern/exec.c loads */
#define MACHINE_CPU_TYPE	CPU_TYPE_ARM64	/* mach/machine.h */
#define MACHINE_CPU_SUBTYPE	CPU_SUBTYPE_ANY

#define DAIF_F		(1u << 6)
#define DAIF_I		(1u << 7)

typedef uint64_t intr_state_t;

static inline intr_state_t cpu_intr_save(void)
{
	intr_state_t s;

	__asm__ volatile("mrs %0, daif\n\tmsr daifset, #3" : "=r"(s) : : "memory");
	return s;
}

static inline void cpu_intr_restore(intr_state_t s)
{
	__asm__ volatile("msr daif, %0" : : "r"(s) : "memory");
}

static inline void cpu_intr_enable(void)
{
	__asm__ volatile("msr daifclr, #3" ::: "memory");
}

static inline void cpu_intr_disable(void)
{
	__asm__ volatile("msr daifset, #3" ::: "memory");
}

static inline bool cpu_intr_enabled(void)
{
	uint64_t daif;

	__asm__ volatile("mrs %0, daif" : "=r"(daif));
	return !(daif & DAIF_I);
}

/*
 * cpu_number: only the boot CPU runs today.  With SMP this becomes a
 * per-CPU value (MPIDR affinity mapped to an index at CPU bring-up).
 */
static inline unsigned int cpu_number(void)
{
	return 0;
}

static inline void cpu_relax(void)
{
	__asm__ volatile("yield" ::: "memory");
}

/*
 * cpu_idle: wfi wakes on a pending interrupt even while PSTATE.I masks it,
 * so with interrupts disabled by the caller no wakeup can be lost between
 * the caller's check and the wait; the interrupt is taken once the caller
 * unmasks.
 */
static inline void cpu_idle(void)
{
	__asm__ volatile("dsb sy\n\twfi" ::: "memory");
}

/* PMCCNTR_EL0, enabled for EL1 at boot (pmap/arm64/machdep.c). */
static inline uint64_t cpu_cycles(void)
{
	uint64_t c;

	__asm__ volatile("isb\n\tmrs %0, pmccntr_el0" : "=r"(c) : : "memory");
	return c;
}

static inline void cpu_breakpoint(void)
{
	__asm__ volatile("brk #0" ::: "memory");
}

/* udf #0 (the all-zero word) is permanently undefined: EC 0. */
static inline void cpu_illegal_instruction(void)
{
	__asm__ volatile("udf #0" ::: "memory");
}

/* cpu_ctz64: the trailing zero bits of x != 0 (one instruction here). */
static inline unsigned int cpu_ctz64(uint64_t x)
{
	return (unsigned int)__builtin_ctzll(x);
}

static inline uintptr_t cpu_frame_pointer(void)
{
	uintptr_t fp;

	__asm__ volatile("mov %0, x29" : "=r"(fp));
	return fp;
}

/*
 * cpu_frame_unwind: an AAPCS64 frame record is {previous x29, x30} at x29.
 * The walk stops at a null (the boot path clears x29) or misaligned frame
 * pointer, or one outside the kernel half of the address space.
 */
static inline bool cpu_frame_unwind(uintptr_t *fp, uintptr_t *pc)
{
	const uintptr_t *rec = (const uintptr_t *)*fp;

	if (*fp == 0 || (*fp & 7) || *fp < 0xffff000000000000UL)
		return false;
	*pc = rec[1];
	*fp = rec[0];
	return true;
}

#endif /* MACHINE_CPU_H */
