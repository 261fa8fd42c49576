/*
 * tests/user/exception.c - suite exception: Mach exception messages.
 *
 * argv[1] picks the part (tests/kernel/test_exception.c runs each):
 *
 *   (none)  the main thread serves exc (the generated exc_server and
 *           catch_exception_raise) for a worker thread of the same task,
 *           which takes in turn: a bad access (EXC_BAD_ACCESS,
 *           KERN_INVALID_ADDRESS, the address; the handler maps the page
 *           and the worker reads what the handler wrote), a protection
 *           failure (KERN_PROTECTION_FAILURE; the handler lifts the
 *           protection), a breakpoint and an illegal instruction (the
 *           handler finds the pc on them and steps over through
 *           thread_get/set_state), a system call outside the trap table
 *           (EXC_EMULATION; the handler sets the result), a fault its
 *           thread's exception port refuses (KERN_FAILURE: the task's
 *           port gets it next), and a fault whose handler lets
 *           thread_abort end the wait (the worker takes it again, and the
 *           late reply to the first message has nowhere to go).  Then
 *           "exception: PASS".
 *   badpc   threads started at an unmapped pc (and on x86_64 at a
 *           non-canonical one, which the return to user mode refuses):
 *           the handler moves their pc to a landing function.
 *   machine each port's own exceptions: x86_64 divide by zero, `int $3`
 *           (pc moved back onto it), hlt (#GP); arm64 svc #1
 *           (EXC_SOFTWARE), mrs of an EL1 register; riscv64 a read of an
 *           S-mode CSR (subcode the instruction).
 *   fail    the handler replies KERN_FAILURE: the task must end.
 *   dead    the exception port dies with the message queued: the task
 *           must end.
 *   dead0   the exception port is dead before the fault: the task must
 *           end.
 *   kport   the task's exception port is its own task port (the kernel
 *           answers MIG_BAD_ID): the task must end.
 *   hang    the handler keeps the message unanswered: the kernel suite
 *           terminates the task while the thread waits for the reply.
 *   abort   thread_abort of a thread waiting for the answer to an
 *           EXC_EMULATION: its system call returns KERN_ABORTED.
 *   bench N (benchmark exception_rpc, tests/kernel/bench_user.c) a worker
 *           makes N system calls outside the trap table; the main thread
 *           answers each EXC_EMULATION with KERN_SUCCESS at once.
 * In fail, dead, dead0, kport and hang the main thread blocks for good
 * afterwards: only the task's termination ends the run.
 */
#include "exception_test.h"

#define BAD_ADDR2	0x50010000UL
#define BAD_ADDR3	0x50020000UL
#define MAGIC		0x5eed1234u
/* System call numbers outside the trap table (-1 .. -79). */
static const long emul_traps[] = { -100, 5, -1000000, 0 };
#define EMUL_COUNT	4
#define EMUL_RESULT	0x77L

/* ---- The machine: thread state, a breakpoint, an illegal instruction ---- */

extern char exc_bp[], exc_bp_end[], exc_ill[], exc_ill_end[];

#if defined(__x86_64__)
static void state_setup(state_t *s, uintptr_t pc, uintptr_t top, long arg)
{
	s->rip = pc;
	s->ursp = top - 8;
	s->rdi = (uint64_t)arg;
	s->rbp = 0;
}

__asm__(".text\n"
	".globl exc_bp, exc_bp_end, exc_ill, exc_ill_end\n"
	"exc_bp: int3\nexc_bp_end: ret\n"
	"exc_ill: ud2\nexc_ill_end: ret\n");
#elif defined(__aarch64__)
static void state_setup(state_t *s, uintptr_t pc, uintptr_t top, long arg)
{
	s->pc = pc;
	s->sp = top;
	s->x[0] = (uint64_t)arg;
	s->x[29] = 0;
	s->x[30] = 0;
}

__asm__(".text\n"
	".globl exc_bp, exc_bp_end, exc_ill, exc_ill_end\n"
	"exc_bp: brk #0x42\nexc_bp_end: ret\n"
	"exc_ill: .inst 0x00000000\nexc_ill_end: ret\n");
