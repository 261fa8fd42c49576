/*
 * kern/sched_prim.c - waiting, waking, choosing and switching threads.
 *
 * Invariants (under sched_lock):
 *  - a thread with TH_RUN set is either the active thread of a processor
 *    or on its processor set's run queue (runq_queued), never both;
 *  - a thread with TH_WAIT set is on the wait bucket of its wait_event;
 *  - a thread with TH_SUSP set (and not TH_WAIT) is on no queue: it is
 *    stopped by a suspend count and thread_resume/task_resume restarts it;
 *  - the idle thread is never queued and runs only when the queue is empty.
 *
 * A switch happens with sched_lock held and interrupts masked; the thread
 * switched to releases both (after md_switch returns in it, or in
 * thread_startup for a new thread).
 */
#include <kern/machine.h>
#include <kern/clock.h>
#include <kern/console.h>
#include <kern/lock.h>
#include <kern/panic.h>
#include <kern/processor.h>
#include <kern/sched_internal.h>
#include <kern/sched_prim.h>
#include <kern/task.h>
#include <vm/pmap.h>
#include <vm/vm_map.h>

#define WAIT_BUCKETS 64

simple_lock_t sched_lock = SIMPLE_LOCK_INITIALIZER;
static struct list_node wait_buckets[WAIT_BUCKETS];

static struct list_node *wait_bucket(event_t e)
{
	return &wait_buckets[(e >> 4 ^ e >> 10) % WAIT_BUCKETS];
}

void sched_init(void)
{
	for (unsigned int i = 0; i < WAIT_BUCKETS; i++)
		list_init(&wait_buckets[i]);
}


/* ---- Priorities -------------------------------------------------------- */

/*
 * compute_sched_pri: the priority the run queues use.  Time-sharing
 * threads pay a penalty for recent CPU use; fixed-priority threads run at
 * their base priority; a depressed thread runs at DEPRESSPRI.
 */
void compute_sched_pri(thread_t t)
{
	int pri = t->priority;

	if (t->state & TH_IDLE)
		pri = NRQS;	/* below every queue */
	else if (t->depressed)
		pri = DEPRESSPRI;
	else if (t->policy == POLICY_TIMESHARE)
		pri += (int)(t->cpu_usage >> SCHED_USAGE_SHIFT);
	t->sched_pri = pri > MINPRI && !(t->state & TH_IDLE) ? MINPRI : pri;
}

/*
 * update_priority_locked: recompute t's priority and keep the run queue
 * and the preemption request consistent with it.
 */
void update_priority_locked(thread_t t)
{
	int old = t->sched_pri;

	compute_sched_pri(t);
	if (t->sched_pri == old)
		return;
	if (t->runq_queued) {
		/* runq_remove must see the queue t is on (the old priority). */
		int pri = t->sched_pri;

		t->sched_pri = old;
		runq_remove(&t->pset->runq, t);
		t->sched_pri = pri;
		runq_enqueue(&t->pset->runq, t, false);
	}
	/* A better thread may now deserve this processor. */
	if (runq_highest_priority(&current_processor()->pset->runq) <
	    current_thread()->sched_pri)
		current_processor()->need_resched = true;
}

/* End t's priority depression, if any. */
void depress_end_locked(thread_t t)
{
	if (!t->depressed)
		return;
	timeout_cancel(&t->depress_timer);
	t->depressed = false;
	update_priority_locked(t);
}

/* ---- Making threads runnable -------------------------------------------- */

/*
 * setrun_locked: put a runnable thread on its set's run queue and ask for
 * a reschedule if it is more urgent than what runs now.
 */
void setrun_locked(thread_t t)
{
	struct processor *p = current_processor();

	if (t->state & TH_HALTED)
		return;
	if (thread_should_stop(t)) {
		t->state = (t->state & ~(TH_RUN | TH_WAIT | TH_UNINT)) | TH_SUSP;
		return;
	}
	t->state = (t->state & ~(TH_WAIT | TH_UNINT | TH_SUSP)) | TH_RUN;
	if (t == p->active_thread)
		return;
	if (!t->runq_queued)
		runq_enqueue(&t->pset->runq, t, false);
	if (t->sched_pri < p->active_thread->sched_pri)
		p->need_resched = true;
}

void thread_setrun(thread_t t)
{
	intr_state_t s = simple_lock_irq(&sched_lock);

	setrun_locked(t);
	simple_unlock_irq(&sched_lock, s);
}

/* ---- Waiting ----------------------------------------------------------- */

/*
 * wait_declare: the current thread waits on event, on its wait bucket
 * (queued), or on nothing, for waiters whose waker knows them
 * (assert_wait_unqueued).  Conditions: none; takes sched_lock.
 */
