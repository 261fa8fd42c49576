/*
 * kern/machine.h - the machine-dependent interface every port provides.
 *
 * The machine-independent core (kern/, ipc/, vm/, device/) never tests the
 * architecture.  Everything it needs from the CPU or the board is declared
 * here (functions, implemented under pmap/<port>/) or in the per-port headers
 * that every port provides under the same names:
 *
 *   <machine/cpu.h>        static inline CPU primitives (see list below)
 *   <machine/memlayout.h>  the kernel's virtual memory layout constants
 *   <machine/trap.h>       struct trap_frame, the saved register state, and
 *                          static inline uintptr_t trap_frame_pc(const struct
 *                          trap_frame *) and trap_frame_fp(...) returning the
 *                          saved program counter and frame pointer
 *
 * The per-port include directory (pmap/<port>/include) is put on the include
 * path by the build, so "#include <machine/cpu.h>" picks the right one.
 *
 * <machine/cpu.h> must define, as static inline functions or macros:
 *
 *   #define MACHINE_NAME "x86_64" | "arm64" | "riscv64"  (port name in reports)
 *   #define MACHINE_ELF_MACHINE EM_X86_64 (62) | EM_AARCH64 (183) | EM_RISCV (243)
 *   #define MACHINE_CPU_TYPE, MACHINE_CPU_SUBTYPE  what host_info and
 *                                         processor_info report
 *                                         (include/mach/machine.h)
 *   intr_state_t                 opaque saved interrupt-enable state
 *   intr_state_t cpu_intr_save(void)      disable interrupts, return old state
 *   void cpu_intr_restore(intr_state_t)   restore a state from cpu_intr_save
 *   void cpu_intr_enable(void)            enable interrupts
 *   void cpu_intr_disable(void)           disable interrupts
 *   bool cpu_intr_enabled(void)           are interrupts enabled?
 *   void cpu_relax(void)                  spin-wait hint (pause/yield/nop)
 *   void cpu_idle(void)                   wait for an interrupt; called with
 *                                         interrupts disabled, returns with
 *                                         them disabled, and must not lose a
 *                                         wakeup that arrives between the
 *                                         caller's check and the wait
 *   uint64_t cpu_cycles(void)             free-running cycle counter; under
 *                                         QEMU -icount shift=0 it counts
 *                                         guest instructions exactly
 *   void cpu_breakpoint(void)             execute the ISA breakpoint instr.
 *   void cpu_illegal_instruction(void)    execute a defined-illegal instr.
 *   unsigned int cpu_number(void)         this CPU's index, 0 .. MAX_CPUS-1
 *                                         (0 while only the boot CPU runs)
 *   uintptr_t cpu_frame_pointer(void)     the caller's frame pointer
 *   bool cpu_frame_unwind(uintptr_t *fp, uintptr_t *pc)
 *                                         one step of a frame-pointer walk:
 *                                         given a frame pointer, yield the
 *                                         return address and the caller's
 *                                         frame pointer; false at the end
 */
#ifndef KERN_MACHINE_H
#define KERN_MACHINE_H

#include <kern/types.h>
#include <machine/cpu.h>
#include <machine/memlayout.h>
#include <machine/trap.h>
#include <kern/trap.h>
#include <mach/kern_return.h>

/*
 * Boot.  Each port's entry code establishes the kernel's virtual layout
 * (kernel image at KERNEL_VIRT_BASE, all RAM in the direct map at
 * DIRECT_MAP_BASE), a boot stack, a console, fills struct boot_info
 * (kern/bootinfo.h) and installs its trap vectors.  It then calls
 * kern_main() (kern/main.c) with interrupts disabled, never to return.
 */
void kern_main(void) __noreturn;

/*
 * md_cpu_init: finish per-CPU setup that needs the MI allocators (interrupt
 * controller, per-CPU state).  Called once by kern_main() with interrupts
 * disabled, after bootmem_init().
 */
void md_cpu_init(void);

/*
 * md_io_map: make a range of device registers accessible to the kernel with
 * device (uncached, strongly ordered) attributes.  Returns the kernel virtual
 * address of pa, or 0 if the range cannot be mapped.  May be called before
 * and after the VM system is up.
 */
vaddr_t md_io_map(paddr_t pa, size_t size);

/*
 * Clock.  md_timer_start arranges for clock_interrupt() (kern/clock.h) to be
 * called hz times a second, with interrupts disabled, from the timer
 * interrupt.  md_clock_ns returns a monotonic time in nanoseconds read from a
 * reference counter that does not depend on timer interrupts being taken
 * (TSC, CNTVCT, the time CSR).
 */
void md_timer_start(unsigned int hz);
uint64_t md_clock_ns(void);

/*
 * md_exit: leave the machine with a status.  Under QEMU a test build uses
 * the board's exit device (isa-debug-exit, semihosting, sifive test) so that
 * QEMU exits with a status that tools/qemu-run maps back: 0 is success.
 * On hardware without such a device the machine powers off or halts.
 */
