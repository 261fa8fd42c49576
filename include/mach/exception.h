/*
 * include/mach/exception.h - the machine-independent exception types a
 * thread's exception message (exc.defs, exception_raise) carries, with
 * GNU Mach's numbers, and the machine's codes (include/mach/<isa>/
 * exception.h).
 *
 * code and subcode per type, on every port:
 *   EXC_BAD_ACCESS       a fault the VM did not resolve: code is the VM's
 *                        error (KERN_INVALID_ADDRESS: nothing mapped there;
 *                        KERN_PROTECTION_FAILURE: the access is not
 *                        allowed; other KERN_* errors of vm_fault), subcode
 *                        the faulting address; or a machine code (alignment
 *                        ...) from the <isa> header, subcode the address
 *   EXC_BAD_INSTRUCTION  illegal or privileged instruction: machine code
 *   EXC_ARITHMETIC       divide error, floating-point trap: machine code
 *   EXC_EMULATION        a system call number outside the kernel's trap
 *                        table: code is the number, subcode 0; the thread
 *                        is past the system-call instruction (a handler
 *                        emulates the call and sets the result; if the
 *                        wait is aborted, the call returns KERN_ABORTED)
 *   EXC_SOFTWARE         machine code: arm64 svc with an immediate other
 *                        than 0 (the thread is past it)
 *   EXC_BREAKPOINT       breakpoint instruction or trace: machine code
 * The thread's pc names the instruction that trapped (for EXC_EMULATION:
 * the one after the system call); a KERN_SUCCESS reply resumes it there.
 */
#ifndef MACH_EXCEPTION_H
#define MACH_EXCEPTION_H

#define EXC_BAD_ACCESS		1
#define EXC_BAD_INSTRUCTION	2
#define EXC_ARITHMETIC		3
#define EXC_EMULATION		4
#define EXC_SOFTWARE		5
#define EXC_BREAKPOINT		6

#if defined(__x86_64__)
#include <mach/x86_64/exception.h>
#elif defined(__aarch64__)
#include <mach/aarch64/exception.h>
#elif defined(__riscv) && __riscv_xlen == 64
#include <mach/riscv64/exception.h>
#endif

#endif /* MACH_EXCEPTION_H */
