/*
 * tests/kernel/test_sched.c - suite "sched": the scheduler with real
 * kernel threads and the real clock.
 *
 * The test thread runs at BASEPRI_SYSTEM; worker threads are created
 * suspended, set up, then resumed.  Every case waits for its workers to
 * finish, so thread and stack counts return to where they were.
 */
#include <kern/machine.h>
#include <kern/clock.h>
#include <kern/processor.h>
#include <kern/sched.h>
#include <kern/sched_prim.h>
#include <kern/thread.h>
#include <tests/kernel/ktest.h>


struct worker_log {
	volatile int order[8];
	volatile int count;
	volatile bool stop;
	volatile uint64_t spins[4];
	volatile uint64_t woke_at;
	volatile uint64_t deadline;	/* tick the wait timer was due */
	volatile int result;
	volatile int done;
};

static void log_self(struct worker_log *log, int id)
{
	intr_state_t s = cpu_intr_save();

	log->order[log->count++] = id;
	cpu_intr_restore(s);
}

/*
 * wait_done: block (one wait, no polling: the test thread must not wake up
 * and disturb the scheduling under test) until n workers have finished.
 * The wait is asserted before the count is checked, so a finish() that
 * lands in between is not lost.
 */
static bool wait_done(struct worker_log *log, int n, uint64_t timeout_ms)
{
	while (log->done < n) {
		assert_wait((event_t)&log->done, false);
		if (log->done >= n) {
			clear_wait(current_thread(), THREAD_AWAKENED, false);
			thread_block();
			break;
		}
		thread_set_timeout(timeout_ms_to_ticks(timeout_ms));
		if (thread_block() == THREAD_TIMED_OUT)
			return log->done >= n;
	}
	return true;
}

static void finish(struct worker_log *log)
{
	__atomic_add_fetch(&log->done, 1, __ATOMIC_SEQ_CST);
	thread_wakeup(&log->done);
}

struct prio_arg {
	struct worker_log *log;
	int id;
};

static void prio_worker(void *a)
{
	struct prio_arg *pa = a;

	log_self(pa->log, pa->id);
	finish(pa->log);
}

/* Threads made runnable together run most urgent first. */
KTEST(sched, priorities_respected)
{
	static struct worker_log log;
	static struct prio_arg args[3];
	static const int prios[3] = { 30, 10, 20 };	/* lower = more urgent */
	unsigned long threads0 = thread_count();
	thread_t t[3];
	intr_state_t s;

	log = (struct worker_log){ 0 };
	for (int i = 0; i < 3; i++) {
		args[i] = (struct prio_arg){ &log, i };
		t[i] = kernel_thread_create("prio", prio_worker, &args[i], prios[i]);
		KT_CHECK(t[i]);
	}
	/* Resume all three before any can run: the test thread (priority
	 * 6) outranks them, and interrupts are masked. */
	s = cpu_intr_save();
	for (int i = 0; i < 3; i++)
		KT_CHECK(thread_resume(t[i]));
	cpu_intr_restore(s);
	KT_CHECK(wait_done(&log, 3, 2000));
	KT_CHECK_EQ(log.count, 3);
	KT_CHECK_MSG(log.order[0] == 1 && log.order[1] == 2 && log.order[2] == 0,
		     "ran in order %d %d %d", log.order[0], log.order[1], log.order[2]);
	thread_sleep_ms(20);	/* let the reaper finish */
	KT_CHECK_EQ(thread_count(), threads0);
}

struct spin_arg {
	struct worker_log *log;
	int id;
};

static void spin_worker(void *a)
{
	struct spin_arg *sa = a;

	while (!sa->log->stop)
		sa->log->spins[sa->id]++;
	finish(sa->log);
}

