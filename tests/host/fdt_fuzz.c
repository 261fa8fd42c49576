/*
 * tests/host/fdt_fuzz.c - kern/fdt.c on corrupt blobs (suite fdt_fuzz).
 *
 * For every DTB given: each proper prefix (all of them for small blobs,
 * random ones for large) must fail with TRUNCATED; a prefix whose header
 * is patched to match must fail unless it keeps every block; each header
 * field set to edge and random values must fail with the expected error
 * or, if accepted, survive a full exercise; thousands of random byte
 * changes must either fail or survive; flipping property value bytes
 * must keep the blob valid, breaking a token must not; and a valid blob
 * corrupted after fdt_init() must still be handled safely.  Every blob
 * sits in a buffer of exactly its size, so ASan sees any stray read.
 * Then the hand-built bad blobs of fdt_bad.c.
 *
 * Environment: FDT_FUZZ_SEED (default 1), FDT_FUZZ_ITERS (flips per file,
 * default 2000).
 */
#include <string.h>
#include "fdt_test.h"
#include "boot_stub.h"

#define MAX_EXERCISE_PATHS	32

uint64_t rng_state = 1;

uint64_t rng(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dULL;
}

static int exercised_paths;
static bool exercise_validated;	/* the blob is as fdt_init() saw it */

/* Exercise one node's properties through every accessor. */
static void exercise_props(const struct fdt *fdt, int node)
{
	const char *name, *s;
	const void *v;
	uint64_t a, sz;
	uint32_t u;
	int prop, last = node, len, glen, i;

	for (prop = fdt_first_prop(fdt, node); prop >= 0;
	     prop = fdt_next_prop(fdt, prop)) {
		CHECK(prop > last);
		if (prop <= last)
			break;
		last = prop;
		v = fdt_prop_read(fdt, prop, &name, &len);
		if (v == NULL)
			continue;
		CHECK(len >= 0 && name != NULL);
		/* A blob corrupted after fdt_init() may hold bad properties
		 * that stop getprop early; a validated one may not.  And a
		 * node may repeat a name: getprop finds the first. */
		v = fdt_getprop(fdt, node, name, &glen);
		if (exercise_validated)
			CHECK(v != NULL);
		(void)fdt_getprop_u32(fdt, node, name, &u);
		s = fdt_getprop_string(fdt, node, name);
		if (s != NULL && v != NULL)
			CHECK(strlen(s) < (size_t)glen);
	}
	(void)fdt_is_compatible(fdt, node, "ns16550a");
	(void)fdt_is_compatible(fdt, node, "");
	for (i = 0; i < 1000 && fdt_read_reg(fdt, node, i, &a, &sz) == 0; i++)
		;
	CHECK(i < 1000);
}

/* Depth-first over first_child/next_sibling with an explicit stack. */
static int exercise_nodes(const struct fdt *fdt, int root)
{
	int stack[80], depth = 0, node = root, next, count = 0;
	char path[512];
	const char *name;

	stack[depth++] = root;
	while (depth > 0) {
		node = stack[--depth];
		count++;
		CHECK((uint32_t)count <= fdt->size_struct / 8 + 1);
		if ((uint32_t)count > fdt->size_struct / 8 + 1)
			break;
		exercise_props(fdt, node);
		name = fdt_node_name(fdt, node);
		if (exercised_paths < MAX_EXERCISE_PATHS) {
			exercised_paths++;
			(void)fdt_parent(fdt, node);
			if (name != NULL) {
				snprintf(path, sizeof(path), "/%s", name);
				(void)fdt_path_offset(fdt, path);
				(void)fdt_path_offset(fdt, name);
			}
		}
		/* Push the next sibling first so the child is taken next. */
		next = fdt_next_sibling(fdt, node);
		if (next >= 0 && node != root) {
			CHECK(next > node);
			if (next > node && depth < 80)
				stack[depth++] = next;
		}
		next = fdt_first_child(fdt, node);
		if (next >= 0) {
			CHECK(next > node);
			if (next > node && depth < 80)
				stack[depth++] = next;
		}
	}
	return count;
}

