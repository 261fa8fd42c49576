/*
 * tests/user/ipc_ports.c - suite ipc_ports: the port name space through
 * the mach_port interface on mach_task_self() (MIG stubs, kernel server).
 *
 * Semantics from the seed (Port Rights, Port Name Space) and GNU Mach's
 * documented return codes: KERN_INVALID_NAME for a name that denotes
 * nothing, KERN_INVALID_RIGHT for a name without the right asked for,
 * KERN_INVALID_VALUE for a bad argument, KERN_NAME_EXISTS / KERN_RIGHT_EXISTS
 * for collisions, KERN_UREFS_OVERFLOW past the user-reference limit.
 */
#include "ipc_test.h"

static const mach_port_t BOGUS = 0x00abcdefu;	/* an index never used */

/* mach_port_allocate: each right kind it can make, and the ones it can't. */
static void test_allocate(void)
{
	mach_port_t r, s, d, n = MACH_PORT_NULL;

	r = new_port();
	s = new_set();
	EXPECT(mach_port_allocate(task, MACH_PORT_RIGHT_DEAD_NAME, &d), KERN_SUCCESS);
	CHECK(MACH_PORT_VALID(r) && MACH_PORT_VALID(s) && MACH_PORT_VALID(d));
	CHECK(r != s && s != d && r != d);
	CHECK_EQ(type_of(r), MACH_PORT_TYPE_RECEIVE);
	CHECK_EQ(type_of(s), MACH_PORT_TYPE_PORT_SET);
	CHECK_EQ(type_of(d), MACH_PORT_TYPE_DEAD_NAME);
	CHECK_EQ(refs_of(r, MACH_PORT_RIGHT_RECEIVE), 1);
	CHECK_EQ(refs_of(r, MACH_PORT_RIGHT_SEND), 0);
	CHECK_EQ(refs_of(s, MACH_PORT_RIGHT_PORT_SET), 1);
	CHECK_EQ(refs_of(d, MACH_PORT_RIGHT_DEAD_NAME), 1);
	EXPECT(mach_port_allocate(task, MACH_PORT_RIGHT_SEND, &n), KERN_INVALID_VALUE);
	EXPECT(mach_port_allocate(task, MACH_PORT_RIGHT_SEND_ONCE, &n),
	       KERN_INVALID_VALUE);
	EXPECT(mach_port_allocate(task, MACH_PORT_RIGHT_NUMBER, &n), KERN_INVALID_VALUE);
	EXPECT(mach_port_allocate(task, 1000, &n), KERN_INVALID_VALUE);
	destroy(r);
	destroy(s);
	destroy(d);
	EXPECT(type_kr(r), KERN_INVALID_NAME);
	EXPECT(type_kr(s), KERN_INVALID_NAME);
	EXPECT(type_kr(d), KERN_INVALID_NAME);
}

/* mach_port_allocate_name: chosen names, collisions, unusable names. */
static void test_allocate_name(void)
{
	const mach_port_t a = 0x1000, b = 0x1001, c = 0x1002;

	EXPECT(mach_port_allocate_name(task, MACH_PORT_RIGHT_RECEIVE, a), KERN_SUCCESS);
	EXPECT(mach_port_allocate_name(task, MACH_PORT_RIGHT_PORT_SET, b), KERN_SUCCESS);
	EXPECT(mach_port_allocate_name(task, MACH_PORT_RIGHT_DEAD_NAME, c), KERN_SUCCESS);
	CHECK_EQ(type_of(a), MACH_PORT_TYPE_RECEIVE);
	CHECK_EQ(type_of(b), MACH_PORT_TYPE_PORT_SET);
	CHECK_EQ(type_of(c), MACH_PORT_TYPE_DEAD_NAME);
	EXPECT(mach_port_allocate_name(task, MACH_PORT_RIGHT_RECEIVE, a), KERN_NAME_EXISTS);
	EXPECT(mach_port_allocate_name(task, MACH_PORT_RIGHT_PORT_SET, a), KERN_NAME_EXISTS);
	EXPECT(mach_port_allocate_name(task, MACH_PORT_RIGHT_DEAD_NAME, b), KERN_NAME_EXISTS);
	EXPECT(mach_port_allocate_name(task, MACH_PORT_RIGHT_RECEIVE, MACH_PORT_NULL),
	       KERN_INVALID_VALUE);
	EXPECT(mach_port_allocate_name(task, MACH_PORT_RIGHT_RECEIVE, MACH_PORT_DEAD),
	       KERN_INVALID_VALUE);
	EXPECT(mach_port_allocate_name(task, MACH_PORT_RIGHT_SEND, 0x1003),
	       KERN_INVALID_VALUE);
	EXPECT(mach_port_allocate_name(task, MACH_PORT_RIGHT_SEND_ONCE, 0x1003),
	       KERN_INVALID_VALUE);
	EXPECT(type_kr(0x1003), KERN_INVALID_NAME);	/* nothing was made */
	/* The name works like any other: a message through it. */
	EXPECT(send_simple(a, true, 7), MACH_MSG_SUCCESS);
	CHECK_EQ(drain(a), 1);
	destroy(a);
	destroy(b);
	destroy(c);
}

