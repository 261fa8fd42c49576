/*
 * ipc/mach_msg.h - IPC set-up at boot (ipc/mach_msg.c).  The IPC state of
 * each task and thread is kern/ipc_tt.h's.
 */
#ifndef IPC_MACH_MSG_H
#define IPC_MACH_MSG_H

#include <kern/types.h>
#include <mach/message.h>

/* The IPC traps, the kernel task's port, the host's, processors' and
 * processor sets' ports.  Called once at boot, after processor_bootstrap
 * and task_bootstrap. */
void ipc_bootstrap(void);

#include <mach/message.h>

struct thread;

/*
 * mach_msg_receive_user: the receive half of mach_msg_trap for the
 * current thread, into the user buffer umsg (ipc/mach_msg.c).  handoff:
 * a thread the caller's send handed a message to and has not woken yet,
 * or NULL (see ipc_mqueue_receive).  Returns a MACH_RCV_* code or
 * MACH_MSG_SUCCESS.  Conditions: no lock held; may block.
 */
mach_msg_return_t mach_msg_receive_user(mach_msg_header_t *umsg,
					mach_msg_option_t option,
					mach_msg_size_t rcv_size,
					mach_port_name_t rcv_name,
					mach_msg_timeout_t timeout,
					struct thread *handoff);

/*
 * mach_msg_receive_notify_user: mach_msg_receive_user without a handoff
 * thread, for MACH_RCV_NOTIFY: unless notify is MACH_PORT_NULL, the
 * reply right copied out gets a dead-name request whose notification
 * goes to a send-once right made from the receive right notify names
 * (ipc_kmsg_copyout_notify).  The caller has checked notify.
 */
mach_msg_return_t mach_msg_receive_notify_user(mach_msg_header_t *umsg,
					       mach_msg_option_t option,
					       mach_msg_size_t rcv_size,
					       mach_port_name_t rcv_name,
					       mach_msg_timeout_t timeout,
					       mach_port_name_t notify);

/*
 * mach_msg_kmsg_from_user: a kmsg holding the send_size bytes of the user
 * message at msg (sizes already checked against the header's).  Returns
 * MACH_MSG_SUCCESS with *kp, MACH_SEND_NO_BUFFER (too big, or no memory)
 * or MACH_SEND_INVALID_DATA (a bad pointer; nothing kept).
 */
struct ipc_kmsg;
mach_msg_return_t mach_msg_kmsg_from_user(const mach_msg_header_t *msg,
					  mach_msg_size_t send_size,
					  struct ipc_kmsg **kp);

/*
 * mach_msg_rpc_fast: mach_msg_trap(umsg, MACH_SEND_MSG | MACH_RCV_MSG,
 * send_size, rcv_size, rcv_name) by the fast path (ipc/mach_msg_fast.c),
 * or MACH_MSG_FAST_DECLINED, with nothing done, when the message or the
 * ports are not those of the common RPC: the general path then does it.
 * Conditions: no lock held; may block.
 */
#define MACH_MSG_FAST_DECLINED	((mach_msg_return_t)-1)

/* How many mach_msg calls the fast path took and declined (size and
 * argument checks before the message is copied in count as neither). */
void mach_msg_fast_counts(unsigned long *taken, unsigned long *declined);
mach_msg_return_t mach_msg_rpc_fast(mach_msg_header_t *umsg,
				    mach_msg_size_t send_size,
				    mach_msg_size_t rcv_size,
				    mach_port_name_t rcv_name);

/* mach_msg_trap's options that read its seventh argument, the notify
 * name; a call with any of them goes to mach_msg_notify_trap
 * (ipc/mach_msg_notify.c), a[] holding the six register arguments. */
#define MACH_MSG_NOTIFY_OPTIONS \
	(MACH_SEND_NOTIFY | MACH_SEND_CANCEL | MACH_RCV_NOTIFY)
uintptr_t mach_msg_notify_trap(const uintptr_t *a);

#endif /* IPC_MACH_MSG_H */
