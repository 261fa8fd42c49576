/*
 * tests/host/ipc_stubs.c - host stand-ins for the parts of IPC that send
 * messages or wake threads.  Notifications are recorded (so tests can
 * check which ones the rights code asked for) and their send-once rights
 * consumed, as delivering them would.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ipc/ipc_kmsg.h>
#include <ipc/ipc_notify.h>
#include <ipc/ipc_port.h>
#include "ipc_stubs.h"

struct notification notifications[MAX_NOTIFICATIONS];
int notification_count;

static void record(int kind, struct ipc_port *to, uint32_t value)
{
	if (notification_count < MAX_NOTIFICATIONS)
		notifications[notification_count] =
			(struct notification){ kind, to, value };
	notification_count++;
}

/* Consume the notification's send-once right, as queueing it would. */
static void consume(struct ipc_port *notify)
{
	ipc_port_release_sonce(notify);
}

void ipc_notify_port_deleted(struct ipc_port *notify, mach_port_name_t name)
{
	record(IPC_NOTIFY_PORT_DELETED, notify, name);
	consume(notify);
}

void ipc_notify_msg_accepted(struct ipc_port *notify, mach_port_name_t name)
{
	record(IPC_NOTIFY_MSG_ACCEPTED, notify, name);
	consume(notify);
}

void ipc_notify_port_destroyed(struct ipc_port *notify, struct ipc_port *port)
{
	record(IPC_NOTIFY_PORT_DESTROYED, notify, 0);
	/* The message carrying the receive right is never received here:
	 * destroying it destroys the right. */
	simple_lock(&port->obj.lock);
	ipc_port_destroy(port);
	consume(notify);
}

void ipc_notify_no_senders(struct ipc_port *notify, uint32_t mscount)
{
	record(IPC_NOTIFY_NO_SENDERS, notify, mscount);
	consume(notify);
}

void ipc_notify_send_once(struct ipc_port *notify)
{
	record(IPC_NOTIFY_SEND_ONCE, notify, 0);
	consume(notify);
}

void ipc_notify_dead_name(struct ipc_port *notify, mach_port_name_t name)
{
	record(IPC_NOTIFY_DEAD_NAME, notify, name);
	consume(notify);
}

unsigned long ipc_notify_lost(void)
{
	return 0;
}

void ipc_port_wakeup_senders(struct ipc_port *port)
{
	(void)port;
}

void ipc_mqueue_pset_changed(struct ipc_pset *pset)
{
	(void)pset;
}

/* No thread ever waits in the host tests: nothing to take off the port. */
void ipc_mqueue_changed_locked(struct ipc_port *port)
{
	(void)port;
}

void ipc_mqueue_limit_changed(struct ipc_port *port)
{
	(void)port;
}

/* ---- User memory for message tests ---------------------------------------- */

/* The one region a test calls "user memory": copyin faults outside it. */
const uint8_t *host_user_base;
size_t host_user_size;
long host_ool_live;		/* regions handed to receivers, not freed */

int ipc_copyin_user(const void *user_src, void *kernel_dst, size_t len)
{
	const uint8_t *p = user_src;

	if (!host_user_base || p < host_user_base ||
	    len > host_user_size || (size_t)(p - host_user_base) > host_user_size - len)
		return -1;
	memcpy(kernel_dst, p, len);
	return 0;
}

/*
 * Out-of-line regions: a "copy" is a malloc'd buffer of the bytes; the
 * deallocate flag changes nothing here (the host's memory stays).
 */
long host_ool_copies;		/* copies in messages, not yet received */

mach_msg_return_t ipc_ool_copyin(struct ipc_space *space, const void *user,
				 size_t len, bool dealloc, void **copy)
{
	void *p = malloc(len);

	(void)space, (void)dealloc;
	*copy = NULL;
	if (!p)
		return MACH_SEND_NO_BUFFER;
	if (ipc_copyin_user(user, p, len) != 0) {
		free(p);
		return MACH_SEND_INVALID_MEMORY;
	}
	host_ool_copies++;
	*copy = p;
	return MACH_MSG_SUCCESS;
}

/* The receiver gets the copy's buffer itself as its "address". */
uintptr_t ipc_ool_copyout(struct ipc_space *space, void *copy, size_t size)
{
	(void)space, (void)size;
	host_ool_copies--;
	host_ool_live++;
	return (uintptr_t)copy;
}

void ipc_ool_discard(void *copy)
{
	if (copy) {
		free(copy);
		host_ool_copies--;
	}
}

uintptr_t ipc_ool_copyout_data(struct ipc_space *space, const void *data,
			       size_t size)
{
	void *p = malloc(size);

	(void)space;
	if (!p)
		return 0;
	memcpy(p, data, size);
	host_ool_live++;
	return (uintptr_t)p;
}

void host_ool_free(uintptr_t addr)
{
	if (addr) {
		free((void *)addr);
		host_ool_live--;
	}
}
