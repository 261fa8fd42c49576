/*
 * kern/fdt_boot.c - fill boot_info from a validated devicetree.
 *
 * Used by the ports that boot with a DTB (arm64, riscv64).  The tree has
 * passed fdt_init(); here each property is still checked for size and
 * range, and a bad entry is skipped with a message rather than trusted.
 * Names stored as reservation labels point into the blob, which stays
 * reserved ("dtb") for that reason.
 */
#ifdef MICA_HOST_TEST
#include <string.h>
#else
#include <kern/string.h>
#endif
#include <kern/fdt.h>
#include <kern/bootinfo.h>
#include <kern/console.h>

/* The first error seen; collection goes on past bad entries. */
static void note(int *first, int err)
{
	if (err < 0 && *first == 0)
		*first = err;
}

/*
 * enabled: Linux's notion of an available node: "status" absent, "okay"
 * or "ok".  Anything else ("disabled", "fail", "reserved") is skipped.
 */
static bool enabled(const struct fdt *fdt, int node)
{
	const char *s;
	int len;

	if (fdt_getprop(fdt, node, "status", &len) == NULL)
		return true;
	s = fdt_getprop_string(fdt, node, "status");
	return s != NULL && (strcmp(s, "okay") == 0 || strcmp(s, "ok") == 0);
}

/*
 * reg_range: the index'th "reg" entry of node as [*start, *end).
 * Returns 0, -FDT_ERR_NOTFOUND past the last entry, -FDT_ERR_BADVALUE for
 * an entry that wraps past the top of the address space, or another error.
 */
static int reg_range(const struct fdt *fdt, int node, int index,
		     paddr_t *start, paddr_t *end)
{
	uint64_t addr, size;
	int err;

	err = fdt_read_reg(fdt, node, index, &addr, &size);
	if (err < 0)
		return err;
	if (size > UINT64_MAX - addr)
		return -FDT_ERR_BADVALUE;
	*start = addr;
	*end = addr + size;
	return 0;
}

/* complain: report a skipped node and why. */
static void complain(const struct fdt *fdt, int node, const char *what,
		     int err)
{
	const char *name = fdt_node_name(fdt, node);

	kprintf("fdt: %s %s: %s, skipped\n", what,
		name != NULL && name[0] != '\0' ? name : "/", fdt_strerror(err));
}

/*
 * add_regs: pass every "reg" entry of node to boot_add_ram (label NULL)
 * or boot_add_reserved (label given).  Zero-sized entries are ignored.
 * Returns 0, or the first error met (the remaining entries are skipped:
 * once a reg is malformed, its later cells mean nothing); a node without
 * any entry is -FDT_ERR_BADVALUE.
 */
static int add_regs(const struct fdt *fdt, int node, const char *label)
{
	paddr_t start, end;
	int i, err;

	for (i = 0;; i++) {
		err = reg_range(fdt, node, i, &start, &end);
		if (err == -FDT_ERR_NOTFOUND && i > 0)
			return 0;
		if (err == -FDT_ERR_NOTFOUND)
			err = -FDT_ERR_BADVALUE;	/* no (or an empty) reg */
		if (err < 0) {
			complain(fdt, node, label ? "reserved range" : "memory",
				 err);
			return err;
		}
		if (start == end)
			continue;
		if (label == NULL)
			boot_add_ram(start, end);
		else
			boot_add_reserved(start, end, label);
	}
}

/*
 * collect_memory: RAM from every enabled child of the root whose
 * device_type is "memory".  Returns the number of such nodes with at least
 * one good entry; errors go to *err.
 */
static int collect_memory(const struct fdt *fdt, int root, int *err)
{
	const char *type;
	int node, found = 0, e;

	for (node = fdt_first_child(fdt, root); node >= 0;
	     node = fdt_next_sibling(fdt, node)) {
		type = fdt_getprop_string(fdt, node, "device_type");
		if (type == NULL || strcmp(type, "memory") != 0 ||
		    !enabled(fdt, node))
			continue;
		e = add_regs(fdt, node, NULL);
		note(err, e);
		if (e == 0)
			found++;
	}
	note(err, node == -FDT_ERR_NOTFOUND ? 0 : node);
	return found;
}

/*
 * collect_reserved: the /memreserve/ entries ("memreserve") and the enabled
 * children of /reserved-memory, labelled by node name.  Children without
 * "reg" (pools the OS would place itself) are left alone.
 */
static void collect_reserved(const struct fdt *fdt, int *err)
{
	uint64_t addr, size;
	int i, n, rm, node, len;

	n = fdt_num_mem_rsv(fdt);
	note(err, n);
	for (i = 0; i < n; i++) {
		if (fdt_get_mem_rsv(fdt, i, &addr, &size) < 0)
			break;
		if (size > UINT64_MAX - addr) {
			kprintf("fdt: /memreserve/ %d wraps, skipped\n", i);
			note(err, -FDT_ERR_BADVALUE);
			continue;
		}
		boot_add_reserved(addr, addr + size, "memreserve");
	}

	rm = fdt_path_offset(fdt, "/reserved-memory");
	if (rm < 0) {
		note(err, rm == -FDT_ERR_NOTFOUND ? 0 : rm);
		return;
	}
	for (node = fdt_first_child(fdt, rm); node >= 0;
	     node = fdt_next_sibling(fdt, node)) {
		if (!enabled(fdt, node) ||
		    fdt_getprop(fdt, node, "reg", &len) == NULL)
			continue;
		note(err, add_regs(fdt, node, fdt_node_name(fdt, node)));
	}
	note(err, node == -FDT_ERR_NOTFOUND ? 0 : node);
}