static void wait_declare(event_t event, bool interruptible, bool queued)
{
	intr_state_t s = simple_lock_irq(&sched_lock);
	thread_t t = current_thread();

	assert(!(t->state & TH_WAIT));
	if (interruptible && (t->ast & AST_TERMINATE)) {
		/*
		 * Prevent the following: thread_terminate marks t while t
		 * runs towards this wait (preempted between a send and its
		 * receive), finds no wait to interrupt, and t then sleeps
		 * for good while task_terminate waits for it.  The wait is
		 * over before it starts: thread_block returns at once.
		 */
		t->wait_result = THREAD_INTERRUPTED;
		simple_unlock_irq(&sched_lock, s);
		return;
	}
	t->wait_event = event;
	t->wait_result = THREAD_AWAKENED;
	t->state |= TH_WAIT | (interruptible ? 0 : TH_UNINT);
	if (queued)
		list_push_back(wait_bucket(event), &t->runq_link);
	simple_unlock_irq(&sched_lock, s);
}

void assert_wait(event_t event, bool interruptible)
{
	wait_declare(event, interruptible, true);
}

void assert_wait_unqueued(bool interruptible)
{
	wait_declare(0, interruptible, false);
}

/* Release t from its wait (sched_lock held).  Returns false if not waiting.
 * A thread of assert_wait_unqueued is on no bucket: its runq_link points
 * at itself and list_remove leaves it so. */
/*
 * wait_end_locked: t (waiting) stops waiting with result: off its wait
 * bucket (a no-op for an unqueued wait), its timeout cancelled; the
 * caller makes it run.  Conditions: sched_lock held.
 */
static inline void wait_end_locked(thread_t t, int result)
{
	list_remove(&t->runq_link);
	t->wait_result = result;
	t->wait_event = 0;
	t->state &= ~(TH_WAIT | TH_UNINT);
	if (t->wait_timer_armed) {
		timeout_cancel(&t->wait_timer);
		t->wait_timer_armed = false;
	}
}

bool clear_wait_locked(thread_t t, int result, bool interruptible_only)
{
	if (!(t->state & TH_WAIT))
		return false;
	if (interruptible_only && (t->state & TH_UNINT))
		return false;
	wait_end_locked(t, result);
	setrun_locked(t);
	return true;
}

bool clear_wait(thread_t t, int result, bool interruptible_only)
{
	intr_state_t s = simple_lock_irq(&sched_lock);
	bool done = clear_wait_locked(t, result, interruptible_only);

	simple_unlock_irq(&sched_lock, s);
	return done;
}

static void wait_timeout_expired(void *arg)
{
	thread_t t = arg;
	intr_state_t s = simple_lock_irq(&sched_lock);

	t->wait_timer_armed = false;
	clear_wait_locked(t, THREAD_TIMED_OUT, false);
	simple_unlock_irq(&sched_lock, s);
}

void thread_set_timeout(uint64_t ticks)
{
	intr_state_t s = simple_lock_irq(&sched_lock);
	thread_t t = current_thread();

	if (t->state & TH_WAIT) {
		timeout_init(&t->wait_timer, wait_timeout_expired, t);
		t->wait_timer_armed = true;
		timeout_set(&t->wait_timer, ticks);
	}
	simple_unlock_irq(&sched_lock, s);
}

void thread_wakeup_prim(event_t event, bool one, int result)
{
	intr_state_t s = simple_lock_irq(&sched_lock);
	struct list_node *bucket = wait_bucket(event), *n, *tmp;

	list_for_each_safe(n, tmp, bucket) {
		thread_t t = list_entry(n, struct thread, runq_link);

		if (t->wait_event != event)
			continue;
		clear_wait_locked(t, result, false);
		if (one)
			break;
	}
	simple_unlock_irq(&sched_lock, s);
}

/* ---- Choosing and switching ---------------------------------------------- */

/* The next thread for processor p (sched_lock held). */
static thread_t choose_thread_locked(struct processor *p)
{
	thread_t t;

	while ((t = runq_dequeue_highest(&p->pset->runq)) != NULL) {
		if (!thread_should_stop(t) && !(t->state & TH_HALTED))
			return t;
		/* Suspended while queued: it stops here. */
		t->state = (t->state & ~TH_RUN) | TH_SUSP;
	}
	return p->idle_thread;
}

/*
 * switch_address_space: user threads run on their task map's pmap; kernel
 * threads on none (pmap_deactivate leaves only the kernel half), so that
 * a dying task's pmap is never left active behind a kernel thread.
 */
