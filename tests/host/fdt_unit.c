/*
 * tests/host/fdt_unit.c - hand-written expectations for kern/fdt.c on the
 * test trees (tests/dts), complementing the fdtget comparison: lookups by
 * partial name and alias, typed getters, error returns on bad offsets,
 * the error messages, and the v16 and padded blob variants.
 *
 * Usage: fdt_unit DTB...; the trees it knows are picked by file name and
 * must all be given.
 */
#include <string.h>
#include "fdt_test.h"

static const char *find_arg(int argc, char **argv, const char *base)
{
	size_t n = strlen(base), l;

	for (int i = 1; i < argc; i++) {
		l = strlen(argv[i]);
		if (l >= n && strcmp(argv[i] + l - n, base) == 0 &&
		    (l == n || argv[i][l - n - 1] == '/'))
			return argv[i];
	}
	fprintf(stderr, "fdt_unit: %s not given\n", base);
	exit(2);
}

static unsigned char *blobs[16];	/* kept reachable until exit */
static int nblobs;

/* Load and initialise one tree; the blob stays allocated for the run. */
static void open_tree(struct fdt *fdt, int argc, char **argv, const char *base)
{
	size_t size;
	unsigned char *blob = load_file(find_arg(argc, argv, base), &size);
	int err = fdt_init(fdt, blob, size);

	if (nblobs < 16)
		blobs[nblobs++] = blob;

	if (err != 0) {
		fprintf(stderr, "%s: %s\n", base, fdt_strerror(err));
		exit(1);
	}
}

static unsigned int be32_version(const unsigned char *b)
{
	return (unsigned)b[20] << 24 | b[21] << 16 | b[22] << 8 | b[23];
}

static const char *name_at(const struct fdt *fdt, const char *path)
{
	int off = fdt_path_offset(fdt, path);

	return off >= 0 ? fdt_node_name(fdt, off) : "(none)";
}

