/*
 * tests/user/kobject.c - the kernel's objects served through their ports,
 * from user mode: task, thread, host, processor and processor set
 * routines of the mach (2000), mach_host (2600) and mach_port (3200)
 * subsystems, good paths and error paths, with hand-built messages sent
 * by mach_msg_trap (no MIG user stubs).  Run by the kernel's "kobject"
 * suite (tests/kernel/test_kobject.c) as "kobject <host-priv-name>":
 * argv[1] is the name under which the suite put a send right to the
 * privileged host port.
 *
 * Prints "kobject: PASS" when every check held, then terminates its own
 * task with a task_terminate request (the suite checks that it is gone).
 */
#include <mica/runtime.h>
#include <mach/message.h>
#include <mach/mig_errors.h>
#include <mach/host_info.h>
#include <mach/machine.h>
#include <mach/mach_param.h>
#include <mach/policy.h>
#include <mach/processor_info.h>
#include <mach/task_info.h>
#include <mach/task_special_ports.h>
#include <mach/thread_info.h>
#include <mach/thread_special_ports.h>
#include <mach/thread_status.h>
#include <mach/time_value.h>
#include <sys/reboot.h>

#define TRAP_MACH_MSG		(-25)
#define TRAP_MACH_REPLY_PORT	(-26)
#define TRAP_MACH_THREAD_SELF	(-27)
#define TRAP_MACH_TASK_SELF	(-28)
#define TRAP_MACH_HOST_SELF	(-29)
#define TRAP_SWTCH		(-60)

static int failures;

#define CHECK(c) do {							\
	if (!(c)) {							\
		printf("kobject: FAIL line %d: %s\n", __LINE__, #c);	\
		failures++;						\
	}								\
} while (0)

#define CHECK_KR(expr, want) do {					\
	long got_ = (long)(expr), want_ = (long)(want);			\
	if (got_ != want_) {						\
		printf("kobject: FAIL line %d: %s = %#lx, expected %#lx\n", \
		       __LINE__, #expr, got_, want_);			\
		failures++;						\
	}								\
} while (0)

static long trap0(long n)
{
	return mach_trap_raw(n, 0, 0, 0, 0, 0, 0, 0);
}

static mach_msg_return_t msg_trap(mach_msg_header_t *m, int option,
				  unsigned int send_size, unsigned int rcv_size,
				  mach_port_t rcv_name, unsigned int timeout)
{
	return (mach_msg_return_t)mach_trap_raw(TRAP_MACH_MSG, (long)m, option,
						send_size, rcv_size, rcv_name,
						timeout, 0);
}

/* ---- Hand-built messages -------------------------------------------------- */

struct msg {
	union {
		mach_msg_header_t h;
		uint8_t b[8192];
	} u;
	unsigned int len;		/* request: bytes so far */
	unsigned int rd;		/* reply: read cursor */
};

static struct msg M, R;			/* the main thread's request, reply */
static mach_port_t rport;		/* the main thread's reply port */

/* Start a request to dest with id; the reply comes to a send-once right. */
static struct msg *req(mach_port_t dest, int id)
{
	memset(&M.u.h, 0, sizeof(M.u.h));
	M.u.h.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
					 MACH_MSG_TYPE_MAKE_SEND_ONCE);
	M.u.h.msgh_remote_port = dest;
	M.u.h.msgh_local_port = rport;
	M.u.h.msgh_id = id;
	M.len = sizeof(mach_msg_header_t);
	return &M;
}

static void put_item(struct msg *m, unsigned int name, unsigned int bits,
		     unsigned int number, bool is_inline, const void *data,
		     unsigned int bytes)
{
	mach_msg_type_t t;

	memset(&t, 0, sizeof(t));
	t.msgt_name = name;
	t.msgt_size = bits;
	t.msgt_number = number;
	t.msgt_inline = is_inline;
	t.msgt_longform = bits > 255 || number > 4095;
	memcpy(m->u.b + m->len, &t, sizeof(t));
	m->len += sizeof(t);
	memset(m->u.b + m->len, 0, (bytes + 7) & ~7u);
	memcpy(m->u.b + m->len, data, bytes);
	m->len += (bytes + 7) & ~7u;
}

static void put_int(struct msg *m, int v)
{
	put_item(m, MACH_MSG_TYPE_INTEGER_32, 32, 1, true, &v, 4);
}

static void put_bool(struct msg *m, int v)
{
	put_item(m, MACH_MSG_TYPE_BOOLEAN, 32, 1, true, &v, 4);
}

static void put_ints(struct msg *m, const void *v, unsigned int n)
{
	put_item(m, MACH_MSG_TYPE_INTEGER_32, 32, n, true, v, n * 4);
}

static void put_port(struct msg *m, mach_port_t name, unsigned int disp)
{
	uint64_t slot = name;

	put_item(m, disp, 64, 1, true, &slot, 8);
	m->u.h.msgh_bits |= MACH_MSGH_BITS_COMPLEX;
}

static void put_ool_ports(struct msg *m, const mach_port_t *names,
			  unsigned int n, unsigned int disp)
{
	uint64_t addr = (uintptr_t)names;

	put_item(m, disp, 32, n, false, &addr, 8);
	m->u.h.msgh_bits |= MACH_MSGH_BITS_COMPLEX;
}

/*
 * rpc: send the request, receive the reply on rport; returns the
 * mach_msg error, MIG_REPLY_MISMATCH for a reply of another id, or the
 * reply's RetCode.  The reply's items are then read with get_*.
 */
static kern_return_t rpc(struct msg *m)
{
	mach_msg_return_t mr;
	int id = m->u.h.msgh_id;
	int32_t ret;

	m->u.h.msgh_size = m->len;
	mr = msg_trap(&m->u.h, MACH_SEND_MSG | MACH_RCV_MSG | MACH_RCV_TIMEOUT,
		      m->len, sizeof(m->u), rport, 5000);
	if (mr != MACH_MSG_SUCCESS)
		return mr;
	/* The reply came into the request's buffer: keep it in R. */
	memcpy(&R.u, &m->u, m->u.h.msgh_size < sizeof(R.u) ?
	       m->u.h.msgh_size : sizeof(R.u));
	if (R.u.h.msgh_id != id + 100)
		return MIG_REPLY_MISMATCH;
	memcpy(&ret, R.u.b + 40, 4);
	R.rd = 48;
	return ret;
}

/* The next reply item: its type in *t and where its data is. */
static const uint8_t *get_item(mach_msg_type_t *t)
{
	const uint8_t *data;
	unsigned int bytes;

	if (R.rd + 8 > R.u.h.msgh_size) {
		memset(t, 0, sizeof(*t));
		return NULL;
	}
	memcpy(t, R.u.b + R.rd, 8);
	data = R.u.b + R.rd + 8;
	bytes = (t->msgt_number * t->msgt_size + 7) / 8;
	R.rd += 8 + (t->msgt_inline ? ((bytes + 7) & ~7u) : 8);
	return data;
}

