/*
 * tests/host/fdt_bad.c - hand-built blobs, each one fault away from a valid
 * tree, and the exact error fdt_init() must return for it.
 *
 * A small builder writes the structure and strings blocks and lays them
 * out with a header (dtc's block order or others, version 17 or 16).  The
 * valid base cases come first: they prove that the builder itself is
 * right, so each bad case fails for its one fault.
 */
#include <string.h>
#include "fdt_test.h"

#define BEGIN	1
#define ENDN	2
#define PROP	3
#define NOP	4
#define END	9

struct sbuf {
	unsigned char b[65536];
	uint32_t n;
};

/* Strings block of the base tree: name offsets below. */
static const char base_strings[] = "compatible\0#address-cells\0reg";
#define S_COMPAT	0
#define S_ACELLS	11
#define S_REG		26

static void put32(struct sbuf *s, uint32_t v)
{
	s->b[s->n++] = (unsigned char)(v >> 24);
	s->b[s->n++] = (unsigned char)(v >> 16);
	s->b[s->n++] = (unsigned char)(v >> 8);
	s->b[s->n++] = (unsigned char)v;
}

static void put_padded(struct sbuf *s, const void *p, uint32_t len)
{
	memcpy(s->b + s->n, p, len);
	s->n += len;
	while (s->n & 3)
		s->b[s->n++] = 0;
}

static void begin(struct sbuf *s, const char *name)
{
	put32(s, BEGIN);
	put_padded(s, name, (uint32_t)strlen(name) + 1);
}

static void prop(struct sbuf *s, uint32_t nameoff, const void *v, uint32_t len)
{
	put32(s, PROP);
	put32(s, len);
	put32(s, nameoff);
	put_padded(s, v, len);
}

static void prop_u32(struct sbuf *s, uint32_t nameoff, uint32_t v)
{
	unsigned char b[4] = { v >> 24, v >> 16, v >> 8, v };

	prop(s, nameoff, b, 4);
}

static void set32(unsigned char *b, uint32_t off, uint32_t v)
{
	b[off] = (unsigned char)(v >> 24);
	b[off + 1] = (unsigned char)(v >> 16);
	b[off + 2] = (unsigned char)(v >> 8);
	b[off + 3] = (unsigned char)v;
}

/* The base tree: / { compatible; #address-cells = <1>; child@1000 { reg =
 * <0x1000 0x100>; }; }.  The builders below produce it with one fault. */
static void root_props(struct sbuf *s)
{
	prop(s, S_COMPAT, "mica,base", 10);
	prop_u32(s, S_ACELLS, 1);
}

static void child(struct sbuf *s)
{
	static const unsigned char reg[8] = { 0, 0, 0x10, 0, 0, 0, 1, 0 };

	begin(s, "child@1000");
	prop(s, S_REG, reg, sizeof(reg));
	put32(s, ENDN);
}

static void mk_base(struct sbuf *s)
{
	begin(s, ""); root_props(s); child(s); put32(s, ENDN); put32(s, END);
}

static void mk_nops(struct sbuf *s)
{
	put32(s, NOP); begin(s, ""); put32(s, NOP); root_props(s); put32(s, NOP);
	child(s); put32(s, NOP); put32(s, ENDN); put32(s, NOP); put32(s, END);
}

static void mk_nest(struct sbuf *s, int depth)
{
	begin(s, "");
	for (int i = 1; i < depth; i++)
		begin(s, "n");
	for (int i = 0; i < depth; i++)
		put32(s, ENDN);
	put32(s, END);
}

static void mk_root_only(struct sbuf *s) { mk_nest(s, 1); }
static void mk_depth64(struct sbuf *s) { mk_nest(s, 64); }
static void mk_depth65(struct sbuf *s) { mk_nest(s, 65); }
static void mk_depth5000(struct sbuf *s) { mk_nest(s, 5000); }

static void mk_unterminated_name(struct sbuf *s)
{
	begin(s, ""); root_props(s);
	put32(s, BEGIN);
	memcpy(s->b + s->n, "abcdefgh", 8);	/* no NUL to the block's end */
	s->n += 8;
}

static void mk_no_end(struct sbuf *s)
{
	begin(s, ""); root_props(s); child(s); put32(s, ENDN);
}

static void mk_end_inside(struct sbuf *s)
{
	begin(s, ""); root_props(s); child(s); put32(s, END);
}

