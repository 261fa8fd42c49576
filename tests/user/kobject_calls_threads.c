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

/*
 * fp_keep_msg: v31 = {lo, hi}, then one mach_msg (option, sizes and
 * receive port as given, buffer m), so nothing of ours can touch v31
 * while the thread waits; then *lo, *hi = v31 as the thread finds it
 * after the call.  Returns the mach_msg result.  v31 is FP register 31
 * of the float flavour.
 */
#define FP_KEEP_REG	31
static mach_msg_return_t fp_keep_msg(uint64_t *lo, uint64_t *hi,
				     mach_msg_header_t *m, int option,
				     unsigned int send_size,
				     unsigned int rcv_size, mach_port_t rcv)
{
	register uint64_t x0 __asm__("x0") = (uint64_t)m;
	register uint64_t x1 __asm__("x1") = (uint64_t)option;
	register uint64_t x2 __asm__("x2") = send_size;
	register uint64_t x3 __asm__("x3") = rcv_size;
	register uint64_t x4 __asm__("x4") = rcv;
	register uint64_t x5 __asm__("x5") = 0;
	register uint64_t x6 __asm__("x6") = 0;
	uint64_t l = *lo, h = *hi;

	__asm__ volatile("fmov d31, %[l]\n\t"
			 "mov v31.d[1], %[h]\n\t"
			 "mov x8, #-25\n\t"
			 "svc #0\n\t"
			 "fmov %[l], d31\n\t"
			 "mov %[h], v31.d[1]"
			 : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3), "+r"(x4),
			   "+r"(x5), "+r"(x6), [l] "+r"(l), [h] "+r"(h)
			 : : "x8", "v31", "memory");
	*lo = l;
	*hi = h;
	return (mach_msg_return_t)x0;
}

/*
 * NO_FP: the function uses no FP/SIMD register, so a thread that runs
 * only such code never takes the FP state over.  raw_msg: mach_msg
 * without the runtime (whose memcpy may use SIMD registers).
 */
#define NO_FP	__attribute__((target("general-regs-only")))
static NO_FP mach_msg_return_t raw_msg(void *m, int option,
				       unsigned int send_size,
				       unsigned int rcv_size, mach_port_t rcv)
{
	register uint64_t x0 __asm__("x0") = (uint64_t)m;
	register uint64_t x1 __asm__("x1") = (uint64_t)option;
	register uint64_t x2 __asm__("x2") = send_size;
	register uint64_t x3 __asm__("x3") = rcv_size;
	register uint64_t x4 __asm__("x4") = rcv;
	register uint64_t x5 __asm__("x5") = 0;
	register uint64_t x6 __asm__("x6") = 0;

	__asm__ volatile("mov x8, #-25\n\tsvc #0"
			 : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3), "+r"(x4),
			   "+r"(x5), "+r"(x6) : : "x8", "memory");
	return (mach_msg_return_t)x0;
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

/*
 * The FP keeper test, on ports that define FP_KEEP_REG with fp_keep_msg,
 * raw_msg and NO_FP (a 128-bit register with the aarch64 float flavour's
 * layout: four words per register, low first; arm64).
 */
#ifdef FP_KEEP_REG
#define KEEP_BASE	0x0123456789abcdefULL
#define KEEP_SET	0x5a5a5a5a00000001ULL
#define STATE_DATA	56	/* the state words in get reply and set request */

static mach_port_t keep_p, keep_q, keep_g, setter_reply;

/*
 * fp_keeper: forever: an FP register holds {lo, ~lo} (or what
 * thread_set_state put there) across one mach_msg that hands a "ready"
 * message to the setter (port g) and waits on q; then the thread reports
 * what it found (note 103 to p, 104 if the call failed) and goes on with
 * lo + 1.
 */
