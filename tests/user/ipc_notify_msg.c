/*
 * tests/user/ipc_notify_msg.c - suite ipc_notify, part two: the mach_msg
 * options that take the notify argument (seed, Message Transmission).
 *
 * MACH_SEND_NOTIFY: a message that finds its queue full is queued anyway
 * (MACH_SEND_WILL_NOTIFY) and a msg-accepted notification, naming the
 * port by the sender's name, follows once it stands within the queue
 * limit ("when the queue is no longer full, the message is then queued,
 * and a notification is sent"); one such message per sender and port
 * (MACH_SEND_NOTIFY_IN_PROGRESS); a port that dies first yields a
 * send-once notification instead.  MACH_RCV_NOTIFY: the reply right
 * received gets a dead-name request.  MACH_SEND_CANCEL: the reply sent
 * through that right cancels the request instead of yielding a
 * port-deleted notification.  Every bad notify argument, and on x86_64 a
 * seventh argument the kernel cannot read from the user stack.
 */
#include "ipc_notify.h"

static const mach_port_t BOGUS = 0x00abcdefu;

/* A header-only message id to port (COPY_SEND) with extra options. */
static mach_msg_return_t send_opt(msgbuf_t *m, mach_port_t port, mach_msg_id_t id,
				  mach_msg_option_t option, mach_msg_timeout_t timeout,
				  mach_port_t notify)
{
	msg_init(m, MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0), port, MACH_PORT_NULL, id);
	return mach_msg(&m->head, MACH_SEND_MSG | option, m->head.msgh_size, 0,
			MACH_PORT_NULL, timeout, notify);
}

/* Receive one message on port with extra options (MACH_RCV_NOTIFY ...). */
static mach_msg_return_t receive_opt(msgbuf_t *m, mach_port_t port,
				     mach_msg_option_t option, mach_port_t notify)
{
	memset(&m->head, 0, sizeof(m->head));
	return mach_msg(&m->head, MACH_RCV_MSG | MACH_RCV_TIMEOUT | option, 0,
			sizeof(*m), port, WAIT_MS, notify);
}

/* The next message on port has id (and is received). */
static void expect_id(int line, mach_port_t port, mach_msg_id_t id)
{
	msgbuf_t m;
	mach_msg_return_t mr = msg_receive(&m, port, WAIT_MS);

	if (mr != MACH_MSG_SUCCESS)
		test_fail(line, "no message on 0x%x: 0x%x (%s)", port, mr, kr_name(mr));
	else if (m.head.msgh_id != id)
		test_fail(line, "message id %d on 0x%x, expected %d", m.head.msgh_id,
			  port, id);
}

/* A full queue, a forced message, its acceptance. */
static void test_msg_accepted(void)
{
	mach_port_t p = new_port(), n = new_port();
	msgbuf_t m;

	make_send(p);
	EXPECT(mach_port_set_qlimit(task, p, 1), KERN_SUCCESS);
	/* Room in the queue: an ordinary send, and the notify argument is
	 * not even looked at (CMU, GNU Mach). */
	EXPECT(send_opt(&m, p, 1, MACH_SEND_NOTIFY, 0, BOGUS), MACH_MSG_SUCCESS);
	EXPECT(send_opt(&m, p, 2, MACH_SEND_TIMEOUT, 0, MACH_PORT_NULL),
	       MACH_SEND_TIMED_OUT);
	EXPECT(mach_port_mod_refs(task, p, MACH_PORT_RIGHT_SEND, -1), KERN_SUCCESS);
	/* Full: forced past the limit. */
	EXPECT(send_opt(&m, p, 3, MACH_SEND_NOTIFY, 0, n), MACH_SEND_WILL_NOTIFY);
	CHECK_EQ(status_of(p).mps_msgcount, 2);
	CHECK_EQ(status_of(n).mps_sorights, 1);
	nothing_on(__LINE__, n);
	/* One forced message per sender and port at a time; the refused
	 * one comes back whole (its send right included). */
	EXPECT(send_opt(&m, p, 4, MACH_SEND_NOTIFY, 0, n), MACH_SEND_NOTIFY_IN_PROGRESS);
	CHECK_EQ(m.head.msgh_remote_port, p);
	CHECK_EQ(MACH_MSGH_BITS_REMOTE(m.head.msgh_bits), MACH_MSG_TYPE_PORT_SEND);
	CHECK_EQ(refs_of(p, MACH_PORT_RIGHT_SEND), 2);
	EXPECT(mach_port_mod_refs(task, p, MACH_PORT_RIGHT_SEND, -1), KERN_SUCCESS);
	CHECK_EQ(status_of(p).mps_msgcount, 2);
	CHECK_EQ(status_of(n).mps_sorights, 1);
	/* Receiving the first brings the forced one within the limit:
	 * accepted, and the notification names p. */
	expect_id(__LINE__, p, 1);
	CHECK_EQ(notified_name(__LINE__, n, MACH_NOTIFY_MSG_ACCEPTED), p);
	CHECK_EQ(status_of(n).mps_sorights, 0);
	nothing_on(__LINE__, n);
	/* Accepted: the sender may force another. */
	EXPECT(send_opt(&m, p, 5, MACH_SEND_NOTIFY, 0, n), MACH_SEND_WILL_NOTIFY);
	/* A timeout first waits, then forces. */
	EXPECT(mach_port_set_qlimit(task, p, 2), KERN_SUCCESS);
	CHECK_EQ(notified_name(__LINE__, n, MACH_NOTIFY_MSG_ACCEPTED), p);
	EXPECT(send_opt(&m, p, 6, MACH_SEND_NOTIFY | MACH_SEND_TIMEOUT, 20, n),
	       MACH_SEND_WILL_NOTIFY);
	CHECK_EQ(status_of(p).mps_msgcount, 3);
	nothing_on(__LINE__, n);
	/* The order of the sender's messages is kept. */
	expect_id(__LINE__, p, 3);
	CHECK_EQ(notified_name(__LINE__, n, MACH_NOTIFY_MSG_ACCEPTED), p);
	expect_id(__LINE__, p, 5);
	expect_id(__LINE__, p, 6);
	nothing_on(__LINE__, n);
	CHECK_EQ(status_of(n).mps_sorights, 0);
	destroy(p);
	destroy(n);
}

