/*
 * pmap/i386/trap.c - the interrupt descriptor table and trap dispatch.
 *
 * All 256 vectors enter through locore.S and arrive in trap_dispatch() with
 * interrupts disabled.  Vectors 0-31 are CPU exceptions: a kernel-mode one
 * is decoded into a trap_kind and handed to kernel_trap(), which either
 * accepts it (an expected trap from a test or benchmark: we resume after the
 * trapping instruction) or panics with the report.  Vectors from 32 up are
 * device interrupts: the local APIC timer, its error and spurious vectors,
 * and the spurious vectors of the masked 8259 PICs.  Exceptions from user
 * mode go to user_trap(); every return to user mode, and every return from
 * an interrupt into kernel code that had interrupts enabled, is a
 * preemption point (ast_check).
 *
 * A kernel page fault is first checked for staleness (a TLB entry older
 * than a mapping that now allows the access: retry), then looked up in the
 * recovery table of copy.S (copyin/copyout, md_probe_*): a fault there on
 * a user address is offered to the VM (vm_fault_user: valid memory not
 * yet mapped is mapped and the copy retried), and otherwise resumes at the
 * recovery label, which returns failure; only then is it fatal.  A user
 * page fault goes the same way: staleness, then vm_fault_user, then
 * user_trap.  The x86 MMU keeps the accessed/dirty bits itself, so no
 * fault is needed to emulate them.
 */
#include <kern/types.h>
#include <kern/machine.h>
#include <kern/trap.h>
#include <kern/panic.h>
#include <kern/console.h>
#include <kern/processor.h>
#include <kern/sched_prim.h>
#include <kern/thread.h>
#include <vm/vm_fault.h>
#include <mach/exception.h>
#include "x86.h"

struct idt_gate {
	uint16_t offset_lo;
	uint16_t selector;
	uint8_t ist;
	uint8_t type_attr;
	uint16_t offset_mid;
	uint32_t offset_hi;
	uint32_t reserved;
} __packed;

_Static_assert(sizeof(struct idt_gate) == 16, "IDT gate size");

static struct idt_gate idt[256] __aligned(16);

static const char *const exception_names[32] = {
	"divide error", "debug", "NMI", "breakpoint", "overflow",
	"bound range", "invalid opcode", "device not available",
	"double fault", "coprocessor overrun", "invalid TSS",
	"segment not present", "stack fault", "general protection",
	"page fault", "reserved 15", "x87 error", "alignment check",
	"machine check", "SIMD error", "virtualization", "control protection",
	"reserved 22", "reserved 23", "reserved 24", "reserved 25",
	"reserved 26", "reserved 27", "hypervisor injection",
	"VMM communication", "security", "reserved 31",
};

/* Name of an exception vector, for reports. */
const char *x86_vector_name(unsigned long vector)
{
	if (vector < 32)
		return exception_names[vector];
	if (vector == VEC_SYSCALL)
		return "syscall";
	return vector == VEC_USER_SET ? "frame set by the kernel" : "interrupt";
}

/*
 * set_gate: an interrupt gate (IF cleared on entry).  DPL 0 except for
 * #BP: user code may run int3 (a breakpoint reaches user_trap as one);
 * any other `int n` from user mode raises #GP.
 */
static void set_gate(unsigned int vec, uintptr_t handler, unsigned int ist)
{
	struct idt_gate *g = &idt[vec];

	g->offset_lo = handler & 0xffff;
	g->selector = SEL_KCODE;
	g->ist = ist;
	/* present, 64-bit interrupt gate, DPL 3 or 0 */
	g->type_attr = vec == VEC_BP ? 0xee : 0x8e;
	g->offset_mid = (handler >> 16) & 0xffff;
	g->offset_hi = handler >> 32;
	g->reserved = 0;
}

/*
 * idt_init: fill and load the IDT.  #DF, NMI and #MC switch to their IST
 * stacks.  Conditions: interrupts disabled; gdt_init() has loaded the TSS
 * (the IST pointers are only read when such a trap is delivered).
 */
