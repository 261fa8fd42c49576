/*
 * tests/user/hello.c - prints its arguments through mach_print and exits.
 */
#include <mica/runtime.h>

int main(int argc, char **argv)
{
	printf("hello from %s, argc %d\n", argv[0], argc);
	for (int i = 1; i < argc; i++)
		printf("hello: argv[%d] = %s\n", i, argv[i]);
	if (argv[argc] != NULL)
		printf("hello: FAIL: argv not NULL-terminated\n");
	return 0;
}
