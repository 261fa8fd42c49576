/*
 * tests/user/vmuser.c - user memory through the VM (the kernel suite
 * vm_user, tests/kernel/test_vm_user.c).  argv[1] picks the part:
 *
 *  faults  zero-fill memory (.bss), initialised data, a stack that grows
 *          page by page within its mapping, the kernel's copyout into
 *          pages never touched (a message received across a page
 *          boundary of .bss), out-of-line data received as ordinary
 *          memory, sent back with the deallocate flag;
 *  calls   the vm_* interface through the MIG stubs (vm_allocate ...
 *          vm_machine_attribute) and task_create with inherited memory;
 *  parent, child
 *          copy-on-write across task_create_inherit: the kernel maps a
 *          shared mailbox page at MBOX_ADDR (VM_INHERIT_SHARE) and a page
 *          at NONE_ADDR (VM_INHERIT_NONE) into the parent, waits for
 *          "parent ready", makes the child and starts its thread here
 *          with "child".  Each side then writes its own values into
 *          .data, .bss and the mailbox and checks that it sees only its
 *          own copy-on-write writes and both sides' mailbox writes.  The
 *          child ends by touching NONE_ADDR, which must fault (a hole).
 *
 * Each part prints "vmuser <part>: PASS" when no check failed.
 */
#include "ipc_test.h"

#define PAGE		4096
#define MBOX_ADDR	0x10000000UL	/* test_vm_user.c: shared mailbox */
#define NONE_ADDR	(MBOX_ADDR + 2 * PAGE)	/* not inherited */

struct mbox {
	volatile uint32_t parent_ready, child_wrote, parent_wrote, child_done;
	volatile uint32_t child_word, parent_word;
};
#define MBOX	((struct mbox *)MBOX_ADDR)

static uint8_t zbuf[16 * PAGE] __attribute__((aligned(PAGE)));
static uint8_t rcvbuf[2 * PAGE] __attribute__((aligned(PAGE)));
static uint8_t oolsrc[3 * PAGE] __attribute__((aligned(PAGE)));
static uint8_t cow_bss[4 * PAGE] __attribute__((aligned(PAGE)));
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

/* Wait (at most ~10 s) for a mailbox word to become nonzero. */
static bool wait_for(volatile uint32_t *w)
{
	for (int i = 0; i < 10000 && !*w; i++)
		thread_switch(MACH_PORT_NULL, SWITCH_OPTION_WAIT, 1);
	return *w != 0;
}

/* Fill .data and .bss with a side's values, or check that they hold them. */
static void cow_fill(uint8_t v)
{
	for (size_t i = 0; i < sizeof(cow_bss); i += 64)
		cow_bss[i] = (uint8_t)(v + i / 64);
	for (size_t i = 0; i < 2048; i += 16)
		data_words[i] = v * 0x01010101u + (uint32_t)i;
}

static void cow_check(uint8_t v, const char *what)
{
	for (size_t i = 0; i < sizeof(cow_bss); i += 64)
		if (cow_bss[i] != (uint8_t)(v + i / 64)) {
			test_fail(__LINE__, "%s: cow_bss[%lu] = %u", what,
				  (unsigned long)i, cow_bss[i]);
			return;
		}
	for (size_t i = 0; i < 2048; i += 16)
		if (data_words[i] != v * 0x01010101u + (uint32_t)i) {
			test_fail(__LINE__, "%s: data_words[%lu] = 0x%x", what,
				  (unsigned long)i, data_words[i]);
			return;
		}
}

static void parent(void)
{
	cow_fill('P');
	MBOX->parent_ready = 1;
	/* The kernel forks us now and starts the child. */
	CHECK_MSG(wait_for(&MBOX->child_wrote), "the child did not write");
	cow_check('P', "parent after the child wrote");
	cow_fill('Q');
	MBOX->parent_word = 0x9a4e47;
	MBOX->parent_wrote = 1;
	CHECK_MSG(wait_for(&MBOX->child_done), "the child did not finish");
	cow_check('Q', "parent at the end");
	CHECK_EQ(MBOX->child_word, 0xc0ffee);
}

static void child(void)
{
	CHECK_EQ(MBOX->parent_ready, 1);
	cow_check('P', "child at the start");
	cow_fill('C');
	MBOX->child_word = 0xc0ffee;
	MBOX->child_wrote = 1;
	CHECK_MSG(wait_for(&MBOX->parent_wrote), "the parent did not write");
	cow_check('C', "child after the parent wrote");
	CHECK_EQ(MBOX->parent_word, 0x9a4e47);
}

void vmuser_calls(void);	/* vmuser_calls.c */

int main(int argc, char **argv)
{
	const char *part = argc > 1 ? argv[1] : "";
	char name[32];
	int status;

	snprintf(name, sizeof(name), "vmuser %s", part);
	test_begin(name);
	if (!strcmp(part, "faults")) {
		zero_fill();
		CHECK_EQ(deep(20), 21u * 20 / 2 + 21 * 7);
		copyout_untouched();
		ool_memory();
	} else if (!strcmp(part, "calls")) {
		vmuser_calls();
	} else if (!strcmp(part, "parent")) {
		parent();
	} else if (!strcmp(part, "child")) {
		child();
	} else {
		test_fail(__LINE__, "unknown part \"%s\"", part);
	}
	status = test_end();
	if (!strcmp(part, "child")) {
		MBOX->child_done = 1;
		printf("vmuser child: touching the uninherited page\n");
		(void)*(volatile uint32_t *)NONE_ADDR;
		printf("vmuser child: FAIL: the uninherited page is there\n");
	}
	return status;
}
