/*
 * include/mach/task_special_ports.h - which_port values of
 * task_get_special_port / task_set_special_port (GNU Mach's numbers).
 */
#ifndef MACH_TASK_SPECIAL_PORTS_H
#define MACH_TASK_SPECIAL_PORTS_H

#define TASK_KERNEL_PORT	1	/* what mach_task_self returns */
#define TASK_EXCEPTION_PORT	3	/* exception messages of the task */
#define TASK_BOOTSTRAP_PORT	4	/* the task's bootstrap server */

#endif /* MACH_TASK_SPECIAL_PORTS_H */
