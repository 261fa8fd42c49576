/*
 * tests/user/ipc_msg.c - suite ipc_msg: mach_msg on one thread.
 *
 * Send and receive of header-only messages, inline data of several
 * types, port rights of every disposition, out-of-line memory; receive
 * timeouts; the queue limit with send timeouts and the pseudo-receive
 * that gives an unsent message back; MACH_RCV_LARGE; sequence numbers.
 * The error cases are in ipc_msg_errors.c.  Semantics: the seed's
 * "Message Transmission", "Message Queues" and "Port Name Space".
 */
#include "ipc_test.h"

/* Header-only messages, the reply port in each disposition. */
static void test_header_only(void)
{
	mach_port_t p = new_port(), r = new_port(), ro;
	msgbuf_t m;

	msg_init(&m, MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0), p, MACH_PORT_NULL, 100);
	m.head.msgh_seqno = 999;	/* overwritten by the kernel */
	EXPECT(msg_send(&m, 0, 0), MACH_MSG_SUCCESS);
	EXPECT(msg_receive(&m, p, WAIT_MS), MACH_MSG_SUCCESS);
	CHECK_EQ(m.head.msgh_size, sizeof(mach_msg_header_t));
	CHECK_EQ(m.head.msgh_id, 100);
	CHECK_EQ(m.head.msgh_local_port, p);
	CHECK_EQ(m.head.msgh_remote_port, MACH_PORT_NULL);
	CHECK_EQ(m.head.msgh_bits, MACH_MSGH_BITS(0, MACH_MSG_TYPE_PORT_SEND));
	CHECK_EQ(m.head.msgh_seqno, 0);
	CHECK_EQ(type_of(p), MACH_PORT_TYPE_RECEIVE);	/* the right was used up */
	/* Send and receive in one call. */
	msg_init(&m, MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0), p, MACH_PORT_NULL, 101);
	EXPECT(mach_msg(&m.head, MACH_SEND_MSG | MACH_RCV_MSG | MACH_RCV_TIMEOUT,
			m.head.msgh_size, sizeof(m), p, WAIT_MS, MACH_PORT_NULL),
	       MACH_MSG_SUCCESS);
	CHECK_EQ(m.head.msgh_id, 101);
	CHECK_EQ(m.head.msgh_seqno, 1);
	/* A send-once reply right: a new name, used up by the reply. */
	msg_init(&m, MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, MACH_MSG_TYPE_MAKE_SEND_ONCE),
		 p, r, 102);
	EXPECT(msg_send(&m, 0, 0), MACH_MSG_SUCCESS);
	CHECK_EQ(status_of(r).mps_sorights, 1);
	EXPECT(msg_receive(&m, p, WAIT_MS), MACH_MSG_SUCCESS);
	ro = m.head.msgh_remote_port;
	CHECK_EQ(m.head.msgh_bits, MACH_MSGH_BITS(MACH_MSG_TYPE_PORT_SEND_ONCE,
						  MACH_MSG_TYPE_PORT_SEND));
	CHECK(MACH_PORT_VALID(ro) && ro != r);
	CHECK_EQ(type_of(ro), MACH_PORT_TYPE_SEND_ONCE);
	msg_init(&m, MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND_ONCE, 0), ro,
		 MACH_PORT_NULL, 202);
	EXPECT(msg_send(&m, 0, 0), MACH_MSG_SUCCESS);
	EXPECT(type_kr(ro), KERN_INVALID_NAME);
	EXPECT(msg_receive(&m, r, WAIT_MS), MACH_MSG_SUCCESS);
	CHECK_EQ(m.head.msgh_id, 202);
	CHECK_EQ(m.head.msgh_local_port, r);
	CHECK_EQ(m.head.msgh_bits, MACH_MSGH_BITS(0, MACH_MSG_TYPE_PORT_SEND_ONCE));
	CHECK_EQ(status_of(r).mps_sorights, 0);
	/* A send reply right made from our receive right joins its name. */
	msg_init(&m, MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, MACH_MSG_TYPE_MAKE_SEND),
		 p, r, 103);
	EXPECT(msg_send(&m, 0, 0), MACH_MSG_SUCCESS);
	EXPECT(msg_receive(&m, p, WAIT_MS), MACH_MSG_SUCCESS);
	CHECK_EQ(m.head.msgh_remote_port, r);
	CHECK_EQ(MACH_MSGH_BITS_REMOTE(m.head.msgh_bits), MACH_MSG_TYPE_PORT_SEND);
	CHECK_EQ(type_of(r), MACH_PORT_TYPE_SEND_RECEIVE);
	/* COPY_SEND leaves the sender's references alone. */
	msg_init(&m, MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, MACH_MSG_TYPE_COPY_SEND),
		 p, r, 104);
	EXPECT(msg_send(&m, 0, 0), MACH_MSG_SUCCESS);
	CHECK_EQ(refs_of(r, MACH_PORT_RIGHT_SEND), 1);
	EXPECT(msg_receive(&m, p, WAIT_MS), MACH_MSG_SUCCESS);
	CHECK_EQ(m.head.msgh_remote_port, r);
	CHECK_EQ(refs_of(r, MACH_PORT_RIGHT_SEND), 2);
	destroy(p);
	destroy(r);
}

