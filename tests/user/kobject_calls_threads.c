/*
 * tests/user/kobject_calls_threads.c - the kobject_calls module's thread
 * checks: thread_info, thread_priority, the traps that name a thread, and
 * threads of its own task made with thread_create and started with
 * thread_set_state (each port's thread state flavour, and its FP flavour
 * where it has one), suspended, aborted in a receive, terminated by
 * another thread and by themselves.
 */
#include "kobject_calls.h"
#include <mach/policy.h>
#include <mach/thread_info.h>
#include <mach/thread_status.h>

/* ---- Machine state of the threads the test starts ------------------------ */

#define FP0_PATTERN	0x400921fb54442d18ULL	/* given to the worker */
#define FP8_PATTERN	0x1122334455667788ULL	/* the worker leaves it */
#define FP8_NEW		0x4005bf0a8b145769ULL	/* set while it waits */

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

/*
 * The FP flavour is GNU Mach's i386_FLOAT_STATE: the x87 registers in
 * the FSAVE image.  Register 0 is ST0 given to the worker (it pops it as
 * a double), "register 8" the double the worker pushes, again ST0.
 */
#define FLOAT_FLAVOR	i386_FLOAT_STATE
#define FLOAT_COUNT	i386_FLOAT_STATE_COUNT

/* ST0 of the state, an 80-bit extended, as the bits of a double. */
static uint64_t float_reg(const uint32_t *state, int i)
{
	struct i386_float_state f;
	uint64_t mant, e;
	uint16_t se;

	(void)i;
	memcpy(&f, state, sizeof(f));
	memcpy(&mant, f.hw_state + sizeof(struct i386_fp_save), 8);
	memcpy(&se, f.hw_state + sizeof(struct i386_fp_save) + 8, 2);
	e = se & 0x7fff;
	if (e == 0 && mant == 0)
		return (uint64_t)(se >> 15) << 63;
	return (uint64_t)(se >> 15) << 63 | (e - 16383 + 1023) << 52 |
	       ((mant << 1) >> 12);
}

/* Make the double v the only x87 register: ST0 (physical 7, TOP 7). */
static void float_set(uint32_t *state, int i, uint64_t v)
{
	struct i386_float_state f;
	struct i386_fp_save save;
	uint64_t mant = 1ULL << 63 | (v & ((1ULL << 52) - 1)) << 11;
	uint16_t se = (uint16_t)((v >> 63) << 15 |
				 (((v >> 52) & 0x7ff) - 1023 + 16383));

	(void)i;
	memcpy(&f, state, sizeof(f));
	memcpy(&save, f.hw_state, sizeof(save));
	save.fp_status = (uint16_t)((save.fp_status & ~0x3800) | 7 << 11);
	save.fp_tag = 0x3fff;		/* physical 7 valid, the rest empty */
	memcpy(f.hw_state, &save, sizeof(save));
	memcpy(f.hw_state + sizeof(save), &mant, 8);
	memcpy(f.hw_state + sizeof(save) + 8, &se, 2);
	memcpy(state, &f, sizeof(f));
}

static uint64_t fp_get0(void)
{
	uint64_t v;

	__asm__ volatile("fstpl %0" : "=m"(v));
	return v;
}

static void fp_set8(uint64_t v)
{
	__asm__ volatile("fldl %0" : : "m"(v));
}

