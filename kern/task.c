/*
 * kern/task.c - tasks: creation, suspension, termination, and the interim
 * address space (a pmap plus the wired pages loaded into it) that serves
 * until vm_map arrives.
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
#include <vm/vm_page.h>

static struct zone task_zone;
static struct task kernel_task_store;
static unsigned long tasks_alive;
struct task *kernel_task = &kernel_task_store;

/* Pages loaded into a task: one record per page, in a zone. */
struct task_page {
	struct list_node link;
	vaddr_t va;
	struct vm_page *page;
};
static struct zone task_page_zone;

static void task_init_common(task_t t, const char *name,
			     struct processor_set *pset, int priority)
{
	intr_state_t s;

	memset(t, 0, sizeof(*t));
	simple_lock_init(&t->lock);
	t->ref_count = 1;
	list_init(&t->threads);
	list_init(&t->pages);
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
	zone_init(&task_page_zone, "task.page", sizeof(struct task_page), 0);
	task_init_common(kernel_task, "kernel", &default_pset, BASEPRI_SYSTEM);
	kernel_task->kernel = true;
	kernel_task->pmap = kernel_pmap;
	kernel_task->ref_count = 2;	/* never freed */
}

task_t task_create(task_t parent, const char *name)
{
	task_t t = zalloc(&task_zone);

	if (!t)
		return NULL;
	task_init_common(t, name, parent->pset,
			 parent->kernel ? BASEPRI_USER : parent->priority);
	t->pmap = pmap_create();
	if (!t->pmap || !ipc_task_init(t, parent)) {
		t->active = false;
		ipc_task_terminate(t);
		task_deallocate(t);
		return NULL;
	}
	return t;
}

void task_reference(task_t t)
{
	__atomic_add_fetch(&t->ref_count, 1, __ATOMIC_RELAXED);
}

/* Unmap and free every page loaded into t's address space. */
static void task_free_pages(task_t t)
{
	struct list_node *n;

	while ((n = list_pop_front(&t->pages)) != NULL) {
		struct task_page *tp = list_entry(n, struct task_page, link);

		pmap_remove(t->pmap, tp->va, tp->va + PAGE_SIZE);
		vm_page_free(tp->page);
		zfree(&task_page_zone, tp);
	}
	t->page_count = 0;
	pmap_update(t->pmap);
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
	if (t->pmap) {
		task_free_pages(t);
		pmap_destroy(t->pmap);
	}
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

void *task_map_page(task_t t, vaddr_t va, vm_prot_t prot)
{
	struct task_page *tp;
	struct vm_page *m = NULL;
	intr_state_t s;

	bool mapped;

	/* One unsigned comparison: USER_VA_MIN may be 0 (-Wtype-limits). */
	if ((va & PAGE_MASK) || va - USER_VA_MIN >= USER_VA_MAX - USER_VA_MIN)
		return NULL;
	pmap_extract(t->pmap, va, &mapped);
	if (mapped)
		return NULL;
	tp = zalloc(&task_page_zone);
	m = vm_page_alloc();
	if (!tp || !m)
		goto fail;
	pmap_zero_page(m->phys_addr);
	if (pmap_enter(t->pmap, va, m->phys_addr, prot, VM_PROT_NONE, true) != 0)
		goto fail;
	tp->va = va;
	tp->page = m;
	s = simple_lock_irq(&t->lock);
	list_push_back(&t->pages, &tp->link);
	t->page_count++;
	simple_unlock_irq(&t->lock, s);
	return vm_page_kva(m);
fail:
	if (m)
		vm_page_free(m);
	if (tp)
		zfree(&task_page_zone, tp);
	return NULL;
}

unsigned long task_count(void)
{
	return __atomic_load_n(&tasks_alive, __ATOMIC_RELAXED);
}
