/*
 * kern/fdt.c - a validating reader for flattened devicetrees (DTB v16/v17).
 *
 * The blob is untrusted.  fdt_init() checks the header and walks the whole
 * structure block once; every other function re-checks each token it
 * touches against the validated bounds (off_struct, size_struct,
 * off_strings, size_strings), so a blob that changes after fdt_init() or a
 * bogus offset from a caller yields an error, never a read outside the
 * blob.  Every walk moves strictly forward through a bounded block, so no
 * walk can loop forever.
 *
 * Multi-byte values are read one byte at a time through a volatile pointer:
 * the kernel may run this before the MMU is on (arm64: all accesses are
 * Device memory, where an unaligned word load faults), and the compiler
 * must not fuse the byte loads into one unaligned load.
 *
 * Offsets handed out (nodes, properties) are byte offsets of a token from
 * the start of the structure block.
 */
#ifdef MICA_HOST_TEST
#include <string.h>
#else
#include <kern/string.h>
#endif
#include <kern/fdt.h>

#define FDT_MAGIC		0xd00dfeedU

/* Structure block tokens. */
#define FDT_BEGIN_NODE		1
#define FDT_END_NODE		2
#define FDT_PROP		3
#define FDT_NOP			4
#define FDT_END			9

#define FDT_MAX_DEPTH		64	/* nesting bound, root is depth 1 */
#define FDT_HDR_V16		36	/* v16 header: no size_dt_struct */
#define FDT_HDR_V17		40
#define FDT_RSV_ENTRY		16	/* two big-endian 64-bit words */
#define FDT_MAX_TOTAL		0x7fffffffU	/* offsets must fit an int */

/* Header field offsets. */
#define HDR_MAGIC		0
#define HDR_TOTALSIZE		4
#define HDR_OFF_STRUCT		8
#define HDR_OFF_STRINGS		12
#define HDR_OFF_RSVMAP		16
#define HDR_VERSION		20
#define HDR_LAST_COMP		24
#define HDR_BOOT_CPUID		28
#define HDR_SIZE_STRINGS	32
#define HDR_SIZE_STRUCT		36

static uint32_t be32(const uint8_t *p)
{
	const volatile uint8_t *v = p;

	return ((uint32_t)v[0] << 24) | ((uint32_t)v[1] << 16) |
	       ((uint32_t)v[2] << 8) | (uint32_t)v[3];
}

static uint64_t be64(const uint8_t *p)
{
	return ((uint64_t)be32(p) << 32) | be32(p + 4);
}

static uint32_t align4(uint32_t x)
{
	return (x + 3) & ~3U;
}

/* Pass negative values through as errors, mapping strays to BADSTRUCTURE. */
static int as_error(int v)
{
	return v >= -FDT_ERR_BADVALUE ? v : -FDT_ERR_BADSTRUCTURE;
}

/*
 * step: decode the token at structure offset `off`.
 * Conditions: checks only against fdt->size_struct, so it is safe on any
 * offset and on a blob that changed since fdt_init().
 * Returns the token (> 0) and the offset of the following token in *next,
 * or -FDT_ERR_BADSTRUCTURE if off is misaligned or outside the block, the
 * token is unknown, a node name is not NUL-terminated inside the block, or
 * a property value runs past the block.
 */
static int step(const struct fdt *fdt, int off, int *next)
{
	uint32_t size = fdt->size_struct, o, room, n, len;
	const uint8_t *p;
	uint32_t tag;

	if (off < 0 || (off & 3) != 0)
		return -FDT_ERR_BADSTRUCTURE;
	o = (uint32_t)off;
	if (o >= size || size - o < 4)
		return -FDT_ERR_BADSTRUCTURE;
	p = fdt->blob + fdt->off_struct + o;
	room = size - o - 4;		/* bytes after the tag */
	tag = be32(p);
	switch (tag) {
	case FDT_BEGIN_NODE:
		n = (uint32_t)strnlen((const char *)p + 4, room);
		if (n == room)
			return -FDT_ERR_BADSTRUCTURE;
		n = align4(n + 1);
		break;
	case FDT_PROP:
		if (room < 8)
			return -FDT_ERR_BADSTRUCTURE;
		len = be32(p + 4);
		if (len > room - 8)
			return -FDT_ERR_BADSTRUCTURE;
		n = 8 + align4(len);
		break;
	case FDT_NOP:
	case FDT_END_NODE:
	case FDT_END:
		n = 0;
		break;
	default:
		return -FDT_ERR_BADSTRUCTURE;
	}
	if (n > room)
		return -FDT_ERR_BADSTRUCTURE;
	*next = (int)(o + 4 + n);
	return (int)tag;
}