#elif defined(__riscv)
static void state_setup(state_t *s, uintptr_t pc, uintptr_t top, long arg)
{
	uint64_t gp;

	__asm__ volatile("mv %0, gp" : "=r"(gp));
	s->pc = pc;
	s->x[1 - 1] = 0;
	s->x[2 - 1] = top;
	s->x[3 - 1] = gp;
	s->x[8 - 1] = 0;
	s->x[10 - 1] = (uint64_t)arg;
}

/* ebreak and csrrw x0, cycle, x0 (a write to a read-only CSR), both
 * 4 bytes: no compressed forms. */
__asm__(".text\n"
	".globl exc_bp, exc_bp_end, exc_ill, exc_ill_end\n"
	"exc_bp: .4byte 0x00100073\nexc_bp_end: ret\n"
	"exc_ill: .4byte 0xc0001073\nexc_ill_end: ret\n");
#endif

static void (*const run_bp)(void) = (void (*)(void))(void *)exc_bp;
static void (*const run_ill)(void) = (void (*)(void))(void *)exc_ill;

/* ---- The worker thread --------------------------------------------------- */

#define WORKER_STACK	16384
static uint8_t worker_stack[WORKER_STACK] __attribute__((aligned(16)));

/* What the worker saw, for the main thread (written before each fault). */
static volatile int worker_step;
static volatile uint32_t seen_read, seen_write;
static volatile long seen_emul[EMUL_COUNT];
static int emul_next;			/* handler: the next one expected */
static volatile int worker_done;

static void __attribute__((noreturn)) worker(long arg)
{
	(void)arg;
	worker_step = 1;		/* bad access: the handler maps it */
	seen_read = *(volatile uint32_t *)BAD_ADDR;
	worker_step = 2;		/* protection: the handler lifts it */
	*(volatile uint32_t *)BAD_ADDR = MAGIC + 1;
	seen_write = *(volatile uint32_t *)BAD_ADDR;
	worker_step = 3;
	run_bp();
	worker_step = 4;
	run_ill();
	worker_step = 5;
	for (int i = 0; i < EMUL_COUNT; i++)
		seen_emul[i] = mach_trap_raw(emul_traps[i], 0, 0, 0, 0, 0, 0, 0) + i;
	worker_step = 6;		/* thread port refuses, task port maps */
	(void)*(volatile uint32_t *)BAD_ADDR2;
	worker_step = 7;		/* aborted once, then mapped */
	(void)*(volatile uint32_t *)BAD_ADDR3;
	worker_step = 8;
	worker_done = 1;
	for (;;)
		thread_switch(MACH_PORT_NULL, SWITCH_OPTION_WAIT, 1000);
}

/* Start a thread of ours at fn (thread_create, thread_set_state). */
mach_port_t start_thread(void (*fn)(long), long arg)
{
	static uint32_t st[THREAD_STATE_MAX];
	unsigned int count = THREAD_STATE_MAX;
	mach_port_t t = MACH_PORT_NULL;
	state_t s;

	EXPECT(thread_create(task, &t), KERN_SUCCESS);
	EXPECT(thread_get_state(t, STATE_FLAVOR, st, &count), KERN_SUCCESS);
	memcpy(&s, st, sizeof(s));
	state_setup(&s, (uintptr_t)fn, (uintptr_t)(worker_stack + WORKER_STACK),
		    arg);
	memcpy(st, &s, sizeof(s));
	EXPECT(thread_set_state(t, STATE_FLAVOR, st, STATE_COUNT), KERN_SUCCESS);
	EXPECT(thread_resume(t), KERN_SUCCESS);
	return t;
}

/* ---- The handler --------------------------------------------------------- */

mach_port_t exc_task, worker_thread;
static mach_port_t exc_thread;
static int handled;			/* exceptions answered KERN_SUCCESS */
static int last_exception, last_code, last_level;
static int64_t last_subcode;
static mach_port_t last_port;
bool refuse;			/* fail part: answer KERN_FAILURE */

