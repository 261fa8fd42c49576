/*
 * tests/user/badptr.c - traps given bad arguments return errors; the
 * kernel neither crashes nor prints anything it should not.
 */
#include <mica/runtime.h>

#define USER_STACK_TOP 0x7fff0000UL	/* kern/exec.h */

static int failures;

static void expect(const char *what, long got, long want)
{
	if (got != want) {
		printf("badptr: FAIL: %s returned %ld, expected %ld\n", what, got, want);
		failures++;
	}
}

int main(void)
{
	char *top = (char *)USER_STACK_TOP;

	expect("mach_print(NULL)", mach_print(NULL), KERN_INVALID_ADDRESS);
	expect("mach_print(1)", mach_print((const char *)1), KERN_INVALID_ADDRESS);
	expect("mach_print(kernel)",
	       mach_print((const char *)0xffffffff80000000UL), KERN_INVALID_ADDRESS);
	expect("mach_print(-1)", mach_print((const char *)-1L), KERN_INVALID_ADDRESS);
	/* A string that runs off the end of the stack into unmapped memory. */
	memcpy(top - 4, "abcd", 4);
	expect("mach_print(unterminated)", mach_print(top - 4), KERN_INVALID_ADDRESS);
	expect("mach_print(ok)", mach_print(""), KERN_SUCCESS);
	/* Trap numbers of the table nobody implements.  (Numbers outside
	 * the table raise EXC_EMULATION: the exception suite.) */
	expect("trap -1", mach_trap_raw(-1, 0, 0, 0, 0, 0, 0, 0), KERN_INVALID_ARGUMENT);
	expect("trap -79", mach_trap_raw(-79, 0, 0, 0, 0, 0, 0, 0),
	       KERN_INVALID_ARGUMENT);
	/* Bad options and names. */
	expect("thread_switch(option 7)", thread_switch(MACH_PORT_NULL, 7, 0),
	       KERN_INVALID_ARGUMENT);
	expect("task_terminate(bogus)", syscall_task_terminate(12345),
	       KERN_INVALID_ARGUMENT);
	expect("thread_switch(wait 10)",
	       thread_switch(MACH_PORT_NULL, SWITCH_OPTION_WAIT, 10), KERN_SUCCESS);
	if (failures == 0)
		printf("badptr: PASS\n");
	return 0;
}