/* "Register 8" (ST0) read without popping it. */
static uint64_t fp_get8(void)
{
	uint64_t v;

	__asm__ volatile("fstpl %0\n\tfldl %0" : "=m"(v));
	return v;
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

static uint64_t fp_get8(void)
{
	uint64_t v;

	__asm__ volatile("fmov %0, d8" : "=r"(v));
	return v;
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

static uint64_t fp_get8(void)
{
	uint64_t v;

	__asm__ volatile("fmv.x.d %0, f8" : "=r"(v));
	return v;
}
#endif

/* ---- Threads the test starts in its own task ----------------------------- */

uint8_t worker_stack[2][WORKER_STACK] __attribute__((aligned(16)));

/* Send a note (id, a, b) to the port `to` (kobject_calls.h); no wait. */
void note_send(mach_port_t to, int id, int64_t a, int64_t b)
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
int note_wait(mach_port_t p, unsigned int ms, int64_t *a, int64_t *b)
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
 * mach_msg result, thread_abort makes it MACH_RCV_INTERRUPTED; and that
 * FP register, which a thread_set_state meanwhile may have changed).
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
#ifdef FLOAT_FLAVOR
		note_send(p, 101, mr, (int64_t)fp_get8());
#else
		note_send(p, 101, mr, 0);
#endif
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
kern_return_t start_state(mach_port_t thread, void (*fn)(long),
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

void test_thread_info(void)
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

	/* Traps that name a thread by its port. */
	CHECK_KR(mach_trap_raw(TRAP_DEPRESS_ABORT, self_thread, 0, 0, 0, 0, 0, 0),
		 KERN_SUCCESS);
	CHECK_KR(mach_trap_raw(TRAP_DEPRESS_ABORT, self_task, 0, 0, 0, 0, 0, 0),
		 KERN_INVALID_ARGUMENT);
	CHECK_KR(mach_trap_raw(TRAP_DEPRESS_ABORT, 0, 0, 0, 0, 0, 0, 0),
		 KERN_INVALID_ARGUMENT);
	CHECK_KR(mach_trap_raw(TRAP_THREAD_SWITCH, self_thread, 0, 0, 0, 0, 0, 0),
		 KERN_SUCCESS);
	CHECK_KR(mach_trap_raw(TRAP_THREAD_SWITCH, self_task, 0, 0, 0, 0, 0, 0),
		 KERN_SUCCESS);		/* not a thread: no hint */
}

/*
 * A second thread of ours, made with thread_create and started with
 * thread_set_state: its state, its FP state where the port serves it,
 * suspension, thread_abort of its receive, termination.
 */
void test_thread_lifecycle(void)
{
	static uint32_t st[THREAD_STATE_MAX];
	mach_port_t t, p = new_port(), q = new_port();
	struct thread_basic_info b;
	unsigned int count;
	int64_t a = 0, b8 = 0;
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
	count = FLOAT_COUNT - 1;
	CHECK_KR(thread_get_state(t, FLOAT_FLAVOR, st, &count),
		 KERN_INVALID_ARGUMENT);
	CHECK_KR(thread_set_state(t, FLOAT_FLAVOR, st, &count),
		 KERN_INVALID_ARGUMENT);
#if defined(__x86_64__)
	{
		/* The FXSAVE flavour sees the x87 register just set, and the
		 * SSE state the x87 flavour kept: MXCSR's default. */
		struct i386_xfloat_state x;
		uint32_t mxcsr;
		uint16_t fcw;

		count = THREAD_STATE_MAX;
		CHECK_KR(thread_get_state(t, i386_XFLOAT_STATE, st, &count),
			 KERN_SUCCESS);
		CHECK_KR(count, i386_XFLOAT_STATE_COUNT);
		memcpy(&x, st, sizeof(x));
		memcpy(&mxcsr, x.hw_state + 24, 4);
		memcpy(&fcw, x.hw_state, 2);
		CHECK(x.fp_save_kind == FP_FXSAVE && x.fpkind == FP_387FX);
		CHECK(mxcsr == 0x1f80 && fcw == 0x037f);
		CHECK(x.hw_state[4] == 0x80);	/* abridged tag: physical 7 */
		/* Reserved MXCSR bits are dropped, not loaded (fxrstor
		 * would fault on them). */
		mxcsr = 0xffff1f80u;
		memcpy(x.hw_state + 24, &mxcsr, 4);
		memcpy(st, &x, sizeof(x));
		CHECK_KR(thread_set_state(t, i386_XFLOAT_STATE, st, &count),
			 KERN_SUCCESS);
		count = THREAD_STATE_MAX;
		CHECK_KR(thread_get_state(t, i386_XFLOAT_STATE, st, &count),
			 KERN_SUCCESS);
		memcpy(&x, st, sizeof(x));
		memcpy(&mxcsr, x.hw_state + 24, 4);
		CHECK_KR(mxcsr, 0x1f80);
		count = FLOAT_COUNT;
	}
#endif
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
	/*
	 * A new FP state for a thread that has used its FP registers and
	 * waits: it must see the new one when it runs again, even though
	 * the registers may still hold its old state (lazy FP ports).
	 */
	float_set(st, 8, FP8_NEW);
	CHECK_KR(thread_set_state(t, FLOAT_FLAVOR, st, &count), KERN_SUCCESS);
#endif

	/* thread_abort interrupts its receive; it waits again. */
	CHECK_KR(thread_abort(self_thread), KERN_INVALID_ARGUMENT);
	CHECK_KR(thread_abort(t), KERN_SUCCESS);
	CHECK_KR(note_wait(p, 3000, &a, &b8), 101);
	CHECK_KR(a, MACH_RCV_INTERRUPTED);
#ifdef FLOAT_FLAVOR
	CHECK((uint64_t)b8 == FP8_NEW);
#endif
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
void test_thread_self_termination(void)
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