/*
 * chosen_addr: /chosen's linux,initrd-start or -end, one or two cells.
 * Returns 0, -FDT_ERR_NOTFOUND if absent, -FDT_ERR_BADVALUE otherwise.
 */
static int chosen_addr(const struct fdt *fdt, int chosen, const char *name,
		       paddr_t *out)
{
	const uint8_t *v;
	int len, i;

	v = fdt_getprop(fdt, chosen, name, &len);
	if (v == NULL)
		return len;
	if (len != 4 && len != 8)
		return -FDT_ERR_BADVALUE;
	*out = 0;
	for (i = 0; i < len; i++)
		*out = (*out << 8) | v[i];
	return 0;
}

/*
 * collect_initrd: linux,initrd-start/-end as module "initrd", reserved.
 * Both or neither must be present; an empty range is ignored.
 */
static void collect_initrd(const struct fdt *fdt, int chosen, int *err)
{
	paddr_t start = 0, end = 0;
	int es, ee;

	es = chosen_addr(fdt, chosen, "linux,initrd-start", &start);
	ee = chosen_addr(fdt, chosen, "linux,initrd-end", &end);
	if (es == -FDT_ERR_NOTFOUND && ee == -FDT_ERR_NOTFOUND)
		return;
	if (es < 0 || ee < 0 || end < start) {
		kprintf("fdt: /chosen: bad linux,initrd-start/-end, ignored\n");
		note(err, -FDT_ERR_BADVALUE);
		return;
	}
	if (start == end)
		return;
	boot_add_module(start, end, "initrd");
	boot_add_reserved(start, end, "initrd");
}

/*
 * collect_modules: each enabled child of /chosen compatible with
 * "multiboot,module" becomes a boot module (first "reg" entry, "bootargs"
 * as its command line, "" if absent), reserved as "module".  Document
 * order is kept: it is the order of the boot script.
 */
static void collect_modules(const struct fdt *fdt, int chosen, int *err)
{
	const char *args;
	paddr_t start, end;
	int node, e;

	for (node = fdt_first_child(fdt, chosen); node >= 0;
	     node = fdt_next_sibling(fdt, node)) {
		if (!fdt_is_compatible(fdt, node, "multiboot,module") ||
		    !enabled(fdt, node))
			continue;
		e = reg_range(fdt, node, 0, &start, &end);
		if (e < 0) {
			complain(fdt, node, "module", e);
			note(err, e == -FDT_ERR_NOTFOUND ? -FDT_ERR_BADVALUE : e);
			continue;
		}
		args = fdt_getprop_string(fdt, node, "bootargs");
		boot_add_module(start, end, args != NULL ? args : "");
		boot_add_reserved(start, end, "module");
	}
	note(err, node == -FDT_ERR_NOTFOUND ? 0 : node);
}

/*
 * fdt_boot_collect: see fdt.h.
 * Conditions: fdt passed fdt_init(); the boot_add_* builders are usable.
 * The DTB is reserved first, so it stays protected whatever follows.
 * Returns 0; -FDT_ERR_NOTFOUND if no usable memory node exists; otherwise
 * the first error met (bad entries are skipped, the rest is collected).
 */
int fdt_boot_collect(const struct fdt *fdt, uint64_t dtb_phys)
{
	const char *args;
	int root, chosen, len, err = 0;

	root = fdt_root(fdt);
	if (root < 0)
		return root;
	boot_info.dtb_start = dtb_phys;
	boot_info.dtb_end = dtb_phys + fdt->totalsize;
	boot_add_reserved(boot_info.dtb_start, boot_info.dtb_end, "dtb");

	if (collect_memory(fdt, root, &err) == 0 && err == 0) {
		kprintf("fdt: no usable /memory node\n");
		err = -FDT_ERR_NOTFOUND;
	}
	collect_reserved(fdt, &err);

	chosen = fdt_path_offset(fdt, "/chosen");
	if (chosen < 0) {
		note(&err, chosen == -FDT_ERR_NOTFOUND ? 0 : chosen);
		return err;
	}
	if (fdt_getprop(fdt, chosen, "bootargs", &len) != NULL) {
		args = fdt_getprop_string(fdt, chosen, "bootargs");
		if (args != NULL) {
			boot_set_cmdline(args);
		} else {
			kprintf("fdt: /chosen/bootargs is not a string, ignored\n");
			note(&err, -FDT_ERR_BADVALUE);
		}
	}
	collect_initrd(fdt, chosen, &err);
	collect_modules(fdt, chosen, &err);
	return err;
}