/*
 * New names take the lowest free index; a freed index comes back under a
 * new generation, so the old (stale) name no longer denotes anything.
 */
static void test_names_reuse(void)
{
	mach_port_t a = new_port(), b = new_port(), c = new_port(), d, e, prev;

	CHECK(NAME_INDEX(a) < NAME_INDEX(b) && NAME_INDEX(b) < NAME_INDEX(c));
	destroy(b);
	d = new_port();
	CHECK_EQ(NAME_INDEX(d), NAME_INDEX(b));		/* lowest free */
	CHECK_MSG(d != b, "reused name 0x%x has the old generation", d);
	/* The stale name denotes nothing, and nothing reaches d through it. */
	EXPECT(type_kr(b), KERN_INVALID_NAME);
	EXPECT(mach_port_destroy(task, b), KERN_INVALID_NAME);
	EXPECT(mach_port_deallocate(task, b), KERN_INVALID_NAME);
	EXPECT(mach_port_mod_refs(task, b, MACH_PORT_RIGHT_RECEIVE, -1),
	       KERN_INVALID_NAME);
	EXPECT(mach_port_set_qlimit(task, b, 1), KERN_INVALID_NAME);
	EXPECT(send_simple(b, true, 1), MACH_SEND_INVALID_DEST);
	CHECK_EQ(type_of(d), MACH_PORT_TYPE_RECEIVE);
	CHECK_EQ(status_of(d).mps_qlimit, MACH_PORT_QLIMIT_DEFAULT);
	/* Many reuses of one index: each name differs from the last. */
	prev = d;
	for (int i = 0; i < 100; i++) {
		destroy(prev);
		e = new_port();
		CHECK_EQ(NAME_INDEX(e), NAME_INDEX(b));
		if (e == prev || e == b) {
			test_fail(__LINE__, "reuse %d gave name 0x%x again", i, e);
			prev = e;
			break;
		}
		EXPECT(type_kr(prev), KERN_INVALID_NAME);
		prev = e;
	}
	destroy(prev);
	/* With a and c gone too, the lowest index is a's again. */
	destroy(a);
	destroy(c);
	e = new_port();
	CHECK_EQ(NAME_INDEX(e), NAME_INDEX(a));
	destroy(e);
}

