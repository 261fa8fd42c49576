/*
 * tests/user/ipc_ports_rights.c - suite ipc_ports, part two: moving rights
 * in and out of the name space (mach_port_insert_right,
 * mach_port_extract_right) and the state of a receive right
 * (get_receive_status, set_qlimit, set_mscount, set_seqno).
 */
#include "ipc_test.h"

static const mach_port_t BOGUS = 0x00abcdefu;

/* mach_port_insert_right: a right from a message, under a chosen name. */
static void test_insert_right(void)
{
	mach_port_t p = new_port(), s = new_set(), q = new_port(), d;
	const mach_port_t x = 0x3000, y = 0x3001, z = 0x3002;
	mach_port_status_t st;

	EXPECT(mach_port_allocate(task, MACH_PORT_RIGHT_DEAD_NAME, &d), KERN_SUCCESS);
	/* Send rights join the receive right's name. */
	EXPECT(mach_port_insert_right(task, p, p, MACH_MSG_TYPE_MAKE_SEND), KERN_SUCCESS);
	CHECK_EQ(type_of(p), MACH_PORT_TYPE_SEND_RECEIVE);
	CHECK_EQ(refs_of(p, MACH_PORT_RIGHT_SEND), 1);
	st = status_of(p);
	CHECK_EQ(st.mps_mscount, 1);
	CHECK(st.mps_srights);
	EXPECT(mach_port_insert_right(task, p, p, MACH_MSG_TYPE_MAKE_SEND), KERN_SUCCESS);
	CHECK_EQ(refs_of(p, MACH_PORT_RIGHT_SEND), 2);
	CHECK_EQ(status_of(p).mps_mscount, 2);
	EXPECT(mach_port_insert_right(task, p, p, MACH_MSG_TYPE_COPY_SEND), KERN_SUCCESS);
	CHECK_EQ(refs_of(p, MACH_PORT_RIGHT_SEND), 3);
	CHECK_EQ(status_of(p).mps_mscount, 2);
	/* The port is already named: not under a second name. */
	EXPECT(mach_port_insert_right(task, x, p, MACH_MSG_TYPE_MAKE_SEND),
	       KERN_RIGHT_EXISTS);
	EXPECT(type_kr(x), KERN_INVALID_NAME);
	CHECK_EQ(refs_of(p, MACH_PORT_RIGHT_SEND), 3);
	/* Names holding something else. */
	EXPECT(mach_port_insert_right(task, s, p, MACH_MSG_TYPE_MAKE_SEND), KERN_NAME_EXISTS);
	EXPECT(mach_port_insert_right(task, d, p, MACH_MSG_TYPE_MAKE_SEND), KERN_NAME_EXISTS);
	EXPECT(mach_port_insert_right(task, q, p, MACH_MSG_TYPE_MAKE_SEND), KERN_NAME_EXISTS);
	EXPECT(mach_port_insert_right(task, MACH_PORT_NULL, p, MACH_MSG_TYPE_MAKE_SEND),
	       KERN_INVALID_VALUE);
	EXPECT(mach_port_insert_right(task, MACH_PORT_DEAD, p, MACH_MSG_TYPE_MAKE_SEND),
	       KERN_INVALID_VALUE);
	/* A send-once right always has a name of its own.  Refused, it is
	 * destroyed with the request, and the port hears of it. */
	EXPECT(mach_port_insert_right(task, p, p, MACH_MSG_TYPE_MAKE_SEND_ONCE),
	       KERN_NAME_EXISTS);
	CHECK_EQ(drain(p), 1);
	CHECK_EQ(status_of(p).mps_sorights, 0);
	EXPECT(mach_port_insert_right(task, x, p, MACH_MSG_TYPE_MAKE_SEND_ONCE),
	       KERN_SUCCESS);
	CHECK_EQ(type_of(x), MACH_PORT_TYPE_SEND_ONCE);
	CHECK_EQ(status_of(p).mps_sorights, 1);
	EXPECT(mach_port_deallocate(task, x), KERN_SUCCESS);
	CHECK_EQ(drain(p), 1);
	CHECK_EQ(status_of(p).mps_sorights, 0);
	/* A dead right is no capability; a bogus one fails the send. */
	EXPECT(mach_port_insert_right(task, y, d, MACH_MSG_TYPE_COPY_SEND),
	       KERN_INVALID_CAPABILITY);
	EXPECT(type_kr(y), KERN_INVALID_NAME);
	EXPECT(mach_port_insert_right(task, y, BOGUS, MACH_MSG_TYPE_COPY_SEND),
	       MACH_SEND_INVALID_RIGHT);
	EXPECT(mach_port_insert_right(task, y, q, MACH_MSG_TYPE_COPY_SEND),
	       MACH_SEND_INVALID_RIGHT);
	EXPECT(type_kr(y), KERN_INVALID_NAME);
	/* A receive right moves to a chosen name with its queue. */
	EXPECT(send_simple(q, true, 5), MACH_MSG_SUCCESS);
	EXPECT(mach_port_insert_right(task, z, q, MACH_MSG_TYPE_MOVE_RECEIVE), KERN_SUCCESS);
	EXPECT(type_kr(q), KERN_INVALID_NAME);
	CHECK_EQ(type_of(z), MACH_PORT_TYPE_RECEIVE);
	CHECK_EQ(status_of(z).mps_msgcount, 1);
	CHECK_EQ(drain(z), 1);
	destroy(z);
	destroy(p);
	destroy(s);
	destroy(d);
}

