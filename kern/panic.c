/*
 * kern/panic.c - fatal error reporting.
 */
#include <kern/machine.h>
#include <kern/console.h>
#include <kern/panic.h>

extern bool console_panic_mode;
static volatile int panicking;

/*
 * panic_begin: mask interrupts and claim the panic.  A second panic (from
 * the report code itself, or another CPU) halts at once instead of
 * recursing.  Returns with interrupts disabled.
 */
static void panic_begin(void)
{
	cpu_intr_disable();
	if (__atomic_exchange_n(&panicking, 1, __ATOMIC_SEQ_CST)) {
		console_panic_mode = true;
		kprintf("\npanic: recursive panic, halting\n");
		md_halt();
	}
	console_panic_mode = true;
}

/*
 * panic_message: claim the panic (panic_begin) and print its message,
 * "panic: " and fmt formatted with ap on a line of their own.  Returns
 * with interrupts disabled.
 */
static void panic_message(const char *fmt, va_list ap)
{
	panic_begin();
	kprintf("\npanic: ");
	kvprintf(fmt, ap);
	kprintf("\n");
}

/*
 * panic: the walk starts at panic()'s caller: one unwind step from panic's
 * own frame (cpu_frame_pointer() is inline, so it reads this frame) gives
 * the return address into the caller and the caller's frame.  The return
 * address is looked up one byte back, because a call to a noreturn
 * function may be the last instruction of the caller.
 */
void panic(const char *fmt, ...)
{
	uintptr_t fp = cpu_frame_pointer(), pc = 0;
	va_list ap;

	va_start(ap, fmt);
	panic_message(fmt, ap);
	va_end(ap);
	md_dump_cpu_state();
	if (cpu_frame_unwind(&fp, &pc))
		backtrace_print(pc - 1, fp);
	else
		kprintf("backtrace: unavailable\n");
	kprintf("panic: halted\n");
	md_halt();
}

void panic_trap(const struct trap_frame *tf, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	panic_message(fmt, ap);
	va_end(ap);
	md_dump_trap_frame(tf);
	backtrace_print(trap_frame_pc(tf), trap_frame_fp(tf));
	kprintf("panic: halted\n");
	md_halt();
}