/* mach_port_names: every name with its type; arrays out-of-line. */
static void test_names(void)
{
	mach_port_t r = new_port(), s = new_set(), d, so;
	mach_port_name_array_t names = NULL;
	mach_port_type_array_t types = NULL;
	mach_msg_type_number_t n = 0, nt = 0;
	int found = 0;

	EXPECT(mach_port_allocate(task, MACH_PORT_RIGHT_DEAD_NAME, &d), KERN_SUCCESS);
	make_send(r);
	so = make_send_once(r);
	EXPECT(mach_port_names(task, &names, &n, &types, &nt), KERN_SUCCESS);
	CHECK_EQ(n, nt);
	CHECK(n >= 5);
	for (unsigned int i = 0; names && types && i < n && i < nt; i++) {
		for (unsigned int j = 0; j < i; j++)
			CHECK_MSG(names[j] != names[i], "name 0x%x listed twice", names[i]);
		CHECK_MSG(MACH_PORT_VALID(names[i]), "invalid name 0x%x listed", names[i]);
		if (names[i] == r) {
			CHECK_EQ(types[i], MACH_PORT_TYPE_SEND_RECEIVE);
			found |= 1;
		} else if (names[i] == s) {
			CHECK_EQ(types[i], MACH_PORT_TYPE_PORT_SET);
			found |= 2;
		} else if (names[i] == d) {
			CHECK_EQ(types[i], MACH_PORT_TYPE_DEAD_NAME);
			found |= 4;
		} else if (names[i] == so) {
			CHECK_EQ(types[i], MACH_PORT_TYPE_SEND_ONCE);
			found |= 8;
		} else if (names[i] == task) {
			CHECK_EQ(types[i], MACH_PORT_TYPE_SEND);
			found |= 16;
		}
	}
	CHECK_MSG(found == 31, "mach_port_names missed some names (mask 0x%x)", found);
	mig_deallocate((vm_address_t)names, n * sizeof(*names));
	mig_deallocate((vm_address_t)types, nt * sizeof(*types));
	EXPECT(mach_port_deallocate(task, so), KERN_SUCCESS);	/* notifies r */
	CHECK_EQ(drain(r), 1);
	n = name_count();
	destroy(r);
	destroy(s);
	destroy(d);
	CHECK_EQ(name_count(), n - 3);
}

/* mach_port_type: invalid names; the dead-name-request bit. */
static void test_type(void)
{
	mach_port_t r = new_port(), n = new_port(), so, prev = 1, jail, snd;
	mach_port_type_t t;

	EXPECT(mach_port_type(task, BOGUS, &t), KERN_INVALID_NAME);
	EXPECT(mach_port_type(task, MACH_PORT_NULL, &t), KERN_INVALID_NAME);
	EXPECT(mach_port_type(task, MACH_PORT_DEAD, &t), KERN_INVALID_NAME);
	snd = send_only(&jail);
	so = make_send_once(n);
	EXPECT(mach_port_request_notification(task, snd, MACH_NOTIFY_DEAD_NAME, 0,
					      so, &prev), KERN_SUCCESS);
	CHECK_EQ(prev, MACH_PORT_NULL);
	CHECK_EQ(type_of(snd), MACH_PORT_TYPE_SEND | MACH_PORT_TYPE_DNREQUEST);
	/* Cancel: the registered send-once right comes back as previous. */
	EXPECT(mach_port_request_notification(task, snd, MACH_NOTIFY_DEAD_NAME, 0,
					      MACH_PORT_NULL, &prev), KERN_SUCCESS);
	CHECK(MACH_PORT_VALID(prev));
	CHECK_EQ(type_of(prev), MACH_PORT_TYPE_SEND_ONCE);
	CHECK_EQ(type_of(snd), MACH_PORT_TYPE_SEND);
	EXPECT(mach_port_deallocate(task, prev), KERN_SUCCESS);
	CHECK_EQ(drain(n), 1);				/* its send-once notification */
	destroy(jail);					/* the port dies */
	CHECK_EQ(type_of(snd), MACH_PORT_TYPE_DEAD_NAME);
	CHECK_EQ(drain(n), 0);				/* the request was cancelled */
	destroy(snd);
	destroy(r);
	destroy(n);
}

