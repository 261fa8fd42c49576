/*
 * ipc/ipc_notify.c - the kernel's notification messages (notify
 * subsystem 64, ids from MACH_NOTIFY_FIRST = 0100; layouts in
 * include/mach/notify.h).
 *
 * Each notification is a kernel-made message whose destination is the
 * send-once right it is given: it is queued without regard to the queue
 * limit (send-once messages always queue).  If no memory is left for it,
 * the right is destroyed and the loss counted, never hidden.
 */
#include <kern/string.h>
#include <mach/notify.h>
#include <ipc/ipc_kmsg.h>
#include <ipc/ipc_mqueue.h>
#include <ipc/ipc_notify.h>

static unsigned long notifications_lost;

unsigned long ipc_notify_lost(void)
{
	return __atomic_load_n(&notifications_lost, __ATOMIC_RELAXED);
}

/*
 * notify_msg: a message to send-once right `notify` with id and size;
 * NULL (and the right released, the loss counted) on exhaustion.
 */
static struct ipc_kmsg *notify_msg(struct ipc_port *notify, int id,
				   mach_msg_size_t size, bool complex)
{
	struct ipc_kmsg *k;
	bool alive;

	/* A dead port hears nothing: the right just goes.  (Destroying a
	 * notification would otherwise notify its dead destination again,
	 * and again.) */
	simple_lock(&notify->obj.lock);
	alive = notify->obj.active;
	simple_unlock(&notify->obj.lock);
	if (!alive) {
		ipc_port_release_sonce(notify);
		return NULL;
	}
	k = ipc_kmsg_alloc(size);

	if (!k) {
		__atomic_add_fetch(&notifications_lost, 1, __ATOMIC_RELAXED);
		ipc_port_release_sonce(notify);
		return NULL;
	}
	memset(&k->header, 0, size);
	k->header.msgh_bits = MACH_MSGH_BITS(IPC_RIGHT_SEND_ONCE, 0) |
			      (complex ? MACH_MSGH_BITS_COMPLEX : 0);
	k->header.msgh_size = size;
	k->header.msgh_remote_kport = notify;
	k->header.msgh_local_kport = NULL;
	k->header.msgh_id = id;
	return k;
}

static void send_it(struct ipc_kmsg *k)
{
	if (k)
		ipc_mqueue_send(k, MACH_SEND_ALWAYS, 0, NULL);
}

static void name_notification(struct ipc_port *notify, int id,
			      mach_port_name_t name)
{
	struct ipc_kmsg *k = notify_msg(notify, id,
					sizeof(mach_port_deleted_notification_t),
					false);
	mach_port_deleted_notification_t *n;

	if (!k)
		return;
	n = (mach_port_deleted_notification_t *)&k->header;
	n->not_type = (mach_msg_type_t){ .msgt_name = MACH_MSG_TYPE_PORT_NAME,
		.msgt_size = 32, .msgt_number = 1, .msgt_inline = 1 };
	n->not_port = name;
	send_it(k);
}

void ipc_notify_port_deleted(struct ipc_port *notify, mach_port_name_t name)
{
	name_notification(notify, MACH_NOTIFY_PORT_DELETED, name);
}

void ipc_notify_msg_accepted(struct ipc_port *notify, mach_port_name_t name)
{
	name_notification(notify, MACH_NOTIFY_MSG_ACCEPTED, name);
}

void ipc_notify_dead_name(struct ipc_port *notify, mach_port_name_t name)
{
	name_notification(notify, MACH_NOTIFY_DEAD_NAME, name);
}

void ipc_notify_port_destroyed(struct ipc_port *notify, struct ipc_port *port)
{
	struct ipc_kmsg *k = notify_msg(notify, MACH_NOTIFY_PORT_DESTROYED,
					sizeof(mach_port_destroyed_notification_t),
					true);
	mach_port_destroyed_notification_t *n;

	if (!k) {
		/* The receive right cannot travel: it dies instead (the
		 * port-destroyed request is already withdrawn). */
		simple_lock(&port->obj.lock);
		ipc_port_destroy(port);
		return;
	}
	n = (mach_port_destroyed_notification_t *)&k->header;
	n->not_type = (mach_msg_type_t){ .msgt_name = IPC_RIGHT_RECEIVE,
		.msgt_size = 64, .msgt_number = 1, .msgt_inline = 1 };
	n->not_port.kernel_port = port;
	/* A request naming the port itself (or a port whose receive right
	 * travels to it) would bury the right in its own queue: such a
	 * message is destroyed at send, and the port dies with it. */
	if (ipc_port_circular(port, notify))
		k->header.msgh_bits |= MACH_MSGH_BITS_CIRCULAR;
	send_it(k);
}

void ipc_notify_no_senders(struct ipc_port *notify, uint32_t mscount)
{
	struct ipc_kmsg *k = notify_msg(notify, MACH_NOTIFY_NO_SENDERS,
					sizeof(mach_no_senders_notification_t),
					false);
	mach_no_senders_notification_t *n;

	if (!k)
		return;
	n = (mach_no_senders_notification_t *)&k->header;
	n->not_type = (mach_msg_type_t){ .msgt_name = MACH_MSG_TYPE_INTEGER_32,
		.msgt_size = 32, .msgt_number = 1, .msgt_inline = 1 };
	n->not_count = mscount;
	send_it(k);
}

void ipc_notify_send_once(struct ipc_port *notify)
{
	send_it(notify_msg(notify, MACH_NOTIFY_SEND_ONCE,
			   sizeof(mach_send_once_notification_t), false));
}
