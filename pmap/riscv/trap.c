/*
 * pmap/riscv/trap.c - C side of the trap vector: decode scause, dispatch
 * interrupts (then ast_check), hand synchronous kernel traps to
 * kernel_trap(), system calls from U-mode to syscall_dispatch() and other
 * user exceptions to user_trap(), and print frames.
 */
#include <kern/machine.h>
#include <kern/console.h>
#include <kern/panic.h>
#include <kern/processor.h>
#include <kern/sched_prim.h>
#include <kern/thread.h>
#include <kern/trap.h>
#include <vm/vm_fault.h>
#include <mach/exception.h>
#include "md.h"

static const char *const reg_names[32] = {
	"zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2",
	"s0", "s1", "a0", "a1", "a2", "a3", "a4", "a5",
	"a6", "a7", "s2", "s3", "s4", "s5", "s6", "s7",
	"s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6",
};

/*
 * insn_length: length of the instruction at pc.  Standard 32-bit
 * encodings have 0b11 in their two low bits; anything else is a 16-bit
 * compressed (RVC) instruction.  Reads a halfword: with RVC, pc may be
 * only 2-byte aligned.
 */
static unsigned int insn_length(uintptr_t pc)
{
	uint16_t low = *(const volatile uint16_t *)pc;

	return (low & 3) == 3 ? 4 : 2;
}

/* classify: trap_kind of a synchronous exception code. */
static enum trap_kind classify(unsigned long code)
{
	switch (code) {
	case CAUSE_BREAKPOINT:
		return TRAP_BREAKPOINT;
	case CAUSE_ILLEGAL:
		return TRAP_ILLEGAL;
	case CAUSE_INSN_PAGE_FAULT:
	case CAUSE_LOAD_PAGE_FAULT:
	case CAUSE_STORE_PAGE_FAULT:
		return TRAP_PAGE_FAULT;
	case CAUSE_INSN_MISALIGNED:
	case CAUSE_LOAD_MISALIGNED:
	case CAUSE_STORE_MISALIGNED:
		return TRAP_ALIGNMENT;
	default:
		return TRAP_OTHER;
	}
}

static bool has_fault_address(unsigned long code)
{
	switch (code) {
	case CAUSE_INSN_MISALIGNED: case CAUSE_INSN_ACCESS:
	case CAUSE_LOAD_MISALIGNED: case CAUSE_LOAD_ACCESS:
	case CAUSE_STORE_MISALIGNED: case CAUSE_STORE_ACCESS:
	case CAUSE_INSN_PAGE_FAULT: case CAUSE_LOAD_PAGE_FAULT:
	case CAUSE_STORE_PAGE_FAULT:
		return true;
	default:
		return false;
	}
}

/* fault_access: the access of a page-fault cause, VM_PROT_NONE if none. */
static vm_prot_t fault_access(unsigned long code)
{
	switch (code) {
	case CAUSE_INSN_PAGE_FAULT:
		return VM_PROT_EXECUTE;
	case CAUSE_LOAD_PAGE_FAULT:
		return VM_PROT_READ;
	case CAUSE_STORE_PAGE_FAULT:
		return VM_PROT_WRITE;
	default:
		return VM_PROT_NONE;
	}
}

/* Page and access faults: the causes kernel_fault() looks at first. */
#define FAULT_CODES							\
	(1UL << CAUSE_INSN_PAGE_FAULT | 1UL << CAUSE_LOAD_PAGE_FAULT |		\
	 1UL << CAUSE_STORE_PAGE_FAULT | 1UL << CAUSE_INSN_ACCESS |		\
	 1UL << CAUSE_LOAD_ACCESS | 1UL << CAUSE_STORE_ACCESS)

/*
 * kernel_fault: a page or access fault in kernel mode.  First the pmap:
 * if it resolves the fault (A/D bits set, a stale entry fenced) the
 * instruction is retried.  Then the recovery table: a page fault on a
 * user address inside copyin/copyout/md_probe_* is offered to the VM
 * (retried if it maps the page; interrupts enabled meanwhile if the
 * routine ran with them), and otherwise resumes at the recovery label
 * with SUM cleared.  Anything else goes to kernel_trap(), fatal unless
 * expected.
 * Out of line so that the other traps do not pay for it.
 */
static void __attribute__((noinline))
kernel_fault(struct trap_frame *tf, unsigned long code)
{
	enum trap_kind kind = classify(code);
	uintptr_t recover, guard;

	if (kind == TRAP_PAGE_FAULT &&
	    riscv_pmap_fault(tf->tval, code, false, tf->status))
		return;
	recover = riscv_recovery_pc(tf->pc);
	if (recover) {
		if (vm_fault_user(tf->tval, fault_access(code),
				  tf->status & SSTATUS_SPIE) == KERN_SUCCESS)
			return;
		tf->pc = recover;
		tf->status &= ~SSTATUS_SUM;
		return;
	}
	/*
	 * A fault in the guard page of the running thread's stack with sp
	 * still above the limit: not a push (sp-relative accesses lie
	 * above sp) but an access through another pointer, a buffer
	 * running down off the stack say.  Named as what it hit.
	 */
	guard = riscv_cpu_self()->stack_limit - TF_SIZE - PAGE_SIZE;
	if (kind == TRAP_PAGE_FAULT && tf->tval - guard < PAGE_SIZE) {
		struct thread *t = current_processor()->active_thread;

		panic_trap(tf, "kernel stack overflow in thread %s: access "
			   "to 0x%lx in the guard page, sp 0x%lx",
			   t ? t->name : "(boot, before threads)",
			   (unsigned long)tf->tval,
			   (unsigned long)tf->regs[REG_SP]);
	}
	if (kernel_trap(kind, code, tf->tval, tf))
		tf->pc += insn_length(tf->pc);
}

