/*
 * kern/syscall.h - Mach trap numbers (negative, as in CMU and GNU Mach's
 * kern/syscall_sw.c) and trap registration.
 */
#ifndef KERN_SYSCALL_H
#define KERN_SYSCALL_H

#include <kern/types.h>

#define MACH_TRAP_COUNT			80

#define MACH_TRAP_EVC_WAIT		(-17)
#define MACH_TRAP_MACH_MSG		(-25)
#define MACH_TRAP_MACH_REPLY_PORT	(-26)
#define MACH_TRAP_MACH_THREAD_SELF	(-27)
#define MACH_TRAP_MACH_TASK_SELF	(-28)
#define MACH_TRAP_MACH_HOST_SELF	(-29)
#define MACH_TRAP_MACH_PRINT		(-30)
#define MACH_TRAP_SWTCH_PRI		(-59)
#define MACH_TRAP_SWTCH			(-60)
#define MACH_TRAP_THREAD_SWITCH		(-61)
#define MACH_TRAP_TASK_TERMINATE	(-69)
#define MACH_TRAP_THREAD_DEPRESS_ABORT	(-76)

/*
 * syscall_register: install a trap implemented by another subsystem (the
 * IPC and VM issues use it).  fn receives the arguments already fetched.
 */
void syscall_register(long number, const char *name, unsigned int nargs,
		      uintptr_t (*fn)(const uintptr_t *args));

/*
 * syscall_register_frame: a trap that fetches its own arguments from the
 * frame with the inline md_syscall_args (<machine/trap.h>), saving the
 * copy into an array: for mach_msg_trap, which runs on every message.
 */
struct trap_frame;
void syscall_register_frame(long number, const char *name,
			    uintptr_t (*fn)(struct trap_frame *tf));

#endif /* KERN_SYSCALL_H */
