/*
 * user/arch/riscv64/crt0.S - user program entry: sp points at argc, then
 * argv[], NULL, envp[], NULL (kern/exec.c).
 */
	.text
	.globl _start
	.type _start, @function
_start:
	.option push
	.option norelax
	lla	gp, __global_pointer$
	.option pop
	li	s0, 0			/* end of the frame chain */
	li	ra, 0
	ld	a0, 0(sp)		/* argc */
	addi	a1, sp, 8		/* argv */
	slli	a2, a0, 3
	add	a2, a2, a1
	addi	a2, a2, 8		/* envp */
	call	main
	call	exit
	unimp
	.size _start, . - _start

/* uint64_t read_cycles(void): the time CSR. */
	.globl read_cycles
	.type read_cycles, @function
read_cycles:
	rdtime	a0
	ret
	.size read_cycles, . - read_cycles
/* void illegal_instruction(void): execute a defined-illegal instruction. */
	.globl illegal_instruction
	.type illegal_instruction, @function
illegal_instruction:
	unimp
	ret
	.size illegal_instruction, . - illegal_instruction
	.section .note.GNU-stack,"",@progbits