/*
 * string_at: the property name at `nameoff` in the strings block.
 * Returns NULL unless nameoff lies inside the block and a NUL follows
 * before the block ends.
 */
static const char *string_at(const struct fdt *fdt, uint32_t nameoff)
{
	const char *s;

	if (nameoff >= fdt->size_strings)
		return NULL;
	s = (const char *)fdt->blob + fdt->off_strings + nameoff;
	if (strnlen(s, fdt->size_strings - nameoff) == fdt->size_strings - nameoff)
		return NULL;
	return s;
}

/* Skip NOP tokens from off.  Returns the first other token's offset and
 * stores its tag in *tag, or a negative error. */
static int skip_nops(const struct fdt *fdt, int off, int *tag)
{
	int next, t;

	for (;;) {
		t = step(fdt, off, &next);
		if (t < 0)
			return t;
		if (t != FDT_NOP)
			break;
		off = next;
	}
	*tag = t;
	return off;
}

/*
 * node_body: check that `node` is a BEGIN_NODE token.
 * Returns the offset just past its name (first property or child), or a
 * negative error (negative inputs are passed through).
 */
static int node_body(const struct fdt *fdt, int node)
{
	int next;

	if (node < 0)
		return as_error(node);
	if (step(fdt, node, &next) != FDT_BEGIN_NODE)
		return -FDT_ERR_BADSTRUCTURE;
	return next;
}

/*
 * skip_subtree: offset just past the END_NODE that closes `node`.
 * Returns it or a negative error; bounded by the block and FDT_MAX_DEPTH.
 */
static int skip_subtree(const struct fdt *fdt, int node)
{
	int off, next, t, depth = 0;

	off = node;
	for (;;) {
		t = step(fdt, off, &next);
		if (t < 0)
			return t;
		if (t == FDT_BEGIN_NODE) {
			if (++depth > FDT_MAX_DEPTH)
				return -FDT_ERR_BADSTRUCTURE;
		} else if (t == FDT_END_NODE) {
			if (--depth == 0)
				return next;
		} else if (t == FDT_END) {
			return -FDT_ERR_BADSTRUCTURE;
		}
		off = next;
	}
}

/*
 * check_rsvmap: find the reservation map terminator.  `limit` is the first
 * byte the map may not use.  Returns the number of entries before the
 * terminator (an entry of size 0, as libfdt-based loaders treat it), or
 * -FDT_ERR_BADLAYOUT if the map runs into `limit`.
 */
static int check_rsvmap(const struct fdt *fdt, uint32_t limit)
{
	uint32_t off = fdt->off_rsvmap;
	int n = 0;

	while (off <= limit && limit - off >= FDT_RSV_ENTRY) {
		if (be64(fdt->blob + off + 8) == 0)
			return n;
		off += FDT_RSV_ENTRY;
		n++;
	}
	return -FDT_ERR_BADLAYOUT;
}

/*
 * block_limit: the end of the room available to a block starting at
 * `start`: totalsize or the start of the nearest non-empty block after it
 * (among rsvmap, struct and strings; `self` names the block to ignore).
 * A zero-size block has no extent and limits nothing.
 */
