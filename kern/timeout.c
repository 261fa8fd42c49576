/*
 * kern/timeout.c - callouts driven by the clock tick.
 *
 * The pending list is sorted by deadline, so the tick looks only at its
 * head.  Insertion is linear: the kernel has few timers at a time (one per
 * sleeping thread at most); a timing wheel can replace this when that
 * stops being true.
 */
#include <kern/machine.h>
#include <kern/clock.h>
#include <kern/lock.h>
#include <kern/timeout.h>

static struct list_node pending = LIST_HEAD_INIT(pending);
static simple_lock_t timeout_lock = SIMPLE_LOCK_INITIALIZER;

void timeout_init(struct timeout *t, void (*fn)(void *), void *arg)
{
	list_init(&t->link);
	t->fn = fn;
	t->arg = arg;
	t->pending = false;
	t->deadline = 0;
}

uint64_t timeout_ms_to_ticks(uint64_t ms)
{
	uint64_t ticks = (ms * HZ + 999) / 1000;

	return ticks ? ticks : 1;
}

void timeout_set(struct timeout *t, uint64_t ticks)
{
	intr_state_t s = simple_lock_irq(&timeout_lock);
	struct list_node *n;

	if (t->pending)
		list_remove(&t->link);
	/* +1: the current tick is partly over; wait at least `ticks`. */
	t->deadline = clock_ticks + (ticks ? ticks : 1) + 1;
	t->pending = true;
	list_for_each(n, &pending) {
		if (list_entry(n, struct timeout, link)->deadline > t->deadline)
			break;
	}
	list_insert_after(n->prev, &t->link);
	simple_unlock_irq(&timeout_lock, s);
}

bool timeout_cancel(struct timeout *t)
{
	intr_state_t s = simple_lock_irq(&timeout_lock);
	bool was = t->pending;

	if (was) {
		list_remove(&t->link);
		t->pending = false;
	}
	simple_unlock_irq(&timeout_lock, s);
	return was;
}

void timeout_tick(uint64_t now)
{
	for (;;) {
		struct timeout *t;

		simple_lock(&timeout_lock);
		if (list_empty(&pending)) {
			simple_unlock(&timeout_lock);
			return;
		}
		t = list_entry(pending.next, struct timeout, link);
		if (t->deadline > now) {
			simple_unlock(&timeout_lock);
			return;
		}
		list_remove(&t->link);
		t->pending = false;
		simple_unlock(&timeout_lock);
		t->fn(t->arg);
	}
}
