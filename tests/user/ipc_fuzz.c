/*
 * tests/user/ipc_fuzz.c - 10,000 random and mutated messages through the
 * real mach_msg trap.
 *
 * Half of the messages are well formed before mutation (rights this task
 * really holds, valid item types), half random; then bytes are flipped,
 * sizes truncated, pointers made wild.  Every send is non-blocking; every
 * queued message is received again (some with a too-small buffer).  The
 * module checks that every call returns a documented code and never
 * crashes; the kernel suite checks, after the task is gone, that ports,
 * messages and pages are back where they were.
 */
#include "ipc_test.h"

#define ITERATIONS	10000
#define NPORTS		8

static uint64_t rng = 0x5eed;

static uint32_t rnd(void)
{
	rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
	return (uint32_t)(rng >> 33);
}

/* Codes a send may legitimately return. */
static bool send_code_ok(mach_msg_return_t mr)
{
	switch (mr & ~MACH_MSG_MASK) {
	case MACH_MSG_SUCCESS:
	case MACH_SEND_INVALID_DATA:
	case MACH_SEND_INVALID_DEST:
	case MACH_SEND_TIMED_OUT:
	case MACH_SEND_MSG_TOO_SMALL:
	case MACH_SEND_INVALID_REPLY:
	case MACH_SEND_INVALID_RIGHT:
	case MACH_SEND_INVALID_MEMORY:
	case MACH_SEND_NO_BUFFER:
	case MACH_SEND_INVALID_TYPE:
	case MACH_SEND_INVALID_HEADER:
		return true;
	default:
		return false;
	}
}

static bool rcv_code_ok(mach_msg_return_t mr)
{
	switch (mr & ~MACH_MSG_MASK) {
	case MACH_MSG_SUCCESS:
	case MACH_RCV_TIMED_OUT:
	case MACH_RCV_TOO_LARGE:
	case MACH_RCV_INVALID_DATA:
	case MACH_RCV_INVALID_NAME:
		return true;
	default:
		return false;
	}
}

static void add_item(msgbuf_t *m, unsigned int name, unsigned int bits,
		     uint32_t number, bool is_inline, const void *data, size_t bytes)
{
	mach_msg_type_t t;

	if (m->head.msgh_size + 8 + ((bytes + 7) & ~7u) > MSG_MAX)
		return;
	memset(&t, 0, sizeof(t));
	t.msgt_name = name;
	t.msgt_size = bits;
	t.msgt_number = number;
	t.msgt_inline = is_inline;
	memcpy(m->bytes + m->head.msgh_size, &t, 8);
	m->head.msgh_size += 8;
	memcpy(m->bytes + m->head.msgh_size, data, bytes);
	m->head.msgh_size += (bytes + 7) & ~7u;
}