static uint32_t block_limit(const struct fdt *fdt, uint32_t start, int self,
			    uint32_t rsv_size)
{
	uint32_t lim = fdt->totalsize;
	uint32_t starts[3] = { fdt->off_rsvmap, fdt->off_struct, fdt->off_strings };
	uint32_t sizes[3] = { rsv_size, fdt->size_struct, fdt->size_strings };
	int i;

	for (i = 0; i < 3; i++) {
		if (i == self || sizes[i] == 0)
			continue;
		if (starts[i] >= start && starts[i] < lim)
			lim = starts[i];
	}
	return lim;
}

/* True if the non-empty ranges [a, a+alen) and [b, b+blen) intersect. */
static bool overlap(uint32_t a, uint32_t alen, uint32_t b, uint32_t blen)
{
	if (alen == 0 || blen == 0)
		return false;
	return (uint64_t)a < (uint64_t)b + blen && (uint64_t)b < (uint64_t)a + alen;
}

/*
 * check_structure: walk the whole structure block once.
 * Conditions: fdt->size_struct bounds the walk (for v16 blobs, the room up
 * to the next block); the strings block is already validated.
 * Checks every token, exactly one root node with an empty name, non-empty
 * child names without '/', nesting <= FDT_MAX_DEPTH, properties only inside
 * a node and before its first child, every property name inside the
 * strings block and NUL-terminated, and FDT_END after the root.
 * Returns the offset just past FDT_END, or a negative error.
 */
static int check_structure(const struct fdt *fdt)
{
	uint64_t has_child = 0;	/* bit d-1: the node at depth d had a child */
	int off = 0, next, t, depth = 0, roots = 0;
	const char *name;

	for (;;) {
		t = step(fdt, off, &next);
		if (t < 0)
			return t;
		switch (t) {
		case FDT_BEGIN_NODE:
			name = (const char *)fdt->blob + fdt->off_struct + off + 4;
			if (depth == 0) {
				if (roots++ != 0 || name[0] != '\0')
					return -FDT_ERR_BADSTRUCTURE;
			} else if (name[0] == '\0' || strchr(name, '/') != NULL) {
				return -FDT_ERR_BADSTRUCTURE;
			}
			if (depth == FDT_MAX_DEPTH)
				return -FDT_ERR_BADSTRUCTURE;
			has_child &= ~(1ULL << depth);
			depth++;
			break;
		case FDT_END_NODE:
			if (depth == 0)
				return -FDT_ERR_BADSTRUCTURE;
			depth--;
			if (depth > 0)
				has_child |= 1ULL << (depth - 1);
			break;
		case FDT_PROP:
			if (depth == 0 || (has_child & (1ULL << (depth - 1))))
				return -FDT_ERR_BADSTRUCTURE;
			if (string_at(fdt, be32(fdt->blob + fdt->off_struct + off + 8)) == NULL)
				return -FDT_ERR_BADSTRUCTURE;
			break;
		case FDT_END:
			if (depth != 0 || roots != 1)
				return -FDT_ERR_BADSTRUCTURE;
			return next;
		default:		/* FDT_NOP */
			break;
		}
		off = next;
	}
}

/*
 * fdt_init: validate the header and the structure block (see fdt.h).
 * Conditions: at most max_size bytes at blob are read.  On failure *fdt is
 * left zeroed, so every other call on it fails cleanly.
 * Returns 0 or -FDT_ERR_*: TRUNCATED if the blob or header does not fit in
 * max_size, BADMAGIC, BADVERSION (version < 16 or last_comp_version > 17),
 * BADLAYOUT if a block leaves the blob or overlaps another, BADSTRUCTURE
 * for misalignment or a bad structure block.
 */