/* Two CPU-bound threads of equal priority share the processor. */
KTEST(sched, round_robin_among_equals)
{
	static struct worker_log log;
	static struct spin_arg args[2];
	unsigned long threads0 = thread_count();
	uint64_t sw0[2];
	thread_t t[2];

	log = (struct worker_log){ 0 };
	for (int i = 0; i < 2; i++) {
		args[i] = (struct spin_arg){ &log, i };
		t[i] = kernel_thread_create("spin", spin_worker, &args[i], 30);
		KT_CHECK(t[i]);
		thread_set_policy(t[i], POLICY_FIXEDPRI);
		sw0[i] = t[i]->switches;
	}
	for (int i = 0; i < 2; i++)
		thread_resume(t[i]);
	thread_sleep_ms(500);
	/* Each had the processor several times (quantum 50 ms). */
	for (int i = 0; i < 2; i++) {
		KT_CHECK_MSG(log.spins[i] > 0, "thread %d never ran", i);
		KT_CHECK_MSG(t[i]->switches - sw0[i] >= 3,
			     "thread %d ran %llu times in 500 ms", i,
			     (unsigned long long)(t[i]->switches - sw0[i]));
	}
	log.stop = true;
	KT_CHECK(wait_done(&log, 2, 2000));
	thread_sleep_ms(20);
	KT_CHECK_EQ(thread_count(), threads0);
}

static void sleeper_worker(void *a)
{
	struct worker_log *log = a;

	assert_wait((event_t)log, true);
	thread_set_timeout(timeout_ms_to_ticks(70));
	log->result = thread_block();
	log->woke_at = clock_ticks;		/* the tick it ran in */
	log->deadline = current_thread()->wait_timer.deadline;
	log->stop = true;
	finish(log);
}

/*
 * A high-priority thread whose timeout expires preempts a CPU-bound
 * low-priority thread at once: it runs in the very clock tick whose
 * interrupt expired its timer, not at the end of the spinner's quantum.
 * (Measured in clock ticks, not wall time; tools/check runs the suite
 * under -icount shift=0, where the guest's clock follows its own
 * instructions: a loaded host can no longer deliver ticks late.)
 */
KTEST(sched, wakeup_preempts_cpu_bound)
{
	static struct worker_log log;
	static struct spin_arg sarg;
	thread_t hi, lo;
	uint64_t t0;

	log = (struct worker_log){ 0 };
	sarg = (struct spin_arg){ &log, 0 };
	lo = kernel_thread_create("lo", spin_worker, &sarg, 40);
	hi = kernel_thread_create("hi", sleeper_worker, &log, 8);
	KT_CHECK(lo && hi);
	thread_set_policy(lo, POLICY_FIXEDPRI);
	t0 = clock_ticks;
	thread_resume(hi);
	thread_resume(lo);
	KT_CHECK(wait_done(&log, 2, 3000));
	KT_CHECK_EQ(log.result, THREAD_TIMED_OUT);
	KT_CHECK_MSG(log.deadline >= t0 + 7, "timer due at tick %llu, armed at %llu",
		     (unsigned long long)log.deadline, (unsigned long long)t0);
	/* In the tick its timer expired; a port that delivers ticks a late
	 * timer interrupt missed (host load) may count one or two more
	 * before the interrupt returns. */
	KT_CHECK_MSG(log.woke_at >= log.deadline && log.woke_at <= log.deadline + 2,
		     "due at tick %llu, ran at tick %llu", (unsigned long long)log.deadline,
		     (unsigned long long)log.woke_at);
	KT_CHECK(log.spins[0] > 0);
}

static void waker_worker(void *a)
{
	struct worker_log *log = a;

	thread_sleep_ms(20);
	thread_wakeup(log);
	finish(log);
}

/* Timeouts wake a waiter; a wakeup before the timeout wins over it. */
KTEST(sched, timeouts_and_wakeups)
{
	static struct worker_log log;
	uint64_t t0 = clock_ticks, dt;
	int r;
	thread_t w;

	/* Timed out after the 3 ticks asked for plus the partial current
	 * one (4), or 5 if a tick went by between reading t0 and arming the
	 * timer: counted in ticks, not wall time. */
	assert_wait((event_t)&log, true);
	thread_set_timeout(timeout_ms_to_ticks(30));
	r = thread_block();
	dt = clock_ticks - t0;
	KT_CHECK_EQ(r, THREAD_TIMED_OUT);
	KT_CHECK_MSG(dt >= 4 && dt <= 7, "timed out after %llu ticks",
		     (unsigned long long)dt);

	log = (struct worker_log){ 0 };
	w = kernel_thread_create("waker", waker_worker, &log, 10);
	KT_CHECK(w);
	t0 = clock_ticks;
	assert_wait((event_t)&log, true);
	thread_set_timeout(timeout_ms_to_ticks(1000));
	thread_resume(w);
	r = thread_block();
	dt = clock_ticks - t0;
	KT_CHECK_EQ(r, THREAD_AWAKENED);
	/* The waker slept 2 ticks: well before the 100-tick timeout. */
	KT_CHECK_MSG(dt < 20, "woken after %llu ticks", (unsigned long long)dt);
	KT_CHECK(wait_done(&log, 1, 1000));

	/* clear_wait with THREAD_INTERRUPTED ends an interruptible wait. */
	assert_wait((event_t)&log.stop, true);
	KT_CHECK(clear_wait(current_thread(), THREAD_INTERRUPTED, true));
	KT_CHECK_EQ(thread_block(), THREAD_INTERRUPTED);
}