static void mk_extra_endnode(struct sbuf *s)
{
	begin(s, ""); root_props(s); child(s); put32(s, ENDN); put32(s, ENDN);
	put32(s, END);
}

static void mk_token(struct sbuf *s, uint32_t tok)
{
	begin(s, ""); root_props(s); put32(s, tok); child(s); put32(s, ENDN);
	put32(s, END);
}

static void mk_token0(struct sbuf *s) { mk_token(s, 0); }
static void mk_token5(struct sbuf *s) { mk_token(s, 5); }
static void mk_tokenff(struct sbuf *s) { mk_token(s, 0xffffffff); }

static void mk_prop_before_root(struct sbuf *s)
{
	prop_u32(s, S_ACELLS, 1); mk_base(s);
}

static void mk_prop_after_child(struct sbuf *s)
{
	begin(s, ""); root_props(s); child(s); prop_u32(s, S_ACELLS, 2);
	put32(s, ENDN); put32(s, END);
}

static void mk_two_roots(struct sbuf *s)
{
	begin(s, ""); put32(s, ENDN); begin(s, ""); put32(s, ENDN); put32(s, END);
}

static void mk_named_root(struct sbuf *s)
{
	begin(s, "x"); root_props(s); put32(s, ENDN); put32(s, END);
}

static void mk_child_name(struct sbuf *s, const char *name)
{
	begin(s, ""); begin(s, name); put32(s, ENDN); put32(s, ENDN); put32(s, END);
}

static void mk_empty_name(struct sbuf *s) { mk_child_name(s, ""); }
static void mk_slash_name(struct sbuf *s) { mk_child_name(s, "a/b"); }

/* A property header claiming `len` bytes, followed by 8 bytes of block. */
static void mk_len(struct sbuf *s, uint32_t len)
{
	begin(s, ""); root_props(s);
	put32(s, PROP); put32(s, len); put32(s, S_COMPAT);
	put32(s, ENDN); put32(s, END);
}

static void mk_len_over(struct sbuf *s) { mk_len(s, 9); }
static void mk_len_exact(struct sbuf *s) { mk_len(s, 8); }	/* eats END */
static void mk_len_huge(struct sbuf *s) { mk_len(s, 0xffffffff); }
static void mk_len_wrap(struct sbuf *s) { mk_len(s, 0xfffffffc); }

static void mk_nameoff(struct sbuf *s, uint32_t nameoff)
{
	begin(s, ""); prop_u32(s, nameoff, 1); put32(s, ENDN); put32(s, END);
}

static void mk_nameoff_end(struct sbuf *s) { mk_nameoff(s, sizeof(base_strings)); }
static void mk_nameoff_huge(struct sbuf *s) { mk_nameoff(s, 0xffffffff); }
static void mk_nameoff_tail(struct sbuf *s) { mk_nameoff(s, 4); }

static void mk_trailing(struct sbuf *s)
{
	mk_base(s); put32(s, NOP);
}

/* Layouts: block orders and header versions. */
enum { L_DTC, L_STRINGS_FIRST, L_RSV_LAST, L_V16, L_V16_TIGHT };

struct blob {
	unsigned char *b;
	uint32_t size, off_rsv, off_struct, off_strings, size_struct;
};

static struct sbuf img;

static void place_rsv(struct blob *bl, int nrsv, bool term)
{
	img.n = (img.n + 7) & ~7U;
	bl->off_rsv = img.n;
	for (int i = 0; i < nrsv; i++) {
		put32(&img, 0);
		put32(&img, 0x100000 * (uint32_t)(i + 1));
		put32(&img, 0);
		put32(&img, 0x1000);
	}
	for (int i = 0; term && i < 4; i++)
		put32(&img, 0);
}

static void place(uint32_t *off, const void *p, uint32_t len, uint32_t align)
{
	img.n = (img.n + align - 1) & ~(align - 1);
	*off = img.n;
	memcpy(img.b + img.n, p, len);
	img.n += len;
}

/*
 * build: lay out the reservation map (nrsv entries, then a terminator
 * unless !term), the structure block st and the strings block str[0..slen)
 * in the given layout, behind a v17 (or v16) header.
 * Returns an exact-size malloc'd blob.
 */