void md_exit(int status) __noreturn;

/*
 * md_halt: stop this CPU forever with interrupts disabled (panic uses it).
 */
void md_halt(void) __noreturn;

/*
 * md_dump_cpu_state: print the current CPU's registers and the interesting
 * system registers (page-table base, status, cause) to the console.  Used by
 * panic() when there is no trap frame.
 */
void md_dump_cpu_state(void);

/*
 * md_dump_trap_frame: print a saved trap frame: every general register, the
 * program counter, the stack pointer, status and the faulting address.
 */
void md_dump_trap_frame(const struct trap_frame *tf);

/*
 * User memory access (pmap issue onward).
 *
 * <machine/memlayout.h> defines USER_VA_MIN and USER_VA_MAX: the user half
 * of every address space is [USER_VA_MIN, USER_VA_MAX).
 *
 * copyin / copyout: copy len bytes between the current user address space
 * and the kernel.  The user range must lie wholly inside [USER_VA_MIN,
 * USER_VA_MAX) (checked without overflow); user access is enabled only for
 * the duration of the copy (SUM on RISC-V, PAN off on arm64, STAC/CLAC
 * where SMAP is on).  A fault on the user address that the VM cannot
 * resolve makes them return MD_EFAULT instead of panicking: the port's
 * kernel fault path finds the faulting pc in a recovery table and resumes
 * at the recovery label.  (The VM is asked first, vm_fault_user, unless
 * the caller holds a simple lock: the map's could be among them, so such a
 * copy fails on memory not yet mapped.)  Return 0 or MD_EFAULT.
 *
 * md_probe_read / md_probe_write: one byte access to ANY kernel or user
 * address with the same recovery: returns false if the access faulted.
 * Tests use them to prove that a mapping is absent or read-only (kernel
 * text included).  User access is enabled around the access.
 */
#define MD_EFAULT 14
int copyin(const void *user_src, void *kernel_dst, size_t len);
int copyout(const void *kernel_src, void *user_dst, size_t len);
bool md_probe_read(const volatile void *addr, uint8_t *value);
bool md_probe_write(volatile void *addr, uint8_t value);

/*
 * Threads (threads issue).  <machine/thread.h> defines struct
 * machine_thread, embedded first in struct thread (kern/thread.h): the
 * saved kernel context, the user register frame, the FPU/SIMD state.
 *
 * md_thread_init_boot: the running boot context becomes thread t (its
 *   stack is the boot stack).
 * md_thread_init: t->kstack and t->kstack_size are set; prepare t so that
 *   the first md_switch() to it runs the port's trampoline, which calls
 *   thread_startup(prev) (kern/sched_prim.h) with interrupts disabled;
 *   if that returns (a user thread), the trampoline enters user mode
 *   with the registers md_thread_set_user_entry() set.
 * md_thread_set_user_entry: user pc and stack pointer of a new thread;
 *   every other user register zero, FPU state clean.
 * md_thread_destroy: free any machine-dependent resources of t.
 * md_switch: save the current kernel context (callee-saved registers, sp,
 *   the FPU state of a user thread) in from, load to's, and make to's
 *   kernel stack the one traps from user mode land on (TSS rsp0,
 *   sscratch, SP_EL1 discipline).  Returns, in the context of `from` when
 *   it is eventually resumed, the thread that was running just before.
 *   Called with interrupts disabled and sched_lock held.
 */
struct thread;
void md_thread_init_boot(struct thread *t);
void md_thread_init(struct thread *t);
void md_thread_set_user_entry(struct thread *t, vaddr_t pc, vaddr_t sp);
void md_thread_destroy(struct thread *t);
struct thread *md_switch(struct thread *from, struct thread *to);

/*
 * Thread state (thread_get_state / thread_set_state).  The user register
 * state of t in one of the port's flavours, GNU Mach's where GNU Mach has
 * them (include/mach/<isa>/thread_status.h); state is an array of 32-bit
 * words, as in the message.
 *
 * md_thread_get_state: *count is the capacity of state on entry and the
 *   words written on return.
 * md_thread_set_state: count words are given; more than the flavour needs
 *   is accepted.  Whatever the user may not control (privilege level,
 *   interrupt enable, segment selectors ...) is forced to the user values,
 *   so no state set here can enter the kernel's mode.
 * Both return KERN_SUCCESS, or KERN_INVALID_ARGUMENT for a flavour the
 * port does not serve or a count smaller than the flavour.
 * Conditions: t is a user thread (md_thread_set_user_entry done) other
 * than the current one, and cannot run meanwhile (the caller disables
 * preemption; one processor).  Its user frame is the state it will
 * resume with; a thread blocked in a trap overwrites the return-value
 * register when the trap returns (thread_abort first, as on Mach).
 */
int md_thread_get_state(struct thread *t, int flavor, uint32_t *state,
			unsigned int *count);