bool get_state(mach_port_t t, state_t *s)
{
	static uint32_t st[THREAD_STATE_MAX];
	unsigned int count = THREAD_STATE_MAX;

	if (thread_get_state(t, STATE_FLAVOR, st, &count) != KERN_SUCCESS ||
	    count != STATE_COUNT)
		return false;
	memcpy(s, st, sizeof(*s));
	return true;
}

bool set_state(mach_port_t t, const state_t *s)
{
	static uint32_t st[THREAD_STATE_MAX];

	memcpy(st, s, sizeof(*s));
	return thread_set_state(t, STATE_FLAVOR, st, STATE_COUNT) == KERN_SUCCESS;
}

void exc_reply_init(mig_reply_header_t *rep, mach_port_t to,
		    kern_return_t ret)
{
	memset(rep, 0, sizeof(*rep));
	rep->Head.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND_ONCE, 0);
	rep->Head.msgh_size = sizeof(*rep);
	rep->Head.msgh_remote_port = to;
	rep->Head.msgh_id = 2500;
	rep->RetCodeType.msgt_name = MACH_MSG_TYPE_INTEGER_32;
	rep->RetCodeType.msgt_size = 32;
	rep->RetCodeType.msgt_number = 1;
	rep->RetCodeType.msgt_inline = 1;
	rep->RetCode = ret;
}

/* Map one fresh page at addr holding MAGIC in its first word. */
static kern_return_t map_magic(vm_address_t addr)
{
	kern_return_t kr = vm_allocate(task, &addr, PG, 0);

	if (kr == KERN_SUCCESS)
		*(volatile uint32_t *)addr = MAGIC;
	return kr;
}

/*
 * catch_exception_raise: what exc_server calls.  Checks what every
 * exception must carry (the worker's thread port and our task port),
 * then acts on the worker's step.
 */
kern_return_t catch_exception_raise(mach_port_t exception_port,
				    mach_port_t thread, mach_port_t task_port,
				    integer_t exception, integer_t code,
				    rpc_long_integer_t subcode)
{
	kern_return_t ret = KERN_FAILURE;
	state_t s;

	last_exception = exception;
	last_code = code;
	last_subcode = subcode;
	last_port = exception_port;
	CHECK_EQ(thread, worker_thread);
	CHECK_EQ(task_port, task);
	if (refuse) {
		CHECK_EQ(exception, EXC_BAD_ACCESS);
		CHECK_EQ(subcode, BAD_ADDR);
		goto out;
	}
	if (exception_port == exc_thread) {
		/* The thread's own port (step 6): refuse, the task's is next. */
		CHECK_EQ(worker_step, 6);
		CHECK_EQ(exception, EXC_BAD_ACCESS);
		ret = KERN_FAILURE;
		goto out;
	}
	CHECK_EQ(exception_port, exc_task);
	switch (worker_step) {
	case 1:
		CHECK_EQ(exception, EXC_BAD_ACCESS);
		CHECK_EQ(code, KERN_INVALID_ADDRESS);
		CHECK_EQ(subcode, BAD_ADDR);
		/* Readable now, and read-only for step 2's write. */
		ret = map_magic(BAD_ADDR);
		if (ret == KERN_SUCCESS)
			ret = vm_protect(task, BAD_ADDR, PG, 0, VM_PROT_READ);
		break;
	case 2:
		CHECK_EQ(exception, EXC_BAD_ACCESS);
		CHECK_EQ(code, KERN_PROTECTION_FAILURE);
		CHECK_EQ(subcode, BAD_ADDR);
		ret = vm_protect(task, BAD_ADDR, PG, 0,
				 VM_PROT_READ | VM_PROT_WRITE);
		break;
	case 3:
	case 4: {
		char *at = worker_step == 3 ? exc_bp : exc_ill;
		char *next = worker_step == 3 ? exc_bp_end : exc_ill_end;

		CHECK_EQ(exception, worker_step == 3 ? EXC_BREAKPOINT
						     : EXC_BAD_INSTRUCTION);
		if (!get_state(thread, &s)) {
			CHECK_MSG(0, "thread_get_state of the worker failed");
			break;
		}
		CHECK_EQ(PC(&s), (uintptr_t)at);
		PC(&s) = (uintptr_t)next;
		ret = set_state(thread, &s) ? KERN_SUCCESS : KERN_FAILURE;
		break;
	}
	case 5:
		CHECK_EQ(exception, EXC_EMULATION);
		CHECK(emul_next < EMUL_COUNT);
		if (emul_next < EMUL_COUNT)
			CHECK_EQ(code, (int)emul_traps[emul_next]);
		CHECK_EQ(subcode, 0);
		if (!get_state(thread, &s)) {
			CHECK_MSG(0, "thread_get_state of the worker failed");
			break;
		}
		RET(&s) = EMUL_RESULT;
		ret = set_state(thread, &s) ? KERN_SUCCESS : KERN_FAILURE;
		/* After the last, step 6 goes to the thread's own port. */
		if (++emul_next == EMUL_COUNT)
			EXPECT(thread_set_special_port(thread,
						       THREAD_EXCEPTION_PORT,
						       exc_thread), KERN_SUCCESS);
		break;
	case 6:
		CHECK_EQ(exception, EXC_BAD_ACCESS);
		CHECK_EQ(code, KERN_INVALID_ADDRESS);
		CHECK_EQ(subcode, BAD_ADDR2);
		CHECK_EQ(last_level, 1);	/* the thread's port came first */
		ret = map_magic(BAD_ADDR2);
		EXPECT(thread_set_special_port(thread, THREAD_EXCEPTION_PORT,
					       MACH_PORT_NULL), KERN_SUCCESS);
		break;
	case 7:
		CHECK_EQ(exception, EXC_BAD_ACCESS);
		CHECK_EQ(subcode, BAD_ADDR3);
		ret = map_magic(BAD_ADDR3);
		break;
	default:
		CHECK_MSG(0, "exception %d at worker step %d", exception,
			  worker_step);
	}
out:
	last_level = exception_port == exc_thread ? 1 : 2;
	/* The rights the message brought are ours to release. */
	EXPECT(mach_port_deallocate(task, thread), KERN_SUCCESS);
	EXPECT(mach_port_deallocate(task, task_port), KERN_SUCCESS);
	if (ret == KERN_SUCCESS)
		handled++;
	return ret;
}