static struct blob build(const struct sbuf *st, const char *str, uint32_t slen,
			 int layout, int nrsv, bool term)
{
	struct blob bl;
	bool v16 = layout == L_V16 || layout == L_V16_TIGHT;

	memset(&img, 0, sizeof(img));
	img.n = v16 ? 36 : 40;
	switch (layout) {
	case L_STRINGS_FIRST:
		place(&bl.off_strings, str, slen, 1);
		place(&bl.off_struct, st->b, st->n, 4);
		place_rsv(&bl, nrsv, term);
		break;
	case L_RSV_LAST:
		place(&bl.off_struct, st->b, st->n, 4);
		place(&bl.off_strings, str, slen, 1);
		place_rsv(&bl, nrsv, term);
		break;
	default:
		place_rsv(&bl, nrsv, term);
		place(&bl.off_struct, st->b, st->n, 4);
		if (layout == L_V16)
			img.n += 12;		/* a gap before the strings */
		place(&bl.off_strings, str, slen, 1);
		break;
	}
	bl.size = img.n;
	bl.size_struct = st->n;
	img.n = 0;
	put32(&img, 0xd00dfeed);
	put32(&img, bl.size);
	put32(&img, bl.off_struct);
	put32(&img, bl.off_strings);
	put32(&img, bl.off_rsv);
	put32(&img, v16 ? 16 : 17);
	put32(&img, 16);
	put32(&img, 0);
	put32(&img, slen);
	if (!v16)
		put32(&img, st->n);
	bl.b = malloc(bl.size);
	memcpy(bl.b, img.b, bl.size);
	return bl;
}

/* Header patches (field offsets: see the DTB header layout). */
static void p_magic(struct blob *b) { set32(b->b, 0, 0xd00dfeee); }
static void p_version15(struct blob *b) { set32(b->b, 20, 15); }
static void p_lastcomp18(struct blob *b) { set32(b->b, 24, 18); }
static void p_total_plus(struct blob *b) { set32(b->b, 4, b->size + 1); }
static void p_total_small(struct blob *b) { set32(b->b, 4, 39); }
static void p_total_huge(struct blob *b) { set32(b->b, 4, 0x80000000); }
static void p_struct_in_hdr(struct blob *b) { set32(b->b, 8, 32); }
static void p_struct_odd(struct blob *b) { set32(b->b, 8, b->off_struct + 2); }
static void p_struct_past(struct blob *b) { set32(b->b, 8, (b->size + 7) & ~3U); }
static void p_ssize_wrap(struct blob *b) { set32(b->b, 36, 0xfffffff0); }
static void p_ssize_odd(struct blob *b) { set32(b->b, 36, b->size_struct + 2); }
static void p_ssize_short(struct blob *b) { set32(b->b, 36, b->size_struct - 4); }
static void p_ssize_zero(struct blob *b) { set32(b->b, 36, 0); }
static void p_strings_in_hdr(struct blob *b) { set32(b->b, 12, 8); }
static void p_strings_big(struct blob *b) { set32(b->b, 32, b->size); }
static void p_strings_overlap(struct blob *b)
{
	/* Start the strings on the struct block's END token: every name is
	 * still a valid string, so only the overlap check can catch it. */
	set32(b->b, 12, b->off_strings - 4);
	set32(b->b, 32, (uint32_t)sizeof(base_strings) + 4);
}
static void p_rsv_in_struct(struct blob *b) { set32(b->b, 16, b->off_struct); }
static void p_rsv_odd(struct blob *b) { set32(b->b, 16, b->off_rsv + 4); }
static void p_rsv_in_hdr(struct blob *b) { set32(b->b, 16, 0); }

struct bad_case {
	const char *name;
	void (*mk)(struct sbuf *);
	int layout;
	int nrsv;
	bool no_term;
	int strings;		/* 0: base, 1: unterminated tail, 2: empty */
	void (*patch)(struct blob *);
	int expect;		/* 0 or FDT_ERR_* */
	bool base;		/* check the base tree's values if accepted */
};

