/*
 * tests/host/mig_abi.c - the LP64 message ABI of include/mach and of the
 * stubs tools/mig generates, checked against hand-computed bytes.
 *
 * - mach_msg_header_t and mach_msg_type_t (short and long form): sizes,
 *   offsets, and bitfield positions read back from the raw words;
 * - tests/mig/abi.defs: the request of abi_call (int, inline array, port
 *   right, out-of-line memory), the reply of abi_get and the one-way
 *   abi_send, byte for byte, through a mock mach_msg that runs the
 *   generated server and does what the kernel does to dispositions;
 * - the user stubs of include/mach/mach.defs and mach_port.defs: message
 *   ids, sizes and descriptors of a few requests, reply checking.
 *
 * Prints one line per failed check; exit status 1 if any failed.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <mach/message.h>
#include <mach/mig_errors.h>
#include <mach/mig_support.h>
#include <mach/notify.h>
#include "abi.h"
#include "mach.h"
#include "mach_port.h"

extern boolean_t abi_server(mach_msg_header_t *, mach_msg_header_t *);

static int checks, failures;

#define CHECK(cond) check((cond), #cond, __LINE__)

static void check(int ok, const char *what, int line)
{
	checks++;
	if (!ok) {
		failures++;
		printf("mig_abi.c:%d: FAIL %s\n", line, what);
	}
}

/* Compare a message with the expected bytes; print the first difference. */
static void check_bytes(const void *got, const unsigned char *want, size_t n,
			const char *what)
{
	const unsigned char *g = got;

	checks++;
	for (size_t i = 0; i < n; i++) {
		if (g[i] != want[i]) {
			failures++;
			printf("FAIL %s: byte %zu is %02x, expected %02x\n",
			       what, i, g[i], want[i]);
			return;
		}
	}
}

static uint32_t word(const void *p, size_t off)
{
	uint32_t w;

	memcpy(&w, (const char *) p + off, 4);
	return w;
}

/* ---- the header and the type descriptors -------------------------- */

_Static_assert(sizeof(mach_msg_header_t) == 32, "header size");
_Static_assert(offsetof(mach_msg_header_t, msgh_bits) == 0, "bits");
_Static_assert(offsetof(mach_msg_header_t, msgh_size) == 4, "size");
_Static_assert(offsetof(mach_msg_header_t, msgh_remote_port) == 8, "remote");
_Static_assert(offsetof(mach_msg_header_t, msgh_local_port) == 16, "local");
_Static_assert(offsetof(mach_msg_header_t, msgh_seqno) == 24, "seqno");
_Static_assert(offsetof(mach_msg_header_t, msgh_id) == 28, "id");
_Static_assert(sizeof(mach_msg_type_t) == 8, "type size");
_Static_assert(_Alignof(mach_msg_type_t) == 8, "type alignment");
_Static_assert(offsetof(mach_msg_type_t, msgt_number) == 4, "number");
_Static_assert(sizeof(mach_msg_type_long_t) == 8, "long type size");
_Static_assert(offsetof(mach_msg_type_long_t, msgtl_number) == 4, "number");
_Static_assert(sizeof(mach_port_name_inlined_t) == 8, "port slot");
_Static_assert(sizeof(mig_reply_header_t) == 48, "reply header");
/* Notifications: one item after the header, padded to 8 bytes. */
_Static_assert(sizeof(mach_port_deleted_notification_t) == 48, "deleted");
_Static_assert(offsetof(mach_port_deleted_notification_t, not_port) == 40, "name");
_Static_assert(sizeof(mach_port_destroyed_notification_t) == 48, "destroyed");
_Static_assert(offsetof(mach_no_senders_notification_t, not_count) == 40, "count");
_Static_assert(sizeof(mach_send_once_notification_t) == 32, "send-once");

