/*
 * pmap/i386/thread.c - the x86_64 half of threads and system calls:
 * kernel stack layout (machine/thread.h), the first switch frame, the
 * user register frame and FP state of a new user thread, the system-call
 * argument ABI, the thread state flavours (thread_get_state /
 * thread_set_state), and the per-CPU setup of syscall/sysret and the FPU.
 */
#include <kern/types.h>
#include <kern/machine.h>
#include <kern/panic.h>
#include <kern/string.h>
#include <kern/thread.h>
#include <mach/kern_return.h>
#include <mach/x86_64/thread_status.h>
#include "x86.h"

/* switch.S */
extern char x86_thread_trampoline[];

/* The fxsave64 image fields a new thread starts with. */
#define FXSAVE_FCW	0	/* x87 control word (16 bits) */
#define FXSAVE_MXCSR	24	/* SSE control/status (32 bits) */
#define FCW_DEFAULT	0x037f	/* what fninit leaves: all exceptions masked */
#define MXCSR_DEFAULT	0x1f80	/* all SSE exceptions masked, round to nearest */

/* Switch frame words below the trampoline's return address (switch.S). */
#define SWITCH_SAVED_REGS	6

/*
 * x86_thread_cpu_init: enable the FPU/SSE for user threads and the
 * syscall instruction on this CPU.  CR0.EM and TS clear (no #NM: the
 * switch code moves FP state eagerly, see switch.S), MP and NE set
 * (native x87 error reporting); CR4.OSFXSR makes fxsave/fxrstor cover the
 * XMM registers and lets user code run SSE; OSXMMEXCPT delivers unmasked
 * SIMD exceptions as #XM.  CR4.TSD stays clear: user code may read the
 * TSC.  XCR0 is never set: AVX state does not exist for user code (its
 * instructions raise #UD), so fxsave covers everything a thread can use.
 * STAR: kernel CS/SS from SEL_KCODE; sysretq loads CS = SEL_UCODE | 3 and
 * SS = SEL_UDATA | 3 from the base SEL_UCODE32 (base + 16, base + 8).
 * FMASK clears IF (the entry runs with interrupts off until its frame is
 * saved), TF, DF, NT, IOPL and AC (no user access under SMAP).
 * Conditions: boot CPU, interrupts disabled, after gdt_init.
 */
void x86_thread_cpu_init(void)
{
	uint64_t cr0 = read_cr0();

	cr0 &= ~(uint64_t)(CR0_EM | CR0_TS);
	cr0 |= CR0_MP | CR0_NE;
	__asm__ volatile("movq %0, %%cr0" : : "r"(cr0) : "memory");
	write_cr4(read_cr4() | CR4_OSFXSR | CR4_OSXMMEXCPT);
	__asm__ volatile("fninit" : : : "memory");

	wrmsr(MSR_STAR, ((uint64_t)SEL_UCODE32 << 48) | ((uint64_t)SEL_KCODE << 32));
	wrmsr(MSR_LSTAR, (uintptr_t)x86_syscall_entry);
	wrmsr(MSR_CSTAR, (uintptr_t)x86_syscall_entry);
	wrmsr(MSR_FMASK, RFLAGS_IF | RFLAGS_TF | RFLAGS_DF | RFLAGS_NT |
			 RFLAGS_IOPL | RFLAGS_AC);
	wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_SCE);
}

/*
 * md_thread_init_boot: the boot context becomes thread t.  It runs on
 * boot_stack (start.S), whose guard page is boot_stack_guard; it never
 * enters user mode, so rsp0 only needs to be a valid stack.
 * Conditions: boot, interrupts disabled.
 */
void md_thread_init_boot(struct thread *t)
{
	t->md.stack_lo = (uintptr_t)boot_stack;
	t->md.rsp0 = (uintptr_t)boot_stack_top;
	t->md.fpu = NULL;
	t->md.utf = NULL;
}

/*
 * md_thread_init: lay out t's kernel stack (machine/thread.h) and build
 * the switch frame that makes the first md_switch to t "return" into
 * x86_thread_trampoline with zero callee-saved registers (rbp = 0 ends
 * backtraces there).  Conditions: t is not running; any interrupt state.
 */