/*
 * riscv_interrupt: dispatch an interrupt (scause code), from either mode.
 * Conditions: SIE clear.
 */
static void riscv_interrupt(struct trap_frame *tf, unsigned long code)
{
	switch (code) {
	case IRQ_S_TIMER:
		riscv_timer_interrupt();
		break;
	case IRQ_S_EXT:
		riscv_intr_external();
		break;
	case IRQ_S_SOFT:
		csr_clear(sip, SIE_SSIE);
		break;
	default:
		panic_trap(tf, "unexpected interrupt, scause 0x%lx",
			   (unsigned long)tf->cause);
	}
}

/*
 * riscv_trap: called by trap_entry for a trap from S-mode with the saved
 * frame, SIE clear.  An interrupt is dispatched, and then, if the
 * interrupted code had interrupts enabled (SPIE), ast_check() may switch
 * threads right here: the frame stays on this thread's stack until it
 * runs again, and trap_return then resumes it.  A kernel page fault goes
 * first to the pmap (A/D bits, stale TLB entries), then to the recovery
 * table of the routines that expect faults, and only then to
 * kernel_trap().  Returns to trap_entry, which resumes from the (possibly
 * edited) frame.
 */
void riscv_trap(struct trap_frame *tf)
{
	unsigned long code = tf->cause & ~SCAUSE_INTR;
	enum trap_kind kind;

	if (tf->cause & SCAUSE_INTR) {
		riscv_interrupt(tf, code);
		if (tf->status & SSTATUS_SPIE)
			ast_check(false);
		return;
	}
	if (code < 64 && ((1UL << code) & FAULT_CODES)) {
		kernel_fault(tf, code);
		return;
	}
	kind = classify(code);
	if (kernel_trap(kind, code, has_fault_address(code) ? tf->tval : 0, tf))
		tf->pc += insn_length(tf->pc);
}

/*
 * riscv_user_trap: called by trap_entry for a trap from U-mode with the
 * thread's user frame, SIE clear, for every cause but ecall (system calls
 * are dispatched by the entry itself, trap_entry.S).  An illegal instruction with FS Off loads the
 * thread's FP state (lazy FP) and is retried.  A page fault goes to the pmap first (A/D bits,
 * stale entries: the instruction is retried), then to the VM
 * (vm_fault_user, interrupts enabled meanwhile: retried if resolved),
 * and what neither resolves to user_fault(); every other exception to
 * user_trap().  Both raise a Mach exception and return when the thread
 * may go on.  On the way out ast_check(true) preempts, stops a suspended
 * thread or finishes a terminated one.  Returns to trap_entry, which
 * enters user mode from the frame.
 */
void riscv_user_trap(struct trap_frame *tf)
{
	unsigned long code = tf->cause & ~SCAUSE_INTR;

	if (tf->cause & SCAUSE_INTR) {
		riscv_interrupt(tf, code);
	} else if (code == CAUSE_ILLEGAL && !(tf->status & SSTATUS_FS)) {
		/*
		 * FS Off: the thread's first FP instruction since it was
		 * switched to (lazy FP, switch.S).  Load its state and retry;
		 * an instruction illegal for another reason traps again with
		 * FS on and is reported then.
		 */
		riscv_fp_load(current_thread());
	} else if (classify(code) == TRAP_PAGE_FAULT) {
		if (!riscv_pmap_fault(tf->tval, code, true, tf->status)) {
			kern_return_t kr = vm_fault_user(tf->tval,
							 fault_access(code), true);

			if (kr != KERN_SUCCESS)
				user_fault(kr, code, tf->tval, tf);
		}
	} else {
		user_trap(classify(code), code,
			  has_fault_address(code) ? tf->tval : 0, tf);
	}
	ast_check(true);
}

/*
 * md_exception_code: see kern/machine.h; the codes are scause values
 * (include/mach/riscv64/exception.h).  sepc names the trapping
 * instruction (ebreak included), so the pc needs no fix-up.
 */
