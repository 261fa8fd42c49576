/*
 * ipc/mach_msg.c - the IPC traps: mach_msg_trap, mach_reply_port,
 * mach_task_self, mach_thread_self, mach_host_self,
 * syscall_task_terminate; IPC set-up at boot (task and thread ports are
 * kern/ipc_tt.c's, the host's kern/ipc_host.c's).
 *
 * mach_msg_trap follows the seed's Message Transmission section: the send
 * half copies the message in (MACH_SEND_* errors leave the caller's rights
 * as documented in ipc_kmsg.h) and queues it; if queueing times out or is
 * interrupted, the message comes back to the sender by pseudo-receive so
 * that no right or memory is lost.  The receive half waits for a message,
 * copies its rights out and the message into the caller's buffer.
 */
#include <kern/machine.h>
#include <kern/console.h>
#include <kern/host.h>
#include <kern/ipc_kobject.h>
#include <kern/ipc_tt.h>
#include <kern/panic.h>
#include <kern/string.h>
#include <kern/syscall.h>
#include <kern/task.h>
#include <kern/thread.h>
#include <ipc/ipc_kmsg.h>
#include <ipc/ipc_mqueue.h>
#include <ipc/mach_msg.h>
#include <vm/vm_map.h>
#include <vm/vm_user.h>

static struct ipc_space *current_space(void)
{
	return current_thread()->task->itk_space;
}

int ipc_copyin_user(const void *user_src, void *kernel_dst, size_t len)
{
	return copyin(user_src, kernel_dst, len);
}

mach_msg_return_t mach_msg_kmsg_from_user(const mach_msg_header_t *msg,
					  mach_msg_size_t send_size,
					  struct ipc_kmsg **kp)
{
	struct ipc_kmsg *k;

	*kp = NULL;
	if (send_size > IPC_KMSG_MAX_SIZE)
		return MACH_SEND_NO_BUFFER;
	k = ipc_kmsg_alloc(send_size);
	if (!k)
		return MACH_SEND_NO_BUFFER;
	if (copyin(msg, &k->header, send_size) != 0) {
		ipc_kmsg_free(k);
		return MACH_SEND_INVALID_DATA;
	}
	*kp = k;
	return MACH_MSG_SUCCESS;
}

/*
 * mach_msg_send: copy in and queue the message at user address msg.  With
 * handoff non-NULL a receiver the message went to directly may come back
 * in *handoff, not yet woken (ipc_mqueue_send).
 */
static mach_msg_return_t mach_msg_send(mach_msg_header_t *msg,
				       mach_msg_option_t option,
				       mach_msg_size_t send_size,
				       mach_msg_timeout_t timeout,
				       thread_t *handoff)
{
	struct ipc_space *space = current_space();
	struct ipc_kmsg *k;
	mach_msg_return_t mr;

	if (send_size < sizeof(mach_msg_header_t) || (send_size & 7))
		return MACH_SEND_MSG_TOO_SMALL;
	mr = mach_msg_kmsg_from_user(msg, send_size, &k);
	if (mr != MACH_MSG_SUCCESS)
		return mr;
	mr = ipc_kmsg_copyin(k, space);
	if (mr != MACH_MSG_SUCCESS) {
		ipc_kmsg_destroy(k);
		return mr;
	}
	mr = ipc_mqueue_send(k, option & ~MACH_SEND_ALWAYS, timeout, handoff);
	if (mr == MACH_SEND_TIMED_OUT || mr == MACH_SEND_INTERRUPTED) {
		/* Give the message back: rights and memory return. */
		mr |= ipc_kmsg_copyout_pseudo(k, space);
		(void)copyout(&k->header, msg, k->size);
		ipc_kmsg_free(k);
	}
	return mr;
}

/*
 * receive_user: mach_msg_receive_user and mach_msg_receive_notify_user
 * (notify MACH_PORT_NULL: no dead-name request for the reply right),
 * inlined into both so that the ordinary receive keeps calling
 * ipc_kmsg_copyout directly.  Conditions: no lock held; may block.
 */