static mach_port_t get_port(void)
{
	mach_msg_type_t t;
	const uint8_t *d = get_item(&t);
	mach_port_t n = MACH_PORT_NULL;

	if (d && t.msgt_name == MACH_MSG_TYPE_PORT_SEND && t.msgt_inline)
		memcpy(&n, d, 4);
	return n;
}

/* Inline 32-bit words: up to max into out; the count the reply gave. */
static unsigned int get_ints(void *out, unsigned int max)
{
	mach_msg_type_t t;
	const uint8_t *d = get_item(&t);

	if (!d || !t.msgt_inline || t.msgt_size != 32)
		return ~0u;
	memcpy(out, d, 4 * (t.msgt_number < max ? t.msgt_number : max));
	return t.msgt_number;
}

/* Out-of-line port names: their address (in our space) and count. */
static const mach_port_t *get_ool_ports(unsigned int *n)
{
	mach_msg_type_t t;
	const uint8_t *d = get_item(&t);
	uint64_t addr;

	*n = 0;
	if (!d || t.msgt_inline || t.msgt_name != MACH_MSG_TYPE_PORT_SEND ||
	    t.msgt_size != 32)
		return NULL;
	memcpy(&addr, d, 8);
	*n = t.msgt_number;
	return (const mach_port_t *)(uintptr_t)addr;
}

/* ---- The routines, one wrapper each --------------------------------------- */

static kern_return_t k_info(mach_port_t obj, int id, int flavor, void *out,
			    unsigned int *count)
{
	kern_return_t kr;
	struct msg *m = req(obj, id);

	put_int(m, flavor);
	put_int(m, (int)*count);
	kr = rpc(m);
	if (kr == KERN_SUCCESS)
		*count = get_ints(out, *count);
	return kr;
}

#define task_info(t, f, o, c)	k_info(t, 2012, f, o, c)
#define thread_info(t, f, o, c)	k_info(t, 2019, f, o, c)
#define host_info(h, f, o, c)	k_info(h, 2638, f, o, c)

/* Routines with only the request port: task_terminate, thread_resume ... */
static kern_return_t k_simple(mach_port_t obj, int id)
{
	return rpc(req(obj, id));
}

#define task_terminate(t)	k_simple(t, 2008)
#define task_suspend(t)		k_simple(t, 2056)
#define task_resume(t)		k_simple(t, 2057)
#define thread_terminate(t)	k_simple(t, 2016)
#define thread_suspend(t)	k_simple(t, 2062)
#define thread_resume(t)	k_simple(t, 2063)
#define thread_abort(t)		k_simple(t, 2064)

/* Routines returning one port: task_create, thread_create ... */
static kern_return_t k_port_out(struct msg *m, mach_port_t *out)
{
	kern_return_t kr = rpc(m);

	*out = kr == KERN_SUCCESS ? get_port() : MACH_PORT_NULL;
	return kr;
}

static kern_return_t task_create(mach_port_t parent, mach_port_t *child)
{
	struct msg *m = req(parent, 2007);

	put_bool(m, 0);
	return k_port_out(m, child);
}

static kern_return_t thread_create(mach_port_t task, mach_port_t *thread)
{
	return k_port_out(req(task, 2061), thread);
}

static kern_return_t get_special(mach_port_t obj, int id, int which,
				 mach_port_t *port)
{
	struct msg *m = req(obj, id);

	put_int(m, which);
	return k_port_out(m, port);
}

static kern_return_t set_special(mach_port_t obj, int id, int which,
				 mach_port_t port, unsigned int disp)
{
	struct msg *m = req(obj, id);

	put_int(m, which);
	put_port(m, port, disp);
	return rpc(m);
}

/* Routines returning an out-of-line port array: task_threads ... */
static kern_return_t k_ports_out(struct msg *m, const mach_port_t **a,
				 unsigned int *n)
{
	kern_return_t kr = rpc(m);

	*a = NULL;
	*n = 0;
	if (kr == KERN_SUCCESS)
		*a = get_ool_ports(n);
	return kr;
}

static kern_return_t thread_state(mach_port_t thread, int id, int flavor,
				  void *state, unsigned int *count)
{
	struct msg *m = req(thread, id);
	kern_return_t kr;

	put_int(m, flavor);
	if (id == 2017) {			/* get: capacity */
		put_int(m, (int)*count);
		kr = rpc(m);
		if (kr == KERN_SUCCESS)
			*count = get_ints(state, *count);
		return kr;
	}
	put_ints(m, state, *count);		/* set */
	return rpc(m);
}

#define thread_get_state(t, f, s, c)	thread_state(t, 2017, f, s, c)
#define thread_set_state(t, f, s, c)	thread_state(t, 2018, f, s, c)

/* mach_port_deallocate (3206) on our own space. */
static kern_return_t port_deallocate(mach_port_t task, mach_port_t name)
{
	struct msg *m = req(task, 3206);

	put_item(m, MACH_MSG_TYPE_PORT_NAME, 32, 1, true, &name, 4);
	return rpc(m);
}

/* A new port: a receive right (send rights are made in messages). */
static mach_port_t new_port(void)
{
	return (mach_port_t)trap0(TRAP_MACH_REPLY_PORT);
}

/* ---- Machine state of the threads the test starts ------------------------ */

#define FP0_PATTERN	0x400921fb54442d18ULL	/* given to the worker */
#define FP8_PATTERN	0x1122334455667788ULL	/* the worker leaves it */

#if defined(__x86_64__)
typedef struct i386_thread_state state_t;
#define STATE_FLAVOR	i386_THREAD_STATE
#define STATE_COUNT	i386_THREAD_STATE_COUNT

static void state_setup(state_t *s, uintptr_t pc, uintptr_t top, long arg)
{
	s->rip = pc;
	s->ursp = top - 8;		/* as if called: rsp + 8 aligned */
	s->rdi = (uint64_t)arg;
	s->rbp = 0;
	s->rfl = 0x3001;		/* CF, and IOPL 3 which must not stick */
}

static uintptr_t state_pc(const state_t *s)
{
	return s->rip;
}

/* What set_state must have fixed: IF on, IOPL off, user code segment. */
static bool state_sane(const state_t *s)
{
	return (s->rfl & 0x200) && !(s->rfl & 0x3000) && (s->rfl & 1) &&
	       (s->cs & 3) == 3 && s->ursp == s->rsp;
}
#elif defined(__aarch64__)
typedef struct aarch64_thread_state state_t;
#define STATE_FLAVOR	AARCH64_THREAD_STATE
#define STATE_COUNT	AARCH64_THREAD_STATE_COUNT
#define FLOAT_FLAVOR	AARCH64_FLOAT_STATE
#define FLOAT_COUNT	AARCH64_FLOAT_STATE_COUNT