static const struct bad_case cases[] = {
	/* Valid: they prove the builder and the odd-but-legal layouts. */
	{ "base (dtc layout)", mk_base, L_DTC, 0, 0, 0, NULL, 0, true },
	{ "base, strings block first", mk_base, L_STRINGS_FIRST, 2, 0, 0, NULL, 0, true },
	{ "base, reservation map last", mk_base, L_RSV_LAST, 3, 0, 0, NULL, 0, true },
	{ "base, version 16 with a gap", mk_base, L_V16, 1, 0, 0, NULL, 0, true },
	{ "base, version 16 packed", mk_base, L_V16_TIGHT, 0, 0, 0, NULL, 0, true },
	{ "NOPs everywhere", mk_nops, L_DTC, 0, 0, 0, NULL, 0, true },
	{ "root only, empty strings", mk_root_only, L_DTC, 0, 0, 2, NULL, 0, false },
	{ "nesting depth 64", mk_depth64, L_DTC, 0, 0, 0, NULL, 0, false },
	{ "last_comp_version 17", mk_base, L_DTC, 0, 0, 0, NULL, 0, true },
	/* Header. */
	{ "bad magic", mk_base, L_DTC, 0, 0, 0, p_magic, FDT_ERR_BADMAGIC, false },
	{ "version 15", mk_base, L_DTC, 0, 0, 0, p_version15, FDT_ERR_BADVERSION, false },
	{ "last_comp_version 18", mk_base, L_DTC, 0, 0, 0, p_lastcomp18, FDT_ERR_BADVERSION, false },
	{ "totalsize past the buffer", mk_base, L_DTC, 0, 0, 0, p_total_plus, FDT_ERR_TRUNCATED, false },
	{ "totalsize inside the header", mk_base, L_DTC, 0, 0, 0, p_total_small, FDT_ERR_BADLAYOUT, false },
	{ "totalsize 2 GiB", mk_base, L_DTC, 0, 0, 0, p_total_huge, FDT_ERR_BADLAYOUT, false },
	/* Layout. */
	{ "struct block in the header", mk_base, L_DTC, 0, 0, 0, p_struct_in_hdr, FDT_ERR_BADLAYOUT, false },
	{ "struct block misaligned", mk_base, L_DTC, 0, 0, 0, p_struct_odd, FDT_ERR_BADSTRUCTURE, false },
	{ "struct block past the end", mk_base, L_DTC, 0, 0, 0, p_struct_past, FDT_ERR_BADLAYOUT, false },
	{ "struct size wraps", mk_base, L_DTC, 0, 0, 0, p_ssize_wrap, FDT_ERR_BADLAYOUT, false },
	{ "struct size unaligned", mk_base, L_DTC, 0, 0, 0, p_ssize_odd, FDT_ERR_BADSTRUCTURE, false },
	{ "struct size cuts FDT_END", mk_base, L_DTC, 0, 0, 0, p_ssize_short, FDT_ERR_BADSTRUCTURE, false },
	{ "strings block in the header", mk_base, L_DTC, 0, 0, 0, p_strings_in_hdr, FDT_ERR_BADLAYOUT, false },
	{ "strings block past the end", mk_base, L_DTC, 0, 0, 0, p_strings_big, FDT_ERR_BADLAYOUT, false },
	{ "strings overlap struct", mk_base, L_DTC, 0, 0, 0, p_strings_overlap, FDT_ERR_BADLAYOUT, false },
	{ "rsvmap inside struct", mk_base, L_DTC, 0, 0, 0, p_rsv_in_struct, FDT_ERR_BADLAYOUT, false },
	{ "rsvmap misaligned", mk_base, L_DTC, 0, 0, 0, p_rsv_odd, FDT_ERR_BADSTRUCTURE, false },
	{ "rsvmap in the header", mk_base, L_DTC, 0, 0, 0, p_rsv_in_hdr, FDT_ERR_BADLAYOUT, false },
	{ "rsvmap without terminator", mk_base, L_DTC, 2, 1, 0, NULL, FDT_ERR_BADLAYOUT, false },
	{ "rsvmap last, no terminator", mk_base, L_RSV_LAST, 2, 1, 0, NULL, FDT_ERR_BADLAYOUT, false },
	/* Structure block. */
	{ "empty struct block", mk_root_only, L_DTC, 0, 0, 0, p_ssize_zero, FDT_ERR_BADSTRUCTURE, false },
	{ "unterminated node name", mk_unterminated_name, L_DTC, 0, 0, 0, NULL, FDT_ERR_BADSTRUCTURE, false },
	{ "no FDT_END", mk_no_end, L_DTC, 0, 0, 0, NULL, FDT_ERR_BADSTRUCTURE, false },
	{ "no FDT_END, v16", mk_no_end, L_V16_TIGHT, 0, 0, 0, NULL, FDT_ERR_BADSTRUCTURE, false },
	{ "FDT_END inside a node", mk_end_inside, L_DTC, 0, 0, 0, NULL, FDT_ERR_BADSTRUCTURE, false },
	{ "FDT_END_NODE at top level", mk_extra_endnode, L_DTC, 0, 0, 0, NULL, FDT_ERR_BADSTRUCTURE, false },
	{ "token 0", mk_token0, L_DTC, 0, 0, 0, NULL, FDT_ERR_BADSTRUCTURE, false },
	{ "token 5", mk_token5, L_DTC, 0, 0, 0, NULL, FDT_ERR_BADSTRUCTURE, false },
	{ "token 0xffffffff", mk_tokenff, L_DTC, 0, 0, 0, NULL, FDT_ERR_BADSTRUCTURE, false },
	{ "property before the root", mk_prop_before_root, L_DTC, 0, 0, 0, NULL, FDT_ERR_BADSTRUCTURE, false },
	{ "property after a child", mk_prop_after_child, L_DTC, 0, 0, 0, NULL, FDT_ERR_BADSTRUCTURE, false },
	{ "two root nodes", mk_two_roots, L_DTC, 0, 0, 0, NULL, FDT_ERR_BADSTRUCTURE, false },
	{ "named root", mk_named_root, L_DTC, 0, 0, 0, NULL, FDT_ERR_BADSTRUCTURE, false },
	{ "empty child name", mk_empty_name, L_DTC, 0, 0, 0, NULL, FDT_ERR_BADSTRUCTURE, false },
	{ "child name with '/'", mk_slash_name, L_DTC, 0, 0, 0, NULL, FDT_ERR_BADSTRUCTURE, false },
	{ "nesting depth 65", mk_depth65, L_DTC, 0, 0, 0, NULL, FDT_ERR_BADSTRUCTURE, false },
	{ "nesting depth 5000", mk_depth5000, L_DTC, 0, 0, 0, NULL, FDT_ERR_BADSTRUCTURE, false },
	{ "property length past the block", mk_len_over, L_DTC, 0, 0, 0, NULL, FDT_ERR_BADSTRUCTURE, false },
	{ "property eats FDT_END", mk_len_exact, L_DTC, 0, 0, 0, NULL, FDT_ERR_BADSTRUCTURE, false },
	{ "property length 0xffffffff", mk_len_huge, L_DTC, 0, 0, 0, NULL, FDT_ERR_BADSTRUCTURE, false },
	{ "property length wraps", mk_len_wrap, L_DTC, 0, 0, 0, NULL, FDT_ERR_BADSTRUCTURE, false },
	{ "nameoff at strings end", mk_nameoff_end, L_DTC, 0, 0, 0, NULL, FDT_ERR_BADSTRUCTURE, false },
	{ "nameoff 0xffffffff", mk_nameoff_huge, L_DTC, 0, 0, 0, NULL, FDT_ERR_BADSTRUCTURE, false },
	{ "name runs off the strings", mk_nameoff_tail, L_DTC, 0, 0, 1, NULL, FDT_ERR_BADSTRUCTURE, false },
	{ "property with no strings", mk_nameoff_tail, L_DTC, 0, 0, 2, NULL, FDT_ERR_BADSTRUCTURE, false },
	{ "data after FDT_END", mk_trailing, L_DTC, 0, 0, 0, NULL, FDT_ERR_BADSTRUCTURE, false },
};

