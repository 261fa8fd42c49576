/*
 * tests/user/vmool.c - the vm_ool suite's module (tests/kernel/
 * test_vm_ool.c): out-of-line memory between two tasks as a virtual copy.
 *
 * "vmool sender" and "vmool receiver" run in two tasks; the kernel gives
 * the receiver a receive right named 1 and the sender a send right to it
 * named 1.  They go through these steps in lock step (each message of the
 * sender waits for the receiver's reply), so that the kernel's global
 * counters (vm_statistics: free_count, cow_faults, the pages copied on
 * write) change only by what the step does:
 *
 *  1. the sender fills a 64 MiB region (a pattern on every page) and sends
 *     it out of line; the receiver checks every page, and that no page was
 *     copied (cow_faults unchanged, free pages within SLACK of the
 *     sender's count before the send, where a copy would take 16,384);
 *  2. the receiver writes 3 pages: exactly 3 copies; the sender still
 *     sees its own data there, then writes 2 pages: exactly 2 copies, and
 *     the receiver still sees the original data there;
 *  3. the sender sends the region again with the deallocate flag: it
 *     leaves the sender (vm_read: KERN_INVALID_ADDRESS), the receiver gets
 *     the sender's latest data, and its writes copy nothing (the memory
 *     moved);
 *  4. errors: out-of-line memory not allocated (wholly or in part, with
 *     and without the deallocate flag: nothing moves) or not readable is
 *     MACH_SEND_INVALID_MEMORY; a receiver whose address space is full
 *     gets MACH_RCV_BODY_ERROR | MACH_MSG_VM_SPACE, address 0 and the rest
 *     of the message, and the region is destroyed (the kernel's leak check
 *     at the end); a send that times out returns its region (moved or
 *     not) to the sender, and a destroyed message destroys its region.
 *
 * Benchmark roles (tests/kernel/bench_ool.c, make bench): "vmool
 * ool-client N size" sends N + 1 requests carrying size bytes out of line
 * (a region it filled once) to the send right 1 and waits for each reply;
 * "vmool ool-server N" receives them, vm_deallocates the region and
 * replies; "inline-client"/"inline-server" do the same with 4 KiB inline;
 * "memcpy N size" copies size bytes between two buffers N times.
 */
#include "ipc_test.h"
#include <mach/mach_traps.h>

/* vm_prot_t values (GNU Mach's <mach/vm_prot.h>; no user header has them yet). */
#ifndef VM_PROT_READ
#define VM_PROT_NONE	0x0
#define VM_PROT_READ	0x1
#define VM_PROT_WRITE	0x2
#endif

#define PAGE		4096ul
#define REGION		(64ul << 20)
#define NPAGES		(REGION / PAGE)
#define MAGIC		0x5a17c0de00000000ul
/*
 * Free pages the transfer may use: the receiver's reads map 16,384 pages,
 * which takes page tables and pv entries (160 pages on every port), and
 * the kernel's structures.  A physical copy would take 16,384 more.
 */
#define SLACK		256
#define TIMEOUT		120000		/* ms: filling 64 MiB under TCG */

#define ID_DATA		100	/* OOL region + inline: free0, cow0, npages */
#define ID_CHECK	101	/* inline: pages the sender wrote */
#define ID_FILL		102	/* fill your address space */
#define ID_NOROOM	103	/* OOL region that cannot be received */
#define ID_DONE		104

#define RECV_NAME	1	/* receiver: receive right; sender: send right */

static mach_port_t reply_port;

static void stats(vm_statistics_data_t *s)
{
	EXPECT(vm_statistics(task, s), KERN_SUCCESS);
}

static uint64_t pattern(unsigned long page, unsigned long gen)
{
	return MAGIC ^ (page << 8) ^ gen;
}

/* Write the pattern of generation gen at both ends of page i of r. */
static void put_page(volatile uint64_t *r, unsigned long i, unsigned long gen)
{
	r[i * (PAGE / 8)] = pattern(i, gen);
	r[i * (PAGE / 8) + PAGE / 8 - 1] = ~pattern(i, gen);
}

static bool page_is(const volatile uint64_t *r, unsigned long i,
		    unsigned long gen)
{
	return r[i * (PAGE / 8)] == pattern(i, gen) &&
	       r[i * (PAGE / 8) + PAGE / 8 - 1] == ~pattern(i, gen);
}

/* ---- Sender --------------------------------------------------------------- */

/*
 * request: send m to the receiver with a send-once right for the reply
 * and wait for the reply; returns the reply's inline status (or -1).
 */
