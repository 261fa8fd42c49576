/*
 * tests/user/bootscript.c - suite bootscript: what a boot-script line
 * gives its task.  The kernel's bootstrap (kern/bootstrap.c) starts it
 * from the line
 *   bootscript ${host-port} ${peer} ${device-port} $(task-resume)
 * next to a line `hello $(peer=task-create)` whose task stays suspended.
 * argv[1] must name a send right to the privileged host port (a
 * privileged call succeeds through it), argv[2] a send right to the hello
 * task's port (resuming it through that right makes hello print its
 * greeting), argv[3] is "0": there is no device port yet.
 */
#include "ipc_test.h"
#include <mach_host.h>

static mach_port_t parse_name(const char *s)
{
	mach_port_t v = 0;

	for (; *s >= '0' && *s <= '9'; s++)
		v = v * 10 + (mach_port_t)(*s - '0');
	return *s ? (mach_port_t)~0u : v;
}

int main(int argc, char **argv)
{
	processor_array_t procs = NULL;
	mach_msg_type_number_t nprocs = 0;
	mach_port_t host, peer, other;

	test_begin("bootscript");
	CHECK_EQ(argc, 4);
	if (argc != 4)
		return test_end();
	host = parse_name(argv[1]);
	peer = parse_name(argv[2]);
	CHECK(MACH_PORT_VALID(host));
	CHECK(MACH_PORT_VALID(peer));
	CHECK(host != peer && host != task && peer != task);
	CHECK_EQ(type_of(host), MACH_PORT_TYPE_SEND);
	CHECK_EQ(type_of(peer), MACH_PORT_TYPE_SEND);
	CHECK_MSG(!strcmp(argv[3], "0"), "device port passed as %s", argv[3]);

	/* Only the privileged host port answers host_processors; the name
	 * port (mach_host_self) must not. */
	EXPECT(host_processors(host, &procs, &nprocs), KERN_SUCCESS);
	CHECK(nprocs >= 1);
	for (mach_msg_type_number_t i = 0; i < nprocs; i++)
		EXPECT(mach_port_deallocate(task, procs[i]), KERN_SUCCESS);
	if (procs)
		EXPECT(vm_deallocate(task, (vm_address_t)procs,
				     nprocs * sizeof(*procs)), KERN_SUCCESS);
	other = mach_host_self();
	CHECK(other != host);
	EXPECT(host_processors(other, &procs, &nprocs), KERN_INVALID_ARGUMENT);
	EXPECT(mach_port_deallocate(task, other), KERN_SUCCESS);

	/* The peer is suspended until we resume it through its port. */
	EXPECT(task_resume(peer), KERN_SUCCESS);
	return test_end();
}
