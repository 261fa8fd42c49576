/*
 * kern/host.h - the host: the machine as a kernel object.
 *
 * There is one host, realhost, with two ports: the name port (IKOT_HOST),
 * which anyone may hold (mach_host_self gives it) and which allows only
 * harmless queries, and the privileged port (IKOT_HOST_PRIV), which the
 * bootstrap hands to the first servers and which controls the machine
 * (host_reboot, host_set_time, host_processors, host_processor_set_priv).
 * The processors and processor sets have ports too; all are made once at
 * boot by ipc_host_init and never destroyed.
 */
#ifndef KERN_HOST_H
#define KERN_HOST_H

#include <kern/types.h>

struct ipc_port;

struct host {
	struct ipc_port *host_self;		/* IKOT_HOST */
	struct ipc_port *host_priv_self;	/* IKOT_HOST_PRIV */
};

extern struct host realhost;

/*
 * ipc_host_init: the ports of the host, of every processor and of the
 * default processor set.  Conditions: boot, after processor_bootstrap,
 * before any user task; panics on exhaustion.
 */
void ipc_host_init(void);

/* The kernel's version string (host_kernel_version). */
extern const char mica_version_string[];

#endif /* KERN_HOST_H */
