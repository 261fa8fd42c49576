/*
 * tests/user/ipc_portset.c - suite ipc_portset: port sets.
 *
 * Seed ("Port Sets"): a receive from a set reports the name of the
 * member whose port provided the message, stamped with that port's
 * sequence number; a receive right belongs to at most one set and cannot
 * be received from directly while it is in one; mach_port_move_member
 * adds, moves and removes members; destroying a set leaves its members.
 */
#include "ipc_test.h"

static const mach_port_t BOGUS = 0x00abcdefu;

/* The members of set s (sorted), or -1 with a failed check. */
static int members(mach_port_t s, mach_port_t *out, int max)
{
	mach_port_name_array_t v = NULL;
	mach_msg_type_number_t n = 0;
	kern_return_t kr = mach_port_get_set_status(task, s, &v, &n);

	if (kr != KERN_SUCCESS) {
		test_fail(__LINE__, "mach_port_get_set_status(0x%x) returned 0x%x (%s)", s,
			  kr, kr_name(kr));
		return -1;
	}
	for (unsigned int i = 0; i < n && (int)i < max; i++)
		out[i] = v[i];
	for (unsigned int i = 1; i < n && (int)i < max; i++)
		for (unsigned int j = i; j > 0 && out[j - 1] > out[j]; j--) {
			mach_port_t t = out[j];

			out[j] = out[j - 1];
			out[j - 1] = t;
		}
	mig_deallocate((vm_address_t)v, n * sizeof(*v));
	return (int)n;
}

static void test_receive_through_set(void)
{
	mach_port_t s = new_set(), a = new_port(), b = new_port(), v[4];
	bool got_a = false, got_b = false;
	msgbuf_t m;

	CHECK_EQ(members(s, v, 4), 0);
	/* A message queued before joining is received through the set. */
	EXPECT(send_simple(a, true, 1), MACH_MSG_SUCCESS);
	EXPECT(mach_port_move_member(task, a, s), KERN_SUCCESS);
	EXPECT(mach_port_move_member(task, b, s), KERN_SUCCESS);
	CHECK_EQ(status_of(a).mps_pset, s);
	CHECK_EQ(status_of(b).mps_pset, s);
	CHECK(members(s, v, 4) == 2 && v[0] == (a < b ? a : b) && v[1] == (a < b ? b : a));
	EXPECT(send_simple(b, true, 2), MACH_MSG_SUCCESS);
	for (int i = 0; i < 2; i++) {
		EXPECT(msg_receive(&m, s, WAIT_MS), MACH_MSG_SUCCESS);
		if (m.head.msgh_local_port == a && m.head.msgh_id == 1 && !got_a)
			got_a = true;
		else if (m.head.msgh_local_port == b && m.head.msgh_id == 2 && !got_b)
			got_b = true;
		else
			test_fail(__LINE__, "set gave id %d for member 0x%x", m.head.msgh_id,
				  m.head.msgh_local_port);
		CHECK_EQ(m.head.msgh_seqno, 0);
	}
	CHECK(got_a && got_b);
	EXPECT(msg_receive(&m, s, 0), MACH_RCV_TIMED_OUT);
	/* Each member keeps its own sequence numbers. */
	EXPECT(mach_port_set_seqno(task, b, 50), KERN_SUCCESS);
	EXPECT(send_simple(b, true, 3), MACH_MSG_SUCCESS);
	EXPECT(msg_receive(&m, s, WAIT_MS), MACH_MSG_SUCCESS);
	CHECK(m.head.msgh_local_port == b && m.head.msgh_seqno == 50);
	EXPECT(send_simple(a, true, 4), MACH_MSG_SUCCESS);
	EXPECT(msg_receive(&m, s, WAIT_MS), MACH_MSG_SUCCESS);
	CHECK(m.head.msgh_local_port == a && m.head.msgh_seqno == 1);
	/* No direct receive from a member, queued message or not. */
	EXPECT(msg_receive(&m, a, 0), MACH_RCV_IN_SET);
	EXPECT(send_simple(a, true, 5), MACH_MSG_SUCCESS);
	EXPECT(msg_receive(&m, a, 0), MACH_RCV_IN_SET);
	CHECK_EQ(status_of(a).mps_msgcount, 1);
	EXPECT(msg_receive(&m, s, WAIT_MS), MACH_MSG_SUCCESS);
	CHECK(m.head.msgh_local_port == a && m.head.msgh_id == 5);
	/* Send and receive in one call through the set. */
	msg_init(&m, MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0), b, 0, 6);
	EXPECT(mach_msg(&m.head, MACH_SEND_MSG | MACH_RCV_MSG | MACH_RCV_TIMEOUT,
			m.head.msgh_size, sizeof(m), s, WAIT_MS, MACH_PORT_NULL),
	       MACH_MSG_SUCCESS);
	CHECK(m.head.msgh_local_port == b && m.head.msgh_id == 6);
	destroy(a);
	destroy(b);
	destroy(s);
}

