/*
 * tests/host/test_util.c - file loading and check counters for host tests.
 */
#include <errno.h>
#include <string.h>
#include "fdt_test.h"

int test_failures;
int test_checks;

/* load_file: see fdt_test.h.  An empty file yields a 1-byte allocation and
 * *size 0. */
unsigned char *load_file(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf;
	long n;

	if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET) != 0) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		exit(2);
	}
	buf = malloc(n > 0 ? (size_t)n : 1);
	if (buf == NULL || fread(buf, 1, (size_t)n, f) != (size_t)n) {
		fprintf(stderr, "%s: read failed\n", path);
		exit(2);
	}
	fclose(f);
	*size = (size_t)n;
	return buf;
}