/* Inline data of several types arrives byte for byte. */
static void test_inline_data(void)
{
	static const uint8_t bytes[5] = { 1, 2, 3, 0xfe, 0xff };
	static const int16_t shorts[3] = { -1, 0x1234, 7 };
	static const int32_t ints[3] = { -2, 0x12345678, 0 };
	static const int64_t longs[2] = { -3, 0x123456789abcdef0LL };
	static const char str[6] = "hello";
	static const int32_t boolean = 1;
	static const uint64_t real = 0x400921fb54442d18ULL;	/* pi */
	const mach_port_t pname = 0x4242;	/* a PORT_NAME is just a number */
	int32_t big[200];
	mach_port_t p = new_port();
	msgbuf_t m, sent;
	struct msg_item it;

	for (int i = 0; i < 200; i++)
		big[i] = i * 7919;
	msg_init(&m, MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0), p, MACH_PORT_NULL, 300);
	msg_add_inline(&m, MACH_MSG_TYPE_BYTE, 8, 5, bytes);
	msg_add_inline(&m, MACH_MSG_TYPE_INTEGER_16, 16, 3, shorts);
	msg_add_inline(&m, MACH_MSG_TYPE_INTEGER_32, 32, 3, ints);
	msg_add_inline(&m, MACH_MSG_TYPE_INTEGER_64, 64, 2, longs);
	msg_add_inline(&m, MACH_MSG_TYPE_STRING, 8, 6, str);
	msg_add_inline(&m, MACH_MSG_TYPE_BOOLEAN, 32, 1, &boolean);
	msg_add_inline(&m, MACH_MSG_TYPE_REAL, 64, 1, &real);
	msg_add_inline(&m, MACH_MSG_TYPE_PORT_NAME, 32, 1, &pname);
	msg_add_inline(&m, MACH_MSG_TYPE_INTEGER_32, 32, 200, big);
	CHECK_EQ(m.head.msgh_size, 32 + 16 + 16 + 24 + 24 + 16 + 16 + 16 + 16 + 808);
	memcpy(&sent, &m, sizeof(m));
	EXPECT(msg_send(&m, 0, 0), MACH_MSG_SUCCESS);
	EXPECT(msg_receive(&m, p, WAIT_MS), MACH_MSG_SUCCESS);
	CHECK_EQ(m.head.msgh_size, sent.head.msgh_size);
	CHECK_EQ(m.head.msgh_bits, MACH_MSGH_BITS(0, MACH_MSG_TYPE_PORT_SEND));
	CHECK_MSG(!memcmp(m.bytes + 32, sent.bytes + 32, sent.head.msgh_size - 32),
		  "inline body changed in transit");
	CHECK(msg_item(&m, 3, &it) && it.type.msgt_number == 2 &&
	      !memcmp(it.data, longs, sizeof(longs)));
	CHECK(msg_item(&m, 7, &it) && it.type.msgt_name == MACH_MSG_TYPE_PORT_NAME &&
	      msg_item_port(&it, 0) == pname);
	CHECK(msg_item(&m, 8, &it) && it.type.msgt_number == 200 &&
	      !memcmp(it.data, big, sizeof(big)));
	CHECK(!msg_item(&m, 9, &it));
	destroy(p);
}