/* Receive one request on name (a port or set) within ms; serve it. */
static mach_msg_return_t serve_one(mach_port_t name, unsigned int ms,
				   bool reply)
{
	msgbuf_t in, out;
	mach_msg_return_t mr = msg_receive(&in, name, ms);

	if (mr != MACH_MSG_SUCCESS)
		return mr;
	CHECK_EQ(in.head.msgh_id, 2400);
	exc_server(&in.head, &out.head);
	if (!reply)
		return MACH_MSG_SUCCESS;
	return mach_msg(&out.head, MACH_SEND_MSG, out.head.msgh_size, 0,
			MACH_PORT_NULL, 0, MACH_PORT_NULL);
}

bool wait_waiting(mach_port_t t)
{
	for (int n = 0; n < 1000; n++) {
		struct thread_basic_info b;
		unsigned int count = THREAD_BASIC_INFO_COUNT;

		if (thread_info(t, THREAD_BASIC_INFO, (thread_info_t)&b,
				&count) == KERN_SUCCESS &&
		    b.run_state == TH_STATE_WAITING)
			return true;
		thread_switch(MACH_PORT_NULL, SWITCH_OPTION_WAIT, 1);
	}
	return false;
}

/*
 * Step 7: the handler holds the first message of the fault unanswered
 * while thread_abort ends the worker's wait; the worker takes the fault
 * again and a second message comes.  The late reply to the first finds
 * its reply port dead.
 */
