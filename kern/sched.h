/*
 * kern/sched.h - scheduling constants: priorities and policies.
 *
 * As in CMU and GNU Mach, a numerically LOWER priority is a more urgent
 * one: 0 is the highest, NRQS - 1 the lowest.  The values follow GNU Mach
 * (50 run queues) so that thread_info, thread_priority and friends mean
 * the same numbers on Mica.
 */
#ifndef KERN_SCHED_H
#define KERN_SCHED_H

#define NRQS		50		/* run queues per processor set */
#define MAXPRI		0		/* highest priority */
#define MINPRI		(NRQS - 1)	/* lowest priority */
#define IDLEPRI		MINPRI		/* the idle thread, never queued */
#define DEPRESSPRI	MINPRI		/* a depressed thread (thread_switch) */

#define BASEPRI_SYSTEM	6		/* kernel threads */
#define BASEPRI_USER	25		/* user threads by default */
#define MAXPRI_USER	0		/* default maximum of a processor set */

/* Scheduling policies (GNU Mach's policy.h values). */
#define POLICY_TIMESHARE	1
#define POLICY_FIXEDPRI		2

/* Quantum and usage accounting, in clock ticks (HZ = 100). */
#define SCHED_QUANTUM_TICKS	5	/* 50 ms */
#define SCHED_USAGE_SHIFT	3	/* priority penalty = usage >> shift */

/* thread_switch options (GNU Mach's mach/thread_switch.h values). */
#define SWITCH_OPTION_NONE	0
#define SWITCH_OPTION_DEPRESS	1
#define SWITCH_OPTION_WAIT	2

#endif /* KERN_SCHED_H */