/*
 * Send one right of `disposition` for `name` to dest and receive it:
 * returns the received name and checks the descriptor's type.
 */
static mach_port_t pass_right(mach_port_t dest, unsigned int disposition,
			      mach_port_t name, unsigned int want_type)
{
	struct msg_item it;
	msgbuf_t m;

	msg_init(&m, MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0), dest,
		 MACH_PORT_NULL, 400 + disposition);
	msg_add_ports(&m, disposition, &name, 1);
	EXPECT(msg_send(&m, 0, 0), MACH_MSG_SUCCESS);
	EXPECT(msg_receive(&m, dest, WAIT_MS), MACH_MSG_SUCCESS);
	CHECK_EQ(m.head.msgh_id, 400 + disposition);
	CHECK(m.head.msgh_bits & MACH_MSGH_BITS_COMPLEX);
	CHECK_EQ(m.head.msgh_size, 48);
	if (!msg_item(&m, 0, &it)) {
		test_fail(__LINE__, "no port item received (disposition %u)", disposition);
		return MACH_PORT_NULL;
	}
	CHECK_EQ(it.type.msgt_name, want_type);
	CHECK_EQ(it.type.msgt_size, 64);
	CHECK_EQ(it.type.msgt_number, 1);
	CHECK(it.type.msgt_inline);
	return msg_item_port(&it, 0);
}

/* Port rights in the body, one disposition after the other. */
static void test_port_rights(void)
{
	mach_port_t d = new_port(), p = new_port(), q = new_port(), so, got;
	mach_port_t several[4];
	struct msg_item it;
	mach_port_status_t st;
	msgbuf_t m;

	make_send(p);
	got = pass_right(d, MACH_MSG_TYPE_COPY_SEND, p, MACH_MSG_TYPE_PORT_SEND);
	CHECK_EQ(got, p);
	CHECK_EQ(refs_of(p, MACH_PORT_RIGHT_SEND), 2);
	got = pass_right(d, MACH_MSG_TYPE_MOVE_SEND, p, MACH_MSG_TYPE_PORT_SEND);
	CHECK_EQ(got, p);
	CHECK_EQ(refs_of(p, MACH_PORT_RIGHT_SEND), 2);
	got = pass_right(d, MACH_MSG_TYPE_MAKE_SEND, p, MACH_MSG_TYPE_PORT_SEND);
	CHECK_EQ(got, p);
	CHECK_EQ(refs_of(p, MACH_PORT_RIGHT_SEND), 3);
	CHECK_EQ(status_of(p).mps_mscount, 2);
	/* Send-once rights. */
	so = pass_right(d, MACH_MSG_TYPE_MAKE_SEND_ONCE, p, MACH_MSG_TYPE_PORT_SEND_ONCE);
	CHECK(MACH_PORT_VALID(so) && so != p);
	CHECK_EQ(type_of(so), MACH_PORT_TYPE_SEND_ONCE);
	CHECK_EQ(status_of(p).mps_sorights, 1);
	got = pass_right(d, MACH_MSG_TYPE_MOVE_SEND_ONCE, so, MACH_MSG_TYPE_PORT_SEND_ONCE);
	CHECK(MACH_PORT_VALID(got) && got != so);
	EXPECT(type_kr(so), KERN_INVALID_NAME);
	CHECK_EQ(type_of(got), MACH_PORT_TYPE_SEND_ONCE);
	CHECK_EQ(status_of(p).mps_sorights, 1);
	EXPECT(mach_port_deallocate(task, got), KERN_SUCCESS);
	CHECK_EQ(drain(p), 1);
	/* The receive right: back under the name of our send right; the
	 * make-send count and sequence number start again. */
	EXPECT(mach_port_set_seqno(task, p, 9), KERN_SUCCESS);
	got = pass_right(d, MACH_MSG_TYPE_MOVE_RECEIVE, p, MACH_MSG_TYPE_PORT_RECEIVE);
	CHECK_EQ(got, p);
	CHECK_EQ(type_of(p), MACH_PORT_TYPE_SEND_RECEIVE);
	st = status_of(p);
	CHECK(st.mps_mscount == 0 && st.mps_seqno == 0 && st.mps_srights);
	/* A receive right alone keeps its queue through the move. */
	EXPECT(send_simple(q, true, 77), MACH_MSG_SUCCESS);
	got = pass_right(d, MACH_MSG_TYPE_MOVE_RECEIVE, q, MACH_MSG_TYPE_PORT_RECEIVE);
	CHECK(MACH_PORT_VALID(got));
	CHECK_EQ(type_of(got), MACH_PORT_TYPE_RECEIVE);
	EXPECT(msg_receive(&m, got, WAIT_MS), MACH_MSG_SUCCESS);
	CHECK_EQ(m.head.msgh_id, 77);
	q = got;
	/* Several rights in one item; null and dead names pass as they are. */
	several[0] = p;
	several[1] = MACH_PORT_NULL;
	several[2] = p;
	several[3] = MACH_PORT_DEAD;
	msg_init(&m, MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0), d, MACH_PORT_NULL, 410);
	msg_add_ports(&m, MACH_MSG_TYPE_COPY_SEND, several, 4);
	EXPECT(msg_send(&m, 0, 0), MACH_MSG_SUCCESS);
	EXPECT(msg_receive(&m, d, WAIT_MS), MACH_MSG_SUCCESS);
	CHECK(msg_item(&m, 0, &it) && it.type.msgt_number == 4);
	CHECK_EQ(msg_item_port(&it, 0), p);
	CHECK_EQ(msg_item_port(&it, 1), MACH_PORT_NULL);
	CHECK_EQ(msg_item_port(&it, 2), p);
	CHECK_EQ(msg_item_port(&it, 3), MACH_PORT_DEAD);
	CHECK_EQ(refs_of(p, MACH_PORT_RIGHT_SEND), 5);
	CHECK_EQ(status_of(d).mps_msgcount, 0);
	destroy(d);
	destroy(p);
	destroy(q);
}

