/*
 * tests/host/ipc_space_test.c - port name spaces (ipc/ipc_space.c) on the
 * host: name allocation (lowest free from 1), generations that make stale
 * names invalid, explicit names, growth, the reverse map, exhaustion, and
 * a random workload checked against a model.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ipc/ipc_space.h>

long host_kalloc_live;
long host_kalloc_fail_after = -1;

static int failures;
#define CHECK(c) do { if (!(c)) { fprintf(stderr, "%s:%d: check failed: %s\n", \
	__FILE__, __LINE__, #c); failures++; } } while (0)

/* Distinct fake objects: the space never dereferences them. */
static struct ipc_object *obj(uintptr_t i)
{
	return (struct ipc_object *)(0x100000 + i * 64);
}

static void test_lowest_free_names(void)
{
	struct ipc_space *s = ipc_space_create();
	mach_port_name_t n[5], again;

	for (int i = 0; i < 5; i++) {
		CHECK(ipc_entry_alloc(s, &n[i]) != NULL);
		CHECK(n[i] == (mach_port_name_t)(i + 1));	/* 1, 2, 3 ... */
	}
	ipc_entry_free(s, n[1]);			/* name 2 */
	CHECK(ipc_entry_lookup(s, 2) == NULL);
	CHECK(ipc_entry_alloc(s, &again) != NULL);
	CHECK(IPC_NAME_INDEX(again) == 2);		/* lowest free index */
	CHECK(again != 2);				/* ... new generation */
	CHECK(ipc_entry_lookup(s, 2) == NULL);		/* stale name refused */
	CHECK(ipc_entry_lookup(s, again) != NULL);
	CHECK(ipc_entry_lookup(s, 0) == NULL);
	CHECK(ipc_entry_lookup(s, IPC_NAME_DEAD) == NULL);
	CHECK(ipc_entry_lookup(s, 1000) == NULL);	/* beyond the table */
	for (int i = 0; i < 5; i++)
		ipc_entry_free(s, i == 1 ? again : n[i]);
	CHECK(s->in_use == 0);
	ipc_space_release(s);
}

static void test_generations(void)
{
	struct ipc_space *s = ipc_space_create();
	mach_port_name_t seen[255], name;

	/* 255 reuses of one index all give different names. */
	for (int i = 0; i < 255; i++) {
		CHECK(ipc_entry_alloc(s, &name) != NULL);
		CHECK(IPC_NAME_INDEX(name) == 1);
		for (int j = 0; j < i; j++)
			CHECK(seen[j] != name);
		seen[i] = name;
		ipc_entry_free(s, name);
		CHECK(ipc_entry_lookup(s, name) == NULL);
	}
	ipc_space_release(s);
}

static void test_explicit_names(void)
{
	struct ipc_space *s = ipc_space_create();
	mach_port_name_t name = IPC_NAME_MAKE(1000, 5), next;
	struct ipc_entry *e;

	CHECK(ipc_entry_alloc_name(s, 0) == NULL);
	CHECK(ipc_entry_alloc_name(s, IPC_NAME_DEAD) == NULL);
	CHECK(ipc_entry_alloc_name(s, IPC_NAME_MAKE(0, 3)) == NULL);	/* index 0 */
	e = ipc_entry_alloc_name(s, name);
	CHECK(e != NULL);
	CHECK(ipc_entry_lookup(s, name) == e);
	CHECK(ipc_entry_lookup(s, IPC_NAME_MAKE(1000, 4)) == NULL);
	CHECK(ipc_entry_name(s, e) == name);
	CHECK(ipc_entry_alloc_name(s, name) == NULL);			/* taken */
	CHECK(ipc_entry_alloc_name(s, IPC_NAME_MAKE(1000, 6)) == NULL);	/* index taken */
	/* The table grew to hold index 1000; automatic names still start low. */
	CHECK(s->size > 1000);
	CHECK(ipc_entry_alloc(s, &next) != NULL && next == 1);
	ipc_entry_free(s, next);
	ipc_entry_free(s, name);
	ipc_space_release(s);
}

