/*
 * pmap/arm64/trap.c - decoding and dispatching EL1 exceptions.
 *
 * vectors.S saves a struct trap_frame and calls one of the handlers below
 * with IRQ and FIQ masked (the exception entry masks DAIF).  Synchronous
 * exceptions are decoded from ESR_EL1 into a trap_kind for kernel_trap();
 * IRQs go to the GIC; everything else is reported and panics.
 */
#include <kern/machine.h>
#include <kern/console.h>
#include <kern/panic.h>
#include <kern/processor.h>
#include <kern/sched_prim.h>
#include <kern/thread.h>
#include <kern/trap.h>
#include <machine/sysreg.h>
#include <device/gic.h>
#include <vm/vm_fault.h>
#include <mach/exception.h>
#include "arm64.h"

#define DFSC_ALIGNMENT	0x21	/* data fault status: alignment fault */

static const char *const ec_names[64] = {
	[ESR_EC_UNKNOWN] = "unknown reason (undefined instruction)",
	[ESR_EC_WFX] = "trapped WFI/WFE",
	[ESR_EC_FP] = "trapped FP/SIMD access",
	[ESR_EC_ILLEGAL_STATE] = "illegal execution state",
	[ESR_EC_SVC64] = "SVC (AArch64)",
	[ESR_EC_HVC64] = "HVC (AArch64)",
	[ESR_EC_SMC64] = "SMC (AArch64)",
	[ESR_EC_SYSREG] = "trapped MSR/MRS/system instruction",
	[ESR_EC_IABT_LOWER] = "instruction abort from a lower EL",
	[ESR_EC_IABT_CUR] = "instruction abort (same EL)",
	[ESR_EC_PC_ALIGN] = "PC alignment fault",
	[ESR_EC_DABT_LOWER] = "data abort from a lower EL",
	[ESR_EC_DABT_CUR] = "data abort (same EL)",
	[ESR_EC_SP_ALIGN] = "SP alignment fault",
	[ESR_EC_FP64] = "trapped FP exception (AArch64)",
	[ESR_EC_SERROR] = "SError interrupt",
	[ESR_EC_BREAKPT_LOWER] = "breakpoint from a lower EL",
	[ESR_EC_BREAKPT_CUR] = "breakpoint (same EL)",
	[ESR_EC_STEP_LOWER] = "software step from a lower EL",
	[ESR_EC_STEP_CUR] = "software step (same EL)",
	[ESR_EC_WATCHPT_LOWER] = "watchpoint from a lower EL",
	[ESR_EC_WATCHPT_CUR] = "watchpoint (same EL)",
	[ESR_EC_BRK64] = "BRK instruction (AArch64)",
};

static const char *const vector_names[16] = {
	"EL1t synchronous", "EL1t IRQ", "EL1t FIQ", "EL1t SError",
	"EL1h synchronous", "EL1h IRQ", "EL1h FIQ", "EL1h SError",
	"EL0 (AArch64) synchronous", "EL0 (AArch64) IRQ",
	"EL0 (AArch64) FIQ", "EL0 (AArch64) SError",
	"EL0 (AArch32) synchronous", "EL0 (AArch32) IRQ",
	"EL0 (AArch32) FIQ", "EL0 (AArch32) SError",
};

const char *arm64_esr_class_name(unsigned int ec)
{
	if (ec < 64 && ec_names[ec])
		return ec_names[ec];
	return "reserved or unhandled class";
}

/*
 * abort_emulated: offer an abort on a user address to the pmap's
 * reference/modify emulation (arm64_pmap_fault).  Data aborts with a
 * translation, access-flag or permission fault status qualify; an
 * instruction abort only with translation or access flag: an execute
 * permission fault is never spurious (the emulator judges read and write,
 * and would call an execute of a UXN page spurious and retry it forever).
 * Returns true when the access may be retried at the same pc.
 * Conditions: IRQ/FIQ masked.
 */