/* Where and when acceptance happens: renames, queue limit 0, two ports,
 * the notify port itself as destination, a port that dies. */
static void test_msg_accepted_cases(void)
{
	mach_port_t p = new_port(), q = new_port(), n = new_port(), p2;
	msgbuf_t m;

	make_send(p);
	make_send(q);
	EXPECT(mach_port_set_qlimit(task, p, 1), KERN_SUCCESS);
	EXPECT(mach_port_set_qlimit(task, q, 1), KERN_SUCCESS);
	EXPECT(send_opt(&m, p, 1, 0, 0, MACH_PORT_NULL), MACH_MSG_SUCCESS);
	EXPECT(send_opt(&m, q, 1, 0, 0, MACH_PORT_NULL), MACH_MSG_SUCCESS);
	/* Another port: another request. */
	EXPECT(send_opt(&m, p, 2, MACH_SEND_NOTIFY, 0, n), MACH_SEND_WILL_NOTIFY);
	EXPECT(send_opt(&m, q, 2, MACH_SEND_NOTIFY, 0, n), MACH_SEND_WILL_NOTIFY);
	CHECK_EQ(status_of(n).mps_sorights, 2);
	/* The notification names the port as the sender names it then. */
	p2 = new_port();
	destroy(p2);
	EXPECT(mach_port_rename(task, p, p2), KERN_SUCCESS);
	expect_id(__LINE__, p2, 1);
	CHECK_EQ(notified_name(__LINE__, n, MACH_NOTIFY_MSG_ACCEPTED), p2);
	p = p2;
	/* A port that dies with a forced message queued: a send-once
	 * notification instead (seed, Port Rights: the obscure cases). */
	destroy(q);
	CHECK(notification(__LINE__, n, MACH_NOTIFY_SEND_ONCE, &m));
	nothing_on(__LINE__, n);
	/* Queue limit 0: never within it; accepted when it is received. */
	expect_id(__LINE__, p, 2);
	EXPECT(mach_port_set_qlimit(task, p, 0), KERN_SUCCESS);
	EXPECT(send_opt(&m, p, 3, MACH_SEND_NOTIFY, 0, n), MACH_SEND_WILL_NOTIFY);
	nothing_on(__LINE__, n);
	expect_id(__LINE__, p, 3);
	CHECK_EQ(notified_name(__LINE__, n, MACH_NOTIFY_MSG_ACCEPTED), p);
	/* The notify port may be the destination itself. */
	EXPECT(send_opt(&m, p, 4, MACH_SEND_NOTIFY, 0, p), MACH_SEND_WILL_NOTIFY);
	expect_id(__LINE__, p, 4);
	if (notification(__LINE__, p, MACH_NOTIFY_MSG_ACCEPTED, &m))
		CHECK_EQ(((mach_msg_accepted_notification_t *)&m.head)->not_port, p);
	/* The sender's send right moves into the forced message itself,
	 * and its receive right travels and comes back under a new name:
	 * the notification carries the name at acceptance. */
	{
		mach_port_t jail = new_port(), x;

		EXPECT(mach_port_set_qlimit(task, p, 1), KERN_SUCCESS);
		EXPECT(send_opt(&m, p, 5, 0, 0, MACH_PORT_NULL), MACH_MSG_SUCCESS);
		msg_init(&m, MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND, 0), p,
			 MACH_PORT_NULL, 6);
		EXPECT(mach_msg(&m.head, MACH_SEND_MSG | MACH_SEND_NOTIFY,
				m.head.msgh_size, 0, MACH_PORT_NULL, 0, n),
		       MACH_SEND_WILL_NOTIFY);
		CHECK_EQ(type_of(p), MACH_PORT_TYPE_RECEIVE);
		msg_init(&m, MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0), jail,
			 MACH_PORT_NULL, 7);
		msg_add_ports(&m, MACH_MSG_TYPE_MOVE_RECEIVE, &p, 1);
		EXPECT(msg_send(&m, MACH_SEND_TIMEOUT, 0), MACH_MSG_SUCCESS);
		EXPECT(type_kr(p), KERN_INVALID_NAME);
		{
			struct msg_item it;

			EXPECT(msg_receive(&m, jail, WAIT_MS), MACH_MSG_SUCCESS);
			CHECK(msg_item(&m, 0, &it));
			x = msg_item_port(&it, 0);
		}
		expect_id(__LINE__, x, 5);
		CHECK_EQ(notified_name(__LINE__, n, MACH_NOTIFY_MSG_ACCEPTED), x);
		expect_id(__LINE__, x, 6);
		destroy(x);
		destroy(jail);
	}
	nothing_on(__LINE__, n);
	CHECK_EQ(status_of(n).mps_sorights, 0);
	destroy(n);
}

