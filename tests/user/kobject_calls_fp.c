/*
 * tests/user/kobject_calls_fp.c - the kobject_calls module's check of a
 * thread's FP state while it waits: kept across the waits, read and
 * replaced by thread_get_state/thread_set_state from a thread that runs
 * no FP code, so that a port keeping FP state in the registers lazily
 * (arm64: pmap/arm64/fpu.c) must save it and drop its ownership right.
 *
 * Machine part: FP_KEEP_REG, fp_keep_msg (an FP register set, one
 * mach_msg, the register read back, in one asm statement so that the
 * compiler cannot use it meanwhile), raw_msg and NO_FP (mach_msg from
 * code that uses no FP register at all), and FLOAT_FLAVOR/FLOAT_COUNT
 * with four 32-bit words per register, low first.  Ports without them
 * skip the check (arm64 only so far).
 */
#include "kobject_calls.h"
#include <mach/thread_status.h>

#if defined(__aarch64__)
#define FLOAT_FLAVOR	AARCH64_FLOAT_STATE
#define FLOAT_COUNT	AARCH64_FLOAT_STATE_COUNT

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
#endif

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