static void test_move_member(void)
{
	mach_port_t s = new_set(), s2 = new_set(), a = new_port(), b = new_port(), v[4];
	mach_port_t jail, snd = send_only(&jail), so = make_send_once(a), d;
	mach_msg_type_number_t n;
	mach_port_name_array_t arr;
	msgbuf_t m;

	EXPECT(mach_port_allocate(task, MACH_PORT_RIGHT_DEAD_NAME, &d), KERN_SUCCESS);
	EXPECT(mach_port_move_member(task, a, s), KERN_SUCCESS);
	EXPECT(mach_port_move_member(task, b, s), KERN_SUCCESS);
	/* From one set to another: one set at a time. */
	EXPECT(send_simple(a, true, 1), MACH_MSG_SUCCESS);
	EXPECT(mach_port_move_member(task, a, s2), KERN_SUCCESS);
	CHECK_EQ(status_of(a).mps_pset, s2);
	CHECK(members(s, v, 4) == 1 && v[0] == b);
	CHECK(members(s2, v, 4) == 1 && v[0] == a);
	EXPECT(msg_receive(&m, s, 0), MACH_RCV_TIMED_OUT);	/* went with a */
	EXPECT(msg_receive(&m, s2, WAIT_MS), MACH_MSG_SUCCESS);
	CHECK(m.head.msgh_local_port == a && m.head.msgh_id == 1);
	EXPECT(mach_port_move_member(task, a, s2), KERN_SUCCESS);	/* already there */
	CHECK_EQ(members(s2, v, 4), 1);
	/* Out of every set: received from directly again. */
	EXPECT(send_simple(a, true, 2), MACH_MSG_SUCCESS);
	EXPECT(mach_port_move_member(task, a, MACH_PORT_NULL), KERN_SUCCESS);
	CHECK_EQ(status_of(a).mps_pset, MACH_PORT_NULL);
	CHECK_EQ(members(s2, v, 4), 0);
	EXPECT(mach_port_move_member(task, a, MACH_PORT_NULL), KERN_NOT_IN_SET);
	EXPECT(msg_receive(&m, s2, 0), MACH_RCV_TIMED_OUT);
	EXPECT(msg_receive(&m, a, WAIT_MS), MACH_MSG_SUCCESS);
	CHECK_EQ(m.head.msgh_id, 2);
	/* Errors. */
	EXPECT(mach_port_move_member(task, BOGUS, s), KERN_INVALID_NAME);
	EXPECT(mach_port_move_member(task, a, BOGUS), KERN_INVALID_NAME);
	EXPECT(mach_port_move_member(task, s2, s), KERN_INVALID_RIGHT);
	EXPECT(mach_port_move_member(task, a, b), KERN_INVALID_RIGHT);
	EXPECT(mach_port_move_member(task, snd, s), KERN_INVALID_RIGHT);
	EXPECT(mach_port_move_member(task, so, s), KERN_INVALID_RIGHT);
	EXPECT(mach_port_move_member(task, d, s), KERN_INVALID_RIGHT);
	EXPECT(mach_port_move_member(task, a, d), KERN_INVALID_RIGHT);
	CHECK_EQ(status_of(a).mps_pset, MACH_PORT_NULL);
	EXPECT(mach_port_get_set_status(task, a, &arr, &n), KERN_INVALID_RIGHT);
	EXPECT(mach_port_get_set_status(task, snd, &arr, &n), KERN_INVALID_RIGHT);
	EXPECT(mach_port_get_set_status(task, BOGUS, &arr, &n), KERN_INVALID_NAME);
	/* A member whose receive right moves away leaves the set. */
	make_send(b);
	{
		mach_port_t r;
		mach_msg_type_name_t t;

		EXPECT(mach_port_extract_right(task, b, MACH_MSG_TYPE_MOVE_RECEIVE, &r, &t),
		       KERN_SUCCESS);
		CHECK_EQ(r, b);
	}
	CHECK_EQ(status_of(b).mps_pset, MACH_PORT_NULL);
	CHECK_EQ(members(s, v, 4), 0);
	/* A member destroyed leaves the set. */
	EXPECT(mach_port_move_member(task, a, s), KERN_SUCCESS);
	destroy(a);
	CHECK_EQ(members(s, v, 4), 0);
	CHECK_EQ(type_of(so), MACH_PORT_TYPE_DEAD_NAME);	/* a died */
	EXPECT(mach_port_deallocate(task, so), KERN_SUCCESS);
	destroy(snd);
	destroy(jail);
	destroy(d);
	destroy(b);
	destroy(s);
	destroy(s2);
}