static void __attribute__((noreturn)) fp_keeper(long arg)
{
	uint64_t lo = KEEP_BASE, hi;
	struct note n;

	(void)arg;
	for (;;) {
		mach_msg_return_t mr;

		hi = ~lo;
		memset(&n, 0, sizeof(n));
		n.h.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0);
		n.h.msgh_size = sizeof(n.h);
		n.h.msgh_remote_port = keep_g;
		n.h.msgh_id = 1;
		mr = fp_keep_msg(&lo, &hi, &n.h, MACH_SEND_MSG | MACH_RCV_MSG,
				 sizeof(n.h), sizeof(n), keep_q);
		note_send(keep_p, mr == MACH_MSG_SUCCESS ? 103 : 104,
			  (int64_t)lo, (int64_t)hi);
		lo++;
	}
}

/*
 * The setter's requests (built by the main thread, sent by the setter):
 * thread_get_state and thread_set_state of the keeper, its FP flavour.
 */
static struct msg setter_get, setter_set;
static volatile int setter_armed;		/* main: 1; setter: 0 when done */
static volatile uint64_t setter_lo, setter_hi;	/* the value to set */
static volatile int32_t setter_get_ret, setter_set_ret;
static volatile uint64_t setter_seen_lo, setter_seen_hi; /* get's v31 */
static struct {
	mach_msg_header_t h;
	uint8_t body[64];
} setter_buf;

/* One request of the setter: sent, reply in the same buffer; its code. */
static NO_FP int32_t setter_rpc(struct msg *m, int id)
{
	mach_msg_return_t mr;

	m->u.h.msgh_size = m->len;
	mr = raw_msg(&m->u.h, MACH_SEND_MSG | MACH_RCV_MSG, m->len,
		     sizeof(m->u), setter_reply);
	if (mr != MACH_MSG_SUCCESS)
		return mr;
	if (m->u.h.msgh_id != id + 100)
		return MIG_REPLY_MISMATCH;
	return *(volatile int32_t *)(m->u.b + 40);
}

/*
 * fp_setter: runs no FP/SIMD code at all, so the FP state stays the
 * keeper's while it runs.  Forever: wait for the keeper's "ready" on g;
 * when armed, read the keeper's FP state and set it again with v31
 * replaced (both while the keeper waits, with the registers possibly
 * still holding its old state); wake the keeper through q and wait on
 * g again, in one call.
 */
static NO_FP void __attribute__((noreturn)) fp_setter(long arg)
{
	(void)arg;
	raw_msg(&setter_buf.h, MACH_RCV_MSG, 0, sizeof(setter_buf), keep_g);
	for (;;) {
		if (setter_armed) {
			volatile uint32_t *from, *to;
			int32_t kr = setter_rpc(&setter_get, 2017);

			setter_get_ret = kr;
			from = (volatile uint32_t *)(setter_get.u.b + STATE_DATA);
			to = (volatile uint32_t *)(setter_set.u.b + STATE_DATA);
			if (kr == KERN_SUCCESS) {
				for (unsigned int i = 0; i < FLOAT_COUNT; i++)
					to[i] = from[i];
				setter_seen_lo = (uint64_t)from[4 * FP_KEEP_REG] |
					(uint64_t)from[4 * FP_KEEP_REG + 1] << 32;
				setter_seen_hi = (uint64_t)from[4 * FP_KEEP_REG + 2] |
					(uint64_t)from[4 * FP_KEEP_REG + 3] << 32;
				to[4 * FP_KEEP_REG] = (uint32_t)setter_lo;
				to[4 * FP_KEEP_REG + 1] = (uint32_t)(setter_lo >> 32);
				to[4 * FP_KEEP_REG + 2] = (uint32_t)setter_hi;
				to[4 * FP_KEEP_REG + 3] = (uint32_t)(setter_hi >> 32);
				setter_set_ret = setter_rpc(&setter_set, 2018);
			}
			setter_armed = 0;
		}
		setter_buf.h.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0);
		setter_buf.h.msgh_size = sizeof(setter_buf.h);
		setter_buf.h.msgh_remote_port = keep_q;
		setter_buf.h.msgh_local_port = MACH_PORT_NULL;
		setter_buf.h.msgh_id = 2;
		raw_msg(&setter_buf.h, MACH_SEND_MSG | MACH_RCV_MSG,
			sizeof(setter_buf.h), sizeof(setter_buf), keep_g);
	}
}