static void abort_step(mach_port_t set)
{
	msgbuf_t first;
	mig_reply_header_t late;
	struct msg_item it;
	mach_port_t reply_to;

	EXPECT(msg_receive(&first, set, 5000), MACH_MSG_SUCCESS);
	CHECK_EQ(worker_step, 7);
	reply_to = first.head.msgh_remote_port;
	CHECK_EQ(type_of(reply_to), MACH_PORT_TYPE_SEND_ONCE);
	/* The worker must be in its wait before the abort. */
	CHECK(wait_waiting(worker_thread));
	EXPECT(thread_abort(worker_thread), KERN_SUCCESS);
	/* The same fault comes again: serve it. */
	EXPECT(serve_one(set, 5000, true), MACH_MSG_SUCCESS);
	CHECK_EQ(last_subcode, BAD_ADDR3);
	/* The first request's reply right names a dead port now: a late
	 * reply cannot even be sent.  Its thread and task rights are ours
	 * to release. */
	exc_reply_init(&late, reply_to, KERN_SUCCESS);
	EXPECT(mach_msg(&late.Head, MACH_SEND_MSG, sizeof(late), 0,
			MACH_PORT_NULL, 0, MACH_PORT_NULL), MACH_SEND_INVALID_DEST);
	EXPECT(mach_port_deallocate(task, reply_to), KERN_SUCCESS);
	for (unsigned int i = 0; i < 2; i++) {
		if (msg_item(&first, i, &it))
			EXPECT(mach_port_deallocate(task, msg_item_port(&it, 0)),
			       KERN_SUCCESS);
		else
			CHECK_MSG(0, "no port item %u in the request", i);
	}
}

static int main_part(void)
{
	mach_port_t set = new_set();
	state_t s;

	exc_task = new_port();
	exc_thread = new_port();
	make_send(exc_task);
	make_send(exc_thread);
	EXPECT(mach_port_move_member(task, exc_task, set), KERN_SUCCESS);
	EXPECT(mach_port_move_member(task, exc_thread, set), KERN_SUCCESS);
	EXPECT(task_set_special_port(task, TASK_EXCEPTION_PORT, exc_task),
	       KERN_SUCCESS);
	(void)vm_deallocate(task, BAD_ADDR, 0x30000);

	worker_thread = start_thread(worker, 0);
	/* Steps 1-5 come to the task's port. */
	for (int i = 1; i <= 4 + EMUL_COUNT; i++)
		EXPECT(serve_one(set, 5000, true), MACH_MSG_SUCCESS);
	/* Step 6: the thread's own port first, which refuses. */
	EXPECT(serve_one(set, 5000, true), MACH_MSG_SUCCESS);
	CHECK_EQ(seen_read, MAGIC);
	CHECK_EQ(seen_write, MAGIC + 1);
	for (int i = 0; i < EMUL_COUNT; i++)
		CHECK_EQ(seen_emul[i], EMUL_RESULT + i);
	CHECK_EQ(last_port, exc_thread);
	EXPECT(serve_one(set, 5000, true), MACH_MSG_SUCCESS);
	CHECK_EQ(last_port, exc_task);
	abort_step(set);
	for (int n = 0; n < 1000 && !worker_done; n++)
		thread_switch(MACH_PORT_NULL, SWITCH_OPTION_WAIT, 1);
	CHECK(worker_done);
	CHECK_EQ(handled, 6 + EMUL_COUNT);
	/* Nothing more is queued, and the worker's state is readable. */
	EXPECT(serve_one(set, 0, true), MACH_RCV_TIMED_OUT);
	CHECK(get_state(worker_thread, &s));
	EXPECT(thread_terminate(worker_thread), KERN_SUCCESS);
	EXPECT(mach_port_deallocate(task, worker_thread), KERN_SUCCESS);
	EXPECT(task_set_special_port(task, TASK_EXCEPTION_PORT, MACH_PORT_NULL),
	       KERN_SUCCESS);
	destroy(exc_task);
	destroy(exc_thread);
	destroy(set);
	return test_end();
}

int main(int argc, char **argv)
{
	test_begin("exception");
	if (argc > 2 && !strcmp(argv[1], "bench"))
		return bench_part(argv[2]);
	if (argc > 1 && !strcmp(argv[1], "badpc"))
		return badpc_part();
	if (argc > 1 && !strcmp(argv[1], "machine"))
		return machine_part();
	if (argc > 1 && !strcmp(argv[1], "abort"))
		return abort_part();
	if (argc > 1)
		return fail_part(argv[1]);
	return main_part();
}
