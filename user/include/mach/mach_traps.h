/*
 * user/include/mach/mach_traps.h - the Mach traps user programs call
 * directly (trap numbers in kern/syscall.h; ABI in ../shared/design.md).
 * The stubs live in user/arch/<arch>/traps.S; mach_msg_trap and the
 * mach_msg library wrapper are declared in <mach/message.h>.
 */
#ifndef MACH_MACH_TRAPS_H
#define MACH_MACH_TRAPS_H

#include <mach/kern_return.h>
#include <mach/port.h>
#include <mach/message.h>

#define SWITCH_OPTION_NONE	0
#define SWITCH_OPTION_DEPRESS	1
#define SWITCH_OPTION_WAIT	2

kern_return_t mach_print(const char *s);
boolean_t swtch(void);
boolean_t swtch_pri(int priority);
kern_return_t thread_switch(mach_port_t thread, int option,
			    mach_msg_timeout_t time);
kern_return_t syscall_task_terminate(mach_port_t task);
kern_return_t syscall_thread_depress_abort(mach_port_t thread);

/*
 * Port traps.  mach_task_self, mach_thread_self and mach_host_self return
 * a send right (one more user reference on each call, as in GNU Mach);
 * mach_reply_port a new receive right.  MACH_PORT_NULL on failure.
 */
mach_port_t mach_task_self(void);
mach_port_t mach_thread_self(void);
mach_port_t mach_host_self(void);
mach_port_t mach_reply_port(void);

/* Call any trap by number (tests: bad numbers, bad arguments). */
long mach_trap_raw(long number, long a0, long a1, long a2, long a3,
		   long a4, long a5, long a6);

#endif /* MACH_MACH_TRAPS_H */
