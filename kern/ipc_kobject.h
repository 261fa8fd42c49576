/*
 * kern/ipc_kobject.h - kernel objects behind ports, and what the
 * generated kernel server stubs (tools/mig, KernelServer) need: the kernel
 * object types and the conversions between ports and objects.
 *
 * Conversions from ports return a referenced object or NULL (a port that
 * is not that kind of kernel object); the stub calls the matching
 * destructor when the routine returns.  Conversions to ports return a
 * send right in transit (counted, referenced) or NULL.
 */
#ifndef KERN_IPC_KOBJECT_H
#define KERN_IPC_KOBJECT_H

#include <kern/types.h>
#include <mach/mach_types.h>
#include <mach/message.h>
#include <ipc/ipc_port.h>

ipc_space_t convert_port_to_space(ipc_port_t port);
void space_deallocate(ipc_space_t space);
task_t convert_port_to_task(ipc_port_t port);
ipc_port_t convert_task_to_port(task_t task);
void task_deallocate(task_t task);

/*
 * ipc_kobject_server: serve a request sent to a kernel object port.  The
 * request is in kernel form; returns the reply (kernel form, addressed to
 * the request's reply right) or NULL when there is no reply to send.
 * Consumes the request.
 */
struct ipc_kmsg;
struct ipc_kmsg *ipc_kobject_server(struct ipc_kmsg *request);

/* The kernel port of a task (made at task creation). */
ipc_port_t ipc_task_port_create(task_t task);
void ipc_task_port_destroy(ipc_port_t port);

#endif /* KERN_IPC_KOBJECT_H */
