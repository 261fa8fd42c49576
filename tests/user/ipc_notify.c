/*
 * tests/user/ipc_notify.c - suite ipc_notify: the kernel's notification
 * messages (include/mach/notify.h) and mach_port_request_notification.
 *
 * Seed semantics: a dead-name notification names the task's name for a
 * port that died, and receiving it adds a user reference to the dead
 * name; a name with a dead-name request that is freed yields a
 * port-deleted notification instead; a port-destroyed notification
 * carries the receive right that would have died; no-senders carries
 * the make-send count; a send-once right destroyed unused yields a
 * send-once notification, also for the notify rights of requests that
 * can no longer be answered.
 */
#include "ipc_test.h"
#include "ipc_notify.h"

static const mach_port_t BOGUS = 0x00abcdefu;

/*
 * Receive the next message on n and check that it is notification id,
 * sent through a send-once right.  Returns false (with a failed check)
 * if there is none or it is another.
 */
bool notification(int line, mach_port_t n, mach_msg_id_t id, msgbuf_t *m)
{
	mach_msg_return_t mr = msg_receive(m, n, WAIT_MS);

	if (mr != MACH_MSG_SUCCESS) {
		test_fail(line, "no notification 0%o on 0x%x: 0x%x (%s)", id, n, mr,
			  kr_name(mr));
		return false;
	}
	if (m->head.msgh_id != id) {
		test_fail(line, "got message id 0%o on 0x%x, expected 0%o",
			  m->head.msgh_id, n, id);
		return false;
	}
	if (m->head.msgh_local_port != n || m->head.msgh_remote_port != MACH_PORT_NULL ||
	    MACH_MSGH_BITS_PORTS(m->head.msgh_bits) !=
	    MACH_MSGH_BITS(0, MACH_MSG_TYPE_PORT_SEND_ONCE)) {
		test_fail(line, "notification 0%o header: bits 0x%x local 0x%x remote 0x%x",
			  id, m->head.msgh_bits, m->head.msgh_local_port,
			  m->head.msgh_remote_port);
		return false;
	}
	return true;
}

/* A name-carrying notification (dead name, port deleted): the name. */
mach_port_t notified_name(int line, mach_port_t n, mach_msg_id_t id)
{
	mach_dead_name_notification_t *dn;
	msgbuf_t m;

	if (!notification(line, n, id, &m))
		return MACH_PORT_NULL;
	dn = (mach_dead_name_notification_t *)&m.head;
	if (m.head.msgh_size != sizeof(*dn) || (m.head.msgh_bits & MACH_MSGH_BITS_COMPLEX) ||
	    dn->not_type.msgt_name != MACH_MSG_TYPE_PORT_NAME ||
	    dn->not_type.msgt_size != 32 || dn->not_type.msgt_number != 1 ||
	    !dn->not_type.msgt_inline) {
		test_fail(line, "notification 0%o layout: size %u name %u size %u number %u",
			  id, m.head.msgh_size, dn->not_type.msgt_name,
			  dn->not_type.msgt_size, dn->not_type.msgt_number);
		return MACH_PORT_NULL;
	}
	return dn->not_port;
}

/* Nothing more is queued on n. */
void nothing_on(int line, mach_port_t n)
{
	msgbuf_t m;

	if (msg_receive(&m, n, 0) == MACH_MSG_SUCCESS)
		test_fail(line, "unexpected message id 0%o on 0x%x", m.head.msgh_id, n);
}

/*
 * Ask for notification id on name, to be sent to port n (through a new
 * send-once right).  A refused request is destroyed, so its send-once
 * right tells n: that notification is checked here.
 */
static kern_return_t request(int line, mach_port_t name, mach_msg_id_t id,
			     mach_port_mscount_t sync, mach_port_t n,
			     mach_port_t *prev)
{
	mach_port_t so = make_send_once(n);
	kern_return_t kr;
	msgbuf_t m;

	*prev = 1;
	kr = mach_port_request_notification(task, name, id, sync, so, prev);
	if (kr != KERN_SUCCESS)
		notification(line, n, MACH_NOTIFY_SEND_ONCE, &m);
	else if (*prev == 1)
		test_fail(line, "previous right not returned");
	return kr;
}

#define REQUEST(name, id, sync, n, prev) request(__LINE__, name, id, sync, n, prev)