static long request(msgbuf_t *m)
{
	msgbuf_t r;
	struct msg_item it;
	int64_t status = -1;

	m->head.msgh_bits |= MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
					    MACH_MSG_TYPE_MAKE_SEND_ONCE);
	m->head.msgh_remote_port = RECV_NAME;
	m->head.msgh_local_port = reply_port;
	EXPECT(msg_send(m, 0, 0), MACH_MSG_SUCCESS);
	EXPECT(msg_receive(&r, reply_port, TIMEOUT), MACH_MSG_SUCCESS);
	if (msg_item(&r, 0, &it))
		memcpy(&status, it.data, 8);
	return status;
}

static void data_msg(msgbuf_t *m, mach_msg_id_t id, const void *region,
		     size_t size, bool dealloc, const int64_t *vals)
{
	msg_init(m, 0, RECV_NAME, MACH_PORT_NULL, id);
	msg_add_ool(m, MACH_MSG_TYPE_BYTE, 8, (unsigned int)size, region,
		    dealloc);
	msg_add_inline(m, MACH_MSG_TYPE_INTEGER_64, 64, 4, vals);
}

/* The send of an out-of-line region that must fail as want. */
static void send_bad(const void *addr, size_t size, bool dealloc,
		     mach_msg_return_t want)
{
	int64_t vals[4] = { 0 };
	msgbuf_t m;

	data_msg(&m, ID_DATA, addr, size, dealloc, vals);
	m.head.msgh_bits |= MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0);
	EXPECT(msg_send(&m, MACH_SEND_TIMEOUT, 0), want);
}

/*
 * pseudo_receive: a send that times out gives its region back (moved
 * regions too, at a new address); a queued message that is destroyed
 * takes its region with it (the kernel's leak check).  b holds 3 pages
 * of generation 3.
 */
static void pseudo_receive(volatile uint64_t *b)
{
	mach_port_t p = new_port();
	vm_address_t c = 0;
	struct msg_item it;
	int64_t vals[4] = { 0 };
	volatile uint64_t *back;
	msgbuf_t m;

	EXPECT(mach_port_set_qlimit(task, p, 1), KERN_SUCCESS);
	data_msg(&m, ID_DATA, (void *)b, 3 * PAGE, false, vals);
	m.head.msgh_remote_port = p;
	m.head.msgh_bits |= MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0);
	EXPECT(msg_send(&m, MACH_SEND_TIMEOUT, 0), MACH_MSG_SUCCESS);
	EXPECT(vm_allocate(task, &c, 2 * PAGE, TRUE), KERN_SUCCESS);
	put_page((volatile uint64_t *)c, 0, 5);
	put_page((volatile uint64_t *)c, 1, 5);
	data_msg(&m, ID_DATA, (void *)c, 2 * PAGE, true, vals);
	m.head.msgh_remote_port = p;
	m.head.msgh_bits |= MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0);
	EXPECT(msg_send(&m, MACH_SEND_TIMEOUT, 0), MACH_SEND_TIMED_OUT);
	back = msg_item(&m, 0, &it) ? msg_item_ool(&it) : NULL;
	CHECK(back != NULL);
	if (back) {
		CHECK(page_is(back, 0, 5) && page_is(back, 1, 5));
		EXPECT(vm_deallocate(task, (vm_address_t)back, 2 * PAGE),
		       KERN_SUCCESS);
	}
	if ((vm_address_t)back != c)
		EXPECT(vm_deallocate(task, c, 2 * PAGE), KERN_SUCCESS);
	EXPECT(mach_port_mod_refs(task, p, MACH_PORT_RIGHT_SEND, -1),
	       KERN_SUCCESS);
	destroy(p);		/* and the queued message with its region */
}