static bool abort_emulated(const struct trap_frame *tf, bool data)
{
	unsigned int fsc = ESR_FSC(tf->esr), type = FSC_TYPE(fsc);
	bool write = (tf->esr & ESR_ISS_WNR) && !(tf->esr & ESR_ISS_CM);

	if (fsc >= 0x10)
		return false;
	if (type == FSC_TRANSLATION || type == FSC_ACCESS_FLAG ||
	    (data && type == FSC_PERMISSION))
		return arm64_pmap_fault(tf->far, data && write);
	return false;
}

/*
 * abort_access: the access of an abort the VM may resolve (translation,
 * access-flag or permission fault): VM_PROT_EXECUTE for an instruction
 * abort, VM_PROT_WRITE for a data abort with WnR (cache maintenance
 * reports WnR too but only reads), else VM_PROT_READ.  VM_PROT_NONE for
 * any other fault status (external, alignment, TLB conflict ...), which
 * vm_fault_user refuses.
 */
static vm_prot_t abort_access(const struct trap_frame *tf, bool data)
{
	unsigned int fsc = ESR_FSC(tf->esr), type = FSC_TYPE(fsc);

	if (fsc >= 0x10 || (type != FSC_TRANSLATION &&
			    type != FSC_ACCESS_FLAG && type != FSC_PERMISSION))
		return VM_PROT_NONE;
	if (!data)
		return VM_PROT_EXECUTE;
	if ((tf->esr & ESR_ISS_WNR) && !(tf->esr & ESR_ISS_CM))
		return VM_PROT_WRITE;
	return VM_PROT_READ;
}

/*
 * kernel_abort_recover: an abort taken from EL1.  A data abort on a user
 * address may be reference/modify emulation, retried at the same pc.
 * Otherwise, if the pc is one of the routines allowed to fault (copy.S),
 * the VM may map the user page (retried at the same pc, interrupts
 * enabled meanwhile if the routine ran with them), or else it resumes at
 * its recovery label.  Instruction aborts only take the recovery path:
 * the kernel never executes user pages (PXN).
 * Returns true when tf has been set up to resume.
 * Conditions: IRQ/FIQ masked.
 */
static bool kernel_abort_recover(struct trap_frame *tf, bool data)
{
	if (data && abort_emulated(tf, true))
		return true;
	for (const struct arm64_fixup *f = arm64_fixup_table; f->start; f++) {
		if (tf->pc >= f->start && tf->pc < f->end) {
			if (data && vm_fault_user(tf->far, abort_access(tf, true),
						  !(tf->pstate & SPSR_I)) ==
				    KERN_SUCCESS)
				return true;
			tf->pc = f->recover;
			return true;
		}
	}
	return false;
}

/*
 * sync_kind: the trap_kind of a synchronous exception class, and the
 * address that goes with it (fault address for aborts and PC alignment).
 */
static enum trap_kind sync_kind(const struct trap_frame *tf, unsigned int ec,
				vaddr_t *addr)
{
	*addr = 0;
	switch (ec) {
	case ESR_EC_UNKNOWN:
	case ESR_EC_ILLEGAL_STATE:
		return TRAP_ILLEGAL;
	case ESR_EC_BRK64:
		return TRAP_BREAKPOINT;
	case ESR_EC_IABT_CUR:
	case ESR_EC_IABT_LOWER:
		*addr = tf->far;
		return TRAP_PAGE_FAULT;
	case ESR_EC_DABT_CUR:
	case ESR_EC_DABT_LOWER:
		*addr = tf->far;
		return (tf->esr & 0x3f) == DFSC_ALIGNMENT ? TRAP_ALIGNMENT
							 : TRAP_PAGE_FAULT;
	case ESR_EC_PC_ALIGN:
		*addr = tf->far;
		return TRAP_ALIGNMENT;
	case ESR_EC_SP_ALIGN:
		return TRAP_ALIGNMENT;
	case ESR_EC_FP64:
		return TRAP_ARITHMETIC;
	default:
		return TRAP_OTHER;
	}
}