static void test_dead_name(void)
{
	mach_port_t n = new_port(), jail, snd, p, q, so, d, prev, s = new_set();

	/* A send right whose port dies elsewhere. */
	snd = send_only(&jail);
	EXPECT(REQUEST(snd, MACH_NOTIFY_DEAD_NAME, 0, n, &prev), KERN_SUCCESS);
	CHECK_EQ(prev, MACH_PORT_NULL);
	CHECK_EQ(type_of(snd), MACH_PORT_TYPE_SEND | MACH_PORT_TYPE_DNREQUEST);
	nothing_on(__LINE__, n);
	destroy(jail);
	CHECK_EQ(notified_name(__LINE__, n, MACH_NOTIFY_DEAD_NAME), snd);
	CHECK_EQ(type_of(snd), MACH_PORT_TYPE_DEAD_NAME);
	CHECK_EQ(refs_of(snd, MACH_PORT_RIGHT_DEAD_NAME), 2);	/* +1: the notification */
	EXPECT(mach_port_mod_refs(task, snd, MACH_PORT_RIGHT_DEAD_NAME, -2), KERN_SUCCESS);
	EXPECT(type_kr(snd), KERN_INVALID_NAME);
	nothing_on(__LINE__, n);
	/* Our own receive right destroyed under a name that keeps a send right. */
	p = new_port();
	make_send(p);
	EXPECT(REQUEST(p, MACH_NOTIFY_DEAD_NAME, 0, n, &prev), KERN_SUCCESS);
	EXPECT(mach_port_mod_refs(task, p, MACH_PORT_RIGHT_RECEIVE, -1), KERN_SUCCESS);
	CHECK_EQ(notified_name(__LINE__, n, MACH_NOTIFY_DEAD_NAME), p);
	CHECK_EQ(type_of(p), MACH_PORT_TYPE_DEAD_NAME);
	CHECK_EQ(refs_of(p, MACH_PORT_RIGHT_DEAD_NAME), 2);
	destroy(p);
	/* A send-once right whose port dies. */
	q = new_port();
	so = make_send_once(q);
	EXPECT(REQUEST(so, MACH_NOTIFY_DEAD_NAME, 0, n, &prev), KERN_SUCCESS);
	destroy(q);
	CHECK_EQ(notified_name(__LINE__, n, MACH_NOTIFY_DEAD_NAME), so);
	CHECK_EQ(type_of(so), MACH_PORT_TYPE_DEAD_NAME);
	CHECK_EQ(refs_of(so, MACH_PORT_RIGHT_DEAD_NAME), 2);
	destroy(so);
	/* A name already dead: refused, or answered at once with sync. */
	EXPECT(mach_port_allocate(task, MACH_PORT_RIGHT_DEAD_NAME, &d), KERN_SUCCESS);
	EXPECT(REQUEST(d, MACH_NOTIFY_DEAD_NAME, 0, n, &prev), KERN_INVALID_ARGUMENT);
	EXPECT(REQUEST(d, MACH_NOTIFY_DEAD_NAME, 1, n, &prev), KERN_SUCCESS);
	CHECK_EQ(prev, MACH_PORT_NULL);
	CHECK_EQ(notified_name(__LINE__, n, MACH_NOTIFY_DEAD_NAME), d);
	CHECK_EQ(refs_of(d, MACH_PORT_RIGHT_DEAD_NAME), 2);
	destroy(d);
	/* Refused requests. */
	EXPECT(REQUEST(s, MACH_NOTIFY_DEAD_NAME, 0, n, &prev), KERN_INVALID_RIGHT);
	EXPECT(REQUEST(BOGUS, MACH_NOTIFY_DEAD_NAME, 0, n, &prev), KERN_INVALID_NAME);
	EXPECT(REQUEST(n, MACH_NOTIFY_SEND_ONCE, 0, n, &prev), KERN_INVALID_VALUE);
	EXPECT(REQUEST(n, 999, 0, n, &prev), KERN_INVALID_VALUE);
	nothing_on(__LINE__, n);
	destroy(s);
	destroy(n);
}