/* Bad notify arguments with a full queue: the message comes back. */
static void test_send_notify_errors(void)
{
	mach_port_t p = new_port(), n = new_port(), s = new_set(), x = new_port();
	mach_port_t jail, snd = send_only(&jail), x2;
	mach_port_t bad[] = { MACH_PORT_NULL, BOGUS, MACH_PORT_DEAD, snd, s };
	struct msg_item it;
	msgbuf_t m;

	make_send(p);
	EXPECT(mach_port_set_qlimit(task, p, 1), KERN_SUCCESS);
	EXPECT(send_opt(&m, p, 1, 0, 0, MACH_PORT_NULL), MACH_MSG_SUCCESS);
	for (unsigned int i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		CHECK_MSG(send_opt(&m, p, 2, MACH_SEND_NOTIFY, 0, bad[i]) ==
			  MACH_SEND_INVALID_NOTIFY, "notify 0x%x accepted", bad[i]);
		CHECK_EQ(m.head.msgh_remote_port, p);
		CHECK_EQ(refs_of(p, MACH_PORT_RIGHT_SEND), 2);
		EXPECT(mach_port_mod_refs(task, p, MACH_PORT_RIGHT_SEND, -1),
		       KERN_SUCCESS);
	}
	/* A receive right moved into the refused message comes back. */
	EXPECT(send_simple(x, true, 77), MACH_MSG_SUCCESS);
	msg_init(&m, MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0), p, MACH_PORT_NULL, 3);
	msg_add_ports(&m, MACH_MSG_TYPE_MOVE_RECEIVE, &x, 1);
	EXPECT(mach_msg(&m.head, MACH_SEND_MSG | MACH_SEND_NOTIFY, m.head.msgh_size,
			0, MACH_PORT_NULL, 0, BOGUS), MACH_SEND_INVALID_NOTIFY);
	CHECK(msg_item(&m, 0, &it) && it.type.msgt_name == MACH_MSG_TYPE_PORT_RECEIVE);
	x2 = msg_item_port(&it, 0);
	CHECK_EQ(type_of(x2), MACH_PORT_TYPE_RECEIVE);
	CHECK_EQ(status_of(x2).mps_msgcount, 1);
	EXPECT(mach_port_mod_refs(task, p, MACH_PORT_RIGHT_SEND, -1), KERN_SUCCESS);
	CHECK_EQ(status_of(p).mps_msgcount, 1);
	CHECK_EQ(status_of(n).mps_sorights, 0);
	nothing_on(__LINE__, n);
	/* The options without MACH_SEND_MSG / MACH_RCV_MSG do nothing. */
	EXPECT(mach_msg(&m.head, MACH_SEND_NOTIFY | MACH_SEND_CANCEL | MACH_RCV_NOTIFY,
			0, 0, MACH_PORT_NULL, 0, BOGUS), MACH_MSG_SUCCESS);
	destroy(x2);
	destroy(p);
	destroy(n);
	destroy(s);
	destroy(snd);
	destroy(jail);
}

