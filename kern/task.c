/*
 * kern/task.c - tasks: creation (empty, or inheriting the parent's memory
 * through vm_map_fork), suspension, termination.  A user task's address
 * space is an address map over its own pmap (vm/vm_map.h); it lives as
 * long as the task and is torn down by the last task_deallocate, when no
 * thread of the task is left, so no CPU runs on its pmap any more.
 */
#include <kern/machine.h>
#include <kern/panic.h>
#include <kern/processor.h>
#include <kern/sched_internal.h>
#include <kern/sched_prim.h>
#include <kern/string.h>
#include <kern/task.h>
#include <kern/thread.h>
#include <kern/zalloc.h>
#include <kern/ipc_tt.h>
#include <vm/vm_map.h>

static struct zone task_zone;
static struct task kernel_task_store;
static unsigned long tasks_alive;
struct task *kernel_task = &kernel_task_store;

static void task_init_common(task_t t, const char *name,
			     struct processor_set *pset, int priority)
{
	intr_state_t s;

	memset(t, 0, sizeof(*t));
	simple_lock_init(&t->lock);
	t->ref_count = 1;
	list_init(&t->threads);
	list_init(&t->pset_link);
	t->priority = priority;
	t->active = true;
	t->pset = pset;
	t->creation_ns = md_clock_ns();
	strlcpy(t->name, name, sizeof(t->name));
	s = sched_lock_irq();
	list_push_back(&pset->tasks, &t->pset_link);
	pset->task_count++;
	tasks_alive++;
	sched_unlock_irq(s);
}

void task_bootstrap(void)
{
	zone_init(&task_zone, "task", sizeof(struct task), 0);
	task_init_common(kernel_task, "kernel", &default_pset, BASEPRI_SYSTEM);
	kernel_task->kernel = true;
	kernel_task->ref_count = 2;	/* never freed */
}

/*
 * user_map: the address space of a new task: an empty map of the user
 * half (page 0 left out, so that null pointers fault) over a new pmap, or
 * with inherit a fork of the parent's map.  Returns NULL on exhaustion.
 */
static struct vm_map *user_map(task_t parent, bool inherit)
{
	pmap_t pmap = pmap_create();

	if (!pmap)
		return NULL;
	if (inherit && parent->map)
		return vm_map_fork(parent->map, pmap);	/* takes the pmap */
	return vm_map_create(pmap, MAX(USER_VA_MIN, (vaddr_t)PAGE_SIZE),
			     USER_VA_MAX);
}

/*
 * create: what task_create and task_create_inherit share.  Returns the
 * task with its creation reference, or NULL (everything undone).
 */
static task_t create(task_t parent, const char *name, bool inherit)
{
	task_t t = zalloc(&task_zone);

	if (!t)
		return NULL;
	task_init_common(t, name, parent->pset,
			 parent->kernel ? BASEPRI_USER : parent->priority);
	t->map = user_map(parent, inherit);
	if (!t->map || !ipc_task_init(t, parent)) {
		t->active = false;
		ipc_task_terminate(t);
		task_deallocate(t);
		return NULL;
	}
	return t;
}

task_t task_create(task_t parent, const char *name)
{
	return create(parent, name, false);
}

task_t task_create_inherit(task_t parent, bool inherit_memory)
{
	char name[TASK_NAME_MAX];
	size_t n;

	name[0] = '(';
	strlcpy(name + 1, parent->name, sizeof(name) - 2);
	n = strlen(name);
	name[n] = ')';
	name[n + 1] = '\0';
	return create(parent, name, inherit_memory);
}

void task_reference(task_t t)
{
	__atomic_add_fetch(&t->ref_count, 1, __ATOMIC_RELAXED);
}

void task_deallocate(task_t t)
{
	intr_state_t s;

	if (!t)
		return;
	if (__atomic_sub_fetch(&t->ref_count, 1, __ATOMIC_ACQ_REL) != 0)
		return;
	assert(!t->kernel && t->thread_count == 0);
	ipc_task_release(t);
	/*
	 * No thread of t is left: none runs on its pmap (the switch away
	 * from the last one deactivated it).  Others may still hold
	 * references to the map (a vm_* call in progress); the last one
	 * frees it.
	 */
	if (t->map)
		vm_map_deallocate(t->map);
	s = sched_lock_irq();
	list_remove(&t->pset_link);
	t->pset->task_count--;
	tasks_alive--;
	sched_unlock_irq(s);
	zfree(&task_zone, t);
}

void task_suspend(task_t t)
{
	intr_state_t s = sched_lock_irq();

	t->suspend_count++;
	sched_unlock_irq(s);
}

bool task_resume(task_t t)
{
	intr_state_t s = sched_lock_irq();
	bool ok = t->suspend_count > 0;
	struct list_node *n;

	if (ok && --t->suspend_count == 0) {
		/* Restart the threads that stopped only because of us. */
		list_for_each(n, &t->threads) {
			thread_t th = list_entry(n, struct thread, task_link);

			if ((th->state & TH_SUSP) &&
			    !(th->state & (TH_WAIT | TH_HALTED)) &&
			    th->suspend_count == 0)
				setrun_locked(th);
		}
	}
	sched_unlock_irq(s);
	return ok;
}

bool task_terminate(task_t t)
{
	bool self = current_thread()->task == t;
	intr_state_t is;
	bool was_active;

	if (t->kernel)
		panic("task_terminate: the kernel task");
	is = simple_lock_irq(&t->lock);
	was_active = t->active;
	t->active = false;
	simple_unlock_irq(&t->lock, is);
	if (!was_active) {
		/* Someone else is ending it; a thread of t ends with it. */
		if (self)
			thread_terminate_self();
		return false;
	}
	/* Ask every other thread to end (kern/thread.c: a thread in the
	 * kernel first leaves it), then wait until they have. */
	for (;;) {
		thread_t victim = NULL;
		intr_state_t s = simple_lock_irq(&t->lock);
		struct list_node *n;

		list_for_each(n, &t->threads) {
			thread_t th = list_entry(n, struct thread, task_link);

			if (th != current_thread() && !thread_terminating(th)) {
				victim = th;
				thread_reference(victim);
				break;
			}
		}
		simple_unlock_irq(&t->lock, s);
		if (!victim)
			break;
		thread_terminate(victim);
		thread_deallocate(victim);
	}
	for (;;) {
		intr_state_t s = simple_lock_irq(&t->lock);

		if (t->thread_count == (self ? 1u : 0u)) {
			simple_unlock_irq(&t->lock, s);
			break;
		}
		assert_wait((event_t)t, false);
		simple_unlock_irq(&t->lock, s);
		thread_block();
	}
	/* The task's port dies and every right it holds is released. */
	ipc_task_terminate(t);
	if (self) {
		/* Our own thread goes last; reaping it drops the task. */
		task_deallocate(t);
		thread_terminate_self();
	}
	task_deallocate(t);
	return true;
}

unsigned long task_count(void)
{
	return __atomic_load_n(&tasks_alive, __ATOMIC_RELAXED);
}