static uint8_t ool_src[8192] __attribute__((aligned(4096)));
static uint8_t ool_spare_page[4096] __attribute__((aligned(4096)));

/* Receive one out-of-line item on p: its address, checking the type. */
static uint8_t *receive_ool(mach_port_t p, unsigned int number)
{
	struct msg_item it;
	msgbuf_t m;

	EXPECT(msg_receive(&m, p, WAIT_MS), MACH_MSG_SUCCESS);
	CHECK(m.head.msgh_bits & MACH_MSGH_BITS_COMPLEX);
	if (!msg_item(&m, 0, &it)) {
		test_fail(__LINE__, "no out-of-line item received");
		return NULL;
	}
	CHECK(!it.type.msgt_inline);
	CHECK_EQ(it.type.msgt_name, MACH_MSG_TYPE_BYTE);
	CHECK_EQ(it.type.msgt_number, number);
	return msg_item_ool(&it);
}

/* Out-of-line memory: a virtual copy, with and without deallocation. */
static void test_ool(void)
{
	mach_port_t p = new_port();
	vm_address_t a = 0;
	uint8_t *got, *src;
	msgbuf_t m;
	kern_return_t kr;

	for (unsigned int i = 0; i < sizeof(ool_src); i++)
		ool_src[i] = (uint8_t)(i * 13 + 1);
	msg_init(&m, MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0), p, MACH_PORT_NULL, 500);
	msg_add_ool(&m, MACH_MSG_TYPE_BYTE, 8, sizeof(ool_src), ool_src, false);
	EXPECT(msg_send(&m, 0, 0), MACH_MSG_SUCCESS);
	ool_src[0] ^= 0xff;		/* after the send: not seen by the receiver */
	ool_src[5000] ^= 0xff;
	got = receive_ool(p, sizeof(ool_src));
	ool_src[0] ^= 0xff;
	ool_src[5000] ^= 0xff;
	CHECK(got && got != ool_src);
	CHECK_MSG(got && !memcmp(got, ool_src, sizeof(ool_src)),
		  "out-of-line data differs");
	CHECK(ool_src[1] == 14);		/* the sender's copy is untouched */
	if (got)
		mig_deallocate((vm_address_t)got, sizeof(ool_src));
	/* Unaligned and short. */
	msg_init(&m, MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0), p, MACH_PORT_NULL, 501);
	msg_add_ool(&m, MACH_MSG_TYPE_BYTE, 8, 100, ool_src + 4093, false);
	EXPECT(msg_send(&m, 0, 0), MACH_MSG_SUCCESS);
	got = receive_ool(p, 100);
	CHECK_MSG(got && !memcmp(got, ool_src + 4093, 100), "short out-of-line data differs");
	if (got)
		mig_deallocate((vm_address_t)got, 100);
	/* Empty: no memory, a null address. */
	msg_init(&m, MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0), p, MACH_PORT_NULL, 502);
	msg_add_ool(&m, MACH_MSG_TYPE_BYTE, 8, 0, ool_src, false);
	EXPECT(msg_send(&m, 0, 0), MACH_MSG_SUCCESS);
	got = receive_ool(p, 0);
	CHECK(got == NULL);
	/* With deallocate: the range leaves the sender when the message is
	 * queued.  The page is our own (vm_allocate, or a page of .bss that
	 * nothing else uses if vm_allocate is not served yet). */
	mig_allocate(&a, 4096);
	src = a ? (uint8_t *)a : ool_spare_page;
	for (int i = 0; i < 4096; i++)
		src[i] = (uint8_t)(i ^ 0x5a);
	msg_init(&m, MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0), p, MACH_PORT_NULL, 503);
	msg_add_ool(&m, MACH_MSG_TYPE_BYTE, 8, 4096, src, true);
	EXPECT(msg_send(&m, 0, 0), MACH_MSG_SUCCESS);
	/* The range is free again: a fixed allocation there succeeds.  (Before
	 * the receive, whose new region may take that very range.) */
	a = (vm_address_t)src;
	kr = vm_allocate(task, &a, 4096, FALSE);
	if (kr == MIG_BAD_ID)
		printf("%s: note: vm_allocate not served, deallocation unchecked\n",
		       test_suite);
	else
		CHECK_MSG(kr == KERN_SUCCESS && a == (vm_address_t)src,
			  "sender range not deallocated (vm_allocate: 0x%x)", kr);
	if (kr == KERN_SUCCESS)
		mig_deallocate(a, 4096);
	got = receive_ool(p, 4096);
	CHECK(got != NULL);
	for (int i = 0; got && i < 4096; i++)
		if (got[i] != (uint8_t)(i ^ 0x5a)) {
			test_fail(__LINE__, "deallocated out-of-line data differs at %d", i);
			break;
		}
	if (got)
		mig_deallocate((vm_address_t)got, 4096);
	destroy(p);
}