/*
 * An RPC: the client sends a request to server port srv with reply
 * MAKE_SEND_ONCE from its reply port r; the server receives it with
 * MACH_RCV_NOTIFY (notify n).  Returns the server's name for the reply
 * right.
 */
static mach_port_t rpc_request(mach_port_t srv, mach_port_t r, mach_port_t n,
			       mach_msg_id_t id)
{
	msgbuf_t m;

	msg_init(&m, MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, MACH_MSG_TYPE_MAKE_SEND_ONCE),
		 srv, r, id);
	EXPECT(msg_send(&m, MACH_SEND_TIMEOUT, 0), MACH_MSG_SUCCESS);
	EXPECT(receive_opt(&m, srv, MACH_RCV_NOTIFY, n), MACH_MSG_SUCCESS);
	CHECK_EQ(m.head.msgh_id, id);
	CHECK_EQ(MACH_MSGH_BITS_REMOTE(m.head.msgh_bits), MACH_MSG_TYPE_PORT_SEND_ONCE);
	return m.head.msgh_remote_port;
}

/* Reply through send-once right ro with options (MACH_SEND_CANCEL). */
static mach_msg_return_t reply(mach_port_t ro, mach_msg_option_t option,
			       mach_port_t notify)
{
	msgbuf_t m;

	msg_init(&m, MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND_ONCE, 0), ro,
		 MACH_PORT_NULL, 999);
	return mach_msg(&m.head, MACH_SEND_MSG | option, m.head.msgh_size, 0,
			MACH_PORT_NULL, 0, notify);
}

