/* tests/mig/ksample_kernel.h - kernel-side types for ksample.defs. */
#ifndef KSAMPLE_KERNEL_H
#define KSAMPLE_KERNEL_H
#include <mach/std_types.h>
typedef struct ipc_port *ipc_port_t;
typedef struct task *task_t;
typedef task_t *task_array_t;
typedef ipc_port_t *port_list_t;
task_t convert_port_to_task(ipc_port_t port);
ipc_port_t convert_task_to_port(task_t task);
void task_deallocate(task_t task);
#endif
