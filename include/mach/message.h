/*
 * include/mach/message.h - Mach 3 typed messages: the header, the type
 * descriptors, the option bits of mach_msg and its return codes.
 *
 * LP64 layout (GNU Mach 2023 onwards), the same on every Mica port:
 *
 *   mach_msg_header_t, 32 bytes
 *     0  msgh_bits         4  msgh_size
 *     8  msgh_remote_port (32-bit name in a pointer-sized slot)
 *    16  msgh_local_port  (32-bit name in a pointer-sized slot)
 *    24  msgh_seqno       28  msgh_id
 *
 *   mach_msg_type_t, 8 bytes, 8-aligned
 *     0  bits 0-7 name, 8-23 size (bits per element), 24-28 unused,
 *        29 inline, 30 longform, 31 deallocate
 *     4  msgt_number (elements)
 *
 * The long form is the same 8 bytes with longform set.  Every item (type
 * descriptor plus data) starts 8-aligned; inline port rights occupy one
 * pointer-sized slot each; out-of-line data is a pointer-sized address.
 * The kernel keeps its port pointers in the same slots.
 */
#ifndef MACH_MESSAGE_H
#define MACH_MESSAGE_H

#include <stdint.h>
#include <mach/kern_return.h>
#include <mach/port.h>

/* Timeouts are in milliseconds (MACH_SEND_TIMEOUT, MACH_RCV_TIMEOUT). */
typedef natural_t mach_msg_timeout_t;
#define MACH_MSG_TIMEOUT_NONE		((mach_msg_timeout_t) 0)

/*
 * msgh_bits: the dispositions of the remote (bits 0-7) and local (8-15)
 * header ports, and COMPLEX when the body carries rights or out-of-line
 * memory.  The internal bits are never set by users.
 */
#define MACH_MSGH_BITS_ZERO		0x00000000U
#define MACH_MSGH_BITS_REMOTE_MASK	0x000000ffU
#define MACH_MSGH_BITS_LOCAL_MASK	0x0000ff00U
#define MACH_MSGH_BITS_COMPLEX		0x80000000U
#define MACH_MSGH_BITS_CIRCULAR		0x40000000U	/* internal */
#define MACH_MSGH_BITS_COMPLEX_PORTS	0x20000000U	/* internal */
#define MACH_MSGH_BITS_COMPLEX_DATA	0x10000000U	/* internal */
#define MACH_MSGH_BITS_MIGRATED		0x08000000U	/* internal */
#define MACH_MSGH_BITS_UNUSED		0x07ff0000U
#define MACH_MSGH_BITS_PORTS_MASK \
	(MACH_MSGH_BITS_REMOTE_MASK | MACH_MSGH_BITS_LOCAL_MASK)

#define MACH_MSGH_BITS(remote, local)	((remote) | ((local) << 8))
#define MACH_MSGH_BITS_REMOTE(bits)	((bits) & MACH_MSGH_BITS_REMOTE_MASK)
#define MACH_MSGH_BITS_LOCAL(bits)	(((bits) & MACH_MSGH_BITS_LOCAL_MASK) >> 8)
#define MACH_MSGH_BITS_PORTS(bits)	((bits) & MACH_MSGH_BITS_PORTS_MASK)
#define MACH_MSGH_BITS_OTHER(bits)	((bits) & ~MACH_MSGH_BITS_PORTS_MASK)

typedef unsigned int	mach_msg_bits_t;
typedef unsigned int	mach_msg_size_t;
typedef natural_t	mach_msg_seqno_t;
typedef integer_t	mach_msg_id_t;

typedef struct mach_msg_header {
	mach_msg_bits_t		msgh_bits;
	mach_msg_size_t		msgh_size;	/* bytes, header included */
	union {
		mach_port_t	msgh_remote_port;	/* destination */
		void		*msgh_remote_kport;	/* kernel: ipc_port */
		rpc_uintptr_t	msgh_remote_slot;
	};
	union {
		mach_port_t	msgh_local_port;	/* reply port */
		void		*msgh_local_kport;	/* kernel: ipc_port */
		rpc_uintptr_t	msgh_protected_payload;
	};
	mach_msg_seqno_t	msgh_seqno;	/* set on receive */
	mach_msg_id_t		msgh_id;
} mach_msg_header_t;

#define MACH_MSG_SIZE_MAX	((mach_msg_size_t) ~0U)

/* Old name of msgh_seqno. */
#define MACH_MSGH_KIND_NORMAL	0x00000000
#define msgh_kind		msgh_seqno
#define mach_msg_kind_t		mach_port_seqno_t