static int sender(void)
{
	vm_address_t a = 0, b = 0, region, size;
	volatile uint64_t *r;
	vm_statistics_data_t s0, s1;
	vm_prot_t prot, max;
	vm_inherit_t inh;
	boolean_t shared;
	mach_port_t obj;
	vm_offset_t off, data;
	mach_msg_type_number_t count;
	int64_t vals[4];
	msgbuf_t m;

	test_begin("vmool sender");
	reply_port = new_port();
	EXPECT(vm_allocate(task, &a, REGION, TRUE), KERN_SUCCESS);
	r = (volatile uint64_t *)a;
	for (unsigned long i = 0; i < NPAGES; i++)
		put_page(r, i, 0);

	/* 1. The transfer: nothing copied (the receiver checks). */
	stats(&s0);
	vals[0] = s0.free_count;
	vals[1] = s0.cow_faults;
	vals[2] = NPAGES;
	vals[3] = 0;
	data_msg(&m, ID_DATA, (void *)a, REGION, false, vals);
	CHECK_EQ(request(&m), 0);

	/* 2. The receiver wrote pages 0, NPAGES / 2, NPAGES - 1: not here. */
	CHECK(page_is(r, 0, 0) && page_is(r, NPAGES / 2, 0) &&
	      page_is(r, NPAGES - 1, 0));
	stats(&s0);
	put_page(r, 1, 7);
	put_page(r, 100, 7);
	stats(&s1);
	CHECK_EQ(s1.cow_faults - s0.cow_faults, 2);
	msg_init(&m, 0, RECV_NAME, MACH_PORT_NULL, ID_CHECK);
	vals[0] = 1;
	vals[1] = 100;
	msg_add_inline(&m, MACH_MSG_TYPE_INTEGER_64, 64, 2, vals);
	CHECK_EQ(request(&m), 0);

	/* 3. The region moves with the deallocate flag. */
	stats(&s0);
	vals[0] = s0.free_count;
	vals[1] = s0.cow_faults;
	vals[2] = NPAGES;
	vals[3] = 1;
	data_msg(&m, ID_DATA, (void *)a, REGION, true, vals);
	CHECK_EQ(request(&m), 0);
	EXPECT(vm_read(task, a, PAGE, &data, &count), KERN_INVALID_ADDRESS);
	region = a;
	if (vm_region(task, &region, &size, &prot, &max, &inh, &shared, &obj,
		      &off) == KERN_SUCCESS)
		CHECK_MSG(region >= a + REGION || region + size <= a,
			  "the moved range is still mapped at %lx", region);

	/* 4. Errors: nothing moves, nothing is sent. */
	send_bad((void *)a, PAGE, false, MACH_SEND_INVALID_MEMORY);
	send_bad((void *)a, PAGE, true, MACH_SEND_INVALID_MEMORY);
	EXPECT(vm_allocate(task, &b, 4 * PAGE, TRUE), KERN_SUCCESS);
	for (unsigned long i = 0; i < 4; i++)
		put_page((volatile uint64_t *)b, i, 3);
	EXPECT(vm_deallocate(task, b + 3 * PAGE, PAGE), KERN_SUCCESS);
	send_bad((void *)(b + 10), 3 * PAGE, true, MACH_SEND_INVALID_MEMORY);
	EXPECT(vm_protect(task, b + PAGE, PAGE, FALSE, VM_PROT_NONE),
	       KERN_SUCCESS);
	send_bad((void *)b, 2 * PAGE, true, MACH_SEND_INVALID_MEMORY);
	EXPECT(vm_protect(task, b + PAGE, PAGE, FALSE,
			  VM_PROT_READ | VM_PROT_WRITE), KERN_SUCCESS);
	for (unsigned long i = 0; i < 3; i++)
		CHECK(page_is((volatile uint64_t *)b, i, 3));
	pseudo_receive((volatile uint64_t *)b);
	/* The receiver fills its address space, then gets no room. */
	msg_init(&m, 0, RECV_NAME, MACH_PORT_NULL, ID_FILL);
	CHECK_EQ(request(&m), 0);
	vals[0] = 0x1234;
	data_msg(&m, ID_NOROOM, (void *)b, 3 * PAGE, false, vals);
	CHECK_EQ(request(&m), 0);
	for (unsigned long i = 0; i < 3; i++)
		CHECK(page_is((volatile uint64_t *)b, i, 3));
	EXPECT(vm_deallocate(task, b, 3 * PAGE), KERN_SUCCESS);

	msg_init(&m, 0, RECV_NAME, MACH_PORT_NULL, ID_DONE);
	CHECK_EQ(request(&m), 0);
	destroy(reply_port);
	return test_end();
}

/* ---- Receiver ------------------------------------------------------------- */

/* reply: answer the request in m (its send-once right) with status. */
static void reply(msgbuf_t *m, int64_t status)
{
	mach_port_t to = m->head.msgh_remote_port;
	msgbuf_t r;

	msg_init(&r, MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND_ONCE, 0), to,
		 MACH_PORT_NULL, m->head.msgh_id + 100);
	msg_add_inline(&r, MACH_MSG_TYPE_INTEGER_64, 64, 1, &status);
	EXPECT(msg_send(&r, 0, 0), MACH_MSG_SUCCESS);
}