/* A valid base tree must read back as built. */
static void check_base(const struct fdt *f, int nrsv)
{
	uint64_t a = 0, s = 0;
	const char *c = fdt_getprop_string(f, fdt_root(f), "compatible");

	CHECK(c != NULL && strcmp(c, "mica,base") == 0);
	CHECK_EQ(fdt_read_reg(f, fdt_path_offset(f, "/child"), 0, &a, &s), 0);
	CHECK(a == 0x1000 && s == 0x100);
	CHECK_EQ(fdt_num_mem_rsv(f), nrsv);
	if (nrsv > 0) {
		CHECK_EQ(fdt_get_mem_rsv(f, nrsv - 1, &a, &s), 0);
		CHECK(a == 0x100000ULL * (uint64_t)nrsv && s == 0x1000);
	}
}

/* Valid at fdt_init(), then corrupted: each accessor reports an error. */
static void corrupt_after_init(void)
{
	static struct sbuf st;
	struct blob bl;
	struct fdt f;
	int root, len;
	uint64_t a, s;

	memset(&st, 0, sizeof(st));
	mk_base(&st);
	bl = build(&st, base_strings, sizeof(base_strings), L_DTC, 1, true);
	CHECK_EQ(fdt_init(&f, bl.b, bl.size), 0);
	root = fdt_root(&f);

	set32(bl.b, bl.off_struct + bl.size_struct - 4, 5);	/* FDT_END */
	CHECK_EQ(fdt_find_compatible(&f, -1, "nothing"), -FDT_ERR_BADSTRUCTURE);
	CHECK_EQ(fdt_next_sibling(&f, root), -FDT_ERR_BADSTRUCTURE);
	fdt_exercise(&f);

	set32(bl.b, bl.off_struct + 8 + 4, 0xffffff);		/* compat len */
	CHECK(fdt_getprop(&f, root, "compatible", &len) == NULL);
	CHECK_EQ(len, -FDT_ERR_BADSTRUCTURE);
	CHECK_EQ(fdt_first_child(&f, root), -FDT_ERR_BADSTRUCTURE);
	CHECK_EQ(fdt_path_offset(&f, "/child@1000"), -FDT_ERR_BADSTRUCTURE);
	fdt_exercise(&f);

	set32(bl.b, bl.off_struct + 8 + 4, 10);
	set32(bl.b, bl.off_struct + 8 + 8, 0xffff);		/* compat nameoff */
	CHECK(fdt_prop_read(&f, fdt_first_prop(&f, root), NULL, &len) == NULL);
	CHECK_EQ(len, -FDT_ERR_BADSTRUCTURE);
	CHECK(fdt_getprop(&f, root, "#address-cells", &len) == NULL);
	fdt_exercise(&f);

	memset(bl.b + bl.off_rsv + 24, 0xff, 8);	/* rsvmap terminator */
	CHECK_EQ(fdt_num_mem_rsv(&f), -FDT_ERR_BADLAYOUT);
	CHECK_EQ(fdt_get_mem_rsv(&f, 0, &a, &s), -FDT_ERR_BADLAYOUT);

	memset(bl.b + bl.off_struct, 'a', bl.size_struct);	/* all garbage */
	CHECK(fdt_root(&f) < 0);
	fdt_exercise(&f);
	free(bl.b);
}

