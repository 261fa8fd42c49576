/*
 * user/lib/mach_msg.c - mach_msg, the library entry to the message trap.
 *
 * The trap may return MACH_SEND_INTERRUPTED or MACH_RCV_INTERRUPTED when
 * the thread is interrupted (thread_abort, a signal-like event) in the
 * middle of a send or a receive.  The library hides that from callers,
 * as CMU's and GNU's libraries do, unless they asked to see it with
 * MACH_SEND_INTERRUPT / MACH_RCV_INTERRUPT.
 */
#include <mach/message.h>

/*
 * mach_msg: send and/or receive as mach_msg_trap does, restarting
 * interrupted operations.
 *
 * An interrupted send is retried whole (nothing was queued).  An
 * interrupted receive after a send that completed is retried as a
 * receive alone: the message went out and must not be sent twice.
 *
 * Returns: what the last trap returned.
 */
mach_msg_return_t mach_msg(mach_msg_header_t *msg, mach_msg_option_t option,
			   mach_msg_size_t send_size, mach_msg_size_t rcv_size,
			   mach_port_name_t rcv_name, mach_msg_timeout_t timeout,
			   mach_port_name_t notify)
{
	mach_msg_return_t mr;

	mr = mach_msg_trap(msg, option, send_size, rcv_size, rcv_name,
			   timeout, notify);
	if (mr == MACH_MSG_SUCCESS)
		return mr;
	if (!(option & MACH_SEND_INTERRUPT))
		while (mr == MACH_SEND_INTERRUPTED)
			mr = mach_msg_trap(msg, option, send_size, rcv_size,
					   rcv_name, timeout, notify);
	if (!(option & MACH_RCV_INTERRUPT))
		while (mr == MACH_RCV_INTERRUPTED)
			mr = mach_msg_trap(msg, option & ~MACH_SEND_MSG, 0,
					   rcv_size, rcv_name, timeout, notify);
	return mr;
}
