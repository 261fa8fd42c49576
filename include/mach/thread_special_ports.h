/*
 * include/mach/thread_special_ports.h - which_port values of
 * thread_get_special_port / thread_set_special_port (GNU Mach's numbers).
 */
#ifndef MACH_THREAD_SPECIAL_PORTS_H
#define MACH_THREAD_SPECIAL_PORTS_H

#define THREAD_KERNEL_PORT	1	/* what mach_thread_self returns */
#define THREAD_EXCEPTION_PORT	3	/* exception messages of the thread */

#endif /* MACH_THREAD_SPECIAL_PORTS_H */
