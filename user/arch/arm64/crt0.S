/*
 * user/arch/arm64/crt0.S - user program entry: sp points at argc, then
 * argv[], NULL, envp[], NULL (kern/exec.c).
 */
	.text
	.globl _start
	.type _start, %function
_start:
	mov	x29, #0			/* end of the frame chain */
	mov	x30, #0
	ldr	x0, [sp]		/* argc */
	add	x1, sp, #8		/* argv */
	add	x2, x1, x0, lsl #3
	add	x2, x2, #8		/* envp */
	bl	main
	bl	exit
	udf	#0
	.size _start, . - _start

/* uint64_t read_cycles(void): the virtual counter. */
	.globl read_cycles
	.type read_cycles, %function
read_cycles:
	isb
	mrs	x0, cntvct_el0
	ret
	.size read_cycles, . - read_cycles
/* void illegal_instruction(void): execute a defined-illegal instruction. */
	.globl illegal_instruction
	.type illegal_instruction, %function
illegal_instruction:
	udf	#0
	ret
	.size illegal_instruction, . - illegal_instruction
	.section .note.GNU-stack,"",%progbits
