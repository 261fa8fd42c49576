/*
 * kern/fdt.h - a reader for flattened devicetrees (DTB, version 17).
 *
 * Shared by every port that boots with a devicetree (arm64, riscv64) and
 * built natively for the host tests.  The reader never trusts the blob:
 * fdt_init() validates the header against the size the caller knows, and
 * every walk checks offsets, lengths and nesting against the validated
 * bounds, so a truncated or corrupt blob yields an error, never a wild read
 * or an endless loop.
 */
#ifndef KERN_FDT_H
#define KERN_FDT_H

#ifdef MICA_HOST_TEST
#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>
#else
#include <kern/types.h>
#endif

/* Errors: negative return values. */
#define FDT_ERR_TRUNCATED	1	/* blob shorter than its header says */
#define FDT_ERR_BADMAGIC	2
#define FDT_ERR_BADVERSION	3
#define FDT_ERR_BADLAYOUT	4	/* blocks overlap or leave the blob */
#define FDT_ERR_BADSTRUCTURE	5	/* bad token, nesting, or alignment */
#define FDT_ERR_NOTFOUND	6
#define FDT_ERR_BADVALUE	7	/* property of the wrong size */

struct fdt {
	const uint8_t *blob;
	uint32_t totalsize;
	uint32_t off_struct, size_struct;
	uint32_t off_strings, size_strings;
	uint32_t off_rsvmap;
	uint32_t boot_cpuid;
};

/*
 * fdt_init: validate the blob at `blob`, of which at most max_size bytes may
 * be read (the caller's knowledge of the mapping; pass the header's
 * totalsize only if nothing better is known).  Returns 0 or -FDT_ERR_*.
 * The structure block is walked once in full, so later walks need only
 * check against the validated bounds.
 */
int fdt_init(struct fdt *fdt, const void *blob, size_t max_size);
const char *fdt_strerror(int err);

/* Node offsets are >= 0; negative values are -FDT_ERR_*. */
int fdt_root(const struct fdt *fdt);
int fdt_first_child(const struct fdt *fdt, int node);
int fdt_next_sibling(const struct fdt *fdt, int node);
int fdt_parent(const struct fdt *fdt, int node);
int fdt_path_offset(const struct fdt *fdt, const char *path);
/* Node name including the unit address ("uart@9000000"); "" for the root. */
const char *fdt_node_name(const struct fdt *fdt, int node);
/* Next node after `start` (-1: from the beginning) in document order whose
 * "compatible" list contains compat. */
int fdt_find_compatible(const struct fdt *fdt, int start, const char *compat);
bool fdt_is_compatible(const struct fdt *fdt, int node, const char *compat);

/* Property access.  Returns NULL (and *len < 0) if absent. */
const void *fdt_getprop(const struct fdt *fdt, int node, const char *name,
			int *len);
/* Iterate properties: offset of first/next property, then read it. */
int fdt_first_prop(const struct fdt *fdt, int node);
int fdt_next_prop(const struct fdt *fdt, int prop);
const void *fdt_prop_read(const struct fdt *fdt, int prop, const char **name,
			  int *len);

/* Typed helpers: big-endian cells. */
bool fdt_getprop_u32(const struct fdt *fdt, int node, const char *name,
		     uint32_t *out);
/* The string value of a property, NULL if absent or not NUL-terminated. */
const char *fdt_getprop_string(const struct fdt *fdt, int node,
			       const char *name);

/*
 * fdt_read_reg: the index'th (address, size) pair of node's "reg", decoded
 * with the parent's #address-cells / #size-cells (defaults 2 and 1).
 * Returns 0, -FDT_ERR_NOTFOUND past the end, or another -FDT_ERR_*.
 */
int fdt_read_reg(const struct fdt *fdt, int node, int index, uint64_t *addr,
		 uint64_t *size);

/* The memory reservation block (/memreserve/ entries). */
int fdt_num_mem_rsv(const struct fdt *fdt);
int fdt_get_mem_rsv(const struct fdt *fdt, int index, uint64_t *addr,
		    uint64_t *size);

/*
 * fdt_boot_collect (kern/fdt_boot.c, kernel only): fill boot_info from a
 * validated tree: RAM from /memory nodes, reservations from /memreserve/
 * and /reserved-memory, the command line from /chosen/bootargs, the initrd
 * from /chosen/linux,initrd-start/-end, boot modules from /chosen nodes
 * compatible with "multiboot,module", and the DTB itself as reserved.
 * Returns 0 or -FDT_ERR_*.
 */
int fdt_boot_collect(const struct fdt *fdt, uint64_t dtb_phys);

#endif /* KERN_FDT_H */
