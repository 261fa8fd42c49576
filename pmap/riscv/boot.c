/*
 * pmap/riscv/boot.c - the C half of the RISC-V boot: read the devicetree,
 * bring up the console, fill boot_info, build the final kernel page table
 * and enter kern_main().
 */
#include <kern/machine.h>
#include <kern/bootinfo.h>
#include <kern/console.h>
#include <kern/fdt.h>
#include <kern/panic.h>
#include <kern/string.h>
#include <device/uart.h>
#include "md.h"
#include "sbi.h"

struct fdt riscv_fdt;
bool riscv_fdt_valid;

static struct ns16550 console_uart;

void riscv_boot(unsigned long hartid, paddr_t dtb_pa) __noreturn;

static void sbi_con_putc(void *ctx, int c)
{
	sbi_console_putchar(c);
}

static int sbi_con_getc(void *ctx)
{
	return sbi_console_getchar();
}

/* The firmware console: slow (a trap per character), but always there. */
static const struct console_driver sbi_console = {
	.name = "sbi", .putc = sbi_con_putc, .getc = sbi_con_getc,
};

static const char *const uart_compat[] = {
	"ns16550a", "ns16550", "snps,dw-apb-uart",
};

static bool uart_node_usable(int node)
{
	for (unsigned int i = 0; i < ARRAY_SIZE(uart_compat); i++)
		if (fdt_is_compatible(&riscv_fdt, node, uart_compat[i]))
			return true;
	return false;
}

/* copy_path: copy a stdout-path up to its ':options' suffix. */
static bool copy_path(char *buf, size_t len, const char *path)
{
	size_t n = 0;

	while (path[n] && path[n] != ':') {
		if (n + 1 >= len)
			return false;
		buf[n] = path[n];
		n++;
	}
	buf[n] = '\0';
	return n > 0;
}

/*
 * stdout_node: the node named by /chosen/stdout-path, which is a full path
 * or an alias, optionally followed by ":<options>".  Returns the node
 * offset or a negative FDT error.
 */
static int stdout_node(void)
{
	int chosen = fdt_path_offset(&riscv_fdt, "/chosen");
	const char *path;
	char buf[128];

	if (chosen < 0)
		return chosen;
	path = fdt_getprop_string(&riscv_fdt, chosen, "stdout-path");
	if (!path)
		path = fdt_getprop_string(&riscv_fdt, chosen,
					  "linux,stdout-path");
	if (!path || !copy_path(buf, sizeof(buf), path))
		return -FDT_ERR_NOTFOUND;
	if (buf[0] != '/') {
		int aliases = fdt_path_offset(&riscv_fdt, "/aliases");

		if (aliases < 0)
			return aliases;
		path = fdt_getprop_string(&riscv_fdt, aliases, buf);
		if (!path || !copy_path(buf, sizeof(buf), path))
			return -FDT_ERR_NOTFOUND;
	}
	return fdt_path_offset(&riscv_fdt, buf);
}

/*
 * console_start_uart: map the 16550 at node (reg, reg-shift, reg-io-width)
 * and make it the console, keeping the firmware's baud rate.
 */
static bool console_start_uart(int node)
{
	uint64_t pa, size;
	uint32_t shift = 0, width = 1;
	vaddr_t va;

	if (fdt_read_reg(&riscv_fdt, node, 0, &pa, &size) != 0)
		return false;
	fdt_getprop_u32(&riscv_fdt, node, "reg-shift", &shift);
	fdt_getprop_u32(&riscv_fdt, node, "reg-io-width", &width);
	va = md_io_map(pa, size ? size : PAGE_SIZE);
	if (!va)
		return false;
	console_uart.base = va;
	console_uart.reg_shift = shift;
	console_uart.reg_width = width == 4 ? 4 : 1;
	console_uart.read = NULL;	/* MMIO */
	console_uart.write = NULL;
	ns16550_init(&console_uart, 0);
	console_register(&console_uart.console);
	return true;
}

/*
 * console_init: the UART of /chosen/stdout-path, else the first 16550 in
 * the tree, else the SBI firmware console (also used until then, so that
 * early failures are visible).
 */
static void console_init(void)
{
	int node = -FDT_ERR_NOTFOUND;

	console_register(&sbi_console);
	if (!riscv_fdt_valid)
		return;
	node = stdout_node();
	if (node < 0 || !uart_node_usable(node)) {
		for (unsigned int i = 0; i < ARRAY_SIZE(uart_compat); i++) {
			node = fdt_find_compatible(&riscv_fdt, -1,
						   uart_compat[i]);
			if (node >= 0)
				break;
		}
	}
	if (node >= 0 && console_start_uart(node))
		return;
	kprintf("riscv: no usable UART in the devicetree, console via SBI\n");
}

/*
 * riscv_fdt_find_phandle: the node whose phandle is ph, by a depth-first
 * walk of the whole tree.  Returns the offset or -FDT_ERR_NOTFOUND.
 */
int riscv_fdt_find_phandle(uint32_t ph)
{
	const struct fdt *fdt = &riscv_fdt;
	int node = fdt_root(fdt);

	while (node >= 0) {
		uint32_t v;
		int next;

		if ((fdt_getprop_u32(fdt, node, "phandle", &v) ||
		     fdt_getprop_u32(fdt, node, "linux,phandle", &v)) &&
		    v == ph)
			return node;
		next = fdt_first_child(fdt, node);
		if (next >= 0) {
			node = next;
			continue;
		}
		/* No children: next sibling, else climb until there is one. */
		while (node >= 0) {
			next = fdt_next_sibling(fdt, node);
			if (next >= 0) {
				node = next;
				break;
			}
			node = fdt_parent(fdt, node);
		}
	}
	return -FDT_ERR_NOTFOUND;
}

/*
 * riscv_boot: called by start.S on the boot hart, running at the kernel's
 * high addresses with the boot page table, a boot stack, the trap vector
 * installed and interrupts disabled.  Never returns.
 */
void riscv_boot(unsigned long hartid, paddr_t dtb_pa)
{
	paddr_t map_end = ROUND_DOWN(dtb_pa, GIGAPAGE_SIZE) + 2 * GIGAPAGE_SIZE;
	int err = -FDT_ERR_NOTFOUND;

	sbi_init();
	boot_info.boot_cpu = hartid;
	boot_info.boot_protocol = "sbi";
	boot_info.kernel_start = virt_to_phys(__kernel_start);
	boot_info.kernel_end = virt_to_phys(__kernel_end);

	/* start.S mapped two GiB of the direct map from the DTB's GiB. */
	if (dtb_pa && map_end <= DIRECT_MAP_SIZE) {
		err = fdt_init(&riscv_fdt, phys_to_virt(dtb_pa),
			       map_end - dtb_pa);
		riscv_fdt_valid = err == 0;
	}
	console_init();
	if (!riscv_fdt_valid)
		panic("riscv: no usable devicetree at 0x%lx: %s",
		      (unsigned long)dtb_pa, fdt_strerror(err));

	err = fdt_boot_collect(&riscv_fdt, dtb_pa);
	if (err)
		panic("riscv: devicetree: %s", fdt_strerror(err));
	boot_add_reserved(boot_info.kernel_start, boot_info.kernel_end,
			  "kernel");
	if (!boot_info.dtb_start) {
		boot_info.dtb_start = dtb_pa;
		boot_info.dtb_end = dtb_pa + riscv_fdt.totalsize;
	}

	riscv_mmu_build_direct_map();
	riscv_timer_probe();
	riscv_exit_probe();
	kern_main();
}
