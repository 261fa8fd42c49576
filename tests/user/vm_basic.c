/*
 * tests/user/vm_basic.c - user memory through the VM (the kernel suite
 * vm_basic, tests/kernel/test_vm_basic.c).  argv[1] picks the part:
 *
 *  faults  zero-fill memory (.bss), initialised data, a stack that grows
 *          page by page within its mapping, the kernel's copyout into
 *          pages never touched (a message received across a page
 *          boundary of .bss), out-of-line data received as ordinary
 *          memory, sent back with the deallocate flag;
 *  calls   the vm_* interface through the MIG stubs (vm_allocate ...
 *          vm_machine_attribute), vm_wire with the privileged host port
 *          the kernel gives the module, vm_statistics counters, and
 *          task_create with inherited memory (vm_basic_calls.c).
 *
 * Each part prints "vm_basic <part>: PASS" when no check failed.
 */
#include "ipc_test.h"

#define PAGE		4096

static uint8_t zbuf[16 * PAGE] __attribute__((aligned(PAGE)));
static uint8_t rcvbuf[2 * PAGE] __attribute__((aligned(PAGE)));
static uint8_t oolsrc[3 * PAGE] __attribute__((aligned(PAGE)));
static uint32_t data_words[2048] = { [0] = 0xd00d, [1024] = 0xbeef,
				     [2047] = 0xcafe };

/* Zero-fill pages of .bss read as zeros, then keep what is written. */
static void zero_fill(void)
{
	size_t i;

	for (i = 0; i < sizeof(zbuf) && zbuf[i] == 0; i++)
		;
	CHECK_MSG(i == sizeof(zbuf), "zbuf[%lu] = %u, not zero", (unsigned long)i,
		  i < sizeof(zbuf) ? zbuf[i] : 0);
	for (i = 0; i < sizeof(zbuf); i++)
		zbuf[i] = (uint8_t)(i * 7 + 3);
	for (i = 0; i < sizeof(zbuf) && zbuf[i] == (uint8_t)(i * 7 + 3); i++)
		;
	CHECK_MSG(i == sizeof(zbuf), "zbuf[%lu] lost its value", (unsigned long)i);
	CHECK_EQ(data_words[0], 0xd00d);
	CHECK_EQ(data_words[1024], 0xbeef);
	CHECK_EQ(data_words[2047], 0xcafe);
	CHECK_EQ(data_words[5], 0);
	data_words[5] = 5;
	CHECK_EQ(data_words[5], 5);
}

/* Stack growth: 2 KiB frames, each written and checked after the calls
 * below it, reach pages of the stack mapping nothing has touched. */
static unsigned int deep(unsigned int depth)
{
	volatile uint8_t frame[2048];
	unsigned int sum;

	for (unsigned int i = 0; i < sizeof(frame); i++)
		frame[i] = (uint8_t)(depth + i);
	sum = depth ? deep(depth - 1) : 0;
	for (unsigned int i = 0; i < sizeof(frame); i++)
		if (frame[i] != (uint8_t)(depth + i)) {
			test_fail(__LINE__, "stack frame %u corrupted", depth);
			break;
		}
	return sum + frame[7];
}

/*
 * The kernel copies a received message out into two pages of .bss that
 * nothing touched before (its copyout takes the faults).
 */
static void copyout_untouched(void)
{
	mach_port_t p = new_port();
	mach_msg_header_t *h = (mach_msg_header_t *)(void *)(rcvbuf + PAGE - 64);
	uint32_t words[64];
	msgbuf_t m;

	for (int i = 0; i < 64; i++)
		words[i] = 0x1000u + (uint32_t)i;
	msg_init(&m, MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0), p, MACH_PORT_NULL, 77);
	msg_add_inline(&m, MACH_MSG_TYPE_INTEGER_32, 32, 64, words);
	EXPECT(msg_send(&m, 0, 0), MACH_MSG_SUCCESS);
	EXPECT(mach_msg(h, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0, PAGE, p, WAIT_MS,
			MACH_PORT_NULL), MACH_MSG_SUCCESS);
	CHECK_EQ(h->msgh_id, 77);
	CHECK(!memcmp((uint8_t *)(h + 1) + 8, words, sizeof(words)));
	destroy(p);
}

