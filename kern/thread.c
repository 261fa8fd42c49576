/*
 * kern/thread.c - thread creation, suspension, priorities and termination.
 *
 * Life cycle and references: a thread holds one reference for being alive
 * (dropped when it is reaped after termination); other holders (its task
 * list does not count; ports will) take their own.  Its kernel stack is
 * freed at reaping, when it can no longer be running; the structure goes
 * with the last reference.
 */
#include <kern/machine.h>
#include <kern/ipc_tt.h>
#include <kern/panic.h>
#include <kern/processor.h>
#include <kern/sched_internal.h>
#include <kern/sched_prim.h>
#include <kern/string.h>
#include <kern/task.h>
#include <kern/thread.h>
#include <ipc/ipc_kmsg.h>
#include <kern/zalloc.h>
#include <vm/vm_kern.h>

static struct zone thread_zone;
static unsigned long threads_alive;
struct list_node reap_list = LIST_HEAD_INIT(reap_list);

/* The boot context, turned into a thread by thread_bootstrap(). */
static struct thread boot_thread;

/*
 * thread_init_common: the fields every thread starts with, in task (which
 * must be active) and its processor set.  Conditions: no lock held.
 */
static void thread_init_common(thread_t t, task_t task, const char *name,
			       int priority)
{
	intr_state_t s;

	memset(t, 0, sizeof(*t));
	list_init(&t->runq_link);
	list_init(&t->task_link);
	list_init(&t->pset_link);
	list_init(&t->ith_rcv_link);
	t->ref_count = 1;
	t->task = task;
	t->pset = task->pset;
	t->policy = POLICY_TIMESHARE;
	t->priority = priority;
	t->max_priority = t->pset->max_priority;
	if (t->priority < t->max_priority)
		t->priority = t->max_priority;
	t->suspend_count = 1;		/* created suspended */
	t->state = TH_SUSP;
	t->creation_ns = md_clock_ns();
	t->quantum_left = SCHED_QUANTUM_TICKS;
	strlcpy(t->name, name, sizeof(t->name));
	timeout_init(&t->wait_timer, NULL, t);
	timeout_init(&t->depress_timer, NULL, t);
	compute_sched_pri(t);
	task_reference(task);

	s = simple_lock_irq(&task->lock);
	list_push_back(&task->threads, &t->task_link);
	task->thread_count++;
	simple_unlock_irq(&task->lock, s);

	s = sched_lock_irq();
	list_push_back(&t->pset->threads, &t->pset_link);
	t->pset->thread_count++;
	threads_alive++;
	sched_unlock_irq(s);
}

void thread_bootstrap(void)
{
	thread_t t = &boot_thread;
	struct processor *p = current_processor();

	struct ipc_port *port = ipc_thread_port_alloc();

	if (!port)
		panic("thread_bootstrap: no memory for the boot thread's port");
	zone_init(&thread_zone, "thread", sizeof(struct thread), 0);
	thread_init_common(t, kernel_task, "boot", BASEPRI_SYSTEM);
	ipc_thread_init(t, port);
	t->suspend_count = 0;
	t->state = TH_RUN;
	t->ref_count = 2;		/* never freed: it is static */
	md_thread_init_boot(t);
	p->active_thread = t;
}

/*
 * thread_alloc: a thread structure, a guarded kernel stack (in *stack)
 * and the thread's kernel port (in *port), all or nothing; NULL on
 * exhaustion.  thread_init_common then clears the structure, so the
 * stack and port are attached after it.
 */
static thread_t thread_alloc(vaddr_t *stack, struct ipc_port **port)
{
	thread_t t = zalloc(&thread_zone);
	void *s;

	if (!t)
		return NULL;
	s = kmem_alloc_stack(THREAD_KSTACK_PAGES * PAGE_SIZE);
	*port = s ? ipc_thread_port_alloc() : NULL;
	if (!*port) {
		if (s)
			kmem_free_stack(s, THREAD_KSTACK_PAGES * PAGE_SIZE);
		zfree(&thread_zone, t);
		return NULL;
	}
	*stack = (vaddr_t)s;
	return t;
}

