/*
 * include/mach/aarch64/exception.h - arm64 exception codes, in the style
 * of GNU Mach's aarch64 port (EXC_AARCH64_*); the subcode is the ESR_EL1
 * syndrome unless said otherwise.
 *
 *   EXC_BAD_INSTRUCTION  EXC_AARCH64_UNK (unallocated or not allowed at
 *                        EL0: system registers, WFI), EXC_AARCH64_IL
 *                        (illegal execution state)
 *   EXC_ARITHMETIC       EXC_AARCH64_IDF ... EXC_AARCH64_IOF (trapped
 *                        floating-point exception, from the ISS flags)
 *   EXC_BREAKPOINT       EXC_AARCH64_BRK (brk: subcode its immediate; pc
 *                        names the brk)
 *   EXC_SOFTWARE         EXC_AARCH64_SVC (svc with an immediate other than
 *                        0, which is not a Mach trap: subcode the
 *                        immediate; pc is past the svc, as after a call)
 *   EXC_BAD_ACCESS       EXC_AARCH64_AL (data alignment: subcode the
 *                        address), EXC_AARCH64_AL_PC, EXC_AARCH64_AL_SP
 */
#ifndef MACH_AARCH64_EXCEPTION_H
#define MACH_AARCH64_EXCEPTION_H

#define EXC_AARCH64_UNK		1	/* EXC_BAD_INSTRUCTION */
#define EXC_AARCH64_IL		2

#define EXC_AARCH64_IDF		1	/* EXC_ARITHMETIC */
#define EXC_AARCH64_IXF		2
#define EXC_AARCH64_UFF		3
#define EXC_AARCH64_OFF		4
#define EXC_AARCH64_DZF		5
#define EXC_AARCH64_IOF		6

#define EXC_AARCH64_BRK		1	/* EXC_BREAKPOINT */

#define EXC_AARCH64_SVC		1	/* EXC_SOFTWARE */

#define EXC_AARCH64_AL		0x101	/* EXC_BAD_ACCESS (above KERN_*) */
#define EXC_AARCH64_AL_PC	0x102
#define EXC_AARCH64_AL_SP	0x103

#endif /* MACH_AARCH64_EXCEPTION_H */
