/*
 * user/arch/x86_64/crt0.S - user program entry.  The kernel starts the
 * first thread at _start with rsp pointing at argc, then argv[], NULL,
 * envp[], NULL (kern/exec.c).
 */
	.text
	.globl _start
	.type _start, @function
_start:
	xorl	%ebp, %ebp		/* end of the frame chain */
	movq	(%rsp), %rdi		/* argc */
	leaq	8(%rsp), %rsi		/* argv */
	leaq	16(%rsp,%rdi,8), %rdx	/* envp */
	andq	$-16, %rsp
	call	main
	movl	%eax, %edi
	call	exit
	ud2
	.size _start, . - _start

/* uint64_t read_cycles(void) */
	.globl read_cycles
	.type read_cycles, @function
read_cycles:
	lfence
	rdtsc
	shlq	$32, %rdx
	orq	%rdx, %rax
	ret
	.size read_cycles, . - read_cycles
/* void illegal_instruction(void): execute a defined-illegal instruction. */
	.globl illegal_instruction
	.type illegal_instruction, @function
illegal_instruction:
	ud2
	ret
	.size illegal_instruction, . - illegal_instruction
	.section .note.GNU-stack,"",@progbits
