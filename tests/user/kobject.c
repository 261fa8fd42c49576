/*
 * tests/user/kobject.c - suite kobject: ports the kernel receives on.
 *
 * The self traps (mach_task_self, mach_thread_self, mach_host_self,
 * mach_reply_port); the task port's kernel server driven by hand-built
 * requests (reply ids, MIG_BAD_ID, MIG_BAD_ARGUMENTS, reply rights) and
 * through the stubs; kernel ports that serve other interfaces;
 * task_terminate of a child (once task_create is served) and, last, of
 * the module's own task through its port.
 */
#include "ipc_test.h"

static const mach_port_t BOGUS = 0x00abcdefu;

/* The self traps: send rights with one more user reference per call. */
static void test_self_traps(void)
{
	mach_port_t t, th, th2, h, h2, r1, r2;
	mach_port_urefs_t u;

	CHECK_EQ(type_of(task), MACH_PORT_TYPE_SEND);
	u = refs_of(task, MACH_PORT_RIGHT_SEND);
	t = mach_task_self();
	CHECK_EQ(t, task);
	CHECK_EQ(refs_of(task, MACH_PORT_RIGHT_SEND), u + 1);
	EXPECT(mach_port_deallocate(task, t), KERN_SUCCESS);
	CHECK_EQ(refs_of(task, MACH_PORT_RIGHT_SEND), u);
	th = mach_thread_self();
	h = mach_host_self();
	CHECK(MACH_PORT_VALID(th) && MACH_PORT_VALID(h));
	CHECK(th != task && h != task && th != h);
	CHECK_EQ(type_of(th), MACH_PORT_TYPE_SEND);
	CHECK_EQ(type_of(h), MACH_PORT_TYPE_SEND);
	th2 = mach_thread_self();
	h2 = mach_host_self();
	CHECK_EQ(th2, th);
	CHECK_EQ(h2, h);
	CHECK_EQ(refs_of(th, MACH_PORT_RIGHT_SEND), 2);
	CHECK_EQ(refs_of(h, MACH_PORT_RIGHT_SEND), 2);
	EXPECT(mach_port_mod_refs(task, th, MACH_PORT_RIGHT_SEND, -2), KERN_SUCCESS);
	EXPECT(mach_port_mod_refs(task, h, MACH_PORT_RIGHT_SEND, -2), KERN_SUCCESS);
	EXPECT(type_kr(th), KERN_INVALID_NAME);
	/* A fresh receive right per call. */
	r1 = mach_reply_port();
	r2 = mach_reply_port();
	CHECK(MACH_PORT_VALID(r1) && MACH_PORT_VALID(r2) && r1 != r2);
	CHECK_EQ(type_of(r1), MACH_PORT_TYPE_RECEIVE);
	CHECK_EQ(type_of(r2), MACH_PORT_TYPE_RECEIVE);
	CHECK_EQ(status_of(r1).mps_qlimit, MACH_PORT_QLIMIT_DEFAULT);
	destroy(r1);
	destroy(r2);
	/* Kernel ports cannot be received from, nor have their receive
	 * right named by a task. */
	{
		msgbuf_t m;

		EXPECT(msg_receive(&m, task, 0), MACH_RCV_INVALID_NAME);
	}
	EXPECT(mach_port_mod_refs(task, task, MACH_PORT_RIGHT_RECEIVE, -1),
	       KERN_INVALID_RIGHT);
}

/* A mach_port_type request for name, built by hand, sent to dest. */
static void type_request(msgbuf_t *m, mach_port_t dest, mach_port_t reply,
			 unsigned int reply_disp, mach_msg_id_t id, mach_port_t name)
{
	msg_init(m, MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, reply_disp), dest, reply, id);
	msg_add_inline(m, MACH_MSG_TYPE_PORT_NAME, 32, 1, &name);
}