static inline __attribute__((always_inline)) mach_msg_return_t
receive_user(mach_msg_header_t *msg, mach_msg_option_t option,
	     mach_msg_size_t rcv_size, mach_port_name_t rcv_name,
	     mach_msg_timeout_t timeout, thread_t handoff,
	     mach_port_name_t notify)
{
	struct ipc_space *space = current_space();
	struct ipc_kmsg *k;
	mach_port_name_t from = 0;
	mach_msg_size_t needed = 0;
	mach_msg_return_t mr;

	mr = ipc_mqueue_receive(space, rcv_name, option, rcv_size, timeout,
				handoff, &k, &from, &needed);
	if (mr == MACH_RCV_TOO_LARGE) {
		/* Tell the caller the size it needs (MACH_RCV_LARGE), or
		 * destroy the message it could not take. */
		if (k)
			ipc_kmsg_destroy(k);
		if (copyout(&needed, &msg->msgh_size, sizeof(needed)) != 0)
			return MACH_RCV_INVALID_DATA;
		return mr;
	}
	if (mr != MACH_MSG_SUCCESS)
		return mr;
	if (notify == MACH_PORT_NULL)
		mr = ipc_kmsg_copyout(k, space, from);
	else
		mr = ipc_kmsg_copyout_notify(k, space, from, notify);
	if (copyout(&k->header, msg, k->size) != 0)
		mr = MACH_RCV_INVALID_DATA;	/* the contents are lost */
	ipc_kmsg_free(k);
	return mr;
}

mach_msg_return_t mach_msg_receive_user(mach_msg_header_t *msg,
					mach_msg_option_t option,
					mach_msg_size_t rcv_size,
					mach_port_name_t rcv_name,
					mach_msg_timeout_t timeout,
					thread_t handoff)
{
	return receive_user(msg, option, rcv_size, rcv_name, timeout, handoff,
			    MACH_PORT_NULL);
}

mach_msg_return_t mach_msg_receive_notify_user(mach_msg_header_t *msg,
					       mach_msg_option_t option,
					       mach_msg_size_t rcv_size,
					       mach_port_name_t rcv_name,
					       mach_msg_timeout_t timeout,
					       mach_port_name_t notify)
{
	return receive_user(msg, option, rcv_size, rcv_name, timeout, NULL,
			    notify);
}

/*
 * mach_msg_trap(msg, option, send_size, rcv_size, rcv_name, timeout,
 * notify).  The trap is registered with six arguments: the notify port is
 * only meaningful with MACH_SEND_NOTIFY, MACH_SEND_CANCEL and
 * MACH_RCV_NOTIFY, and on x86_64 reading it costs a copyin from the user
 * stack; calls with those options go to mach_msg_notify_trap
 * (ipc/mach_msg_notify.c), which fetches it on demand.
 */
static __attribute__((noinline)) uintptr_t trap_mach_msg(const uintptr_t *a)
{
	mach_msg_header_t *msg = (mach_msg_header_t *)a[0];
	mach_msg_option_t option = (mach_msg_option_t)a[1];
	mach_msg_return_t mr;
	thread_t handoff = NULL;

	if (option & MACH_MSG_NOTIFY_OPTIONS)
		return mach_msg_notify_trap(a);
	if (option & MACH_SEND_MSG) {
		/* A receiver handed the message runs when we block to
		 * receive: the RPC handoff (ipc/ipc_mqueue.c). */
		mr = mach_msg_send(msg, option, (mach_msg_size_t)a[2],
				   (mach_msg_timeout_t)a[5],
				   (option & MACH_RCV_MSG) ? &handoff : NULL);
		if (mr != MACH_MSG_SUCCESS)
			return mr;
	}
	if (option & MACH_RCV_MSG)
		return mach_msg_receive_user(msg, option, (mach_msg_size_t)a[3],
					(mach_port_name_t)a[4],
					(mach_msg_timeout_t)a[5], handoff);
	return MACH_MSG_SUCCESS;
}

/*
 * trap_mach_msg_frame: mach_msg_trap as the system-call entry sees it:
 * the common RPC goes to the fast path straight from the frame's
 * registers; everything else, and what the fast path declines, to
 * trap_mach_msg with the six arguments.
 */
