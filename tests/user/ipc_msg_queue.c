/*
 * tests/user/ipc_msg_queue.c - suite ipc_msg, part two: the message
 * queue.  The queue limit with send timeouts and the pseudo-receive that
 * hands an unsent message back (seed: "the kernel tries to return the
 * message contents to the caller with a pseudo-receive operation ...
 * After the pseudo-receive, the message is ready to be resent"),
 * send-once messages forcing their way in, MACH_RCV_LARGE and too-small
 * receive buffers, sequence numbers.
 */
#include "ipc_test.h"

/* A full queue: timeouts, and the message given back with its rights. */
static void test_qlimit(void)
{
	mach_port_t p = new_port(), x = new_port(), y = new_port(), yo, x2, so;
	struct msg_item it;
	msgbuf_t m;

	EXPECT(mach_port_set_qlimit(task, p, 1), KERN_SUCCESS);
	EXPECT(send_simple(p, true, 1), MACH_MSG_SUCCESS);
	EXPECT(send_simple(p, true, 2), MACH_SEND_TIMED_OUT);
	msg_init(&m, MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0), p, MACH_PORT_NULL, 3);
	EXPECT(msg_send(&m, MACH_SEND_TIMEOUT, 20), MACH_SEND_TIMED_OUT);
	CHECK_EQ(status_of(p).mps_msgcount, 1);
	/* The send right each timed-out header made came back with its
	 * message (send_simple's too): two references now. */
	CHECK_EQ(m.head.msgh_remote_port, p);
	CHECK_EQ(MACH_MSGH_BITS_REMOTE(m.head.msgh_bits), MACH_MSG_TYPE_PORT_SEND);
	CHECK_EQ(refs_of(p, MACH_PORT_RIGHT_SEND), 2);
	EXPECT(mach_port_mod_refs(task, p, MACH_PORT_RIGHT_SEND, -2), KERN_SUCCESS);

	/* Rights moved into the message come back: a receive right with
	 * its queue, a send right, the reply's send-once right. */
	EXPECT(send_simple(x, true, 55), MACH_MSG_SUCCESS);
	make_send(y);
	msg_init(&m, MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, MACH_MSG_TYPE_MAKE_SEND_ONCE),
		 p, y, 600);
	msg_add_ports(&m, MACH_MSG_TYPE_MOVE_RECEIVE, &x, 1);
	msg_add_ports(&m, MACH_MSG_TYPE_MOVE_SEND, &y, 1);
	EXPECT(msg_send(&m, MACH_SEND_TIMEOUT, 0), MACH_SEND_TIMED_OUT);
	CHECK_EQ(status_of(p).mps_msgcount, 1);
	CHECK_EQ(m.head.msgh_remote_port, p);
	CHECK_EQ(m.head.msgh_bits, MACH_MSGH_BITS_COMPLEX |
		 MACH_MSGH_BITS(MACH_MSG_TYPE_PORT_SEND, MACH_MSG_TYPE_PORT_SEND_ONCE));
	yo = m.head.msgh_local_port;
	CHECK_EQ(type_of(yo), MACH_PORT_TYPE_SEND_ONCE);
	CHECK_EQ(status_of(y).mps_sorights, 1);
	CHECK(msg_item(&m, 0, &it) && it.type.msgt_name == MACH_MSG_TYPE_PORT_RECEIVE);
	x2 = msg_item_port(&it, 0);
	CHECK_EQ(type_of(x2), MACH_PORT_TYPE_RECEIVE);
	CHECK_EQ(status_of(x2).mps_msgcount, 1);
	CHECK(msg_item(&m, 1, &it) && it.type.msgt_name == MACH_MSG_TYPE_PORT_SEND);
	CHECK_EQ(msg_item_port(&it, 0), y);
	CHECK_EQ(refs_of(y, MACH_PORT_RIGHT_SEND), 1);
	/* ... ready to be resent as it stands. */
	EXPECT(mach_port_set_qlimit(task, p, 2), KERN_SUCCESS);
	EXPECT(msg_send(&m, 0, 0), MACH_MSG_SUCCESS);
	EXPECT(type_kr(x2), KERN_INVALID_NAME);
	EXPECT(type_kr(yo), KERN_INVALID_NAME);
	CHECK_EQ(type_of(y), MACH_PORT_TYPE_RECEIVE);
	CHECK_EQ(type_of(p), MACH_PORT_TYPE_RECEIVE);
	EXPECT(msg_receive(&m, p, WAIT_MS), MACH_MSG_SUCCESS);
	CHECK_EQ(m.head.msgh_id, 1);
	EXPECT(msg_receive(&m, p, WAIT_MS), MACH_MSG_SUCCESS);
	CHECK_EQ(m.head.msgh_id, 600);
	CHECK_EQ(MACH_MSGH_BITS_REMOTE(m.head.msgh_bits), MACH_MSG_TYPE_PORT_SEND_ONCE);
	yo = m.head.msgh_remote_port;
	CHECK(msg_item(&m, 0, &it) && it.type.msgt_name == MACH_MSG_TYPE_PORT_RECEIVE);
	x2 = msg_item_port(&it, 0);
	CHECK_EQ(status_of(x2).mps_msgcount, 1);
	CHECK(msg_item(&m, 1, &it) && msg_item_port(&it, 0) == y);
	/* Answer through the reply right: it reaches y. */
	msg_init(&m, MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND_ONCE, 0), yo,
		 MACH_PORT_NULL, 700);
	EXPECT(msg_send(&m, 0, 0), MACH_MSG_SUCCESS);
	EXPECT(msg_receive(&m, y, WAIT_MS), MACH_MSG_SUCCESS);
	CHECK_EQ(m.head.msgh_id, 700);

	/* A send-once right always gets its message queued. */
	EXPECT(send_simple(p, true, 4), MACH_MSG_SUCCESS);
	EXPECT(send_simple(p, true, 5), MACH_MSG_SUCCESS);
	EXPECT(send_simple(p, true, 6), MACH_SEND_TIMED_OUT);
	so = make_send_once(p);
	msg_init(&m, MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND_ONCE, 0), so, MACH_PORT_NULL, 7);
	EXPECT(msg_send(&m, MACH_SEND_TIMEOUT, 0), MACH_MSG_SUCCESS);
	CHECK_EQ(status_of(p).mps_msgcount, 3);
	CHECK_EQ(drain(p), 3);
	destroy(p);
	destroy(x2);
	destroy(y);
}

