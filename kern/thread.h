/*
 * kern/thread.h - threads: the unit of execution.
 *
 * A thread belongs to exactly one task.  Its machine state lives in
 * struct machine_thread (<machine/thread.h>, per port); everything the
 * scheduler and the thread interface need is here.
 *
 * Locking: the scheduler state of every thread (state, run queue links,
 * priorities, wait event, suspend count) is protected by sched_lock
 * (kern/sched_prim.c), taken with interrupts masked.  A thread's task
 * link and its reference count are protected by the task lock and atomics.
 */
#ifndef KERN_THREAD_H
#define KERN_THREAD_H

#include <kern/types.h>
#include <kern/list.h>
#include <kern/lock.h>
#include <kern/timeout.h>
#include <machine/thread.h>

struct task;
struct processor_set;
struct ipc_port;
struct ipc_kmsg;

typedef uintptr_t event_t;	/* what a thread waits for: any address */

/* Thread states (bits of thread->state). */
#define TH_WAIT		0x01	/* waiting for an event */
#define TH_SUSP		0x02	/* stopped: suspend count > 0 */
#define TH_RUN		0x04	/* running or on a run queue */
#define TH_UNINT	0x08	/* the wait cannot be interrupted */
#define TH_HALTED	0x10	/* terminated: never runs again */
#define TH_IDLE		0x20	/* a processor's idle thread */

/* Wait results, returned by thread_block(). */
#define THREAD_AWAKENED		0
#define THREAD_TIMED_OUT	1
#define THREAD_INTERRUPTED	2
#define THREAD_RESTART		3

#define THREAD_KSTACK_PAGES	4	/* 16 KiB, plus an unmapped guard page */
#define THREAD_NAME_MAX		24

struct thread {
	struct machine_thread md;	/* first: the port's state */

	/* Scheduler state (sched_lock). */
	struct list_node runq_link;	/* run queue, or wait bucket */
	unsigned int state;		/* TH_* */
	event_t wait_event;		/* valid while TH_WAIT */
	int wait_result;
	struct timeout wait_timer;	/* assert_wait timeout */
	bool wait_timer_armed;
	int priority;			/* base priority */
	int max_priority;
	int sched_pri;			/* what the run queues use */
	int policy;			/* POLICY_TIMESHARE / POLICY_FIXEDPRI */
	unsigned int quantum_left;	/* ticks before round robin */
	unsigned int cpu_usage;		/* decayed ticks of CPU used */
	uint64_t sched_stamp;		/* clock tick of the last usage decay */
	bool depressed;			/* sched_pri held at DEPRESSPRI */
	struct timeout depress_timer;
	int suspend_count;
	bool runq_queued;		/* on a run queue */
	struct processor_set *pset;

	/* Statistics. */
	uint64_t user_ticks, system_ticks;
	uint64_t switches;

	/* Life cycle. */
	struct task *task;
	struct list_node task_link;	/* task->threads (task lock) */
	struct list_node pset_link;	/* pset->threads (sched_lock) */
	unsigned int ref_count;		/* atomic */
	vaddr_t kstack;			/* lowest usable address */
	size_t kstack_size;
	char name[THREAD_NAME_MAX];
	void (*kernel_fn)(void *);	/* kernel threads: body */
	void *kernel_arg;
	uint64_t creation_ns;		/* md_clock_ns() at creation */
	bool vm_privilege;		/* thread_wire: may use reserved pages */
	unsigned int ast;		/* AST_* requests (sched_lock) */

	/*
	 * IPC (kern/ipc_tt.c).  ith_lock protects the thread's kernel port
	 * (NULL once the thread is terminated) and the send rights it keeps:
	 * its self port (what mach_thread_self gives) and its exception
	 * port, NULL when unset.
	 */
	simple_lock_t ith_lock;
	struct ipc_port *ith_self;
	struct ipc_port *ith_sself;
	struct ipc_port *ith_exception;

