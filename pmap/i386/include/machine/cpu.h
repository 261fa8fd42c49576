/*
 * machine/cpu.h - x86_64 CPU primitives used by the machine-independent core.
 */
#ifndef MACHINE_CPU_H
#define MACHINE_CPU_H

#include <kern/types.h>
#include <machine/memlayout.h>

#define MACHINE_NAME	"x86_64"
#define MACHINE_ELF_MACHINE	62	/* EM_X86_64 */
#define MACHINE_CPU_TYPE	CPU_TYPE_X86_64	/* mach/machine.h */
#define MACHINE_CPU_SUBTYPE	CPU_SUBTYPE_AT386

#define RFLAGS_IF	0x200UL

typedef unsigned long intr_state_t;	/* saved RFLAGS */

static inline unsigned long cpu_read_rflags(void)
{
	unsigned long f;

	__asm__ volatile("pushfq; popq %0" : "=r"(f) : : "memory");
	return f;
}

static inline intr_state_t cpu_intr_save(void)
{
	unsigned long f;

	__asm__ volatile("pushfq; popq %0; cli" : "=r"(f) : : "memory");
	return f;
}

static inline void cpu_intr_restore(intr_state_t s)
{
	if (s & RFLAGS_IF)
		__asm__ volatile("sti" : : : "memory");
}

static inline void cpu_intr_enable(void)
{
	__asm__ volatile("sti" : : : "memory");
}

static inline void cpu_intr_disable(void)
{
	__asm__ volatile("cli" : : : "memory");
}

static inline bool cpu_intr_enabled(void)
{
	return (cpu_read_rflags() & RFLAGS_IF) != 0;
}

static inline void cpu_relax(void)
{
	__asm__ volatile("pause" : : : "memory");
}

/*
 * Wait for an interrupt.  Entered and left with interrupts disabled.  sti
 * takes effect only after the next instruction, so an interrupt that became
 * pending since the caller's last check is taken at the hlt and wakes it:
 * no lost wakeup.  The handler runs inside cpu_idle (unlike wfi with
 * interrupts masked on the other ports); callers must not care which.
 */
static inline void cpu_idle(void)
{
	__asm__ volatile("sti; hlt; cli" : : : "memory");
}

/* lfence keeps rdtsc from being executed ahead of earlier instructions. */
static inline uint64_t cpu_cycles(void)
{
	uint32_t lo, hi;

	__asm__ volatile("lfence; rdtsc" : "=a"(lo), "=d"(hi) : : "memory");
	return ((uint64_t)hi << 32) | lo;
}

/* int3 traps with rip already past the one-byte instruction. */
static inline void cpu_breakpoint(void)
{
	__asm__ volatile("int3" : : : "memory");
}

/* ud2 (2 bytes) raises #UD; the trap code resumes 2 bytes further on. */
static inline void cpu_illegal_instruction(void)
{
	__asm__ volatile("ud2" : : : "memory");
}

/*
 * This CPU's index, from the per-CPU area that GS_BASE points at in the
 * kernel (pmap/i386/x86.h: PCPU_CPU_NUMBER is 8).  Volatile: a thread
 * may move to another CPU between two calls.
 */
static inline unsigned int cpu_number(void)
{
	unsigned int n;

	__asm__ volatile("movl %%gs:8, %0" : "=r"(n));
	return n;
}

/*
 * md_cpu_processor: this CPU's struct processor, one load from the
 * per-CPU area (PCPU_PROCESSOR is 32; set with the area at boot) instead
 * of indexing processor_array (kern/processor.h).
 */
#define MD_CPU_PROCESSOR	1
struct processor;
static inline struct processor *md_cpu_processor(void)
{
	struct processor *p;

	__asm__ volatile("movq %%gs:32, %0" : "=r"(p));
	return p;
}

/* cpu_ctz64: the trailing zero bits of x != 0 (one instruction here). */
static inline unsigned int cpu_ctz64(uint64_t x)
{
	return (unsigned int)__builtin_ctzll(x);
}

static inline uintptr_t cpu_frame_pointer(void)
{
	uintptr_t fp;

	__asm__ volatile("movq %%rbp, %0" : "=r"(fp));
	return fp;
}

/*
 * One step of a frame-pointer walk: [fp] holds the caller's rbp, [fp + 8]
 * the return address.  The walk stops at a null, misaligned or non-kernel
 * frame pointer (entry code clears rbp before the first C call).
 */
static inline bool cpu_frame_unwind(uintptr_t *fp, uintptr_t *pc)
{
	uintptr_t f = *fp;

	if (f == 0 || (f & 7) != 0 || f < DIRECT_MAP_BASE)
		return false;
	*pc = ((const uintptr_t *)f)[1];
	*fp = ((const uintptr_t *)f)[0];
	return *pc != 0;
}

#endif /* MACHINE_CPU_H */