/* MACH_RCV_LARGE leaves the message queued; without it, it is destroyed. */
static void test_rcv_large(void)
{
	static const int32_t six[6] = { 1, 2, 3, 4, 5, 6 };
	mach_port_t p = new_port(), x = new_port();
	struct msg_item it;
	msgbuf_t m, small;
	bool clean = true;

	msg_init(&m, MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0), p, MACH_PORT_NULL, 800);
	msg_add_inline(&m, MACH_MSG_TYPE_INTEGER_32, 32, 6, six);
	CHECK_EQ(m.head.msgh_size, 64);
	EXPECT(msg_send(&m, 0, 0), MACH_MSG_SUCCESS);
	memset(&small, 0xaa, sizeof(small));
	EXPECT(mach_msg(&small.head, MACH_RCV_MSG | MACH_RCV_LARGE | MACH_RCV_TIMEOUT,
			0, 32, p, WAIT_MS, MACH_PORT_NULL), MACH_RCV_TOO_LARGE);
	CHECK_EQ(small.head.msgh_size, 64);		/* the size needed */
	for (unsigned int i = 32; i < sizeof(small); i++)
		clean = clean && small.bytes[i] == 0xaa;
	CHECK_MSG(clean, "receive wrote past the 32 bytes it was given");
	CHECK_EQ(status_of(p).mps_msgcount, 1);
	EXPECT(mach_msg(&small.head, MACH_RCV_MSG | MACH_RCV_LARGE | MACH_RCV_TIMEOUT,
			0, 56, p, WAIT_MS, MACH_PORT_NULL), MACH_RCV_TOO_LARGE);
	CHECK_EQ(status_of(p).mps_msgcount, 1);
	EXPECT(mach_msg(&small.head, MACH_RCV_MSG | MACH_RCV_LARGE | MACH_RCV_TIMEOUT,
			0, 64, p, WAIT_MS, MACH_PORT_NULL), MACH_MSG_SUCCESS);
	CHECK_EQ(small.head.msgh_id, 800);
	CHECK(msg_item(&small, 0, &it) && !memcmp(it.data, six, sizeof(six)));
	/* Too small without MACH_RCV_LARGE: the message is destroyed, and a
	 * receive right it carried dies with it. */
	make_send(x);
	msg_init(&m, MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0), p, MACH_PORT_NULL, 801);
	msg_add_ports(&m, MACH_MSG_TYPE_MOVE_RECEIVE, &x, 1);
	msg_add_inline(&m, MACH_MSG_TYPE_INTEGER_32, 32, 6, six);
	EXPECT(msg_send(&m, 0, 0), MACH_MSG_SUCCESS);
	CHECK_EQ(type_of(x), MACH_PORT_TYPE_SEND);
	EXPECT(mach_msg(&small.head, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0, 32, p, WAIT_MS,
			MACH_PORT_NULL), MACH_RCV_TOO_LARGE);
	CHECK_EQ(status_of(p).mps_msgcount, 0);
	CHECK_EQ(type_of(x), MACH_PORT_TYPE_DEAD_NAME);
	EXPECT(msg_receive(&m, p, 0), MACH_RCV_TIMED_OUT);
	destroy(x);
	destroy(p);
}

