/*
 * tests/user/exception_parts.c - the exception module's parts other than
 * the main one (tests/user/exception.c says what each checks): badpc,
 * machine, fail, dead, dead0, kport, hang, abort and bench.
 */
#include "exception_test.h"

/* ---- badpc: a handler repairs the pc ------------------------------------- */

#define BAD_PC		0x50030000UL
static volatile int landed;

static void __attribute__((noreturn)) landing(long arg)
{
	(void)arg;
	landed++;
	for (;;)
		thread_switch(MACH_PORT_NULL, SWITCH_OPTION_WAIT, 1000);
}

/*
 * One thread started at pc: the exception must be (exception, code,
 * subcode); the handler moves the pc to landing and the thread lands.
 */
static void bad_pc_case(uintptr_t pc, int exception, int code, int64_t subcode)
{
	msgbuf_t in;
	mig_reply_header_t rep;
	struct msg_item it;
	int64_t got_sub = 0;
	int32_t got_exc = 0, got_code = 0;
	int before = landed;
	mach_port_t t, th;
	state_t s;

	t = start_thread((void (*)(long))pc, 0);
	EXPECT(msg_receive(&in, exc_task, 5000), MACH_MSG_SUCCESS);
	th = msg_item(&in, 0, &it) ? msg_item_port(&it, 0) : MACH_PORT_NULL;
	CHECK_EQ(th, t);
	if (msg_item(&in, 2, &it))
		memcpy(&got_exc, it.data, 4);
	if (msg_item(&in, 3, &it))
		memcpy(&got_code, it.data, 4);
	if (msg_item(&in, 4, &it))
		memcpy(&got_sub, it.data, 8);
	CHECK_EQ(got_exc, exception);
	CHECK_EQ(got_code, code);
	CHECK_EQ(got_sub, subcode);
	CHECK(get_state(t, &s));
	CHECK_EQ(PC(&s), pc);
	PC(&s) = (uintptr_t)landing;
	CHECK(set_state(t, &s));
	exc_reply_init(&rep, in.head.msgh_remote_port, KERN_SUCCESS);
	EXPECT(mach_msg(&rep.Head, MACH_SEND_MSG, sizeof(rep), 0,
			MACH_PORT_NULL, 0, MACH_PORT_NULL), MACH_MSG_SUCCESS);
	for (int n = 0; n < 1000 && landed == before; n++)
		thread_switch(MACH_PORT_NULL, SWITCH_OPTION_WAIT, 1);
	CHECK_EQ(landed, before + 1);
	/* The message's thread and task rights, then the thread. */
	EXPECT(mach_port_deallocate(task, th), KERN_SUCCESS);
	if (msg_item(&in, 1, &it))
		EXPECT(mach_port_deallocate(task, msg_item_port(&it, 0)),
		       KERN_SUCCESS);
	else
		CHECK_MSG(0, "no task port in the request");
	EXPECT(thread_terminate(t), KERN_SUCCESS);
	EXPECT(mach_port_deallocate(task, t), KERN_SUCCESS);
}

int badpc_part(void)
{
	exc_task = new_port();
	make_send(exc_task);
	EXPECT(task_set_special_port(task, TASK_EXCEPTION_PORT, exc_task),
	       KERN_SUCCESS);
	(void)vm_deallocate(task, BAD_PC, PG);
	bad_pc_case(BAD_PC, EXC_BAD_ACCESS, KERN_INVALID_ADDRESS, BAD_PC);
#if defined(__x86_64__)
	/* iretq cannot take it: the #GP it would raise, with the address. */
	bad_pc_case(0x8000000000000000UL, EXC_BAD_INSTRUCTION, EXC_I386_GPFLT,
		    (int64_t)0x8000000000000000UL);
#endif
	EXPECT(task_set_special_port(task, TASK_EXCEPTION_PORT, MACH_PORT_NULL),
	       KERN_SUCCESS);
	destroy(exc_task);
	return test_end();
}

/* ---- machine: each port's own exceptions --------------------------------- */

/*
 * mc_run executes, in turn, instructions that trap on this machine; the
 * table says what each must raise, where the pc must be (at the
 * instruction, or past an svc, which completes), and where the handler
 * resumes the thread.
 */
extern char mc_run[];
struct mcase {
	const char *what;
	char *at, *resume;
	int exception, code;
	bool check_subcode;
	int64_t subcode;
};

