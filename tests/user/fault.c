/*
 * tests/user/fault.c - a user fault nobody handles ends the task.
 *
 * The kernel's user suite starts two threads in one task: argv[1] says
 * what each does.  "null", "illegal" and "text" fault (the task has no
 * exception port); "bystander" waits for good and must be ended with the
 * task (kern/exception.c: an unhandled exception terminates the task).
 */
#include <mica/runtime.h>

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "";

	if (!strcmp(mode, "null")) {
		printf("fault: reading address 0\n");
		return *(volatile int *)0;
	}
	if (!strcmp(mode, "illegal")) {
		printf("fault: illegal instruction\n");
		illegal_instruction();
		return 1;
	}
	if (!strcmp(mode, "text")) {
		printf("fault: writing to text\n");
		*(volatile char *)(void *)main = 0;
		return 1;
	}
	if (!strcmp(mode, "bystander")) {
		for (;;)
			thread_switch(MACH_PORT_NULL, SWITCH_OPTION_WAIT, 20);
	}
	printf("fault: unknown mode %s\n", mode);
	return 1;
}
