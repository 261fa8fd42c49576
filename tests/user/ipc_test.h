/*
 * tests/user/ipc_test.h - helpers of the IPC test modules (ipc_ports,
 * ipc_msg, ipc_notify, ipc_portset, kobject): checks that report
 * "<suite>: FAIL: ..." lines, message building and parsing, and port
 * helpers over the MIG stubs.
 *
 * Every module runs its cases in order, prints "<suite>: PASS" only if no
 * check failed, and exits.  Receives that wait for something the kernel
 * should have queued use a timeout, so a missing message fails a check
 * instead of hanging the module.
 */
#ifndef TESTS_USER_IPC_TEST_H
#define TESTS_USER_IPC_TEST_H

#include <mica/runtime.h>
#include <mach/message.h>
#include <mach/mig_errors.h>
#include <mach/mig_support.h>
#include <mach/notify.h>
#include <mach_port.h>
#include <mach_interface.h>

/* The module's suite name (the FAIL/PASS prefix) and its failure count. */
extern const char *test_suite;
extern int test_failures;
/* mach_task_self(), fetched once by test_begin(). */
extern mach_port_t task;

/* Milliseconds to wait for a message the kernel must already have queued. */
#define WAIT_MS		1000

/*
 * Mica's port names (ipc/ipc_space.h): the low 24 bits are the index in
 * the name table, the high 8 bits a generation that changes each time
 * the index is reused.  New names take the lowest free index.
 */
#define NAME_INDEX(n)	((n) & 0xffffffu)

void test_begin(const char *suite);
/* Print PASS if nothing failed; returns the exit status for main (0 or 1;
 * the kernel suites judge by the console, the host model by the status). */
int test_end(void);

void test_fail(int line, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A kern_return_t / mach_msg_return_t / MIG code by name, for messages. */
const char *kr_name(kern_return_t kr);
void test_expect(int line, const char *what, long got, long want);

#define CHECK(cond)							\
	do {								\
		if (!(cond))						\
			test_fail(__LINE__, "%s", #cond);		\
	} while (0)
#define CHECK_MSG(cond, ...)						\
	do {								\
		if (!(cond))						\
			test_fail(__LINE__, __VA_ARGS__);		\
	} while (0)
/* expr must return want (a KERN_*, MACH_SEND_* ... code). */
#define EXPECT(expr, want)	test_expect(__LINE__, #expr, (long)(expr), (long)(want))
/* Equality of two integers, printed in hex on failure. */
#define CHECK_EQ(a, b)							\
	do {								\
		unsigned long a_ = (unsigned long)(a);			\
		unsigned long b_ = (unsigned long)(b);			\
		if (a_ != b_)						\
			test_fail(__LINE__, "%s == %s: 0x%lx != 0x%lx",	\
				  #a, #b, a_, b_);			\
	} while (0)

/* ---- Messages ------------------------------------------------------------ */

#define MSG_MAX		1024

/* A message buffer: the header, then room for the body (8-aligned). */
typedef union {
	mach_msg_header_t head;
	uint8_t bytes[MSG_MAX];
	uint64_t align;
} msgbuf_t;

/* Start a message: header only, msgh_size 32. */
void msg_init(msgbuf_t *m, mach_msg_bits_t bits, mach_port_t remote,
	      mach_port_t local, mach_msg_id_t id);
/*
 * Append an inline data item of `number` elements of `bits` bits each
 * (data may be NULL: zeros).  Returns the item's data in the buffer.
 */
void *msg_add_inline(msgbuf_t *m, unsigned int name, unsigned int bits,
		     unsigned int number, const void *data);
/* Append n port rights of one disposition (sets COMPLEX). */
void msg_add_ports(msgbuf_t *m, unsigned int disposition,
		   const mach_port_t *names, unsigned int n);
/* Append an out-of-line item (sets COMPLEX). */
void msg_add_ool(msgbuf_t *m, unsigned int name, unsigned int bits,
		 unsigned int number, const void *addr, bool dealloc);

/* One body item of a received message. */
struct msg_item {
	mach_msg_type_t type;
	uint8_t *data;		/* inline data, or the slot holding the address */
};
/*
 * The index-th body item (from 0) of m, bounded by its msgh_size; false
 * if there is none or the body is malformed.
 */
bool msg_item(msgbuf_t *m, unsigned int index, struct msg_item *it);
/* The name in port slot i of an item. */
mach_port_t msg_item_port(const struct msg_item *it, unsigned int i);
/* The address in an out-of-line item. */
void *msg_item_ool(const struct msg_item *it);

/* Send m (size msgh_size) with extra options and a send timeout. */
mach_msg_return_t msg_send(msgbuf_t *m, mach_msg_option_t extra,
			   mach_msg_timeout_t timeout);
/* Receive into m (whole buffer) from name, waiting at most timeout ms. */
mach_msg_return_t msg_receive(msgbuf_t *m, mach_port_t name,
			      mach_msg_timeout_t timeout);
/* Send a header-only message with id to port (MAKE_SEND from a receive
 * right if make_send, else COPY_SEND). */
mach_msg_return_t send_simple(mach_port_t port, bool make_send,
			      mach_msg_id_t id);
/* Receive and discard everything queued on name (rights destroyed by
 * mach_port_destroy of what they carry is the caller's business). */
unsigned int drain(mach_port_t name);

/* ---- Ports --------------------------------------------------------------- */

/* A new receive right (a check fails and MACH_PORT_NULL if not). */
mach_port_t new_port(void);
/* A new port set. */
mach_port_t new_set(void);
/* A send-once right for the receive right port, under a new name. */
mach_port_t make_send_once(mach_port_t port);
/* Add a send right under the receive right's name. */
void make_send(mach_port_t port);
/* MACH_PORT_TYPE_* of name, or 0 with a failed check. */
mach_port_type_t type_of(mach_port_t name);
/* mach_port_type's return code alone (KERN_INVALID_NAME for gone names). */
kern_return_t type_kr(mach_port_t name);
/* User references of one right kind (~0u with a failed check). */
mach_port_urefs_t refs_of(mach_port_t name, mach_port_right_t right);
/* mach_port_get_receive_status (zeroed with a failed check on error). */
mach_port_status_t status_of(mach_port_t name);
/*
 * A send right to a port whose receive right is elsewhere: the receive
 * right travels in a message queued on *jail (a new port).  Destroying
 * the jail destroys the message and with it the port, turning the send
 * right into a dead name.
 */
mach_port_t send_only(mach_port_t *jail);
/* Destroy name, checking that it worked. */
void destroy(mach_port_t name);
/* How many names the task has (mach_port_names). */
unsigned int name_count(void);

#endif /* TESTS_USER_IPC_TEST_H */