/* The RetCode of a reply in m, checking its id, size and descriptor. */
static kern_return_t reply_code(int line, msgbuf_t *m, mach_msg_id_t id,
				mach_msg_size_t size)
{
	mig_reply_header_t *r = (mig_reply_header_t *)&m->head;

	if (m->head.msgh_id != id || m->head.msgh_size != size ||
	    r->RetCodeType.msgt_name != MACH_MSG_TYPE_INTEGER_32 ||
	    r->RetCodeType.msgt_size != 32 || r->RetCodeType.msgt_number != 1) {
		test_fail(line, "reply id %d size %u (expected %d, %u), RetCode type %u/%u/%u",
			  m->head.msgh_id, m->head.msgh_size, id, size,
			  r->RetCodeType.msgt_name, r->RetCodeType.msgt_size,
			  r->RetCodeType.msgt_number);
		return KERN_FAILURE;
	}
	return r->RetCode;
}

/* The task port's server, message by message. */
static void test_task_server(void)
{
	mach_port_t r = new_port(), p = new_port();
	mach_port_type_t pt;
	mach_msg_type_t t;
	msgbuf_t m;

	/* A well-formed request: reply id + 100 on the send-once right. */
	type_request(&m, task, r, MACH_MSG_TYPE_MAKE_SEND_ONCE, 3201, p);
	EXPECT(msg_send(&m, 0, 0), MACH_MSG_SUCCESS);
	EXPECT(msg_receive(&m, r, WAIT_MS), MACH_MSG_SUCCESS);
	EXPECT(reply_code(__LINE__, &m, 3301, 64), KERN_SUCCESS);
	CHECK_EQ(m.head.msgh_local_port, r);
	CHECK_EQ(m.head.msgh_remote_port, MACH_PORT_NULL);
	CHECK_EQ(m.head.msgh_bits, MACH_MSGH_BITS(0, MACH_MSG_TYPE_PORT_SEND_ONCE));
	memcpy(&t, m.bytes + 48, sizeof(t));
	memcpy(&pt, m.bytes + 56, sizeof(pt));
	CHECK(t.msgt_name == MACH_MSG_TYPE_INTEGER_32 && t.msgt_number == 1);
	CHECK_EQ(pt, MACH_PORT_TYPE_RECEIVE);
	CHECK_EQ(status_of(r).mps_sorights, 0);
	/* A send right as the reply port works as well. */
	type_request(&m, task, r, MACH_MSG_TYPE_MAKE_SEND, 3201, p);
	EXPECT(msg_send(&m, 0, 0), MACH_MSG_SUCCESS);
	EXPECT(msg_receive(&m, r, WAIT_MS), MACH_MSG_SUCCESS);
	EXPECT(reply_code(__LINE__, &m, 3301, 64), KERN_SUCCESS);
	CHECK_EQ(MACH_MSGH_BITS_LOCAL(m.head.msgh_bits), MACH_MSG_TYPE_PORT_SEND);
	CHECK(!status_of(r).mps_srights);	/* the reply used it up */
	/* The server's own errors come back in the reply. */
	type_request(&m, task, r, MACH_MSG_TYPE_MAKE_SEND_ONCE, 3201, BOGUS);
	EXPECT(msg_send(&m, 0, 0), MACH_MSG_SUCCESS);
	EXPECT(msg_receive(&m, r, WAIT_MS), MACH_MSG_SUCCESS);
	EXPECT(reply_code(__LINE__, &m, 3301, 48), KERN_INVALID_NAME);
	/* An id nobody serves. */
	type_request(&m, task, r, MACH_MSG_TYPE_MAKE_SEND_ONCE, 9999, p);
	EXPECT(msg_send(&m, 0, 0), MACH_MSG_SUCCESS);
	EXPECT(msg_receive(&m, r, WAIT_MS), MACH_MSG_SUCCESS);
	EXPECT(reply_code(__LINE__, &m, 10099, 48), MIG_BAD_ID);
	/* Arguments of the wrong type, or missing. */
	type_request(&m, task, r, MACH_MSG_TYPE_MAKE_SEND_ONCE, 3201, p);
	memcpy(&t, m.bytes + 32, sizeof(t));
	t.msgt_name = MACH_MSG_TYPE_INTEGER_16;
	t.msgt_size = 16;
	memcpy(m.bytes + 32, &t, sizeof(t));
	EXPECT(msg_send(&m, 0, 0), MACH_MSG_SUCCESS);
	EXPECT(msg_receive(&m, r, WAIT_MS), MACH_MSG_SUCCESS);
	EXPECT(reply_code(__LINE__, &m, 3301, 48), MIG_BAD_ARGUMENTS);
	type_request(&m, task, r, MACH_MSG_TYPE_MAKE_SEND_ONCE, 3201, p);
	m.head.msgh_size = sizeof(mach_msg_header_t);
	EXPECT(msg_send(&m, 0, 0), MACH_MSG_SUCCESS);
	EXPECT(msg_receive(&m, r, WAIT_MS), MACH_MSG_SUCCESS);
	EXPECT(reply_code(__LINE__, &m, 3301, 48), MIG_BAD_ARGUMENTS);
	/* Nothing else arrived; no right to r is left anywhere. */
	EXPECT(msg_receive(&m, r, 0), MACH_RCV_TIMED_OUT);
	CHECK_EQ(status_of(r).mps_sorights, 0);
	CHECK(!status_of(r).mps_srights);
	destroy(p);
	destroy(r);
}