static void test_layout(void)
{
	mach_msg_header_t h;
	mach_msg_type_t t;
	mach_msg_type_long_t l;
	unsigned char raw[8];

	memset(&h, 0xa5, sizeof h);
	h.msgh_remote_slot = 0;
	h.msgh_remote_port = 0x11223344;
	h.msgh_protected_payload = 0;
	h.msgh_local_port = 0x55667788;
	h.msgh_seqno = 9;
	h.msgh_id = 2021;
	CHECK(word(&h, 8) == 0x11223344 && word(&h, 12) == 0);
	CHECK(word(&h, 16) == 0x55667788 && word(&h, 20) == 0);
	CHECK(word(&h, 24) == 9 && word(&h, 28) == 2021);

	/* Each field alone, then all: bits 0-7, 8-23, 29, 30, 31, word 2. */
	memset(&t, 0, sizeof t);
	t.msgt_name = 0xab;
	CHECK(word(&t, 0) == 0xab);
	memset(&t, 0, sizeof t);
	t.msgt_size = 0xcdef;
	CHECK(word(&t, 0) == 0xcdef00);
	memset(&t, 0, sizeof t);
	t.msgt_unused = 0x1f;
	CHECK(word(&t, 0) == 0x1f000000);
	memset(&t, 0, sizeof t);
	t.msgt_inline = 1;
	CHECK(word(&t, 0) == 0x20000000);
	memset(&t, 0, sizeof t);
	t.msgt_longform = 1;
	CHECK(word(&t, 0) == 0x40000000);
	memset(&t, 0, sizeof t);
	t.msgt_deallocate = 1;
	CHECK(word(&t, 0) == 0x80000000);
	memset(&t, 0, sizeof t);
	t.msgt_number = 0x12345678;
	CHECK(word(&t, 0) == 0 && word(&t, 4) == 0x12345678);

	/* The long form puts name, size and number in the same places. */
	memset(&l, 0, sizeof l);
	l.msgtl_name = 0x11;
	l.msgtl_size = 0x4000;
	l.msgtl_longform = 1;
	l.msgtl_number = 70000;
	CHECK(word(&l, 0) == 0x40400011 && word(&l, 4) == 70000);
	CHECK(l.msgtl_header.msgt_name == 0x11 && l.msgtl_header.msgt_size == 0x4000 &&
	      l.msgtl_header.msgt_number == 70000);

	/* And decoding raw bytes gives the fields back. */
	static const unsigned char enc[8] = {0x0b, 0x40, 0x00, 0xa0, 3, 0, 1, 0};
	memcpy(raw, enc, 8);
	memcpy(&t, raw, 8);
	CHECK(t.msgt_name == 11 && t.msgt_size == 64 && t.msgt_inline == 1 &&
	      t.msgt_longform == 0 && t.msgt_deallocate == 1 &&
	      t.msgt_number == 0x10003);

	CHECK(MACH_MSGH_BITS(19, 21) == 0x1513);
	CHECK(MACH_MSGH_BITS_REMOTE(0x80001513U) == 19);
	CHECK(MACH_MSGH_BITS_LOCAL(0x80001513U) == 21);
	CHECK(MACH_NOTIFY_DEAD_NAME == 72 && MACH_NOTIFY_SEND_ONCE == 71);
	CHECK(MACH_RCV_TOO_LARGE == 0x10004004 && MACH_SEND_INVALID_DEST == 0x10000003);
}

/* ---- a mock kernel --------------------------------------------------- */

static unsigned char last_send[8192];
static mach_msg_size_t last_send_size;
static mach_msg_option_t last_option;
static mach_msg_size_t last_rcv_size;
static mach_port_t last_rcv_name;
static unsigned char last_reply[8192];
static mach_msg_size_t last_reply_size;
/* Builds the reply in place; NULL: run abi_server. */
static void (*responder)(mach_msg_header_t *);

static unsigned received(unsigned n)
{
	return n == 19 || n == 20 ? 17 : n == 21 ? 18 : n;
}

/* What the kernel does in transit: dispositions in the body become what
 * the receiver holds, and the header's ports trade places. */
static void transit(mach_msg_header_t *h)
{
	char *m = (char *) h;
	mach_msg_size_t off = sizeof *h;
	uint64_t remote = h->msgh_remote_slot;
	unsigned rb = MACH_MSGH_BITS_REMOTE(h->msgh_bits);
	unsigned lb = MACH_MSGH_BITS_LOCAL(h->msgh_bits);

	while (off + 8 <= h->msgh_size) {
		mach_msg_type_t t;

		memcpy(&t, m + off, 8);
		t.msgt_name = received(t.msgt_name);
		memcpy(m + off, &t, 8);
		if (t.msgt_inline)
			off += 8 + ((t.msgt_number * t.msgt_size / 8 + 7) & ~7u);
		else
			off += 16;
	}
	h->msgh_remote_slot = h->msgh_protected_payload;
	h->msgh_protected_payload = remote;
	h->msgh_bits = (h->msgh_bits & MACH_MSGH_BITS_COMPLEX) |
		MACH_MSGH_BITS(received(lb), received(rb));
}