static void test_nested(const struct fdt *t)
{
	uint64_t a, s;
	uint32_t v;
	int n, len, prop;
	const char *str;
	const unsigned char *p;

	/* Path lookup: exact, by base name, repeated slashes, aliases. */
	CHECK(strcmp(name_at(t, "/soc/bus@1000000/uart@100"), "uart@100") == 0);
	CHECK(strcmp(name_at(t, "/soc/bus@1000000/uart"), "uart@100") == 0);
	CHECK(strcmp(name_at(t, "//soc///bus@1000000//timer/"), "timer") == 0);
	CHECK(strcmp(name_at(t, "/node"), "node") == 0);	/* exact first */
	CHECK(strcmp(name_at(t, "/node@2"), "node@2") == 0);
	CHECK_EQ(fdt_path_offset(t, "/node@3"), -FDT_ERR_NOTFOUND);
	CHECK_EQ(fdt_path_offset(t, "/soc/bus@1000000/uart@10"), -FDT_ERR_NOTFOUND);
	CHECK_EQ(fdt_path_offset(t, "/no/such/node"), -FDT_ERR_NOTFOUND);
	CHECK_EQ(fdt_path_offset(t, "/"), fdt_root(t));
	CHECK(strcmp(name_at(t, "serial0"), "uart@100") == 0);
	CHECK(strcmp(name_at(t, "deep/d/e/f"), "f") == 0);
	CHECK_EQ(fdt_path_offset(t, "nosuchalias"), -FDT_ERR_NOTFOUND);
	CHECK_EQ(fdt_path_offset(t, NULL), -FDT_ERR_BADVALUE);
	CHECK_EQ(fdt_path_offset(t, ""), -FDT_ERR_BADVALUE);
	CHECK(strcmp(name_at(t, "/a/b/c/d/e/f/g/h/i/j/k/l"), "l") == 0);

	/* reg decoding with 1/0, 1/1, 2/1 and 2/2 cells. */
	n = fdt_path_offset(t, "/cpus/cpu@1");
	CHECK_EQ(fdt_read_reg(t, n, 0, &a, &s), 0);
	CHECK(a == 1 && s == 0);
	n = fdt_path_offset(t, "/memory@80000000");
	CHECK_EQ(fdt_read_reg(t, n, 1, &a, &s), 0);
	CHECK(a == 0x100000000ULL && s == 0x40000000ULL);
	CHECK_EQ(fdt_read_reg(t, n, 2, &a, &s), -FDT_ERR_NOTFOUND);
	CHECK_EQ(fdt_read_reg(t, n, -1, &a, &s), -FDT_ERR_BADVALUE);
	n = fdt_path_offset(t, "/soc/wide@2000000/dev@12345678abcdef00");
	CHECK_EQ(fdt_read_reg(t, n, 0, &a, &s), 0);
	CHECK(a == 0x12345678abcdef00ULL && s == 0x1000);
	CHECK_EQ(fdt_read_reg(t, n, 2, &a, NULL), 0);
	CHECK(a == UINT64_MAX);
	CHECK_EQ(fdt_read_reg(t, fdt_path_offset(t, "/odd"), 0, &a, &s),
		 -FDT_ERR_NOTFOUND);

	/* Typed getters. */
	n = fdt_path_offset(t, "/soc/bus@1000000/uart@100");
	CHECK(fdt_getprop_u32(t, n, "clock-frequency", &v) && v == 3686400);
	CHECK(!fdt_getprop_u32(t, n, "no-such", &v));
	n = fdt_path_offset(t, "/odd");
	CHECK(!fdt_getprop_u32(t, n, "u64", &v));		/* 8 bytes */
	CHECK(!fdt_getprop_u32(t, n, "three-bytes", &v));
	p = fdt_getprop(t, n, "empty", &len);
	CHECK(p != NULL && len == 0);
	CHECK(fdt_getprop_string(t, n, "empty") == NULL);
	p = fdt_getprop(t, n, "u64", &len);
	CHECK(p != NULL && len == 8 && p[0] == 0x12 && p[7] == 0xf0);
	p = fdt_getprop(t, n, "u16", &len);
	CHECK(p != NULL && len == 6 && p[4] == 0x9a && p[5] == 0xbc);
	str = fdt_getprop_string(t, n, "mixed");
	CHECK(str != NULL && strcmp(str, "text") == 0);
	str = fdt_getprop_string(t, fdt_root(t), "model");
	CHECK(str != NULL && strcmp(str, "Mica nested test tree") == 0);

	/* Compatible lists. */
	n = fdt_path_offset(t, "/soc/bus@1000000/uart@200");
	CHECK(fdt_is_compatible(t, n, "arm,pl011"));
	CHECK(fdt_is_compatible(t, n, "arm,primecell"));
	CHECK(!fdt_is_compatible(t, n, "arm"));
	CHECK(!fdt_is_compatible(t, n, "arm,pl01"));
	CHECK(!fdt_is_compatible(t, n, "arm,primecell2"));
	n = fdt_find_compatible(t, -1, "simple-bus");
	CHECK_EQ(n, fdt_path_offset(t, "/soc"));
	n = fdt_find_compatible(t, n, "simple-bus");
	CHECK_EQ(n, fdt_path_offset(t, "/soc/bus@1000000"));
	CHECK_EQ(fdt_find_compatible(t, n, "simple-bus"), -FDT_ERR_NOTFOUND);
	CHECK_EQ(fdt_find_compatible(t, -1, "mica,nested"), fdt_root(t));

	/* Structure navigation and bad offsets. */
	n = fdt_path_offset(t, "/cpus/cpu@0");
	CHECK_EQ(fdt_next_sibling(t, n), fdt_path_offset(t, "/cpus/cpu@1"));
	CHECK_EQ(fdt_next_sibling(t, fdt_path_offset(t, "/cpus/cpu@1")),
		 -FDT_ERR_NOTFOUND);
	CHECK_EQ(fdt_first_child(t, n), -FDT_ERR_NOTFOUND);
	CHECK_EQ(fdt_parent(t, n), fdt_path_offset(t, "/cpus"));
	CHECK_EQ(fdt_parent(t, fdt_root(t)), -FDT_ERR_NOTFOUND);
	CHECK_EQ(fdt_next_sibling(t, fdt_root(t)), -FDT_ERR_NOTFOUND);
	prop = fdt_first_prop(t, n);
	CHECK(prop > n);
	CHECK(fdt_node_name(t, prop) == NULL);
	CHECK_EQ(fdt_parent(t, prop), -FDT_ERR_BADSTRUCTURE);
	CHECK_EQ(fdt_first_child(t, prop), -FDT_ERR_BADSTRUCTURE);
	CHECK(fdt_prop_read(t, n, NULL, &len) == NULL);
	CHECK_EQ(len, -FDT_ERR_BADSTRUCTURE);
	CHECK(fdt_prop_read(t, prop, NULL, &len) != NULL);
	CHECK_EQ(fdt_first_child(t, n + 1), -FDT_ERR_BADSTRUCTURE);
	CHECK_EQ(fdt_first_child(t, 0x7ffffffc), -FDT_ERR_BADSTRUCTURE);
	CHECK_EQ(fdt_first_child(t, -FDT_ERR_NOTFOUND), -FDT_ERR_NOTFOUND);
	CHECK_EQ(fdt_first_child(t, -1000), -FDT_ERR_BADSTRUCTURE);
	CHECK_EQ(fdt_next_prop(t, n), -FDT_ERR_BADSTRUCTURE);
	CHECK_EQ(fdt_find_compatible(t, prop, "x"), -FDT_ERR_BADSTRUCTURE);
	CHECK_EQ(fdt_read_reg(t, prop, 0, &a, &s), -FDT_ERR_BADSTRUCTURE);
	CHECK(fdt_getprop(t, prop, "reg", &len) == NULL);
	CHECK_EQ(len, -FDT_ERR_BADSTRUCTURE);
	CHECK_EQ(fdt_num_mem_rsv(t), 0);
	CHECK_EQ(fdt_get_mem_rsv(t, 0, &a, &s), -FDT_ERR_NOTFOUND);
}