int fdt_init(struct fdt *fdt, const void *blob, size_t max_size)
{
	const uint8_t *b = blob;
	uint32_t version, hdr, rsv_size;
	int n, end;

	if (fdt == NULL)
		return -FDT_ERR_BADVALUE;
	memset(fdt, 0, sizeof(*fdt));
	if (b == NULL || max_size < 4)
		return -FDT_ERR_TRUNCATED;
	if (be32(b + HDR_MAGIC) != FDT_MAGIC)
		return -FDT_ERR_BADMAGIC;
	if (max_size < HDR_LAST_COMP + 4)
		return -FDT_ERR_TRUNCATED;
	version = be32(b + HDR_VERSION);
	if (version < 16 || be32(b + HDR_LAST_COMP) > 17)
		return -FDT_ERR_BADVERSION;
	hdr = version >= 17 ? FDT_HDR_V17 : FDT_HDR_V16;
	if (max_size < hdr)
		return -FDT_ERR_TRUNCATED;

	struct fdt f = {
		.blob = b,
		.totalsize = be32(b + HDR_TOTALSIZE),
		.off_struct = be32(b + HDR_OFF_STRUCT),
		.off_strings = be32(b + HDR_OFF_STRINGS),
		.size_strings = be32(b + HDR_SIZE_STRINGS),
		.off_rsvmap = be32(b + HDR_OFF_RSVMAP),
		.boot_cpuid = be32(b + HDR_BOOT_CPUID),
	};
	if (f.totalsize > max_size)
		return -FDT_ERR_TRUNCATED;
	if (f.totalsize < hdr || f.totalsize > FDT_MAX_TOTAL)
		return -FDT_ERR_BADLAYOUT;
	if ((f.off_struct & 3) != 0 || (f.off_rsvmap & 7) != 0)
		return -FDT_ERR_BADSTRUCTURE;

	/* Every block starts after the header and ends inside the blob. */
	if (f.off_struct < hdr || f.off_strings < hdr || f.off_rsvmap < hdr ||
	    f.off_struct > f.totalsize || f.off_rsvmap > f.totalsize ||
	    f.off_strings > f.totalsize ||
	    f.size_strings > f.totalsize - f.off_strings)
		return -FDT_ERR_BADLAYOUT;
	if (version >= 17) {
		f.size_struct = be32(b + HDR_SIZE_STRUCT);
		if (f.size_struct > f.totalsize - f.off_struct)
			return -FDT_ERR_BADLAYOUT;
		if ((f.size_struct & 3) != 0)
			return -FDT_ERR_BADSTRUCTURE;
	} else {
		f.size_struct = 4;	/* unknown, but not empty */
	}

	/* The reservation map has no size field; it ends at its terminator,
	 * which must come before the next block (or the blob's end). */
	n = check_rsvmap(&f, block_limit(&f, f.off_rsvmap, 0, 0));
	if (n < 0)
		return n;
	rsv_size = ((uint32_t)n + 1) * FDT_RSV_ENTRY;
	if (version < 17) {
		/* Provisionally the room up to the next block; the walk
		 * below finds the real end. */
		f.size_struct = (block_limit(&f, f.off_struct, 1, rsv_size) -
				 f.off_struct) & ~3U;
	}

	end = check_structure(&f);
	if (end < 0)
		return end;
	if (version >= 17 && (uint32_t)end != f.size_struct)
		return -FDT_ERR_BADSTRUCTURE;	/* data after FDT_END */
	f.size_struct = (uint32_t)end;

	if (overlap(f.off_rsvmap, rsv_size, f.off_struct, f.size_struct) ||
	    overlap(f.off_rsvmap, rsv_size, f.off_strings, f.size_strings) ||
	    overlap(f.off_struct, f.size_struct, f.off_strings, f.size_strings))
		return -FDT_ERR_BADLAYOUT;

	*fdt = f;
	return 0;
}

/*
 * fdt_strerror: a fixed message for an error code (either sign).
 * Returns a non-NULL string; unknown codes get a generic message.
 */
const char *fdt_strerror(int err)
{
	if (err < 0)
		err = -err;
	switch (err) {
	case 0:
		return "no error";
	case FDT_ERR_TRUNCATED:
		return "devicetree truncated: blob shorter than its header says";
	case FDT_ERR_BADMAGIC:
		return "not a devicetree: bad magic (expected 0xd00dfeed)";
	case FDT_ERR_BADVERSION:
		return "unsupported devicetree version (need 16 or 17)";
	case FDT_ERR_BADLAYOUT:
		return "corrupt devicetree: blocks overlap or leave the blob";
	case FDT_ERR_BADSTRUCTURE:
		return "corrupt devicetree: bad token, name, nesting or alignment";
	case FDT_ERR_NOTFOUND:
		return "devicetree node or property not found";
	case FDT_ERR_BADVALUE:
		return "devicetree property has the wrong size or format";
	default:
		return "unknown devicetree error";
	}
}

