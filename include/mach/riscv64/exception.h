/*
 * include/mach/riscv64/exception.h - riscv64 exception codes (ours: GNU
 * Mach has no RISC-V port).  The code is the scause value of the trap
 * (offset by 0x100 for EXC_BAD_ACCESS, above the KERN_* codes a VM fault
 * reports there); the subcode is stval (the instruction bits of an
 * illegal instruction when the hart reports them, the address of a
 * misaligned or refused access).  pc names the trapping instruction.
 */
#ifndef MACH_RISCV64_EXCEPTION_H
#define MACH_RISCV64_EXCEPTION_H

#define EXC_RISCV_ILLEGAL		2	/* EXC_BAD_INSTRUCTION */
#define EXC_RISCV_BREAKPOINT		3	/* EXC_BREAKPOINT: ebreak */

#define EXC_RISCV_FETCH_MISALIGNED	0x100	/* EXC_BAD_ACCESS */
#define EXC_RISCV_FETCH_ACCESS		0x101
#define EXC_RISCV_LOAD_MISALIGNED	0x104
#define EXC_RISCV_LOAD_ACCESS		0x105
#define EXC_RISCV_STORE_MISALIGNED	0x106
#define EXC_RISCV_STORE_ACCESS		0x107

#endif /* MACH_RISCV64_EXCEPTION_H */