/* The region of a data message, with its inline values. */
static volatile uint64_t *got_region(msgbuf_t *m, int64_t *vals)
{
	struct msg_item it, iv;

	if (!msg_item(m, 0, &it) || !msg_item(m, 1, &iv)) {
		CHECK_MSG(0, "malformed message %d", m->head.msgh_id);
		return NULL;
	}
	memcpy(vals, iv.data, 4 * 8);
	CHECK(!it.type.msgt_inline && it.type.msgt_number == REGION);
	return msg_item_ool(&it);
}

/*
 * fill_space: allocate everything free in the address space (first fit,
 * halving the size until a page does not fit); returns how many regions
 * went into the arrays.
 */
static unsigned int fill_space(vm_address_t *addr, vm_size_t *size,
			       unsigned int max)
{
	unsigned int n = 0;

	for (vm_size_t s = 1ul << 46; s >= PAGE && n < max;) {
		vm_address_t x = 0;

		if (vm_allocate(task, &x, s, TRUE) == KERN_SUCCESS) {
			addr[n] = x;
			size[n++] = s;
		} else {
			s /= 2;
		}
	}
	return n;
}

static int receiver(void)
{
	static vm_address_t fa[256];
	static vm_size_t fs[256];
	unsigned int nfill = 0;
	volatile uint64_t *r = NULL;
	vm_statistics_data_t s0, s1;
	int64_t vals[4];
	struct msg_item it;
	mach_msg_return_t mr;
	vm_address_t x;
	msgbuf_t m;
	bool done = false;

	test_begin("vmool receiver");
	while (!done && test_failures < 20) {
		mr = msg_receive(&m, RECV_NAME, TIMEOUT);
		if (m.head.msgh_id == ID_NOROOM) {
			/* The region is lost, the rest arrives. */
			EXPECT(mr, MACH_RCV_BODY_ERROR | MACH_MSG_VM_SPACE);
			CHECK(msg_item(&m, 0, &it) && msg_item_ool(&it) == NULL);
			CHECK(msg_item(&m, 1, &it) && *(int64_t *)it.data == 0x1234);
			for (unsigned int i = 0; i < nfill; i++)
				EXPECT(vm_deallocate(task, fa[i], fs[i]),
				       KERN_SUCCESS);
			reply(&m, 0);
			continue;
		}
		EXPECT(mr, MACH_MSG_SUCCESS);
		if (mr != MACH_MSG_SUCCESS)
			break;
		switch (m.head.msgh_id) {
		case ID_DATA:
			r = got_region(&m, vals);
			if (!r)
				break;
			/* Every page arrived intact, and nothing was copied. */
			for (unsigned long i = 0; i < NPAGES; i++) {
				unsigned long gen = vals[3] && (i == 1 || i == 100) ? 7 : 0;

				if (!page_is(r, i, gen)) {
					CHECK_MSG(0, "page %lu differs", i);
					break;
				}
			}
			stats(&s0);
			printf("vmool receiver: %s 64 MiB: %ld pages used, "
			       "%ld copied\n", vals[3] ? "moved" : "copied",
			       (long)(vals[0] - s0.free_count),
			       (long)(s0.cow_faults - vals[1]));
			CHECK_EQ(s0.cow_faults, vals[1]);
			CHECK_MSG(vals[0] - s0.free_count < SLACK,
				  "%ld pages used by the transfer",
				  (long)(vals[0] - s0.free_count));
			/* Writes copy exactly the pages written, unless moved. */
			put_page(r, 0, 9);
			put_page(r, NPAGES / 2, 9);
			put_page(r, NPAGES - 1, 9);
			stats(&s1);
			CHECK_EQ(s1.cow_faults - s0.cow_faults, vals[3] ? 0 : 3);
			CHECK(page_is(r, 0, 9) && page_is(r, NPAGES - 1, 9));
			if (vals[3]) {
				EXPECT(vm_deallocate(task, (vm_address_t)r, REGION),
				       KERN_SUCCESS);
				r = NULL;
			}
			reply(&m, 0);
			break;
		case ID_CHECK:
			/* The sender's writes are not seen here. */
			CHECK(r && page_is(r, 1, 0) && page_is(r, 100, 0));
			if (r)
				EXPECT(vm_deallocate(task, (vm_address_t)r, REGION),
				       KERN_SUCCESS);
			r = NULL;
			reply(&m, 0);
			break;
		case ID_FILL:
			nfill = fill_space(fa, fs, 256);
			x = 0;
			CHECK(nfill > 0);
			EXPECT(vm_allocate(task, &x, PAGE, TRUE), KERN_NO_SPACE);
			reply(&m, 0);
			break;
		case ID_DONE:
			reply(&m, 0);
			done = true;
			break;
		default:
			CHECK_MSG(0, "unexpected message %d", m.head.msgh_id);
			break;
		}
	}
	CHECK(done);
	return test_end();
}

