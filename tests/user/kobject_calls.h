/*
 * tests/user/kobject_calls.h - what the parts of the kobject_calls test
 * module share (kobject_calls.c, kobject_calls_rpc.c,
 * kobject_calls_threads.c): the checks, the hand-built messages and one
 * wrapper per routine used.
 */
#ifndef TESTS_USER_KOBJECT_CALLS_H
#define TESTS_USER_KOBJECT_CALLS_H

#include <mica/runtime.h>
#include <mach/message.h>
#include <mach/mig_errors.h>

#define TRAP_MACH_MSG		(-25)
#define TRAP_MACH_REPLY_PORT	(-26)
#define TRAP_MACH_THREAD_SELF	(-27)
#define TRAP_MACH_TASK_SELF	(-28)
#define TRAP_MACH_HOST_SELF	(-29)
#define TRAP_SWTCH		(-60)
#define TRAP_THREAD_SWITCH	(-61)
#define TRAP_DEPRESS_ABORT	(-76)

extern int failures;

#define CHECK(c) do {							\
	if (!(c)) {							\
		printf("kobject_calls: FAIL line %d: %s\n", __LINE__, #c);	\
		failures++;						\
	}								\
} while (0)

#define CHECK_KR(expr, want) do {					\
	long got_ = (long)(expr), want_ = (long)(want);			\
	if (got_ != want_) {						\
		printf("kobject_calls: FAIL line %d: %s = %#lx, expected %#lx\n", \
		       __LINE__, #expr, got_, want_);			\
		failures++;						\
	}								\
} while (0)

long trap0(long n);
mach_msg_return_t msg_trap(mach_msg_header_t *m, int option,
			   unsigned int send_size, unsigned int rcv_size,
			   mach_port_t rcv_name, unsigned int timeout);

/* A request being built, or a reply being read. */
struct msg {
	union {
		mach_msg_header_t h;
		uint8_t b[8192];
	} u;
	unsigned int len;		/* request: bytes so far */
	unsigned int rd;		/* reply: read cursor */
};

extern struct msg M, R;		/* the main thread's request, reply */
extern mach_port_t rport;	/* the main thread's reply port */

/* Building requests (kobject_calls_rpc.c). */
struct msg *req(mach_port_t dest, int id);
void put_item(struct msg *m, unsigned int name, unsigned int bits,
	      unsigned int number, bool is_inline, const void *data,
	      unsigned int bytes);
void put_int(struct msg *m, int v);
void put_bool(struct msg *m, int v);
void put_ints(struct msg *m, const void *v, unsigned int n);
void put_port(struct msg *m, mach_port_t name, unsigned int disp);
void put_ool_ports(struct msg *m, const mach_port_t *names, unsigned int n,
		   unsigned int disp);

/* Sending them and reading the reply's items. */
kern_return_t rpc(struct msg *m);
const uint8_t *get_item(mach_msg_type_t *t);
mach_port_t get_port(void);
unsigned int get_ints(void *out, unsigned int max);
const mach_port_t *get_ool_ports(unsigned int *n);

/* The routines. */
kern_return_t k_info(mach_port_t obj, int id, int flavor, void *out,
		     unsigned int *count);
kern_return_t k_simple(mach_port_t obj, int id);
kern_return_t k_port_out(struct msg *m, mach_port_t *out);
kern_return_t k_ports_out(struct msg *m, const mach_port_t **a,
			  unsigned int *n);
kern_return_t task_create(mach_port_t parent, mach_port_t *child);
kern_return_t thread_create(mach_port_t task, mach_port_t *thread);
kern_return_t get_special(mach_port_t obj, int id, int which,
			  mach_port_t *port);
kern_return_t set_special(mach_port_t obj, int id, int which,
			  mach_port_t port, unsigned int disp);
kern_return_t thread_state(mach_port_t thread, int id, int flavor,
			   void *state, unsigned int *count);
kern_return_t port_deallocate(mach_port_t task, mach_port_t name);
mach_port_t new_port(void);

#define task_info(t, f, o, c)	k_info(t, 2012, f, o, c)
#define thread_info(t, f, o, c)	k_info(t, 2019, f, o, c)
#define host_info(h, f, o, c)	k_info(h, 2638, f, o, c)
#define task_terminate(t)	k_simple(t, 2008)
#define task_suspend(t)		k_simple(t, 2056)
#define task_resume(t)		k_simple(t, 2057)
#define thread_terminate(t)	k_simple(t, 2016)
#define thread_suspend(t)	k_simple(t, 2062)
#define thread_resume(t)	k_simple(t, 2063)
#define thread_abort(t)		k_simple(t, 2064)
#define thread_get_state(t, f, s, c)	thread_state(t, 2017, f, s, c)
#define thread_set_state(t, f, s, c)	thread_state(t, 2018, f, s, c)

/* The objects under test (kobject_calls.c). */
extern mach_port_t self_task, self_thread, host, host_priv;

/* Threads the thread checks start in their own task, and the notes they
 * send to the main thread: id and two values (kobject_calls_threads.c). */
#define WORKER_STACK	16384
extern uint8_t worker_stack[2][WORKER_STACK];
struct note {
	mach_msg_header_t h;
	mach_msg_type_t t;
	int64_t v[2];
};
void note_send(mach_port_t to, int id, int64_t a, int64_t b);
int note_wait(mach_port_t p, unsigned int ms, int64_t *a, int64_t *b);
kern_return_t start_state(mach_port_t thread, void (*fn)(long),
			  uint8_t *stack, long arg);

/* The thread checks (kobject_calls_threads.c, kobject_calls_fp.c). */
void test_thread_info(void);
void test_thread_lifecycle(void);
void test_thread_self_termination(void);
void test_thread_fp_state(void);

#endif /* TESTS_USER_KOBJECT_CALLS_H */
