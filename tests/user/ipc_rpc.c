/*
 * tests/user/ipc_rpc.c - the RPC fast path (ipc/mach_msg_fast.c) between
 * two tasks, from user mode: the kernel suite ipc_rpc (tests/kernel/
 * test_ipc_rpc.c) starts "ipc_rpc server <case> <n>" and "ipc_rpc client
 * <case> <n>" with the server's receive right as name 1 in the server and
 * a send right to it as name 1 in the client, and checks the kernel's
 * counts afterwards.  Each side prints "ipc_rpc <role> <case>: PASS".
 *
 * Cases:
 *  basic     n RPCs carrying 64 bytes each way: contents, ids, the names
 *            each side sees (the server's receive name, a fresh send-once
 *            name for the reply, the client's reply port), the server's
 *            sequence numbers counting up by one across the run.
 *  too_large the server waits with a buffer for a header only: the
 *            request cannot be handed over, it is queued and the server
 *            gets MACH_RCV_TOO_LARGE (the message destroyed); the client,
 *            waiting for the answer, gets the send-once notification of
 *            its destroyed reply right.
 *  dies      the server takes the request and ends without replying: the
 *            client gets the send-once notification.
 *  abort     the server takes the request and waits for ever; the kernel
 *            aborts the client's wait (thread_abort):
 *            MACH_RCV_INTERRUPTED.  The kernel ends the server.
 */
#include <mica/runtime.h>
#include <mach/message.h>
#include <mach/notify.h>

#define TRAP_MACH_REPLY_PORT	(-26)
#define SERVICE			1	/* both sides' name for the service */
#define WORDS			8	/* 64 bytes of body */

struct rpc_msg {
	mach_msg_header_t h;
	mach_msg_type_t t;
	uint64_t w[WORDS];
};

static int failures;

#define CHECK(c) do {							\
	if (!(c)) {							\
		printf("ipc_rpc: FAIL: line %d: %s\n", __LINE__, #c);	\
		failures++;						\
	}								\
} while (0)

/* The trap through its own stub (user/arch/<arch>/traps.S), as Mach
 * programs call it: arguments in place, no notify port. */
static inline mach_msg_return_t msg_trap(mach_msg_header_t *m, int option,
					 unsigned int send_size,
					 unsigned int rcv_size,
					 mach_port_t rcv_name)
{
	return mach_msg_trap(m, option, send_size, rcv_size, rcv_name, 0,
			     MACH_PORT_NULL);
}

static long parse(const char *s)
{
	long n = 0;

	for (; s && *s >= '0' && *s <= '9'; s++)
		n = n * 10 + (*s - '0');
	return n;
}

static void body_init(struct rpc_msg *m, uint64_t seed)
{
	m->t = (mach_msg_type_t){ .msgt_name = MACH_MSG_TYPE_INTEGER_64,
		.msgt_size = 64, .msgt_number = WORDS, .msgt_inline = 1 };
	for (int i = 0; i < WORDS; i++)
		m->w[i] = seed * 1000 + (uint64_t)i;
}

/* The client: n calls of case c, each answered as the case says. */
static void client(const char *c, long n)
{
	mach_port_t reply = (mach_port_t)mach_trap_raw(TRAP_MACH_REPLY_PORT,
						       0, 0, 0, 0, 0, 0, 0);
	struct rpc_msg m;
	mach_msg_return_t mr;

	CHECK(reply != MACH_PORT_NULL);
	for (long i = 0; i < n; i++) {
		memset(&m, 0, sizeof(m));
		m.h.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
					       MACH_MSG_TYPE_MAKE_SEND_ONCE);
		m.h.msgh_size = sizeof(m);
		m.h.msgh_remote_port = SERVICE;
		m.h.msgh_local_port = reply;
		m.h.msgh_id = 100 + (int)i;
		body_init(&m, (uint64_t)i);
		mr = msg_trap(&m.h, MACH_SEND_MSG | MACH_RCV_MSG, sizeof(m),
			      sizeof(m), reply);
		if (!strcmp(c, "abort")) {
			CHECK(mr == MACH_RCV_INTERRUPTED);
			continue;
		}
		CHECK(mr == MACH_MSG_SUCCESS);
		if (strcmp(c, "basic")) {
			/* The reply right died unused: its notification. */
			CHECK(m.h.msgh_id == MACH_NOTIFY_SEND_ONCE);
			CHECK(m.h.msgh_local_port == reply);
			CHECK(m.h.msgh_remote_port == MACH_PORT_NULL);
			continue;
		}
		CHECK(m.h.msgh_id == 200 + (int)i);
		CHECK(m.h.msgh_size == sizeof(m));
		CHECK(m.h.msgh_local_port == reply);
		CHECK(m.h.msgh_remote_port == MACH_PORT_NULL);
		CHECK(m.h.msgh_bits == MACH_MSGH_BITS(0,
					MACH_MSG_TYPE_PORT_SEND_ONCE));
		for (int w = 0; w < WORDS; w++)
			CHECK(m.w[w] == ~((uint64_t)i * 1000 + (uint64_t)w));
	}
	printf("ipc_rpc client %s: %s\n", c, failures ? "FAIL" : "PASS");
}