/* ---- Benchmarks ----------------------------------------------------------- */

static long parse(const char *s)
{
	long n = 0;

	for (; s && *s >= '0' && *s <= '9'; s++)
		n = n * 10 + (*s - '0');
	return n;
}

/* A request with 4 KiB inline or a region out of line; the reply is empty. */
struct bench_msg {
	mach_msg_header_t h;
	mach_msg_type_t t;
	union {
		uint64_t addr;
		uint8_t bytes[4096];
	} u;
};

static int bench_client(long n, size_t size, bool ool)
{
	mach_port_t reply = mach_reply_port();
	static struct bench_msg m;
	mach_msg_header_t r;
	vm_address_t a = 0;

	if (ool) {
		if (vm_allocate(mach_task_self(), &a, size, TRUE) != KERN_SUCCESS)
			return 1;
		for (size_t i = 0; i < size; i += PAGE)
			((volatile uint8_t *)a)[i] = (uint8_t)i;
	}
	/* One more than asked, in every run: see bench_server. */
	for (long i = 0; i <= n; i++) {
		m.h.msgh_bits = MACH_MSGH_BITS_COMPLEX |
				MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
					       MACH_MSG_TYPE_MAKE_SEND_ONCE);
		m.h.msgh_remote_port = RECV_NAME;
		m.h.msgh_local_port = reply;
		m.h.msgh_id = 7;
		m.t = (mach_msg_type_t){ .msgt_name = MACH_MSG_TYPE_BYTE,
			.msgt_size = 8, .msgt_number = (unsigned int)size,
			.msgt_inline = !ool };
		if (ool)
			m.u.addr = a;
		m.h.msgh_size = ool ? sizeof(m.h) + 16 : sizeof(m);
		if (mach_msg(&m.h, MACH_SEND_MSG, m.h.msgh_size, 0,
			     MACH_PORT_NULL, 0, MACH_PORT_NULL) ||
		    mach_msg(&r, MACH_RCV_MSG, 0, sizeof(r), reply, 0,
			     MACH_PORT_NULL))
			return 1;
	}
	return 0;
}

/*
 * bench_server: n + 1 requests, as the client sends: the first transfer
 * of the client's freshly written region also write-protects its
 * mappings (as a fork would), once; every run pays it, so N - 0 runs
 * measure the steady state.
 */
static int bench_server(long n)
{
	static struct bench_msg m;

	for (long i = 0; i <= n; i++) {
		if (mach_msg(&m.h, MACH_RCV_MSG, 0, sizeof(m), RECV_NAME, 0,
			     MACH_PORT_NULL))
			return 1;
		if (!m.t.msgt_inline &&
		    vm_deallocate(mach_task_self(), m.u.addr,
				  m.t.msgt_number) != KERN_SUCCESS)
			return 1;
		m.h.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND_ONCE, 0);
		m.h.msgh_size = sizeof(m.h);
		m.h.msgh_local_port = MACH_PORT_NULL;
		if (mach_msg(&m.h, MACH_SEND_MSG, sizeof(m.h), 0, MACH_PORT_NULL,
			     0, MACH_PORT_NULL))
			return 1;
	}
	return 0;
}

/* memcpy of size bytes between two touched buffers, n times. */
static int bench_memcpy(long n, size_t size)
{
	vm_address_t a = 0, b = 0;

	if (vm_allocate(mach_task_self(), &a, size, TRUE) != KERN_SUCCESS ||
	    vm_allocate(mach_task_self(), &b, size, TRUE) != KERN_SUCCESS)
		return 1;
	memset((void *)a, 1, size);
	memset((void *)b, 2, size);
	for (long i = 0; i < n; i++)
		memcpy((void *)b, (void *)a, size);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "sender"))
		return sender();
	if (argc > 1 && !strcmp(argv[1], "receiver"))
		return receiver();
	if (argc > 3 && !strcmp(argv[1], "ool-client"))
		return bench_client(parse(argv[2]), (size_t)parse(argv[3]), true);
	if (argc > 2 && !strcmp(argv[1], "inline-client"))
		return bench_client(parse(argv[2]), 4096, false);
	if (argc > 2 && (!strcmp(argv[1], "ool-server") ||
			 !strcmp(argv[1], "inline-server")))
		return bench_server(parse(argv[2]));
	if (argc > 3 && !strcmp(argv[1], "memcpy"))
		return bench_memcpy(parse(argv[2]), (size_t)parse(argv[3]));
	return 2;
}