static void test_destroy_set(void)
{
	mach_port_t s = new_set(), a = new_port(), b = new_port();
	msgbuf_t m;

	EXPECT(mach_port_move_member(task, a, s), KERN_SUCCESS);
	EXPECT(mach_port_move_member(task, b, s), KERN_SUCCESS);
	EXPECT(send_simple(a, true, 7), MACH_MSG_SUCCESS);
	destroy(s);
	/* The members stay, out of any set, with their messages. */
	CHECK_EQ(type_of(a), MACH_PORT_TYPE_RECEIVE);
	CHECK_EQ(type_of(b), MACH_PORT_TYPE_RECEIVE);
	CHECK_EQ(status_of(a).mps_pset, MACH_PORT_NULL);
	CHECK_EQ(status_of(b).mps_pset, MACH_PORT_NULL);
	EXPECT(msg_receive(&m, a, WAIT_MS), MACH_MSG_SUCCESS);
	CHECK_EQ(m.head.msgh_id, 7);
	EXPECT(msg_receive(&m, s, 0), MACH_RCV_INVALID_NAME);
	EXPECT(mach_port_move_member(task, a, s), KERN_INVALID_NAME);
	/* Deallocating or dropping the reference destroys a set too. */
	s = new_set();
	EXPECT(mach_port_move_member(task, a, s), KERN_SUCCESS);
	EXPECT(mach_port_deallocate(task, s), KERN_SUCCESS);
	EXPECT(type_kr(s), KERN_INVALID_NAME);
	CHECK_EQ(status_of(a).mps_pset, MACH_PORT_NULL);
	s = new_set();
	EXPECT(mach_port_move_member(task, b, s), KERN_SUCCESS);
	EXPECT(mach_port_mod_refs(task, s, MACH_PORT_RIGHT_PORT_SET, -1), KERN_SUCCESS);
	EXPECT(type_kr(s), KERN_INVALID_NAME);
	CHECK_EQ(status_of(b).mps_pset, MACH_PORT_NULL);
	EXPECT(send_simple(b, true, 8), MACH_MSG_SUCCESS);
	EXPECT(msg_receive(&m, b, WAIT_MS), MACH_MSG_SUCCESS);
	destroy(a);
	destroy(b);
}

/* Many members: every message found, each under its own member's name. */
static void test_many_members(void)
{
	enum { N = 12 };
	mach_port_t s = new_set(), p[N], v[N];
	unsigned int seen = 0;
	msgbuf_t m;

	for (int i = 0; i < N; i++) {
		p[i] = new_port();
		EXPECT(mach_port_move_member(task, p[i], s), KERN_SUCCESS);
	}
	CHECK_EQ(members(s, v, N), N);
	for (int i = N - 1; i >= 0; i--)
		EXPECT(send_simple(p[i], true, 100 + i), MACH_MSG_SUCCESS);
	for (int k = 0; k < N; k++) {
		if (msg_receive(&m, s, WAIT_MS) != MACH_MSG_SUCCESS) {
			test_fail(__LINE__, "message %d of %d not received", k, N);
			break;
		}
		for (int i = 0; i < N; i++)
			if (m.head.msgh_local_port == p[i]) {
				CHECK_EQ(m.head.msgh_id, 100 + i);
				seen |= 1u << i;
			}
	}
	CHECK_EQ(seen, (1u << N) - 1);
	EXPECT(msg_receive(&m, s, 0), MACH_RCV_TIMED_OUT);
	for (int i = 0; i < N; i++)
		destroy(p[i]);
	CHECK_EQ(members(s, v, N), 0);
	destroy(s);
}

int main(void)
{
	unsigned int names;

	test_begin("ipc_portset");
	names = name_count();
	test_receive_through_set();
	test_move_member();
	test_destroy_set();
	test_many_members();
	CHECK_MSG(name_count() == names, "%u names left behind", name_count() - names);
	return test_end();
}
