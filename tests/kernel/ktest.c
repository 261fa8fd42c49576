/*
 * tests/kernel/ktest.c - runs in-kernel test suites and benchmarks.
 *
 * The command line picks the work (see ktest.h).  Output is line oriented
 * for tools/qemu-run: one "ktest <suite>/<case> PASS|FAIL" line per case and
 * a closing "KTEST-RESULT <suite> PASS|FAIL"; benchmarks print BENCH lines
 * and "KBENCH-DONE".  The machine then leaves through md_exit().
 */
#include <kern/machine.h>
#include <kern/bootinfo.h>
#include <kern/trap.h>
#include <kern/console.h>
#include <kern/string.h>
#include <kern/zalloc.h>
#include <ipc/ipc_kmsg.h>
#include <vm/vm_page.h>
#include <tests/kernel/ktest.h>

extern struct ktest_case __ktests_start[], __ktests_end[];
extern const struct kbench __kbench_start[], __kbench_end[];

#define BENCH_SAMPLES	11
#define BENCH_ITERS	10000

const struct boot_module *ktest_find_module(const char *name)
{
	size_t n = strlen(name);

	for (unsigned int i = 0; i < boot_info.module_count; i++) {
		const char *c = boot_info.modules[i].cmdline;
		size_t w = 0;

		while (c[w] && c[w] != ' ')
			w++;
		if (w >= n && !strncmp(c + w - n, name, n) &&
		    (w == n || c[w - n - 1] == '/'))
			return &boot_info.modules[i];
	}
	return NULL;
}

unsigned long ktest_free_pages(void)
{
	ipc_kmsg_cache_drain();
	zone_gc();
	return vm_page_free_count();
}

void ktest_fail(struct ktest_case *c, const char *file, int line,
		const char *fmt, ...)
{
	va_list ap;

	c->failed = true;
	kprintf("ktest %s/%s: %s:%d: ", c->suite, c->name, file, line);
	va_start(ap, fmt);
	kvprintf(fmt, ap);
	va_end(ap);
	kprintf("\n");
}

static void __noreturn run_suite(const char *suite)
{
	unsigned int passed = 0, failed = 0;

	kprintf("ktest: running suite %s\n", suite);
	for (struct ktest_case *c = __ktests_start; c < __ktests_end; c++) {
		if (strcmp(c->suite, suite))
			continue;
		c->failed = false;
		c->fn(c);
		/* A failed check returns early, perhaps with interrupts
		 * masked: every case starts with them enabled. */
		cpu_intr_enable();
		trap_expect_cancel();
		kprintf("ktest %s/%s %s\n", c->suite, c->name,
			c->failed ? "FAIL" : "PASS");
		if (c->failed)
			failed++;
		else
			passed++;
	}
	if (passed + failed == 0) {
		kprintf("ktest: no suite named \"%s\"\n", suite);
		failed = 1;
	}
	kprintf("ktest %s: %u cases passed, %u failed\n", suite, passed, failed);
	kprintf("KTEST-RESULT %s %s\n", suite, failed ? "FAIL" : "PASS");
	md_exit(failed ? 1 : 0);
}

/* Sort a handful of samples in place (insertion sort). */
static void sort_u64(uint64_t *v, unsigned int n)
{
	for (unsigned int i = 1; i < n; i++) {
		uint64_t x = v[i];
		unsigned int j = i;

		while (j > 0 && v[j - 1] > x) {
			v[j] = v[j - 1];
			j--;
		}
		v[j] = x;
	}
}

/*
 * run_bench: a warm-up batch, then BENCH_SAMPLES batches of `iters`
 * operations; each sample is the cycles per operation of one batch.
 */
static void run_bench(const struct kbench *b, unsigned long iters)
{
	uint64_t samples[BENCH_SAMPLES];

	b->fn(iters / 10 ? iters / 10 : 1);
	for (unsigned int i = 0; i < BENCH_SAMPLES; i++)
		samples[i] = b->fn(iters) / iters;
	sort_u64(samples, BENCH_SAMPLES);
	kprintf("BENCH %s/%s %llu instr (min %llu, n %u)\n", MACHINE_NAME,
		b->name, (unsigned long long)samples[BENCH_SAMPLES / 2],
		(unsigned long long)samples[0], BENCH_SAMPLES);
}

static unsigned long parse_ulong(const char *s, unsigned long dflt)
{
	unsigned long v = 0;

	if (!*s)
		return dflt;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return dflt;
		v = v * 10 + (unsigned long)(*s - '0');
	}
	return v ? v : dflt;
}

static void __noreturn run_benchmarks(const char *which)
{
	char buf[32];
	unsigned long iters = BENCH_ITERS;
	unsigned int ran = 0;

	if (boot_cmdline_value("bench.iters", buf, sizeof(buf)))
		iters = parse_ulong(buf, BENCH_ITERS);
	for (const struct kbench *b = __kbench_start; b < __kbench_end; b++) {
		unsigned long n = iters / (b->divisor ? b->divisor : 1);

		if (strcmp(which, "all") && strcmp(which, b->name))
			continue;
		run_bench(b, n ? n : 1);
		ran++;
	}
	kprintf("KBENCH-DONE %u\n", ran);
	md_exit(ran ? 0 : 1);
}

void ktest_run_from_cmdline(void)
{
	char arg[64];

	if (boot_cmdline_value("test", arg, sizeof(arg)))
		run_suite(arg);
	if (boot_cmdline_value("bench", arg, sizeof(arg)))
		run_benchmarks(arg);
}