mach_msg_return_t mach_msg(mach_msg_header_t *msg, mach_msg_option_t option,
			   mach_msg_size_t send_size, mach_msg_size_t rcv_size,
			   mach_port_name_t rcv_name, mach_msg_timeout_t timeout,
			   mach_port_name_t notify)
{
	static union {
		mach_msg_header_t h;
		unsigned char b[8192];
	} req, rep;

	(void) timeout;
	(void) notify;
	memcpy(last_send, msg, send_size);
	last_send_size = send_size;
	last_option = option;
	last_rcv_size = rcv_size;
	last_rcv_name = rcv_name;
	if (msg->msgh_size != send_size)
		return MACH_SEND_MSG_TOO_SMALL;
	memcpy(req.b, msg, send_size);
	transit(&req.h);
	memset(rep.b, 0xee, sizeof rep.b);
	if (responder)
		responder(&rep.h);
	else
		abi_server(&req.h, &rep.h);
	last_reply_size = rep.h.msgh_size;
	memcpy(last_reply, rep.b, last_reply_size);
	if (!(option & MACH_RCV_MSG))
		return MACH_MSG_SUCCESS;
	transit(&rep.h);
	if (rep.h.msgh_size > rcv_size)
		return MACH_RCV_TOO_LARGE;
	memcpy(msg, rep.b, rep.h.msgh_size);
	return MACH_MSG_SUCCESS;
}

mach_port_t mig_get_reply_port(void) { return 0x77; }
void mig_dealloc_reply_port(mach_port_t reply) { (void) reply; }
void mig_put_reply_port(mach_port_t reply) { (void) reply; }
void mig_allocate(vm_address_t *addr, vm_size_t size) { *addr = (vm_address_t) calloc(1, size); }
void mig_deallocate(vm_address_t addr, vm_size_t size) { (void) size; free((void *) addr); }

/* ---- tests/mig/abi.defs ---------------------------------------------- */

static int served_call, served_send;

kern_return_t S_abi_call(mach_port_t server, int value, int_array_t ints,
			 mach_msg_type_number_t intsCnt, mach_port_t right,
			 vm_offset_t data, mach_msg_type_number_t dataCnt)
{
	served_call++;
	CHECK(server == 0x1234 && value == -2 && intsCnt == 3);
	CHECK(ints[0] == 1 && ints[1] == 2 && ints[2] == 3);
	CHECK(right == 0x55 && data == 0x1122334455667788UL && dataCnt == 100);
	return KERN_SUCCESS;
}

kern_return_t S_abi_get(mach_port_t server, int_array_t ints,
			mach_msg_type_number_t *intsCnt, pair_t pair,
			mach_port_t *right, vm_offset_t *data,
			mach_msg_type_number_t *dataCnt, port_array_t *ports,
			mach_msg_type_number_t *portsCnt)
{
	CHECK(server == 0x1234 && *intsCnt == 8);
	for (int i = 0; i < 5; i++)
		ints[i] = 7 + i;
	*intsCnt = 5;
	pair[0] = -1;
	pair[1] = 2;
	*right = 0x99;
	*data = 0xdead0000;
	*dataCnt = 10;
	*ports = (port_array_t) 0xbeef000;
	*portsCnt = 3;
	return KERN_SUCCESS;
}

kern_return_t S_abi_send(mach_port_t server, mach_port_t right,
			 mach_msg_type_name_t rightPoly, int64 value)
{
	served_send++;
	CHECK(server == 0x1234 && right == 0x66);
	CHECK(rightPoly == MACH_MSG_TYPE_PORT_SEND_ONCE);
	CHECK(value == 0x0102030405060708L);
	return KERN_SUCCESS;
}

