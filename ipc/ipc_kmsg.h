/*
 * ipc/ipc_kmsg.h - kernel messages: the in-kernel form of a Mach message.
 *
 * A kmsg holds the message in its user layout (include/mach/message.h,
 * LP64) with every port name replaced by a kernel pointer in the same
 * pointer-sized slot, and every out-of-line address by the kernel's copy
 * of the data (a virtual copy: see ipc_ool_copyin below).  Header dispositions are replaced by the
 * kind of right in transit (PORT_SEND, PORT_SEND_ONCE, PORT_RECEIVE).
 *
 * Copyin (sender's space -> kmsg) validates everything a user can get
 * wrong and returns the documented MACH_SEND_* error; a message that
 * fails copyin leaves the sender's rights as they were for header errors
 * and destroys what it took for body errors (as CMU and GNU Mach do).
 * Copyout (kmsg -> receiver's space) cannot fail as a whole: a right or
 * region that cannot be given to the receiver is destroyed and reported
 * in the return value's MACH_MSG_IPC_SPACE / MACH_MSG_VM_SPACE bits
 * (with MACH_RCV_BODY_ERROR for an item of the body, as in Mach).
 */
#ifndef IPC_IPC_KMSG_H
#define IPC_IPC_KMSG_H

#include <kern/types.h>
#include <kern/list.h>
#include <mach/message.h>
#include <ipc/ipc_right.h>

#define IPC_KMSG_MAX_SIZE	(1u << 20)	/* inline bytes of one message */
#define IPC_OOL_MAX_SIZE	(256u << 20)	/* one out-of-line region */

struct ipc_kmsg {
	struct list_node link;		/* on a port's queue */
	mach_msg_size_t size;		/* msgh_size: bytes of header + body */
	mach_msg_size_t alloc_size;	/* bytes allocated for the message */
	struct ipc_port *notify;	/* MACH_SEND_NOTIFY: msg-accepted right */
	struct ipc_space *notify_space;	/* ... and the sender's space, referenced
					 * (ipc_mqueue_send_notify) */
	mach_msg_header_t header;	/* followed by the body */
};

static inline uint8_t *ipc_kmsg_body(struct ipc_kmsg *k)
{
	return (uint8_t *)(&k->header + 1);
}

/* The destination and reply ports of a copied-in message. */
static inline struct ipc_port *ipc_kmsg_dest(struct ipc_kmsg *k)
{
	return (struct ipc_port *)k->header.msgh_remote_kport;
}

static inline struct ipc_port *ipc_kmsg_reply(struct ipc_kmsg *k)
{
	return (struct ipc_port *)k->header.msgh_local_kport;
}

/* A kmsg with room for `size` bytes of message; NULL on exhaustion. */
struct ipc_kmsg *ipc_kmsg_alloc(mach_msg_size_t size);
void ipc_kmsg_free(struct ipc_kmsg *kmsg);

/*
 * Small kmsgs have room for IKM_SMALL bytes.  ipc_kmsgs_alive counts the
 * kmsgs allocated and not freed (ipc_kmsg_count); the RPC fast path keeps
 * one freed small kmsg per thread outside ipc_kmsg_alloc/free
 * (ipc/mach_msg_fast.c) and keeps this count with ipc_kmsg_small_reuse
 * and ipc_kmsg_small_keep.
 */
#define IKM_SMALL	256
extern unsigned long ipc_kmsgs_alive;

/* A kept small kmsg, ready as ipc_kmsg_alloc(size) returns one. */
static inline void ipc_kmsg_small_reuse(struct ipc_kmsg *k,
					mach_msg_size_t size)
{
	list_init(&k->link);
	k->size = size;
	k->notify = NULL;
	k->notify_space = NULL;
	__atomic_add_fetch(&ipc_kmsgs_alive, 1, __ATOMIC_RELAXED);
}

/* A small kmsg freed into a keeper's hands instead of ipc_kmsg_free. */
static inline void ipc_kmsg_small_keep(struct ipc_kmsg *k)
{
	(void)k;
	__atomic_sub_fetch(&ipc_kmsgs_alive, 1, __ATOMIC_RELAXED);
}

/* A kmsg filled in place (kernel replies) uses fewer bytes than it has. */
static inline void ipc_kmsg_set_size(struct ipc_kmsg *k, mach_msg_size_t size)
{
	if (size <= k->alloc_size && size >= sizeof(mach_msg_header_t))
		k->size = size;
}

/*
 * User memory access, replaceable for host tests: copy len bytes from a
 * user address; return 0 or non-zero on a fault.
 */
int ipc_copyin_user(const void *user_src, void *kernel_dst, size_t len);