/* mach_port_extract_right: a right as if the task had sent it. */
static void test_extract_right(void)
{
	mach_port_t p = new_port(), s = new_set(), q = new_port(), r, so, so2, d;
	mach_msg_type_name_t t;

	EXPECT(mach_port_extract_right(task, BOGUS, MACH_MSG_TYPE_MAKE_SEND, &r, &t),
	       KERN_INVALID_NAME);
	EXPECT(mach_port_extract_right(task, p, MACH_MSG_TYPE_COPY_SEND, &r, &t),
	       KERN_INVALID_RIGHT);
	EXPECT(mach_port_extract_right(task, p, MACH_MSG_TYPE_MOVE_SEND, &r, &t),
	       KERN_INVALID_RIGHT);
	EXPECT(mach_port_extract_right(task, p, MACH_MSG_TYPE_MOVE_SEND_ONCE, &r, &t),
	       KERN_INVALID_RIGHT);
	EXPECT(mach_port_extract_right(task, s, MACH_MSG_TYPE_MOVE_RECEIVE, &r, &t),
	       KERN_INVALID_RIGHT);
	EXPECT(mach_port_extract_right(task, s, MACH_MSG_TYPE_MAKE_SEND, &r, &t),
	       KERN_INVALID_RIGHT);
	EXPECT(mach_port_extract_right(task, p, MACH_MSG_TYPE_PORT_NAME, &r, &t),
	       KERN_INVALID_VALUE);
	EXPECT(mach_port_extract_right(task, p, 99, &r, &t), KERN_INVALID_VALUE);
	CHECK_EQ(type_of(p), MACH_PORT_TYPE_RECEIVE);
	/* Each send disposition; the right comes back to the same name. */
	EXPECT(mach_port_extract_right(task, p, MACH_MSG_TYPE_MAKE_SEND, &r, &t),
	       KERN_SUCCESS);
	CHECK_EQ(r, p);
	CHECK_EQ(t, MACH_MSG_TYPE_PORT_SEND);
	CHECK_EQ(type_of(p), MACH_PORT_TYPE_SEND_RECEIVE);
	CHECK_EQ(status_of(p).mps_mscount, 1);
	EXPECT(mach_port_extract_right(task, p, MACH_MSG_TYPE_COPY_SEND, &r, &t),
	       KERN_SUCCESS);
	CHECK(r == p && t == MACH_MSG_TYPE_PORT_SEND);
	CHECK_EQ(refs_of(p, MACH_PORT_RIGHT_SEND), 2);
	EXPECT(mach_port_extract_right(task, p, MACH_MSG_TYPE_MOVE_SEND, &r, &t),
	       KERN_SUCCESS);
	CHECK(r == p && t == MACH_MSG_TYPE_PORT_SEND);
	CHECK_EQ(refs_of(p, MACH_PORT_RIGHT_SEND), 2);
	/* Send-once rights: a new name each time. */
	EXPECT(mach_port_extract_right(task, p, MACH_MSG_TYPE_MAKE_SEND_ONCE, &so, &t),
	       KERN_SUCCESS);
	CHECK_EQ(t, MACH_MSG_TYPE_PORT_SEND_ONCE);
	CHECK(so != p);
	CHECK_EQ(type_of(so), MACH_PORT_TYPE_SEND_ONCE);
	EXPECT(mach_port_extract_right(task, so, MACH_MSG_TYPE_MOVE_SEND_ONCE, &so2, &t),
	       KERN_SUCCESS);
	CHECK_EQ(t, MACH_MSG_TYPE_PORT_SEND_ONCE);
	CHECK(so2 != so);
	EXPECT(type_kr(so), KERN_INVALID_NAME);
	CHECK_EQ(type_of(so2), MACH_PORT_TYPE_SEND_ONCE);
	CHECK_EQ(status_of(p).mps_sorights, 1);
	EXPECT(mach_port_deallocate(task, so2), KERN_SUCCESS);
	CHECK_EQ(drain(p), 1);
	/* The receive right: it rejoins the send right's name, and moving
	 * it resets the make-send count and the sequence number (seed). */
	EXPECT(mach_port_set_seqno(task, p, 5), KERN_SUCCESS);
	EXPECT(mach_port_extract_right(task, p, MACH_MSG_TYPE_MOVE_RECEIVE, &r, &t),
	       KERN_SUCCESS);
	CHECK(r == p && t == MACH_MSG_TYPE_PORT_RECEIVE);
	CHECK_EQ(type_of(p), MACH_PORT_TYPE_SEND_RECEIVE);
	CHECK_EQ(status_of(p).mps_mscount, 0);
	CHECK_EQ(status_of(p).mps_seqno, 0);
	/* A receive right alone: it comes back with its queue. */
	EXPECT(send_simple(q, true, 9), MACH_MSG_SUCCESS);
	EXPECT(mach_port_extract_right(task, q, MACH_MSG_TYPE_MOVE_RECEIVE, &r, &t),
	       KERN_SUCCESS);
	CHECK_EQ(t, MACH_MSG_TYPE_PORT_RECEIVE);
	CHECK_EQ(type_of(r), MACH_PORT_TYPE_RECEIVE);
	CHECK_EQ(status_of(r).mps_msgcount, 1);
	CHECK_EQ(drain(r), 1);
	/* A dead name moved as a send right comes out as MACH_PORT_DEAD. */
	EXPECT(mach_port_allocate(task, MACH_PORT_RIGHT_DEAD_NAME, &d), KERN_SUCCESS);
	EXPECT(mach_port_mod_refs(task, d, MACH_PORT_RIGHT_DEAD_NAME, 1), KERN_SUCCESS);
	EXPECT(mach_port_extract_right(task, d, MACH_MSG_TYPE_MOVE_SEND, &so, &t),
	       KERN_SUCCESS);
	CHECK_EQ(so, MACH_PORT_DEAD);
	CHECK_EQ(refs_of(d, MACH_PORT_RIGHT_DEAD_NAME), 1);
	destroy(d);
	destroy(r);
	destroy(p);
	destroy(s);
}

