/*
 * user/include/mach/mach_traps.h - the Mach traps user programs call
 * directly (trap numbers in kern/syscall.h; ABI in ../shared/design.md).
 * The stubs live in user/arch/<arch>/traps.S.
 */
#ifndef MACH_MACH_TRAPS_H
#define MACH_MACH_TRAPS_H

#include <mach/kern_return.h>

typedef unsigned int mach_port_t;
typedef unsigned int mach_msg_timeout_t;
typedef int boolean_t;

#define MACH_PORT_NULL	0

#define SWITCH_OPTION_NONE	0
#define SWITCH_OPTION_DEPRESS	1
#define SWITCH_OPTION_WAIT	2

kern_return_t mach_print(const char *s);
boolean_t swtch(void);
boolean_t swtch_pri(int priority);
kern_return_t thread_switch(mach_port_t thread, int option,
			    mach_msg_timeout_t time);
mach_port_t mach_task_self(void);
kern_return_t syscall_task_terminate(mach_port_t task);
kern_return_t syscall_thread_depress_abort(mach_port_t thread);

/* Call any trap by number (tests: bad numbers, bad arguments). */
long mach_trap_raw(long number, long a0, long a1, long a2, long a3,
		   long a4, long a5, long a6);

#endif /* MACH_MACH_TRAPS_H */