/*
 * Out-of-line memory.  In kernel form the slot of an out-of-line data
 * item holds an opaque copy of the region (NULL for an empty one): in
 * the kernel a vm_map_copy_t (vm/vm_map_copy.h), a virtual copy of the
 * sender's pages, which kernel servers take (vm_write) and make (vm_read,
 * and vm_map_copyin_kernel_buffer for data of their own).  These hooks
 * are the kernel's (ipc/ipc_ool.c), replaceable for host tests.
 *
 * ipc_ool_copyin: the sender (space's task) sends [user, user + len) out
 * of line: *copy gets its copy; with dealloc the range leaves the sender
 * (it moves into the copy).  Returns MACH_MSG_SUCCESS,
 * MACH_SEND_INVALID_MEMORY (a page not allocated or not readable: the
 * sender is unchanged) or MACH_SEND_NO_BUFFER.
 */
mach_msg_return_t ipc_ool_copyin(struct ipc_space *space, const void *user,
				 size_t len, bool dealloc, void **copy);

/*
 * ipc_ool_copyout: give copy (len bytes of data; consumed in any case)
 * to space's task as new memory anywhere in its address space (as
 * vm_allocate'd memory, which it may vm_deallocate).  Returns its
 * address, or 0 if the task has no user memory or no room (the copy is
 * then destroyed).
 */
uintptr_t ipc_ool_copyout(struct ipc_space *space, void *copy, size_t len);

/* ipc_ool_discard: destroy a copy that will never be received. */
void ipc_ool_discard(void *copy);

/*
 * ipc_ool_copyout_data: new memory in space's task holding len bytes of
 * kernel data (an out-of-line port array's names).  Returns its address
 * or 0 as ipc_ool_copyout.
 */
uintptr_t ipc_ool_copyout_data(struct ipc_space *space, const void *data,
			       size_t len);

/*
 * ipc_kmsg_copyin: the message (already copied into kmsg, with
 * header.msgh_size == kmsg->size) is in user form: translate it against
 * space.  Returns MACH_MSG_SUCCESS or a MACH_SEND_* error.
 */
mach_msg_return_t ipc_kmsg_copyin(struct ipc_kmsg *kmsg,
				  struct ipc_space *space);

/*
 * ipc_kmsg_copyin_cancel: ipc_kmsg_copyin with MACH_SEND_CANCEL: if
 * taking the destination right frees its name, a dead-name request of
 * that name whose notify right goes to cancel (the port of the receive
 * right the caller's notify argument names) is cancelled silently instead
 * of yielding a port-deleted notification (ipc_right_copyin_cancel).
 */
mach_msg_return_t ipc_kmsg_copyin_cancel(struct ipc_kmsg *kmsg,
					 struct ipc_space *space,
					 struct ipc_port *cancel);

/*
 * ipc_kmsg_copyout: give the message's rights and memory to space (the
 * receiver).  The header comes out as the receiver sees it: remote = the
 * reply right, local = the destination port's name in space.  Returns
 * MACH_MSG_SUCCESS; MACH_MSG_IPC_SPACE if the reply right could not be
 * given; MACH_RCV_BODY_ERROR or'ed with MACH_MSG_IPC_SPACE and/or
 * MACH_MSG_VM_SPACE if a right or region of the body could not be (it is
 * destroyed: the seed's "resource shortages ... destroy that entity").
 */
mach_msg_return_t ipc_kmsg_copyout(struct ipc_kmsg *kmsg,
				   struct ipc_space *space,
				   mach_port_name_t dest_name);

/*
 * ipc_kmsg_copyout_notify: ipc_kmsg_copyout with MACH_RCV_NOTIFY: a reply
 * right that gets a new name in space also gets a dead-name request, its
 * notifications going to the receive right notify names
 * (ipc_right_copyout_dnrequest).  MACH_MSG_IPC_KERNEL is or'ed into the
 * result if the request could not be made for lack of memory.
 */
mach_msg_return_t ipc_kmsg_copyout_notify(struct ipc_kmsg *kmsg,
					  struct ipc_space *space,
					  mach_port_name_t dest_name,
					  mach_port_name_t notify);

/*
 * ipc_kmsg_copyout_pseudo: a message that could not be sent goes back to
 * its sender: every right (header ones as if in the body) and region is
 * returned to space, so nothing is lost.
 */
mach_msg_return_t ipc_kmsg_copyout_pseudo(struct ipc_kmsg *kmsg,
					  struct ipc_space *space);

/* Destroy a message that will never be received. */
void ipc_kmsg_destroy(struct ipc_kmsg *kmsg);

/* Counters for tests; ipc_kmsg_cache_drain frees the kept small kmsg. */
unsigned long ipc_kmsg_count(void);
void ipc_kmsg_cache_drain(void);

#endif /* IPC_IPC_KMSG_H */