/*
 * arm64_sync_trap: a synchronous exception from EL1.  Decodes the class,
 * hands it to kernel_trap() (which panics unless the trap was announced)
 * and resumes after the trapping instruction: every A64 instruction is
 * four bytes, and ELR points at the instruction itself for BRK, UDF and
 * aborts alike.
 * Conditions: IRQ/FIQ masked on entry and exit.
 */
void arm64_sync_trap(struct trap_frame *tf)
{
	unsigned int ec = (tf->esr >> ESR_EC_SHIFT) & 0x3f;
	enum trap_kind kind;
	vaddr_t addr;

	/* Semihosting without a debugger: the call fails, it does not trap. */
	if (ec == ESR_EC_UNKNOWN && tf->pc == (uintptr_t)arm64_semihost_hlt) {
		tf->x[0] = (uint64_t)-1;
		tf->pc += 4;
		return;
	}
	if ((ec == ESR_EC_IABT_CUR || ec == ESR_EC_DABT_CUR) &&
	    kernel_abort_recover(tf, ec == ESR_EC_DABT_CUR))
		return;
	kind = sync_kind(tf, ec, &addr);
	if (kernel_trap(kind, tf->esr, addr, tf))
		tf->pc += 4;
}

/*
 * arm64_el0_sync: a synchronous exception from EL0 (frame at the top of
 * the thread's kernel stack) other than svc #0, which the vector sends
 * straight to syscall_dispatch (vectors.S, el0_sync; ELR already points
 * after the svc); another svc immediate raises EXC_SOFTWARE, as on GNU
 * Mach.  A
 * trapped FP/SIMD access is the thread's first since it was switched to:
 * arm64_fpu_trap gives it the registers and the instruction runs again.  Aborts (but alignment faults) first go to the
 * reference/modify emulation, then to the VM (vm_fault_user, interrupts
 * enabled meanwhile); a fault the VM cannot resolve goes to user_fault(),
 * every other exception to user_trap(): both raise a Mach exception and
 * come back when the thread may go on.  Finally ast_check(true): a
 * reschedule, suspension or termination that became due meanwhile
 * happens before EL0 runs again.
 * Conditions: IRQ/FIQ masked on entry and exit.
 */
void arm64_el0_sync(struct trap_frame *tf)
{
	unsigned int ec = (tf->esr >> ESR_EC_SHIFT) & 0x3f;
	enum trap_kind kind;
	vaddr_t addr;

	if (ec == ESR_EC_FP) {
		arm64_fpu_trap(current_thread());	/* lazy FP: fpu.c */
	} else if ((ec == ESR_EC_IABT_LOWER || ec == ESR_EC_DABT_LOWER) &&
		   sync_kind(tf, ec, &addr) == TRAP_PAGE_FAULT) {
		bool data = ec == ESR_EC_DABT_LOWER;
		kern_return_t kr;

		if (!abort_emulated(tf, data)) {
			kr = vm_fault_user(tf->far, abort_access(tf, data), true);
			if (kr != KERN_SUCCESS)
				user_fault(kr, tf->esr, tf->far, tf);
		}
	} else {
		kind = sync_kind(tf, ec, &addr);
		if (ec == ESR_EC_SYSREG || ec == ESR_EC_WFX)
			kind = TRAP_ILLEGAL;	/* not allowed at EL0 */
		user_trap(kind, tf->esr, addr, tf);
	}
	cpu_intr_disable();
	ast_check(true);
}

/*
 * md_exception_code: see kern/machine.h; the codes are in
 * include/mach/aarch64/exception.h.  ELR names the trapping instruction
 * for every class here (brk, udf, aborts), so the pc needs no fix-up.
 */