#if defined(__x86_64__)
extern char mc_div[], mc_div_end[], mc_int3b[], mc_int3b_end[];
extern char mc_hlt[], mc_hlt_end[];
__asm__(".text\n"
	".globl mc_run, mc_div, mc_div_end, mc_int3b, mc_int3b_end\n"
	".globl mc_hlt, mc_hlt_end\n"
	"mc_run: xorl %ecx, %ecx\n movl $1, %eax\n xorl %edx, %edx\n"
	"mc_div: divq %rcx\nmc_div_end:\n"
	"mc_int3b: .byte 0xcd, 0x03\nmc_int3b_end:\n"	/* int $3 */
	"mc_hlt: hlt\nmc_hlt_end:\n"
	" ret\n");
static const struct mcase mcases[] = {
	{ "divide by zero", mc_div, mc_div_end, EXC_ARITHMETIC, EXC_I386_DIV,
	  false, 0 },
	{ "int $3", mc_int3b, mc_int3b_end, EXC_BREAKPOINT, EXC_I386_BPT,
	  true, (int64_t)(uintptr_t)mc_int3b },
	{ "hlt", mc_hlt, mc_hlt_end, EXC_BAD_INSTRUCTION, EXC_I386_GPFLT,
	  true, 0 },
};
#elif defined(__aarch64__)
extern char mc_svc_end[], mc_mrs[], mc_mrs_end[];
__asm__(".text\n"
	".globl mc_run, mc_svc_end, mc_mrs, mc_mrs_end\n"
	"mc_run: svc #1\nmc_svc_end:\n"
	"mc_mrs: mrs x0, sctlr_el1\nmc_mrs_end:\n"
	" ret\n");
static const struct mcase mcases[] = {
	{ "svc #1", mc_svc_end, mc_svc_end, EXC_SOFTWARE, EXC_AARCH64_SVC,
	  true, 1 },
	{ "mrs sctlr_el1", mc_mrs, mc_mrs_end, EXC_BAD_INSTRUCTION,
	  EXC_AARCH64_UNK, false, 0 },
};
#elif defined(__riscv)
/*
 * fadd.d with the reserved rounding mode 5 is illegal even with the FPU
 * on: on a lazy-FP kernel its first trap may only load the FP state, the
 * retry must then be reported, not loop.
 */
extern char mc_csr[], mc_csr_end[], mc_frm[], mc_frm_end[];
__asm__(".text\n"
	".globl mc_run, mc_csr, mc_csr_end, mc_frm, mc_frm_end\n"
	"mc_run:\n"
	"mc_csr: .4byte 0x10002573\nmc_csr_end:\n"	/* csrr a0, sstatus */
	"mc_frm: .4byte 0x02005053\nmc_frm_end:\n"	/* fadd.d f0,f0,f0,rm=5 */
	" ret\n");
static const struct mcase mcases[] = {
	{ "csrr sstatus", mc_csr, mc_csr_end, EXC_BAD_INSTRUCTION,
	  EXC_RISCV_ILLEGAL, true, 0x10002573 },
	{ "fadd.d rm=5", mc_frm, mc_frm_end, EXC_BAD_INSTRUCTION,
	  EXC_RISCV_ILLEGAL, true, 0x02005053 },
};
#endif
#define MCASES	(sizeof(mcases) / sizeof(mcases[0]))

static volatile int mc_done;

static void __attribute__((noreturn)) mc_worker(long arg)
{
	(void)arg;
	((void (*)(void))(void *)mc_run)();
	mc_done = 1;
	for (;;)
		thread_switch(MACH_PORT_NULL, SWITCH_OPTION_WAIT, 1000);
}

