/*
 * user/arch/arm64/traps.S - Mach trap stubs: number in x8, arguments in
 * x0-x6, `svc #0`, result in x0.
 */
#define TRAP(name, number)		\
	.globl name;			\
	.type name, %function;		\
name:					\
	mov	x8, #(number);		\
	svc	#0;			\
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

/* long mach_trap_raw(number, a0..a6): all eight arrive in x0-x7. */
	.globl mach_trap_raw
	.type mach_trap_raw, %function
mach_trap_raw:
	mov	x8, x0
	mov	x0, x1
	mov	x1, x2
	mov	x2, x3
	mov	x3, x4
	mov	x4, x5
	mov	x5, x6
	mov	x6, x7
	svc	#0
	ret
	.size mach_trap_raw, . - mach_trap_raw
	.section .note.GNU-stack,"",%progbits