static void test_reverse_map(void)
{
	struct ipc_space *s = ipc_space_create();
	mach_port_name_t names[3000], found;

	for (int i = 0; i < 3000; i++) {
		CHECK(ipc_entry_alloc(s, &names[i]) != NULL);
		CHECK(ipc_reverse_insert(s, obj(i), names[i]));
	}
	for (int i = 0; i < 3000; i++)
		CHECK(ipc_reverse_lookup(s, obj(i), &found) && found == names[i]);
	CHECK(!ipc_reverse_lookup(s, obj(5000), &found));
	for (int i = 0; i < 3000; i += 2) {
		ipc_reverse_remove(s, obj(i));
		ipc_entry_free(s, names[i]);
	}
	for (int i = 0; i < 3000; i++)
		CHECK(ipc_reverse_lookup(s, obj(i), &found) == (i % 2 == 1));
	/* Reinsert after removal (tombstones) works, many times. */
	for (int round = 0; round < 20; round++) {
		for (int i = 0; i < 3000; i += 2) {
			CHECK(ipc_entry_alloc(s, &names[i]) != NULL);
			CHECK(ipc_reverse_insert(s, obj(i), names[i]));
		}
		for (int i = 0; i < 3000; i += 2) {
			CHECK(ipc_reverse_lookup(s, obj(i), &found) && found == names[i]);
			ipc_reverse_remove(s, obj(i));
			ipc_entry_free(s, names[i]);
		}
	}
	for (int i = 1; i < 3000; i += 2) {
		ipc_reverse_remove(s, obj(i));
		ipc_entry_free(s, names[i]);
	}
	CHECK(s->in_use == 0);
	ipc_space_release(s);
}

static void test_exhaustion(void)
{
	struct ipc_space *s = ipc_space_create();
	mach_port_name_t name;
	int n = 0;

	/* The first table holds 63 names; the 64th needs a bigger table. */
	host_kalloc_fail_after = 0;
	while (n < 1000 && ipc_entry_alloc(s, &name) != NULL)
		n++;
	CHECK(n == 0);				/* no table could be made */
	host_kalloc_fail_after = -1;
	while (n < 63 && ipc_entry_alloc(s, &name) != NULL)
		n++;
	CHECK(n == 63);
	host_kalloc_fail_after = 0;
	CHECK(ipc_entry_alloc(s, &name) == NULL);
	CHECK(s->in_use == 63 && s->size == 64);	/* unchanged */
	host_kalloc_fail_after = -1;
	CHECK(ipc_entry_alloc(s, &name) != NULL && name == 64);
	for (mach_port_name_t i = 1; i <= 64; i++)
		ipc_entry_free(s, i);
	ipc_space_release(s);
}

/* Random alloc/free/lookup against a model of which names are live. */
static void test_random_model(void)
{
	enum { N = 4096 };
	static mach_port_name_t live[N];
	static mach_port_name_t stale[N];
	int nlive = 0, nstale = 0;
	struct ipc_space *s = ipc_space_create();
	unsigned long long x = 42;

	for (int step = 0; step < 200000; step++) {
		unsigned r;

		x = x * 6364136223846793005ULL + 1442695040888963407ULL;
		r = (unsigned)(x >> 33);
		if (r % 3 == 0 && nlive < N) {
			mach_port_name_t name;
			struct ipc_entry *e = ipc_entry_alloc(s, &name);

			CHECK(e != NULL);
			CHECK(ipc_entry_name(s, e) == name);
			for (int i = 0; i < nlive && i < 8; i++)
				CHECK(live[(r + i) % nlive] != name);
			live[nlive++] = name;
		} else if (r % 3 == 1 && nlive) {
			int i = (int)(r / 3 % (unsigned)nlive);

			ipc_entry_free(s, live[i]);
			stale[nstale++ % N] = live[i];
			live[i] = live[--nlive];
		} else {
			if (nlive)
				CHECK(ipc_entry_lookup(s, live[r / 3 % (unsigned)nlive]) != NULL);
			if (nstale) {
				mach_port_name_t st = stale[r / 7 % (unsigned)MIN(nstale, N)];
				struct ipc_entry *e = ipc_entry_lookup(s, st);
				int j;

				/* A stale name resolves only if it is live again
				 * (the generation wrapped around to it). */
				for (j = 0; j < nlive && live[j] != st; j++)
					;
				CHECK((e != NULL) == (j < nlive));
			}
		}
		CHECK(s->in_use == (uint32_t)nlive);
	}
	while (nlive)
		ipc_entry_free(s, live[--nlive]);
	ipc_space_release(s);
}

int main(void)
{
	test_lowest_free_names();
	test_generations();
	test_explicit_names();
	test_reverse_map();
	test_exhaustion();
	test_random_model();
	CHECK(host_kalloc_live == 0);
	CHECK(ipc_space_count() == 0);
	if (failures) {
		fprintf(stderr, "ipc_space: %d checks failed\n", failures);
		return 1;
	}
	printf("ipc_space: all checks passed\n");
	return 0;
}