/* The server: answer n requests of case c (basic), or fail them. */
static void server(const char *c, long n)
{
	struct rpc_msg m;
	mach_msg_return_t mr;
	uint32_t seqno = 0;

	if (!strcmp(c, "too_large")) {
		for (long i = 0; i < n; i++) {
			mr = msg_trap(&m.h, MACH_RCV_MSG, 0,
				      sizeof(mach_msg_header_t), SERVICE);
			CHECK(mr == MACH_RCV_TOO_LARGE);
		}
		printf("ipc_rpc server %s: %s\n", c, failures ? "FAIL" : "PASS");
		return;
	}
	mr = msg_trap(&m.h, MACH_RCV_MSG, 0, sizeof(m), SERVICE);
	CHECK(mr == MACH_MSG_SUCCESS);
	if (strcmp(c, "basic")) {
		/* dies: end with the request unanswered; abort: wait on. */
		printf("ipc_rpc server %s: %s\n", c, failures ? "FAIL" : "PASS");
		if (!strcmp(c, "abort"))
			msg_trap(&m.h, MACH_RCV_MSG, 0, sizeof(m), SERVICE);
		return;
	}
	for (long i = 0; i < n; i++) {
		CHECK(mr == MACH_MSG_SUCCESS);
		CHECK(m.h.msgh_id == 100 + (int)i);
		CHECK(m.h.msgh_local_port == SERVICE);
		CHECK(m.h.msgh_remote_port != MACH_PORT_NULL &&
		      m.h.msgh_remote_port != SERVICE);
		CHECK(MACH_MSGH_BITS_REMOTE(m.h.msgh_bits) ==
		      MACH_MSG_TYPE_PORT_SEND_ONCE);
		CHECK(MACH_MSGH_BITS_LOCAL(m.h.msgh_bits) ==
		      MACH_MSG_TYPE_PORT_SEND);
		CHECK(m.h.msgh_seqno == seqno);
		seqno++;
		for (int w = 0; w < WORDS; w++) {
			CHECK(m.w[w] == (uint64_t)i * 1000 + (uint64_t)w);
			m.w[w] = ~m.w[w];
		}
		/* Answer through the send-once right, and wait for the next
		 * request in the same call, as servers do. */
		m.h.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND_ONCE, 0);
		m.h.msgh_size = sizeof(m);
		m.h.msgh_local_port = MACH_PORT_NULL;
		m.h.msgh_id = 200 + (int)i;
		mr = msg_trap(&m.h, MACH_SEND_MSG |
			      (i + 1 < n ? MACH_RCV_MSG : 0), sizeof(m),
			      sizeof(m), SERVICE);
		if (i + 1 == n)
			CHECK(mr == MACH_MSG_SUCCESS);
	}
	printf("ipc_rpc server %s: %s\n", c, failures ? "FAIL" : "PASS");
}

int main(int argc, char **argv)
{
	if (argc < 4)
		return 2;
	if (!strcmp(argv[1], "client"))
		client(argv[2], parse(argv[3]));
	else if (!strcmp(argv[1], "server"))
		server(argv[2], parse(argv[3]));
	else
		return 2;
	return failures ? 1 : 0;
}
