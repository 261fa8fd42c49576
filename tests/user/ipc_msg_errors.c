/*
 * tests/user/ipc_msg_errors.c - suite ipc_msg, part three: every
 * MACH_SEND_* and MACH_RCV_* error a task can provoke on its own, and
 * message buffers at bad addresses.
 *
 * Header errors leave the sender's rights as they were; body errors
 * destroy the header rights along with the message (CMU and GNU Mach).
 */
#include "ipc_test.h"

#define USER_STACK_TOP	0x7fff0000UL	/* kern/exec.h: end of stack 0 */
#define KERNEL_ADDR	0xffffffff80000000UL

static const mach_port_t BOGUS = 0x00abcdefu;

/* Send a header-only message built from bits/remote/local. */
static mach_msg_return_t send_header(mach_msg_bits_t bits, mach_port_t remote,
				     mach_port_t local)
{
	msgbuf_t m;

	msg_init(&m, bits, remote, local, 900);
	return msg_send(&m, MACH_SEND_TIMEOUT, 0);
}

/* Destination, reply and header errors. */
static void test_header_errors(void)
{
	mach_port_t p = new_port(), r = new_port(), s = new_set(), d, so, jail, snd;

	EXPECT(mach_port_allocate(task, MACH_PORT_RIGHT_DEAD_NAME, &d), KERN_SUCCESS);
	so = make_send_once(r);
	snd = send_only(&jail);
	/* MACH_SEND_INVALID_DEST. */
	EXPECT(send_header(MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0), BOGUS, 0),
	       MACH_SEND_INVALID_DEST);
	EXPECT(send_header(MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0), MACH_PORT_NULL, 0),
	       MACH_SEND_INVALID_DEST);
	EXPECT(send_header(MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0), MACH_PORT_DEAD, 0),
	       MACH_SEND_INVALID_DEST);
	EXPECT(send_header(MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0), d, 0),
	       MACH_SEND_INVALID_DEST);
	EXPECT(send_header(MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0), s, 0),
	       MACH_SEND_INVALID_DEST);
	EXPECT(send_header(MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0), p, 0),
	       MACH_SEND_INVALID_DEST);		/* a receive right, no send right */
	EXPECT(send_header(MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0), snd, 0),
	       MACH_SEND_INVALID_DEST);		/* a send right, no receive right */
	EXPECT(send_header(MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0), so, 0),
	       MACH_SEND_INVALID_DEST);		/* send-once is not send */
	CHECK_EQ(type_of(so), MACH_PORT_TYPE_SEND_ONCE);
	/* MACH_SEND_INVALID_REPLY: the destination right is not used up. */
	EXPECT(send_header(MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND,
					  MACH_MSG_TYPE_MAKE_SEND_ONCE), snd, BOGUS),
	       MACH_SEND_INVALID_REPLY);
	CHECK_EQ(refs_of(snd, MACH_PORT_RIGHT_SEND), 1);
	EXPECT(send_header(MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND,
					  MACH_MSG_TYPE_COPY_SEND), snd, p),
	       MACH_SEND_INVALID_REPLY);
	CHECK_EQ(refs_of(snd, MACH_PORT_RIGHT_SEND), 1);
	EXPECT(send_header(MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND_ONCE,
					  MACH_MSG_TYPE_MAKE_SEND), so, s),
	       MACH_SEND_INVALID_REPLY);
	CHECK_EQ(type_of(so), MACH_PORT_TYPE_SEND_ONCE);
	EXPECT(send_header(MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND,
					  MACH_MSG_TYPE_MOVE_SEND_ONCE), p, r),
	       MACH_SEND_INVALID_REPLY);
	/* MACH_SEND_INVALID_HEADER: dispositions that are no send right. */
	EXPECT(send_header(MACH_MSGH_BITS(0, 0), p, 0), MACH_SEND_INVALID_HEADER);
	EXPECT(send_header(MACH_MSGH_BITS(99, 0), p, 0), MACH_SEND_INVALID_HEADER);
	EXPECT(send_header(MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_RECEIVE, 0), p, 0),
	       MACH_SEND_INVALID_HEADER);
	EXPECT(send_header(MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND,
					  MACH_MSG_TYPE_MOVE_RECEIVE), p, r),
	       MACH_SEND_INVALID_HEADER);
	EXPECT(send_header(MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 99), p, r),
	       MACH_SEND_INVALID_HEADER);
	CHECK_EQ(type_of(r), MACH_PORT_TYPE_RECEIVE);	/* still there */
	CHECK_EQ(status_of(p).mps_msgcount, 0);
	/* The send-once right, unused, still works. */
	EXPECT(send_header(MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND_ONCE, 0), so, 0),
	       MACH_MSG_SUCCESS);
	CHECK_EQ(drain(r), 1);
	destroy(snd);
	destroy(jail);
	destroy(d);
	destroy(s);
	destroy(r);
	destroy(p);
}