/* Sequence numbers: per port, settable, reset when the receive right moves. */
static void test_seqno(void)
{
	mach_port_t p = new_port(), r;
	mach_msg_type_name_t t;
	msgbuf_t m;

	for (unsigned int i = 0; i < 3; i++)
		EXPECT(send_simple(p, true, (int)i), MACH_MSG_SUCCESS);
	for (unsigned int i = 0; i < 3; i++) {
		EXPECT(msg_receive(&m, p, WAIT_MS), MACH_MSG_SUCCESS);
		CHECK_EQ(m.head.msgh_id, i);
		CHECK_EQ(m.head.msgh_seqno, i);
	}
	EXPECT(mach_port_set_seqno(task, p, 100), KERN_SUCCESS);
	EXPECT(send_simple(p, true, 3), MACH_MSG_SUCCESS);
	EXPECT(send_simple(p, true, 4), MACH_MSG_SUCCESS);
	EXPECT(msg_receive(&m, p, WAIT_MS), MACH_MSG_SUCCESS);
	CHECK_EQ(m.head.msgh_seqno, 100);
	/* Queued messages take their number when received, not when sent. */
	EXPECT(mach_port_set_seqno(task, p, 200), KERN_SUCCESS);
	EXPECT(msg_receive(&m, p, WAIT_MS), MACH_MSG_SUCCESS);
	CHECK_EQ(m.head.msgh_id, 4);
	CHECK_EQ(m.head.msgh_seqno, 200);
	make_send(p);
	EXPECT(mach_port_extract_right(task, p, MACH_MSG_TYPE_MOVE_RECEIVE, &r, &t),
	       KERN_SUCCESS);
	CHECK_EQ(r, p);
	EXPECT(send_simple(p, false, 5), MACH_MSG_SUCCESS);
	EXPECT(msg_receive(&m, p, WAIT_MS), MACH_MSG_SUCCESS);
	CHECK_EQ(m.head.msgh_seqno, 0);
	destroy(p);
}

void ipc_msg_queue(void)
{
	test_qlimit();
	test_rcv_large();
	test_seqno();
}