static inline __attribute__((always_inline)) void
switch_address_space(thread_t next)
{
	struct processor *p = current_processor();
	pmap_t np = next->task->kernel ? NULL : next->task->map->pmap;

	if (p->active_pmap == np)
		return;
	/* pmap_activate replaces the user pmap in use (vm/pmap.h). */
	if (np)
		pmap_activate(np);
	else
		pmap_deactivate(p->active_pmap);
	p->active_pmap = np;
}

/*
 * switch_epilogue: what the thread that now runs does first after a
 * switch (sched_lock still held): account the switch, end a depression
 * (a depressed thread that runs again is no longer depressed), and reap
 * the previous thread if it terminated.
 */
static inline void switch_epilogue(thread_t prev)
{
	thread_t self = current_thread();

	self->switches++;
	if (self->depressed)
		depress_end_locked(self);
	if (prev && (prev->state & TH_HALTED))
		thread_reap_later(prev);
}

/*
 * switch_to_locked: run next (runnable, on no queue) on processor p in
 * place of self, whose state the caller has already set.  Returns when
 * self runs again.  Conditions: sched_lock held, interrupts masked.
 */
static inline __attribute__((always_inline)) void
switch_to_locked(struct processor *p, thread_t self, thread_t next)
{
	thread_t prev;

	next->state |= TH_RUN;
	if (next->quantum_left == 0)
		next->quantum_left = SCHED_QUANTUM_TICKS;
	p->active_thread = next;
	switch_address_space(next);
	prev = md_switch(self, next);
	switch_epilogue(prev);
}

/*
 * thread_switch_locked: put the current thread in whatever state the
 * caller set (waiting, stopped, or still runnable: requeued) and run the
 * best thread.  Returns when the current thread runs again.  Conditions:
 * sched_lock held, interrupts masked; both still so on return.
 */
void thread_switch_locked(void)
{
	struct processor *p = current_processor();
	thread_t self = p->active_thread, next;

	if (self->state & TH_RUN && !(self->state & (TH_WAIT | TH_HALTED))) {
		if (thread_should_stop(self))
			self->state = (self->state & ~TH_RUN) | TH_SUSP;
		else if (!(self->state & TH_IDLE))
			runq_enqueue(&self->pset->runq, self, false);
	} else {
		self->state &= ~TH_RUN;
	}
	p->need_resched = false;
	next = choose_thread_locked(p);
	if (next == self) {
		/* Nothing better: keep running; a depression ends here. */
		self->state |= TH_RUN;
		depress_end_locked(self);
		return;
	}
	switch_to_locked(p, self, next);
}

int thread_block(void)
{
	intr_state_t s = simple_lock_irq(&sched_lock);
	thread_t self = current_thread();

	if (self->state & TH_WAIT)
		thread_switch_locked();
	simple_unlock_irq(&sched_lock, s);
	reap_pending_threads();
	return self->wait_result;
}

/*
 * handoff_locked: self (waiting) gives processor p to next, which stops
 * waiting; if next cannot run here at once (see thread_block_handoff) it
 * is released normally and the best thread runs.  Returns when self runs
 * again.  Conditions: sched_lock held, interrupts masked.
 */
static inline __attribute__((always_inline)) void
handoff_locked(struct processor *p, thread_t self, thread_t next)
{
	if ((next->state & (TH_WAIT | TH_SUSP | TH_HALTED)) == TH_WAIT &&
	    next->pset == p->pset && !thread_should_stop(next)) {
		wait_end_locked(next, THREAD_AWAKENED);
		self->state &= ~TH_RUN;
		switch_to_locked(p, self, next);
	} else {
		clear_wait_locked(next, THREAD_AWAKENED, false);
		thread_switch_locked();
	}
}

/*
 * thread_block_handoff: see sched_prim.h.  The handoff skips the run
 * queue only when next can run here at once: it is still waiting (a
 * timeout or an abort may have released it meanwhile), not suspended or
 * halted, and of this processor's set.  Otherwise next is released as by
 * clear_wait and the current thread blocks as in thread_block.
 */
int thread_block_handoff(thread_t next)
{
	intr_state_t s = simple_lock_irq(&sched_lock);
	struct processor *p = current_processor();
	thread_t self = p->active_thread;

	if (!(self->state & TH_WAIT)) {
		/* The wakeup came first: no switch at all. */
		clear_wait_locked(next, THREAD_AWAKENED, false);
	} else {
		handoff_locked(p, self, next);
	}
	simple_unlock_irq(&sched_lock, s);
	reap_pending_threads();
	return self->wait_result;
}