void md_thread_init(struct thread *t)
{
	uintptr_t top = t->kstack + t->kstack_size;
	uint64_t *frame;

	t->md.stack_lo = t->kstack;
	t->md.rsp0 = top - MT_FPU_SIZE;
	t->md.fpu = NULL;
	t->md.utf = (struct trap_frame *)(t->md.rsp0 - TF_SIZE);
	/* The trampoline runs at rsp0 - 192 (16-byte aligned, 8 bytes of pad
	 * below the user frame); its return address and the saved registers
	 * sit just below. */
	frame = (uint64_t *)(t->md.rsp0 - 192) - 1 - SWITCH_SAVED_REGS;
	for (int i = 0; i < SWITCH_SAVED_REGS; i++)
		frame[i] = 0;
	frame[SWITCH_SAVED_REGS] = (uintptr_t)x86_thread_trampoline;
	t->md.ksp = (uintptr_t)frame;
}

/*
 * md_thread_set_user_entry: t will enter user mode at pc with stack sp:
 * every other register zero, interrupts enabled (RFLAGS = IF and the
 * always-one bit 1), user selectors; its FP state is the fninit state
 * with MXCSR at its default, all registers zero.  The frame is left for
 * the trampoline's iretq (vector VEC_USER_SET: never sysretq).
 * Conditions: t was created by thread_create and has not run yet.
 */
void md_thread_set_user_entry(struct thread *t, vaddr_t pc, vaddr_t sp)
{
	struct trap_frame *tf = (struct trap_frame *)(t->md.rsp0 - TF_SIZE);
	uint8_t *fpu = (uint8_t *)t->md.rsp0;
	intr_state_t s;

	memset(tf, 0, sizeof(*tf));
	tf->rip = pc;
	tf->rsp = sp;
	tf->cs = USER_CS;
	tf->ss = USER_SS;
	tf->rflags = RFLAGS_IF | 0x2;
	tf->vector = VEC_USER_SET;
	t->md.utf = tf;

	memset(fpu, 0, MT_FPU_SIZE);
	*(uint16_t *)(fpu + FXSAVE_FCW) = FCW_DEFAULT;
	*(uint32_t *)(fpu + FXSAVE_MXCSR) = MXCSR_DEFAULT;
	/* If t's (old) state were still in the registers, md_switch would
	 * not load the clean one. */
	s = cpu_intr_save();
	if (x86_cpu_self()->fpu_owner == t)
		x86_cpu_self()->fpu_owner = NULL;
	t->md.fpu = fpu;
	cpu_intr_restore(s);
}

/*
 * md_thread_destroy: t is off every processor for good.  If its FP state
 * is still the one in the registers, forget that: its save area goes with
 * its stack.  Interrupts are masked so that no switch (which reads and
 * sets the owner) runs between the test and the store.
 */
void md_thread_destroy(struct thread *t)
{
	intr_state_t s = cpu_intr_save();

	if (x86_cpu_self()->fpu_owner == t)
		x86_cpu_self()->fpu_owner = NULL;
	cpu_intr_restore(s);
	t->md.fpu = NULL;
}

/* The 7th system-call argument, at user rsp + 8 (machine/trap.h). */
bool x86_syscall_arg7(const struct trap_frame *tf, uintptr_t *arg)
{
	return copyin((const void *)(tf->rsp + 8), arg, sizeof(*arg)) == 0;
}

/*
 * md_syscall_extra_arg (kern/machine.h): the six register arguments from
 * the current thread's user frame; the seventh from the user stack at
 * rsp + 8 (the stub's return address is at rsp).  copyin bounds-checks
 * the address, so a bad user rsp (unmapped, kernel half, wrapping) only
 * makes it return false.
 */
bool md_syscall_extra_arg(unsigned int index, uintptr_t *value)
{
	const struct trap_frame *tf = current_thread()->md.utf;
	uintptr_t regs[6];

	if (index > 6 || !tf)
		return false;
	if (index == 6)
		return copyin((const void *)(tf->rsp + 8), value,
			      sizeof(*value)) == 0;
	regs[0] = tf->rdi;
	regs[1] = tf->rsi;
	regs[2] = tf->rdx;
	regs[3] = tf->r10;
	regs[4] = tf->r8;
	regs[5] = tf->r9;
	*value = regs[index];
	return true;
}