/* Receive timeouts with nothing queued. */
static void test_rcv_timeout(void)
{
	mach_port_t p = new_port(), s = new_set();
	msgbuf_t m;

	EXPECT(msg_receive(&m, p, 0), MACH_RCV_TIMED_OUT);
	EXPECT(msg_receive(&m, p, 20), MACH_RCV_TIMED_OUT);
	EXPECT(msg_receive(&m, s, 0), MACH_RCV_TIMED_OUT);
	EXPECT(msg_receive(&m, s, 20), MACH_RCV_TIMED_OUT);
	/* Something queued arrives at once, timeout or not. */
	EXPECT(send_simple(p, true, 1), MACH_MSG_SUCCESS);
	EXPECT(msg_receive(&m, p, 0), MACH_MSG_SUCCESS);
	destroy(p);
	destroy(s);
}

void ipc_msg_queue(void);	/* ipc_msg_queue.c */
void ipc_msg_errors(void);	/* ipc_msg_errors.c */

int main(void)
{
	unsigned int names;

	test_begin("ipc_msg");
	names = name_count();
	test_header_only();
	test_inline_data();
	test_port_rights();
	test_ool();
	test_rcv_timeout();
	ipc_msg_queue();
	ipc_msg_errors();
	CHECK_MSG(name_count() == names, "%u names left behind", name_count() - names);
	return test_end();
}