static void state_setup(state_t *s, uintptr_t pc, uintptr_t top, long arg)
{
	s->pc = pc;
	s->sp = top;
	s->x[0] = (uint64_t)arg;
	s->x[29] = 0;
	s->x[30] = 0;
	s->cpsr = 0x800003c5;		/* N, and EL1h masked: must not stick */
}

static uintptr_t state_pc(const state_t *s)
{
	return s->pc;
}

static bool state_sane(const state_t *s)
{
	return s->cpsr == 0x80000000;	/* N kept, EL0t, DAIF clear */
}

static uint64_t float_reg(const uint32_t *state, int i)
{
	struct aarch64_float_state f;

	memcpy(&f, state, sizeof(f));
	return (uint64_t)f.v[i];
}

static void float_set(uint32_t *state, int i, uint64_t v)
{
	struct aarch64_float_state f;

	memcpy(&f, state, sizeof(f));
	f.v[i] = v;
	memcpy(state, &f, sizeof(f));
}

static uint64_t fp_get0(void)
{
	uint64_t v;

	__asm__ volatile("fmov %0, d0" : "=r"(v));
	return v;
}

static void fp_set8(uint64_t v)
{
	__asm__ volatile("fmov d8, %0" : : "r"(v) : "v8");
}
#elif defined(__riscv)
typedef struct riscv_thread_state state_t;
#define STATE_FLAVOR	RISCV_THREAD_STATE
#define STATE_COUNT	RISCV_THREAD_STATE_COUNT
#define FLOAT_FLAVOR	RISCV_FLOAT_STATE
#define FLOAT_COUNT	RISCV_FLOAT_STATE_COUNT

static void state_setup(state_t *s, uintptr_t pc, uintptr_t top, long arg)
{
	uint64_t gp;

	__asm__ volatile("mv %0, gp" : "=r"(gp));
	s->pc = pc;
	s->x[1 - 1] = 0;		/* ra */
	s->x[2 - 1] = top;		/* sp */
	s->x[3 - 1] = gp;		/* the linker relaxes against it */
	s->x[8 - 1] = 0;		/* s0: end of the frame chain */
	s->x[10 - 1] = (uint64_t)arg;	/* a0 */
}

static uintptr_t state_pc(const state_t *s)
{
	return s->pc;
}

static bool state_sane(const state_t *s)
{
	return s->x[10 - 1] != 0;
}

static uint64_t float_reg(const uint32_t *state, int i)
{
	struct riscv_float_state f;

	memcpy(&f, state, sizeof(f));
	return f.f[i];
}

static void float_set(uint32_t *state, int i, uint64_t v)
{
	struct riscv_float_state f;

	memcpy(&f, state, sizeof(f));
	f.f[i] = v;
	memcpy(state, &f, sizeof(f));
}

static uint64_t fp_get0(void)
{
	uint64_t v;

	__asm__ volatile("fmv.x.d %0, f0" : "=r"(v));
	return v;
}

static void fp_set8(uint64_t v)
{
	__asm__ volatile("fmv.d.x f8, %0" : : "r"(v) : "f8");
}
#endif

/* ---- Threads the test starts in its own task ----------------------------- */

#define WORKER_STACK	16384
static uint8_t worker_stack[2][WORKER_STACK] __attribute__((aligned(16)));

/* A note from a worker to the main thread: id and two values. */
struct note {
	mach_msg_header_t h;
	mach_msg_type_t t;
	int64_t v[2];
};

static void note_send(mach_port_t to, int id, int64_t a, int64_t b)
{
	struct note n;

	memset(&n, 0, sizeof(n));
	n.h.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0);
	n.h.msgh_size = sizeof(n);
	n.h.msgh_remote_port = to;
	n.h.msgh_id = id;
	n.t.msgt_name = MACH_MSG_TYPE_INTEGER_64;
	n.t.msgt_size = 64;
	n.t.msgt_number = 2;
	n.t.msgt_inline = 1;
	n.v[0] = a;
	n.v[1] = b;
	msg_trap(&n.h, MACH_SEND_MSG, sizeof(n), 0, 0, 0);
}

/* Wait up to ms for a note on p; returns its id (or the mach_msg error). */
static int note_wait(mach_port_t p, unsigned int ms, int64_t *a, int64_t *b)
{
	struct note n;
	mach_msg_return_t mr;

	memset(&n, 0, sizeof(n));
	mr = msg_trap(&n.h, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0, sizeof(n), p, ms);
	if (mr != MACH_MSG_SUCCESS)
		return (int)mr;
	if (a)
		*a = n.v[0];
	if (b)
		*b = n.v[1];
	return n.h.msgh_id;
}

/*
 * worker(arg = p << 32 | q): reports the FP register it was started with
 * (note 100), leaves a pattern in a callee-saved FP register, then waits
 * on q forever, reporting each receive that returns (note 101: the
 * mach_msg result; thread_abort makes it MACH_RCV_INTERRUPTED).
 */
static void __attribute__((noreturn)) worker(long arg)
{
	mach_port_t p = (mach_port_t)((uint64_t)arg >> 32);
	mach_port_t q = (mach_port_t)arg;
	uint64_t fp0 = 0;
	struct note n;

#ifdef FLOAT_FLAVOR
	fp0 = fp_get0();
	fp_set8(FP8_PATTERN);
#endif
	note_send(p, 100, (int64_t)fp0, 0);
	for (;;) {
		mach_msg_return_t mr;

		memset(&n, 0, sizeof(n));
		mr = msg_trap(&n.h, MACH_RCV_MSG, 0, sizeof(n), q, 0);
		note_send(p, 101, mr, 0);
	}
}

/*
 * self_ender(p): asks the kernel to terminate its own thread
 * (thread_terminate on mach_thread_self) and must never get back to user
 * mode after the reply; if it does, it says so (note 102).
 */
static void __attribute__((noreturn)) self_ender(long arg)
{
	struct {
		mach_msg_header_t h;
		uint8_t body[64];
	} m;
	mach_port_t me = (mach_port_t)trap0(TRAP_MACH_THREAD_SELF);
	mach_port_t rp = (mach_port_t)trap0(TRAP_MACH_REPLY_PORT);
	mach_msg_return_t mr;
	int32_t ret = -1;

	memset(&m, 0, sizeof(m));
	m.h.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
				       MACH_MSG_TYPE_MAKE_SEND_ONCE);
	m.h.msgh_size = sizeof(mach_msg_header_t);
	m.h.msgh_remote_port = me;
	m.h.msgh_local_port = rp;
	m.h.msgh_id = 2016;			/* thread_terminate */
	mr = msg_trap(&m.h, MACH_SEND_MSG | MACH_RCV_MSG,
		      sizeof(mach_msg_header_t), sizeof(m), rp, 0);
	memcpy(&ret, m.body + 8, 4);
	note_send((mach_port_t)arg, 102, mr, ret);
	for (;;)
		trap0(TRAP_SWTCH);
}

