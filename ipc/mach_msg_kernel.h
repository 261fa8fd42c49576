/*
 * ipc/mach_msg_kernel.h - the kernel as a message client: what tools/mig's
 * KernelUser stubs call (ipc/mach_msg_kernel.c).  msg is in the kernel's
 * client form: port fields and port slots hold struct ipc_port pointers
 * with the .defs' dispositions.
 *
 * mach_msg_send_from_kernel: queue msg (never blocks on a queue limit).
 * mach_msg_rpc_from_kernel: send msg with a reply right to a port of the
 *   call's own and wait, interruptibly, for the reply, copied into msg.
 * Both return MACH_MSG_SUCCESS or a MACH_SEND_* / MACH_RCV_* error.
 * Conditions: nothing locked; the RPC blocks.
 */
#ifndef IPC_MACH_MSG_KERNEL_H
#define IPC_MACH_MSG_KERNEL_H

#include <mach/message.h>

mach_msg_return_t mach_msg_send_from_kernel(mach_msg_header_t *msg,
					    mach_msg_size_t send_size);
mach_msg_return_t mach_msg_rpc_from_kernel(mach_msg_header_t *msg,
					   mach_msg_size_t send_size,
					   mach_msg_size_t rcv_size);

#endif /* IPC_MACH_MSG_KERNEL_H */
