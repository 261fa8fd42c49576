/*
 * tests/user/ipc_test.c - helpers of the IPC test modules (ipc_test.h).
 */
#include "ipc_test.h"

const char *test_suite = "ipc";
int test_failures;
mach_port_t task;

void test_begin(const char *suite)
{
	test_suite = suite;
	test_failures = 0;
	task = mach_task_self();
	if (!MACH_PORT_VALID(task))
		test_fail(__LINE__, "mach_task_self() returned 0x%x", task);
}

int test_end(void)
{
	if (test_failures == 0)
		printf("%s: PASS\n", test_suite);
	else
		printf("%s: %d checks failed\n", test_suite, test_failures);
	return test_failures ? 1 : 0;
}

void test_fail(int line, const char *fmt, ...)
{
	char buf[200];
	va_list ap;
	int n;

	n = snprintf(buf, sizeof(buf), "%s: FAIL: line %d: ", test_suite, line);
	/* One printf, so that the line reaches the console whole. */
	va_start(ap, fmt);
	if (n > 0 && (size_t)n < sizeof(buf))
		vsnprintf(buf + n, sizeof(buf) - (size_t)n, fmt, ap);
	va_end(ap);
	printf("%s\n", buf);
	test_failures++;
}

static const struct {
	kern_return_t code;
	const char *name;
} codes[] = {
#define C(x) { x, #x }
	C(KERN_SUCCESS), C(KERN_INVALID_ADDRESS), C(KERN_PROTECTION_FAILURE),
	C(KERN_NO_SPACE), C(KERN_INVALID_ARGUMENT), C(KERN_FAILURE),
	C(KERN_RESOURCE_SHORTAGE), C(KERN_NOT_RECEIVER), C(KERN_NO_ACCESS),
	C(KERN_MEMORY_FAILURE), C(KERN_MEMORY_ERROR), C(KERN_NOT_IN_SET),
	C(KERN_NAME_EXISTS), C(KERN_ABORTED), C(KERN_INVALID_NAME),
	C(KERN_INVALID_TASK), C(KERN_INVALID_RIGHT), C(KERN_INVALID_VALUE),
	C(KERN_UREFS_OVERFLOW), C(KERN_INVALID_CAPABILITY), C(KERN_RIGHT_EXISTS),
	C(KERN_INVALID_HOST), C(KERN_TERMINATED), C(KERN_TIMEDOUT),
	C(MACH_SEND_INVALID_DATA), C(MACH_SEND_INVALID_DEST),
	C(MACH_SEND_TIMED_OUT), C(MACH_SEND_INTERRUPTED),
	C(MACH_SEND_MSG_TOO_SMALL), C(MACH_SEND_INVALID_REPLY),
	C(MACH_SEND_INVALID_RIGHT), C(MACH_SEND_INVALID_NOTIFY),
	C(MACH_SEND_INVALID_MEMORY), C(MACH_SEND_NO_BUFFER),
	C(MACH_SEND_INVALID_TYPE), C(MACH_SEND_INVALID_HEADER),
	C(MACH_SEND_WILL_NOTIFY), C(MACH_SEND_NOTIFY_IN_PROGRESS),
	C(MACH_SEND_NO_NOTIFY), C(MACH_RCV_INVALID_NOTIFY),
	C(MACH_RCV_INVALID_NAME), C(MACH_RCV_TIMED_OUT), C(MACH_RCV_TOO_LARGE),
	C(MACH_RCV_INTERRUPTED), C(MACH_RCV_PORT_CHANGED),
	C(MACH_RCV_INVALID_DATA), C(MACH_RCV_PORT_DIED), C(MACH_RCV_IN_SET),
	C(MACH_RCV_HEADER_ERROR), C(MACH_RCV_BODY_ERROR),
	C(MIG_TYPE_ERROR), C(MIG_REPLY_MISMATCH), C(MIG_REMOTE_ERROR),
	C(MIG_BAD_ID), C(MIG_BAD_ARGUMENTS), C(MIG_NO_REPLY), C(MIG_EXCEPTION),
	C(MIG_ARRAY_TOO_LARGE), C(MIG_SERVER_DIED), C(MIG_DESTROY_REQUEST),
#undef C
};

const char *kr_name(kern_return_t kr)
{
	for (unsigned int i = 0; i < sizeof(codes) / sizeof(codes[0]); i++)
		if (codes[i].code == kr)
			return codes[i].name;
	return "?";
}

void test_expect(int line, const char *what, long got, long want)
{
	if ((kern_return_t)got != (kern_return_t)want)
		test_fail(line, "%s returned 0x%x (%s), expected 0x%x (%s)", what,
			  (unsigned int)got, kr_name((kern_return_t)got),
			  (unsigned int)want, kr_name((kern_return_t)want));
}