int md_thread_set_state(struct thread *t, int flavor, const uint32_t *state,
			unsigned int count);

/*
 * System calls and user traps (threads issue).  The port's entry from
 * user mode saves the full frame on the thread's kernel stack, then:
 *  - for the system call instruction calls syscall_dispatch(tf)
 *    (kern/syscall.c), which reads the call number and arguments with
 *    md_syscall_number / md_syscall_args and stores the result with
 *    md_syscall_set_return (ABI in ../shared/design.md: x86_64 rax and
 *    rdi rsi rdx r10 r8 r9, 7th at user rsp+8; arm64 x8 and x0-x6;
 *    riscv64 a7 and a0-a6; result in rax / x0 / a0);
 *  - for a page fault, after the pmap's own fix-up, calls
 *    vm_fault_user(addr, access, true) (vm/vm_fault.h) and retries the
 *    instruction if it succeeds, else calls user_fault(kr, code, addr,
 *    tf) with vm_fault_user's error kr;
 *  - for every other synchronous exception calls user_trap(kind, code,
 *    addr, tf) (code: the vector, ESR or scause; addr: the fault address
 *    where there is one, else 0);
 *  - for interrupts, the interrupt dispatch;
 * and finally calls ast_check(true) with interrupts disabled before
 * restoring the frame.  Kernel-mode interrupts call ast_check(false) when
 * the interrupted context had interrupts enabled.  md_syscall_args
 * copies the first nargs (at most 7) arguments into args in one call; it
 * may fault on the user stack (x86_64's 7th argument) and returns false
 * then.  The three accessors run on every trap: each port defines them as
 * static inline functions in <machine/trap.h>, straight-line:
 *   long md_syscall_number(const struct trap_frame *tf);
 *   bool md_syscall_args(const struct trap_frame *tf, unsigned int nargs,
 *                        uintptr_t *args);
 *   void md_syscall_set_return(struct trap_frame *tf, uintptr_t value);
 */
/*
 * md_syscall_extra_arg: argument `index` (0-6; 6 is the seventh) of the
 * system call the current thread is making, fetched on demand by a trap
 * registered with fewer arguments than its ABI has, for an argument it
 * needs only sometimes (mach_msg_trap's notify, read only with the
 * MACH_SEND_NOTIFY, MACH_SEND_CANCEL and MACH_RCV_NOTIFY options, so that
 * an ordinary message never pays x86_64's copyin from the user stack).
 * Reads the current thread's user frame (the one syscall_dispatch got),
 * the same registers and stack slot as md_syscall_args.  Returns false
 * for an index above 6 or when the argument lives in user memory that
 * cannot be read (x86_64: a bad user rsp); never faults in the kernel.
 * Conditions: called from a trap handler of the current thread.
 */
bool md_syscall_extra_arg(unsigned int index, uintptr_t *value);
void syscall_dispatch(struct trap_frame *tf);

/*
 * User traps (kern/trap.c): each becomes a Mach exception
 * (kern/exception.c, include/mach/exception.h) sent to the thread's or
 * the task's exception port; the thread waits for the handler.  They
 * return, with the (possibly rewritten) frame to resume, when a handler
 * replied KERN_SUCCESS or the wait was aborted (thread_abort, or
 * termination, which ast_check then carries out); unhandled, the task is
 * terminated with a console report and they do not return.
 *  user_trap: any synchronous exception but a VM fault (kind, machine
 *    code, fault address or 0);
 *  user_fault: a page fault the VM did not resolve: kr is vm_fault_user's
 *    error (EXC_BAD_ACCESS, code kr, subcode addr);
 *  user_syscall_unknown: a system call number outside the trap table
 *    (EXC_EMULATION; the frame is already past the instruction).
 * Conditions: called with interrupts disabled on the thread's kernel
 * stack, the user frame saved; interrupts are disabled on return.
 *
 * md_exception_code: the port's half of user_trap: the exception
 * (EXC_*) and its code and subcode (include/mach/<isa>/exception.h) for
 * a trap the port decoded as kind with machine code `code` and address
 * addr.  Where the CPU leaves the pc after the trapping instruction (x86
 * int3), it rewinds tf's pc to the instruction, so that on every port the
 * handler sees, and a KERN_SUCCESS reply re-executes, the instruction
 * that trapped.  Conditions: interrupts disabled; may read user memory.
 */
void user_trap(enum trap_kind kind, unsigned long code, vaddr_t addr,
	       struct trap_frame *tf);
void user_fault(kern_return_t kr, unsigned long code, vaddr_t addr,
		struct trap_frame *tf);
void user_syscall_unknown(long number, struct trap_frame *tf);
void md_exception_code(enum trap_kind kind, unsigned long code, vaddr_t addr,
		       struct trap_frame *tf, int *exception, int *ecode,
		       int64_t *subcode);

#endif /* KERN_MACHINE_H */