void idt_init(void)
{
	struct {
		uint16_t limit;
		uint64_t base;
	} __packed idtr = { sizeof(idt) - 1, (uint64_t)(uintptr_t)idt };

	for (unsigned int v = 0; v < 256; v++)
		set_gate(v, trap_stubs[v], 0);
	set_gate(VEC_DF, trap_stubs[VEC_DF], IST_DF);
	set_gate(VEC_NMI, trap_stubs[VEC_NMI], IST_NMI);
	set_gate(VEC_MC, trap_stubs[VEC_MC], IST_MC);

	__asm__ volatile("lidt %0" : : "m"(idtr) : "memory");
}

/* Map an exception vector to the machine-independent trap kind. */
static enum trap_kind exception_kind(unsigned long vector)
{
	switch (vector) {
	case 3:
		return TRAP_BREAKPOINT;
	case 6:
		return TRAP_ILLEGAL;
	case 14:
		return TRAP_PAGE_FAULT;
	case 17:
		return TRAP_ALIGNMENT;
	case 0:
	case 16:
	case 19:
		return TRAP_ARITHMETIC;
	default:
		return TRAP_OTHER;
	}
}

/* copy.S: where a fault may be absorbed, and how. */
struct recover_entry {
	uintptr_t start, end, recovery, flags;
};
#define RECOVER_USER	1	/* only faults on user addresses */

extern const struct recover_entry copy_recover_table[], copy_recover_table_end[];

/*
 * fault_access: the access a #PF error code describes (I/D bit 4: an
 * instruction fetch; W bit 1: a write; else a read).  A fault with the
 * RSVD bit (3) set is a broken table, never the VM's to resolve:
 * VM_PROT_NONE, which vm_fault_user refuses.
 */
static vm_prot_t fault_access(uint64_t error)
{
	if (error & 8)
		return VM_PROT_NONE;
	if (error & 16)
		return VM_PROT_EXECUTE;
	return (error & 2) ? VM_PROT_WRITE : VM_PROT_READ;
}

/*
 * fault_recover: if the faulting instruction is one of copy.S's and the
 * fault is one its entry absorbs: on a user address the VM may resolve
 * it (retry the instruction), else resume at the recovery label.
 * Returns whether the frame is ready to resume.
 */
static bool fault_recover(struct trap_frame *tf)
{
	bool user = tf->cr2 - USER_VA_MIN < USER_VA_MAX - USER_VA_MIN;

	for (const struct recover_entry *r = copy_recover_table;
	     r < copy_recover_table_end; r++) {
		if (tf->rip < r->start || tf->rip >= r->end)
			continue;
		if ((r->flags & RECOVER_USER) && !user)
			return false;
		if (user && vm_fault_user(tf->cr2, fault_access(tf->error),
					  tf->rflags & RFLAGS_IF) == KERN_SUCCESS)
			return true;
		tf->rip = r->recovery;
		return true;
	}
	return false;
}

/* copyin / copyout (kern/machine.h) are copy.S's, which returns this. */
_Static_assert(MD_EFAULT == 14, "copy.S's COPY_EFAULT");

/*
 * double_fault: #DF, on its own IST stack.  The one expected cause is a
 * kernel stack overflow: a push (or the delivery of a #PF) ran into the
 * unmapped guard page below the current thread's stack, and the #PF could
 * not be delivered because its frame would land in the same page.  CR2
 * still holds that address; rsp of the frame is near the stack's bottom.
 * Either one inside the guard page names the overflow.  Never returns.
 */
static void __noreturn double_fault(struct trap_frame *tf)
{
	struct thread *t = current_processor()->active_thread;
	uintptr_t lo = t ? t->md.stack_lo : (uintptr_t)boot_stack;
	uintptr_t cr2 = read_cr2();

	if (cr2 - (lo - PAGE_SIZE) < PAGE_SIZE ||
	    tf->rsp - (lo - PAGE_SIZE) < PAGE_SIZE + 256)
		panic_trap(tf, "kernel stack overflow in thread %s (stack %#lx, "
			   "rsp %#lx, cr2 %#lx)", t ? t->name : "boot",
			   (unsigned long)lo, (unsigned long)tf->rsp,
			   (unsigned long)cr2);
	panic_trap(tf, "double fault (cr2 %#lx)", (unsigned long)cr2);
}