static void test_strings(const struct fdt *t)
{
	const char *s;
	int n, len;

	n = fdt_path_offset(t, "/long");
	s = fdt_getprop_string(t, n, "text");
	CHECK(s != NULL && strlen(s) > 800 && strncmp(s, "Lorem", 5) == 0);
	CHECK(fdt_is_compatible(t, n, "vendor,n"));
	CHECK(fdt_is_compatible(t, n, "generic"));
	CHECK(fdt_getprop(t, n, "a-very-long-property-name-that-goes-on-and-on-"
			  "well-past-thirty-one-characters", &len) && len == 4);
	n = fdt_path_offset(t, "/prefixes");
	s = fdt_getprop_string(t, n, "pr");
	CHECK(s != NULL && strcmp(s, "pr") == 0);
	s = fdt_getprop_string(t, n, "prop");
	CHECK(s != NULL && strcmp(s, "prop") == 0);
	CHECK(fdt_getprop(t, n, "pro", &len) != NULL && len == 4);
	CHECK(fdt_getprop(t, n, "propx", &len) == NULL);
	s = fdt_getprop_string(t, n, "empty-string");
	CHECK(s != NULL && s[0] == '\0');
	CHECK(fdt_getprop_string(t, n, "not-a-string") == NULL);
	s = fdt_getprop_string(t, n, "latin1");
	CHECK(s != NULL && (unsigned char)s[0] == 0xe9 && strlen(s) == 3);

	/* vendor,b: /long, /dup1, /n-3 (not /dup3: "vendor,bb"). */
	n = fdt_find_compatible(t, -1, "vendor,b");
	CHECK_EQ(n, fdt_path_offset(t, "/long"));
	n = fdt_find_compatible(t, n, "vendor,b");
	CHECK_EQ(n, fdt_path_offset(t, "/dup1"));
	n = fdt_find_compatible(t, n, "vendor,b");
	CHECK_EQ(n, fdt_path_offset(t, "/n-3"));
	CHECK_EQ(fdt_find_compatible(t, n, "vendor,b"), -FDT_ERR_NOTFOUND);
	CHECK(fdt_is_compatible(t, n, ""));	/* "vendor,b\0\0": "" is listed */
}

