/*
 * kern/host_server.c - the host routines of the mach_host subsystem
 * (2600): host_info, host_kernel_version, host_get_time, host_set_time,
 * host_adjust_time, host_reboot, host_processors, host_processor_sets,
 * host_processor_set_priv, host_get_boot_info, thread_wire, vm_wire; and
 * mach's vm_set_default_memory_manager, which also takes the host.
 *
 * The stubs give the host converted from the request port: the name port
 * allows the queries, the privileged port everything (it converts as a
 * host too); NULL means the port is neither.  Errors: KERN_INVALID_ARGUMENT
 * for no host on queries, KERN_INVALID_HOST where the privileged port is
 * required and was not given, as in GNU Mach.
 */
#include <kern/bootinfo.h>
#include <kern/clock.h>
#include <kern/console.h>
#include <kern/host.h>
#include <kern/ipc_kobject.h>
#include <kern/lock.h>
#include <kern/machine.h>
#include <kern/processor.h>
#include <kern/string.h>
#include <kern/thread.h>
#include <mach/host_info.h>
#include <mach/machine.h>
#include <sys/reboot.h>
#include <vm/vm_kern.h>
#include <vm/vm_user.h>
#include "machServer.h"
#include "mach_hostServer.h"

/*
 * The time of day is the time since boot plus an offset that
 * host_set_time and host_adjust_time move (there is no battery clock
 * driver: until someone sets it, the host's time starts at 0 at boot).
 */
static simple_lock_t time_lock = SIMPLE_LOCK_INITIALIZER;
static int64_t time_offset_ns;

/* The default memory manager (a send right), kept for the VM issue. */
static simple_lock_t pager_lock = SIMPLE_LOCK_INITIALIZER;
static ipc_port_t memory_manager_default;

/* RAM the boot protocol reported, in bytes. */
static uint64_t memory_size(void)
{
	return boot_ram_total();
}

static unsigned int processors_running(void)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < MAX_CPUS; i++)
		n += processor_array[i].running;
	return n;
}

/*
 * S_host_info: HOST_BASIC_INFO (processors, memory, cpu type),
 * HOST_PROCESSOR_SLOTS (slot numbers of the running processors),
 * HOST_SCHED_INFO (tick and quantum in ms), HOST_LOAD_INFO (not measured:
 * zeros).  Returns KERN_INVALID_ARGUMENT for no host or an unknown
 * flavour, KERN_FAILURE (KERN_INVALID_ARGUMENT for the slots) for a count
 * too small, as GNU Mach.
 */
kern_return_t S_host_info(host_t host, int flavor, host_info_t host_info_out,
			  mach_msg_type_number_t *host_info_outCnt)
{
	unsigned int count = *host_info_outCnt;

	if (!host)
		return KERN_INVALID_ARGUMENT;
	switch (flavor) {
	case HOST_BASIC_INFO: {
		struct host_basic_info b;

		if (count < HOST_BASIC_INFO_COUNT)
			return KERN_FAILURE;
		memset(&b, 0, sizeof(b));
		b.max_cpus = MAX_CPUS;
		b.avail_cpus = (integer_t)processors_running();
		b.memory_size = memory_size();
		b.cpu_type = MACHINE_CPU_TYPE;
		b.cpu_subtype = MACHINE_CPU_SUBTYPE;
		memcpy(host_info_out, &b, sizeof(b));
		*host_info_outCnt = HOST_BASIC_INFO_COUNT;
		return KERN_SUCCESS;
	}
	case HOST_PROCESSOR_SLOTS: {
		unsigned int n = 0;

		if (count < MAX_CPUS)
			return KERN_INVALID_ARGUMENT;
		for (unsigned int i = 0; i < MAX_CPUS; i++)
			if (processor_array[i].running)
				host_info_out[n++] = (integer_t)i;
		*host_info_outCnt = n;
		return KERN_SUCCESS;
	}
	case HOST_SCHED_INFO: {
		struct host_sched_info si;

		if (count < HOST_SCHED_INFO_COUNT)
			return KERN_FAILURE;
		si.min_timeout = 1000 / HZ;
		si.min_quantum = SCHED_QUANTUM_TICKS * (1000 / HZ);
		memcpy(host_info_out, &si, sizeof(si));
		*host_info_outCnt = HOST_SCHED_INFO_COUNT;
		return KERN_SUCCESS;
	}
	case HOST_LOAD_INFO: {
		struct host_load_info l;

		if (count < HOST_LOAD_INFO_COUNT)
			return KERN_FAILURE;
		memset(&l, 0, sizeof(l));
		memcpy(host_info_out, &l, sizeof(l));
		*host_info_outCnt = HOST_LOAD_INFO_COUNT;
		return KERN_SUCCESS;
	}
	default:
		return KERN_INVALID_ARGUMENT;
	}
}

