/*
 * user/arch/x86_64/traps.S - Mach trap stubs: number in rax, arguments in
 * rdi rsi rdx r10 r8 r9 (the 7th at rsp+8 on entry), `syscall`, result in
 * rax.  syscall clobbers rcx and r11, which is why the 4th argument
 * travels in r10.  A stub leaves rsp alone, so the 7th argument of a C
 * call (mach_msg_trap's notify) is still at 8(%rsp), where the kernel
 * reads it.
 */
#define TRAP(name, number)		\
	.globl name;			\
	.type name, @function;		\
name:					\
	movq	$number, %rax;		\
	movq	%rcx, %r10;		\
	syscall;			\
	ret;				\
	.size name, . - name

	.text
TRAP(mach_print, -30)
TRAP(swtch_pri, -59)
TRAP(swtch, -60)
TRAP(thread_switch, -61)
TRAP(mach_msg_trap, -25)		/* 7 arguments */
TRAP(mach_reply_port, -26)
TRAP(mach_thread_self, -27)
TRAP(mach_task_self, -28)
TRAP(mach_host_self, -29)
TRAP(syscall_task_terminate, -69)
TRAP(syscall_thread_depress_abort, -76)

/* long mach_trap_raw(number, a0..a6): a5 and a6 arrive on the stack at
 * 8(%rsp) and 16(%rsp); the kernel wants a6 at 8(%rsp) at the syscall. */
	.globl mach_trap_raw
	.type mach_trap_raw, @function
mach_trap_raw:
	movq	%rdi, %rax
	movq	%rsi, %rdi
	movq	%rdx, %rsi
	movq	%rcx, %rdx
	movq	%r8, %r10
	movq	%r9, %r8
	movq	8(%rsp), %r9
	movq	16(%rsp), %r11
	subq	$16, %rsp
	movq	%r11, 8(%rsp)		/* a6 where the kernel reads it */
	syscall
	addq	$16, %rsp
	ret
	.size mach_trap_raw, . - mach_trap_raw
	.section .note.GNU-stack,"",@progbits