static void test_minimal(const struct fdt *t)
{
	uint64_t a = 0, s = 0;

	CHECK_EQ(fdt_num_mem_rsv(t), 1);
	CHECK_EQ(fdt_get_mem_rsv(t, 0, &a, &s), 0);
	CHECK(a == 0x1000 && s == 0x1000);
	CHECK_EQ(fdt_get_mem_rsv(t, 1, &a, &s), -FDT_ERR_NOTFOUND);
	CHECK_EQ(fdt_get_mem_rsv(t, -1, &a, &s), -FDT_ERR_NOTFOUND);
	CHECK_EQ(fdt_first_child(t, fdt_root(t)), -FDT_ERR_NOTFOUND);
	CHECK(fdt_is_compatible(t, fdt_root(t), "mica,minimal"));
	CHECK_EQ(t->boot_cpuid, 0);
}

/* The QEMU trees: the nodes a port looks for at boot. */
static void test_qemu(const struct fdt *t, const char *uart, const char *compat)
{
	uint64_t a, s;
	int n;

	n = fdt_path_offset(t, "/memory");
	CHECK(n >= 0);
	CHECK_EQ(fdt_read_reg(t, n, 0, &a, &s), 0);
	CHECK(s > 0);
	n = fdt_find_compatible(t, -1, compat);
	CHECK(n >= 0 && strcmp(fdt_node_name(t, n), uart) == 0);
	n = fdt_path_offset(t, "/chosen");
	CHECK(fdt_getprop_string(t, n, "stdout-path") != NULL);
	CHECK(fdt_getprop_string(t, n, "bootargs") != NULL);
}

/* Base-name lookups among unit-address siblings: exact name first. */
static void test_ambiguous(const struct fdt *t)
{
	uint32_t v = 0;

	CHECK(strcmp(name_at(t, "/port"), "port") == 0);	/* not port@1 */
	CHECK(strcmp(name_at(t, "/port@1"), "port@1") == 0);
	CHECK(strcmp(name_at(t, "/port@2"), "port@2") == 0);
	CHECK(strcmp(name_at(t, "/bus/dev"), "dev@10") == 0);	/* first */
	CHECK(strcmp(name_at(t, "/bus@1/dev@1"), "dev@1") == 0);
	CHECK(fdt_getprop_u32(t, fdt_path_offset(t, "/port"), "value", &v));
	CHECK_EQ(v, 2);
	CHECK_EQ(fdt_path_offset(t, "/port@"), -FDT_ERR_NOTFOUND);
	CHECK_EQ(fdt_path_offset(t, "/bus@1/dev@"), -FDT_ERR_NOTFOUND);
}