/* mach_port_get_receive_status: every field. */
static void test_receive_status(void)
{
	mach_port_t p = new_port(), s = new_set(), jail, snd, so1, so2, d;
	mach_port_status_t st = status_of(p), bad;

	CHECK_EQ(st.mps_pset, MACH_PORT_NULL);
	CHECK_EQ(st.mps_seqno, 0);
	CHECK_EQ(st.mps_mscount, 0);
	CHECK_EQ(st.mps_qlimit, MACH_PORT_QLIMIT_DEFAULT);
	CHECK_EQ(st.mps_msgcount, 0);
	CHECK_EQ(st.mps_sorights, 0);
	CHECK(!st.mps_srights && !st.mps_pdrequest && !st.mps_nsrequest);
	make_send(p);
	so1 = make_send_once(p);
	so2 = make_send_once(p);
	EXPECT(send_simple(p, false, 1), MACH_MSG_SUCCESS);
	EXPECT(send_simple(p, false, 2), MACH_MSG_SUCCESS);
	EXPECT(mach_port_move_member(task, p, s), KERN_SUCCESS);
	st = status_of(p);
	CHECK_EQ(st.mps_pset, s);
	CHECK_EQ(st.mps_mscount, 1);
	CHECK_EQ(st.mps_msgcount, 2);
	CHECK_EQ(st.mps_sorights, 2);
	CHECK(st.mps_srights);
	EXPECT(mach_port_deallocate(task, p), KERN_SUCCESS);
	EXPECT(mach_port_deallocate(task, so1), KERN_SUCCESS);
	EXPECT(mach_port_deallocate(task, so2), KERN_SUCCESS);
	/* The seed counts rights in transit too: the two queued messages
	 * hold send rights (their destinations), the two send-once
	 * notifications hold the send-once rights they are addressed by. */
	st = status_of(p);
	CHECK(st.mps_srights);
	CHECK_EQ(st.mps_mscount, 1);
	CHECK_EQ(st.mps_sorights, 2);
	CHECK_EQ(st.mps_msgcount, 4);	/* two send-once notifications */
	CHECK_EQ(drain(s), 4);
	st = status_of(p);		/* received: those rights are used up */
	CHECK(!st.mps_srights);
	CHECK_EQ(st.mps_sorights, 0);
	CHECK_EQ(status_of(p).mps_seqno, 4);
	/* Only receive rights have a status. */
	snd = send_only(&jail);
	so1 = make_send_once(p);
	EXPECT(mach_port_allocate(task, MACH_PORT_RIGHT_DEAD_NAME, &d), KERN_SUCCESS);
	EXPECT(mach_port_get_receive_status(task, s, &bad), KERN_INVALID_RIGHT);
	EXPECT(mach_port_get_receive_status(task, snd, &bad), KERN_INVALID_RIGHT);
	EXPECT(mach_port_get_receive_status(task, so1, &bad), KERN_INVALID_RIGHT);
	EXPECT(mach_port_get_receive_status(task, d, &bad), KERN_INVALID_RIGHT);
	EXPECT(mach_port_get_receive_status(task, BOGUS, &bad), KERN_INVALID_NAME);
	EXPECT(mach_port_deallocate(task, so1), KERN_SUCCESS);
	destroy(d);
	destroy(snd);
	destroy(jail);
	destroy(s);
	destroy(p);
}