/* ---- Messages ------------------------------------------------------------ */

void msg_init(msgbuf_t *m, mach_msg_bits_t bits, mach_port_t remote,
	      mach_port_t local, mach_msg_id_t id)
{
	memset(&m->head, 0, sizeof(m->head));
	m->head.msgh_bits = bits;
	m->head.msgh_size = sizeof(mach_msg_header_t);
	m->head.msgh_remote_port = remote;
	m->head.msgh_local_port = local;
	m->head.msgh_id = id;
}

/* Append a descriptor and reserve `slot` bytes after it; NULL if full. */
static uint8_t *add_item(msgbuf_t *m, unsigned int name, unsigned int bits,
			 unsigned int number, bool is_inline, bool dealloc,
			 size_t slot)
{
	size_t off = m->head.msgh_size;
	mach_msg_type_t t = {
		.msgt_name = name, .msgt_size = bits, .msgt_number = number,
		.msgt_inline = is_inline, .msgt_longform = 0,
		.msgt_deallocate = dealloc,
	};

	slot = (slot + 7) & ~(size_t)7;
	if (off + sizeof(t) + slot > MSG_MAX) {
		test_fail(__LINE__, "message buffer overflow");
		return NULL;
	}
	memcpy(m->bytes + off, &t, sizeof(t));
	memset(m->bytes + off + sizeof(t), 0, slot);
	m->head.msgh_size = (mach_msg_size_t)(off + sizeof(t) + slot);
	return m->bytes + off + sizeof(t);
}

void *msg_add_inline(msgbuf_t *m, unsigned int name, unsigned int bits,
		     unsigned int number, const void *data)
{
	size_t bytes = ((size_t)number * bits + 7) / 8;
	uint8_t *p = add_item(m, name, bits, number, true, false, bytes);

	if (p && data)
		memcpy(p, data, bytes);
	return p;
}

void msg_add_ports(msgbuf_t *m, unsigned int disposition,
		   const mach_port_t *names, unsigned int n)
{
	uint8_t *p = add_item(m, disposition, 64, n, true, false, 8 * (size_t)n);

	for (unsigned int i = 0; p && i < n; i++) {
		uint64_t slot = names[i];

		memcpy(p + 8 * i, &slot, 8);
	}
	m->head.msgh_bits |= MACH_MSGH_BITS_COMPLEX;
}

void msg_add_ool(msgbuf_t *m, unsigned int name, unsigned int bits,
		 unsigned int number, const void *addr, bool dealloc)
{
	uint8_t *p = add_item(m, name, bits, number, false, dealloc, 8);

	if (p)
		memcpy(p, &addr, 8);
	m->head.msgh_bits |= MACH_MSGH_BITS_COMPLEX;
}

bool msg_item(msgbuf_t *m, unsigned int index, struct msg_item *it)
{
	size_t size = m->head.msgh_size, off = sizeof(mach_msg_header_t);

	if (size > MSG_MAX)
		return false;
	for (unsigned int i = 0;; i++) {
		size_t slot;

		if (off + sizeof(mach_msg_type_t) > size)
			return false;
		memcpy(&it->type, m->bytes + off, sizeof(it->type));
		off += sizeof(mach_msg_type_t);
		slot = it->type.msgt_inline ?
		       (((size_t)it->type.msgt_number * it->type.msgt_size + 7) / 8 + 7) & ~(size_t)7 :
		       8;
		if (off + slot > size)
			return false;
		it->data = m->bytes + off;
		if (i == index)
			return true;
		off += slot;
	}
}

mach_port_t msg_item_port(const struct msg_item *it, unsigned int i)
{
	uint64_t slot;

	memcpy(&slot, it->data + 8 * i, 8);
	return (mach_port_t)slot;
}

void *msg_item_ool(const struct msg_item *it)
{
	void *p;

	memcpy(&p, it->data, 8);
	return p;
}

mach_msg_return_t msg_send(msgbuf_t *m, mach_msg_option_t extra,
			   mach_msg_timeout_t timeout)
{
	return mach_msg(&m->head, MACH_SEND_MSG | extra, m->head.msgh_size, 0,
			MACH_PORT_NULL, timeout, MACH_PORT_NULL);
}

mach_msg_return_t msg_receive(msgbuf_t *m, mach_port_t name,
			      mach_msg_timeout_t timeout)
{
	memset(&m->head, 0, sizeof(m->head));
	return mach_msg(&m->head, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0,
			sizeof(*m), name, timeout, MACH_PORT_NULL);
}

mach_msg_return_t send_simple(mach_port_t port, bool make_send,
			      mach_msg_id_t id)
{
	msgbuf_t m;

	msg_init(&m, MACH_MSGH_BITS(make_send ? MACH_MSG_TYPE_MAKE_SEND :
				    MACH_MSG_TYPE_COPY_SEND, 0),
		 port, MACH_PORT_NULL, id);
	return msg_send(&m, MACH_SEND_TIMEOUT, 0);
}