int machine_part(void)
{
	mach_port_t t;

	exc_task = new_port();
	make_send(exc_task);
	EXPECT(task_set_special_port(task, TASK_EXCEPTION_PORT, exc_task),
	       KERN_SUCCESS);
	t = start_thread(mc_worker, 0);
	for (unsigned int i = 0; i < MCASES; i++) {
		const struct mcase *c = &mcases[i];
		mig_reply_header_t rep;
		struct msg_item it;
		int32_t exc = 0, code = 0;
		int64_t sub = 0;
		msgbuf_t in;
		state_t s;

		if (msg_receive(&in, exc_task, 5000) != MACH_MSG_SUCCESS) {
			CHECK_MSG(0, "%s: no exception", c->what);
			break;
		}
		for (unsigned int k = 0; k < 2; k++)
			if (msg_item(&in, k, &it))
				EXPECT(mach_port_deallocate(task,
							    msg_item_port(&it, 0)),
				       KERN_SUCCESS);
		if (msg_item(&in, 2, &it))
			memcpy(&exc, it.data, 4);
		if (msg_item(&in, 3, &it))
			memcpy(&code, it.data, 4);
		if (msg_item(&in, 4, &it))
			memcpy(&sub, it.data, 8);
		CHECK_MSG(exc == c->exception && code == c->code,
			  "%s: exception %d code 0x%x, expected %d 0x%x", c->what,
			  exc, code, c->exception, c->code);
		CHECK_MSG(!c->check_subcode || sub == c->subcode,
			  "%s: subcode 0x%lx, expected 0x%lx", c->what,
			  (long)sub, (long)c->subcode);
		CHECK(get_state(t, &s));
		CHECK_MSG(PC(&s) == (uintptr_t)c->at, "%s: pc 0x%lx, expected %p",
			  c->what, (long)PC(&s), (void *)c->at);
		PC(&s) = (uintptr_t)c->resume;
		CHECK(set_state(t, &s));
		exc_reply_init(&rep, in.head.msgh_remote_port, KERN_SUCCESS);
		EXPECT(mach_msg(&rep.Head, MACH_SEND_MSG, sizeof(rep), 0,
				MACH_PORT_NULL, 0, MACH_PORT_NULL),
		       MACH_MSG_SUCCESS);
	}
	for (int n = 0; n < 1000 && !mc_done; n++)
		thread_switch(MACH_PORT_NULL, SWITCH_OPTION_WAIT, 1);
	CHECK(mc_done);
	EXPECT(thread_terminate(t), KERN_SUCCESS);
	EXPECT(mach_port_deallocate(task, t), KERN_SUCCESS);
	EXPECT(task_set_special_port(task, TASK_EXCEPTION_PORT, MACH_PORT_NULL),
	       KERN_SUCCESS);
	destroy(exc_task);
	return test_end();
}

/* ---- fail, dead, kport, hang: the task must end -------------------------- */

static void __attribute__((noreturn)) faulter(long arg)
{
	(void)arg;
	(void)*(volatile uint32_t *)BAD_ADDR;
	printf("exception: FAIL: the faulting thread went on\n");
	for (;;)
		thread_switch(MACH_PORT_NULL, SWITCH_OPTION_WAIT, 1000);
}

static void __attribute__((noreturn)) block_forever(void)
{
	msgbuf_t m;
	mach_port_t p = new_port();

	for (;;)
		(void)msg_receive(&m, p, 0x7fffffff);
}

int fail_part(const char *part)
{
	exc_task = new_port();
	make_send(exc_task);
	EXPECT(task_set_special_port(task, TASK_EXCEPTION_PORT,
				     !strcmp(part, "kport") ? task : exc_task),
	       KERN_SUCCESS);
	(void)vm_deallocate(task, BAD_ADDR, PG);
	if (!strcmp(part, "dead0")) {
		/* The task keeps a send right that is now a dead name. */
		printf("exception dead0: the exception port is dead\n");
		destroy(exc_task);
	}
	worker_thread = start_thread(faulter, 0);
	if (!strcmp(part, "dead")) {
		/* Wait until the message is queued, then kill the port. */
		int n = 0;

		while (status_of(exc_task).mps_msgcount == 0 && n++ < 5000)
			thread_switch(MACH_PORT_NULL, SWITCH_OPTION_WAIT, 1);
		CHECK_EQ(status_of(exc_task).mps_msgcount, 1);
		printf("exception dead: destroying the exception port\n");
		destroy(exc_task);
	} else if (!strcmp(part, "fail") || !strcmp(part, "hang")) {
		msgbuf_t in, out;

		EXPECT(msg_receive(&in, exc_task, 5000), MACH_MSG_SUCCESS);
		if (!strcmp(part, "hang")) {
			printf("exception hang: holding the request\n");
			block_forever();
		}
		refuse = true;
		exc_server(&in.head, &out.head);
		printf("exception fail: replying %d\n",
		       (int)((mig_reply_header_t *)&out.head)->RetCode);
		EXPECT(mach_msg(&out.head, MACH_SEND_MSG, out.head.msgh_size,
				0, MACH_PORT_NULL, 0, MACH_PORT_NULL),
		       MACH_MSG_SUCCESS);
	}
	if (test_failures)
		printf("exception: FAIL before the end\n");
	block_forever();
}