static uintptr_t trap_mach_msg_frame(struct trap_frame *tf)
{
	uintptr_t r[7], a[7];
	mach_msg_return_t mr;

	/* r stays in registers; a, which the slow path takes by address,
	 * is filled only when it is needed. */
	md_syscall_args(tf, 6, r);
	if ((mach_msg_option_t)r[1] == (MACH_SEND_MSG | MACH_RCV_MSG)) {
		mr = mach_msg_rpc_fast((mach_msg_header_t *)r[0],
				       (mach_msg_size_t)r[2],
				       (mach_msg_size_t)r[3],
				       (mach_port_name_t)r[4]);
		if (mr != MACH_MSG_FAST_DECLINED)
			return mr;
	}
	md_syscall_args(tf, 6, a);
	return trap_mach_msg(a);
}

/* mach_reply_port(): a new receive right; MACH_PORT_NULL on exhaustion. */
static uintptr_t trap_mach_reply_port(const uintptr_t *a)
{
	mach_port_name_t name;

	(void)a;
	if (ipc_right_alloc_receive(current_space(), &name, false) != KERN_SUCCESS)
		return MACH_PORT_NULL;
	return name;
}

/*
 * copyout_self: give the caller's space the send right port (NULL: none)
 * and return its name, MACH_PORT_NULL when there is none or no room.
 */
static mach_port_name_t copyout_self(struct ipc_port *port)
{
	mach_port_name_t name;

	if (!port)
		return MACH_PORT_NULL;
	if (ipc_right_copyout(current_space(), &port->obj, IPC_RIGHT_SEND,
			      &name) != KERN_SUCCESS)
		return MACH_PORT_NULL;
	return name;
}

/*
 * mach_task_self(): a send right to the task's self port (its kernel port
 * unless task_set_special_port(TASK_KERNEL_PORT) changed it).
 * mach_thread_self(): the same for the thread.  mach_host_self(): a send
 * right to the host name port.  Each returns MACH_PORT_NULL on exhaustion.
 */
static uintptr_t trap_mach_task_self(const uintptr_t *a)
{
	(void)a;
	return copyout_self(retrieve_task_self(current_thread()->task));
}

static uintptr_t trap_mach_thread_self(const uintptr_t *a)
{
	(void)a;
	return copyout_self(retrieve_thread_self(current_thread()));
}

static uintptr_t trap_mach_host_self(const uintptr_t *a)
{
	(void)a;
	return copyout_self(convert_host_to_port(&realhost));
}

/* syscall_task_terminate(task): terminate the task a send right names. */
static uintptr_t trap_task_terminate(const uintptr_t *a)
{
	struct ipc_space *space = current_space();
	struct ipc_object *obj;
	unsigned int kind;
	task_t target;

	if (ipc_right_copyin(space, (mach_port_name_t)a[0],
			     MACH_MSG_TYPE_COPY_SEND, &obj, &kind) != KERN_SUCCESS ||
	    obj == IPC_OBJECT_DEAD)
		return KERN_INVALID_ARGUMENT;
	target = convert_port_to_task(ipc_port_of(obj));
	ipc_right_release(obj, kind);
	if (!target)
		return KERN_INVALID_ARGUMENT;
	if (target->kernel) {
		task_deallocate(target);
		return KERN_INVALID_ARGUMENT;
	}
	task_deallocate(target);	/* task_terminate holds its own */
	cpu_intr_enable();
	task_terminate(target);
	return KERN_SUCCESS;
}

void ipc_bootstrap(void)
{
	ipc_kernel_task_init(kernel_task);
	ipc_host_init();
	syscall_register_frame(MACH_TRAP_MACH_MSG, "mach_msg_trap",
			       trap_mach_msg_frame);
	syscall_register(MACH_TRAP_MACH_REPLY_PORT, "mach_reply_port", 0,
			 trap_mach_reply_port);
	syscall_register(MACH_TRAP_MACH_THREAD_SELF, "mach_thread_self", 0,
			 trap_mach_thread_self);
	syscall_register(MACH_TRAP_MACH_TASK_SELF, "mach_task_self", 0,
			 trap_mach_task_self);
	syscall_register(MACH_TRAP_MACH_HOST_SELF, "mach_host_self", 0,
			 trap_mach_host_self);
	syscall_register(MACH_TRAP_TASK_TERMINATE, "syscall_task_terminate", 1,
			 trap_task_terminate);
}
