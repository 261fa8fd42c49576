/*
 * tests/user/vm_cow.c - copy on write and sharing between running tasks
 * (the kernel suite vm_cow, tests/kernel/test_vm_cow.c).  argv[1] picks
 * the part:
 *
 *  parent, child
 *          the kernel maps a shared mailbox page at MBOX_ADDR
 *          (VM_INHERIT_SHARE), a shared page at SHARED_ADDR that nobody
 *          touched, and a page at NONE_ADDR (VM_INHERIT_NONE) into the
 *          parent, waits for "parent ready", makes the child with
 *          task_create_inherit and starts its thread here with "child".
 *          Each side then writes its own values into .data and .bss and
 *          checks that it sees only its own copy-on-write writes, while
 *          both see each other's writes in the mailbox and in the shared
 *          page the child touches first.  The child ends by touching
 *          NONE_ADDR, which must fault (a hole: the kernel checks the
 *          fault report).
 *
 * Each part prints "vm_cow <part>: PASS" when no check failed.
 */
#include "ipc_test.h"

#define PAGE		4096
#define MBOX_ADDR	0x10000000UL	/* test_vm_cow.c: shared mailbox */
#define SHARED_ADDR	(MBOX_ADDR + PAGE)	/* shared, untouched at fork */
#define NONE_ADDR	(MBOX_ADDR + 2 * PAGE)	/* not inherited */

struct mbox {
	volatile uint32_t parent_ready, child_wrote, parent_wrote, child_done;
	volatile uint32_t child_word, parent_word;
};
#define MBOX	((struct mbox *)MBOX_ADDR)
#define SHARED	((volatile uint32_t *)SHARED_ADDR)

static uint8_t cow_bss[4 * PAGE] __attribute__((aligned(PAGE)));
static uint32_t data_words[2048] = { [0] = 0xd00d, [1024] = 0xbeef,
				     [2047] = 0xcafe };

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
	/* The page the child touched first after the fork: one object. */
	CHECK_EQ(SHARED[7], 0x5ea7ed);
	SHARED[8] = 0x9a4e47;
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
	CHECK_EQ(SHARED[7], 0);		/* nobody touched it before */
	SHARED[7] = 0x5ea7ed;
	MBOX->child_wrote = 1;
	CHECK_MSG(wait_for(&MBOX->parent_wrote), "the parent did not write");
	cow_check('C', "child after the parent wrote");
	CHECK_EQ(MBOX->parent_word, 0x9a4e47);
	CHECK_EQ(SHARED[8], 0x9a4e47);
}

int main(int argc, char **argv)
{
	const char *part = argc > 1 ? argv[1] : "";
	char name[32];
	int status;

	snprintf(name, sizeof(name), "vm_cow %s", part);
	test_begin(name);
	if (!strcmp(part, "parent")) {
		parent();
	} else if (!strcmp(part, "child")) {
		child();
	} else {
		test_fail(__LINE__, "unknown part \"%s\"", part);
	}
	status = test_end();
	if (!strcmp(part, "child")) {
		MBOX->child_done = 1;
		printf("vm_cow child: touching the uninherited page\n");
		(void)*(volatile uint32_t *)NONE_ADDR;
		printf("vm_cow child: FAIL: the uninherited page is there\n");
	}
	return status;
}