static void test_rcv_notify_cancel(void)
{
	mach_port_t srv = new_port(), r = new_port(), n = new_port(), n2 = new_port();
	mach_port_t ro, s = new_set(), jail, snd = send_only(&jail);
	mach_port_t bad[] = { MACH_PORT_NULL, BOGUS, MACH_PORT_DEAD, snd, s };
	msgbuf_t m;

	/* The reply right gets a dead-name request; the client dies. */
	ro = rpc_request(srv, r, n, 1);
	CHECK_EQ(type_of(ro), MACH_PORT_TYPE_SEND_ONCE | MACH_PORT_TYPE_DNREQUEST);
	CHECK_EQ(status_of(n).mps_sorights, 1);
	nothing_on(__LINE__, n);
	destroy(r);
	CHECK_EQ(notified_name(__LINE__, n, MACH_NOTIFY_DEAD_NAME), ro);
	CHECK_EQ(type_of(ro), MACH_PORT_TYPE_DEAD_NAME);
	CHECK_EQ(refs_of(ro, MACH_PORT_RIGHT_DEAD_NAME), 2);
	destroy(ro);
	/* The reply sent plainly: the name goes, port-deleted. */
	r = new_port();
	ro = rpc_request(srv, r, n, 2);
	EXPECT(reply(ro, 0, MACH_PORT_NULL), MACH_MSG_SUCCESS);
	CHECK_EQ(notified_name(__LINE__, n, MACH_NOTIFY_PORT_DELETED), ro);
	expect_id(__LINE__, r, 999);
	/* With MACH_SEND_CANCEL naming n: no notification at all. */
	ro = rpc_request(srv, r, n, 3);
	EXPECT(reply(ro, MACH_SEND_CANCEL, n), MACH_MSG_SUCCESS);
	expect_id(__LINE__, r, 999);
	nothing_on(__LINE__, n);
	CHECK_EQ(status_of(n).mps_sorights, 0);
	/* Naming another receive right cancels nothing. */
	ro = rpc_request(srv, r, n, 4);
	EXPECT(reply(ro, MACH_SEND_CANCEL, n2), MACH_MSG_SUCCESS);
	CHECK_EQ(notified_name(__LINE__, n, MACH_NOTIFY_PORT_DELETED), ro);
	nothing_on(__LINE__, n2);
	expect_id(__LINE__, r, 999);
	/* The last reference of a send right with a dead-name request,
	 * moved: cancelled too, with the request's own notify port. */
	{
		mach_port_t j2, d = send_only(&j2), so = make_send_once(n), prev = 1;

		EXPECT(mach_port_request_notification(task, d, MACH_NOTIFY_DEAD_NAME, 0,
						      so, &prev), KERN_SUCCESS);
		CHECK_EQ(prev, MACH_PORT_NULL);
		CHECK_EQ(type_of(d), MACH_PORT_TYPE_SEND | MACH_PORT_TYPE_DNREQUEST);
		msg_init(&m, MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND, 0), d, MACH_PORT_NULL,
			 12);
		EXPECT(mach_msg(&m.head, MACH_SEND_MSG | MACH_SEND_CANCEL | MACH_SEND_TIMEOUT,
				m.head.msgh_size, 0, MACH_PORT_NULL, 0, n), MACH_MSG_SUCCESS);
		EXPECT(type_kr(d), KERN_INVALID_NAME);
		nothing_on(__LINE__, n);
		CHECK_EQ(status_of(n).mps_sorights, 0);
		destroy(j2);
	}
	/* MACH_SEND_CANCEL's notify must name a receive right: refused
	 * before anything moves. */
	ro = rpc_request(srv, r, n, 5);
	for (unsigned int i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		CHECK_MSG(reply(ro, MACH_SEND_CANCEL, bad[i]) == MACH_SEND_INVALID_NOTIFY,
			  "cancel notify 0x%x accepted", bad[i]);
		CHECK_EQ(type_of(ro), MACH_PORT_TYPE_SEND_ONCE | MACH_PORT_TYPE_DNREQUEST);
	}
	nothing_on(__LINE__, r);
	/* The server's RPC loop in one call: reply with MACH_SEND_CANCEL,
	 * receive the next request with MACH_RCV_NOTIFY. */
	msg_init(&m, MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, MACH_MSG_TYPE_MAKE_SEND_ONCE),
		 srv, r, 6);
	EXPECT(msg_send(&m, MACH_SEND_TIMEOUT, 0), MACH_MSG_SUCCESS);
	msg_init(&m, MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND_ONCE, 0), ro, MACH_PORT_NULL,
		 999);
	EXPECT(mach_msg(&m.head, MACH_SEND_MSG | MACH_SEND_CANCEL | MACH_RCV_MSG |
			MACH_RCV_NOTIFY | MACH_RCV_TIMEOUT, m.head.msgh_size, sizeof(m),
			srv, WAIT_MS, n), MACH_MSG_SUCCESS);
	CHECK_EQ(m.head.msgh_id, 6);
	ro = m.head.msgh_remote_port;
	CHECK_EQ(type_of(ro), MACH_PORT_TYPE_SEND_ONCE | MACH_PORT_TYPE_DNREQUEST);
	expect_id(__LINE__, r, 999);
	nothing_on(__LINE__, n);
	EXPECT(reply(ro, MACH_SEND_CANCEL, n), MACH_MSG_SUCCESS);
	expect_id(__LINE__, r, 999);
	nothing_on(__LINE__, n);

	/* MACH_RCV_NOTIFY's notify must name a receive right: refused
	 * before a message is taken, which stays queued. */
	msg_init(&m, MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, MACH_MSG_TYPE_MAKE_SEND_ONCE),
		 srv, r, 7);
	EXPECT(msg_send(&m, MACH_SEND_TIMEOUT, 0), MACH_MSG_SUCCESS);
	for (unsigned int i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		CHECK_MSG(receive_opt(&m, srv, MACH_RCV_NOTIFY, bad[i]) ==
			  MACH_RCV_INVALID_NOTIFY, "receive notify 0x%x accepted", bad[i]);
		CHECK_EQ(status_of(srv).mps_msgcount, 1);
	}
	EXPECT(receive_opt(&m, srv, MACH_RCV_NOTIFY, n), MACH_MSG_SUCCESS);
	ro = m.head.msgh_remote_port;
	EXPECT(reply(ro, MACH_SEND_CANCEL, n), MACH_MSG_SUCCESS);
	expect_id(__LINE__, r, 999);
	/* A send right as reply that joins a name the receiver has (its
	 * receive right's): no new name, no request. */
	msg_init(&m, MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, MACH_MSG_TYPE_MAKE_SEND),
		 srv, jail, 8);
	EXPECT(msg_send(&m, MACH_SEND_TIMEOUT, 0), MACH_MSG_SUCCESS);
	EXPECT(receive_opt(&m, srv, MACH_RCV_NOTIFY, n), MACH_MSG_SUCCESS);
	CHECK_EQ(m.head.msgh_remote_port, jail);
	CHECK_EQ(type_of(jail), MACH_PORT_TYPE_SEND_RECEIVE);
	EXPECT(mach_port_mod_refs(task, jail, MACH_PORT_RIGHT_SEND, -1), KERN_SUCCESS);
	CHECK_EQ(status_of(n).mps_sorights, 0);
	/* A send right that arrives under a new name gets a request: snd,
	 * moved out as the reply and back in. */
	msg_init(&m, MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, MACH_MSG_TYPE_MOVE_SEND),
		 srv, snd, 9);
	EXPECT(msg_send(&m, MACH_SEND_TIMEOUT, 0), MACH_MSG_SUCCESS);
	EXPECT(type_kr(snd), KERN_INVALID_NAME);
	EXPECT(receive_opt(&m, srv, MACH_RCV_NOTIFY, n), MACH_MSG_SUCCESS);
	snd = m.head.msgh_remote_port;
	CHECK_EQ(MACH_MSGH_BITS_REMOTE(m.head.msgh_bits), MACH_MSG_TYPE_PORT_SEND);
	CHECK_EQ(type_of(snd), MACH_PORT_TYPE_SEND | MACH_PORT_TYPE_DNREQUEST);
	CHECK_EQ(status_of(n).mps_sorights, 1);
	/* Its port dies (its receive right is in jail's queue). */
	destroy(jail);
	CHECK_EQ(notified_name(__LINE__, n, MACH_NOTIFY_DEAD_NAME), snd);
	CHECK_EQ(type_of(snd), MACH_PORT_TYPE_DEAD_NAME);
	CHECK_EQ(refs_of(snd, MACH_PORT_RIGHT_DEAD_NAME), 2);
	/* A dead reply: nothing to request. */
	msg_init(&m, MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, MACH_MSG_TYPE_MOVE_SEND_ONCE),
		 srv, MACH_PORT_DEAD, 10);
	EXPECT(msg_send(&m, MACH_SEND_TIMEOUT, 0), MACH_MSG_SUCCESS);
	EXPECT(receive_opt(&m, srv, MACH_RCV_NOTIFY, n), MACH_MSG_SUCCESS);
	CHECK_EQ(m.head.msgh_remote_port, MACH_PORT_DEAD);
	/* No reply port at all. */
	EXPECT(send_simple(srv, true, 11), MACH_MSG_SUCCESS);
	EXPECT(receive_opt(&m, srv, MACH_RCV_NOTIFY, n), MACH_MSG_SUCCESS);
	CHECK_EQ(m.head.msgh_remote_port, MACH_PORT_NULL);
	nothing_on(__LINE__, n);
	CHECK_EQ(status_of(n).mps_sorights, 0);
	destroy(srv);
	destroy(r);
	destroy(n);
	destroy(n2);
	destroy(s);
	destroy(snd);
}

