/*
 * tests/user/trapbench.c - the user half of the null trap benchmark:
 * mach_task_self() argv[1] times, then exit.  The kernel's bench_user
 * times a run of N traps against a run of 0 and divides.
 */
#include <mica/runtime.h>

int main(int argc, char **argv)
{
	long n = 0;

	if (argc > 1)
		for (const char *p = argv[1]; *p >= '0' && *p <= '9'; p++)
			n = n * 10 + (*p - '0');
	for (long i = 0; i < n; i++)
		(void)mach_task_self();
	return 0;
}
