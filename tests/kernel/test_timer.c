/*
 * tests/kernel/test_timer.c - suite "timer": the periodic tick runs at HZ
 * against the port's reference clock, and masking interrupts really masks
 * them.
 */
#include <kern/machine.h>
#include <kern/clock.h>
#include <kern/lock.h>
#include <tests/kernel/ktest.h>

#define NS_PER_SEC 1000000000ULL

static void spin_ns(uint64_t ns)
{
	uint64_t t0 = md_clock_ns();

	while (md_clock_ns() - t0 < ns)
		cpu_relax();
}

KTEST(timer, reference_clock_monotonic)
{
	uint64_t prev = md_clock_ns(), now;

	for (int i = 0; i < 10000; i++) {
		now = md_clock_ns();
		KT_CHECK(now >= prev);
		prev = now;
	}
	spin_ns(NS_PER_SEC / 100);
	KT_CHECK(md_clock_ns() > prev);
}

/* One second of guest time holds HZ ticks, give or take 10%. */
KTEST(timer, hz_ticks_in_one_second)
{
	uint64_t t0, k0, k1;

	KT_CHECK(cpu_intr_enabled());
	t0 = md_clock_ns();
	k0 = clock_ticks;
	while (md_clock_ns() - t0 < NS_PER_SEC) {
		cpu_intr_disable();
		cpu_idle();
		cpu_intr_enable();
	}
	k1 = clock_ticks;
	kprintf("timer: %llu ticks in one second (expect %d)\n",
		(unsigned long long)(k1 - k0), HZ);
	KT_CHECK_MSG(k1 - k0 >= HZ * 9 / 10 && k1 - k0 <= HZ * 11 / 10,
		     "%llu ticks in one second", (unsigned long long)(k1 - k0));
}

/* With interrupts masked no tick is taken; unmasking delivers the pending one. */
KTEST(timer, masking_masks)
{
	uint64_t k0, t0;

	cpu_intr_disable();
	k0 = clock_ticks;
	spin_ns(NS_PER_SEC / 5);	/* 20 tick periods */
	KT_CHECK_MSG(clock_ticks == k0, "%llu ticks while masked",
		     (unsigned long long)(clock_ticks - k0));
	cpu_intr_enable();
	t0 = md_clock_ns();
	while (clock_ticks == k0 && md_clock_ns() - t0 < NS_PER_SEC / 10)
		cpu_relax();
	KT_CHECK_MSG(clock_ticks > k0, "no tick within 100 ms of unmasking");
}

/* A lock taken with simple_lock_irq masks interrupts until it is dropped. */
KTEST(timer, irq_lock_masks)
{
	simple_lock_t l = SIMPLE_LOCK_INITIALIZER;
	intr_state_t s;
	uint64_t k0;

	s = simple_lock_irq(&l);
	KT_CHECK(!cpu_intr_enabled());
	KT_CHECK(simple_lock_held(&l));
	KT_CHECK(!simple_lock_try(&l));
	k0 = clock_ticks;
	spin_ns(NS_PER_SEC / 20);
	KT_CHECK(clock_ticks == k0);
	simple_unlock_irq(&l, s);
	KT_CHECK(cpu_intr_enabled());
	KT_CHECK(!simple_lock_held(&l));
}

/*
 * cpu_idle, entered with interrupts masked, returns promptly once a tick
 * is due: either the port took the interrupt inside cpu_idle (x86's
 * sti; hlt) or it left it pending for the caller (wfi).  Either way the
 * tick is counted by the time interrupts have been enabled for a moment.
 */
KTEST(timer, idle_wakes_on_interrupt)
{
	uint64_t k0, t0, waited;

	cpu_intr_disable();
	k0 = clock_ticks;
	t0 = md_clock_ns();
	cpu_idle();
	waited = md_clock_ns() - t0;
	KT_CHECK(!cpu_intr_enabled());
	cpu_intr_enable();
	KT_CHECK_MSG(waited < NS_PER_SEC / 2, "cpu_idle slept %llu ns",
		     (unsigned long long)waited);
	t0 = md_clock_ns();
	while (clock_ticks == k0 && md_clock_ns() - t0 < NS_PER_SEC / 10)
		cpu_relax();
	KT_CHECK(clock_ticks > k0);
}