/* Give a created thread pc, stack and argument (thread_set_state). */
static kern_return_t start_state(mach_port_t thread, void (*fn)(long),
				 uint8_t *stack, long arg)
{
	static uint32_t st[THREAD_STATE_MAX];
	unsigned int count = THREAD_STATE_MAX;
	kern_return_t kr;
	state_t s;

	kr = thread_get_state(thread, STATE_FLAVOR, st, &count);
	if (kr != KERN_SUCCESS || count != STATE_COUNT)
		return kr ? kr : KERN_FAILURE;
	memcpy(&s, st, sizeof(s));
	CHECK(state_pc(&s) == 0);		/* a created thread: all zero */
	state_setup(&s, (uintptr_t)fn, (uintptr_t)(stack + WORKER_STACK), arg);
	memcpy(st, &s, sizeof(s));
	count = STATE_COUNT;
	return thread_set_state(thread, STATE_FLAVOR, st, &count);
}

/* Poll thread_info until the thread waits (or stops); false on timeout. */
static bool wait_run_state(mach_port_t thread, int want)
{
	for (int i = 0; i < 200; i++) {
		struct thread_basic_info b;
		unsigned int count = THREAD_BASIC_INFO_COUNT;

		if (thread_info(thread, THREAD_BASIC_INFO, &b, &count) !=
		    KERN_SUCCESS)
			return false;
		if (b.run_state == want)
			return true;
		trap0(TRAP_SWTCH);
	}
	return false;
}

/* ---- The checks --------------------------------------------------------- */

static mach_port_t self_task, self_thread, host, host_priv;
static mach_port_t bootstrap;		/* set by test_special_ports */

/* The self traps: names of send rights, stable across calls. */
static void test_self_ports(void)
{
	self_task = (mach_port_t)trap0(TRAP_MACH_TASK_SELF);
	self_thread = (mach_port_t)trap0(TRAP_MACH_THREAD_SELF);
	host = (mach_port_t)trap0(TRAP_MACH_HOST_SELF);
	CHECK(self_task != MACH_PORT_NULL && self_thread != MACH_PORT_NULL &&
	      host != MACH_PORT_NULL);
	CHECK(self_task != self_thread && self_task != host);
	CHECK_KR(trap0(TRAP_MACH_TASK_SELF), self_task);
	CHECK_KR(trap0(TRAP_MACH_THREAD_SELF), self_thread);
	CHECK_KR(trap0(TRAP_MACH_HOST_SELF), host);
}

static void test_task_info(void)
{
	struct task_basic_info b;
	struct task_thread_times_info tt;
	unsigned int count;
	const mach_port_t *threads;
	unsigned int n;

	count = TASK_BASIC_INFO_COUNT;
	CHECK_KR(task_info(self_task, TASK_BASIC_INFO, &b, &count), KERN_SUCCESS);
	CHECK_KR(count, TASK_BASIC_INFO_COUNT);
	CHECK(b.suspend_count == 0 && b.base_priority == 25);
	CHECK(b.virtual_size > 0 && b.resident_size == b.virtual_size);
	CHECK(b.creation_time64.seconds == b.creation_time.seconds);
	/* A caller that predates the time_value64_t fields. */
	count = TASK_BASIC_INFO_COUNT - 12;
	CHECK_KR(task_info(self_task, TASK_BASIC_INFO, &b, &count), KERN_SUCCESS);
	CHECK_KR(count, TASK_BASIC_INFO_COUNT - 12);
	count = TASK_BASIC_INFO_COUNT - 13;
	CHECK_KR(task_info(self_task, TASK_BASIC_INFO, &b, &count),
		 KERN_INVALID_ARGUMENT);
	count = TASK_THREAD_TIMES_INFO_COUNT;
	CHECK_KR(task_info(self_task, TASK_THREAD_TIMES_INFO, &tt, &count),
		 KERN_SUCCESS);
	CHECK_KR(count, TASK_THREAD_TIMES_INFO_COUNT);
	count = TASK_INFO_MAX;
	CHECK_KR(task_info(self_task, TASK_EVENTS_INFO, &tt, &count),
		 KERN_INVALID_ARGUMENT);
	count = TASK_INFO_MAX;
	CHECK_KR(task_info(self_task, 99, &tt, &count), KERN_INVALID_ARGUMENT);

	/* Our one thread, under the name mach_thread_self gave. */
	CHECK_KR(k_ports_out(req(self_task, 2011), &threads, &n), KERN_SUCCESS);
	CHECK_KR(n, 1);
	CHECK(threads && threads[0] == self_thread);
}

static void test_thread_info(void)
{
	struct thread_basic_info b;
	struct thread_sched_info si;
	unsigned int count = THREAD_BASIC_INFO_COUNT;

	CHECK_KR(thread_info(self_thread, THREAD_BASIC_INFO, &b, &count),
		 KERN_SUCCESS);
	CHECK_KR(count, THREAD_BASIC_INFO_COUNT);
	CHECK_KR(b.run_state, TH_STATE_RUNNING);
	CHECK(b.suspend_count == 0 && b.base_priority == 25 && b.flags == 0);
	CHECK(b.cpu_usage >= 0 && b.cpu_usage <= TH_USAGE_SCALE);
	count = THREAD_SCHED_INFO_COUNT;
	CHECK_KR(thread_info(self_thread, THREAD_SCHED_INFO, &si, &count),
		 KERN_SUCCESS);
	CHECK(si.policy == POLICY_TIMESHARE && si.base_priority == 25 &&
	      !si.depressed);
	count = 3;
	CHECK_KR(thread_info(self_thread, THREAD_BASIC_INFO, &b, &count),
		 KERN_INVALID_ARGUMENT);
	count = THREAD_INFO_MAX;
	CHECK_KR(thread_info(self_thread, 42, &b, &count), KERN_INVALID_ARGUMENT);

	/* thread_priority (mach_host) on ourselves, then back. */
	{
		struct msg *m = req(self_thread, 2620);

		put_int(m, 30);
		put_bool(m, 0);
		CHECK_KR(rpc(m), KERN_SUCCESS);
		count = THREAD_SCHED_INFO_COUNT;
		CHECK_KR(thread_info(self_thread, THREAD_SCHED_INFO, &si, &count),
			 KERN_SUCCESS);
		CHECK_KR(si.base_priority, 30);
		m = req(self_thread, 2620);
		put_int(m, 99);
		put_bool(m, 0);
		CHECK_KR(rpc(m), KERN_INVALID_ARGUMENT);
		m = req(self_thread, 2620);
		put_int(m, 25);
		put_bool(m, 0);
		CHECK_KR(rpc(m), KERN_SUCCESS);
	}
}

