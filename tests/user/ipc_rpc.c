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
 *  fuzz      n calls with exactly MACH_SEND_MSG | MACH_RCV_MSG (the fast
 *            path's entry) from a fixed seed, most of them mutated: header
 *            bits and dispositions, the three names (null, dead, stale,
 *            random, not a receive right), sizes (short, unaligned, too
 *            big for the fast path), a receive buffer too small, bad and
 *            unaligned buffer addresses.  Every result must be a documented
 *            code; late answers and notifications are drained; the server
 *            answers what reaches it.  The kernel checks that everything
 *            made is gone again.
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
static inline mach_msg_return_t msg_trap_t(mach_msg_header_t *m, int option,
					   unsigned int send_size,
					   unsigned int rcv_size,
					   mach_port_t rcv_name,
					   unsigned int timeout)
{
	return mach_msg_trap(m, option, send_size, rcv_size, rcv_name,
			     timeout, MACH_PORT_NULL);
}

static inline mach_msg_return_t msg_trap(mach_msg_header_t *m, int option,
					 unsigned int send_size,
					 unsigned int rcv_size,
					 mach_port_t rcv_name)
{
	return msg_trap_t(m, option, send_size, rcv_size, rcv_name, 0);
}

static void fuzz_client(long n);
static void fuzz_server(void);

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

/*
 * self_calls: messages to our own port in one send+receive call (the fast
 * path's fast_self): a send-once right made from the port, alone or with a
 * second one as the reply right: contents, names, bits and consecutive
 * sequence numbers; the reply right received is used (sent to, which
 * queues a message we then take) so that nothing is left.
 */
static void self_calls(mach_port_t port)
{
	struct rpc_msg m;
	mach_msg_return_t mr;
	uint32_t seq = 0;

	for (int i = 0; i < 20; i++) {
		bool with_reply = i & 1;

		memset(&m, 0, sizeof(m));
		m.h.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND_ONCE,
			with_reply ? MACH_MSG_TYPE_MAKE_SEND_ONCE : 0);
		m.h.msgh_size = sizeof(m);
		m.h.msgh_remote_port = port;
		m.h.msgh_local_port = with_reply ? port : MACH_PORT_NULL;
		m.h.msgh_id = 500 + i;
		body_init(&m, (uint64_t)i);
		mr = msg_trap(&m.h, MACH_SEND_MSG | MACH_RCV_MSG, sizeof(m),
			      sizeof(m), port);
		CHECK(mr == MACH_MSG_SUCCESS);
		CHECK(m.h.msgh_id == 500 + i);
		CHECK(m.h.msgh_local_port == port);
		if (i == 0)
			seq = m.h.msgh_seqno;
		CHECK(m.h.msgh_seqno == seq);
		seq++;
		for (int w = 0; w < WORDS; w++)
			CHECK(m.w[w] == (uint64_t)i * 1000 + (uint64_t)w);
		if (!with_reply) {
			CHECK(m.h.msgh_bits == MACH_MSGH_BITS(0,
				MACH_MSG_TYPE_PORT_SEND_ONCE));
			CHECK(m.h.msgh_remote_port == MACH_PORT_NULL);
			continue;
		}
		CHECK(m.h.msgh_bits == MACH_MSGH_BITS(
			MACH_MSG_TYPE_PORT_SEND_ONCE, MACH_MSG_TYPE_PORT_SEND_ONCE));
		CHECK(m.h.msgh_remote_port != MACH_PORT_NULL &&
		      m.h.msgh_remote_port != port);
		/* Use the reply right: a message to ourselves again. */
		m.h.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND_ONCE, 0);
		m.h.msgh_size = sizeof(mach_msg_header_t);
		m.h.msgh_local_port = MACH_PORT_NULL;
		m.h.msgh_id = 600 + i;
		mr = msg_trap(&m.h, MACH_SEND_MSG | MACH_RCV_MSG,
			      sizeof(mach_msg_header_t), sizeof(m), port);
		CHECK(mr == MACH_MSG_SUCCESS);
		CHECK(m.h.msgh_id == 600 + i && m.h.msgh_seqno == seq);
		seq++;
	}
}

/* The client: n calls of case c, each answered as the case says. */
static void client(const char *c, long n)
{
	mach_port_t reply = (mach_port_t)mach_trap_raw(TRAP_MACH_REPLY_PORT,
						       0, 0, 0, 0, 0, 0, 0);
	struct rpc_msg m;
	mach_msg_return_t mr;

	CHECK(reply != MACH_PORT_NULL);
	if (!strcmp(c, "fuzz")) {
		fuzz_client(n);
		return;
	}
	if (!strcmp(c, "basic"))
		self_calls(reply);
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

/* ---- The fuzz case ------------------------------------------------------- */

#define FUZZ_STOP	999
#define FUZZ_HELLO	998

static uint32_t rng = 0x1badf00du;

static uint32_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 17;
	rng ^= rng << 5;
	return rng;
}