/* fdt_exercise: see fdt_test.h. */
int fdt_exercise(const struct fdt *fdt)
{
	uint64_t a, s;
	int root, count = 0, off, last = -1, n, i;

	exercised_paths = 0;
	root = fdt_root(fdt);
	if (root >= 0)
		count = exercise_nodes(fdt, root);
	for (off = fdt_find_compatible(fdt, -1, "ns16550a"); off >= 0;
	     off = fdt_find_compatible(fdt, off, "ns16550a")) {
		CHECK(off > last);
		if (off <= last)
			break;
		last = off;
	}
	(void)fdt_path_offset(fdt, "/chosen");
	(void)fdt_path_offset(fdt, "serial0");
	(void)fdt_path_offset(fdt, "/soc/serial");
	n = fdt_num_mem_rsv(fdt);
	for (i = 0; i < n; i++)
		CHECK_EQ(fdt_get_mem_rsv(fdt, i, &a, &s), 0);
	boot_stub_reset();
	boot_stub_quiet = true;
	(void)fdt_boot_collect(fdt, 0x40000000);
	boot_stub_quiet = false;
	return count;
}

/* The end of the last block: bytes past it are padding. */
static uint32_t used_end(const struct fdt *f)
{
	uint32_t e = f->off_struct + f->size_struct;
	int n = fdt_num_mem_rsv(f);
	uint32_t r = f->off_rsvmap + (uint32_t)(n + 1) * 16;

	if (f->off_strings + f->size_strings > e)
		e = f->off_strings + f->size_strings;
	return r > e ? r : e;
}

static void set32(unsigned char *b, uint32_t off, uint32_t v)
{
	b[off] = (unsigned char)(v >> 24);
	b[off + 1] = (unsigned char)(v >> 16);
	b[off + 2] = (unsigned char)(v >> 8);
	b[off + 3] = (unsigned char)v;
}

static uint32_t get32(const unsigned char *b, uint32_t off)
{
	return (uint32_t)b[off] << 24 | (uint32_t)b[off + 1] << 16 |
	       (uint32_t)b[off + 2] << 8 | b[off + 3];
}

/* Initialise a private exact-size copy of blob[0..len) (with max_size
 * len) and exercise it if accepted.  Returns fdt_init()'s result. */
static int try_blob(const unsigned char *blob, size_t len)
{
	unsigned char *copy = malloc(len ? len : 1);
	struct fdt f;
	int err;

	memcpy(copy, blob, len);
	err = fdt_init(&f, copy, len);
	exercise_validated = true;
	if (err == 0)
		fdt_exercise(&f);
	else
		CHECK(fdt_strerror(err)[0] != '\0');
	exercise_validated = false;
	free(copy);
	return err;
}

/* Every (or a sample of) proper prefix: TRUNCATED, with the message. */
static void truncations(const unsigned char *blob, size_t size,
			const struct fdt *f)
{
	unsigned char *copy;
	uint32_t need = used_end(f), len, i, count;
	int err, fails = 0, oks = 0;

	count = size <= 4096 ? (uint32_t)size : 600;
	for (i = 0; i < count; i++) {
		len = size <= 4096 ? i : (i < 100 ? i : rng_below((uint32_t)size));
		err = try_blob(blob, len);
		CHECK_EQ(err, -FDT_ERR_TRUNCATED);
		CHECK(strstr(fdt_strerror(err), "truncated") != NULL);

		/* Now patch totalsize to claim exactly len bytes. */
		if (len < 40)
			continue;
		copy = malloc(len);
		memcpy(copy, blob, len);
		set32(copy, 4, len);
		err = try_blob(copy, len);
		if (len >= need)
			CHECK_EQ(err, 0);
		else
			CHECK(err == -FDT_ERR_BADLAYOUT || err == -FDT_ERR_BADSTRUCTURE);
		err ? fails++ : oks++;
		free(copy);
	}
	CHECK(fails > 0);
}