void md_exception_code(enum trap_kind kind, unsigned long code, vaddr_t addr,
		       struct trap_frame *tf, int *exception, int *ecode,
		       int64_t *subcode)
{
	unsigned int ec = (code >> ESR_EC_SHIFT) & 0x3f;

	(void)tf;
	*subcode = (int64_t)code;
	switch (ec) {
	case ESR_EC_SVC64:
		*exception = EXC_SOFTWARE;
		*ecode = EXC_AARCH64_SVC;
		*subcode = (int64_t)(code & 0xffff);
		return;
	case ESR_EC_BRK64:
		*exception = EXC_BREAKPOINT;
		*ecode = EXC_AARCH64_BRK;
		*subcode = (int64_t)(code & 0xffff);
		return;
	case ESR_EC_ILLEGAL_STATE:
		*exception = EXC_BAD_INSTRUCTION;
		*ecode = EXC_AARCH64_IL;
		return;
	case ESR_EC_FP64:
		/* ISS: IDF bit 7, IXF 4, UFF 3, OFF 2, DZF 1, IOF 0. */
		*exception = EXC_ARITHMETIC;
		*ecode = (code & 0x1) ? EXC_AARCH64_IOF :
			 (code & 0x2) ? EXC_AARCH64_DZF :
			 (code & 0x4) ? EXC_AARCH64_OFF :
			 (code & 0x8) ? EXC_AARCH64_UFF :
			 (code & 0x10) ? EXC_AARCH64_IXF : EXC_AARCH64_IDF;
		return;
	case ESR_EC_PC_ALIGN:
		*exception = EXC_BAD_ACCESS;
		*ecode = EXC_AARCH64_AL_PC;
		*subcode = (int64_t)addr;
		return;
	case ESR_EC_SP_ALIGN:
		*exception = EXC_BAD_ACCESS;
		*ecode = EXC_AARCH64_AL_SP;
		return;
	case ESR_EC_DABT_LOWER:
	case ESR_EC_IABT_LOWER:
		*exception = EXC_BAD_ACCESS;
		*ecode = kind == TRAP_ALIGNMENT ? EXC_AARCH64_AL
						: KERN_PROTECTION_FAILURE;
		*subcode = (int64_t)addr;
		return;
	default:
		*exception = EXC_BAD_INSTRUCTION;
		*ecode = EXC_AARCH64_UNK;
		return;
	}
}

/* md_syscall_extra_arg (kern/machine.h): x0-x6 of the user frame. */
bool md_syscall_extra_arg(unsigned int index, uintptr_t *value)
{
	const struct trap_frame *tf = current_thread()->md.user_tf;

	if (index > 6 || !tf)
		return false;
	*value = tf->x[index];
	return true;
}

/*
 * arm64_irq: an IRQ taken in EL1 or EL0.  The GIC driver acknowledges,
 * runs the handler and signals end of interrupt.  Then an AST may preempt
 * the interrupted thread right here: always on the way back to EL0
 * (ast_check(true)), and in EL1 if the interrupted code had IRQs unmasked
 * (saved SPSR.I clear).  The frame stays on this thread's stack until it
 * runs again, and the exit reloads ELR/SPSR (and SP_EL0) from the frame,
 * so what other threads' entries did to those registers meanwhile does
 * not matter.
 * Conditions: IRQ/FIQ masked on entry and exit.
 */
void arm64_irq(struct trap_frame *tf)
{
	gic_dispatch();
	if ((tf->pstate & SPSR_M_MASK) == SPSR_M_EL0T)
		ast_check(true);
	else if (!(tf->pstate & SPSR_I))
		ast_check(false);
}

/*
 * arm64_bad_exception: FIQ, SError, and every vector the kernel does not
 * use yet (EL1t, lower ELs).  Reports and panics.
 */
void arm64_bad_exception(struct trap_frame *tf, unsigned long idx)
{
	panic_trap(tf, "unexpected %s exception (esr 0x%llx)",
		   idx < 16 ? vector_names[idx] : "?",
		   (unsigned long long)tf->esr);
}