typedef unsigned int	mach_msg_type_name_t;
typedef unsigned int	mach_msg_type_size_t;
typedef natural_t	mach_msg_type_number_t;

/* One inline port right: the name, zero-extended to the slot width. */
typedef union {
	mach_port_name_t	name;
	void			*kernel_port;	/* kernel: ipc_port */
	uintptr_t		slot;
} mach_port_name_inlined_t;

typedef struct {
	unsigned int	msgt_name : 8,		/* MACH_MSG_TYPE_* */
			msgt_size : 16,		/* bits per element */
			msgt_unused : 5,
			msgt_inline : 1,	/* data follows, else a pointer */
			msgt_longform : 1,
			msgt_deallocate : 1;	/* out-of-line: move, not copy */
	mach_msg_type_number_t msgt_number;	/* elements */
} __attribute__((aligned(8))) mach_msg_type_t;

/* The long form: the same 8 bytes, under the classic msgtl_ names too. */
typedef struct {
	union {
		mach_msg_type_t	msgtl_header;
		struct {
			unsigned int	msgtl_name : 8,
					msgtl_size : 16,
					msgtl_unused : 5,
					msgtl_inline : 1,
					msgtl_longform : 1,
					msgtl_deallocate : 1;
			mach_msg_type_number_t msgtl_number;
		};
	};
} __attribute__((aligned(8))) mach_msg_type_long_t;

_Static_assert(sizeof(mach_msg_header_t) == 32, "LP64 header is 32 bytes");
_Static_assert(sizeof(mach_msg_type_t) == 8, "type descriptor is 8 bytes");
_Static_assert(sizeof(mach_msg_type_long_t) == sizeof(mach_msg_type_t),
	       "long form has the short form's size");

/* msgt_name: data types ... */
#define MACH_MSG_TYPE_UNSTRUCTURED	0
#define MACH_MSG_TYPE_BIT		0
#define MACH_MSG_TYPE_BOOLEAN		0
#define MACH_MSG_TYPE_INTEGER_16	1
#define MACH_MSG_TYPE_INTEGER_32	2
#define MACH_MSG_TYPE_CHAR		8
#define MACH_MSG_TYPE_BYTE		9
#define MACH_MSG_TYPE_INTEGER_8		9
#define MACH_MSG_TYPE_REAL		10
#define MACH_MSG_TYPE_INTEGER_64	11
#define MACH_MSG_TYPE_STRING		12
#define MACH_MSG_TYPE_STRING_C		12

/* ... port dispositions when sending ... */
#define MACH_MSG_TYPE_MOVE_RECEIVE	16	/* needs the receive right */
#define MACH_MSG_TYPE_MOVE_SEND		17	/* needs a send right */
#define MACH_MSG_TYPE_MOVE_SEND_ONCE	18	/* needs a send-once right */
#define MACH_MSG_TYPE_COPY_SEND		19	/* needs a send right */
#define MACH_MSG_TYPE_MAKE_SEND		20	/* needs the receive right */
#define MACH_MSG_TYPE_MAKE_SEND_ONCE	21	/* needs the receive right */

/* ... and what a receiver finds. */
#define MACH_MSG_TYPE_PORT_NAME		15	/* a bare name, no right */
#define MACH_MSG_TYPE_PORT_RECEIVE	MACH_MSG_TYPE_MOVE_RECEIVE
#define MACH_MSG_TYPE_PORT_SEND		MACH_MSG_TYPE_MOVE_SEND
#define MACH_MSG_TYPE_PORT_SEND_ONCE	MACH_MSG_TYPE_MOVE_SEND_ONCE

#define MACH_MSG_TYPE_PROTECTED_PAYLOAD	23
#define MACH_MSG_TYPE_LAST		23

/* Placeholder for a disposition chosen at run time. */
#define MACH_MSG_TYPE_POLYMORPHIC	((mach_msg_type_name_t) -1)

#define MACH_MSG_TYPE_PORT_ANY(x) \
	(((x) >= MACH_MSG_TYPE_MOVE_RECEIVE) && \
	 ((x) <= MACH_MSG_TYPE_MAKE_SEND_ONCE))
#define MACH_MSG_TYPE_PORT_ANY_SEND(x) \
	(((x) >= MACH_MSG_TYPE_MOVE_SEND) && \
	 ((x) <= MACH_MSG_TYPE_MAKE_SEND_ONCE))