/*
 * A second thread of ours, made with thread_create and started with
 * thread_set_state: its state, its FP state where the port serves it,
 * suspension, thread_abort of its receive, termination.
 */
static void test_thread_lifecycle(void)
{
	static uint32_t st[THREAD_STATE_MAX];
	mach_port_t t, p = new_port(), q = new_port();
	struct thread_basic_info b;
	unsigned int count;
	int64_t a = 0;
	state_t s;

	CHECK_KR(thread_create(self_task, &t), KERN_SUCCESS);
	CHECK(t != MACH_PORT_NULL && t != self_thread);
	count = THREAD_BASIC_INFO_COUNT;
	CHECK_KR(thread_info(t, THREAD_BASIC_INFO, &b, &count), KERN_SUCCESS);
	CHECK(b.suspend_count == 1 && b.run_state == TH_STATE_STOPPED);

	/* Error paths of the state calls. */
	count = THREAD_STATE_MAX;
	CHECK_KR(thread_get_state(self_thread, STATE_FLAVOR, st, &count),
		 KERN_INVALID_ARGUMENT);
	count = STATE_COUNT - 1;
	CHECK_KR(thread_get_state(t, STATE_FLAVOR, st, &count),
		 KERN_INVALID_ARGUMENT);
	count = THREAD_STATE_MAX;
	CHECK_KR(thread_get_state(t, 77, st, &count), KERN_INVALID_ARGUMENT);
	count = STATE_COUNT - 2;
	CHECK_KR(thread_set_state(t, STATE_FLAVOR, st, &count),
		 KERN_INVALID_ARGUMENT);

	CHECK_KR(start_state(t, worker, worker_stack[0],
			     (long)((uint64_t)p << 32 | q)), KERN_SUCCESS);
	count = THREAD_STATE_MAX;
	CHECK_KR(thread_get_state(t, STATE_FLAVOR, st, &count), KERN_SUCCESS);
	CHECK_KR(count, STATE_COUNT);
	memcpy(&s, st, sizeof(s));
	CHECK(state_pc(&s) == (uintptr_t)worker);
	CHECK(state_sane(&s));
#ifdef FLOAT_FLAVOR
	count = THREAD_STATE_MAX;
	CHECK_KR(thread_get_state(t, FLOAT_FLAVOR, st, &count), KERN_SUCCESS);
	CHECK_KR(count, FLOAT_COUNT);
	float_set(st, 0, FP0_PATTERN);
	CHECK_KR(thread_set_state(t, FLOAT_FLAVOR, st, &count), KERN_SUCCESS);
#else
	count = THREAD_STATE_MAX;
	CHECK_KR(thread_get_state(t, 2, st, &count), KERN_INVALID_ARGUMENT);
#endif

	/* Run it: it reports the FP value it started with. */
	CHECK_KR(thread_resume(t), KERN_SUCCESS);
	CHECK_KR(thread_resume(t), KERN_FAILURE);
	CHECK_KR(note_wait(p, 3000, &a, NULL), 100);
#ifdef FLOAT_FLAVOR
	CHECK((uint64_t)a == FP0_PATTERN);
#endif
	CHECK(wait_run_state(t, TH_STATE_WAITING));
#ifdef FLOAT_FLAVOR
	count = THREAD_STATE_MAX;
	CHECK_KR(thread_get_state(t, FLOAT_FLAVOR, st, &count), KERN_SUCCESS);
	CHECK(float_reg(st, 8) == FP8_PATTERN);
#endif

	/* thread_abort interrupts its receive; it waits again. */
	CHECK_KR(thread_abort(self_thread), KERN_INVALID_ARGUMENT);
	CHECK_KR(thread_abort(t), KERN_SUCCESS);
	CHECK_KR(note_wait(p, 3000, &a, NULL), 101);
	CHECK_KR(a, MACH_RCV_INTERRUPTED);
	CHECK(wait_run_state(t, TH_STATE_WAITING));

	/* Suspended, it reads as stopped. */
	CHECK_KR(thread_suspend(t), KERN_SUCCESS);
	count = THREAD_BASIC_INFO_COUNT;
	CHECK_KR(thread_info(t, THREAD_BASIC_INFO, &b, &count), KERN_SUCCESS);
	CHECK(b.suspend_count == 1 && b.run_state == TH_STATE_STOPPED);
	CHECK_KR(thread_resume(t), KERN_SUCCESS);

	/* Two threads now, then one again: the port of a terminated thread
	 * is dead, so requests to it cannot even be sent. */
	{
		const mach_port_t *threads;
		unsigned int n;

		CHECK_KR(k_ports_out(req(self_task, 2011), &threads, &n),
			 KERN_SUCCESS);
		CHECK(n == 2 && threads &&
		      (threads[0] == t || threads[1] == t));
	}
	CHECK_KR(thread_terminate(t), KERN_SUCCESS);
	count = THREAD_BASIC_INFO_COUNT;
	CHECK_KR(thread_info(t, THREAD_BASIC_INFO, &b, &count),
		 MACH_SEND_INVALID_DEST);
	CHECK_KR(port_deallocate(self_task, t), KERN_SUCCESS);
	CHECK_KR(note_wait(p, 0, NULL, NULL), MACH_RCV_TIMED_OUT);
}

/* A thread that terminates itself through its port ends after the reply. */
static void test_thread_self_termination(void)
{
	mach_port_t t, p = new_port();
	struct thread_basic_info b;
	unsigned int count;
	bool gone = false;

	CHECK_KR(thread_create(self_task, &t), KERN_SUCCESS);
	CHECK_KR(start_state(t, self_ender, worker_stack[1], (long)p),
		 KERN_SUCCESS);
	CHECK_KR(thread_resume(t), KERN_SUCCESS);
	for (int i = 0; i < 200 && !gone; i++) {
		count = THREAD_BASIC_INFO_COUNT;
		gone = thread_info(t, THREAD_BASIC_INFO, &b, &count) ==
		       MACH_SEND_INVALID_DEST;
		trap0(TRAP_SWTCH);
	}
	CHECK(gone);
	CHECK_KR(note_wait(p, 50, NULL, NULL), MACH_RCV_TIMED_OUT);
	CHECK_KR(port_deallocate(self_task, t), KERN_SUCCESS);
}