static void test_port_deleted(void)
{
	mach_port_t n = new_port(), q = new_port(), jail, jail2, snd, so, prev;
	msgbuf_t m;

	/* The last reference of a send right goes. */
	snd = send_only(&jail);
	EXPECT(REQUEST(snd, MACH_NOTIFY_DEAD_NAME, 0, n, &prev), KERN_SUCCESS);
	EXPECT(mach_port_deallocate(task, snd), KERN_SUCCESS);
	CHECK_EQ(notified_name(__LINE__, n, MACH_NOTIFY_PORT_DELETED), snd);
	EXPECT(type_kr(snd), KERN_INVALID_NAME);
	/* A send-once right deallocated: port-deleted here, send-once there. */
	so = make_send_once(q);
	EXPECT(REQUEST(so, MACH_NOTIFY_DEAD_NAME, 0, n, &prev), KERN_SUCCESS);
	EXPECT(mach_port_deallocate(task, so), KERN_SUCCESS);
	CHECK_EQ(notified_name(__LINE__, n, MACH_NOTIFY_PORT_DELETED), so);
	CHECK(notification(__LINE__, q, MACH_NOTIFY_SEND_ONCE, &m));
	/* A send-once right used up by sending through it (a reply). */
	so = make_send_once(q);
	EXPECT(REQUEST(so, MACH_NOTIFY_DEAD_NAME, 0, n, &prev), KERN_SUCCESS);
	msg_init(&m, MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND_ONCE, 0), so, 0, 1234);
	EXPECT(msg_send(&m, 0, 0), MACH_MSG_SUCCESS);
	CHECK_EQ(notified_name(__LINE__, n, MACH_NOTIFY_PORT_DELETED), so);
	EXPECT(msg_receive(&m, q, WAIT_MS), MACH_MSG_SUCCESS);
	CHECK_EQ(m.head.msgh_id, 1234);
	/* mach_port_destroy of a name with a request. */
	snd = send_only(&jail2);
	EXPECT(REQUEST(snd, MACH_NOTIFY_DEAD_NAME, 0, n, &prev), KERN_SUCCESS);
	destroy(snd);
	CHECK_EQ(notified_name(__LINE__, n, MACH_NOTIFY_PORT_DELETED), snd);
	nothing_on(__LINE__, n);
	destroy(q);
	destroy(jail);
	destroy(jail2);
	nothing_on(__LINE__, n);
	destroy(n);
}

static void test_port_destroyed(void)
{
	mach_port_t n = new_port(), p = new_port(), r, prev, jail, snd;
	mach_port_destroyed_notification_t *pd;
	msgbuf_t m;

	EXPECT(send_simple(p, true, 5), MACH_MSG_SUCCESS);
	EXPECT(REQUEST(p, MACH_NOTIFY_PORT_DESTROYED, 0, n, &prev), KERN_SUCCESS);
	CHECK_EQ(prev, MACH_PORT_NULL);
	CHECK(status_of(p).mps_pdrequest);
	destroy(p);
	EXPECT(type_kr(p), KERN_INVALID_NAME);
	if (notification(__LINE__, n, MACH_NOTIFY_PORT_DESTROYED, &m)) {
		pd = (mach_port_destroyed_notification_t *)&m.head;
		CHECK(m.head.msgh_bits & MACH_MSGH_BITS_COMPLEX);
		CHECK_EQ(m.head.msgh_size, sizeof(*pd));
		CHECK_EQ(pd->not_type.msgt_name, MACH_MSG_TYPE_PORT_RECEIVE);
		CHECK_EQ(pd->not_type.msgt_size, 64);
		CHECK_EQ(pd->not_type.msgt_number, 1);
		r = pd->not_port.name;
		/* The port lives on with its queue; the request is used up. */
		CHECK_EQ(type_of(r), MACH_PORT_TYPE_RECEIVE);
		CHECK(!status_of(r).mps_pdrequest);
		EXPECT(msg_receive(&m, r, WAIT_MS), MACH_MSG_SUCCESS);
		CHECK_EQ(m.head.msgh_id, 5);
		destroy(r);			/* now it dies */
	}
	nothing_on(__LINE__, n);
	/* A second request hands back the first notify right. */
	p = new_port();
	EXPECT(REQUEST(p, MACH_NOTIFY_PORT_DESTROYED, 0, n, &prev), KERN_SUCCESS);
	EXPECT(REQUEST(p, MACH_NOTIFY_PORT_DESTROYED, 0, n, &prev), KERN_SUCCESS);
	CHECK(MACH_PORT_VALID(prev));
	CHECK_EQ(type_of(prev), MACH_PORT_TYPE_SEND_ONCE);
	EXPECT(mach_port_deallocate(task, prev), KERN_SUCCESS);
	CHECK(notification(__LINE__, n, MACH_NOTIFY_SEND_ONCE, &m));
	/* Refused: a sync value, a name without the receive right. */
	EXPECT(REQUEST(p, MACH_NOTIFY_PORT_DESTROYED, 1, n, &prev), KERN_INVALID_VALUE);
	snd = send_only(&jail);
	EXPECT(REQUEST(snd, MACH_NOTIFY_PORT_DESTROYED, 0, n, &prev), KERN_INVALID_RIGHT);
	destroy(snd);
	destroy(jail);
	/* Through mod_refs too; the right comes back again. */
	EXPECT(mach_port_mod_refs(task, p, MACH_PORT_RIGHT_RECEIVE, -1), KERN_SUCCESS);
	if (notification(__LINE__, n, MACH_NOTIFY_PORT_DESTROYED, &m)) {
		pd = (mach_port_destroyed_notification_t *)&m.head;
		r = pd->not_port.name;
		CHECK_EQ(type_of(r), MACH_PORT_TYPE_RECEIVE);
		destroy(r);
	}
	nothing_on(__LINE__, n);
	/* A request naming the port itself would bury the receive right in
	 * its own queue: the port dies instead (the kernel side of the suite
	 * checks that no port or message is left behind). */
	p = new_port();
	EXPECT(REQUEST(p, MACH_NOTIFY_PORT_DESTROYED, 0, p, &prev), KERN_SUCCESS);
	destroy(p);
	EXPECT(type_kr(p), KERN_INVALID_NAME);
	nothing_on(__LINE__, n);
	destroy(n);
}