#define MACH_MSG_TYPE_PORT_ANY_RIGHT(x) \
	(((x) >= MACH_MSG_TYPE_MOVE_RECEIVE) && \
	 ((x) <= MACH_MSG_TYPE_MOVE_SEND_ONCE))

/* mach_msg options. */
typedef integer_t mach_msg_option_t;

#define MACH_MSG_OPTION_NONE	0x00000000
#define MACH_SEND_MSG		0x00000001
#define MACH_RCV_MSG		0x00000002
#define MACH_SEND_TIMEOUT	0x00000010
#define MACH_SEND_NOTIFY	0x00000020
#define MACH_SEND_INTERRUPT	0x00000040	/* done by the library */
#define MACH_SEND_CANCEL	0x00000080
#define MACH_RCV_TIMEOUT	0x00000100
#define MACH_RCV_NOTIFY		0x00000200
#define MACH_RCV_INTERRUPT	0x00000400	/* done by the library */
#define MACH_RCV_LARGE		0x00000800
#define MACH_SEND_ALWAYS	0x00010000	/* kernel internal */

/* Alignment of items and of message sizes. */
#define MACH_MSG_USER_ALIGNMENT	8

/*
 * mach_msg return codes: system 4 (IPC), send errors subsystem 0, receive
 * errors subsystem 1.  The MACH_MSG_MASK bits qualify RCV_*_ERROR codes.
 */
typedef kern_return_t mach_msg_return_t;

#define MACH_MSG_SUCCESS		0x00000000

#define MACH_MSG_MASK			0x00003c00
#define MACH_MSG_IPC_SPACE		0x00002000	/* no room for a name */
#define MACH_MSG_VM_SPACE		0x00001000	/* no room for memory */
#define MACH_MSG_IPC_KERNEL		0x00000800	/* kernel short of ports */
#define MACH_MSG_VM_KERNEL		0x00000400	/* kernel short of memory */

#define MACH_SEND_IN_PROGRESS		0x10000001	/* internal */
#define MACH_SEND_INVALID_DATA		0x10000002
#define MACH_SEND_INVALID_DEST		0x10000003
#define MACH_SEND_TIMED_OUT		0x10000004
#define MACH_SEND_WILL_NOTIFY		0x10000005
#define MACH_SEND_NOTIFY_IN_PROGRESS	0x10000006
#define MACH_SEND_INTERRUPTED		0x10000007
#define MACH_SEND_MSG_TOO_SMALL		0x10000008
#define MACH_SEND_INVALID_REPLY		0x10000009
#define MACH_SEND_INVALID_RIGHT		0x1000000a
#define MACH_SEND_INVALID_NOTIFY	0x1000000b
#define MACH_SEND_INVALID_MEMORY	0x1000000c
#define MACH_SEND_NO_BUFFER		0x1000000d
#define MACH_SEND_NO_NOTIFY		0x1000000e
#define MACH_SEND_INVALID_TYPE		0x1000000f
#define MACH_SEND_INVALID_HEADER	0x10000010

#define MACH_RCV_IN_PROGRESS		0x10004001	/* internal */
#define MACH_RCV_INVALID_NAME		0x10004002
#define MACH_RCV_TIMED_OUT		0x10004003
#define MACH_RCV_TOO_LARGE		0x10004004
#define MACH_RCV_INTERRUPTED		0x10004005
#define MACH_RCV_PORT_CHANGED		0x10004006
#define MACH_RCV_INVALID_NOTIFY		0x10004007
#define MACH_RCV_INVALID_DATA		0x10004008
#define MACH_RCV_PORT_DIED		0x10004009
#define MACH_RCV_IN_SET			0x1000400a
#define MACH_RCV_HEADER_ERROR		0x1000400b
#define MACH_RCV_BODY_ERROR		0x1000400c

/* The user-level entry points (libmach; the trap is -25). */
extern mach_msg_return_t mach_msg_trap(mach_msg_header_t *msg,
	mach_msg_option_t option, mach_msg_size_t send_size,
	mach_msg_size_t rcv_size, mach_port_name_t rcv_name,
	mach_msg_timeout_t timeout, mach_port_name_t notify);
extern mach_msg_return_t mach_msg(mach_msg_header_t *msg,
	mach_msg_option_t option, mach_msg_size_t send_size,
	mach_msg_size_t rcv_size, mach_port_name_t rcv_name,
	mach_msg_timeout_t timeout, mach_port_name_t notify);

#endif /* MACH_MESSAGE_H */
