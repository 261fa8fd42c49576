/*
 * ipc/mach_msg_notify.c - mach_msg_trap with the options that use its
 * seventh argument, the notify port name: MACH_SEND_NOTIFY,
 * MACH_SEND_CANCEL and MACH_RCV_NOTIFY (seed, Message Transmission).
 *
 * trap_mach_msg (ipc/mach_msg.c) is registered with six arguments and
 * hands any call with one of these options to mach_msg_notify_trap, which
 * fetches the seventh on demand (md_syscall_extra_arg): an ordinary
 * message never pays for it (on x86_64 it is a copyin from the user
 * stack).
 *
 *  - MACH_SEND_NOTIFY: a message that finds the destination queue full
 *    (at once, or after the MACH_SEND_TIMEOUT timeout) is queued anyway
 *    and the call returns MACH_SEND_WILL_NOTIFY; a msg-accepted
 *    notification follows when it is accepted (ipc/ipc_mqueue.c).  The
 *    notify argument, a receive right of the caller, is only looked at
 *    then, as in CMU and GNU Mach: MACH_SEND_INVALID_NOTIFY if it names
 *    none, MACH_SEND_NOTIFY_IN_PROGRESS if the caller already has a
 *    forced message waiting on that port; either way the message comes
 *    back by pseudo-receive.
 *  - MACH_SEND_CANCEL: notify must name a receive right of the caller
 *    (else MACH_SEND_INVALID_NOTIFY, before anything moves).  If moving
 *    the destination right frees its name, and the name's dead-name
 *    request notifies that port, the request is cancelled silently: no
 *    port-deleted notification (the reply of an RPC whose client asked
 *    MACH_RCV_NOTIFY).
 *  - MACH_RCV_NOTIFY: notify must name a receive right of the caller
 *    (else MACH_RCV_INVALID_NOTIFY, checked before a message is taken, so
 *    none is lost); the reply right of the message received, if it gets
 *    a new name, gets a dead-name request notifying that port, as if
 *    requested with mach_port_request_notification
 *    (ipc_right_copyout_dnrequest).
 *
 * A seventh argument that cannot be read (x86_64: a bad user stack
 * pointer) is MACH_SEND_INVALID_NOTIFY when the send half needed it,
 * MACH_RCV_INVALID_NOTIFY otherwise, and nothing happens.
 */
#include <kern/machine.h>
#include <kern/thread.h>
#include <kern/task.h>
#include <ipc/ipc_kmsg.h>
#include <ipc/ipc_mqueue.h>
#include <ipc/mach_msg.h>

static struct ipc_space *current_space(void)
{
	return current_thread()->task->itk_space;
}

/*
 * receive_port: the port of the receive right name denotes in space,
 * referenced (the caller releases it), or NULL if it denotes none.
 */
static struct ipc_port *receive_port(struct ipc_space *space,
				     mach_port_name_t name)
{
	struct ipc_port *port;

	if (name == MACH_PORT_NULL ||
	    ipc_right_lookup_receive(space, name, &port) != KERN_SUCCESS)
		return NULL;
	simple_unlock(&port->obj.lock);
	return port;
}

/*
 * send_notify: the send half: copy the message in (cancelling the
 * destination name's dead-name request with MACH_SEND_CANCEL) and queue
 * it (forcing it with MACH_SEND_NOTIFY).  A message that is not queued
 * goes back to the caller's buffer by pseudo-receive.
 */
