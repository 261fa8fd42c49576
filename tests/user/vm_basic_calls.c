/*
 * tests/user/vm_basic_calls.c - "vm_basic calls": the vm_* routines of the
 * mach interface through the MIG stubs, on the module's own task: rounding,
 * size-0 rules, errors, protections (a maximum never rises), inheritance,
 * vm_read/vm_write/vm_copy (also overlapping), vm_region, vm_statistics
 * (counters that move by one per fault), vm_machine_attribute, vm_wire
 * (mach_host, with the privileged host port the kernel suite gives the
 * module under HOST_PRIV_NAME), and task_create with inherited memory.
 */
#include "ipc_test.h"
#include <mach_host.h>

#define PAGE	4096

/* vm_prot_t values (GNU Mach's <mach/vm_prot.h>; no user header has them yet). */
#ifndef VM_PROT_READ
#define VM_PROT_NONE	0x0
#define VM_PROT_READ	0x1
#define VM_PROT_WRITE	0x2
#define VM_PROT_EXECUTE	0x4
#define VM_PROT_ALL	(VM_PROT_READ | VM_PROT_WRITE | VM_PROT_EXECUTE)
#endif
#define RW	(VM_PROT_READ | VM_PROT_WRITE)

/* The privileged host port: tests/kernel/test_vm_basic.c puts it here. */
#define HOST_PRIV_NAME	100

/* The region at or above *a: KERN_SUCCESS with its start, size, prot. */
static kern_return_t region(vm_address_t *a, vm_size_t *size, vm_prot_t *prot,
			    vm_prot_t *max, vm_inherit_t *inh)
{
	boolean_t shared;
	mach_port_t name = MACH_PORT_NULL;
	vm_offset_t offset;
	kern_return_t kr;

	kr = vm_region(task, a, size, prot, max, inh, &shared, &name, &offset);
	if (kr == KERN_SUCCESS)
		CHECK_EQ(name, MACH_PORT_NULL);
	return kr;
}

static void allocate_and_errors(void)
{
	vm_address_t a = 0, b, c;
	vm_size_t size;
	vm_prot_t prot, max;
	vm_inherit_t inh;

	EXPECT(vm_allocate(task, &a, 3 * PAGE + 1, TRUE), KERN_SUCCESS);
	CHECK(a != 0 && (a & (PAGE - 1)) == 0);
	for (int i = 0; i < 4 * PAGE; i += PAGE / 2)
		CHECK_EQ(((volatile uint8_t *)a)[i], 0);
	((volatile uint8_t *)a)[4 * PAGE - 1] = 1;	/* rounded up to 4 pages */
	b = a;
	EXPECT(region(&b, &size, &prot, &max, &inh), KERN_SUCCESS);
	CHECK_EQ(b, a);
	CHECK(size >= 4 * PAGE);
	CHECK_EQ(prot, RW);
	CHECK_EQ(max, VM_PROT_ALL);
	CHECK_EQ(inh, VM_INHERIT_COPY);
	/* Fixed: overlapping, unaligned (covers every page touched). */
	b = a + PAGE;
	EXPECT(vm_allocate(task, &b, PAGE, FALSE), KERN_NO_SPACE);
	b = a + 8 * PAGE + 100;
	EXPECT(vm_allocate(task, &b, PAGE, FALSE), KERN_SUCCESS);
	CHECK_EQ(b, a + 8 * PAGE);
	((volatile uint8_t *)b)[PAGE + 99] = 2;	/* second page is there */
	EXPECT(vm_deallocate(task, b, 2 * PAGE), KERN_SUCCESS);
	c = 0;
	EXPECT(vm_allocate(task, &c, 0, TRUE), KERN_SUCCESS);
	CHECK_EQ(c, 0);
	c = 0;					/* page 0 is never user memory */
	EXPECT(vm_allocate(task, &c, PAGE, FALSE), KERN_INVALID_ADDRESS);
	c = (vm_address_t)-2 * PAGE;
	EXPECT(vm_allocate(task, &c, PAGE, FALSE), KERN_INVALID_ADDRESS);
	c = 0;
	EXPECT(vm_allocate(task, &c, (vm_size_t)1 << 62, TRUE), KERN_NO_SPACE);
	EXPECT(vm_deallocate(task, a, 0), KERN_SUCCESS);
	EXPECT(vm_deallocate(task, (vm_address_t)-PAGE, 2 * PAGE),
	       KERN_INVALID_ARGUMENT);
	/* Protections: lowering, a maximum that never rises again. */
	EXPECT(vm_protect(task, a, PAGE, FALSE, VM_PROT_READ), KERN_SUCCESS);
	CHECK_EQ(((volatile uint8_t *)a)[10], 0);
	EXPECT(vm_protect(task, a, PAGE, TRUE, VM_PROT_READ), KERN_SUCCESS);
	EXPECT(vm_protect(task, a, PAGE, FALSE, RW), KERN_PROTECTION_FAILURE);
	EXPECT(vm_protect(task, a, PAGE, TRUE, RW), KERN_PROTECTION_FAILURE);
	EXPECT(vm_protect(task, a, PAGE, FALSE, 0x10), KERN_INVALID_ARGUMENT);
	EXPECT(vm_protect(task, a + 7 * PAGE, 2 * PAGE, FALSE, VM_PROT_READ),
	       KERN_INVALID_ADDRESS);		/* the hole after the 4 pages */
	b = a;
	EXPECT(region(&b, &size, &prot, &max, &inh), KERN_SUCCESS);
	CHECK(b == a && size == PAGE && prot == VM_PROT_READ && max == VM_PROT_READ);
	/* Inheritance. */
	EXPECT(vm_inherit(task, a + PAGE, PAGE, VM_INHERIT_SHARE), KERN_SUCCESS);
	EXPECT(vm_inherit(task, a + PAGE, PAGE, 7), KERN_INVALID_ARGUMENT);
	b = a + PAGE;
	EXPECT(region(&b, &size, &prot, &max, &inh), KERN_SUCCESS);
	CHECK(b == a + PAGE && size == PAGE && inh == VM_INHERIT_SHARE);
	EXPECT(vm_deallocate(task, a, 4 * PAGE), KERN_SUCCESS);
	b = a;
	if (region(&b, &size, &prot, &max, &inh) == KERN_SUCCESS)
		CHECK(b > a);
}