/*
 * host_get_kernel_version: the kernel's version string, NUL-terminated
 * within the 512 bytes of kernel_version_t.  S_host_kernel_version is
 * mach_host's routine 2619 (GNU Mach's later host_get_kernel_version
 * lives in its gnumach subsystem, which Mica does not serve yet).
 */
static kern_return_t host_get_kernel_version(host_t host,
					     kernel_version_t version)
{
	if (!host)
		return KERN_INVALID_ARGUMENT;
	memset(version, 0, sizeof(kernel_version_t));
	strlcpy(version, mica_version_string, sizeof(kernel_version_t));
	return KERN_SUCCESS;
}

kern_return_t S_host_kernel_version(host_t host, kernel_version_t kernel_version)
{
	return host_get_kernel_version(host, kernel_version);
}

/* S_host_get_time: the time of day (see time_offset_ns). */
kern_return_t S_host_get_time(host_t host, time_value_t *current_time)
{
	int64_t ns;

	if (!host)
		return KERN_INVALID_HOST;
	simple_lock(&time_lock);
	ns = (int64_t)md_clock_ns() + time_offset_ns;
	simple_unlock(&time_lock);
	*current_time = ns_to_time_value(ns > 0 ? (uint64_t)ns : 0);
	return KERN_SUCCESS;
}

static bool valid_time(time_value_t t)
{
	return t.microseconds >= 0 && t.microseconds < TIME_MICROS_MAX;
}

/*
 * S_host_set_time: set the time of day (privileged).  Returns
 * KERN_INVALID_HOST without the privileged port, KERN_INVALID_ARGUMENT
 * for microseconds out of range or a negative time.
 */
kern_return_t S_host_set_time(host_t host_priv, time_value_t new_time)
{
	int64_t ns;

	if (!host_priv)
		return KERN_INVALID_HOST;
	if (!valid_time(new_time) || new_time.seconds < 0)
		return KERN_INVALID_ARGUMENT;
	ns = new_time.seconds * 1000000000 + new_time.microseconds * 1000LL;
	simple_lock(&time_lock);
	time_offset_ns = ns - (int64_t)md_clock_ns();
	simple_unlock(&time_lock);
	return KERN_SUCCESS;
}

/*
 * S_host_adjust_time: move the time of day by new_adjustment
 * (privileged).  Mica applies the whole adjustment at once rather than
 * slewing, so no adjustment is ever pending: old_adjustment is zero.
 */
kern_return_t S_host_adjust_time(host_t host_priv, time_value_t new_adjustment,
				 time_value_t *old_adjustment)
{
	if (!host_priv)
		return KERN_INVALID_HOST;
	if (!valid_time(new_adjustment))
		return KERN_INVALID_ARGUMENT;
	simple_lock(&time_lock);
	time_offset_ns += new_adjustment.seconds * 1000000000 +
			  new_adjustment.microseconds * 1000LL;
	simple_unlock(&time_lock);
	*old_adjustment = ns_to_time_value(0);
	return KERN_SUCCESS;
}

/*
 * S_host_reboot: halt or restart the machine (privileged).  options is
 * RB_AUTOBOOT (0: restart), RB_HALT or RB_DEBUGGER; any other bit is
 * refused with KERN_INVALID_ARGUMENT.  No port has a reset method yet: a
 * restart powers off as a halt does (md_exit).  There is no kernel
 * debugger: RB_DEBUGGER fails with KERN_FAILURE.  A test build never
 * stops the machine here (the suite is still running): it reports the
 * request on the console and returns KERN_SUCCESS.
 */
kern_return_t S_host_reboot(host_t host_priv, int options)
{
	if (!host_priv)
		return KERN_INVALID_HOST;
	if (options & ~(RB_HALT | RB_DEBUGGER))
		return KERN_INVALID_ARGUMENT;
	if (options & RB_DEBUGGER)
		return KERN_FAILURE;
#ifdef MICA_KERNEL_TESTS
	kprintf("host_reboot: options %#x: test build, not stopping\n",
		(unsigned)options);
	return KERN_SUCCESS;
#else
	kprintf("host_reboot: %s\n", options & RB_HALT ? "halting" :
		"restarting (no reset method: powering off)");
	md_exit(0);
#endif
}

/*
 * S_host_processors: send rights to every running processor's port
 * (privileged), in a kalloc'd array the reply takes.
 */