/* fdt_root: offset of the root node (after any leading NOPs). */
int fdt_root(const struct fdt *fdt)
{
	int tag, off;

	off = skip_nops(fdt, 0, &tag);
	if (off < 0)
		return off;
	return tag == FDT_BEGIN_NODE ? off : -FDT_ERR_BADSTRUCTURE;
}

/*
 * fdt_first_child: the first subnode of `node`.
 * Returns its offset, -FDT_ERR_NOTFOUND for a leaf, or another error.
 */
int fdt_first_child(const struct fdt *fdt, int node)
{
	int off, next, t;

	off = node_body(fdt, node);
	if (off < 0)
		return off;
	for (;;) {
		t = step(fdt, off, &next);
		if (t < 0)
			return t;
		if (t == FDT_BEGIN_NODE)
			return off;
		if (t == FDT_END_NODE)
			return -FDT_ERR_NOTFOUND;
		if (t == FDT_END)
			return -FDT_ERR_BADSTRUCTURE;
		off = next;			/* PROP or NOP */
	}
}

/*
 * fdt_next_sibling: the node after `node` under the same parent.
 * Returns its offset (always greater than node), -FDT_ERR_NOTFOUND after
 * the last child (and for the root), or another error.
 */
int fdt_next_sibling(const struct fdt *fdt, int node)
{
	int off, tag;

	off = node_body(fdt, node);
	if (off < 0)
		return off;
	off = skip_subtree(fdt, node);
	if (off < 0)
		return off;
	off = skip_nops(fdt, off, &tag);
	if (off < 0)
		return off;
	if (tag == FDT_BEGIN_NODE)
		return off;
	if (tag == FDT_END_NODE || tag == FDT_END)
		return -FDT_ERR_NOTFOUND;
	return -FDT_ERR_BADSTRUCTURE;
}

/*
 * fdt_parent: the node containing `node`, found by walking from the start
 * with a stack of open nodes (O(size of the block)).
 * Returns its offset, -FDT_ERR_NOTFOUND for the root, -FDT_ERR_BADSTRUCTURE
 * if node is not a node token reached by the walk.
 */
int fdt_parent(const struct fdt *fdt, int node)
{
	int stack[FDT_MAX_DEPTH];
	int off, next, t, depth = 0;

	off = node_body(fdt, node);
	if (off < 0)
		return off;
	for (off = 0; off <= node; off = next) {
		t = step(fdt, off, &next);
		if (t < 0)
			return t;
		if (t == FDT_BEGIN_NODE) {
			if (off == node)
				return depth == 0 ? -FDT_ERR_NOTFOUND : stack[depth - 1];
			if (depth == FDT_MAX_DEPTH)
				return -FDT_ERR_BADSTRUCTURE;
			stack[depth++] = off;
		} else if (t == FDT_END_NODE) {
			if (depth == 0)
				return -FDT_ERR_BADSTRUCTURE;
			depth--;
		} else if (t == FDT_END) {
			break;
		}
	}
	return -FDT_ERR_BADSTRUCTURE;
}

/* fdt_node_name: see fdt.h.  Returns NULL for an offset that is not a node. */
const char *fdt_node_name(const struct fdt *fdt, int node)
{
	if (node_body(fdt, node) < 0)
		return NULL;
	return (const char *)fdt->blob + fdt->off_struct + node + 4;
}

/*
 * find_child: the subnode of `node` named by name[0..len).  A component
 * with a unit address must match exactly; one without matches "name" or
 * "name@<anything>", preferring an exact match.
 * Returns the child's offset or a negative error.
 */