unsigned int drain(mach_port_t name)
{
	unsigned int n = 0;
	msgbuf_t m;

	while (msg_receive(&m, name, 0) == MACH_MSG_SUCCESS)
		n++;
	return n;
}

/* ---- Ports --------------------------------------------------------------- */

static mach_port_t allocate(mach_port_right_t right, int line)
{
	mach_port_t name = MACH_PORT_NULL;
	kern_return_t kr = mach_port_allocate(task, right, &name);

	if (kr != KERN_SUCCESS) {
		test_fail(line, "mach_port_allocate(%u) returned 0x%x (%s)", right,
			  kr, kr_name(kr));
		return MACH_PORT_NULL;
	}
	return name;
}

mach_port_t new_port(void)
{
	return allocate(MACH_PORT_RIGHT_RECEIVE, __LINE__);
}

mach_port_t new_set(void)
{
	return allocate(MACH_PORT_RIGHT_PORT_SET, __LINE__);
}

mach_port_t make_send_once(mach_port_t port)
{
	mach_port_t so = MACH_PORT_NULL;
	mach_msg_type_name_t t = 0;

	EXPECT(mach_port_extract_right(task, port, MACH_MSG_TYPE_MAKE_SEND_ONCE,
				       &so, &t), KERN_SUCCESS);
	CHECK_EQ(t, MACH_MSG_TYPE_PORT_SEND_ONCE);
	return so;
}

void make_send(mach_port_t port)
{
	EXPECT(mach_port_insert_right(task, port, port, MACH_MSG_TYPE_MAKE_SEND),
	       KERN_SUCCESS);
}

mach_port_type_t type_of(mach_port_t name)
{
	mach_port_type_t t = 0;
	kern_return_t kr = mach_port_type(task, name, &t);

	if (kr != KERN_SUCCESS) {
		test_fail(__LINE__, "mach_port_type(0x%x) returned 0x%x (%s)", name,
			  kr, kr_name(kr));
		return 0;
	}
	return t;
}

kern_return_t type_kr(mach_port_t name)
{
	mach_port_type_t t;

	return mach_port_type(task, name, &t);
}

mach_port_urefs_t refs_of(mach_port_t name, mach_port_right_t right)
{
	mach_port_urefs_t r = ~0u;
	kern_return_t kr = mach_port_get_refs(task, name, right, &r);

	if (kr != KERN_SUCCESS) {
		test_fail(__LINE__, "mach_port_get_refs(0x%x, %u) returned 0x%x (%s)",
			  name, right, kr, kr_name(kr));
		return ~0u;
	}
	return r;
}

mach_port_status_t status_of(mach_port_t name)
{
	mach_port_status_t st;
	kern_return_t kr;

	memset(&st, 0, sizeof(st));
	kr = mach_port_get_receive_status(task, name, &st);
	if (kr != KERN_SUCCESS) {
		test_fail(__LINE__, "mach_port_get_receive_status(0x%x) returned 0x%x (%s)",
			  name, kr, kr_name(kr));
		memset(&st, 0, sizeof(st));
	}
	return st;
}

mach_port_t send_only(mach_port_t *jail)
{
	mach_port_t p = new_port();
	msgbuf_t m;

	make_send(p);
	*jail = new_port();
	msg_init(&m, MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0), *jail,
		 MACH_PORT_NULL, 1000);
	msg_add_ports(&m, MACH_MSG_TYPE_MOVE_RECEIVE, &p, 1);
	EXPECT(msg_send(&m, MACH_SEND_TIMEOUT, 0), MACH_MSG_SUCCESS);
	CHECK_EQ(type_of(p), MACH_PORT_TYPE_SEND);
	return p;
}

void destroy(mach_port_t name)
{
	kern_return_t kr = mach_port_destroy(task, name);

	if (kr != KERN_SUCCESS)
		test_fail(__LINE__, "mach_port_destroy(0x%x) returned 0x%x (%s)",
			  name, kr, kr_name(kr));
}

unsigned int name_count(void)
{
	mach_port_name_array_t names = NULL;
	mach_port_type_array_t types = NULL;
	mach_msg_type_number_t n = 0, nt = 0;
	kern_return_t kr = mach_port_names(task, &names, &n, &types, &nt);

	if (kr != KERN_SUCCESS) {
		test_fail(__LINE__, "mach_port_names returned 0x%x (%s)", kr,
			  kr_name(kr));
		return 0;
	}
	CHECK_EQ(n, nt);
	mig_deallocate((vm_address_t)names, n * sizeof(*names));
	mig_deallocate((vm_address_t)types, nt * sizeof(*types));
	return n;
}