/* Receive one out-of-line item of `size` bytes on p: its address. */
static uint8_t *receive_ool(mach_port_t p, unsigned int size)
{
	struct msg_item it;
	msgbuf_t m;

	EXPECT(msg_receive(&m, p, WAIT_MS), MACH_MSG_SUCCESS);
	if (!msg_item(&m, 0, &it)) {
		test_fail(__LINE__, "no out-of-line item");
		return NULL;
	}
	CHECK(!it.type.msgt_inline);
	CHECK_EQ(it.type.msgt_number, size);
	return msg_item_ool(&it);
}

/*
 * Out-of-line data arrives as new memory the receiver may write; sent
 * on with the deallocate flag it leaves this task.
 */
static void ool_memory(void)
{
	mach_port_t p = new_port();
	uint8_t *got, *again, flipped;
	vm_address_t a;
	kern_return_t kr;
	msgbuf_t m;

	for (size_t i = 0; i < sizeof(oolsrc); i++)
		oolsrc[i] = (uint8_t)(i ^ (i >> 8));
	msg_init(&m, MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0), p, MACH_PORT_NULL, 78);
	msg_add_ool(&m, MACH_MSG_TYPE_BYTE, 8, sizeof(oolsrc), oolsrc, false);
	EXPECT(msg_send(&m, 0, 0), MACH_MSG_SUCCESS);
	got = receive_ool(p, sizeof(oolsrc));
	if (!got) {
		destroy(p);
		return;
	}
	CHECK(((uintptr_t)got & (PAGE - 1)) == 0 && got != oolsrc);
	CHECK(!memcmp(got, oolsrc, sizeof(oolsrc)));
	for (size_t i = 0; i < sizeof(oolsrc); i += 512)
		got[i] = (uint8_t)~got[i];
	for (size_t i = 0; i < sizeof(oolsrc); i += 512)
		CHECK_EQ(got[i], (uint8_t)~oolsrc[i]);
	/*
	 * Back to ourselves with the deallocate flag: got's range leaves this
	 * task when the message is queued.  Checked before the receive, whose
	 * copy may land in that very range again.
	 */
	msg_init(&m, MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0), p, MACH_PORT_NULL, 79);
	msg_add_ool(&m, MACH_MSG_TYPE_BYTE, 8, sizeof(oolsrc), got, true);
	EXPECT(msg_send(&m, 0, 0), MACH_MSG_SUCCESS);
	a = (vm_address_t)got;
	kr = vm_allocate(task, &a, sizeof(oolsrc), FALSE);
	CHECK_MSG(kr == KERN_SUCCESS && a == (vm_address_t)got,
		  "deallocated range not free (vm_allocate: %s)", kr_name(kr));
	if (kr == KERN_SUCCESS)
		mig_deallocate(a, sizeof(oolsrc));
	again = receive_ool(p, sizeof(oolsrc));
	flipped = (uint8_t)~oolsrc[512];
	CHECK(again && again[512] == flipped && again[1] == oolsrc[1]);
	if (again)
		mig_deallocate((vm_address_t)again, sizeof(oolsrc));
	destroy(p);
}

void vm_basic_calls(void);	/* vm_basic_calls.c */

int main(int argc, char **argv)
{
	const char *part = argc > 1 ? argv[1] : "";
	char name[32];

	snprintf(name, sizeof(name), "vm_basic %s", part);
	test_begin(name);
	if (!strcmp(part, "faults")) {
		zero_fill();
		CHECK_EQ(deep(20), 21u * 20 / 2 + 21 * 7);
		copyout_untouched();
		ool_memory();
	} else if (!strcmp(part, "calls")) {
		vm_basic_calls();
	} else {
		test_fail(__LINE__, "unknown part \"%s\"", part);
	}
	return test_end();
}