int main(void)
{
	/*
	 * Alone in its page: a flipped bit may set the deallocate flag of an
	 * item sent from it, which then unmaps exactly this page (later sends
	 * from it fail with MACH_SEND_INVALID_MEMORY), nothing else.
	 */
	static uint8_t ool[4096] __attribute__((aligned(4096)));
	mach_port_t ports[NPORTS];
	int accepted = 0, received = 0;

	test_begin("ipc_fuzz");
	for (int i = 0; i < NPORTS; i++) {
		ports[i] = new_port();
		make_send(ports[i]);
		EXPECT(mach_port_set_qlimit(task, ports[i], MACH_PORT_QLIMIT_MAX),
		       KERN_SUCCESS);
	}
	for (int iter = 0; iter < ITERATIONS && test_failures < 20; iter++) {
		uint32_t r = rnd();
		bool sane = r % 2;
		msgbuf_t m;
		mach_msg_return_t mr;
		mach_msg_header_t *target = &m.head;
		mach_msg_size_t len;

		memset(&m, 0, 64);
		m.head.msgh_bits = MACH_MSGH_BITS(sane ? 19 + (r >> 1) % 3 : 16 + (r >> 1) % 8,
						  (r >> 4) % 2 ? (sane ? 20 + (r >> 5) % 2
								       : (r >> 5) % 24) : 0);
		m.head.msgh_size = sizeof(mach_msg_header_t);
		m.head.msgh_remote_port = sane || (r >> 8) % 2 ? ports[(r >> 9) % NPORTS]
							      : rnd();
		m.head.msgh_local_port = (r >> 4) % 2 ? ports[(r >> 12) % NPORTS] : 0;
		m.head.msgh_id = (int)iter;
		for (int j = 0; j < (int)((r >> 15) % 4); j++) {
			uint64_t v[4];
			uint32_t q = rnd();
			unsigned int name = sane ? ((q % 3) ? 2 : 20 + (q >> 2) % 2) : q % 24;
			unsigned int bits = name >= 16 && name <= 21 ? 64 : (sane ? 32 : 8 << (q % 4));
			uint32_t num = 1 + (q >> 4) % 4;
			bool inl = sane || (q >> 8) % 4;

			for (int k = 0; k < 4; k++)
				v[k] = name >= 16 && name <= 21 ? ports[(q >> (10 + k)) % NPORTS]
								: rnd();
			if (!inl)
				v[0] = (q >> 12) % 2 ? (uint64_t)(uintptr_t)ool : rnd();
			m.head.msgh_bits |= MACH_MSGH_BITS_COMPLEX;
			add_item(&m, name, bits, num, inl, v,
				 inl ? ((size_t)num * bits + 7) / 8 : 8);
		}
		/* Mutations (the length is kept aside: flips may hit the
		 * header's own size field). */
		len = m.head.msgh_size;
		if (!sane) {
			for (int f = 0; f < (int)((r >> 20) % 4); f++)
				m.bytes[rnd() % len] ^= (uint8_t)(1u << (rnd() % 8));
			if ((r >> 24) % 8 == 0)
				len = (rnd() % len) & ~7u;
			if ((r >> 27) % 16 == 0)
				target = (mach_msg_header_t *)(uintptr_t)((r >> 28) % 2 ? 0
						: 0xffffffff80000000UL);
		}
		mr = mach_msg(target, MACH_SEND_MSG | MACH_SEND_TIMEOUT,
			      target == &m.head ? len : 64, 0,
			      MACH_PORT_NULL, 0, MACH_PORT_NULL);
		CHECK_MSG(send_code_ok(mr), "iteration %d: send returned %#x", iter,
			  (unsigned)mr);
		if (mr == MACH_MSG_SUCCESS)
			accepted++;
		/* Drain: sometimes with a buffer too small for the message. */
		for (int p = 0; p < NPORTS; p++) {
			for (;;) {
				msgbuf_t in;
				mach_msg_size_t size = rnd() % 8 == 0 ? 32 : sizeof(in);

				mr = mach_msg(&in.head, MACH_RCV_MSG | MACH_RCV_TIMEOUT |
					      (rnd() % 2 ? MACH_RCV_LARGE : 0), 0, size,
					      ports[p], 0, MACH_PORT_NULL);
				CHECK_MSG(rcv_code_ok(mr), "receive returned %#x", (unsigned)mr);
				if (mr == MACH_RCV_TOO_LARGE && size < sizeof(in))
					continue;	/* now with room, or it was dropped */
				if (mr != MACH_MSG_SUCCESS)
					break;
				received++;
				/* Drop what arrived: the reply right and body rights
				 * go when the task ends; a send-once reply is used
				 * up now so that rights do not pile up. */
				if (MACH_MSGH_BITS_REMOTE(in.head.msgh_bits) ==
				    MACH_MSG_TYPE_PORT_SEND_ONCE)
					mach_port_deallocate(task, in.head.msgh_remote_port);
			}
		}
	}
	printf("ipc_fuzz: %d messages sent, %d accepted, %d received\n", ITERATIONS,
	       accepted, received);
	CHECK(accepted > ITERATIONS / 10);
	CHECK(received > 0);
	return test_end();
}