int thread_block_handoff_listed(thread_t next, const struct list_node *link)
{
	intr_state_t s = simple_lock_irq(&sched_lock);
	struct processor *p = current_processor();
	thread_t self = p->active_thread;

	if (list_empty(link) || (self->ast & AST_TERMINATE)) {
		/* Taken off the list already: the wakeup came first.  Or
		 * the thread is to end (see assert_wait): no wait at all. */
		self->wait_result = list_empty(link) ? THREAD_AWAKENED :
						       THREAD_INTERRUPTED;
		clear_wait_locked(next, THREAD_AWAKENED, false);
	} else {
		assert(!(self->state & TH_WAIT));
		self->wait_event = 0;
		self->wait_result = THREAD_AWAKENED;
		self->state |= TH_WAIT;
		handoff_locked(p, self, next);
	}
	simple_unlock_irq(&sched_lock, s);
	reap_pending_threads();
	return self->wait_result;
}

void thread_yield(void)
{
	intr_state_t s = simple_lock_irq(&sched_lock);

	thread_switch_locked();
	simple_unlock_irq(&sched_lock, s);
	reap_pending_threads();
}

void thread_startup(thread_t prev)
{
	thread_t self = current_thread();

	switch_epilogue(prev);
	simple_unlock(&sched_lock);
	cpu_intr_enable();
	reap_pending_threads();
	if (self->kernel_fn) {
		self->kernel_fn(self->kernel_arg);
		thread_terminate_self();
	}
	/* A user thread: the port's trampoline now enters user mode. */
	cpu_intr_disable();
}

/* ---- Preemption and the clock -------------------------------------------- */

/*
 * ast_taken: ast_check's work once its quick test found something to do.
 * On the way to user mode the checks are made again after every switch:
 * a thread stopped here may have been asked to end meanwhile
 * (thread_terminate resumes it for that).  Out of line, so that the
 * common "nothing to do" return of ast_check is a leaf.
 */
static __attribute__((noinline)) void ast_taken(bool to_user)
{
	for (;;) {
		struct processor *p = current_processor();
		thread_t self = p->active_thread;

		if (to_user && ((self->state & TH_HALTED) || self->ast)) {
			/* Terminated while in the kernel, or asked to end
			 * (kern/thread.h): never return to user mode. */
			cpu_intr_enable();
			if (self->ast & AST_TERMINATE_TASK)
				task_terminate(self->task);
			thread_terminate_self();
		}
		if (p->preempt_count != 0 && !to_user)
			return;
		if (!p->need_resched && !(to_user && thread_should_stop(self)))
			return;
		simple_lock(&sched_lock);
		thread_switch_locked();
		simple_unlock(&sched_lock);
		if (!to_user)
			return;
		/* A thread that ended just before may be waiting to be
		 * reaped, and someone for its reaping (task_terminate):
		 * do it before going back to user mode, where this
		 * thread may run for long. */
		cpu_intr_enable();
		reap_pending_threads();
		cpu_intr_disable();
	}
}

/*
 * ast_check: see sched_prim.h.  It runs on every return to user mode,
 * without a frame record: a leaf but for the tail call to ast_taken,
 * which makes its own (backtraces handle leaves).
 */
__attribute__((optimize("omit-frame-pointer"))) void ast_check(bool to_user)
{
	struct processor *p = current_processor();
	thread_t self = p->active_thread;

	if (!p->need_resched &&
	    (!to_user || (!(self->state & TH_HALTED) && !self->ast &&
			  !thread_should_stop(self))))
		return;
	ast_taken(to_user);
}

void sched_tick(void)
{
	struct processor *p = current_processor();
	thread_t self = p->active_thread;
	uint64_t now = clock_ticks;
	struct list_node *n;

	simple_lock(&sched_lock);
	if (self->state & TH_IDLE) {
		p->idle_ticks++;
	} else {
		self->cpu_usage++;
		self->system_ticks++;
		if (self->policy == POLICY_TIMESHARE)
			update_priority_locked(self);
		if (self->quantum_left && --self->quantum_left == 0) {
			self->quantum_left = SCHED_QUANTUM_TICKS;
			/* Round robin: an equal or better thread gets a turn. */
			if (runq_highest_priority(&p->pset->runq) <= self->sched_pri)
				p->need_resched = true;
		}
	}
	/* Once a second, age every thread's usage by 5/8. */
	if (now % HZ == 0) {
		list_for_each(n, &p->pset->threads) {
			thread_t t = list_entry(n, struct thread, pset_link);

			t->cpu_usage = t->cpu_usage * 5 / 8;
			t->sched_stamp = now;
			if (t->policy == POLICY_TIMESHARE)
				update_priority_locked(t);
		}
	}
	if (runq_highest_priority(&p->pset->runq) < self->sched_pri)
		p->need_resched = true;
	simple_unlock(&sched_lock);
}