/* Special ports of the task and thread, and the registered ports. */
static void test_special_ports(void)
{
	mach_port_t b = new_port(), x, ports[5];
	const mach_port_t *got;
	unsigned int n;

	CHECK_KR(get_special(self_task, 2058, TASK_KERNEL_PORT, &x), KERN_SUCCESS);
	CHECK_KR(x, self_task);
	CHECK_KR(get_special(self_task, 2058, TASK_BOOTSTRAP_PORT, &x),
		 KERN_SUCCESS);
	CHECK_KR(x, MACH_PORT_NULL);
	CHECK_KR(get_special(self_task, 2058, 2, &x), KERN_INVALID_ARGUMENT);
	CHECK_KR(set_special(self_task, 2059, 99, b, MACH_MSG_TYPE_MAKE_SEND),
		 KERN_INVALID_ARGUMENT);
	CHECK_KR(set_special(self_task, 2059, TASK_BOOTSTRAP_PORT, b,
			     MACH_MSG_TYPE_MAKE_SEND), KERN_SUCCESS);
	CHECK_KR(get_special(self_task, 2058, TASK_BOOTSTRAP_PORT, &x),
		 KERN_SUCCESS);
	CHECK_KR(x, b);
	bootstrap = b;
	CHECK_KR(set_special(self_task, 2059, TASK_EXCEPTION_PORT, b,
			     MACH_MSG_TYPE_MAKE_SEND), KERN_SUCCESS);

	/* The self port is what mach_task_self returns. */
	CHECK_KR(set_special(self_task, 2059, TASK_KERNEL_PORT, b,
			     MACH_MSG_TYPE_MAKE_SEND), KERN_SUCCESS);
	CHECK_KR(trap0(TRAP_MACH_TASK_SELF), b);
	CHECK_KR(set_special(self_task, 2059, TASK_KERNEL_PORT, self_task,
			     MACH_MSG_TYPE_COPY_SEND), KERN_SUCCESS);
	CHECK_KR(trap0(TRAP_MACH_TASK_SELF), self_task);

	CHECK_KR(get_special(self_thread, 2067, THREAD_KERNEL_PORT, &x),
		 KERN_SUCCESS);
	CHECK_KR(x, self_thread);
	CHECK_KR(get_special(self_thread, 2067, THREAD_EXCEPTION_PORT, &x),
		 KERN_SUCCESS);
	CHECK_KR(x, MACH_PORT_NULL);
	CHECK_KR(set_special(self_thread, 2068, THREAD_EXCEPTION_PORT, b,
			     MACH_MSG_TYPE_MAKE_SEND), KERN_SUCCESS);
	CHECK_KR(get_special(self_thread, 2067, THREAD_EXCEPTION_PORT, &x),
		 KERN_SUCCESS);
	CHECK_KR(x, b);
	CHECK_KR(get_special(self_thread, 2067, TASK_BOOTSTRAP_PORT, &x),
		 KERN_INVALID_ARGUMENT);

	/* Registered ports: two given, four come back. */
	ports[0] = b;
	ports[1] = host;
	{
		struct msg *m = req(self_task, 2033);

		put_ool_ports(m, ports, 2, MACH_MSG_TYPE_COPY_SEND);
		CHECK_KR(rpc(m), KERN_SUCCESS);
	}
	CHECK_KR(k_ports_out(req(self_task, 2034), &got, &n), KERN_SUCCESS);
	CHECK_KR(n, TASK_PORT_REGISTER_MAX);
	CHECK(got && got[0] == b && got[1] == host && !got[2] && !got[3]);
	for (int i = 0; i < 5; i++)
		ports[i] = host;
	{
		struct msg *m = req(self_task, 2033);

		put_ool_ports(m, ports, 5, MACH_MSG_TYPE_COPY_SEND);
		CHECK_KR(rpc(m), KERN_INVALID_ARGUMENT);
	}
}

/*
 * A child task: inherits the registered and bootstrap ports, starts with
 * no thread, is suspended and resumed, gets a thread, and dies with it.
 */
static void test_child_task(void)
{
	mach_port_t c, ct, x;
	struct task_basic_info b;
	struct thread_basic_info tb;
	const mach_port_t *got;
	unsigned int count, n;

	CHECK_KR(task_create(self_task, &c), KERN_SUCCESS);
	CHECK(c != MACH_PORT_NULL && c != self_task);
	count = TASK_BASIC_INFO_COUNT;
	CHECK_KR(task_info(c, TASK_BASIC_INFO, &b, &count), KERN_SUCCESS);
	CHECK(b.suspend_count == 0 && b.virtual_size == 0);
	CHECK_KR(k_ports_out(req(c, 2011), &got, &n), KERN_SUCCESS);
	CHECK(n == 0 && got == NULL);

	/* The same port as ours (test_special_ports): the same name. */
	CHECK_KR(get_special(c, 2058, TASK_BOOTSTRAP_PORT, &x), KERN_SUCCESS);
	CHECK(x != MACH_PORT_NULL && x == bootstrap);
	CHECK_KR(k_ports_out(req(c, 2034), &got, &n), KERN_SUCCESS);
	CHECK(n == TASK_PORT_REGISTER_MAX && got && got[1] == host);

	CHECK_KR(task_suspend(c), KERN_SUCCESS);
	count = TASK_BASIC_INFO_COUNT;
	CHECK_KR(task_info(c, TASK_BASIC_INFO, &b, &count), KERN_SUCCESS);
	CHECK_KR(b.suspend_count, 1);
	CHECK_KR(task_resume(c), KERN_SUCCESS);
	CHECK_KR(task_resume(c), KERN_FAILURE);

	CHECK_KR(thread_create(c, &ct), KERN_SUCCESS);
	count = THREAD_BASIC_INFO_COUNT;
	CHECK_KR(thread_info(ct, THREAD_BASIC_INFO, &tb, &count), KERN_SUCCESS);
	CHECK_KR(tb.run_state, TH_STATE_STOPPED);
	CHECK_KR(k_ports_out(req(c, 2011), &got, &n), KERN_SUCCESS);
	CHECK(n == 1 && got && got[0] == ct);

	CHECK_KR(task_terminate(c), KERN_SUCCESS);
	count = TASK_BASIC_INFO_COUNT;
	CHECK_KR(task_info(c, TASK_BASIC_INFO, &b, &count),
		 MACH_SEND_INVALID_DEST);
	count = THREAD_BASIC_INFO_COUNT;
	CHECK_KR(thread_info(ct, THREAD_BASIC_INFO, &tb, &count),
		 MACH_SEND_INVALID_DEST);
	CHECK_KR(port_deallocate(self_task, c), KERN_SUCCESS);
	CHECK_KR(port_deallocate(self_task, ct), KERN_SUCCESS);
}