static int find_child(const struct fdt *fdt, int node, const char *name,
		      size_t len)
{
	int child, first = -FDT_ERR_NOTFOUND;
	bool has_unit = false;
	const char *cn;
	size_t i;

	for (i = 0; i < len; i++)
		if (name[i] == '@')
			has_unit = true;
	for (child = fdt_first_child(fdt, node); child >= 0;
	     child = fdt_next_sibling(fdt, child)) {
		cn = fdt_node_name(fdt, child);
		if (cn == NULL || strncmp(cn, name, len) != 0)
			continue;
		if (cn[len] == '\0')
			return child;
		if (!has_unit && cn[len] == '@' && first < 0)
			first = child;
	}
	if (child != -FDT_ERR_NOTFOUND)
		return child;
	return first;
}

/*
 * walk_path: follow the '/'-separated components of `p` down from `node`
 * (repeated slashes are ignored).  Returns the node offset or an error.
 */
static int walk_path(const struct fdt *fdt, int node, const char *p)
{
	size_t len;

	while (node >= 0) {
		while (*p == '/')
			p++;
		if (*p == '\0')
			break;
		for (len = 0; p[len] != '\0' && p[len] != '/'; len++)
			;
		node = find_child(fdt, node, p, len);
		p += len;
	}
	return node;
}

/*
 * fdt_path_offset: resolve an absolute path ("/soc/uart@10000000") or one
 * starting with an alias from /aliases ("serial0" or "serial0/sub").  An
 * alias must expand to an absolute path; aliases are not expanded twice.
 * Returns the node offset, -FDT_ERR_NOTFOUND, -FDT_ERR_BADVALUE for an
 * empty path or an alias that is not an absolute path, or another error.
 */
int fdt_path_offset(const struct fdt *fdt, const char *path)
{
	int root, aliases, prop, len, node;
	const char *pname, *target;
	size_t alen;

	if (path == NULL || path[0] == '\0')
		return -FDT_ERR_BADVALUE;
	root = fdt_root(fdt);
	if (root < 0 || path[0] == '/')
		return root < 0 ? root : walk_path(fdt, root, path);

	for (alen = 0; path[alen] != '\0' && path[alen] != '/'; alen++)
		;
	aliases = find_child(fdt, root, "aliases", 7);
	if (aliases < 0)
		return aliases;
	for (prop = fdt_first_prop(fdt, aliases); prop >= 0;
	     prop = fdt_next_prop(fdt, prop)) {
		target = fdt_prop_read(fdt, prop, &pname, &len);
		if (target == NULL || strncmp(pname, path, alen) != 0 ||
		    pname[alen] != '\0')
			continue;
		if (len <= 0 || strnlen(target, (size_t)len) == (size_t)len ||
		    target[0] != '/')
			return -FDT_ERR_BADVALUE;
		node = walk_path(fdt, root, target);
		return node < 0 ? node : walk_path(fdt, node, path + alen);
	}
	return as_error(prop);
}

/*
 * props_from: the first PROP token at or after `off`, skipping NOPs, where
 * off lies inside a node's property list.
 * Returns its offset, -FDT_ERR_NOTFOUND at the node's first child or end.
 */
static int props_from(const struct fdt *fdt, int off)
{
	int tag;

	off = skip_nops(fdt, off, &tag);
	if (off < 0)
		return off;
	if (tag == FDT_PROP)
		return off;
	if (tag == FDT_BEGIN_NODE || tag == FDT_END_NODE)
		return -FDT_ERR_NOTFOUND;
	return -FDT_ERR_BADSTRUCTURE;
}

/* fdt_first_prop: offset of node's first property, or a negative error. */
int fdt_first_prop(const struct fdt *fdt, int node)
{
	int off = node_body(fdt, node);

	return off < 0 ? off : props_from(fdt, off);
}

/* fdt_next_prop: offset of the property after `prop` in the same node,
 * -FDT_ERR_NOTFOUND after the last one, or another error. */
