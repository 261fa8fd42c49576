/*
 * include/mach/x86_64/exception.h - x86_64 exception codes: GNU Mach's
 * i386 numbers (EXC_I386_*), plus the alignment check it does not name.
 *
 *   EXC_BAD_INSTRUCTION  EXC_I386_INVOP (#UD); EXC_I386_GPFLT,
 *                        EXC_I386_STKFLT, EXC_I386_SEGNPFLT (#GP, #SS,
 *                        #NP: subcode the error code; a non-canonical
 *                        return address: subcode the address)
 *   EXC_ARITHMETIC       EXC_I386_DIV (#DE), EXC_I386_EXTERR (#MF, #XM)
 *   EXC_BREAKPOINT       EXC_I386_BPT (int3: rip names the int3 itself),
 *                        EXC_I386_SGL (#DB)
 *   EXC_BAD_ACCESS       EXC_I386_ALIGNFLT (#AC)
 */
#ifndef MACH_X86_64_EXCEPTION_H
#define MACH_X86_64_EXCEPTION_H

#define EXC_I386_INVOP		1	/* EXC_BAD_INSTRUCTION */

#define EXC_I386_DIV		1	/* EXC_ARITHMETIC */
#define EXC_I386_INTO		2
#define EXC_I386_NOEXT		3
#define EXC_I386_EXTOVR		4
#define EXC_I386_EXTERR		5
#define EXC_I386_EMERR		6
#define EXC_I386_BOUND		7

#define EXC_I386_SGL		1	/* EXC_BREAKPOINT */
#define EXC_I386_BPT		2

/* Trap numbers used as codes (GNU Mach's *FLT names). */
#define EXC_I386_INVTSSFLT	10
#define EXC_I386_SEGNPFLT	11
#define EXC_I386_STKFLT		12
#define EXC_I386_GPFLT		13
#define EXC_I386_ALIGNFLT	17	/* ours: EXC_BAD_ACCESS */

#endif /* MACH_X86_64_EXCEPTION_H */
