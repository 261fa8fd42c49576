/*
 * tests/user/kobject_calls.c - the kernel's objects served through their
 * ports, from user mode: task, thread, host, processor and processor set
 * routines of the mach (2000), mach_host (2600) and mach_port (3200)
 * subsystems, good paths and error paths, with hand-built messages sent
 * by mach_msg_trap (no MIG user stubs: the wire format is checked on its
 * own; tests/user/kobject.c goes through libmach's stubs).  Run by the
 * kernel's "kobject" suite (tests/kernel/test_kobject.c) as
 * "kobject_calls <host-priv-name>": argv[1] is the name under which the
 * suite put a send right to the privileged host port.
 *
 * Prints "kobject_calls: PASS" when every check held, then terminates its
 * own task with a task_terminate request (the suite checks that it is
 * gone).
 */
#include "kobject_calls.h"
#include <mach/host_info.h>
#include <mach/machine.h>
#include <mach/mach_param.h>
#include <mach/policy.h>
#include <mach/processor_info.h>
#include <mach/task_info.h>
#include <mach/task_special_ports.h>
#include <mach/thread_info.h>
#include <mach/thread_special_ports.h>
#include <mach/time_value.h>
#include <sys/reboot.h>

/* ---- The checks --------------------------------------------------------- */

mach_port_t self_task, self_thread, host, host_priv;
int failures;
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
	CHECK(b.virtual_size > 0 && b.resident_size > 0 &&
	      b.resident_size <= b.virtual_size);
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
	/* A dead right unsets a special port. */
	CHECK_KR(set_special(self_task, 2059, TASK_EXCEPTION_PORT, MACH_PORT_DEAD,
			     MACH_MSG_TYPE_COPY_SEND), KERN_SUCCESS);
	CHECK_KR(get_special(self_task, 2058, TASK_EXCEPTION_PORT, &x),
		 KERN_SUCCESS);
	CHECK_KR(x, MACH_PORT_NULL);
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
	/* Dead entries register as null. */
	ports[0] = MACH_PORT_DEAD;
	{
		struct msg *m = req(self_task, 2033);

		put_ool_ports(m, ports, 2, MACH_MSG_TYPE_COPY_SEND);
		CHECK_KR(rpc(m), KERN_SUCCESS);
	}
	CHECK_KR(k_ports_out(req(self_task, 2034), &got, &n), KERN_SUCCESS);
	CHECK(n == TASK_PORT_REGISTER_MAX && got && !got[0] && got[1] == host);
	ports[0] = b;
	{
		struct msg *m = req(self_task, 2033);

		put_ool_ports(m, ports, 2, MACH_MSG_TYPE_COPY_SEND);
		CHECK_KR(rpc(m), KERN_SUCCESS);
	}
	for (int i = 0; i < 5; i++)
		ports[i] = host;
	{
		struct msg *m = req(self_task, 2033);

		put_ool_ports(m, ports, 5, MACH_MSG_TYPE_COPY_SEND);
		CHECK_KR(rpc(m), KERN_INVALID_ARGUMENT);
	}
}

/* The suspend count task_info or thread_info reports, or -1. */
static int suspend_count_of(mach_port_t port, bool is_task)
{
	unsigned int count;

	if (is_task) {
		struct task_basic_info b;

		count = TASK_BASIC_INFO_COUNT;
		if (task_info(port, TASK_BASIC_INFO, &b, &count) != KERN_SUCCESS)
			return -1;
		return b.suspend_count;
	} else {
		struct thread_basic_info b;

		count = THREAD_BASIC_INFO_COUNT;
		if (thread_info(port, THREAD_BASIC_INFO, &b, &count) !=
		    KERN_SUCCESS)
			return -1;
		return b.suspend_count;
	}
}

/*
 * A child task: inherits the registered and bootstrap ports, starts with
 * no thread, is suspended and resumed (one count for the task, one for
 * each thread), gets a thread, and dies with it.
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

	/* One suspend count per task (seed): nested suspensions come off
	 * one resume at a time; resuming at zero fails and changes nothing. */
	CHECK_KR(task_suspend(c), KERN_SUCCESS);
	CHECK_KR(suspend_count_of(c, true), 1);
	CHECK_KR(task_suspend(c), KERN_SUCCESS);
	CHECK_KR(suspend_count_of(c, true), 2);
	CHECK_KR(task_resume(c), KERN_SUCCESS);
	CHECK_KR(suspend_count_of(c, true), 1);
	CHECK_KR(task_resume(c), KERN_SUCCESS);
	CHECK_KR(suspend_count_of(c, true), 0);
	CHECK_KR(task_resume(c), KERN_FAILURE);
	CHECK_KR(suspend_count_of(c, true), 0);

	/* And one per thread, apart from its task's: a created thread has
	 * 1; at 0 it still stops while its task is suspended. */
	CHECK_KR(thread_create(c, &ct), KERN_SUCCESS);
	count = THREAD_BASIC_INFO_COUNT;
	CHECK_KR(thread_info(ct, THREAD_BASIC_INFO, &tb, &count), KERN_SUCCESS);
	CHECK_KR(tb.run_state, TH_STATE_STOPPED);
	CHECK_KR(tb.suspend_count, 1);
	CHECK_KR(thread_suspend(ct), KERN_SUCCESS);
	CHECK_KR(suspend_count_of(ct, false), 2);
	CHECK_KR(thread_resume(ct), KERN_SUCCESS);
	CHECK_KR(suspend_count_of(ct, false), 1);
	CHECK_KR(task_suspend(c), KERN_SUCCESS);
	CHECK_KR(thread_resume(ct), KERN_SUCCESS);
	CHECK_KR(suspend_count_of(ct, false), 0);
	CHECK_KR(thread_resume(ct), KERN_FAILURE);
	CHECK_KR(suspend_count_of(ct, false), 0);
	CHECK_KR(suspend_count_of(c, true), 1);
	count = THREAD_BASIC_INFO_COUNT;
	CHECK_KR(thread_info(ct, THREAD_BASIC_INFO, &tb, &count), KERN_SUCCESS);
	CHECK_KR(tb.run_state, TH_STATE_STOPPED);
	/* It has no user state to run: stop it again before the task goes
	 * on. */
	CHECK_KR(thread_suspend(ct), KERN_SUCCESS);
	CHECK_KR(task_resume(c), KERN_SUCCESS);
	CHECK_KR(suspend_count_of(c, true), 0);
	CHECK_KR(suspend_count_of(ct, false), 1);
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
	/* The VM routines are served: vm_allocate of nothing succeeds. */
	{
		uint64_t v[1] = { 0 };

		m = req(self_task, 2021);
		put_item(m, MACH_MSG_TYPE_INTEGER_64, 64, 1, true, v, 8);
		put_item(m, MACH_MSG_TYPE_INTEGER_64, 64, 1, true, v, 8);
		put_bool(m, 1);
		CHECK_KR(rpc(m), KERN_SUCCESS);
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
	test_thread_fp_state();
	test_special_ports();
	test_child_task();
	test_host();
	if (host_priv)
		test_host_priv();
	else
		CHECK(!"no privileged host port given");
	test_errors();
	if (failures) {
		printf("kobject_calls: FAIL (%d checks)\n", failures);
		return 1;
	}
	printf("kobject_calls: PASS\n");
	/* The end: the task terminates itself through its port. */
	CHECK_KR(task_terminate(self_task), KERN_SUCCESS);
	printf("kobject_calls: FAIL: the task survived its own task_terminate\n");
	return 1;
}