/* set_qlimit, set_mscount, set_seqno: values and errors. */
static void test_set_state(void)
{
	mach_port_t p = new_port(), s = new_set(), jail, snd = send_only(&jail);
	msgbuf_t m;

	EXPECT(mach_port_set_qlimit(task, p, MACH_PORT_QLIMIT_MAX), KERN_SUCCESS);
	CHECK_EQ(status_of(p).mps_qlimit, MACH_PORT_QLIMIT_MAX);
	EXPECT(mach_port_set_qlimit(task, p, MACH_PORT_QLIMIT_MAX + 1), KERN_INVALID_VALUE);
	CHECK_EQ(status_of(p).mps_qlimit, MACH_PORT_QLIMIT_MAX);
	EXPECT(mach_port_set_qlimit(task, p, 1), KERN_SUCCESS);
	CHECK_EQ(status_of(p).mps_qlimit, 1);
	EXPECT(mach_port_set_mscount(task, p, 9), KERN_SUCCESS);
	CHECK_EQ(status_of(p).mps_mscount, 9);
	make_send(p);
	CHECK_EQ(status_of(p).mps_mscount, 10);
	EXPECT(mach_port_set_seqno(task, p, 42), KERN_SUCCESS);
	CHECK_EQ(status_of(p).mps_seqno, 42);
	EXPECT(send_simple(p, false, 3), MACH_MSG_SUCCESS);
	EXPECT(msg_receive(&m, p, WAIT_MS), MACH_MSG_SUCCESS);
	CHECK_EQ(m.head.msgh_seqno, 42);
	CHECK_EQ(status_of(p).mps_seqno, 43);
	/* Errors: sets, send rights, nothing. */
	EXPECT(mach_port_set_qlimit(task, s, 1), KERN_INVALID_RIGHT);
	EXPECT(mach_port_set_qlimit(task, snd, 1), KERN_INVALID_RIGHT);
	EXPECT(mach_port_set_qlimit(task, BOGUS, 1), KERN_INVALID_NAME);
	EXPECT(mach_port_set_mscount(task, s, 1), KERN_INVALID_RIGHT);
	EXPECT(mach_port_set_mscount(task, snd, 1), KERN_INVALID_RIGHT);
	EXPECT(mach_port_set_mscount(task, BOGUS, 1), KERN_INVALID_NAME);
	EXPECT(mach_port_set_seqno(task, s, 1), KERN_INVALID_RIGHT);
	EXPECT(mach_port_set_seqno(task, snd, 1), KERN_INVALID_RIGHT);
	EXPECT(mach_port_set_seqno(task, BOGUS, 1), KERN_INVALID_NAME);
	destroy(snd);
	destroy(jail);
	destroy(s);
	destroy(p);
}

void ipc_ports_rights(void)
{
	unsigned int names = name_count();

	test_insert_right();
	test_extract_right();
	test_receive_status();
	test_set_state();
	CHECK_MSG(name_count() == names, "%u names left behind", name_count() - names);
}
