/*
 * tests/kernel/test_stack.c - suite "stack_overflow": a kernel thread that
 * overflows its kernel stack must end in a clear panic naming it.
 *
 * The thread recurses until it runs into the unmapped guard page below
 * its stack (kmem_alloc_stack).  The port's exception entry must notice
 * that the fault cannot be handled on that stack, move to a stack of its
 * own and panic with "kernel stack overflow" and the thread's name;
 * qemu-run expects that line (the suite always ends in a panic).
 */
#include <kern/machine.h>
#include <kern/panic.h>
#include <kern/sched.h>
#include <kern/sched_prim.h>
#include <kern/thread.h>
#include <tests/kernel/ktest.h>

static volatile unsigned long deepest;

/* 256 bytes of locals per level; the volatile use after the call keeps
 * the compiler from turning the recursion into a loop. */
static unsigned long __attribute__((noinline)) recurse(unsigned long depth)
{
	volatile unsigned char pad[256];

	pad[0] = (unsigned char)depth;
	deepest = depth;
	if (depth == ~0UL)		/* never: the stack is 16 KiB */
		return pad[0];
	return recurse(depth + 1) + pad[0];
}

static void deep_thread(void *arg)
{
	(void)arg;
	recurse(0);
}

KTEST(stack_overflow, kernel_thread)
{
	thread_t t = kernel_thread_create("deep", deep_thread, NULL,
					  BASEPRI_SYSTEM);

	KT_CHECK(t);
	thread_resume(t);
	thread_sleep_ms(1000);
	KT_CHECK_MSG(false, "no panic: the thread reached depth %lu",
		     (unsigned long)deepest);
}