/* The next no-senders notification on n: its make-send count. */
static unsigned int no_senders(int line, mach_port_t n)
{
	mach_no_senders_notification_t *ns;
	msgbuf_t m;

	if (!notification(line, n, MACH_NOTIFY_NO_SENDERS, &m))
		return ~0u;
	ns = (mach_no_senders_notification_t *)&m.head;
	if (m.head.msgh_size != sizeof(*ns) ||
	    ns->not_type.msgt_name != MACH_MSG_TYPE_INTEGER_32 ||
	    ns->not_type.msgt_size != 32 || ns->not_type.msgt_number != 1) {
		test_fail(line, "no-senders layout: size %u type %u/%u/%u",
			  m.head.msgh_size, ns->not_type.msgt_name,
			  ns->not_type.msgt_size, ns->not_type.msgt_number);
		return ~0u;
	}
	return ns->not_count;
}

static void test_no_senders(void)
{
	mach_port_t n = new_port(), p = new_port(), q = new_port(), so, prev;
	msgbuf_t m;

	make_send(p);
	EXPECT(REQUEST(p, MACH_NOTIFY_NO_SENDERS, 0, n, &prev), KERN_SUCCESS);
	CHECK_EQ(prev, MACH_PORT_NULL);
	CHECK(status_of(p).mps_nsrequest);
	nothing_on(__LINE__, n);
	EXPECT(mach_port_deallocate(task, p), KERN_SUCCESS);
	CHECK_EQ(no_senders(__LINE__, n), 1);
	CHECK(!status_of(p).mps_nsrequest);
	/* No senders already: sync at or below the make-send count fires
	 * at once; above it, the request waits for the next last sender. */
	EXPECT(REQUEST(p, MACH_NOTIFY_NO_SENDERS, 1, n, &prev), KERN_SUCCESS);
	CHECK_EQ(no_senders(__LINE__, n), 1);
	EXPECT(REQUEST(p, MACH_NOTIFY_NO_SENDERS, 2, n, &prev), KERN_SUCCESS);
	nothing_on(__LINE__, n);
	make_send(p);
	EXPECT(mach_port_deallocate(task, p), KERN_SUCCESS);
	CHECK_EQ(no_senders(__LINE__, n), 2);
	/* Send-once rights do not count as senders. */
	make_send(p);
	EXPECT(REQUEST(p, MACH_NOTIFY_NO_SENDERS, 0, n, &prev), KERN_SUCCESS);
	so = make_send_once(p);
	EXPECT(mach_port_deallocate(task, p), KERN_SUCCESS);
	CHECK_EQ(no_senders(__LINE__, n), 3);
	EXPECT(mach_port_deallocate(task, so), KERN_SUCCESS);
	CHECK(notification(__LINE__, p, MACH_NOTIFY_SEND_ONCE, &m));
	/* A send right in transit is a sender until its message is gone. */
	make_send(p);
	EXPECT(REQUEST(p, MACH_NOTIFY_NO_SENDERS, 0, n, &prev), KERN_SUCCESS);
	msg_init(&m, MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0), q, 0, 1);
	msg_add_ports(&m, MACH_MSG_TYPE_MOVE_SEND, &p, 1);
	EXPECT(msg_send(&m, 0, 0), MACH_MSG_SUCCESS);
	CHECK_EQ(type_of(p), MACH_PORT_TYPE_RECEIVE);
	nothing_on(__LINE__, n);
	destroy(q);
	CHECK_EQ(no_senders(__LINE__, n), 4);
	/* Cancelling hands back the notify right. */
	make_send(p);
	EXPECT(REQUEST(p, MACH_NOTIFY_NO_SENDERS, 0, n, &prev), KERN_SUCCESS);
	EXPECT(mach_port_request_notification(task, p, MACH_NOTIFY_NO_SENDERS, 0,
					      MACH_PORT_NULL, &prev), KERN_SUCCESS);
	CHECK_EQ(type_of(prev), MACH_PORT_TYPE_SEND_ONCE);
	EXPECT(mach_port_deallocate(task, prev), KERN_SUCCESS);
	CHECK(notification(__LINE__, n, MACH_NOTIFY_SEND_ONCE, &m));
	EXPECT(mach_port_deallocate(task, p), KERN_SUCCESS);
	nothing_on(__LINE__, n);
	/* The port dies while a send right is still out (in a message):
	 * no no-senders notification can come, so a send-once one does. */
	make_send(p);
	EXPECT(REQUEST(p, MACH_NOTIFY_NO_SENDERS, 0, n, &prev), KERN_SUCCESS);
	q = new_port();
	msg_init(&m, MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0), q, 0, 1);
	msg_add_ports(&m, MACH_MSG_TYPE_MOVE_SEND, &p, 1);
	EXPECT(msg_send(&m, 0, 0), MACH_MSG_SUCCESS);
	destroy(p);
	CHECK(notification(__LINE__, n, MACH_NOTIFY_SEND_ONCE, &m));
	destroy(q);
	nothing_on(__LINE__, n);
	destroy(n);
}