kern_return_t S_host_processors(host_t host_priv,
				processor_array_t *processor_list,
				mach_msg_type_number_t *processor_listCnt)
{
	unsigned int n = processors_running(), k = 0;
	ipc_port_t *ports;

	if (!host_priv)
		return KERN_INVALID_ARGUMENT;
	ports = kalloc(n * sizeof(ipc_port_t));
	if (!ports)
		return KERN_RESOURCE_SHORTAGE;
	for (unsigned int i = 0; i < MAX_CPUS && k < n; i++)
		if (processor_array[i].running)
			ports[k++] = convert_processor_to_port(&processor_array[i]);
	*processor_list = (processor_array_t)(void *)ports;
	*processor_listCnt = k;
	return KERN_SUCCESS;
}

/* S_host_processor_sets: the name ports of every set (the default one). */
kern_return_t S_host_processor_sets(host_t host,
				    processor_set_name_array_t *processor_sets,
				    mach_msg_type_number_t *processor_setsCnt)
{
	ipc_port_t *ports;

	if (!host)
		return KERN_INVALID_ARGUMENT;
	ports = kalloc(sizeof(ipc_port_t));
	if (!ports)
		return KERN_RESOURCE_SHORTAGE;
	pset_reference(&default_pset);
	ports[0] = convert_pset_name_to_port(&default_pset);
	*processor_sets = (processor_set_name_array_t)(void *)ports;
	*processor_setsCnt = 1;
	return KERN_SUCCESS;
}

/* S_host_processor_set_priv: the control port of a set, given its name. */
kern_return_t S_host_processor_set_priv(host_t host_priv,
					processor_set_t set_name,
					processor_set_t *set)
{
	if (!host_priv || !set_name)
		return KERN_INVALID_ARGUMENT;
	pset_reference(set_name);
	*set = set_name;
	return KERN_SUCCESS;
}

/* S_host_get_boot_info: the kernel command line (privileged). */
kern_return_t S_host_get_boot_info(host_t host_priv,
				   kernel_boot_info_t boot_info_out)
{
	if (!host_priv)
		return KERN_INVALID_HOST;
	memset(boot_info_out, 0, sizeof(kernel_boot_info_t));
	strlcpy(boot_info_out, boot_info.cmdline, sizeof(kernel_boot_info_t));
	return KERN_SUCCESS;
}

/*
 * S_thread_wire: mark a thread as allowed (or not) to use the pages kept
 * for the paging path (privileged).  Recorded for the VM issue, which
 * brings that reserve; nothing reads it yet.
 */
kern_return_t S_thread_wire(host_t host_priv, thread_t thread, boolean_t wired)
{
	if (!host_priv)
		return KERN_INVALID_HOST;
	if (!thread)
		return KERN_INVALID_ARGUMENT;
	thread->vm_privilege = wired != 0;
	return KERN_SUCCESS;
}

/*
 * S_vm_wire: wire (or with VM_PROT_NONE unwire) a range of a task's
 * memory: vm/vm_user.h vm_wire.  The request carries the host port as a
 * plain right (consumed on success).  Only the privileged port may wire
 * (the Kernel Principles: setting pageability needs host control):
 * KERN_INVALID_HOST for the name port too, where GNU Mach since 2016 lets
 * the name port wire a little; KERN_INVALID_TASK without a task.
 */
kern_return_t S_vm_wire(ipc_port_t host, vm_map_t task, vm_address_t address,
			vm_size_t size, vm_prot_t access)
{
	if (!convert_port_to_host_priv(host))
		return KERN_INVALID_HOST;
	return vm_wire(task, address, size, access);
}

/*
 * S_vm_set_default_memory_manager (mach): with a valid port in
 * *default_manager, make it the default memory manager and hand back the
 * previous one; with a null port, hand back a copy of the current one.
 * The manager itself is used by the VM issue's pageout; here it is only
 * kept.  Returns KERN_INVALID_HOST without the privileged port.
 */
kern_return_t S_vm_set_default_memory_manager(host_t host_priv,
					      ipc_port_t *default_manager)
{
	ipc_port_t new = IP_VALID(*default_manager) ? *default_manager : NULL;
	ipc_port_t old;

	if (!host_priv)
		return KERN_INVALID_HOST;
	simple_lock(&pager_lock);
	old = memory_manager_default;
	if (new) {
		memory_manager_default = new;	/* consumes the right */
	} else if (old) {
		ipc_port_copy_send(old);
	}
	simple_unlock(&pager_lock);
	*default_manager = old;
	return KERN_SUCCESS;
}