/* Each header field set to edge values and random ones. */
static void header_fields(const unsigned char *blob, size_t size, bool v17)
{
	unsigned char *copy = malloc(size);
	uint32_t orig, v, vals[24];
	int field, i, err, nv;

	for (field = 0; field < 10; field++) {
		orig = get32(blob, (uint32_t)field * 4);
		nv = 0;
		vals[nv++] = 0; vals[nv++] = 1; vals[nv++] = 3; vals[nv++] = 4;
		vals[nv++] = 0xffffffff; vals[nv++] = 0x7fffffff;
		vals[nv++] = 0x80000000; vals[nv++] = (uint32_t)size;
		vals[nv++] = (uint32_t)size + 1; vals[nv++] = (uint32_t)size - 1;
		vals[nv++] = orig + 1; vals[nv++] = orig - 1;
		vals[nv++] = orig + 4; vals[nv++] = orig - 4;
		vals[nv++] = orig + 8; vals[nv++] = orig - 8;
		vals[nv++] = 16; vals[nv++] = 15; vals[nv++] = 17; vals[nv++] = 18;
		while (nv < 24)
			vals[nv++] = (uint32_t)rng() >> rng_below(32);
		for (i = 0; i < nv; i++) {
			v = vals[i];
			memcpy(copy, blob, size);
			set32(copy, (uint32_t)field * 4, v);
			err = try_blob(copy, size);
			switch (field) {
			case 0:		/* magic */
				if (v != orig)
					CHECK_EQ(err, -FDT_ERR_BADMAGIC);
				break;
			case 1:		/* totalsize */
				if (v > size)
					CHECK_EQ(err, -FDT_ERR_TRUNCATED);
				if (v < 40)
					CHECK(err != 0);
				break;
			case 2:		/* off_dt_struct */
			case 4:		/* off_mem_rsvmap */
				if ((v & (field == 2 ? 3 : 7)) && v <= size)
					CHECK(err == -FDT_ERR_BADSTRUCTURE ||
					      err == -FDT_ERR_BADLAYOUT);
				if (v != orig && field == 2)
					CHECK(err != 0);
				break;
			case 5:		/* version */
				if (v < 16)
					CHECK_EQ(err, -FDT_ERR_BADVERSION);
				if (v >= 17 && v17)
					CHECK_EQ(err, 0);
				break;
			case 6:		/* last_comp_version */
				CHECK_EQ(err, v > 17 ? -FDT_ERR_BADVERSION : 0);
				break;
			case 7:		/* boot_cpuid_phys: not checked */
				CHECK_EQ(err, 0);
				break;
			case 9:		/* size_dt_struct (v17) */
				if (v != orig && v17)
					CHECK(err != 0);
				break;
			}
		}
	}
	free(copy);
}

/* Random changes of 1..4 bytes anywhere in the used part of the blob
 * (blob[0..used) of size bytes; the rest is padding). */
static void flips(const unsigned char *blob, size_t size, uint32_t used,
		  int iters, int *accepted, int *rejected)
{
	unsigned char *copy = malloc(size);
	int it, k, n;

	for (it = 0; it < iters; it++) {
		memcpy(copy, blob, size);
		n = 1 + (int)rng_below(4);
		for (k = 0; k < n; k++) {
			uint32_t at = rng_below(used);
			if (rng() & 1)
				copy[at] ^= (unsigned char)(1u << rng_below(8));
			else
				copy[at] = (unsigned char)rng();
		}
		try_blob(copy, size) == 0 ? (*accepted)++ : (*rejected)++;
	}
	free(copy);
}

/* Offsets of every node of a valid tree, in document order. */
static int list_nodes(const struct fdt *f, int node, int *out, int n, int max)
{
	int child;

	if (n < max)
		out[n++] = node;
	for (child = fdt_first_child(f, node); child >= 0;
	     child = fdt_next_sibling(f, child))
		n = list_nodes(f, child, out, n, max);
	return n;
}