#if defined(__x86_64__)
/*
 * mach_msg_trap with rsp set to sp at the syscall: the kernel reads the
 * seventh argument at sp + 8 (user/arch/x86_64/traps.S).
 */
static long trap_on_stack(mach_msg_header_t *msg, mach_msg_option_t option,
			  mach_msg_size_t send_size, mach_msg_size_t rcv_size,
			  mach_port_t rcv_name, mach_msg_timeout_t timeout, uintptr_t sp)
{
	register long r10 __asm__("r10") = rcv_size;
	register long r8 __asm__("r8") = rcv_name;
	register long r9 __asm__("r9") = timeout;
	long ret;

	__asm__ volatile("movq %%rsp, %%r12\n\t"
			 "movq %[sp], %%rsp\n\t"
			 "syscall\n\t"
			 "movq %%r12, %%rsp"
			 : "=a"(ret)
			 : "a"(-25L), "D"(msg), "S"((long)option), "d"((long)send_size),
			   "r"(r10), "r"(r8), "r"(r9), [sp] "r"(sp)
			 : "rcx", "r11", "r12", "memory");
	return ret;
}

/* The seventh argument on the user stack: read only when needed. */
static void test_stack_argument(void)
{
	static const uintptr_t bad_sp[] = {
		0, 0x1000, 0x00007ffffffffff8ul, 0xfffffffffffffff8ul,
		0xffff800000000000ul, 0x8000000000000000ul,
	};
	mach_port_t p = new_port(), n = new_port();
	uintptr_t fake[4] = { 0, 0, 0, 0 };
	msgbuf_t m;

	make_send(p);
	EXPECT(mach_port_set_qlimit(task, p, 1), KERN_SUCCESS);
	for (unsigned int i = 0; i < sizeof(bad_sp) / sizeof(bad_sp[0]); i++) {
		/* An ordinary message never reads the stack. */
		msg_init(&m, MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0), p, 0, 1);
		EXPECT(trap_on_stack(&m.head, MACH_SEND_MSG | MACH_SEND_TIMEOUT,
				     m.head.msgh_size, 0, 0, 0, bad_sp[i]),
		       MACH_MSG_SUCCESS);
		expect_id(__LINE__, p, 1);
		/* With a notify option it must, and fails cleanly. */
		EXPECT(trap_on_stack(&m.head, MACH_SEND_MSG | MACH_SEND_NOTIFY,
				     m.head.msgh_size, 0, 0, 0, bad_sp[i]),
		       MACH_SEND_INVALID_NOTIFY);
		EXPECT(trap_on_stack(&m.head, MACH_SEND_MSG | MACH_SEND_CANCEL,
				     m.head.msgh_size, 0, 0, 0, bad_sp[i]),
		       MACH_SEND_INVALID_NOTIFY);
		EXPECT(trap_on_stack(&m.head, MACH_RCV_MSG | MACH_RCV_NOTIFY |
				     MACH_RCV_TIMEOUT, 0, sizeof(m), p, 0, bad_sp[i]),
		       MACH_RCV_INVALID_NOTIFY);
	}
	CHECK_EQ(status_of(p).mps_msgcount, 0);
	/* A readable stack: the notify name at sp + 8 is used. */
	fake[1] = n;
	msg_init(&m, MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0), p, 0, 2);
	EXPECT(trap_on_stack(&m.head, MACH_SEND_MSG | MACH_SEND_NOTIFY,
			     m.head.msgh_size, 0, 0, 0, (uintptr_t)fake), MACH_MSG_SUCCESS);
	EXPECT(trap_on_stack(&m.head, MACH_SEND_MSG | MACH_SEND_NOTIFY,
			     m.head.msgh_size, 0, 0, 0, (uintptr_t)fake),
	       MACH_SEND_WILL_NOTIFY);
	expect_id(__LINE__, p, 2);
	CHECK_EQ(notified_name(__LINE__, n, MACH_NOTIFY_MSG_ACCEPTED), p);
	expect_id(__LINE__, p, 2);
	destroy(p);
	destroy(n);
}
#endif

