/*
 * tests/kernel/ktest.h - the in-kernel test and benchmark harness.
 *
 * A test build links every case; the kernel command line chooses what runs:
 *   test=<suite>    run every case of one suite, print a line per case,
 *                   then "KTEST-RESULT <suite> PASS|FAIL" and md_exit().
 *   bench=<name>|all  run benchmarks, print
 *                   "BENCH <port>/<name> <median> instr (min <min>, n <n>)".
 *
 * Cases register themselves with KTEST(suite, name) into the .ktests
 * section; benchmarks with KBENCH(name) into .kbench.  A failed check marks
 * the case failed and returns from it.
 */
#ifndef TESTS_KERNEL_KTEST_H
#define TESTS_KERNEL_KTEST_H

#include <kern/types.h>
#include <kern/console.h>

struct ktest_case {
	const char *suite;
	const char *name;
	void (*fn)(struct ktest_case *self);
	bool failed;
};

struct kbench {
	const char *name;
	/*
	 * Run the operation iterations times and return the cycles spent, as
	 * cpu_cycles() counts them; setup outside the timed loop is not
	 * counted.  The harness divides by iterations.
	 */
	uint64_t (*fn)(unsigned long iterations);
	/* The harness runs BENCH_ITERS / divisor operations per sample. */
	unsigned long divisor;
};

#define KTEST(suite_, name_)						\
	static void ktest_fn_##suite_##_##name_(struct ktest_case *);	\
	static struct ktest_case ktest_##suite_##_##name_		\
		__section(".ktests") __used __aligned(8) = {		\
		.suite = #suite_, .name = #name_,			\
		.fn = ktest_fn_##suite_##_##name_,			\
	};								\
	static void ktest_fn_##suite_##_##name_(			\
		struct ktest_case *ktest_self __unused)

#define KBENCH_SCALED(name_, divisor_)					\
	static uint64_t kbench_fn_##name_(unsigned long);		\
	static const struct kbench kbench_##name_			\
		__section(".kbench") __used __aligned(8) = {		\
		.name = #name_, .fn = kbench_fn_##name_,		\
		.divisor = (divisor_),					\
	};								\
	static uint64_t kbench_fn_##name_(unsigned long iterations)

/* A benchmark whose operation is cheap enough for the full count. */
#define KBENCH(name_) KBENCH_SCALED(name_, 1)

void ktest_fail(struct ktest_case *c, const char *file, int line,
		const char *fmt, ...) __printflike(4, 5);

#define KT_CHECK(cond)							\
	do {								\
		if (!(cond)) {						\
			ktest_fail(ktest_self, __FILE__, __LINE__,	\
				   "check failed: %s", #cond);		\
			return;						\
		}							\
	} while (0)

#define KT_CHECK_MSG(cond, ...)						\
	do {								\
		if (!(cond)) {						\
			ktest_fail(ktest_self, __FILE__, __LINE__,	\
				   __VA_ARGS__);			\
			return;						\
		}							\
	} while (0)

#define KT_CHECK_EQ(a, b)						\
	do {								\
		unsigned long long a_ = (unsigned long long)(a);	\
		unsigned long long b_ = (unsigned long long)(b);	\
		if (a_ != b_) {						\
			ktest_fail(ktest_self, __FILE__, __LINE__,	\
				   "%s == %s: 0x%llx != 0x%llx",	\
				   #a, #b, a_, b_);			\
			return;						\
		}							\
	} while (0)

/*
 * ktest_free_pages: the free page count once the zones' kept empty pages
 * are returned (zone_gc): what "back to the starting count" compares.
 */
unsigned long ktest_free_pages(void);

/*
 * ktest_find_module: the boot module whose command line's first word is
 * name or ends in "/name" (suites find their user programs by it), or
 * NULL if the boot has none.
 */
struct boot_module;
const struct boot_module *ktest_find_module(const char *name);

/* Run from kern_main(): returns only if the command line asked for nothing. */
void ktest_run_from_cmdline(void);

#endif /* TESTS_KERNEL_KTEST_H */
