/*
 * kern/processor.c - processors, the default processor set, run queues.
 */
#include <kern/machine.h>
#include <kern/panic.h>
#include <kern/processor.h>
#include <kern/sched_internal.h>
#include <kern/sched_prim.h>
#include <kern/thread.h>

struct processor processor_array[MAX_CPUS];
struct processor_set default_pset;

void runq_init(struct run_queue *rq)
{
	for (int i = 0; i < NRQS; i++)
		list_init(&rq->queues[i]);
	rq->bitmap = 0;
	rq->count = 0;
}

void runq_enqueue(struct run_queue *rq, struct thread *t, bool at_head)
{
	int pri = t->sched_pri;

	assert(pri >= 0 && pri < NRQS && !t->runq_queued);
	if (at_head)
		list_push_front(&rq->queues[pri], &t->runq_link);
	else
		list_push_back(&rq->queues[pri], &t->runq_link);
	rq->bitmap |= 1ULL << pri;
	rq->count++;
	t->runq_queued = true;
}

void runq_remove(struct run_queue *rq, struct thread *t)
{
	int pri = t->sched_pri;

	assert(t->runq_queued);
	list_remove(&t->runq_link);
	if (list_empty(&rq->queues[pri]))
		rq->bitmap &= ~(1ULL << pri);
	rq->count--;
	t->runq_queued = false;
}

struct thread *runq_dequeue_highest(struct run_queue *rq)
{
	struct thread *t;

	if (!rq->bitmap)
		return NULL;
	t = list_entry(rq->queues[cpu_ctz64(rq->bitmap)].next,
		       struct thread, runq_link);
	runq_remove(rq, t);
	return t;
}

int runq_highest_priority(const struct run_queue *rq)
{
	return rq->bitmap ? cpu_ctz64(rq->bitmap) : NRQS;
}

void preempt_enable(void)
{
	struct processor *p = current_processor();

	__asm__ volatile("" ::: "memory");
	assert(p->preempt_count > 0);
	if (__atomic_sub_fetch(&p->preempt_count, 1, __ATOMIC_RELAXED) == 0 &&
	    p->need_resched && cpu_intr_enabled() && p->active_thread)
		thread_yield();
}

/*
 * idle_thread_body: run when the set has nothing runnable.  Reaps the
 * threads that ended before it (the last thread of a terminating task
 * often switches straight to it, and its reaping is what wakes whoever
 * waits for the task), waits for an interrupt with interrupts masked
 * (cpu_idle's contract), then lets the scheduler pick whatever the
 * interrupt made runnable.
 */
static void idle_thread_body(void *arg)
{
	struct processor *p = arg;

	for (;;) {
		reap_pending_threads();
		cpu_intr_disable();
		if (!p->need_resched && p->pset->runq.count == 0)
			cpu_idle();
		cpu_intr_enable();
		if (p->need_resched || p->pset->runq.count)
			thread_yield();
	}
}

/*
 * processor_bootstrap: the default set and the boot processor.  Called
 * before any thread exists.
 */
void processor_bootstrap(void)
{
	struct processor_set *ps = &default_pset;
	struct processor *p = &processor_array[cpu_number()];

	runq_init(&ps->runq);
	list_init(&ps->processors);
	list_init(&ps->threads);
	list_init(&ps->tasks);
	ps->max_priority = MAXPRI_USER;
	ps->policies = POLICY_TIMESHARE | POLICY_FIXEDPRI;
	ps->active = true;
	ps->name = "default";
	p->cpu_id = cpu_number();
	p->pset = ps;
	p->running = true;
	list_push_back(&ps->processors, &p->pset_link);
	ps->processor_count = 1;
}

/*
 * processor_start_idle: give the boot processor its idle thread (after
 * thread_bootstrap, once threads can be created).
 */
void processor_start_idle(void)
{
	struct processor *p = current_processor();
	thread_t t = kernel_thread_create("idle", idle_thread_body, p, IDLEPRI);

	if (!t)
		panic("processor: cannot create the idle thread");
	t->state = TH_RUN | TH_IDLE;
	t->suspend_count = 0;
	compute_sched_pri(t);
	p->idle_thread = t;
}