/*
 * arm64_stack_overflow: the exception entry found no room on the kernel
 * stack (vectors.S, check_stack) and saved the frame on the overflow
 * stack instead; sp is the interrupted stack pointer.  Panics with the
 * fault and the thread whose stack overflowed.
 */
void arm64_stack_overflow(struct trap_frame *tf, uintptr_t sp)
{
	thread_t self = current_processor()->active_thread;

	tf->sp = sp;
	panic_trap(tf, "kernel stack overflow in thread %s (sp 0x%lx, stack "
		   "0x%lx-0x%lx, far 0x%lx, esr 0x%llx)",
		   self ? self->name : "boot", (unsigned long)sp,
		   self ? (unsigned long)self->kstack : 0UL,
		   self ? (unsigned long)(self->kstack + self->kstack_size) : 0UL,
		   (unsigned long)tf->far, (unsigned long long)tf->esr);
}

/*
 * arm64_trap_frame_fp: where a backtrace of an exception starts.  x29 is
 * the trapping function's own frame unless the trap came before its
 * prologue or after its epilogue (or in a function without a frame); then
 * x29 is the caller's frame and the caller appears only in x30.  That is
 * assumed when x30 is neither the return address in x29's record nor an
 * address inside the trapping function; the walk then starts from the
 * {x29, x30} record saved in the frame, so the caller is not skipped.
 */
uintptr_t arm64_trap_frame_fp(const struct trap_frame *tf)
{
	uintptr_t fp = tf->x[29], lr = tf->x[30], pc_off, lr_off;
	const char *pc_sym, *lr_sym;

	if (fp == 0 || (fp & 7) || fp < DIRECT_MAP_BASE || lr < KERNEL_VIRT_BASE)
		return fp;
	if (((const uintptr_t *)fp)[1] == lr)
		return fp;
	pc_sym = ksym_lookup(tf->pc, &pc_off);
	lr_sym = ksym_lookup(lr - 4, &lr_off);
	if (!lr_sym || (pc_sym && tf->pc - pc_off == lr - 4 - lr_off))
		return fp;
	return (uintptr_t)tf->leaf;
}

/*
 * md_dump_trap_frame: the decoded syndrome, pc, sp, pstate, fault address
 * and all 31 general registers.
 */
void md_dump_trap_frame(const struct trap_frame *tf)
{
	unsigned int ec = (tf->esr >> ESR_EC_SHIFT) & 0x3f;
	uintptr_t off;
	const char *sym = ksym_lookup(tf->pc, &off);

	kprintf("  pc  %016llx", (unsigned long long)tf->pc);
	if (sym)
		kprintf(" <%s+0x%lx>", sym, (unsigned long)off);
	kprintf("\n  sp  %016llx  pstate %08llx (EL%llu%c, DAIF %c%c%c%c)\n",
		(unsigned long long)tf->sp, (unsigned long long)tf->pstate,
		(unsigned long long)(tf->pstate >> 2) & 3,
		(tf->pstate & 1) ? 'h' : 't',
		(tf->pstate & (1 << 9)) ? 'D' : '-',
		(tf->pstate & (1 << 8)) ? 'A' : '-',
		(tf->pstate & (1 << 7)) ? 'I' : '-',
		(tf->pstate & (1 << 6)) ? 'F' : '-');
	if (tf->esr)
		kprintf("  esr %08llx (EC 0x%02x: %s, IL %llu, ISS 0x%llx)"
			"  far %016llx\n",
			(unsigned long long)tf->esr, ec, arm64_esr_class_name(ec),
			(unsigned long long)(tf->esr >> 25) & 1,
			(unsigned long long)tf->esr & 0x1ffffff,
			(unsigned long long)tf->far);
	else
		kprintf("  esr -          (asynchronous)\n");
	for (int i = 0; i < 31; i++) {
		kprintf("  x%-2d %016llx", i, (unsigned long long)tf->x[i]);
		if (i % 4 == 3 || i == 30)
			kprintf("\n");
	}
}
