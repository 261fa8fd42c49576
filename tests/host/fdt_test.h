/*
 * tests/host/fdt_test.h - helpers shared by the devicetree host tests.
 */
#ifndef TESTS_HOST_FDT_TEST_H
#define TESTS_HOST_FDT_TEST_H

#include <stdio.h>
#include <stdlib.h>
#include <kern/fdt.h>

/* Count a failed expectation and say where; tests exit non-zero at the end
 * if any expectation failed. */
extern int test_failures;
extern int test_checks;

#define CHECK(cond)							\
	do {								\
		test_checks++;						\
		if (!(cond)) {						\
			test_failures++;				\
			fprintf(stderr, "%s:%d: check failed: %s\n",	\
				__FILE__, __LINE__, #cond);		\
		}							\
	} while (0)

#define CHECK_EQ(a, b)							\
	do {								\
		long long a_ = (long long)(a), b_ = (long long)(b);	\
		test_checks++;						\
		if (a_ != b_) {						\
			test_failures++;				\
			fprintf(stderr, "%s:%d: %s == %lld, expected %s == %lld\n", \
				__FILE__, __LINE__, #a, a_, #b, b_);	\
		}							\
	} while (0)

/* Read a whole file into a malloc'd buffer of exactly its size (so ASan
 * catches any read past it).  Exits on I/O errors. */
unsigned char *load_file(const char *path, size_t *size);

/*
 * fdt_exercise: call every reader function over the whole tree (and
 * fdt_boot_collect() through the stubs), checking that node and property
 * walks only move forward.  For blobs that passed fdt_init() and may have
 * been corrupted since: it must not crash, hang or read out of bounds.
 * Returns the number of nodes visited.
 */
int fdt_exercise(const struct fdt *fdt);

/* fdt_bad_cases: the hand-built bad blobs (fdt_bad.c). */
void fdt_bad_cases(void);

/* A deterministic generator (xorshift64*), seeded by the test. */
extern uint64_t rng_state;
uint64_t rng(void);
static inline uint32_t rng_below(uint32_t n)
{
	return n ? (uint32_t)(rng() % n) : 0;
}

#endif