/* Is mr a code mach_msg may return (success, possibly with the copyout
 * bits, or a documented MACH_SEND_* / MACH_RCV_* error)? */
static bool documented(mach_msg_return_t mr)
{
	if ((mr & ~(MACH_MSG_IPC_SPACE | MACH_MSG_VM_SPACE |
		    MACH_MSG_IPC_KERNEL | MACH_MSG_VM_KERNEL)) == 0)
		return true;
	if (mr >= MACH_SEND_INVALID_DATA && mr <= MACH_SEND_INVALID_HEADER)
		return true;
	return mr >= MACH_RCV_INVALID_NAME && mr <= MACH_RCV_BODY_ERROR;
}

/* A name to mutate into: null, dead, one of ours, or garbage. */
static mach_port_t some_name(mach_port_t reply)
{
	switch (next() % 6) {
	case 0: return MACH_PORT_NULL;
	case 1: return MACH_PORT_DEAD;
	case 2: return reply;
	case 3: return SERVICE;
	case 4: return (next() & 0xff) | ((next() & 3) << 24);	/* stale */
	default: return next();
	}
}

/* Take whatever waits on the reply port (late answers, notifications). */
static unsigned int drain(mach_port_t reply)
{
	struct { mach_msg_header_t h; uint8_t body[512]; } in;
	unsigned int n = 0;

	while (msg_trap_t(&in.h, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0,
			  sizeof(in), reply, 0) == MACH_MSG_SUCCESS)
		n++;
	return n;
}

static void fuzz_client(long n)
{
	mach_port_t reply = (mach_port_t)mach_trap_raw(TRAP_MACH_REPLY_PORT,
						       0, 0, 0, 0, 0, 0, 0);
	static struct { struct rpc_msg m; uint8_t pad[320]; } buf;
	unsigned long ok = 0, errors = 0;
	mach_msg_return_t mr;
	bool stopped = false;

	/* A send right to our reply port for the server: every request
	 * that reaches it is answered, with or without a reply right of its
	 * own, so no call waits for ever. */
	memset(&buf, 0, sizeof(buf));
	buf.m.h.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
					   MACH_MSG_TYPE_MAKE_SEND);
	buf.m.h.msgh_size = sizeof(mach_msg_header_t);
	buf.m.h.msgh_remote_port = SERVICE;
	buf.m.h.msgh_local_port = reply;
	buf.m.h.msgh_id = FUZZ_HELLO;
	CHECK(msg_trap(&buf.m.h, MACH_SEND_MSG, sizeof(mach_msg_header_t), 0,
		       MACH_PORT_NULL) == MACH_MSG_SUCCESS);
	for (long i = 0; i < n; i++) {
		mach_msg_header_t *h = &buf.m.h;
		unsigned int send_size = sizeof(struct rpc_msg);
		unsigned int rcv_size = sizeof(buf);
		mach_port_t rcv_name = reply;

		memset(&buf, 0, sizeof(buf));
		h->msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
					      MACH_MSG_TYPE_MAKE_SEND_ONCE);
		h->msgh_size = sizeof(struct rpc_msg);
		h->msgh_remote_port = SERVICE;
		h->msgh_local_port = reply;
		h->msgh_id = 100;
		body_init(&buf.m, (uint64_t)i);
		switch (next() % 12) {
		case 0: h->msgh_bits = next(); break;
		case 1: h->msgh_bits = MACH_MSGH_BITS(next() % 32,
					MACH_MSG_TYPE_MAKE_SEND_ONCE); break;
		case 2: h->msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
					next() % 32); break;
		case 3: h->msgh_remote_port = some_name(reply); break;
		case 4: h->msgh_local_port = some_name(reply); break;
		case 5: send_size = next() % 330; break;
		case 6: rcv_name = some_name(reply); break;
		case 7: rcv_size = next() % 48; break;
		case 8: h->msgh_size = next(); break;
		case 9:
			/* A bad buffer, or the message at an unaligned
			 * address inside ours. */
			if (next() & 1) {
				h = (mach_msg_header_t *)(uintptr_t)
				    (0x1000 + (next() & 0xfff));
			} else {
				h = (mach_msg_header_t *)((uint8_t *)&buf + 4);
				memmove(h, &buf.m, sizeof(struct rpc_msg));
			}
			break;
		default:
			break;	/* a valid call */
		}
		/* Never give away our one send right to the service (a
		 * MOVE_SEND of it would end the run, correctly). */
		if ((uintptr_t)h >= 0x10000 &&
		    ((h->msgh_remote_port == SERVICE &&
		      MACH_MSGH_BITS_REMOTE(h->msgh_bits) ==
		      MACH_MSG_TYPE_MOVE_SEND) ||
		     (h->msgh_local_port == SERVICE &&
		      MACH_MSGH_BITS_LOCAL(h->msgh_bits) ==
		      MACH_MSG_TYPE_MOVE_SEND)))
			h->msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
						      MACH_MSG_TYPE_MAKE_SEND_ONCE);
		mr = msg_trap(h, MACH_SEND_MSG | MACH_RCV_MSG, send_size,
			      rcv_size, rcv_name);
		if (!documented(mr)) {
			printf("ipc_rpc: FAIL: call %ld returned %#x\n", i, mr);
			failures++;
		}
		if (mr == MACH_MSG_SUCCESS)
			ok++;
		else
			errors++;
		drain(reply);
	}
	/* The server stops; what it still answers arrives before that. */
	memset(&buf, 0, sizeof(buf));
	buf.m.h.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
					   MACH_MSG_TYPE_MAKE_SEND_ONCE);
	buf.m.h.msgh_size = sizeof(mach_msg_header_t);
	buf.m.h.msgh_remote_port = SERVICE;
	buf.m.h.msgh_local_port = reply;
	buf.m.h.msgh_id = FUZZ_STOP;
	mr = msg_trap(&buf.m.h, MACH_SEND_MSG | MACH_RCV_MSG,
		      sizeof(mach_msg_header_t), sizeof(buf), reply);
	CHECK(mr == MACH_MSG_SUCCESS);
	/* Older answers may come first (calls whose receive failed). */
	for (int k = 0; k < 100 && mr == MACH_MSG_SUCCESS; k++) {
		if (buf.m.h.msgh_id == FUZZ_STOP + 100) {
			stopped = true;
			break;
		}
		mr = msg_trap_t(&buf.m.h, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0,
				sizeof(buf), reply, 5000);
	}
	CHECK(stopped);
	drain(reply);
	printf("ipc_rpc fuzz: %lu calls, %lu answered, %lu refused\n",
	       (unsigned long)n, ok, errors);
	CHECK(ok > 0 && errors > 0);
	printf("ipc_rpc client fuzz: %s\n", failures ? "FAIL" : "PASS");
}