static void read_write_copy(void)
{
	static uint8_t src[2 * PAGE] __attribute__((aligned(PAGE)));
	vm_address_t a = 0;
	vm_offset_t data = 0;
	mach_msg_type_number_t count = 0;
	uint8_t *p;

	EXPECT(vm_allocate(task, &a, 4 * PAGE, TRUE), KERN_SUCCESS);
	p = (uint8_t *)a;
	for (int i = 0; i < 2 * PAGE; i++)
		src[i] = (uint8_t)(i * 3 + 1);
	EXPECT(vm_write(task, a + PAGE, (vm_offset_t)src, 2 * PAGE), KERN_SUCCESS);
	CHECK(!memcmp(p + PAGE, src, 2 * PAGE));
	EXPECT(vm_write(task, a + 1, (vm_offset_t)src, PAGE), KERN_INVALID_ARGUMENT);
	EXPECT(vm_write(task, a + 3 * PAGE, (vm_offset_t)src, 2 * PAGE),
	       KERN_INVALID_ADDRESS);
	/* vm_read: any alignment, data out of line in new memory. */
	EXPECT(vm_read(task, a + PAGE + 10, PAGE, &data, &count), KERN_SUCCESS);
	CHECK_EQ(count, PAGE);
	CHECK(data && !memcmp((void *)data, src + 10, PAGE));
	if (data)
		EXPECT(vm_deallocate(task, data, count), KERN_SUCCESS);
	EXPECT(vm_read(task, a + 3 * PAGE, 2 * PAGE, &data, &count),
	       KERN_INVALID_ADDRESS);
	/* vm_copy, overlapping upwards: a snapshot of the source. */
	EXPECT(vm_copy(task, a + PAGE, 2 * PAGE, a + 2 * PAGE), KERN_SUCCESS);
	CHECK(!memcmp(p + 2 * PAGE, src, 2 * PAGE));
	CHECK(!memcmp(p + PAGE, src, PAGE));
	EXPECT(vm_copy(task, a, PAGE + 1, a + 2 * PAGE), KERN_INVALID_ARGUMENT);
	/* Read-only destinations and unreadable sources. */
	EXPECT(vm_protect(task, a, PAGE, FALSE, VM_PROT_READ), KERN_SUCCESS);
	EXPECT(vm_write(task, a, (vm_offset_t)src, PAGE), KERN_PROTECTION_FAILURE);
	EXPECT(vm_copy(task, a + PAGE, PAGE, a), KERN_PROTECTION_FAILURE);
	EXPECT(vm_protect(task, a + PAGE, PAGE, FALSE, VM_PROT_NONE), KERN_SUCCESS);
	EXPECT(vm_read(task, a + PAGE, 1, &data, &count), KERN_PROTECTION_FAILURE);
	EXPECT(vm_deallocate(task, a, 4 * PAGE), KERN_SUCCESS);
}