/* fdt_bad_cases: see fdt_test.h. */
void fdt_bad_cases(void)
{
	static struct sbuf st;
	static const char tail_strings[] = { 'r', 'e', 'g', 0, 'a', 'b', 'c' };
	const struct bad_case *c;
	struct blob bl;
	struct fdt f;
	size_t max;
	int err;

	printf("fdt_fuzz: hand-built blobs\n");
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		c = &cases[i];
		memset(&st, 0, sizeof(st));
		c->mk(&st);
		if (c->strings == 1)
			bl = build(&st, tail_strings, sizeof(tail_strings), c->layout, c->nrsv, !c->no_term);
		else
			bl = build(&st, base_strings, c->strings ? 0 : sizeof(base_strings),
				   c->layout, c->nrsv, !c->no_term);
		if (strcmp(c->name, "last_comp_version 17") == 0)
			set32(bl.b, 24, 17);
		if (c->patch != NULL)
			c->patch(&bl);
		/* The 2 GiB case says so in the header only: fdt_init must
		 * reject it before reading past the real buffer. */
		max = c->patch == p_total_huge ? SIZE_MAX : bl.size;
		err = fdt_init(&f, bl.b, max);
		printf("  %-32s -> %s\n", c->name, fdt_strerror(err));
		CHECK(fdt_strerror(err)[0] != '\0');
		if (err != -c->expect)
			fprintf(stderr, "case \"%s\": got %d, expected %d\n",
				c->name, err, -c->expect);
		CHECK_EQ(err, -c->expect);
		if (err == 0) {
			/* Also for v16, whose header has no size field. */
			CHECK_EQ(f.size_struct, st.n);
			fdt_exercise(&f);
			if (c->base)
				check_base(&f, c->nrsv);
		}
		free(bl.b);
	}
	corrupt_after_init();
}
