/*
 * include/mach/mach_param.h - limits of the kernel interface.
 */
#ifndef MACH_MACH_PARAM_H
#define MACH_MACH_PARAM_H

/* Send rights a task keeps for mach_ports_register / mach_ports_lookup;
 * a child task inherits its parent's. */
#define TASK_PORT_REGISTER_MAX	4

#endif /* MACH_MACH_PARAM_H */