/* The host name port: queries; privileged calls are refused. */
static void test_host(void)
{
	struct host_basic_info b;
	struct host_sched_info si;
	char version[512];
	time_value_t t1, t2;
	unsigned int count;
	struct msg *m;

	count = HOST_BASIC_INFO_COUNT;
	CHECK_KR(host_info(host, HOST_BASIC_INFO, &b, &count), KERN_SUCCESS);
	CHECK_KR(count, HOST_BASIC_INFO_COUNT);
	CHECK(b.max_cpus >= 1 && b.avail_cpus == 1 && b.memory_size >= (1u << 24));
#if defined(__x86_64__)
	CHECK_KR(b.cpu_type, CPU_TYPE_X86_64);
#elif defined(__aarch64__)
	CHECK_KR(b.cpu_type, CPU_TYPE_ARM64);
#else
	CHECK_KR(b.cpu_type, CPU_TYPE_RISCV64);
#endif
	count = 2;
	CHECK_KR(host_info(host, HOST_BASIC_INFO, &b, &count), KERN_FAILURE);
	count = HOST_SCHED_INFO_COUNT;
	CHECK_KR(host_info(host, HOST_SCHED_INFO, &si, &count), KERN_SUCCESS);
	CHECK(si.min_timeout == 10 && si.min_quantum == 50);
	count = HOST_INFO_MAX;
	CHECK_KR(host_info(host, 17, &b, &count), KERN_INVALID_ARGUMENT);

	/* host_kernel_version: a 512-byte C string. */
	CHECK_KR(rpc(req(host, 2619)), KERN_SUCCESS);
	{
		mach_msg_type_t t;
		const uint8_t *d = get_item(&t);

		CHECK(d && t.msgt_name == MACH_MSG_TYPE_STRING &&
		      t.msgt_size == 4096 && t.msgt_number == 1);
		if (d) {
			memcpy(version, d, sizeof(version));
			version[sizeof(version) - 1] = '\0';
			CHECK(!strncmp(version, "Mica ", 5));
		}
	}

	/* host_get_time: never goes back. */
	CHECK_KR(rpc(req(host, 2634)), KERN_SUCCESS);
	memcpy(&t1, R.u.b + 48 + 8, sizeof(t1));
	CHECK_KR(rpc(req(host, 2634)), KERN_SUCCESS);
	memcpy(&t2, R.u.b + 48 + 8, sizeof(t2));
	CHECK(t2.seconds > t1.seconds || (t2.seconds == t1.seconds &&
					  t2.microseconds >= t1.microseconds));
	CHECK(t1.microseconds >= 0 && t1.microseconds < TIME_MICROS_MAX);

	/* The name port is not the privileged one. */
	m = req(host, 2635);
	put_int(m, RB_HALT);
	CHECK_KR(rpc(m), KERN_INVALID_HOST);
	{
		const mach_port_t *procs;
		unsigned int n;

		CHECK_KR(k_ports_out(req(host, 2600), &procs, &n),
			 KERN_INVALID_ARGUMENT);
	}
	CHECK_KR(rpc(req(host, 2642)), KERN_INVALID_HOST);
}

/* The privileged host port, processors and the processor set. */
static void test_host_priv(void)
{
	const mach_port_t *list;
	unsigned int count, n;
	struct processor_basic_info pb;
	struct processor_set_basic_info sb;
	struct processor_set_sched_info ss;
	mach_port_t pset_name, pset, x, proc_set = MACH_PORT_NULL;
	time_value_t t;
	struct msg *m;
	bool found;

	/* host_reboot: unknown options refused; a test build never stops. */
	m = req(host_priv, 2635);
	put_int(m, 0x4);
	CHECK_KR(rpc(m), KERN_INVALID_ARGUMENT);
	m = req(host_priv, 2635);
	put_int(m, RB_DEBUGGER);
	CHECK_KR(rpc(m), KERN_FAILURE);
	m = req(host_priv, 2635);
	put_int(m, RB_HALT);
	CHECK_KR(rpc(m), KERN_SUCCESS);

	/* host_set_time then host_get_time. */
	t.seconds = 1000000;
	t.microseconds = 0;
	m = req(host_priv, 2632);
	put_item(m, MACH_MSG_TYPE_INTEGER_64, 64, 2, true, &t, sizeof(t));
	CHECK_KR(rpc(m), KERN_SUCCESS);
	CHECK_KR(rpc(req(host, 2634)), KERN_SUCCESS);
	memcpy(&t, R.u.b + 48 + 8, sizeof(t));
	CHECK(t.seconds >= 1000000 && t.seconds < 1000100);
	t.microseconds = TIME_MICROS_MAX;
	m = req(host_priv, 2632);
	put_item(m, MACH_MSG_TYPE_INTEGER_64, 64, 2, true, &t, sizeof(t));
	CHECK_KR(rpc(m), KERN_INVALID_ARGUMENT);

	/* The boot information is the kernel command line. */
	CHECK_KR(rpc(req(host_priv, 2642)), KERN_SUCCESS);
	{
		mach_msg_type_t ty;
		const char *d = (const char *)get_item(&ty);
		bool has = false;

		for (int i = 0; d && i < 4096 - 12 && d[i]; i++)
			has |= !strncmp(d + i, "test=kobject", 12);
		CHECK(has);
	}

	/* One processor, running, the master, in the default set. */
	CHECK_KR(k_ports_out(req(host_priv, 2600), &list, &n), KERN_SUCCESS);
	CHECK(n == 1 && list && list[0] != MACH_PORT_NULL);
	if (n == 1 && list) {
		mach_port_t proc = list[0];

		m = req(proc, 2639);
		put_int(m, PROCESSOR_BASIC_INFO);
		put_int(m, PROCESSOR_INFO_MAX);
		CHECK_KR(rpc(m), KERN_SUCCESS);
		CHECK_KR(get_port(), host);
		count = get_ints(&pb, PROCESSOR_BASIC_INFO_COUNT);
		CHECK_KR(count, PROCESSOR_BASIC_INFO_COUNT);
		CHECK(pb.running && pb.is_master && pb.slot_num == 0);
		m = req(proc, 2639);
		put_int(m, PROCESSOR_BASIC_INFO);
		put_int(m, 2);
		CHECK_KR(rpc(m), KERN_FAILURE);
		CHECK_KR(k_simple(proc, 2604), KERN_FAILURE);	/* exit */
		CHECK_KR(k_port_out(req(proc, 2612), &proc_set), KERN_SUCCESS);
	}

	/* The default set: by name, then its control port. */
	CHECK_KR(k_port_out(req(host, 2606), &pset_name), KERN_SUCCESS);
	CHECK(pset_name != MACH_PORT_NULL && pset_name == proc_set);
	CHECK_KR(k_port_out(req(self_task, 2618), &x), KERN_SUCCESS);
	CHECK_KR(x, pset_name);
	CHECK_KR(k_ports_out(req(host, 2629), &list, &n), KERN_SUCCESS);
	CHECK(n == 1 && list && list[0] == pset_name);
	m = req(pset_name, 2640);
	put_int(m, PROCESSOR_SET_BASIC_INFO);
	put_int(m, PROCESSOR_SET_INFO_MAX);
	CHECK_KR(rpc(m), KERN_SUCCESS);
	CHECK_KR(get_port(), host);
	count = get_ints(&sb, PROCESSOR_SET_BASIC_INFO_COUNT);
	CHECK_KR(count, PROCESSOR_SET_BASIC_INFO_COUNT);
	CHECK(sb.processor_count == 1 && sb.task_count >= 2 &&
	      sb.thread_count >= 3);
	m = req(pset_name, 2640);
	put_int(m, PROCESSOR_SET_SCHED_INFO);
	put_int(m, PROCESSOR_SET_INFO_MAX);
	CHECK_KR(rpc(m), KERN_SUCCESS);
	CHECK_KR(get_port(), host);
	get_ints(&ss, PROCESSOR_SET_SCHED_INFO_COUNT);
	CHECK_KR(ss.policies, POLICY_TIMESHARE | POLICY_FIXEDPRI);
	/* The name port does not list the set's tasks. */
	CHECK_KR(k_ports_out(req(pset_name, 2627), &list, &n),
		 KERN_INVALID_ARGUMENT);
	m = req(host_priv, 2630);
	put_port(m, pset_name, MACH_MSG_TYPE_COPY_SEND);
	CHECK_KR(k_port_out(m, &pset), KERN_SUCCESS);
	CHECK(pset != MACH_PORT_NULL && pset != pset_name);
	CHECK_KR(k_ports_out(req(pset, 2627), &list, &n), KERN_SUCCESS);
	found = false;
	for (unsigned int i = 0; list && i < n; i++)
		found |= list[i] == self_task;
	CHECK(n >= 2 && found);
	CHECK_KR(k_ports_out(req(pset, 2628), &list, &n), KERN_SUCCESS);
	found = false;
	for (unsigned int i = 0; list && i < n; i++)
		found |= list[i] == self_thread;
	CHECK(n >= 3 && found);
	CHECK_KR(k_simple(pset, 2609), KERN_FAILURE);	/* destroy: the default */
	m = req(host, 2608);
	CHECK_KR(rpc(m), KERN_FAILURE);		/* processor_set_create */
	/* Policies: fixed priority allowed, time-sharing cannot go. */
	m = req(self_thread, 2624);
	put_int(m, POLICY_FIXEDPRI);
	put_int(m, 0);
	CHECK_KR(rpc(m), KERN_SUCCESS);
	m = req(self_thread, 2624);
	put_int(m, POLICY_TIMESHARE);
	put_int(m, 0);
	CHECK_KR(rpc(m), KERN_SUCCESS);
	m = req(pset, 2626);
	put_int(m, POLICY_TIMESHARE);
	put_bool(m, 0);
	CHECK_KR(rpc(m), KERN_FAILURE);
}