/* Copy the request being built in M into m, replies to setter_reply. */
static void setter_request(struct msg *m)
{
	memcpy(m, &M, sizeof(*m));
	m->u.h.msgh_local_port = setter_reply;
}

/*
 * A thread's FP register survives its waits while other threads of the
 * task run, round after round (so that a port that keeps the state in
 * the registers, or loads it before the thread asks, has every chance to
 * do so).  A thread that runs no FP code (the setter) reads the waiting
 * thread's FP state, which shows the value the thread left in the
 * register, and sets it with another value, which the thread finds when
 * it resumes, although nothing else used the FP registers in between,
 * so a port that kept them loaded must not take them for current.
 */
void test_thread_fp_state(void)
{
	static uint32_t zero[FLOAT_COUNT];
	mach_port_t t, s;
	int64_t a = 0, b = 0;
	uint64_t want = KEEP_BASE;

	keep_p = new_port();
	keep_q = new_port();
	keep_g = new_port();
	setter_reply = new_port();
	CHECK_KR(thread_create(self_task, &t), KERN_SUCCESS);
	CHECK_KR(thread_create(self_task, &s), KERN_SUCCESS);
	CHECK_KR(start_state(t, fp_keeper, worker_stack[1], 0), KERN_SUCCESS);
	CHECK_KR(start_state(s, fp_setter, worker_stack[0], 0), KERN_SUCCESS);

	req(t, 2017);				/* thread_get_state */
	put_int(&M, FLOAT_FLAVOR);
	put_int(&M, FLOAT_COUNT);
	setter_request(&setter_get);
	req(t, 2018);				/* thread_set_state */
	put_int(&M, FLOAT_FLAVOR);
	put_ints(&M, zero, FLOAT_COUNT);
	setter_request(&setter_set);

	CHECK_KR(thread_resume(s), KERN_SUCCESS);
	CHECK_KR(thread_resume(t), KERN_SUCCESS);
	for (int round = 0; round < 3; round++) {
		uint64_t set = KEEP_SET + (uint64_t)round * 0x100;
		bool seen = false;

		for (int i = 0; i < 12; i++, want++) {
			CHECK_KR(note_wait(keep_p, 3000, &a, &b), 103);
			CHECK((uint64_t)a == want && (uint64_t)b == ~want);
		}
		/* The rebuilt requests: the setter's buffers hold replies. */
		req(t, 2017);
		put_int(&M, FLOAT_FLAVOR);
		put_int(&M, FLOAT_COUNT);
		setter_request(&setter_get);
		req(t, 2018);
		put_int(&M, FLOAT_FLAVOR);
		put_ints(&M, zero, FLOAT_COUNT);
		setter_request(&setter_set);
		setter_lo = set;
		setter_hi = (uint64_t)round;
		setter_get_ret = setter_set_ret = -1;
		setter_armed = 1;
		/* Values go on in sequence until the set one appears. */
		for (int i = 0; i < 100 && !seen; i++) {
			CHECK_KR(note_wait(keep_p, 3000, &a, &b), 103);
			if ((uint64_t)a == set) {
				CHECK((uint64_t)b == (uint64_t)round);
				seen = true;
			} else {
				CHECK((uint64_t)a == want && (uint64_t)b == ~want);
				want++;
			}
		}
		CHECK(seen);
		CHECK(!setter_armed);
		CHECK_KR(setter_get_ret, KERN_SUCCESS);
		CHECK_KR(setter_set_ret, KERN_SUCCESS);
		/* The get saw what the keeper held in the register: the
		 * value after the last one it reported. */
		CHECK(setter_seen_lo == want && setter_seen_hi == ~want);
		want = set + 1;
	}
	CHECK_KR(thread_terminate(t), KERN_SUCCESS);
	CHECK_KR(thread_terminate(s), KERN_SUCCESS);
	CHECK_KR(port_deallocate(self_task, t), KERN_SUCCESS);
	CHECK_KR(port_deallocate(self_task, s), KERN_SUCCESS);
}
#else
void test_thread_fp_state(void)
{
}
#endif