static void test_send_once(void)
{
	mach_port_t p = new_port(), q = new_port(), so;
	msgbuf_t m;

	/* Deallocated, destroyed, or lost in a destroyed message. */
	so = make_send_once(p);
	EXPECT(mach_port_deallocate(task, so), KERN_SUCCESS);
	if (notification(__LINE__, p, MACH_NOTIFY_SEND_ONCE, &m)) {
		CHECK_EQ(m.head.msgh_size, sizeof(mach_send_once_notification_t));
		CHECK(!(m.head.msgh_bits & MACH_MSGH_BITS_COMPLEX));
	}
	so = make_send_once(p);
	destroy(so);
	CHECK(notification(__LINE__, p, MACH_NOTIFY_SEND_ONCE, &m));
	so = make_send_once(p);
	msg_init(&m, MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0), q, 0, 2);
	msg_add_ports(&m, MACH_MSG_TYPE_MOVE_SEND_ONCE, &so, 1);
	EXPECT(msg_send(&m, 0, 0), MACH_MSG_SUCCESS);
	nothing_on(__LINE__, p);
	destroy(q);
	CHECK(notification(__LINE__, p, MACH_NOTIFY_SEND_ONCE, &m));
	/* Used: the message itself, no notification. */
	so = make_send_once(p);
	msg_init(&m, MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND_ONCE, 0), so, 0, 3);
	EXPECT(msg_send(&m, 0, 0), MACH_MSG_SUCCESS);
	EXPECT(msg_receive(&m, p, WAIT_MS), MACH_MSG_SUCCESS);
	CHECK_EQ(m.head.msgh_id, 3);
	nothing_on(__LINE__, p);
	CHECK_EQ(status_of(p).mps_sorights, 0);
	destroy(p);
}

int main(void)
{
	unsigned int names;

	test_begin("ipc_notify");
	names = name_count();
	test_dead_name();
	test_port_deleted();
	test_port_destroyed();
	test_no_senders();
	test_send_once();
	ipc_notify_msg();
	CHECK_MSG(name_count() == names, "%u names left behind", name_count() - names);
	return test_end();
}