/* Answer whatever arrives until the stop request (or a long silence). */
static void fuzz_server(void)
{
	struct { mach_msg_header_t h; uint8_t body[512]; } m;
	mach_port_t client_port = MACH_PORT_NULL;
	mach_msg_return_t mr;
	unsigned int rd;
	int id;

	for (;;) {
		mr = msg_trap_t(&m.h, MACH_RCV_MSG | MACH_RCV_TIMEOUT |
				MACH_RCV_LARGE, 0, sizeof(m), SERVICE, 20000);
		if (mr == MACH_RCV_TOO_LARGE) {
			/* Only the fast path's size limit sends at most 330
			 * bytes: nothing should be larger than our buffer. */
			CHECK(0);
			return;
		}
		if (mr != MACH_MSG_SUCCESS) {
			printf("ipc_rpc: FAIL: server receive %#x\n", mr);
			failures++;
			return;
		}
		id = m.h.msgh_id;
		rd = MACH_MSGH_BITS_REMOTE(m.h.msgh_bits);
		if (id == FUZZ_HELLO && rd == MACH_MSG_TYPE_PORT_SEND &&
		    client_port == MACH_PORT_NULL) {
			client_port = m.h.msgh_remote_port;
			continue;
		}
		if (m.h.msgh_remote_port != MACH_PORT_NULL &&
		    m.h.msgh_remote_port != MACH_PORT_DEAD &&
		    rd == MACH_MSG_TYPE_PORT_SEND_ONCE) {
			/* Answer through the send-once reply right. */
			m.h.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND_ONCE, 0);
		} else if (m.h.msgh_remote_port != MACH_PORT_NULL &&
			   m.h.msgh_remote_port != MACH_PORT_DEAD &&
			   rd == MACH_MSG_TYPE_PORT_SEND) {
			m.h.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0);
		} else if (client_port != MACH_PORT_NULL) {
			/* No reply right: answer on the client's port. */
			m.h.msgh_remote_port = client_port;
			m.h.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0);
		} else {
			if (id == FUZZ_STOP)
				break;
			continue;
		}
		m.h.msgh_size = sizeof(mach_msg_header_t);
		m.h.msgh_local_port = MACH_PORT_NULL;
		m.h.msgh_id = id + 100;
		mr = msg_trap_t(&m.h, MACH_SEND_MSG | MACH_SEND_TIMEOUT,
				sizeof(mach_msg_header_t), 0, MACH_PORT_NULL, 5000);
		if (!documented(mr)) {
			printf("ipc_rpc: FAIL: server answer %#x\n", mr);
			failures++;
		}
		if (id == FUZZ_STOP)
			break;
	}
	printf("ipc_rpc server fuzz: %s\n", failures ? "FAIL" : "PASS");
}

/* The server: answer n requests of case c (basic), or fail them. */
static void server(const char *c, long n)
{
	struct rpc_msg m;
	mach_msg_return_t mr;
	uint32_t seqno = 0;

	if (!strcmp(c, "fuzz")) {
		fuzz_server();
		return;
	}
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
