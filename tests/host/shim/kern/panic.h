/* Host-test shim for kern/panic.h: panic and assert abort the test. */
#ifndef KERN_PANIC_H
#define KERN_PANIC_H
#include <stdio.h>
#include <stdlib.h>
#define panic(...) do { fprintf(stderr, "panic: " __VA_ARGS__); \
	fprintf(stderr, "\n"); abort(); } while (0)
#define assert(c) do { if (!(c)) panic("assertion \"%s\" failed at %s:%d", \
	#c, __FILE__, __LINE__); } while (0)
#endif