int fdt_next_prop(const struct fdt *fdt, int prop)
{
	int next;

	if (prop < 0)
		return as_error(prop);
	if (step(fdt, prop, &next) != FDT_PROP)
		return -FDT_ERR_BADSTRUCTURE;
	return props_from(fdt, next);
}

/*
 * fdt_prop_read: value, name and length of the property at `prop`.
 * Returns a pointer to the value (non-NULL even when the length is 0), or
 * NULL with *len set to an error if prop is not a property token or its
 * name is not a valid string.  name and len may be NULL.
 */
const void *fdt_prop_read(const struct fdt *fdt, int prop, const char **name,
			  int *len)
{
	const uint8_t *p;
	const char *s;
	int next, err = -FDT_ERR_BADSTRUCTURE;

	if (name != NULL)
		*name = NULL;
	if (prop < 0)
		err = as_error(prop);
	else if (step(fdt, prop, &next) == FDT_PROP) {
		p = fdt->blob + fdt->off_struct + prop;
		s = string_at(fdt, be32(p + 8));
		if (s != NULL) {
			if (name != NULL)
				*name = s;
			if (len != NULL)
				*len = (int)be32(p + 4);  /* step() bounded it */
			return p + 12;
		}
	}
	if (len != NULL)
		*len = err;
	return NULL;
}

/*
 * fdt_getprop: the value of node's property `name`.
 * Returns the value and its length in *len, or NULL with *len set to
 * -FDT_ERR_NOTFOUND (absent) or another error.  len may be NULL.
 */
const void *fdt_getprop(const struct fdt *fdt, int node, const char *name,
			int *len)
{
	const char *pname;
	const void *v;
	int prop, plen;

	for (prop = fdt_first_prop(fdt, node); prop >= 0;
	     prop = fdt_next_prop(fdt, prop)) {
		v = fdt_prop_read(fdt, prop, &pname, &plen);
		if (v == NULL) {
			prop = plen;
			break;
		}
		if (strcmp(pname, name) == 0) {
			if (len != NULL)
				*len = plen;
			return v;
		}
	}
	if (len != NULL)
		*len = as_error(prop);
	return NULL;
}

/* fdt_getprop_u32: a one-cell property.  Returns false if it is absent or
 * not exactly 4 bytes long. */
bool fdt_getprop_u32(const struct fdt *fdt, int node, const char *name,
		     uint32_t *out)
{
	int len;
	const uint8_t *v = fdt_getprop(fdt, node, name, &len);

	if (v == NULL || len != 4)
		return false;
	*out = be32(v);
	return true;
}

/* fdt_getprop_string: see fdt.h.  The value must hold a NUL inside its
 * length (a string list yields its first string). */
const char *fdt_getprop_string(const struct fdt *fdt, int node,
			       const char *name)
{
	int len;
	const char *v = fdt_getprop(fdt, node, name, &len);

	if (v == NULL || len <= 0 || strnlen(v, (size_t)len) == (size_t)len)
		return NULL;
	return v;
}

/*
 * fdt_is_compatible: true if node's "compatible" string list holds compat.
 * An unterminated last entry is ignored.
 */
bool fdt_is_compatible(const struct fdt *fdt, int node, const char *compat)
{
	const char *v;
	size_t pos, n, clen;
	int len;

	v = fdt_getprop(fdt, node, "compatible", &len);
	if (v == NULL || compat == NULL)
		return false;
	clen = strlen(compat);
	for (pos = 0; pos < (size_t)len; pos += n + 1) {
		n = strnlen(v + pos, (size_t)len - pos);
		if (n == (size_t)len - pos)
			break;
		if (n == clen && memcmp(v + pos, compat, n) == 0)
			return true;
	}
	return false;
}

/*
 * fdt_find_compatible: the first node after `start` (-1: from the start of
 * the tree, including the root) in document order compatible with compat.
 * Returns its offset, -FDT_ERR_NOTFOUND, or another error.
 */
