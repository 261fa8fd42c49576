/*
 * user/arch/riscv64/traps.S - Mach trap stubs (Mica's riscv64 ABI):
 * number in a7, arguments in a0-a6, `ecall`, result in a0.
 */
#define TRAP(name, number)		\
	.globl name;			\
	.type name, @function;		\
name:					\
	li	a7, number;		\
	ecall;				\
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

/* long mach_trap_raw(number, a0..a6): all eight arrive in a0-a7. */
	.globl mach_trap_raw
	.type mach_trap_raw, @function
mach_trap_raw:
	mv	t0, a7
	mv	a7, a0
	mv	a0, a1
	mv	a1, a2
	mv	a2, a3
	mv	a3, a4
	mv	a4, a5
	mv	a5, a6
	mv	a6, t0
	ecall
	ret
	.size mach_trap_raw, . - mach_trap_raw
	.section .note.GNU-stack,"",@progbits