thread_t kernel_thread_create(const char *name, void (*fn)(void *), void *arg,
			      int priority)
{
	struct ipc_port *port;
	vaddr_t stack;
	thread_t t = thread_alloc(&stack, &port);

	if (!t)
		return NULL;
	thread_init_common(t, kernel_task, name, priority);
	ipc_thread_init(t, port);
	t->kstack = stack;
	t->kstack_size = THREAD_KSTACK_PAGES * PAGE_SIZE;
	t->kernel_fn = fn;
	t->kernel_arg = arg;
	md_thread_init(t);
	return t;
}

thread_t thread_create(task_t task)
{
	struct ipc_port *port;
	vaddr_t stack;
	thread_t t;

	if (!task->active)
		return NULL;
	t = thread_alloc(&stack, &port);
	if (!t)
		return NULL;
	thread_init_common(t, task, task->name, task->priority);
	ipc_thread_init(t, port);
	t->kstack = stack;
	t->kstack_size = THREAD_KSTACK_PAGES * PAGE_SIZE;
	md_thread_init(t);
	return t;
}

void thread_start_user(thread_t t, vaddr_t pc, vaddr_t sp)
{
	md_thread_set_user_entry(t, pc, sp);
}

void thread_free(thread_t t)
{
	assert(t->state & TH_HALTED);
	zfree(&thread_zone, t);
}

void thread_suspend(thread_t t)
{
	intr_state_t s = sched_lock_irq();

	t->suspend_count++;
	/* A queued thread stops when the scheduler next meets it; the
	 * running one at its next scheduling point. */
	sched_unlock_irq(s);
}

bool thread_resume(thread_t t)
{
	intr_state_t s = sched_lock_irq();
	bool ok = t->suspend_count > 0;

	if (ok && --t->suspend_count == 0 && (t->state & TH_SUSP) &&
	    !(t->state & (TH_WAIT | TH_HALTED)))
		setrun_locked(t);
	sched_unlock_irq(s);
	return ok;
}

bool thread_set_priority(thread_t t, int priority, bool set_max)
{
	intr_state_t s;

	if (priority < MAXPRI || priority > MINPRI)
		return false;
	s = sched_lock_irq();
	if (set_max) {
		t->max_priority = priority;
		if (t->priority < priority)
			t->priority = priority;
	} else {
		t->priority = priority < t->max_priority ? t->max_priority
							 : priority;
	}
	update_priority_locked(t);
	sched_unlock_irq(s);
	return true;
}

void thread_set_policy(thread_t t, int policy)
{
	intr_state_t s = sched_lock_irq();

	t->policy = policy;
	update_priority_locked(t);
	sched_unlock_irq(s);
}

/*
 * thread_halt_locked: take t out of the scheduler for good (sched_lock
 * held).  Returns true if t is not running and can be reaped right away.
 */
static bool thread_halt_locked(thread_t t)
{
	if (t->state & TH_WAIT) {
		list_remove(&t->runq_link);	/* off its wait bucket */
		if (t->wait_timer_armed)
			timeout_cancel(&t->wait_timer);
		t->wait_timer_armed = false;
	}
	if (t->runq_queued)
		runq_remove(&t->pset->runq, t);
	timeout_cancel(&t->depress_timer);
	t->depressed = false;
	t->state = (t->state & ~(TH_WAIT | TH_SUSP | TH_UNINT)) | TH_HALTED;
	list_remove(&t->pset_link);
	t->pset->thread_count--;
	return t != current_processor()->active_thread;
}