static void statistics(void)
{
	vm_statistics_data_t s;
	vm_machine_attribute_val_t v = 0;

	memset(&s, 0, sizeof(s));
	EXPECT(vm_statistics(task, &s), KERN_SUCCESS);
	CHECK_EQ(s.pagesize, PAGE);
	CHECK(s.free_count > 0 && s.active_count > 0 && s.faults > 0 &&
	      s.zero_fill_count > 0);
	EXPECT(vm_machine_attribute(task, 0x400000, PAGE, 1, &v),
	       KERN_INVALID_ARGUMENT);
}

/*
 * task_create with inherited memory, seen through the child's task port:
 * the child has a copy of our .bss page; writes on either side stay on
 * that side.
 */
static void inherit_through_task_create(void)
{
	static volatile uint32_t cell[PAGE / 4] __attribute__((aligned(PAGE)));
	static uint32_t page[PAGE / 4] __attribute__((aligned(PAGE)));
	mach_port_t child = MACH_PORT_NULL;
	mach_msg_type_number_t count = 0;
	vm_offset_t data = 0;
	kern_return_t kr;

	cell[0] = 0x1234;
	kr = task_create(task, TRUE, &child);
	EXPECT(kr, KERN_SUCCESS);
	if (kr != KERN_SUCCESS)
		return;
	EXPECT(vm_read(child, (vm_address_t)cell, 4, &data, &count), KERN_SUCCESS);
	CHECK(count == 4 && data && *(uint32_t *)data == 0x1234);
	if (data)
		EXPECT(vm_deallocate(task, data, count), KERN_SUCCESS);
	page[0] = 0x5678;
	EXPECT(vm_write(child, (vm_address_t)cell, (vm_offset_t)page, PAGE),
	       KERN_SUCCESS);
	CHECK_EQ(cell[0], 0x1234);
	cell[0] = 0x9abc;
	data = 0;
	EXPECT(vm_read(child, (vm_address_t)cell, 4, &data, &count), KERN_SUCCESS);
	CHECK(data && *(uint32_t *)data == 0x5678);
	if (data)
		EXPECT(vm_deallocate(task, data, count), KERN_SUCCESS);
	EXPECT(task_terminate(child), KERN_SUCCESS);
	EXPECT(mach_port_deallocate(task, child), KERN_SUCCESS);
}

/*
 * vm_statistics counters around single faults: a write to an untouched
 * page is one fault and one zero fill; a read of an untouched page too
 * (it is made zero in the first object); a write to that page afterwards
 * neither zero-fills nor copies.
 */
static void statistics_counts(void)
{
	vm_statistics_data_t s0, s1, s2;
	volatile uint8_t *p;
	vm_address_t a = 0;

	EXPECT(vm_allocate(task, &a, 2 * PAGE, TRUE), KERN_SUCCESS);
	p = (volatile uint8_t *)a;
	EXPECT(vm_statistics(task, &s0), KERN_SUCCESS);
	p[100] = 1;
	EXPECT(vm_statistics(task, &s1), KERN_SUCCESS);
	CHECK_EQ(s1.zero_fill_count - s0.zero_fill_count, 1);
	CHECK_EQ(s1.faults - s0.faults, 1);
	CHECK_EQ(s1.cow_faults - s0.cow_faults, 0);
	CHECK_EQ(s1.lookups - s0.lookups, 1);
	CHECK_EQ(s1.pageins + s1.pageouts, 0);
	CHECK_EQ(p[PAGE + 5], 0);
	EXPECT(vm_statistics(task, &s2), KERN_SUCCESS);
	CHECK_EQ(s2.zero_fill_count - s1.zero_fill_count, 1);
	CHECK_EQ(s2.faults - s1.faults, 1);
	p[PAGE + 5] = 2;
	EXPECT(vm_statistics(task, &s0), KERN_SUCCESS);
	CHECK_EQ(s0.zero_fill_count - s2.zero_fill_count, 0);
	CHECK_EQ(s0.cow_faults - s2.cow_faults, 0);
	EXPECT(vm_deallocate(task, a, 2 * PAGE), KERN_SUCCESS);
}