/*
 * Targeted changes: every byte of every property value (up to a cap)
 * changed must keep the blob valid and read back changed; every node's
 * BEGIN_NODE token made unknown must be rejected.
 */
static void targeted(const unsigned char *blob, size_t size,
		     const struct fdt *f)
{
	static int nodes[4096];
	unsigned char *copy = malloc(size);
	const unsigned char *v, *w;
	struct fdt g;
	int n, k, prop, len, glen, i, done = 0;
	const char *name;
	uint32_t at;

	n = list_nodes(f, fdt_root(f), nodes, 0, 4096);
	CHECK(n > 0);
	for (k = 0; k < n; k++) {
		memcpy(copy, blob, size);
		set32(copy, f->off_struct + (uint32_t)nodes[k], 0x5);
		CHECK_EQ(fdt_init(&g, copy, size), -FDT_ERR_BADSTRUCTURE);
		for (prop = fdt_first_prop(f, nodes[k]); prop >= 0 && done < 3000;
		     prop = fdt_next_prop(f, prop)) {
			v = fdt_prop_read(f, prop, &name, &len);
			CHECK(v != NULL);
			for (i = 0; v != NULL && i < len && done < 3000; i++, done++) {
				at = (uint32_t)(v + i - f->blob);
				memcpy(copy, blob, size);
				copy[at] ^= 0x5a;
				CHECK_EQ(fdt_init(&g, copy, size), 0);
				w = fdt_getprop(&g, nodes[k], name, &glen);
				CHECK(w != NULL && glen == len &&
				      w[i] == (blob[at] ^ 0x5a));
			}
		}
	}
	free(copy);
}

/* Corrupt a validated blob afterwards: the accessors must stay safe. */
static void after_init(const unsigned char *blob, size_t size, uint32_t used,
		       int iters)
{
	unsigned char *copy = malloc(size);
	struct fdt f;
	int it, k;

	for (it = 0; it < iters; it++) {
		memcpy(copy, blob, size);
		if (fdt_init(&f, copy, size) != 0) {
			CHECK(0);
			break;
		}
		for (k = 0; k < 1 + (int)rng_below(8); k++)
			copy[rng_below(used)] = (unsigned char)rng();
		fdt_exercise(&f);
	}
	free(copy);
}

int main(int argc, char **argv)
{
	const char *env;
	unsigned long long seed = 1;
	int iters = 2000, accepted = 0, rejected = 0, i;
	unsigned char *blob;
	size_t size;
	struct fdt f;

	if ((env = getenv("FDT_FUZZ_SEED")) != NULL)
		seed = strtoull(env, NULL, 0);
	if ((env = getenv("FDT_FUZZ_ITERS")) != NULL)
		iters = atoi(env);
	rng_state = seed * 0x9e3779b97f4a7c15ULL | 1;	/* never 0 */
	printf("fdt_fuzz: seed %llu, %d flips per file\n", seed, iters);

	for (i = 1; i < argc; i++) {
		blob = load_file(argv[i], &size);
		if (fdt_init(&f, blob, size) != 0) {
			fprintf(stderr, "%s: not a valid DTB to start from\n", argv[i]);
			return 2;
		}
		size = f.totalsize;	/* ignore anything after the blob */
		truncations(blob, size, &f);
		header_fields(blob, size, get32(blob, 20) >= 17);
		flips(blob, size, used_end(&f), iters, &accepted, &rejected);
		targeted(blob, size, &f);
		after_init(blob, size, used_end(&f), iters / 4);
		printf("  %s: %zu bytes, %d nodes\n", argv[i], size, fdt_exercise(&f));
		free(blob);
	}
	/* Flips must hit both outcomes, or the generator is broken. */
	CHECK(accepted > 0 && rejected > 0);
	printf("fdt_fuzz: random changes: %d accepted, %d rejected\n",
	       accepted, rejected);

	fdt_bad_cases();

	printf("fdt_fuzz: %d checks, %d failed\n", test_checks, test_failures);
	return test_failures ? 1 : 0;
}