/*
 * Thread state (kern/machine.h): i386_THREAD_STATE, GNU Mach's 64-bit
 * layout (include/mach/x86_64/thread_status.h), read from and written to
 * the user frame at the top of the thread's kernel stack.  The FP
 * flavours (i386_FLOAT_STATE, i386_XFLOAT_STATE) are fpu.c's.
 */

/* RFLAGS bits a user thread may set: the arithmetic flags, TF, DF, AC
 * and ID.  IF and the reserved bit 1 are always set; IOPL, NT, RF, VM,
 * VIF, VIP never (they would be privilege or would break the return). */
#define RFLAGS_USER_MASK	(0x0001 | 0x0004 | 0x0010 | 0x0040 | 0x0080 | \
				 RFLAGS_TF | RFLAGS_DF | 0x0800 | RFLAGS_AC | \
				 (1u << 21))

int md_thread_get_state(struct thread *t, int flavor, uint32_t *state,
			unsigned int *count)
{
	const struct trap_frame *tf = t->md.utf;
	struct i386_thread_state s;

	if (flavor != i386_THREAD_STATE && tf)
		return x86_fpu_get_state(t, flavor, state, count);
	if (flavor != i386_THREAD_STATE || !tf ||
	    *count < i386_THREAD_STATE_COUNT)
		return KERN_INVALID_ARGUMENT;
	memset(&s, 0, sizeof(s));
	s.r8 = tf->r8;
	s.r9 = tf->r9;
	s.r10 = tf->r10;
	s.r11 = tf->r11;
	s.r12 = tf->r12;
	s.r13 = tf->r13;
	s.r14 = tf->r14;
	s.r15 = tf->r15;
	s.rdi = tf->rdi;
	s.rsi = tf->rsi;
	s.rbp = tf->rbp;
	s.rsp = tf->rsp;
	s.rbx = tf->rbx;
	s.rdx = tf->rdx;
	s.rcx = tf->rcx;
	s.rax = tf->rax;
	s.rip = tf->rip;
	s.cs = (uint32_t)tf->cs;
	s.rfl = tf->rflags;
	s.ursp = tf->rsp;
	s.ss = (uint32_t)tf->ss;
	memcpy(state, &s, sizeof(s));
	*count = i386_THREAD_STATE_COUNT;
	return KERN_SUCCESS;
}

int md_thread_set_state(struct thread *t, int flavor, const uint32_t *state,
			unsigned int count)
{
	struct trap_frame *tf = t->md.utf;
	struct i386_thread_state s;

	if (flavor != i386_THREAD_STATE && tf)
		return x86_fpu_set_state(t, flavor, state, count);
	if (flavor != i386_THREAD_STATE || !tf ||
	    count < i386_THREAD_STATE_COUNT)
		return KERN_INVALID_ARGUMENT;
	memcpy(&s, state, sizeof(s));
	tf->r8 = s.r8;
	tf->r9 = s.r9;
	tf->r10 = s.r10;
	tf->r11 = s.r11;
	tf->r12 = s.r12;
	tf->r13 = s.r13;
	tf->r14 = s.r14;
	tf->r15 = s.r15;
	tf->rdi = s.rdi;
	tf->rsi = s.rsi;
	tf->rbp = s.rbp;
	tf->rbx = s.rbx;
	tf->rdx = s.rdx;
	tf->rcx = s.rcx;
	tf->rax = s.rax;
	tf->rip = s.rip;	/* non-canonical: x86_return_to_user ends it */
	tf->rsp = s.ursp;
	tf->rflags = (s.rfl & RFLAGS_USER_MASK) | RFLAGS_IF | 0x2;
	tf->cs = USER_CS;
	tf->ss = USER_SS;
	/* Whatever the frame was (a system call's included), it now leaves
	 * with iretq, which restores every register set here (sysretq would
	 * take rip from rcx and rflags from r11). */
	tf->vector = VEC_USER_SET;
	return KERN_SUCCESS;
}