	/*
	 * A receive in progress (ipc/ipc_mqueue.c), under the lock of the
	 * port received from.  While the thread waits for a message on a
	 * port (not a set), ith_rcv_link is on the port's rcv_waiters list
	 * and a sender may hand it a message directly: ith_kmsg (stamped,
	 * no longer on any queue), ith_rcv_from the receive right's name.
	 * ith_rcv_size is the largest message the waiter can take.  Off the
	 * list, ith_rcv_link points at itself.
	 */
	struct list_node ith_rcv_link;
	struct ipc_kmsg *ith_kmsg;
	uint32_t ith_rcv_state;		/* IPC_RCV_* (ipc/ipc_mqueue_direct.h) */
	struct ipc_kmsg *ith_kmsg_kept;	/* the fast path's small kmsg */
	uint32_t ith_rcv_size;
	uint32_t ith_rcv_from;
};

/*
 * What a thread must do on its way back to user mode (ast_check), set
 * under sched_lock.  thread_terminate asks a thread that may hold kernel
 * state to end there (AST_TERMINATE); a kernel server routine cannot end
 * its own caller, or the caller's task, while the request and its reply
 * are in flight, so it leaves the request for the thread to act on once
 * the reply is delivered.
 */
#define AST_TERMINATE		0x1	/* end the thread */
#define AST_TERMINATE_TASK	0x2	/* end the thread's task */


typedef struct thread *thread_t;

/* The thread running on this processor. */
static inline thread_t current_thread(void)
{
	return current_processor()->active_thread;
}

/*
 * thread_bootstrap: turn the boot context into the first thread of the
 * kernel task, so that the scheduler has something to switch from.
 */
void thread_bootstrap(void);

/*
 * kernel_thread_create: a new kernel thread running fn(arg) at priority,
 * created suspended (resume it with thread_resume).  Returns NULL when
 * memory for the thread or its stack is exhausted.
 */
thread_t kernel_thread_create(const char *name, void (*fn)(void *), void *arg,
			      int priority);

/*
 * thread_create: a new thread in task, suspended, with no machine state
 * beyond zeroed registers; the caller sets its user entry (thread_start_user
 * or thread_set_state).  Returns NULL when memory is exhausted.
 */
thread_t thread_create(struct task *task);

/* Make a created thread run from pc with stack pointer sp in user mode. */
void thread_start_user(thread_t t, vaddr_t pc, vaddr_t sp);

/* References (atomic); the last one frees a halted thread (thread_free). */
void thread_free(thread_t t);

static inline void thread_reference(thread_t t)
{
	__atomic_add_fetch(&t->ref_count, 1, __ATOMIC_RELAXED);
}

static inline void thread_deallocate(thread_t t)
{
	if (t && __atomic_sub_fetch(&t->ref_count, 1, __ATOMIC_ACQ_REL) == 0)
		thread_free(t);
}

/*
 * thread_suspend / thread_resume: adjust the suspend count.  A thread
 * runs only while its count and its task's are zero.  thread_resume of a
 * thread whose count is already zero returns false (KERN_FAILURE).
 */
void thread_suspend(thread_t t);
bool thread_resume(thread_t t);

/*
 * thread_terminate: stop t for good and free what it owns once it is off
 * the processor.  Terminating the current thread does not return.  A user
 * thread that has run ends asynchronously: it first leaves the kernel
 * (an interruptible wait is interrupted), releasing what it holds there,
 * and ends on its way back to user mode (kern/thread.c); its port dies at
 * once.  thread_terminating: t is ended or on its way to end.
 */
void thread_terminate(thread_t t);
void thread_terminate_self(void) __noreturn;
bool thread_terminating(thread_t t);

/* Add AST_* requests (kern/thread.h above) to t.  Takes sched_lock. */
void thread_ast_set(thread_t t, unsigned int ast);

/* Set the base priority (clamped to the maximum) or the maximum. */
bool thread_set_priority(thread_t t, int priority, bool set_max);
void thread_set_policy(thread_t t, int policy);

/* Counters for tests: live threads and their kernel stacks. */
unsigned long thread_count(void);

#endif /* KERN_THREAD_H */