/*
 * vm_wire through mach_host: only with the privileged host port; errors
 * before anything changes; wired pages are made resident and counted,
 * accessed without a fault; unwiring undoes one wiring at a time.
 */
static void wire(void)
{
	mach_port_t priv = HOST_PRIV_NAME, name = mach_host_self();
	vm_statistics_data_t s0, s1, s2;
	volatile uint8_t *p;
	vm_address_t a = 0;

	EXPECT(vm_allocate(task, &a, 4 * PAGE, TRUE), KERN_SUCCESS);
	p = (volatile uint8_t *)a;
	EXPECT(vm_deallocate(task, a + 3 * PAGE, PAGE), KERN_SUCCESS);
	EXPECT(vm_wire(name, task, a, PAGE, VM_PROT_READ), KERN_INVALID_HOST);
	EXPECT(vm_wire(task, task, a, PAGE, VM_PROT_READ), KERN_INVALID_HOST);
	EXPECT(vm_wire(priv, name, a, PAGE, VM_PROT_READ), KERN_INVALID_TASK);
	EXPECT(vm_wire(priv, task, a, PAGE, 0x10), KERN_INVALID_ARGUMENT);
	EXPECT(vm_wire(priv, task, a, PAGE, VM_PROT_NONE), KERN_INVALID_ARGUMENT);
	EXPECT(vm_wire(priv, task, a, 4 * PAGE, VM_PROT_READ), KERN_INVALID_ADDRESS);
	EXPECT(vm_wire(priv, task, 0, PAGE, VM_PROT_READ), KERN_INVALID_ADDRESS);
	EXPECT(vm_protect(task, a + 2 * PAGE, PAGE, FALSE, VM_PROT_READ),
	       KERN_SUCCESS);
	EXPECT(vm_wire(priv, task, a, 3 * PAGE, RW), KERN_PROTECTION_FAILURE);
	EXPECT(vm_wire(priv, task, a, 0, RW), KERN_SUCCESS);

	/* Two untouched pages wired: zero-filled now, no fault afterwards. */
	EXPECT(vm_statistics(task, &s0), KERN_SUCCESS);
	EXPECT(vm_wire(priv, task, a, 2 * PAGE, RW), KERN_SUCCESS);
	EXPECT(vm_statistics(task, &s1), KERN_SUCCESS);
	CHECK_EQ(s1.zero_fill_count - s0.zero_fill_count, 2);
	CHECK_MSG(s1.wire_count - s0.wire_count >= 2, "wired %d -> %d",
		  s0.wire_count, s1.wire_count);
	p[0] = 0x11;
	p[PAGE + 1] = 0x22;
	CHECK_EQ(p[2 * PAGE], 0);	/* not wired: a fault */
	EXPECT(vm_statistics(task, &s2), KERN_SUCCESS);
	CHECK_EQ(s2.faults - s1.faults, 1);
	CHECK(p[0] == 0x11 && p[PAGE + 1] == 0x22);
	/* Twice wired, twice unwired. */
	EXPECT(vm_wire(priv, task, a, PAGE, VM_PROT_READ), KERN_SUCCESS);
	EXPECT(vm_wire(priv, task, a, 2 * PAGE, VM_PROT_NONE), KERN_SUCCESS);
	EXPECT(vm_wire(priv, task, a, 2 * PAGE, VM_PROT_NONE), KERN_INVALID_ARGUMENT);
	EXPECT(vm_statistics(task, &s0), KERN_SUCCESS);
	EXPECT(vm_wire(priv, task, a, PAGE, VM_PROT_NONE), KERN_SUCCESS);
	EXPECT(vm_statistics(task, &s1), KERN_SUCCESS);
	CHECK_MSG(s0.wire_count - s1.wire_count >= 1, "wired %d -> %d",
		  s0.wire_count, s1.wire_count);
	EXPECT(vm_wire(priv, task, a, PAGE, VM_PROT_NONE), KERN_INVALID_ARGUMENT);
	CHECK(p[0] == 0x11 && p[PAGE + 1] == 0x22);
	/* Deallocated while wired. */
	EXPECT(vm_wire(priv, task, a, PAGE, VM_PROT_READ), KERN_SUCCESS);
	EXPECT(vm_deallocate(task, a, 3 * PAGE), KERN_SUCCESS);
	EXPECT(mach_port_deallocate(task, name), KERN_SUCCESS);
}

void vm_basic_calls(void)
{
	allocate_and_errors();
	read_write_copy();
	statistics();
	statistics_counts();
	wire();
	inherit_through_task_create();
}