void md_exception_code(enum trap_kind kind, unsigned long code, vaddr_t addr,
		       struct trap_frame *tf, int *exception, int *ecode,
		       int64_t *subcode)
{
	(void)kind;
	(void)addr;
	*subcode = (int64_t)tf->tval;
	switch (code) {
	case CAUSE_BREAKPOINT:
		*exception = EXC_BREAKPOINT;
		*ecode = EXC_RISCV_BREAKPOINT;
		*subcode = 0;
		return;
	case CAUSE_INSN_MISALIGNED:
	case CAUSE_INSN_ACCESS:
	case CAUSE_LOAD_MISALIGNED:
	case CAUSE_LOAD_ACCESS:
	case CAUSE_STORE_MISALIGNED:
	case CAUSE_STORE_ACCESS:
		*exception = EXC_BAD_ACCESS;
		*ecode = (int)(0x100 + code);
		return;
	default:
		*exception = EXC_BAD_INSTRUCTION;
		*ecode = (int)code;	/* EXC_RISCV_ILLEGAL, ... */
		return;
	}
}

/*
 * frame_established: has the function starting at start, trapped at pc,
 * already pointed s0 at its own frame?  GCC's prologue does that with
 * "addi s0, sp, N" (or its compressed form c.addi4spn s0, sp, N) after
 * saving ra and the caller's s0; scan for it up to pc.  Gives up (true)
 * after a bounded number of instructions.
 */
static bool frame_established(uintptr_t start, uintptr_t pc)
{
	for (unsigned int n = 0; start < pc && n < 32; n++) {
		uint16_t lo = *(const uint16_t *)start;

		if ((lo & 3) == 3) {
			uint32_t insn = lo | (uint32_t)
				*(const uint16_t *)(start + 2) << 16;

			if ((insn & 0xfffff) == 0x10413)	/* addi s0, sp, N */
				return true;
			start += 4;
		} else {
			/* c.addi4spn rd'=s0: funct3 000, op 00, nonzero imm */
			if ((lo & 0xe01f) == 0 && (lo & 0x1fe0) != 0)
				return true;
			start += 2;
		}
	}
	return start < pc;
}

/*
 * riscv_trap_frame_fp: the frame pointer a backtrace of the trapped code
 * should start from.  Two cases keep the return address in ra rather than
 * in the trapped function's frame, and the walk then starts from a record
 * built in the trap frame, (leaf_fp, leaf_ra = ra):
 *  - the trap hit the prologue before s0 was set: s0 is still the
 *    caller's frame pointer (leaf_fp = s0);
 *  - the trapped function is a leaf that did not save ra: the word at
 *    s0 - 8 is its caller's s0, not a kernel text address (leaf_fp = it).
 * Writing to *tf is fine: every trap frame is a writable stack object;
 * the const only promises the saved state is not changed.  Returns s0 or
 * the address just past that record.
 */
uintptr_t riscv_trap_frame_fp(const struct trap_frame *tf)
{
	uintptr_t fp = tf->regs[REG_S0], off, slot;
	struct trap_frame *w = (struct trap_frame *)tf;

	if (ksym_lookup(tf->pc, &off) && !frame_established(tf->pc - off, tf->pc)) {
		slot = fp;
	} else {
		if (fp < DIRECT_MAP_BASE || (fp & 7))
			return fp;
		slot = ((const uintptr_t *)fp)[-1];
		if (slot >= (uintptr_t)__text_start &&
		    slot < (uintptr_t)__text_end)
			return fp;
	}
	w->leaf_fp = slot;
	w->leaf_ra = tf->regs[REG_RA];
	return (uintptr_t)&w->leaf_ra + sizeof(w->leaf_ra);
}

void md_dump_trap_frame(const struct trap_frame *tf)
{
	for (unsigned int i = 1; i < 32; i++)
		kprintf("%4s %016lx%s", reg_names[i], (unsigned long)tf->regs[i],
			i % 4 == 3 ? "\n" : "  ");
	kprintf("  pc %016lx  sstatus %016lx  scause %016lx  stval %016lx\n",
		(unsigned long)tf->pc, (unsigned long)tf->status,
		(unsigned long)tf->cause, (unsigned long)tf->tval);
}

/* md_dump_cpu_state: the live registers that matter without a frame. */
void md_dump_cpu_state(void)
{
	uintptr_t sp, ra, gp, tp;

	__asm__ __volatile__("mv %0, sp\n\tmv %1, ra\n\tmv %2, gp\n\tmv %3, tp"
			     : "=r"(sp), "=r"(ra), "=r"(gp), "=r"(tp));
	kprintf("  sp %016lx    s0 %016lx    ra %016lx    gp %016lx\n",
		(unsigned long)sp, (unsigned long)cpu_frame_pointer(),
		(unsigned long)ra, (unsigned long)gp);
	kprintf("  tp %016lx  sstatus %016lx  sie %016lx  sip %016lx\n",
		(unsigned long)tp, csr_read(sstatus), csr_read(sie),
		csr_read(sip));
	kprintf("  satp %016lx  stvec %016lx  scause %016lx  stval %016lx\n",
		csr_read(satp), csr_read(stvec), csr_read(scause),
		csr_read(stval));
	kprintf("  sepc %016lx  sscratch %016lx\n", csr_read(sepc),
		csr_read(sscratch));
}
