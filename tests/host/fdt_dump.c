/*
 * tests/host/fdt_dump.c - print a DTB as kern/fdt.c reads it, for
 * comparison with fdtget (tests/host/fdt_oracle.py).
 *
 * Usage: fdt_dump FILE.  Output, one item per line, in document order:
 *   node PATH
 *   prop PATH NAME [XX ...]          value bytes in hex
 *   reg PATH INDEX ADDR SIZE | reg PATH error ERR
 *   compat STRING PATH               fdt_find_compatible() hits, by string
 *   alias NAME PATH|none             fdt_path_offset() on each alias
 *   rsv ADDR SIZE                    /memreserve/ entries
 * While walking it checks the API against itself (path lookup, parent,
 * getprop versus property iteration, compatible lists) and exits 1 on a
 * mismatch, 2 if fdt_init() fails.
 */
#include <string.h>
#include "fdt_test.h"

#define MAX_NODES	4096
#define MAX_PATH	1024

static struct fdt fdt;
static int node_off[MAX_NODES];
static char *node_path[MAX_NODES];
static int nnodes;
static const char *compats[MAX_NODES * 4];
static int ncompats;

static const char *path_of(int off)
{
	for (int i = 0; i < nnodes; i++)
		if (node_off[i] == off)
			return node_path[i];
	return "?";
}

/* Remember each distinct string of a compatible list. */
static void note_compats(const char *v, int len)
{
	int pos = 0, n, i;

	while (pos < len) {
		n = (int)strnlen(v + pos, (size_t)(len - pos));
		if (n == len - pos)
			break;
		for (i = 0; i < ncompats; i++)
			if (strcmp(compats[i], v + pos) == 0)
				break;
		if (i == ncompats && ncompats < (int)(sizeof(compats) / sizeof(compats[0])))
			compats[ncompats++] = v + pos;
		CHECK(fdt_is_compatible(&fdt, node_off[nnodes - 1], v + pos));
		pos += n + 1;
	}
}

/* Print one node's properties and reg entries; check getprop agrees. */
static void dump_props(int node, const char *path)
{
	const char *name;
	const unsigned char *v;
	int prop, len, glen, i, err;
	uint64_t addr, size;

	for (prop = fdt_first_prop(&fdt, node); prop >= 0;
	     prop = fdt_next_prop(&fdt, prop)) {
		v = fdt_prop_read(&fdt, prop, &name, &len);
		CHECK(v != NULL && name != NULL && len >= 0);
		if (v == NULL)
			return;
		printf("prop %s %s", path, name);
		for (i = 0; i < len; i++)
			printf(" %02x", v[i]);
		printf("\n");
		CHECK(fdt_getprop(&fdt, node, name, &glen) == (const void *)v);
		CHECK_EQ(glen, len);
		if (len > 0 && memchr(v, 0, (size_t)len) != NULL)
			CHECK(fdt_getprop_string(&fdt, node, name) == (const char *)v);
		else
			CHECK(fdt_getprop_string(&fdt, node, name) == NULL);
		if (strcmp(name, "compatible") == 0)
			note_compats((const char *)v, len);
	}
	CHECK_EQ(prop, -FDT_ERR_NOTFOUND);
	CHECK(fdt_getprop(&fdt, node, "no-such-property", &glen) == NULL);
	CHECK_EQ(glen, -FDT_ERR_NOTFOUND);

	if (fdt_getprop(&fdt, node, "reg", &len) == NULL)
		return;
	for (i = 0; (err = fdt_read_reg(&fdt, node, i, &addr, &size)) == 0; i++)
		printf("reg %s %d %llx %llx\n", path, i,
		       (unsigned long long)addr, (unsigned long long)size);
	if (err != -FDT_ERR_NOTFOUND || i == 0)
		printf("reg %s error %d\n", path, err);
}

/* Depth-first walk with first_child/next_sibling, checking that offsets
 * only move forward and that path and parent lookups agree. */
static void walk(int node, const char *path, int parent)
{
	char child_path[MAX_PATH];
	const char *name;
	int child;

	CHECK(nnodes < MAX_NODES);
	if (nnodes >= MAX_NODES)
		return;
	node_off[nnodes] = node;
	node_path[nnodes] = strdup(path);
	nnodes++;
	printf("node %s\n", path);
	CHECK_EQ(fdt_path_offset(&fdt, path), node);
	CHECK_EQ(fdt_parent(&fdt, node), parent);
	dump_props(node, path);

	for (child = fdt_first_child(&fdt, node); child >= 0;
	     child = fdt_next_sibling(&fdt, child)) {
		CHECK(child > node);
		name = fdt_node_name(&fdt, child);
		CHECK(name != NULL);
		if (name == NULL)
			return;
		snprintf(child_path, sizeof(child_path), "%s%s%s", path,
			 strcmp(path, "/") == 0 ? "" : "/", name);
		walk(child, child_path, node);
	}
	CHECK_EQ(child, -FDT_ERR_NOTFOUND);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int main(int argc, char **argv)
{
	unsigned char *blob;
	size_t size;
	const char *name;
	int err, root, off, prop, len, n, i;
	uint64_t addr, rsize;

	if (argc != 2) {
		fprintf(stderr, "usage: fdt_dump FILE.dtb\n");
		return 2;
	}
	blob = load_file(argv[1], &size);
	err = fdt_init(&fdt, blob, size);
	if (err != 0) {
		fprintf(stderr, "%s: %s\n", argv[1], fdt_strerror(err));
		return 2;
	}
	root = fdt_root(&fdt);
	CHECK(root >= 0);
	CHECK(fdt_node_name(&fdt, root) != NULL &&
	      strcmp(fdt_node_name(&fdt, root), "") == 0);
	CHECK_EQ(fdt_next_sibling(&fdt, root), -FDT_ERR_NOTFOUND);
	walk(root, "/", -FDT_ERR_NOTFOUND);

	qsort(compats, (size_t)ncompats, sizeof(compats[0]), cmp_str);
	for (i = 0; i < ncompats; i++)
		for (off = fdt_find_compatible(&fdt, -1, compats[i]); off >= 0;
		     off = fdt_find_compatible(&fdt, off, compats[i]))
			printf("compat %s %s\n", compats[i], path_of(off));

	off = fdt_path_offset(&fdt, "/aliases");
	for (prop = fdt_first_prop(&fdt, off); off >= 0 && prop >= 0;
	     prop = fdt_next_prop(&fdt, prop)) {
		if (fdt_prop_read(&fdt, prop, &name, &len) == NULL)
			break;
		n = fdt_path_offset(&fdt, name);
		printf("alias %s %s\n", name, n >= 0 ? path_of(n) : "none");
	}

	n = fdt_num_mem_rsv(&fdt);
	CHECK(n >= 0);
	for (i = 0; i < n; i++) {
		CHECK_EQ(fdt_get_mem_rsv(&fdt, i, &addr, &rsize), 0);
		printf("rsv %llx %llx\n", (unsigned long long)addr,
		       (unsigned long long)rsize);
	}
	CHECK_EQ(fdt_get_mem_rsv(&fdt, n, &addr, &rsize), -FDT_ERR_NOTFOUND);

	for (i = 0; i < nnodes; i++)
		free(node_path[i]);
	free(blob);
	if (test_failures) {
		fprintf(stderr, "fdt_dump %s: %d of %d checks failed\n",
			argv[1], test_failures, test_checks);
		return 1;
	}
	return 0;
}