/* Requests on ports that are not tasks, or not ports. */
static void test_other_ports(void)
{
	mach_port_t h = mach_host_self(), th = mach_thread_self();
	mach_port_type_t t;
	kern_return_t kr;

	EXPECT(mach_port_type(BOGUS, task, &t), MACH_SEND_INVALID_DEST);
	EXPECT(task_terminate(BOGUS), MACH_SEND_INVALID_DEST);
	/*
	 * The host and thread ports do not serve the task's interfaces.
	 * GNU Mach's server dispatches on the id and then fails to convert
	 * the port (KERN_INVALID_TASK, or KERN_INVALID_ARGUMENT from
	 * task_terminate(TASK_NULL)); a server that dispatches on the
	 * port's kind answers MIG_BAD_ID.  Either way: no success.
	 */
	kr = mach_port_type(h, task, &t);
	CHECK_MSG(kr == KERN_INVALID_TASK || kr == MIG_BAD_ID,
		  "mach_port_type on the host port returned 0x%x (%s)", kr, kr_name(kr));
	kr = mach_port_type(th, task, &t);
	CHECK_MSG(kr == KERN_INVALID_TASK || kr == MIG_BAD_ID,
		  "mach_port_type on the thread port returned 0x%x (%s)", kr, kr_name(kr));
	kr = task_terminate(h);
	CHECK_MSG(kr == KERN_INVALID_ARGUMENT || kr == MIG_BAD_ID,
		  "task_terminate on the host port returned 0x%x (%s)", kr, kr_name(kr));
	EXPECT(mach_port_deallocate(task, h), KERN_SUCCESS);
	EXPECT(mach_port_deallocate(task, th), KERN_SUCCESS);
}

/* task_terminate of a child: its port dies, our name for it goes dead. */
static void test_child(void)
{
	mach_port_t child = MACH_PORT_NULL;
	kern_return_t kr = task_create(task, FALSE, &child);

	if (kr == MIG_BAD_ID) {
		printf("%s: note: task_create not served yet, child test skipped\n",
		       test_suite);
		return;
	}
	EXPECT(kr, KERN_SUCCESS);
	if (kr != KERN_SUCCESS)
		return;
	CHECK_EQ(type_of(child), MACH_PORT_TYPE_SEND);
	EXPECT(task_terminate(child), KERN_SUCCESS);
	CHECK_EQ(type_of(child), MACH_PORT_TYPE_DEAD_NAME);
	EXPECT(task_terminate(child), MACH_SEND_INVALID_DEST);
	destroy(child);
}

int main(void)
{
	unsigned int names;
	kern_return_t kr;

	test_begin("kobject");
	names = name_count();
	test_self_traps();
	test_task_server();
	test_other_ports();
	test_child();
	CHECK_MSG(name_count() == names, "%u names left behind", name_count() - names);
	if (test_end())
		return 1;
	/* The end: the task terminates itself through its port.  A return
	 * is a failure (and exit() then ends the task through the trap). */
	kr = task_terminate(task);
	printf("kobject: FAIL: task_terminate(mach_task_self()) returned 0x%x (%s)\n",
	       kr, kr_name(kr));
	return 1;
}
