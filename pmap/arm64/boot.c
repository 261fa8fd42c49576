/*
 * pmap/arm64/boot.c - from start.S to kern_main(): the devicetree, the
 * console, boot_info and the direct map.
 *
 * start.S enters arm64_boot() at the kernel's link address with the MMU
 * on, only the image mapped (plus the identity trampoline), interrupts
 * masked, .bss zeroed and the exception vectors installed.  Here the DTB
 * the loader passed is mapped and validated, the PL011 it names becomes
 * the console, RAM and reservations go into boot_info, and all RAM is
 * mapped at DIRECT_MAP_BASE before the MI kernel starts.
 */
#include <kern/machine.h>
#include <kern/bootinfo.h>
#include <kern/console.h>
#include <kern/fdt.h>
#include <kern/string.h>
#include <device/uart.h>
#include <machine/sysreg.h>
#include "arm64.h"

#define FDT_MAGIC	0xd00dfeed
#define FDT_HEADER_SIZE	40
#define FDT_MAX_SIZE	(2UL << 20)	/* the arm64 boot protocol's limit */

struct fdt arm64_fdt;
bool arm64_fdt_valid;

static struct pl011 console_uart;

extern char __kernel_start[], __kernel_end[];

static uint32_t be32(const void *p)
{
	const uint8_t *b = p;

	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 |
	       (uint32_t)b[2] << 8 | b[3];
}

/*
 * map_dtb: map the blob at physical dtb_pa into the direct map (it may lie
 * outside the RAM the tree describes) and validate it.  Returns 0 or a
 * negative FDT error; a missing blob (x0 = 0) is -FDT_ERR_BADMAGIC.
 */
static int map_dtb(paddr_t dtb_pa)
{
	const uint8_t *hdr;
	uint32_t size;

	if (dtb_pa == 0 || (dtb_pa & 7))
		return -FDT_ERR_BADMAGIC;
	if (!mmu_map_direct(dtb_pa, dtb_pa + FDT_HEADER_SIZE))
		return -FDT_ERR_BADLAYOUT;
	hdr = phys_to_virt(dtb_pa);
	if (be32(hdr) != FDT_MAGIC)
		return -FDT_ERR_BADMAGIC;
	size = be32(hdr + 4);
	if (size < FDT_HEADER_SIZE || size > FDT_MAX_SIZE)
		return -FDT_ERR_BADLAYOUT;
	if (!mmu_map_direct(dtb_pa, dtb_pa + size))
		return -FDT_ERR_BADLAYOUT;
	return fdt_init(&arm64_fdt, hdr, size);
}

/*
 * stdout_node: the node /chosen/stdout-path names (a path or an alias,
 * options after ':' dropped), if it is a PL011; else the first PL011 in
 * the tree.  Returns the node offset or a negative error.
 */
static int stdout_node(const struct fdt *fdt)
{
	int chosen = fdt_path_offset(fdt, "/chosen");
	const char *path = NULL;
	char buf[128];
	int node = -FDT_ERR_NOTFOUND;

	if (chosen >= 0)
		path = fdt_getprop_string(fdt, chosen, "stdout-path");
	if (path) {
		char *colon;

		strlcpy(buf, path, sizeof(buf));
		colon = strchr(buf, ':');
		if (colon)
			*colon = '\0';
		path = buf;
		if (buf[0] != '/') {
			int aliases = fdt_path_offset(fdt, "/aliases");

			path = aliases >= 0
				       ? fdt_getprop_string(fdt, aliases, buf)
				       : NULL;
		}
		if (path)
			node = fdt_path_offset(fdt, path);
		if (node >= 0 && !fdt_is_compatible(fdt, node, "arm,pl011"))
			node = -FDT_ERR_NOTFOUND;
	}
	if (node < 0)
		node = fdt_find_compatible(fdt, -1, "arm,pl011");
	return node;
}

/*
 * console_start: register the PL011 at physical pa as the console.
 */
static bool console_start(paddr_t pa)
{
	console_uart.base = md_io_map(pa, 0x1000);
	if (!console_uart.base)
		return false;
	pl011_init(&console_uart);
	console_register(&console_uart.console);
	return true;
}

/*
 * console_from_fdt: the console the devicetree names; without a usable
 * tree, the board's fixed PL011 (BOARD_EARLY_PL011) if it has one, so the
 * failure can at least be reported.
 */
static void console_from_fdt(void)
{
	uint64_t pa, size;
	int node;

	if (arm64_fdt_valid) {
		node = stdout_node(&arm64_fdt);
		if (node >= 0 && fdt_read_reg(&arm64_fdt, node, 0, &pa, &size) >= 0 &&
		    console_start(pa))
			return;
	}
#ifdef BOARD_EARLY_PL011
	console_start(BOARD_EARLY_PL011);
#endif
}

/*
 * arm64_boot: see the file comment.  dtb_pa is x0 from the loader,
 * load_pa where _start was loaded, entry_el the exception level the
 * kernel was entered at.
 * Conditions: interrupts masked; never returns.
 */
void arm64_boot(paddr_t dtb_pa, paddr_t load_pa, unsigned int entry_el)
{
	paddr_t image_end;
	int err;

	kernel_phys_base = load_pa;
	image_end = load_pa + (paddr_t)(__kernel_end - __kernel_start);
	arm64_pmu_init();

	err = map_dtb(dtb_pa);
	arm64_fdt_valid = err == 0;
	console_from_fdt();
	kprintf("arm64: entered at EL%u, image at 0x%llx-0x%llx, DTB at 0x%llx\n",
		entry_el, (unsigned long long)load_pa,
		(unsigned long long)image_end, (unsigned long long)dtb_pa);
	if (!arm64_fdt_valid)
		kprintf("arm64: no usable devicetree at 0x%llx: %s\n",
			(unsigned long long)dtb_pa, fdt_strerror(err));

	boot_info.boot_protocol = "linux-image";
	boot_info.boot_cpu = read_sysreg(mpidr_el1) & 0xff00ffffffUL;
	boot_info.kernel_start = load_pa;
	boot_info.kernel_end = image_end;
	boot_add_reserved(load_pa, image_end, "kernel");
	if (arm64_fdt_valid) {
		err = fdt_boot_collect(&arm64_fdt, dtb_pa);
		if (err < 0)
			kprintf("arm64: devicetree: %s\n", fdt_strerror(err));
		arm64_psci_probe(&arm64_fdt);
	}

	for (unsigned int i = 0; i < boot_info.ram_count; i++)
		mmu_map_direct(boot_info.ram[i].start, boot_info.ram[i].end);
	mmu_drop_identity();
	mmu_protect_kernel();
	kern_main();
}