/* mach_port_rename: the right moves to the new name with its state. */
static void test_rename(void)
{
	mach_port_t p = new_port(), s = new_set(), t, q;
	const mach_port_t to = 0x2000, to2 = 0x2001;
	mach_port_name_array_t members = NULL;
	mach_msg_type_number_t nm = 0;
	msgbuf_t m;

	EXPECT(mach_port_move_member(task, p, s), KERN_SUCCESS);
	EXPECT(send_simple(p, true, 11), MACH_MSG_SUCCESS);
	EXPECT(mach_port_set_qlimit(task, p, 3), KERN_SUCCESS);
	EXPECT(mach_port_rename(task, p, to), KERN_SUCCESS);
	EXPECT(type_kr(p), KERN_INVALID_NAME);
	CHECK_EQ(type_of(to), MACH_PORT_TYPE_RECEIVE);
	CHECK_EQ(status_of(to).mps_qlimit, 3);
	CHECK_EQ(status_of(to).mps_msgcount, 1);
	CHECK_EQ(status_of(to).mps_pset, s);
	EXPECT(mach_port_get_set_status(task, s, &members, &nm), KERN_SUCCESS);
	CHECK(nm == 1 && members && members[0] == to);
	mig_deallocate((vm_address_t)members, nm * sizeof(*members));
	/* The queued message now arrives under the new name. */
	EXPECT(msg_receive(&m, s, WAIT_MS), MACH_MSG_SUCCESS);
	CHECK_EQ(m.head.msgh_local_port, to);
	CHECK_EQ(m.head.msgh_id, 11);
	/* A set renamed: its members report the new set name. */
	EXPECT(mach_port_rename(task, s, to2), KERN_SUCCESS);
	CHECK_EQ(status_of(to).mps_pset, to2);
	CHECK_EQ(type_of(to2), MACH_PORT_TYPE_PORT_SET);
	/* Errors. */
	q = new_port();
	EXPECT(mach_port_rename(task, to, q), KERN_NAME_EXISTS);
	EXPECT(mach_port_rename(task, to, to2), KERN_NAME_EXISTS);
	EXPECT(mach_port_rename(task, BOGUS, 0x2002), KERN_INVALID_NAME);
	EXPECT(mach_port_rename(task, to, MACH_PORT_NULL), KERN_INVALID_VALUE);
	EXPECT(mach_port_rename(task, to, MACH_PORT_DEAD), KERN_INVALID_VALUE);
	CHECK_EQ(type_of(to), MACH_PORT_TYPE_RECEIVE);	/* unchanged */
	/* A send right renamed with its user references. */
	make_send(q);
	EXPECT(mach_port_mod_refs(task, q, MACH_PORT_RIGHT_SEND, 2), KERN_SUCCESS);
	EXPECT(mach_port_rename(task, q, 0x2002), KERN_SUCCESS);
	t = 0x2002;
	CHECK_EQ(refs_of(t, MACH_PORT_RIGHT_SEND), 3);
	CHECK_EQ(type_of(t), MACH_PORT_TYPE_SEND_RECEIVE);
	destroy(t);
	destroy(to);
	destroy(to2);
}

/* mach_port_destroy and mach_port_deallocate on each kind of name. */
static void test_destroy_deallocate(void)
{
	mach_port_t r = new_port(), s = new_set(), jail, snd, so, d;

	EXPECT(mach_port_destroy(task, BOGUS), KERN_INVALID_NAME);
	EXPECT(mach_port_deallocate(task, BOGUS), KERN_INVALID_NAME);
	EXPECT(mach_port_deallocate(task, MACH_PORT_NULL), KERN_INVALID_NAME);
	/* A receive right alone cannot be deallocated. */
	EXPECT(mach_port_deallocate(task, r), KERN_INVALID_RIGHT);
	CHECK_EQ(type_of(r), MACH_PORT_TYPE_RECEIVE);
	/* Send references go one at a time; the name goes with the last. */
	snd = send_only(&jail);
	EXPECT(mach_port_mod_refs(task, snd, MACH_PORT_RIGHT_SEND, 1), KERN_SUCCESS);
	EXPECT(mach_port_deallocate(task, snd), KERN_SUCCESS);
	CHECK_EQ(refs_of(snd, MACH_PORT_RIGHT_SEND), 1);
	EXPECT(mach_port_deallocate(task, snd), KERN_SUCCESS);
	EXPECT(type_kr(snd), KERN_INVALID_NAME);
	/* Send and receive under one name: deallocate drops the send right. */
	make_send(r);
	EXPECT(mach_port_deallocate(task, r), KERN_SUCCESS);
	CHECK_EQ(type_of(r), MACH_PORT_TYPE_RECEIVE);
	/* A send-once right: gone, and the port hears of it. */
	so = make_send_once(r);
	EXPECT(mach_port_deallocate(task, so), KERN_SUCCESS);
	EXPECT(type_kr(so), KERN_INVALID_NAME);
	CHECK_EQ(drain(r), 1);
	/* A dead name loses one reference per call. */
	EXPECT(mach_port_allocate(task, MACH_PORT_RIGHT_DEAD_NAME, &d), KERN_SUCCESS);
	EXPECT(mach_port_mod_refs(task, d, MACH_PORT_RIGHT_DEAD_NAME, 1), KERN_SUCCESS);
	EXPECT(mach_port_deallocate(task, d), KERN_SUCCESS);
	CHECK_EQ(refs_of(d, MACH_PORT_RIGHT_DEAD_NAME), 1);
	EXPECT(mach_port_deallocate(task, d), KERN_SUCCESS);
	EXPECT(type_kr(d), KERN_INVALID_NAME);
	/* A port set goes whole (seed: destroyed by deallocate too). */
	EXPECT(mach_port_deallocate(task, s), KERN_SUCCESS);
	EXPECT(type_kr(s), KERN_INVALID_NAME);
	/* destroy takes every reference at once. */
	make_send(r);
	EXPECT(mach_port_mod_refs(task, r, MACH_PORT_RIGHT_SEND, 4), KERN_SUCCESS);
	EXPECT(mach_port_destroy(task, r), KERN_SUCCESS);
	EXPECT(type_kr(r), KERN_INVALID_NAME);
	EXPECT(mach_port_allocate(task, MACH_PORT_RIGHT_DEAD_NAME, &d), KERN_SUCCESS);
	EXPECT(mach_port_mod_refs(task, d, MACH_PORT_RIGHT_DEAD_NAME, 5), KERN_SUCCESS);
	EXPECT(mach_port_destroy(task, d), KERN_SUCCESS);
	EXPECT(type_kr(d), KERN_INVALID_NAME);
	destroy(jail);
}