/* Detach t from its task (no lock held). */
static void thread_detach_task(thread_t t)
{
	task_t task = t->task;
	intr_state_t s = simple_lock_irq(&task->lock);

	list_remove(&t->task_link);
	--task->thread_count;
	task->dead_user_ticks += t->user_ticks;
	task->dead_system_ticks += t->system_ticks;
	simple_unlock_irq(&task->lock, s);
	/* Whoever waits for the task's threads to go (task_terminate, tests,
	 * benchmarks) checks the count again. */
	thread_wakeup(task);
}

/*
 * thread_reap_now: free what a halted thread owns once it is off every
 * processor: its kernel stack, its task reference, its alive reference.
 */
static void thread_reap_now(thread_t t)
{
	task_t task = t->task;

	ipc_thread_terminate(t);	/* normally done at termination */
	if (t->ith_kmsg_kept) {
		/* Counted as freed already: back through the allocator. */
		ipc_kmsg_small_reuse(t->ith_kmsg_kept, sizeof(mach_msg_header_t));
		ipc_kmsg_free(t->ith_kmsg_kept);
		t->ith_kmsg_kept = NULL;
	}
	md_thread_destroy(t);
	if (t != &boot_thread)
		kmem_free_stack((void *)t->kstack, t->kstack_size);
	thread_detach_task(t);
	__atomic_sub_fetch(&threads_alive, 1, __ATOMIC_RELAXED);
	thread_deallocate(t);
	task_deallocate(task);
}

/*
 * thread_terminate: see kern/thread.h.  A user thread that has run may be
 * anywhere in the kernel, holding references, messages or locks on its
 * stack (blocked in mach_msg, preempted in a trap): freeing its stack
 * there would leak them.  It is sent to its way out instead: it is marked
 * AST_TERMINATE (which also overrides its suspension), an interruptible
 * wait is interrupted, and it runs until it is about to return to user
 * mode, where ast_check ends it with everything released.  A thread that
 * never ran and a kernel thread are halted at once.
 * Conditions: nothing locked.
 */
void thread_terminate(thread_t t)
{
	intr_state_t s;
	bool reap = false;

	if (t == current_thread())
		thread_terminate_self();
	s = sched_lock_irq();
	if (t->state & TH_HALTED) {
		sched_unlock_irq(s);
		return;
	}
	sched_unlock_irq(s);
	/* Its port dies first: no request can reach it from now on. */
	ipc_thread_terminate(t);
	s = sched_lock_irq();
	if (t->state & TH_HALTED) {
		sched_unlock_irq(s);
		return;
	}
	if (t->task->kernel || t->switches == 0) {
		reap = thread_halt_locked(t);
	} else {
		t->ast |= AST_TERMINATE;
		if (!clear_wait_locked(t, THREAD_INTERRUPTED, true) &&
		    (t->state & TH_SUSP) && !(t->state & TH_WAIT))
			setrun_locked(t);
	}
	sched_unlock_irq(s);
	if (reap)
		thread_reap_now(t);
}

void thread_ast_set(thread_t t, unsigned int ast)
{
	intr_state_t s = sched_lock_irq();

	t->ast |= ast;
	sched_unlock_irq(s);
}

bool thread_terminating(thread_t t)
{
	return (t->state & TH_HALTED) || (t->ast & AST_TERMINATE);
}

void thread_terminate_self(void)
{
	thread_t self = current_thread();

	ipc_thread_terminate(self);
	cpu_intr_disable();
	simple_lock(&sched_lock);
	thread_halt_locked(self);
	thread_switch_locked();
	panic("thread_terminate_self: a halted thread ran again");
}

void thread_reap_later(thread_t t)
{
	list_push_back(&reap_list, &t->runq_link);
}

void reap_pending_threads_slow(void)
{
	for (;;) {
		intr_state_t s = sched_lock_irq();
		struct list_node *n = list_pop_front(&reap_list);

		sched_unlock_irq(s);
		if (!n)
			return;
		thread_reap_now(list_entry(n, struct thread, runq_link));
	}
}

unsigned long thread_count(void)
{
	return __atomic_load_n(&threads_alive, __ATOMIC_RELAXED);
}