int fdt_find_compatible(const struct fdt *fdt, int start, const char *compat)
{
	int off, next, t;

	off = start == -1 ? 0 : node_body(fdt, start);
	if (off < 0)
		return off;
	for (;;) {
		t = step(fdt, off, &next);
		if (t < 0)
			return t;
		if (t == FDT_END)
			return -FDT_ERR_NOTFOUND;
		if (t == FDT_BEGIN_NODE && fdt_is_compatible(fdt, off, compat))
			return off;
		off = next;
	}
}

/*
 * cells: the parent's #address-cells or #size-cells, or `dflt` if absent.
 * Returns the count or -FDT_ERR_BADVALUE if the property is malformed.
 */
static int64_t cells(const struct fdt *fdt, int node, const char *name,
		     int dflt)
{
	uint32_t v;
	int len;

	if (node < 0 || fdt_getprop(fdt, node, name, &len) == NULL)
		return dflt;
	if (!fdt_getprop_u32(fdt, node, name, &v))
		return -FDT_ERR_BADVALUE;
	return v;
}

/* read_cells: n (0..2) big-endian cells as one number. */
static uint64_t read_cells(const uint8_t *p, int64_t n)
{
	uint64_t v = 0;

	while (n-- > 0) {
		v = (v << 32) | be32(p);
		p += 4;
	}
	return v;
}

/*
 * fdt_read_reg: see fdt.h.  Address cells must be 1 or 2 and size cells
 * 0 to 2 (wider values do not fit 64 bits): -FDT_ERR_BADVALUE otherwise,
 * and if "reg" is not a whole number of entries.  The root node uses the
 * defaults.  addr and size may be NULL.
 */
int fdt_read_reg(const struct fdt *fdt, int node, int index, uint64_t *addr,
		 uint64_t *size)
{
	int parent, len;
	int64_t ac, sc;
	uint32_t stride;
	const uint8_t *reg;

	if (index < 0)
		return -FDT_ERR_BADVALUE;
	parent = fdt_parent(fdt, node);
	if (parent < 0 && parent != -FDT_ERR_NOTFOUND)
		return parent;
	ac = cells(fdt, parent, "#address-cells", 2);
	sc = cells(fdt, parent, "#size-cells", 1);
	if (ac < 1 || ac > 2 || sc < 0 || sc > 2)
		return -FDT_ERR_BADVALUE;
	reg = fdt_getprop(fdt, node, "reg", &len);
	if (reg == NULL)
		return len;
	stride = (uint32_t)(ac + sc) * 4;
	if ((uint32_t)len % stride != 0)
		return -FDT_ERR_BADVALUE;
	if ((uint32_t)index >= (uint32_t)len / stride)
		return -FDT_ERR_NOTFOUND;
	reg += (uint32_t)index * stride;
	if (addr != NULL)
		*addr = read_cells(reg, ac);
	if (size != NULL)
		*size = read_cells(reg + ac * 4, sc);
	return 0;
}

/*
 * fdt_num_mem_rsv: number of /memreserve/ entries before the terminator.
 * Re-checks the map against the blob's blocks.  Returns the count or
 * -FDT_ERR_BADLAYOUT.
 */
int fdt_num_mem_rsv(const struct fdt *fdt)
{
	if (fdt->totalsize == 0)
		return -FDT_ERR_BADLAYOUT;	/* not initialised */
	return check_rsvmap(fdt, block_limit(fdt, fdt->off_rsvmap, 0, 0));
}

/* fdt_get_mem_rsv: the index'th reservation.  Returns 0,
 * -FDT_ERR_NOTFOUND past the end, or another error. */
int fdt_get_mem_rsv(const struct fdt *fdt, int index, uint64_t *addr,
		    uint64_t *size)
{
	const uint8_t *e;
	int n = fdt_num_mem_rsv(fdt);

	if (n < 0)
		return n;
	if (index < 0 || index >= n)
		return -FDT_ERR_NOTFOUND;
	e = fdt->blob + fdt->off_rsvmap + (uint32_t)index * FDT_RSV_ENTRY;
	if (addr != NULL)
		*addr = be64(e);
	if (size != NULL)
		*size = be64(e + 8);
	return 0;
}
