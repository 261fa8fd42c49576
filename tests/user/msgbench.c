/*
 * tests/user/msgbench.c - the user half of the message benchmarks and a
 * smoke test of mach_msg: "msgbench self N" sends a header-only message
 * to a port of its own and receives it, N times (the kernel's self_msg
 * benchmark times N against 0); "msgbench check" sends and receives one
 * message with data and a right and prints "msgbench: PASS" if it arrived
 * intact; "msgbench client N name" / "server N name" are the two ends of
 * the null RPC benchmarks (the kernel sets up the rights).
 */
#include <mica/runtime.h>
#include <mach/message.h>

#define TRAP_MACH_REPLY_PORT	(-26)

/* The trap through its own stub (user/arch/<arch>/traps.S), as Mach
 * programs call it: arguments in place, no notify port. */
static inline mach_msg_return_t msg_trap(mach_msg_header_t *m, int option,
					 unsigned int send_size,
					 unsigned int rcv_size,
					 mach_port_t rcv_name,
					 unsigned int timeout)
{
	return mach_msg_trap(m, option, send_size, rcv_size, rcv_name,
			     timeout, MACH_PORT_NULL);
}

static long parse(const char *s)
{
	long n = 0;

	for (; s && *s >= '0' && *s <= '9'; s++)
		n = n * 10 + (*s - '0');
	return n;
}

static int self_loop(long n)
{
	mach_port_t port = (mach_port_t)mach_trap_raw(TRAP_MACH_REPLY_PORT,
						      0, 0, 0, 0, 0, 0, 0);
	mach_msg_header_t m;

	for (long i = 0; i < n; i++) {
		m.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND_ONCE, 0);
		m.msgh_size = sizeof(m);
		m.msgh_remote_port = port;
		m.msgh_local_port = MACH_PORT_NULL;
		m.msgh_id = 1;
		if (msg_trap(&m, MACH_SEND_MSG | MACH_RCV_MSG, sizeof(m),
			     sizeof(m), port, 0) != MACH_MSG_SUCCESS)
			return 1;
	}
	return 0;
}

/*
 * rpc_client: n null RPCs to the send right `server` (reply through a
 * made send-once right of a reply port of its own).
 */
static int rpc_client(long n, mach_port_t server)
{
	mach_port_t reply = (mach_port_t)mach_trap_raw(TRAP_MACH_REPLY_PORT,
						       0, 0, 0, 0, 0, 0, 0);
	mach_msg_header_t m;

	for (long i = 0; i < n; i++) {
		m.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
					     MACH_MSG_TYPE_MAKE_SEND_ONCE);
		m.msgh_size = sizeof(m);
		m.msgh_remote_port = server;
		m.msgh_local_port = reply;
		m.msgh_id = 2;
		if (msg_trap(&m, MACH_SEND_MSG | MACH_RCV_MSG, sizeof(m),
			     sizeof(m), reply, 0) != MACH_MSG_SUCCESS)
			return 1;
	}
	return 0;
}

/* rpc_server: answer n requests arriving on the receive right `port`. */
static int rpc_server(long n, mach_port_t port)
{
	mach_msg_header_t m;

	if (n == 0)
		return 0;
	if (msg_trap(&m, MACH_RCV_MSG, 0, sizeof(m), port, 0) != MACH_MSG_SUCCESS)
		return 1;
	for (long i = 1; i <= n; i++) {
		/* The reply right arrived as remote: answer, and wait for the
		 * next request in the same trap, as servers do. */
		m.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND_ONCE, 0);
		m.msgh_size = sizeof(m);
		m.msgh_local_port = MACH_PORT_NULL;
		if (msg_trap(&m, MACH_SEND_MSG | (i < n ? MACH_RCV_MSG : 0),
			     sizeof(m), sizeof(m), port, 0) != MACH_MSG_SUCCESS)
			return 1;
	}
	return 0;
}

static int check(void)
{
	mach_port_t port = (mach_port_t)mach_trap_raw(TRAP_MACH_REPLY_PORT,
						      0, 0, 0, 0, 0, 0, 0);
	struct {
		mach_msg_header_t h;
		mach_msg_type_t t;
		int32_t data[4];
		mach_msg_type_t pt;
		mach_port_name_inlined_t right;
	} m, r;
	mach_msg_return_t mr;

	memset(&m, 0, sizeof(m));
	m.h.msgh_bits = MACH_MSGH_BITS_COMPLEX |
			MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0);
	m.h.msgh_remote_port = port;
	m.h.msgh_id = 4242;
	m.t = (mach_msg_type_t){ .msgt_name = MACH_MSG_TYPE_INTEGER_32,
		.msgt_size = 32, .msgt_number = 4, .msgt_inline = 1 };
	for (int i = 0; i < 4; i++)
		m.data[i] = 1000 + i;
	m.pt = (mach_msg_type_t){ .msgt_name = MACH_MSG_TYPE_MAKE_SEND,
		.msgt_size = 64, .msgt_number = 1, .msgt_inline = 1 };
	m.right.slot = port;
	mr = msg_trap(&m.h, MACH_SEND_MSG, sizeof(m), 0, 0, 0);
	if (mr) {
		printf("msgbench: FAIL: send %#x\n", mr);
		return 1;
	}
	memset(&r, 0, sizeof(r));
	mr = msg_trap(&r.h, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0, sizeof(r), port, 100);
	if (mr) {
		printf("msgbench: FAIL: receive %#x\n", mr);
		return 1;
	}
	if (r.h.msgh_id != 4242 || r.h.msgh_local_port != port ||
	    r.data[0] != 1000 || r.data[3] != 1003 || r.right.name != port ||
	    r.pt.msgt_name != MACH_MSG_TYPE_PORT_SEND) {
		printf("msgbench: FAIL: message changed in transit\n");
		return 1;
	}
	mr = msg_trap(&r.h, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0, sizeof(r), port, 0);
	if (mr != MACH_RCV_TIMED_OUT) {
		printf("msgbench: FAIL: empty queue gave %#x\n", mr);
		return 1;
	}
	printf("msgbench: PASS\n");
	return 0;
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "check"))
		return check();
	if (argc > 2 && !strcmp(argv[1], "self"))
		return self_loop(parse(argv[2]));
	if (argc > 3 && !strcmp(argv[1], "client"))
		return rpc_client(parse(argv[2]), (mach_port_t)parse(argv[3]));
	if (argc > 3 && !strcmp(argv[1], "server"))
		return rpc_server(parse(argv[2]), (mach_port_t)parse(argv[3]));
	return 2;
}