/*
 * user_exception: a CPU exception in user mode.  A page fault is first
 * offered to the pmap (a stale TLB entry is retried, as in the kernel),
 * then to the VM (vm_fault_user, interrupts enabled meanwhile); what the
 * VM cannot resolve goes to user_fault(), anything else to user_trap():
 * both raise a Mach exception.  Returns to resume the thread from its
 * frame (the faulting instruction again, unless a handler changed it).
 */
static void user_exception(struct trap_frame *tf)
{
	if (tf->vector == VEC_PF) {
		kern_return_t kr;

		if (pmap_fault_is_spurious(tf->cr2, tf->error, tf->rflags))
			return;
		kr = vm_fault_user(tf->cr2, fault_access(tf->error), true);
		if (kr != KERN_SUCCESS)
			user_fault(kr, tf->vector, tf->cr2, tf);
		return;
	}
	user_trap(exception_kind(tf->vector), tf->vector, 0, tf);
}

/*
 * md_exception_code: see kern/machine.h.  GNU Mach's i386 codes
 * (include/mach/x86_64/exception.h).  int3 leaves rip after itself: rip
 * is moved back onto it (one byte, 0xcc; or the two of `int $3`), so that
 * the handler sees the breakpoint's address and a resumed thread runs it
 * again unless the handler steps over it, as on the other ports.
 */
void md_exception_code(enum trap_kind kind, unsigned long code, vaddr_t addr,
		       struct trap_frame *tf, int *exception, int *ecode,
		       int64_t *subcode)
{
	uint8_t ins[2];

	(void)kind;
	*subcode = 0;
	switch (code) {
	case 0:
		*exception = EXC_ARITHMETIC;
		*ecode = EXC_I386_DIV;
		return;
	case 16:
	case 19:
		*exception = EXC_ARITHMETIC;
		*ecode = EXC_I386_EXTERR;
		return;
	case 1:
		*exception = EXC_BREAKPOINT;
		*ecode = EXC_I386_SGL;
		return;
	case VEC_BP:
		*exception = EXC_BREAKPOINT;
		*ecode = EXC_I386_BPT;
		/* The last byte first: it was just executed, so it is
		 * mapped; the one before only for `int $3`, both of whose
		 * bytes were. */
		if (copyin((const void *)(tf->rip - 1), &ins[1], 1) == 0) {
			if (ins[1] == 0xcc)
				tf->rip -= 1;
			else if (ins[1] == 3 &&
				 copyin((const void *)(tf->rip - 2), ins, 1) == 0 &&
				 ins[0] == 0xcd)
				tf->rip -= 2;
		}
		*subcode = (int64_t)tf->rip;
		return;
	case 6:
		*exception = EXC_BAD_INSTRUCTION;
		*ecode = EXC_I386_INVOP;
		return;
	case 10:
	case 11:
	case 12:
	case VEC_GP:
		*exception = EXC_BAD_INSTRUCTION;
		*ecode = (int)code;	/* EXC_I386_*FLT: the vector */
		*subcode = addr ? (int64_t)addr : (int64_t)(tf->error & 0xffff);
		return;
	case 17:
		*exception = EXC_BAD_ACCESS;
		*ecode = EXC_I386_ALIGNFLT;
		*subcode = (int64_t)addr;
		return;
	default:
		*exception = EXC_BAD_INSTRUCTION;
		*ecode = (int)code;
		return;
	}
}

