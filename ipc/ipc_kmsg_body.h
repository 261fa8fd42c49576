/*
 * ipc/ipc_kmsg_body.h - the typed body of a complex message
 * (ipc_kmsg_body.c), for ipc_kmsg.c only.  Each function walks the body
 * that follows k's header (k->size bytes in all); call them only when
 * MACH_MSGH_BITS_COMPLEX is set.  Conditions: nothing locked.
 */
#ifndef IPC_IPC_KMSG_BODY_H
#define IPC_IPC_KMSG_BODY_H

#include <ipc/ipc_kmsg.h>

/*
 * ipc_kmsg_copyin_body: validate the whole body, then take its port
 * rights and out-of-line regions from space.  Returns MACH_MSG_SUCCESS,
 * or MACH_SEND_MSG_TOO_SMALL / MACH_SEND_INVALID_TYPE (nothing taken),
 * MACH_SEND_INVALID_RIGHT, MACH_SEND_INVALID_MEMORY, MACH_SEND_NO_BUFFER
 * or an ipc_ool_copyin error; on an error what was taken is released and
 * MACH_MSGH_BITS_COMPLEX is cleared (the rest is inert user data).  The
 * header rights are the caller's to release.
 */
mach_msg_return_t ipc_kmsg_copyin_body(struct ipc_kmsg *k,
				       struct ipc_space *space);

/*
 * ipc_kmsg_copyout_body: give the body's rights and regions to space,
 * rewriting each slot with a name or an address.  Returns
 * MACH_MSG_SUCCESS or MACH_MSG_IPC_SPACE and/or MACH_MSG_VM_SPACE for
 * what could not be given (and was destroyed).
 */
mach_msg_return_t ipc_kmsg_copyout_body(struct ipc_kmsg *k,
					struct ipc_space *space);

/* ipc_kmsg_clean_body: release every right and region the body holds. */
void ipc_kmsg_clean_body(struct ipc_kmsg *k);

#endif /* IPC_IPC_KMSG_BODY_H */