/* The v16 and padded variants must read like their v17/unpadded source. */
static void test_variants(int argc, char **argv)
{
	struct fdt a, b;
	uint64_t a1, s1, a2, s2;

	open_tree(&a, argc, argv, "nested-cells.dtb");
	open_tree(&b, argc, argv, "nested-cells-v16.dtb");
	CHECK_EQ(be32_version(b.blob), 16);
	CHECK_EQ(a.size_struct, b.size_struct);
	CHECK_EQ(fdt_read_reg(&b, fdt_path_offset(&b, "/memory@80000000"), 1,
			      &a2, &s2), 0);
	CHECK(a2 == 0x100000000ULL && s2 == 0x40000000ULL);

	open_tree(&a, argc, argv, "qemu-virt-arm64.dtb");
	open_tree(&b, argc, argv, "qemu-virt-arm64-padded.dtb");
	CHECK(b.totalsize >= a.totalsize + 65536);
	CHECK_EQ(fdt_read_reg(&a, fdt_path_offset(&a, "/pl011@9000000"), 0,
			      &a1, &s1), 0);
	CHECK_EQ(fdt_read_reg(&b, fdt_path_offset(&b, "/pl011@9000000"), 0,
			      &a2, &s2), 0);
	CHECK(a1 == 0x9000000 && a1 == a2 && s1 == s2);
}

/* Messages: distinct and specific for each error, sign-insensitive. */
static void test_strerror(void)
{
	const char *m[8];

	for (int e = 0; e <= FDT_ERR_BADVALUE; e++) {
		m[e] = fdt_strerror(-e);
		CHECK(m[e] != NULL && strlen(m[e]) >= 8);
		CHECK(strcmp(m[e], fdt_strerror(e)) == 0);
		CHECK(strstr(m[e], "unknown") == NULL);
		for (int j = 0; j < e; j++)
			CHECK(strcmp(m[e], m[j]) != 0);
	}
	CHECK(strstr(fdt_strerror(-FDT_ERR_TRUNCATED), "truncated") != NULL);
	CHECK(strstr(fdt_strerror(-FDT_ERR_BADMAGIC), "magic") != NULL);
	CHECK(strstr(fdt_strerror(-FDT_ERR_BADVERSION), "version") != NULL);
	CHECK(strstr(fdt_strerror(-FDT_ERR_BADLAYOUT), "corrupt") != NULL);
	CHECK(strstr(fdt_strerror(-FDT_ERR_BADSTRUCTURE), "corrupt") != NULL);
	CHECK(strstr(fdt_strerror(-99), "unknown") != NULL);
}

int main(int argc, char **argv)
{
	struct fdt t;
	unsigned char *blob;
	size_t size;

	open_tree(&t, argc, argv, "nested-cells.dtb");
	test_nested(&t);
	open_tree(&t, argc, argv, "strings.dtb");
	test_strings(&t);
	open_tree(&t, argc, argv, "minimal.dtb");
	test_minimal(&t);
	open_tree(&t, argc, argv, "qemu-virt-arm64.dtb");
	test_qemu(&t, "pl011@9000000", "arm,pl011");
	open_tree(&t, argc, argv, "qemu-virt-riscv64.dtb");
	test_qemu(&t, "serial@10000000", "ns16550a");
	open_tree(&t, argc, argv, "ambiguous.dtb");
	test_ambiguous(&t);
	test_variants(argc, argv);
	test_strerror();

	/* A failed init leaves a struct every call rejects. */
	blob = load_file(find_arg(argc, argv, "minimal.dtb"), &size);
	CHECK_EQ(fdt_init(&t, blob, size - 1), -FDT_ERR_TRUNCATED);
	CHECK_EQ(fdt_root(&t), -FDT_ERR_BADSTRUCTURE);
	CHECK_EQ(fdt_path_offset(&t, "/"), -FDT_ERR_BADSTRUCTURE);
	CHECK(fdt_getprop(&t, 0, "compatible", NULL) == NULL);
	CHECK(fdt_num_mem_rsv(&t) < 0);
	CHECK_EQ(fdt_init(&t, blob, size + 0), 0);
	CHECK_EQ(fdt_init(&t, NULL, size), -FDT_ERR_TRUNCATED);
	free(blob);

	printf("fdt_unit: %d checks, %d failed\n", test_checks, test_failures);
	return test_failures ? 1 : 0;
}