/*
 * Depression: thread_switch(DEPRESS) lowers the caller below a CPU-bound
 * thread of lower base priority, which then runs; the timeout undoes the
 * depression and the caller preempts it again.
 */
KTEST(sched, depression_is_undone)
{
	static struct worker_log log;
	static struct spin_arg sarg;
	thread_t self = current_thread(), lo;
	int pri0 = self->sched_pri;
	uint64_t spins0, t0, dt;

	log = (struct worker_log){ 0 };
	sarg = (struct spin_arg){ &log, 0 };
	lo = kernel_thread_create("lo", spin_worker, &sarg, 40);
	KT_CHECK(lo);
	thread_set_policy(lo, POLICY_FIXEDPRI);
	thread_resume(lo);
	spins0 = log.spins[0];
	KT_CHECK(spins0 == 0);		/* we outrank it: it has not run */

	t0 = clock_ticks;
	thread_switch_kernel(NULL, SWITCH_OPTION_DEPRESS, 40);
	dt = clock_ticks - t0;
	KT_CHECK_MSG(log.spins[0] > spins0, "the low-priority thread never ran");
	/* Back when the depression timer (4 ticks plus the partial one)
	 * expired, in that very tick (6 if a tick passed before arming). */
	KT_CHECK_MSG(dt >= 5 && dt <= 8, "depressed for %llu ticks",
		     (unsigned long long)dt);
	KT_CHECK(!self->depressed);
	KT_CHECK_EQ(self->sched_pri, pri0);

	/* With nothing else runnable, a depressed thread runs again at once
	 * and the depression ends then. */
	log.stop = true;
	KT_CHECK(wait_done(&log, 1, 1000));
	thread_sleep_ms(10);
	t0 = clock_ticks;
	thread_switch_kernel(NULL, SWITCH_OPTION_DEPRESS, 1000);
	KT_CHECK(clock_ticks - t0 <= 3);
	KT_CHECK(!self->depressed);
	KT_CHECK_EQ(self->sched_pri, pri0);
}

/* Suspended threads do not run; resume lets them. */
KTEST(sched, suspend_and_resume)
{
	static struct worker_log log;
	static struct spin_arg sarg;
	thread_t t;
	uint64_t n;

	log = (struct worker_log){ 0 };
	sarg = (struct spin_arg){ &log, 0 };
	t = kernel_thread_create("susp", spin_worker, &sarg, 30);
	KT_CHECK(t);
	thread_sleep_ms(30);
	KT_CHECK(log.spins[0] == 0);		/* created suspended */
	KT_CHECK(thread_resume(t));
	thread_sleep_ms(30);
	KT_CHECK(log.spins[0] > 0);
	thread_suspend(t);
	thread_sleep_ms(30);			/* it stops at its next switch */
	n = log.spins[0];
	thread_sleep_ms(50);
	KT_CHECK_MSG(log.spins[0] == n, "suspended thread kept running");
	KT_CHECK(thread_resume(t));
	KT_CHECK(!thread_resume(t));		/* count already zero */
	thread_sleep_ms(30);
	KT_CHECK(log.spins[0] > n);
	thread_terminate(t);
	thread_sleep_ms(10);
	n = log.spins[0];
	thread_sleep_ms(30);
	KT_CHECK(log.spins[0] == n);
}
