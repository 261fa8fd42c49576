/*
 * kern/processor.h - processors, processor sets and run queues.
 *
 * Every processor belongs to one processor set; every thread is assigned to
 * one; a processor runs only threads of its set, taken from the set's run
 * queue.  There is always a default set.  Per-processor state (current and
 * idle thread, the reschedule request, the preemption count) is kept per
 * processor so that SMP needs no redesign; today one processor runs.
 *
 * Locking: sched_lock (kern/sched_prim.c) protects run queues, processor
 * state and set membership.
 */
#ifndef KERN_PROCESSOR_H
#define KERN_PROCESSOR_H

#include <kern/types.h>
#include <kern/list.h>
#include <kern/sched.h>
#include <machine/cpu.h>

struct thread;
struct ipc_port;

#define MAX_CPUS 8

struct run_queue {
	struct list_node queues[NRQS];	/* FIFO per priority */
	uint64_t bitmap;		/* bit p set: queues[p] not empty */
	unsigned int count;
};

struct processor_set {
	struct run_queue runq;
	struct list_node processors;	/* struct processor.pset_link */
	struct list_node threads;	/* struct thread.pset_link */
	struct list_node tasks;		/* struct task.pset_link */
	unsigned int processor_count, thread_count, task_count;
	int max_priority;		/* new threads' maximum */
	unsigned int policies;		/* enabled POLICY_* bits */
	bool active;
	const char *name;
	unsigned int ref_count;		/* atomic; the default set is static */
	struct ipc_port *pset_self;	/* control port (IKOT_PSET) */
	struct ipc_port *pset_name_self; /* name port (IKOT_PSET_NAME) */
};

struct processor {
	struct thread *active_thread;	/* running now */
	struct thread *idle_thread;
	struct processor_set *pset;
	struct list_node pset_link;
	unsigned int cpu_id;
	volatile bool need_resched;	/* set by wakeups and the tick */
	unsigned int preempt_count;	/* > 0: no preemption here */
	bool running;
	uint64_t idle_ticks;
	struct pmap *active_pmap;	/* user pmap loaded, NULL: none */
	struct ipc_port *processor_self; /* IKOT_PROCESSOR */
};

extern struct processor processor_array[MAX_CPUS];
extern struct processor_set default_pset;

/*
 * current_processor: this CPU's struct processor.  It runs on every lock
 * (preemption count) and every current_thread(): a port whose per-CPU
 * block can hold the pointer provides it (<machine/cpu.h>: MD_CPU_PROCESSOR
 * and md_cpu_processor(), valid from the first instruction of C on that
 * CPU); the others get processor_array[cpu_number()].
 */
static inline struct processor *current_processor(void)
{
#ifdef MD_CPU_PROCESSOR
	return md_cpu_processor();
#else
	return &processor_array[cpu_number()];
#endif
}

void processor_bootstrap(void);
void processor_start_idle(void);

/* Run queue operations (sched_lock held). */
void runq_init(struct run_queue *rq);
void runq_enqueue(struct run_queue *rq, struct thread *t, bool at_head);
void runq_remove(struct run_queue *rq, struct thread *t);
struct thread *runq_dequeue_highest(struct run_queue *rq);
/* Priority of the most urgent queued thread, or NRQS if none. */
int runq_highest_priority(const struct run_queue *rq);

/* Preemption control for code that must not be switched away from. */
static inline void preempt_disable(void)
{
	__atomic_add_fetch(&current_processor()->preempt_count, 1,
			   __ATOMIC_RELAXED);
	__asm__ volatile("" ::: "memory");
}

/* Re-allow preemption; a pending reschedule waits for the next chance. */
static inline void preempt_enable_no_resched(void)
{
	__asm__ volatile("" ::: "memory");
	__atomic_sub_fetch(&current_processor()->preempt_count, 1,
			   __ATOMIC_RELAXED);
}

/* Re-allow preemption and reschedule now if one is pending. */
void preempt_enable(void);

#endif /* KERN_PROCESSOR_H */