static mach_msg_return_t send_notify(mach_msg_header_t *msg,
				     mach_msg_option_t option,
				     mach_msg_size_t send_size,
				     mach_msg_timeout_t timeout,
				     mach_port_name_t notify)
{
	struct ipc_space *space = current_space();
	struct ipc_port *cancel = NULL;
	struct ipc_kmsg *k;
	mach_msg_return_t mr;

	if (send_size < sizeof(mach_msg_header_t) || (send_size & 7))
		return MACH_SEND_MSG_TOO_SMALL;
	if (send_size > IPC_KMSG_MAX_SIZE)
		return MACH_SEND_NO_BUFFER;
	if ((option & MACH_SEND_CANCEL) &&
	    (cancel = receive_port(space, notify)) == NULL)
		return MACH_SEND_INVALID_NOTIFY;
	mr = mach_msg_kmsg_from_user(msg, send_size, &k);
	if (mr != MACH_MSG_SUCCESS)
		goto out;
	mr = ipc_kmsg_copyin_cancel(k, space, cancel);
	if (mr != MACH_MSG_SUCCESS) {
		ipc_kmsg_destroy(k);
		goto out;
	}
	option &= ~MACH_SEND_ALWAYS;
	if (option & MACH_SEND_NOTIFY)
		mr = ipc_mqueue_send_notify(k, space, notify, option, timeout);
	else
		mr = ipc_mqueue_send(k, option, timeout, NULL);
	if (mr != MACH_MSG_SUCCESS && mr != MACH_SEND_WILL_NOTIFY) {
		/* Not queued: rights and memory return to the sender. */
		mr |= ipc_kmsg_copyout_pseudo(k, space);
		(void)copyout(&k->header, msg, k->size);
		ipc_kmsg_free(k);
	}
out:
	if (cancel)
		ipc_object_release(&cancel->obj);
	return mr;
}

/*
 * receive_notify: the receive half, as mach_msg_receive does it; with
 * MACH_RCV_NOTIFY (notify not null) the reply right gets a dead-name
 * request.
 */
static mach_msg_return_t receive_notify(mach_msg_header_t *msg,
					mach_msg_option_t option,
					mach_msg_size_t rcv_size,
					mach_port_name_t rcv_name,
					mach_msg_timeout_t timeout,
					mach_port_name_t notify)
{
	struct ipc_port *nport;

	if (option & MACH_RCV_NOTIFY) {
		nport = receive_port(current_space(), notify);
		if (!nport)
			return MACH_RCV_INVALID_NOTIFY;
		ipc_object_release(&nport->obj);
	} else {
		notify = MACH_PORT_NULL;
	}
	/* If notify stops naming a receive right meanwhile (another thread
	 * of the task destroys it), no request is made: as if it had been
	 * made and its port died before the notification. */
	return mach_msg_receive_notify_user(msg, option, rcv_size, rcv_name,
					    timeout, notify);
}

/*
 * mach_msg_notify_trap: mach_msg_trap(msg, option, send_size, rcv_size,
 * rcv_name, timeout, notify) for a call with MACH_SEND_NOTIFY,
 * MACH_SEND_CANCEL or MACH_RCV_NOTIFY; a holds the first six arguments.
 * A send that does not succeed (MACH_SEND_WILL_NOTIFY included, as in CMU
 * and GNU Mach) returns without receiving.
 */
uintptr_t mach_msg_notify_trap(const uintptr_t *a)
{
	mach_msg_header_t *msg = (mach_msg_header_t *)a[0];
	mach_msg_option_t option = (mach_msg_option_t)a[1];
	bool send = option & MACH_SEND_MSG, rcv = option & MACH_RCV_MSG;
	bool send_needs = send && (option & (MACH_SEND_NOTIFY | MACH_SEND_CANCEL));
	uintptr_t notify = MACH_PORT_NULL;
	mach_msg_return_t mr;

	if ((send_needs || (rcv && (option & MACH_RCV_NOTIFY))) &&
	    !md_syscall_extra_arg(6, &notify))
		return send_needs ? MACH_SEND_INVALID_NOTIFY
				  : MACH_RCV_INVALID_NOTIFY;
	if (send) {
		mr = send_notify(msg, option, (mach_msg_size_t)a[2],
				 (mach_msg_timeout_t)a[5],
				 (mach_port_name_t)notify);
		if (mr != MACH_MSG_SUCCESS)
			return mr;
	}
	if (rcv)
		return receive_notify(msg, option, (mach_msg_size_t)a[3],
				      (mach_port_name_t)a[4],
				      (mach_msg_timeout_t)a[5],
				      (mach_port_name_t)notify);
	return MACH_MSG_SUCCESS;
}
