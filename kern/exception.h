/*
 * kern/exception.h - Mach exceptions: a user thread's fault, trap or
 * unknown system call becomes an exception_raise message to its exception
 * port (kern/exception.c).
 */
#ifndef KERN_EXCEPTION_H
#define KERN_EXCEPTION_H

#include <kern/types.h>

/* What became of an exception (exception_deliver). */
enum exception_result {
	EXCEPTION_RESUME,	/* a handler replied KERN_SUCCESS */
	EXCEPTION_ABORTED,	/* thread_abort or termination ended the wait */
	EXCEPTION_UNHANDLED,	/* no port, or every handler failed */
};

/*
 * exception_deliver: raise exception (EXC_*) with code and subcode for
 * the current user thread: exception_raise to its exception port, else,
 * or if that handler does not reply KERN_SUCCESS (any other reply, a port
 * that is dead or dies, an unusable reply), to its task's.  The thread
 * waits for each reply interruptibly (thread_abort, termination).
 * Returns the outcome; the thread's user frame is whatever handlers left
 * in it (thread_set_state).  Conditions: nothing locked, interrupts
 * enabled, a user thread in its trap path; blocks.
 */
enum exception_result exception_deliver(int exception, int code,
					int64_t subcode);

/*
 * Counters for tests: exception_raise messages sent (one per port tried),
 * exceptions a handler resumed, waits aborted (thread_abort,
 * termination), and exceptions nobody handled (the task was terminated).
 */
struct exception_stats {
	unsigned long raised, resumed, aborted, unhandled;
};
void exception_get_stats(struct exception_stats *s);

/* exception_count_unhandled: user_trap's report of an unhandled one. */
void exception_count_unhandled(void);

#endif /* KERN_EXCEPTION_H */