/*
 * exception: a CPU exception.  Kernel-mode traps go to kernel_trap(); when
 * it accepts one we resume after the trapping instruction.  int3 already
 * left rip past itself; #UD is taken to be the 2-byte ud2 (the only
 * deliberate illegal instruction in the kernel); a faulting instruction of
 * another kind cannot be stepped over without decoding it, so only the
 * kinds above may be resumed.
 */
static void exception(struct trap_frame *tf)
{
	enum trap_kind kind = exception_kind(tf->vector);
	vaddr_t addr = tf->vector == VEC_PF ? tf->cr2 : 0;

	/* The IST vectors are never a user thread's doing, and ending a
	 * thread from a CPU's IST stack would switch away from that stack. */
	if (tf->vector == VEC_DF)
		double_fault(tf);
	if (tf->vector == VEC_NMI || tf->vector == VEC_MC)
		panic_trap(tf, "%s", x86_vector_name(tf->vector));
	if (trap_frame_user(tf)) {
		user_exception(tf);
		return;
	}
	if (tf->vector == VEC_PF &&
	    (pmap_fault_is_spurious(tf->cr2, tf->error, tf->rflags) || fault_recover(tf)))
		return;
	if (!kernel_trap(kind, tf->vector, addr, tf))
		panic_trap(tf, "kernel_trap returned false");

	switch (tf->vector) {
	case 3:
		break;
	case 6: {
		const uint8_t *ip = (const uint8_t *)(uintptr_t)tf->rip;

		if (ip[0] != 0x0f || ip[1] != 0x0b)
			panic_trap(tf, "expected #UD was not a ud2");
		tf->rip += 2;
		break;
	}
	default:
		panic_trap(tf, "cannot resume after %s: instruction length "
			   "unknown", x86_vector_name(tf->vector));
	}
}

/*
 * x86_bad_user_return: x86_return_to_user found a non-canonical rip in a
 * user frame (a bad entry point): iretq would raise #GP in kernel mode.
 * Raise the #GP the user instruction stream would have met (subcode: the
 * address); if a handler resumes the thread (it will have fixed rip),
 * x86_return_to_user checks the frame again after ast_check.
 * Conditions: interrupts disabled, on the thread's kernel stack; returns
 * with them disabled.
 */
void x86_bad_user_return(struct trap_frame *tf)
{
	user_trap(TRAP_OTHER, VEC_GP, tf->rip, tf);
	ast_check(true);
}

/* interrupt: a device interrupt (vector >= 32), acknowledged here. */
static void interrupt(unsigned long v)
{
	switch (v) {
	case VEC_LAPIC_TIMER:
		lapic_timer_intr();
		return;
	case VEC_LAPIC_ERROR:
		lapic_error_intr();
		return;
	case VEC_LAPIC_SPURIOUS:
	case VEC_PIC_BASE + 7:		/* 8259 spurious: no EOI */
	case VEC_PIC_BASE + 15:
		return;
	default:
		kprintf("x86_64: unexpected interrupt vector %lu\n", v);
		lapic_eoi();
		return;
	}
}

/*
 * trap_dispatch: called by trap_common for every vector, interrupts
 * disabled, on the interrupted thread's kernel stack (or an IST stack).
 * After the handler (and its EOI) comes the preemption point, still with
 * interrupts disabled: ast_check(true) on every return to user mode;
 * ast_check(false) after a device interrupt that came in while the kernel
 * had interrupts enabled.  ast_check may switch threads here: the frame
 * stays on this thread's stack until it runs again, and nothing of the
 * entry is kept in per-CPU state.  The IST vectors (#DF, NMI, #MC) never
 * switch: their stack is the CPU's, not the thread's.  Returns to resume
 * the (possibly modified) frame.
 */
void trap_dispatch(struct trap_frame *tf)
{
	unsigned long v = tf->vector;

	if (v < 32)
		exception(tf);
	else
		interrupt(v);

	if (trap_frame_user(tf)) {
		if (v != VEC_NMI && v != VEC_DF && v != VEC_MC)
			ast_check(true);
	} else if (v >= 32 && (tf->rflags & RFLAGS_IF)) {
		ast_check(false);
	}
}