/* ---- A random workload of the notify options --------------------------- */

static uint64_t rng = 0x9e3779b97f4a7c15ull;

static unsigned int rnd(unsigned int n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned int)(rng % n);
}

/* The names of the task (a kalloc'd array the caller deallocates). */
static mach_port_name_array_t names_now(mach_msg_type_number_t *n)
{
	mach_port_name_array_t names = NULL;
	mach_port_type_array_t types = NULL;
	mach_msg_type_number_t nt = 0;

	EXPECT(mach_port_names(task, &names, n, &types, &nt), KERN_SUCCESS);
	mig_deallocate((vm_address_t)types, nt * sizeof(*types));
	return names;
}

/*
 * FUZZ_ROUNDS random sends (forced or not, cancelling or not), receives
 * (with MACH_RCV_NOTIFY or not) and replies among three ports with tiny
 * queue limits, with notify arguments good and bad, ports dying with
 * forced messages queued; every return code must be one the options
 * document.  Then every name the workload left is destroyed: the kernel
 * suite checks that ports, messages and spaces are back to where they
 * were (tests/kernel/test_ipc_user.c).
 */
#define FUZZ_ROUNDS	3000

static void test_random(void)
{
	mach_port_t p[3], nt[2], s, jail, snd;
	mach_port_name_array_t before;
	mach_msg_type_number_t nbefore, nafter;
	mach_port_name_array_t after;
	mach_port_t cand[9];
	unsigned int odd = 0, forced = 0, requests = 0, notes = 0;
	msgbuf_t m;

	before = names_now(&nbefore);
	for (int i = 0; i < 3; i++) {
		p[i] = new_port();
		make_send(p[i]);
		EXPECT(mach_port_set_qlimit(task, p[i], rnd(3)), KERN_SUCCESS);
	}
	nt[0] = new_port();
	nt[1] = new_port();
	s = new_set();
	snd = send_only(&jail);
	cand[0] = nt[0], cand[1] = nt[1], cand[2] = p[0], cand[3] = MACH_PORT_NULL;
	cand[4] = BOGUS, cand[5] = MACH_PORT_DEAD, cand[6] = s, cand[7] = snd;
	cand[8] = nt[0];
	for (int round = 0; round < FUZZ_ROUNDS; round++) {
		unsigned int i = rnd(3), op = rnd(10);
		mach_port_t notify = cand[rnd(9)];
		mach_msg_return_t mr;

		if (op < 4) {
			/* A send, perhaps forced or cancelling, with a reply. */
			static const mach_msg_bits_t reply_d[] = { 0,
				MACH_MSG_TYPE_MAKE_SEND_ONCE, MACH_MSG_TYPE_MAKE_SEND };
			mach_msg_bits_t rd = reply_d[rnd(3)];
			mach_msg_option_t opt = MACH_SEND_MSG | MACH_SEND_TIMEOUT;

			opt |= rnd(2) ? MACH_SEND_NOTIFY : 0;
			opt |= rnd(3) ? 0 : MACH_SEND_CANCEL;
			msg_init(&m, MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, rd), p[i],
				 rd ? p[rnd(3)] : MACH_PORT_NULL, round);
			mr = mach_msg(&m.head, opt, m.head.msgh_size, 0, MACH_PORT_NULL,
				      0, notify);
			forced += mr == MACH_SEND_WILL_NOTIFY;
			if (mr != MACH_MSG_SUCCESS && mr != MACH_SEND_WILL_NOTIFY &&
			    mr != MACH_SEND_INVALID_NOTIFY &&
			    mr != MACH_SEND_NOTIFY_IN_PROGRESS &&
			    mr != MACH_SEND_TIMED_OUT && odd++ < 5)
				test_fail(__LINE__, "send 0x%x notify 0x%x: 0x%x (%s)",
					  opt, notify, mr, kr_name(mr));
		} else if (op < 8) {
			/* A receive, perhaps with MACH_RCV_NOTIFY; a send-once
			 * reply right is used at once (perhaps cancelling). */
			mach_msg_option_t opt = rnd(2) ? MACH_RCV_NOTIFY : 0;

			memset(&m.head, 0, sizeof(m.head));
			mr = mach_msg(&m.head, MACH_RCV_MSG | MACH_RCV_TIMEOUT | opt, 0,
				      sizeof(m), p[i], 0, notify);
			if (mr != MACH_MSG_SUCCESS && mr != MACH_RCV_TIMED_OUT &&
			    mr != MACH_RCV_INVALID_NOTIFY && odd++ < 5)
				test_fail(__LINE__, "receive 0x%x notify 0x%x: 0x%x (%s)",
					  opt, notify, mr, kr_name(mr));
			if (mr == MACH_MSG_SUCCESS && opt && m.head.msgh_remote_port &&
			    m.head.msgh_remote_port != MACH_PORT_DEAD &&
			    (type_of(m.head.msgh_remote_port) & MACH_PORT_TYPE_DNREQUEST))
				requests++;
			if (mr == MACH_MSG_SUCCESS && MACH_MSGH_BITS_REMOTE(m.head.msgh_bits) ==
			    MACH_MSG_TYPE_PORT_SEND_ONCE && rnd(2)) {
				mr = reply(m.head.msgh_remote_port,
					   rnd(2) ? MACH_SEND_CANCEL : 0, cand[rnd(9)]);
				/* (Its port may have died since: a dead name.) */
				if (mr != MACH_MSG_SUCCESS &&
				    mr != MACH_SEND_INVALID_NOTIFY &&
				    mr != MACH_SEND_INVALID_DEST && odd++ < 5)
					test_fail(__LINE__, "reply: 0x%x (%s)", mr,
						  kr_name(mr));
			}
		} else if (op == 8) {
			/* Notifications arriving. */
			notes += drain(nt[rnd(2)]);
		} else if (rnd(4) == 0) {
			/* A port dies, forced messages and all; or its limit
			 * moves. */
			destroy(p[i]);
			p[i] = new_port();
			make_send(p[i]);
			if (i == 0)
				cand[2] = p[0];
		} else {
			EXPECT(mach_port_set_qlimit(task, p[i], rnd(3)), KERN_SUCCESS);
		}
	}
	CHECK_MSG(odd == 0, "%u unexpected return codes", odd);
	/* The workload did what it is for (it is deterministic). */
	CHECK_MSG(forced > 0 && requests > 0 && notes > 0,
		  "%u forced, %u dead-name requests, %u notifications", forced,
		  requests, notes);
	/* Destroy every name the workload made, its ports included. */
	after = names_now(&nafter);
	for (mach_msg_type_number_t a = 0; a < nafter; a++) {
		bool old = false;

		for (mach_msg_type_number_t b = 0; b < nbefore && !old; b++)
			old = after[a] == before[b];
		if (!old)
			(void)mach_port_destroy(task, after[a]);
	}
	mig_deallocate((vm_address_t)before, nbefore * sizeof(*before));
	mig_deallocate((vm_address_t)after, nafter * sizeof(*after));
}

void ipc_notify_msg(void)
{
	test_msg_accepted();
	test_msg_accepted_cases();
	test_send_notify_errors();
	test_rcv_notify_cancel();
	test_random();
#if defined(__x86_64__)
	test_stack_argument();
#endif
}
