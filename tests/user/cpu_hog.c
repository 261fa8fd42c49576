/*
 * tests/user/cpu_hog.c - a CPU-bound task that never yields; the kernel's
 * user suite checks that two of them both make progress (preemption) and
 * terminates them.
 */
#include <mica/runtime.h>

volatile unsigned long hog_counter;

int main(int argc, char **argv)
{
	printf("cpu_hog %s: running\n", argc > 1 ? argv[1] : "?");
	for (;;)
		hog_counter++;
}