/* Body errors: rights, types, sizes, memory. */
static void test_body_errors(void)
{
	mach_port_t p = new_port(), q = new_port(), d, jail, snd, names[2];
	mach_msg_type_t t;
	msgbuf_t m;

	EXPECT(mach_port_allocate(task, MACH_PORT_RIGHT_DEAD_NAME, &d), KERN_SUCCESS);
	snd = send_only(&jail);
	/* MACH_SEND_INVALID_RIGHT. */
	msg_init(&m, MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0), p, 0, 901);
	msg_add_ports(&m, MACH_MSG_TYPE_COPY_SEND, &BOGUS, 1);
	EXPECT(msg_send(&m, 0, 0), MACH_SEND_INVALID_RIGHT);
	msg_init(&m, MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0), p, 0, 901);
	msg_add_ports(&m, MACH_MSG_TYPE_MOVE_RECEIVE, &snd, 1);
	EXPECT(msg_send(&m, 0, 0), MACH_SEND_INVALID_RIGHT);
	msg_init(&m, MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0), p, 0, 901);
	msg_add_ports(&m, MACH_MSG_TYPE_MAKE_SEND, &d, 1);
	EXPECT(msg_send(&m, 0, 0), MACH_SEND_INVALID_RIGHT);
	msg_init(&m, MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0), p, 0, 901);
	msg_add_ports(&m, MACH_MSG_TYPE_MOVE_SEND_ONCE, &q, 1);
	EXPECT(msg_send(&m, 0, 0), MACH_SEND_INVALID_RIGHT);
	CHECK_EQ(type_of(snd), MACH_PORT_TYPE_SEND);
	CHECK_EQ(type_of(q), MACH_PORT_TYPE_RECEIVE);
	/* A body error destroys the header rights: the moved send right is
	 * gone; rights taken before the bad one are released too. */
	names[0] = q;
	names[1] = BOGUS;
	msg_init(&m, MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND, 0), snd, 0, 902);
	msg_add_ports(&m, MACH_MSG_TYPE_MAKE_SEND, names, 2);
	EXPECT(msg_send(&m, 0, 0), MACH_SEND_INVALID_RIGHT);
	EXPECT(type_kr(snd), KERN_INVALID_NAME);
	CHECK_EQ(type_of(q), MACH_PORT_TYPE_RECEIVE);
	CHECK(!status_of(q).mps_srights);
	CHECK_EQ(status_of(p).mps_msgcount, 0);
	/* MACH_SEND_INVALID_TYPE: a port right must fill a pointer slot. */
	msg_init(&m, MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0), p, 0, 903);
	msg_add_inline(&m, MACH_MSG_TYPE_MAKE_SEND, 32, 2, names);
	m.head.msgh_bits |= MACH_MSGH_BITS_COMPLEX;
	EXPECT(msg_send(&m, 0, 0), MACH_SEND_INVALID_TYPE);
	CHECK(!status_of(q).mps_srights);
	/* MACH_SEND_MSG_TOO_SMALL: sizes, and items running off the end. */
	msg_init(&m, MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0), p, 0, 904);
	EXPECT(mach_msg(&m.head, MACH_SEND_MSG, 16, 0, 0, 0, 0), MACH_SEND_MSG_TOO_SMALL);
	EXPECT(mach_msg(&m.head, MACH_SEND_MSG, 0, 0, 0, 0, 0), MACH_SEND_MSG_TOO_SMALL);
	msg_add_inline(&m, MACH_MSG_TYPE_INTEGER_32, 32, 2, NULL);
	EXPECT(mach_msg(&m.head, MACH_SEND_MSG, 35, 0, 0, 0, 0), MACH_SEND_MSG_TOO_SMALL);
	m.head.msgh_bits |= MACH_MSGH_BITS_COMPLEX;
	memcpy(&t, m.bytes + 32, sizeof(t));
	t.msgt_number = 4;			/* 16 bytes of data, 8 sent */
	memcpy(m.bytes + 32, &t, sizeof(t));
	EXPECT(msg_send(&m, 0, 0), MACH_SEND_MSG_TOO_SMALL);
	EXPECT(mach_msg(&m.head, MACH_SEND_MSG, 40, 0, 0, 0, 0),
	       MACH_SEND_MSG_TOO_SMALL);	/* the descriptor without data */
	CHECK_EQ(status_of(p).mps_msgcount, 0);
	/* MACH_SEND_INVALID_MEMORY: out-of-line data that is not there. */
	msg_init(&m, MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0), p, 0, 905);
	msg_add_ool(&m, MACH_MSG_TYPE_BYTE, 8, 100, (void *)0x10, false);
	EXPECT(msg_send(&m, 0, 0), MACH_SEND_INVALID_MEMORY);
	msg_init(&m, MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0), p, 0, 905);
	msg_add_ool(&m, MACH_MSG_TYPE_BYTE, 8, 4096, (void *)KERNEL_ADDR, false);
	EXPECT(msg_send(&m, 0, 0), MACH_SEND_INVALID_MEMORY);
	msg_init(&m, MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0), p, 0, 905);
	msg_add_ool(&m, MACH_MSG_TYPE_BYTE, 8, 8192, (void *)(USER_STACK_TOP - 4096),
		    false);			/* runs off the end of the stack */
	EXPECT(msg_send(&m, 0, 0), MACH_SEND_INVALID_MEMORY);
	CHECK_EQ(status_of(p).mps_msgcount, 0);
	destroy(jail);
	destroy(d);
	destroy(q);
	destroy(p);
}