/* Requests the kernel must refuse, each with its documented code. */
static void test_errors(void)
{
	struct task_basic_info b;
	unsigned int count;
	mach_port_t x;
	struct msg *m;

	/* A task routine on a thread port: the conversion fails. */
	count = TASK_BASIC_INFO_COUNT;
	CHECK_KR(task_info(self_thread, TASK_BASIC_INFO, &b, &count),
		 KERN_INVALID_ARGUMENT);
	CHECK_KR(task_create(self_thread, &x), KERN_INVALID_TASK);
	/* A subsystem thread ports do not serve: mach_port_allocate. */
	m = req(self_thread, 3204);
	put_int(m, 1);
	CHECK_KR(rpc(m), MIG_BAD_ID);
	/* A host routine on a task port. */
	count = HOST_INFO_MAX;
	CHECK_KR(host_info(self_task, HOST_BASIC_INFO, &b, &count),
		 KERN_INVALID_ARGUMENT);
	/* Ids: skipped ones, one of no subsystem, a mach_port one on the
	 * host (which serves mach_host and mach only). */
	CHECK_KR(k_simple(self_task, 2000), MIG_BAD_ID);
	CHECK_KR(k_simple(self_task, 2013), MIG_BAD_ID);
	CHECK_KR(k_simple(self_task, 9999), MIG_BAD_ID);
	CHECK_KR(k_simple(host, 3206), MIG_BAD_ID);
	/* A malformed request: task_info without its count item. */
	m = req(self_task, 2012);
	put_int(m, TASK_BASIC_INFO);
	CHECK_KR(rpc(m), MIG_BAD_ARGUMENTS);
	/* The VM routines wait for vm_map. */
	{
		uint64_t v[1] = { 0 };

		m = req(self_task, 2021);
		put_item(m, MACH_MSG_TYPE_INTEGER_64, 64, 1, true, v, 8);
		put_item(m, MACH_MSG_TYPE_INTEGER_64, 64, 1, true, v, 8);
		put_bool(m, 1);
		CHECK_KR(rpc(m), KERN_INVALID_ARGUMENT);
	}
	/* Emulation and restartable sequences are not offered. */
	m = req(self_task, 2071);
	{
		uint64_t v = 0;

		put_item(m, MACH_MSG_TYPE_INTEGER_64, 64, 1, true, &v, 8);
		put_item(m, MACH_MSG_TYPE_INTEGER_64, 64, 1, true, &v, 8);
	}
	put_int(m, 0);
	CHECK_KR(rpc(m), KERN_FAILURE);
	/* Resuming what is not suspended fails. */
	CHECK_KR(task_resume(self_task), KERN_FAILURE);
	CHECK_KR(thread_resume(self_thread), KERN_FAILURE);
}

static long parse(const char *s)
{
	long n = 0;

	for (; s && *s >= '0' && *s <= '9'; s++)
		n = n * 10 + (*s - '0');
	return n;
}

int main(int argc, char **argv)
{
	rport = new_port();
	host_priv = argc > 1 ? (mach_port_t)parse(argv[1]) : MACH_PORT_NULL;
	test_self_ports();
	test_task_info();
	test_thread_info();
	test_thread_lifecycle();
	test_thread_self_termination();
	test_special_ports();
	test_child_task();
	test_host();
	if (host_priv)
		test_host_priv();
	else
		CHECK(!"no privileged host port given");
	test_errors();
	if (failures) {
		printf("kobject: FAIL (%d checks)\n", failures);
		return 1;
	}
	printf("kobject: PASS\n");
	/* The end: the task terminates itself through its port. */
	CHECK_KR(task_terminate(self_task), KERN_SUCCESS);
	printf("kobject: FAIL: the task survived its own task_terminate\n");
	return 1;
}