/* ---- abort: an aborted EXC_EMULATION ------------------------------------- */

static volatile long abort_result = -1;

static void __attribute__((noreturn)) emul_caller(long arg)
{
	(void)arg;
	abort_result = mach_trap_raw(-100, 0, 0, 0, 0, 0, 0, 0);
	for (;;)
		thread_switch(MACH_PORT_NULL, SWITCH_OPTION_WAIT, 1000);
}

int abort_part(void)
{
	msgbuf_t in;
	struct msg_item it;
	mach_port_t t;

	exc_task = new_port();
	make_send(exc_task);
	EXPECT(task_set_special_port(task, TASK_EXCEPTION_PORT, exc_task),
	       KERN_SUCCESS);
	t = start_thread(emul_caller, 0);
	EXPECT(msg_receive(&in, exc_task, 5000), MACH_MSG_SUCCESS);
	CHECK(wait_waiting(t));
	EXPECT(thread_abort(t), KERN_SUCCESS);
	for (int n = 0; n < 1000 && abort_result == -1; n++)
		thread_switch(MACH_PORT_NULL, SWITCH_OPTION_WAIT, 1);
	CHECK_EQ(abort_result, KERN_ABORTED);
	/* Nothing else came; the request's rights are ours to release. */
	{
		msgbuf_t none;

		EXPECT(msg_receive(&none, exc_task, 0), MACH_RCV_TIMED_OUT);
	}
	EXPECT(mach_port_deallocate(task, in.head.msgh_remote_port),
	       KERN_SUCCESS);
	for (unsigned int i = 0; i < 2; i++) {
		if (msg_item(&in, i, &it))
			EXPECT(mach_port_deallocate(task, msg_item_port(&it, 0)),
			       KERN_SUCCESS);
		else
			CHECK_MSG(0, "no port item %u in the request", i);
	}
	EXPECT(thread_terminate(t), KERN_SUCCESS);
	EXPECT(mach_port_deallocate(task, t), KERN_SUCCESS);
	EXPECT(task_set_special_port(task, TASK_EXCEPTION_PORT, MACH_PORT_NULL),
	       KERN_SUCCESS);
	destroy(exc_task);
	return test_end();
}

/* ---- bench: N exception round trips ------------------------------------- */

static long bench_n;

static void __attribute__((noreturn)) bench_worker(long n)
{
	for (long i = 0; i < n; i++)
		(void)mach_trap_raw(-100, 0, 0, 0, 0, 0, 0, 0);
	for (;;)
		thread_switch(MACH_PORT_NULL, SWITCH_OPTION_WAIT, 1000);
}

int bench_part(const char *num)
{
	struct {
		mach_msg_header_t head;
		uint8_t body[128];
	} in;
	mig_reply_header_t rep;
	mach_port_t t;

	for (const char *p = num; *p >= '0' && *p <= '9'; p++)
		bench_n = bench_n * 10 + (*p - '0');
	exc_task = new_port();
	make_send(exc_task);
	EXPECT(task_set_special_port(task, TASK_EXCEPTION_PORT, exc_task),
	       KERN_SUCCESS);
	t = start_thread(bench_worker, bench_n);
	exc_reply_init(&rep, MACH_PORT_NULL, KERN_SUCCESS);
	for (long i = 0; i < bench_n; i++) {
		/* The request names the thread and the task: names we hold
		 * already, so no reference counts grow but theirs. */
		if (mach_msg(&in.head, MACH_RCV_MSG, 0, sizeof(in), exc_task,
			     0, MACH_PORT_NULL) != MACH_MSG_SUCCESS)
			break;
		rep.Head.msgh_remote_port = in.head.msgh_remote_port;
		(void)mach_msg(&rep.Head, MACH_SEND_MSG, sizeof(rep), 0,
			       MACH_PORT_NULL, 0, MACH_PORT_NULL);
	}
	(void)thread_terminate(t);
	exit(0);
}