static const unsigned char call_request[104] = {
	0x13, 0x15, 0x00, 0x80,  104, 0, 0, 0,		/* bits, size */
	0x34, 0x12, 0, 0, 0, 0, 0, 0,			/* remote: server */
	0x77, 0, 0, 0, 0, 0, 0, 0,			/* local: reply */
	0, 0, 0, 0,  0xa0, 0x0f, 0, 0,			/* seqno, id 4000 */
	0x02, 0x20, 0x00, 0x20,  1, 0, 0, 0,		/* INTEGER_32 32 inline */
	0xfe, 0xff, 0xff, 0xff,  0, 0, 0, 0,		/* -2, pad */
	0x02, 0x20, 0x00, 0x20,  3, 0, 0, 0,		/* 3 ints */
	1, 0, 0, 0,  2, 0, 0, 0,  3, 0, 0, 0,  0, 0, 0, 0,
	0x14, 0x40, 0x00, 0x20,  1, 0, 0, 0,		/* MAKE_SEND 64 inline */
	0x55, 0, 0, 0, 0, 0, 0, 0,			/* name in a slot */
	0x09, 0x08, 0x00, 0x40,  100, 0, 0, 0,		/* BYTE 8 ool long */
	0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11,	/* address */
};

static const unsigned char get_reply[144] = {
	0x12, 0x00, 0x00, 0x80,  144, 0, 0, 0,		/* complex, S_ONCE */
	0x77, 0, 0, 0, 0, 0, 0, 0,  0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0,  0x06, 0x10, 0, 0,			/* id 4102 */
	0x02, 0x20, 0x00, 0x20,  1, 0, 0, 0,  0, 0, 0, 0,  0, 0, 0, 0,
	0x02, 0x20, 0x00, 0x20,  5, 0, 0, 0,		/* 5 ints */
	7, 0, 0, 0,  8, 0, 0, 0,  9, 0, 0, 0,  10, 0, 0, 0,  11, 0, 0, 0,
	0, 0, 0, 0,
	0x02, 0x20, 0x00, 0x20,  2, 0, 0, 0,		/* pair */
	0xff, 0xff, 0xff, 0xff,  2, 0, 0, 0,
	0x14, 0x40, 0x00, 0x20,  1, 0, 0, 0,  0x99, 0, 0, 0, 0, 0, 0, 0,
	0x09, 0x08, 0x00, 0x40,  10, 0, 0, 0,  0, 0, 0xad, 0xde, 0, 0, 0, 0,
	0x13, 0x20, 0x00, 0x40,  3, 0, 0, 0,		/* COPY_SEND 32 ool */
	0x00, 0xf0, 0xee, 0x0b, 0, 0, 0, 0,
};

static const unsigned char send_request[64] = {
	0x13, 0x00, 0x00, 0x80,  64, 0, 0, 0,
	0x34, 0x12, 0, 0, 0, 0, 0, 0,  0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0,  0xa3, 0x0f, 0, 0,			/* id 4003 */
	0x12, 0x40, 0x00, 0x20,  1, 0, 0, 0,  0x66, 0, 0, 0, 0, 0, 0, 0,
	0x0b, 0x40, 0x00, 0x20,  1, 0, 0, 0,		/* INTEGER_64 */
	8, 7, 6, 5, 4, 3, 2, 1,
};

static void test_abi_defs(void)
{
	int ints[3] = {1, 2, 3};
	int outs[8];
	pair_t pair;
	mach_msg_type_number_t n = 8, dn = 0, pn = 0;
	mach_port_t right = 0;
	vm_offset_t data = 0;
	port_array_t ports = 0;
	kern_return_t kr;

	responder = NULL;
	kr = abi_call(0x1234, -2, ints, 3, 0x55, 0x1122334455667788UL, 100);
	CHECK(kr == KERN_SUCCESS && served_call == 1);
	CHECK(last_send_size == sizeof call_request);
	CHECK(last_option == (MACH_SEND_MSG | MACH_RCV_MSG) && last_rcv_name == 0x77);
	check_bytes(last_send, call_request, sizeof call_request, "abi_call request");
	CHECK(last_reply_size == 48 && word(last_reply, 28) == 4100);

	kr = abi_call(0x1234, -2, ints, 9, 0x55, 0, 0);
	CHECK(kr == MIG_ARRAY_TOO_LARGE);

	kr = abi_get(0x1234, outs, &n, pair, &right, &data, &dn, &ports, &pn);
	CHECK(kr == KERN_SUCCESS);
	CHECK(last_send_size == 32 && word(last_send, 28) == 4002);
	CHECK(last_reply_size == sizeof get_reply);
	check_bytes(last_reply, get_reply, sizeof get_reply, "abi_get reply");
	CHECK(n == 5 && outs[0] == 7 && outs[4] == 11);
	CHECK(pair[0] == -1 && pair[1] == 2 && right == 0x99);
	CHECK(data == 0xdead0000 && dn == 10);
	CHECK(ports == (port_array_t) 0xbeef000 && pn == 3);

	n = 4;	/* too small for the 5 the server returns */
	kr = abi_get(0x1234, outs, &n, pair, &right, &data, &dn, &ports, &pn);
	CHECK(kr == MIG_ARRAY_TOO_LARGE && n == 5);

	kr = abi_send(0x1234, 0x66, MACH_MSG_TYPE_MOVE_SEND_ONCE, 0x0102030405060708L);
	CHECK(kr == KERN_SUCCESS && served_send == 1);
	CHECK(last_option == MACH_SEND_MSG && last_rcv_size == 0);
	check_bytes(last_send, send_request, sizeof send_request, "abi_send request");
}