/* mach_port_get_refs and mach_port_mod_refs. */
static void test_refs(void)
{
	mach_port_t r = new_port(), s = new_set(), d, jail, snd;
	mach_port_urefs_t u;

	CHECK_EQ(refs_of(r, MACH_PORT_RIGHT_SEND), 0);
	CHECK_EQ(refs_of(r, MACH_PORT_RIGHT_SEND_ONCE), 0);
	CHECK_EQ(refs_of(r, MACH_PORT_RIGHT_PORT_SET), 0);
	CHECK_EQ(refs_of(r, MACH_PORT_RIGHT_DEAD_NAME), 0);
	EXPECT(mach_port_get_refs(task, r, MACH_PORT_RIGHT_NUMBER, &u), KERN_INVALID_VALUE);
	EXPECT(mach_port_get_refs(task, BOGUS, MACH_PORT_RIGHT_SEND, &u), KERN_INVALID_NAME);
	EXPECT(mach_port_mod_refs(task, BOGUS, MACH_PORT_RIGHT_SEND, 1), KERN_INVALID_NAME);
	EXPECT(mach_port_mod_refs(task, r, MACH_PORT_RIGHT_NUMBER, 0), KERN_INVALID_VALUE);
	/* No send right to add references to. */
	EXPECT(mach_port_mod_refs(task, r, MACH_PORT_RIGHT_SEND, 1), KERN_INVALID_RIGHT);
	EXPECT(mach_port_mod_refs(task, r, MACH_PORT_RIGHT_SEND_ONCE, -1),
	       KERN_INVALID_RIGHT);
	EXPECT(mach_port_mod_refs(task, r, MACH_PORT_RIGHT_PORT_SET, -1),
	       KERN_INVALID_RIGHT);
	EXPECT(mach_port_mod_refs(task, r, MACH_PORT_RIGHT_DEAD_NAME, 1),
	       KERN_INVALID_RIGHT);
	/* Send references. */
	make_send(r);
	EXPECT(mach_port_mod_refs(task, r, MACH_PORT_RIGHT_SEND, 5), KERN_SUCCESS);
	CHECK_EQ(refs_of(r, MACH_PORT_RIGHT_SEND), 6);
	EXPECT(mach_port_mod_refs(task, r, MACH_PORT_RIGHT_SEND, -7), KERN_INVALID_VALUE);
	CHECK_EQ(refs_of(r, MACH_PORT_RIGHT_SEND), 6);
	EXPECT(mach_port_mod_refs(task, r, MACH_PORT_RIGHT_SEND, 0xfffe - 6), KERN_SUCCESS);
	CHECK_EQ(refs_of(r, MACH_PORT_RIGHT_SEND), 0xfffe);
	EXPECT(mach_port_mod_refs(task, r, MACH_PORT_RIGHT_SEND, 0x10), KERN_UREFS_OVERFLOW);
	EXPECT(mach_port_mod_refs(task, r, MACH_PORT_RIGHT_SEND, 0x10000),
	       KERN_UREFS_OVERFLOW);
	CHECK_EQ(refs_of(r, MACH_PORT_RIGHT_SEND), 0xfffe);
	EXPECT(mach_port_mod_refs(task, r, MACH_PORT_RIGHT_SEND, -0xfffe), KERN_SUCCESS);
	CHECK_EQ(type_of(r), MACH_PORT_TYPE_RECEIVE);	/* the receive right stays */
	CHECK(!status_of(r).mps_srights);
	/* Receive: only 0 and -1. */
	EXPECT(mach_port_mod_refs(task, r, MACH_PORT_RIGHT_RECEIVE, 1), KERN_INVALID_VALUE);
	EXPECT(mach_port_mod_refs(task, r, MACH_PORT_RIGHT_RECEIVE, -2), KERN_INVALID_VALUE);
	EXPECT(mach_port_mod_refs(task, r, MACH_PORT_RIGHT_RECEIVE, 0), KERN_SUCCESS);
	CHECK_EQ(type_of(r), MACH_PORT_TYPE_RECEIVE);
	EXPECT(mach_port_mod_refs(task, r, MACH_PORT_RIGHT_RECEIVE, -1), KERN_SUCCESS);
	EXPECT(type_kr(r), KERN_INVALID_NAME);
	/* Port sets the same way. */
	EXPECT(mach_port_mod_refs(task, s, MACH_PORT_RIGHT_PORT_SET, 1), KERN_INVALID_VALUE);
	EXPECT(mach_port_mod_refs(task, s, MACH_PORT_RIGHT_PORT_SET, -1), KERN_SUCCESS);
	EXPECT(type_kr(s), KERN_INVALID_NAME);
	/* Dead names: references like send rights, not send rights. */
	EXPECT(mach_port_allocate(task, MACH_PORT_RIGHT_DEAD_NAME, &d), KERN_SUCCESS);
	EXPECT(mach_port_mod_refs(task, d, MACH_PORT_RIGHT_DEAD_NAME, 2), KERN_SUCCESS);
	CHECK_EQ(refs_of(d, MACH_PORT_RIGHT_DEAD_NAME), 3);
	CHECK_EQ(refs_of(d, MACH_PORT_RIGHT_SEND), 0);
	EXPECT(mach_port_mod_refs(task, d, MACH_PORT_RIGHT_RECEIVE, -1), KERN_INVALID_RIGHT);
	EXPECT(mach_port_mod_refs(task, d, MACH_PORT_RIGHT_DEAD_NAME, 0x10000),
	       KERN_UREFS_OVERFLOW);
	EXPECT(mach_port_mod_refs(task, d, MACH_PORT_RIGHT_DEAD_NAME, -4),
	       KERN_INVALID_VALUE);
	EXPECT(mach_port_mod_refs(task, d, MACH_PORT_RIGHT_DEAD_NAME, -3), KERN_SUCCESS);
	EXPECT(type_kr(d), KERN_INVALID_NAME);
	/* A send right whose port died: its references are dead-name ones. */
	snd = send_only(&jail);
	EXPECT(mach_port_mod_refs(task, snd, MACH_PORT_RIGHT_SEND, 1), KERN_SUCCESS);
	destroy(jail);
	CHECK_EQ(type_of(snd), MACH_PORT_TYPE_DEAD_NAME);
	CHECK_EQ(refs_of(snd, MACH_PORT_RIGHT_DEAD_NAME), 2);
	CHECK_EQ(refs_of(snd, MACH_PORT_RIGHT_SEND), 0);
	EXPECT(mach_port_mod_refs(task, snd, MACH_PORT_RIGHT_SEND, -1), KERN_INVALID_RIGHT);
	EXPECT(mach_port_mod_refs(task, snd, MACH_PORT_RIGHT_DEAD_NAME, -2), KERN_SUCCESS);
	EXPECT(type_kr(snd), KERN_INVALID_NAME);
}

/* ipc_ports_rights.c: insert/extract, receive status, qlimit, mscount, seqno. */
void ipc_ports_rights(void);

int main(void)
{
	test_begin("ipc_ports");
	test_allocate();
	test_allocate_name();
	test_names_reuse();
	test_names();
	test_type();
	test_rename();
	test_destroy_deallocate();
	test_refs();
	ipc_ports_rights();
	return test_end();
}
