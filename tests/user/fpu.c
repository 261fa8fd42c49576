/*
 * tests/user/fpu.c - floating point state survives preemption.
 *
 * The same long floating-point computation runs twice; two instances run
 * at once (different seeds), so the scheduler preempts each many times in
 * the middle of its computation.  If any switch lost or mixed up FP
 * registers, the two runs of one instance would disagree.  The iteration
 * count is read from a volatile for each run: compute() is pure, and with
 * a constant argument the compiler runs it once and uses the result twice,
 * which makes the comparison vacuous.
 */
#include <mica/runtime.h>

static volatile long iterations = 3000000;

static double compute(double seed, long n)
{
	double a = seed, b = 1.0 / (seed + 3.0), c = seed * 0.5, d = 0.25;

	for (long i = 0; i < n; i++) {
		a = a * 0.999999 + b;
		b = b * 1.000001 - c * 1e-7;
		c = c + a * 1e-9 - d * 1e-8;
		d = d * 0.9999995 + (double)(i & 7) * 1e-6;
	}
	return a + 2.0 * b + 3.0 * c + 4.0 * d;
}

int main(int argc, char **argv)
{
	double seed = argc > 1 ? (double)(argv[1][0] - '0') + 1.5 : 1.5;
	double r1 = compute(seed, iterations), r2 = compute(seed, iterations);
	uint64_t b1, b2;

	memcpy(&b1, &r1, 8);
	memcpy(&b2, &r2, 8);
	/* A run that lost its registers to zeros computes exactly 0 (the
	 * loop's constants live in registers too), twice: not a pass. */
	if (b1 == b2 && r1 == r1 && r1 != 0.0)
		printf("fpu %s: PASS (%lx)\n", argc > 1 ? argv[1] : "?",
		       (unsigned long)b1);
	else
		printf("fpu %s: FAIL: %lx != %lx\n", argc > 1 ? argv[1] : "?",
		       (unsigned long)b1, (unsigned long)b2);
	return 0;
}