/* The server checks every descriptor and the size. */
static void test_abi_server(void)
{
	union {
		mach_msg_header_t h;
		unsigned char b[256];
	} in, out;
	mig_reply_header_t *rep = (mig_reply_header_t *) &out.h;

	memcpy(in.b, call_request, sizeof call_request);
	transit(&in.h);
	served_call = 0;
	CHECK(abi_server(&in.h, &out.h) && rep->RetCode == KERN_SUCCESS && served_call == 1);
	CHECK(out.h.msgh_id == 4100 && out.h.msgh_size == 48);

	in.b[32 + 1] = 0x40;		/* value: msgt_size 64 */
	CHECK(abi_server(&in.h, &out.h) && rep->RetCode == MIG_BAD_ARGUMENTS);
	in.b[32 + 1] = 0x20;
	in.h.msgh_size -= 8;		/* truncated */
	CHECK(abi_server(&in.h, &out.h) && rep->RetCode == MIG_BAD_ARGUMENTS);
	in.h.msgh_size += 8;
	in.b[48 + 4] = 9;		/* 9 ints > [*:8] */
	CHECK(abi_server(&in.h, &out.h) && rep->RetCode == MIG_BAD_ARGUMENTS);
	in.b[48 + 4] = 3;
	in.h.msgh_id = 4001;		/* skipped id */
	CHECK(!abi_server(&in.h, &out.h) && rep->RetCode == MIG_BAD_ID);
	in.h.msgh_id = 4100;
	CHECK(!abi_server(&in.h, &out.h) && rep->RetCode == MIG_BAD_ID);
	CHECK(served_call == 1);
}

/* ---- include/mach/mach.defs and mach_port.defs ----------------------- */

static kern_return_t reply_code;
static uint64_t reply_value;
static int reply_wrong_type;	/* INTEGER_64 where a PORT_NAME belongs */

/* A reply of id request+100 carrying RetCode and, on success, one
 * INTEGER_64 (vm_allocate's address) or a port name (mach_port_allocate). */
static void reply_scalar(mach_msg_header_t *h)
{
	mig_reply_header_t *r = (mig_reply_header_t *) h;
	mach_msg_type_t t = { .msgt_name = MACH_MSG_TYPE_INTEGER_32,
			      .msgt_size = 32, .msgt_number = 1, .msgt_inline = 1 };
	mach_msg_id_t id = ((mach_msg_header_t *) last_send)->msgh_id;

	memset(h, 0, 64);
	h->msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND_ONCE, 0);
	h->msgh_remote_port = 0x77;
	h->msgh_id = id + 100;
	r->RetCodeType = t;
	r->RetCode = reply_code;
	h->msgh_size = 48;
	if (reply_code != KERN_SUCCESS)
		return;
	if (id == 2021 || reply_wrong_type) {
		t.msgt_name = MACH_MSG_TYPE_INTEGER_64;
		t.msgt_size = 64;
		memcpy((char *) h + 56, &reply_value, 8);
	} else {
		t.msgt_name = MACH_MSG_TYPE_PORT_NAME;
		memcpy((char *) h + 56, &reply_value, 4);
	}
	memcpy((char *) h + 48, &t, 8);
	h->msgh_size = 64;
}

static void reply_bad_id(mach_msg_header_t *h)
{
	reply_scalar(h);
	h->msgh_id = 9999;
}