/* Receive errors: names that cannot be received from. */
static void test_rcv_errors(void)
{
	mach_port_t p = new_port(), s = new_set(), d, so, jail, snd;
	msgbuf_t m;

	EXPECT(mach_port_allocate(task, MACH_PORT_RIGHT_DEAD_NAME, &d), KERN_SUCCESS);
	so = make_send_once(p);
	snd = send_only(&jail);
	EXPECT(msg_receive(&m, BOGUS, 0), MACH_RCV_INVALID_NAME);
	EXPECT(msg_receive(&m, MACH_PORT_NULL, 0), MACH_RCV_INVALID_NAME);
	EXPECT(msg_receive(&m, MACH_PORT_DEAD, 0), MACH_RCV_INVALID_NAME);
	EXPECT(msg_receive(&m, d, 0), MACH_RCV_INVALID_NAME);
	EXPECT(msg_receive(&m, so, 0), MACH_RCV_INVALID_NAME);
	EXPECT(msg_receive(&m, snd, 0), MACH_RCV_INVALID_NAME);
	/* A member of a set is received from through the set only. */
	EXPECT(mach_port_move_member(task, p, s), KERN_SUCCESS);
	EXPECT(mach_port_deallocate(task, so), KERN_SUCCESS);	/* notifies p */
	EXPECT(msg_receive(&m, p, 0), MACH_RCV_IN_SET);
	EXPECT(msg_receive(&m, s, WAIT_MS), MACH_MSG_SUCCESS);
	CHECK_EQ(m.head.msgh_local_port, p);
	/* A failed send in a send+receive call does not receive. */
	msg_init(&m, MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0), BOGUS, 0, 906);
	EXPECT(mach_msg(&m.head, MACH_SEND_MSG | MACH_RCV_MSG | MACH_RCV_TIMEOUT,
			32, sizeof(m), s, 0, MACH_PORT_NULL), MACH_SEND_INVALID_DEST);
	destroy(snd);
	destroy(jail);
	destroy(d);
	destroy(s);
	destroy(p);
}

/* Message buffers at addresses the task cannot use. */
static void test_bad_buffers(void)
{
	mach_port_t p = new_port();
	mach_msg_header_t *edge = (mach_msg_header_t *)(USER_STACK_TOP - 16);
	msgbuf_t m;

	EXPECT(mach_msg_trap(NULL, MACH_SEND_MSG, 32, 0, 0, 0, 0), MACH_SEND_INVALID_DATA);
	EXPECT(mach_msg_trap((mach_msg_header_t *)1, MACH_SEND_MSG, 32, 0, 0, 0, 0),
	       MACH_SEND_INVALID_DATA);
	EXPECT(mach_msg_trap((mach_msg_header_t *)KERNEL_ADDR, MACH_SEND_MSG, 32,
			     0, 0, 0, 0), MACH_SEND_INVALID_DATA);
	EXPECT(mach_msg_trap((mach_msg_header_t *)-8L, MACH_SEND_MSG, 32, 0, 0, 0, 0),
	       MACH_SEND_INVALID_DATA);
	/* A header whose second half is past the end of the stack. */
	msg_init(&m, MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0), p, 0, 907);
	memcpy(edge, &m.head, 16);
	EXPECT(mach_msg_trap(edge, MACH_SEND_MSG, 32, 0, 0, 0, 0), MACH_SEND_INVALID_DATA);
	/* A send size larger than the buffer's mapping. */
	EXPECT(mach_msg_trap(edge, MACH_SEND_MSG, 0x1000, 0, 0, 0, 0),
	       MACH_SEND_INVALID_DATA);
	CHECK_EQ(status_of(p).mps_msgcount, 0);
	/* Receiving into memory that is not there. */
	EXPECT(send_simple(p, true, 908), MACH_MSG_SUCCESS);
	EXPECT(mach_msg_trap(NULL, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0, 64, p, 0, 0),
	       MACH_RCV_INVALID_DATA);
	EXPECT(send_simple(p, true, 909), MACH_MSG_SUCCESS);
	EXPECT(mach_msg_trap((mach_msg_header_t *)KERNEL_ADDR,
			     MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0, 64, p, 0, 0),
	       MACH_RCV_INVALID_DATA);
	EXPECT(send_simple(p, true, 910), MACH_MSG_SUCCESS);
	EXPECT(mach_msg_trap(edge, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0, 64, p, 0, 0),
	       MACH_RCV_INVALID_DATA);
	/* The port still works. */
	drain(p);
	EXPECT(send_simple(p, true, 911), MACH_MSG_SUCCESS);
	EXPECT(msg_receive(&m, p, WAIT_MS), MACH_MSG_SUCCESS);
	CHECK_EQ(m.head.msgh_id, 911);
	destroy(p);
}

void ipc_msg_errors(void)
{
	test_header_errors();
	test_body_errors();
	test_rcv_errors();
	test_bad_buffers();
}
