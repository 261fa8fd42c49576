/*
 * kern/ipc_kobject.h - kernel objects behind ports, and what the
 * generated kernel server stubs (tools/mig, KernelServer) need: the kernel
 * object types and the conversions between ports and objects.
 *
 * Conversions from ports return the object or NULL (a port that is not
 * that kind of kernel object, or whose object is gone); tasks, threads,
 * spaces and processor sets come referenced and the stub calls the
 * matching destructor when the routine returns; the host and processors
 * are never freed and carry no reference.  Conversions to ports return a
 * send right in transit (counted, referenced) or NULL, and consume the
 * object reference where the object has one.
 *
 * The server functions of the mach (2000) and mach_host (2600) subsystems
 * are named S_<routine> (serverprefix, because several routines share
 * their names with the kernel's own functions: task_create,
 * thread_resume ...); those of mach_port (3200) keep the routine names.
 */
#ifndef KERN_IPC_KOBJECT_H
#define KERN_IPC_KOBJECT_H

#include <kern/types.h>
#include <mach/mach_types.h>
#include <mach/message.h>
#include <ipc/ipc_port.h>
#include <ipc/ipc_right.h>	/* IPC_OBJECT_DEAD */
#include <vm/pmap.h>		/* vm_prot_t */
#include <kern/thread.h>	/* thread_deallocate */

/*
 * A port pointer a stub hands over may be NULL (MACH_PORT_NULL) or
 * IPC_OBJECT_DEAD (a dead right, MACH_PORT_DEAD); IP_VALID tells a real
 * port.  Conversions take either as "no object".
 */
#define IP_VALID(port)	((port) != NULL && \
			 (port) != (ipc_port_t)(void *)IPC_OBJECT_DEAD)

/* Tasks, threads and their spaces (kern/ipc_tt.c). */
ipc_space_t convert_port_to_space(ipc_port_t port);
void space_deallocate(ipc_space_t space);
task_t convert_port_to_task(ipc_port_t port);
ipc_port_t convert_task_to_port(task_t task);
void task_deallocate(task_t task);
thread_t convert_port_to_thread(ipc_port_t port);
ipc_port_t convert_thread_to_port(thread_t thread);
/* thread_deallocate: kern/thread.h (inline). */

/* The host, processors, processor sets (kern/ipc_host.c). */
host_t convert_port_to_host(ipc_port_t port);		/* name or privileged */
host_t convert_port_to_host_priv(ipc_port_t port);	/* privileged only */
ipc_port_t convert_host_to_port(host_t host);		/* the name port */
processor_t convert_port_to_processor(ipc_port_t port);
ipc_port_t convert_processor_to_port(processor_t processor);
processor_set_t convert_port_to_pset(ipc_port_t port);	/* control port */
processor_set_t convert_port_to_pset_name(ipc_port_t port); /* either */
ipc_port_t convert_pset_to_port(processor_set_t pset);
ipc_port_t convert_pset_name_to_port(processor_set_t pset);
void pset_reference(processor_set_t pset);
void pset_deallocate(processor_set_t pset);

/*
 * Address spaces: a task port converts to its task's map, referenced
 * (vm/vm_user_server.c; NULL for the kernel task, which has none).
 * Memory objects: interim (vm/vm_server.c) until pagers give VM objects
 * ports: no port converts to them yet.  Both destructors ignore NULL.
 */
vm_map_t convert_port_to_map(ipc_port_t port);
void vm_map_deallocate(vm_map_t map);
vm_object_t vm_object_lookup(ipc_port_t port);
vm_object_t vm_object_lookup_name(ipc_port_t port);
void vm_object_deallocate(vm_object_t object);

/*
 * ipc_kobject_server: serve a request sent to a kernel object port.  The
 * request is in kernel form; returns the reply (kernel form, addressed to
 * the request's reply right) or NULL when there is no reply to send.
 * Consumes the request.
 */
struct ipc_kmsg;
struct ipc_kmsg *ipc_kobject_server(struct ipc_kmsg *request);

#endif /* KERN_IPC_KOBJECT_H */