static void test_mach_defs(void)
{
	vm_address_t addr = 0x1000;
	mach_port_t name = 0;
	integer_t info[4];
	mach_msg_type_number_t cnt = 4;
	mach_msg_type_t t;
	kern_return_t kr;

	responder = reply_scalar;
	reply_code = KERN_SUCCESS;
	reply_value = 0x7f0000001000UL;
	kr = vm_allocate(0x10, &addr, 0x2000, TRUE);
	CHECK(kr == KERN_SUCCESS && addr == 0x7f0000001000UL);
	/* header + address, size (INTEGER_64) + anywhere (BOOLEAN 32) */
	CHECK(last_send_size == 80 && word(last_send, 28) == 2021);
	CHECK(word(last_send, 0) == MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
						   MACH_MSG_TYPE_MAKE_SEND_ONCE));
	memcpy(&t, last_send + 32, 8);
	CHECK(t.msgt_name == MACH_MSG_TYPE_INTEGER_64 && t.msgt_size == 64 &&
	      t.msgt_number == 1 && t.msgt_inline && !t.msgt_longform);
	CHECK(word(last_send, 40) == 0x1000 && word(last_send, 56) == 0x2000);
	memcpy(&t, last_send + 64, 8);
	CHECK(t.msgt_name == MACH_MSG_TYPE_BOOLEAN && t.msgt_size == 32 &&
	      word(last_send, 72) == TRUE);

	reply_code = KERN_NO_SPACE;
	CHECK(vm_allocate(0x10, &addr, 0x2000, TRUE) == KERN_NO_SPACE);
	responder = reply_bad_id;
	CHECK(vm_allocate(0x10, &addr, 0x2000, TRUE) == MIG_REPLY_MISMATCH);

	responder = reply_scalar;
	reply_code = KERN_SUCCESS;
	reply_value = 0x2a;
	kr = mach_port_allocate(0x10, MACH_PORT_RIGHT_RECEIVE, &name);
	CHECK(kr == KERN_SUCCESS && name == 0x2a);
	CHECK(last_send_size == 48 && word(last_send, 28) == 3204);

	/* mach_port_allocate's reply must carry a PORT_NAME: an INTEGER_64
	 * in its place is a type error. */
	reply_wrong_type = 1;
	kr = mach_port_allocate(0x10, MACH_PORT_RIGHT_RECEIVE, &name);
	CHECK(kr == MIG_TYPE_ERROR);
	reply_wrong_type = 0;
	/* A reply longer than mach_port_deallocate's (48 bytes) does not fit
	 * the stub's buffer. */
	kr = mach_port_deallocate(0x10, 0x2a);
	CHECK(kr == MACH_RCV_TOO_LARGE && word(last_send, 28) == 3206);

	/* task_info: flavor, then the CountInOut count (INTEGER_32). */
	reply_code = KERN_FAILURE;
	CHECK(task_info(0x10, 3, info, &cnt) == KERN_FAILURE);
	CHECK(last_send_size == 64 && word(last_send, 28) == 2012);
	CHECK(word(last_send, 40) == 3 && word(last_send, 56) == 4);

	/* ids across the skips */
	CHECK(task_suspend(0x10) == KERN_FAILURE && word(last_send, 28) == 2056);
	CHECK(vm_map(0x10, &addr, 0x1000, 0, TRUE, 0, 0, FALSE, 3, 7, 1) == KERN_FAILURE);
	CHECK(word(last_send, 28) == 2089 && last_send_size == 32 + 11 * 16 - 16);
	CHECK(mach_port_set_protected_payload(0x10, 5, 6) == KERN_FAILURE);
	CHECK(word(last_send, 28) == 3221);
	CHECK(mach_port_insert_right(0x10, 5, 5, MACH_MSG_TYPE_MAKE_SEND) == KERN_FAILURE);
	CHECK(word(last_send, 28) == 3215 && word(last_send, 0) ==
	      (MACH_MSGH_BITS_COMPLEX | MACH_MSGH_BITS(19, 21)));
	memcpy(&t, last_send + 48, 8);
	CHECK(t.msgt_name == MACH_MSG_TYPE_MAKE_SEND && t.msgt_size == 64);
}

int main(void)
{
	test_layout();
	test_abi_defs();
	test_abi_server();
	test_mach_defs();
	printf("mig_abi: %d checks, %d failed\n", checks, failures);
	return failures ? 1 : 0;
}
