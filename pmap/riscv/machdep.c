/*
 * pmap/riscv/machdep.c - leaving the machine: md_exit() and md_halt().
 *
 * md_exit prefers the SiFive test device ("sifive,test0/1", at 0x100000
 * on QEMU virt): writing 0x5555 stops QEMU with status 0, and
 * (code << 16) | 0x3333 stops it with status code.  Without one, SBI system
 * reset (SRST, or the legacy shutdown call) powers off, and a
 * "syscon-poweroff" register is tried last.  All are mapped at boot, so
 * md_exit works from any context, panics included.
 */
#include <kern/machine.h>
#include <kern/console.h>
#include "md.h"
#include "sbi.h"

#define SIFIVE_TEST_PASS	0x5555
#define SIFIVE_TEST_FAIL	0x3333

static volatile uint32_t *test_dev;
static volatile uint32_t *syscon_reg;
static uint32_t syscon_value;

/*
 * syscon_poweroff_probe: a "syscon-poweroff" node names its register by a
 * regmap phandle, an offset and the value to write.
 */
static void syscon_poweroff_probe(void)
{
	int node = fdt_find_compatible(&riscv_fdt, -1, "syscon-poweroff");
	uint32_t regmap, offset = 0, value;
	uint64_t pa, size;
	vaddr_t va;
	int map;

	if (node < 0 || !fdt_getprop_u32(&riscv_fdt, node, "regmap", &regmap) ||
	    !fdt_getprop_u32(&riscv_fdt, node, "value", &value))
		return;
	fdt_getprop_u32(&riscv_fdt, node, "offset", &offset);
	map = riscv_fdt_find_phandle(regmap);
	if (map < 0 || fdt_read_reg(&riscv_fdt, map, 0, &pa, &size) != 0 ||
	    offset + 4 > size)
		return;
	va = md_io_map(pa + offset, 4);
	if (!va)
		return;
	syscon_reg = (volatile uint32_t *)va;
	syscon_value = value;
}

/* riscv_exit_probe: find and map the exit devices.  Boot, DTB valid. */
void riscv_exit_probe(void)
{
	int node = fdt_find_compatible(&riscv_fdt, -1, "sifive,test1");
	uint64_t pa, size;

	if (node < 0)
		node = fdt_find_compatible(&riscv_fdt, -1, "sifive,test0");
	if (node >= 0 && fdt_read_reg(&riscv_fdt, node, 0, &pa, &size) == 0) {
		vaddr_t va = md_io_map(pa, 4);

		if (va)
			test_dev = (volatile uint32_t *)va;
	}
	syscon_poweroff_probe();
}

void md_exit(int status)
{
	cpu_intr_disable();
	if (test_dev) {
		/* The code is 16 bits; a failure must not read as 0. */
		uint32_t code = (uint32_t)status & 0xffff;

		if (status != 0 && code == 0)
			code = 1;
		*test_dev = status == 0 ? SIFIVE_TEST_PASS :
					  code << 16 | SIFIVE_TEST_FAIL;
	}
	sbi_shutdown(status != 0);
	/* A syscon power-off register cannot carry a status. */
	if (syscon_reg)
		*syscon_reg = syscon_value;
	kprintf("md_exit(%d): no way to power off, halting\n", status);
	md_halt();
}

void md_halt(void)
{
	cpu_intr_disable();
	csr_write(sie, 0);
	for (;;)
		__asm__ __volatile__("wfi");
}
