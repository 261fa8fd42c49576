/*
 * tests/kernel/test_traps.c - suite "traps": deliberate kernel-mode traps
 * are caught, reported and resumed after the trapping instruction; suite
 * "panic": an unexpected one panics with a symbolised backtrace.
 *
 * qemu-run additionally checks the serial line for the reports
 * ("trap: expected breakpoint", "trap: expected illegal instruction").
 */
#include <kern/machine.h>
#include <kern/panic.h>
#include <kern/trap.h>
#include <tests/kernel/ktest.h>

KTEST(traps, breakpoint_resumes)
{
	volatile int reached = 0;
	unsigned long before = trap_expected_taken();

	trap_expect(TRAP_BREAKPOINT, false);
	cpu_breakpoint();
	reached = 1;
	KT_CHECK_EQ(trap_expected_taken(), before + 1);
	KT_CHECK(reached == 1);
}

KTEST(traps, illegal_instruction_resumes)
{
	volatile int reached = 0;
	unsigned long before = trap_expected_taken();

	trap_expect(TRAP_ILLEGAL, false);
	cpu_illegal_instruction();
	reached = 1;
	KT_CHECK_EQ(trap_expected_taken(), before + 1);
	KT_CHECK(reached == 1);
}

/*
 * Registers the compiler keeps live across the trap must survive it: the
 * trap path saves and restores the whole frame.
 */
KTEST(traps, registers_survive)
{
	volatile uint64_t seed = 0x9e3779b97f4a7c15ULL;
	uint64_t a = seed, b = seed * 3, c = seed ^ 0xffff, d = seed + 77;
	uint64_t e = a * b, f = c * d, g = a ^ d, h = b + c;

	for (int i = 0; i < 50; i++) {
		trap_expect(i & 1 ? TRAP_ILLEGAL : TRAP_BREAKPOINT, true);
		if (i & 1)
			cpu_illegal_instruction();
		else
			cpu_breakpoint();
		a += e; b ^= f; c += g; d ^= h;
		e = e * 5 + 1; f = f * 7 + 3; g = g * 11 + 5; h = h * 13 + 7;
	}
	/* Same computation without traps. */
	uint64_t A = seed, B = seed * 3, C = seed ^ 0xffff, D = seed + 77;
	uint64_t E = A * B, F = C * D, G = A ^ D, H = B + C;

	for (int i = 0; i < 50; i++) {
		__asm__ volatile("" : "+r"(A), "+r"(B), "+r"(C), "+r"(D));
		A += E; B ^= F; C += G; D ^= H;
		E = E * 5 + 1; F = F * 7 + 3; G = G * 11 + 5; H = H * 13 + 7;
	}
	KT_CHECK(a == A && b == B && c == C && d == D);
	KT_CHECK(e == E && f == F && g == G && h == H);
}

KTEST(traps, interrupt_state_preserved)
{
	intr_state_t s = cpu_intr_save();

	trap_expect(TRAP_BREAKPOINT, true);
	cpu_breakpoint();
	KT_CHECK(!cpu_intr_enabled());
	cpu_intr_restore(s);
	KT_CHECK(cpu_intr_enabled());
	trap_expect(TRAP_ILLEGAL, true);
	cpu_illegal_instruction();
	KT_CHECK(cpu_intr_enabled());
}

/*
 * Suite "panic": this case never returns.  qemu-run expects
 * "panic: kernel breakpoint", a register dump and a backtrace naming this
 * function.
 */
KTEST(panic, unexpected_breakpoint)
{
	cpu_breakpoint();
	KT_CHECK_MSG(false, "an unexpected breakpoint returned");
}

/*
 * Suite "panic_call": panic() called directly.  qemu-run expects the
 * message and a backtrace whose first frame is this function.
 */
KTEST(panic_call, explicit_panic)
{
	panic("deliberate test panic from %s", "ktest");
}
