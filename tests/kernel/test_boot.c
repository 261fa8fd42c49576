/*
 * tests/kernel/test_boot.c - suite "boot": what the boot path reported is
 * consistent with the machine we are running on.
 *
 * qemu-run checks the banner on the serial line; these cases check RAM, the
 * reservations and the boot allocator.  test.ram_mib=<n> on the command
 * line gives the RAM size QEMU was started with.
 */
#include <kern/machine.h>
#include <kern/bootinfo.h>
#include <kern/bootmem.h>
#include <kern/string.h>
#include <tests/kernel/ktest.h>

extern char __kernel_start[], __kernel_end[], __text_start[], __bss_end[];

KTEST(boot, ram_found)
{
	char buf[16];
	uint64_t total = boot_ram_total(), expect;

	KT_CHECK(boot_info.ram_count > 0);
	KT_CHECK_MSG(boot_cmdline_value("test.ram_mib", buf, sizeof(buf)),
		     "command line lacks test.ram_mib");
	expect = 0;
	for (const char *p = buf; *p >= '0' && *p <= '9'; p++)
		expect = expect * 10 + (uint64_t)(*p - '0');
	expect <<= 20;
	/* Firmware may keep a little (BIOS areas, ACPI, the last pages). */
	KT_CHECK_MSG(total <= expect && total >= expect - expect / 32,
		     "RAM total %llu KiB, QEMU gave %llu KiB",
		     (unsigned long long)total >> 10,
		     (unsigned long long)expect >> 10);
	for (unsigned int i = 0; i < boot_info.ram_count; i++) {
		KT_CHECK(boot_info.ram[i].start < boot_info.ram[i].end);
		KT_CHECK((boot_info.ram[i].start & PAGE_MASK) == 0);
	}
}

KTEST(boot, kernel_image_in_ram_and_reserved)
{
	paddr_t text = virt_to_phys(__text_start);
	paddr_t end = virt_to_phys(__bss_end);

	KT_CHECK(boot_info.kernel_start < boot_info.kernel_end);
	KT_CHECK_MSG(text >= boot_info.kernel_start &&
		     end <= boot_info.kernel_end,
		     "image [0x%llx,0x%llx) outside reported [0x%llx,0x%llx)",
		     (unsigned long long)text, (unsigned long long)end,
		     (unsigned long long)boot_info.kernel_start,
		     (unsigned long long)boot_info.kernel_end);
	KT_CHECK(boot_range_in_ram(boot_info.kernel_start, boot_info.kernel_end));
	KT_CHECK(boot_range_reserved(boot_info.kernel_start, boot_info.kernel_end));
	/* The direct map and the image mapping reach the same bytes. */
	KT_CHECK(*(volatile char *)phys_to_virt(virt_to_phys(__kernel_start)) ==
		 *(volatile char *)__kernel_start);
}

KTEST(boot, dtb_and_modules_reserved)
{
	if (boot_info.dtb_start) {
		KT_CHECK(boot_info.dtb_end > boot_info.dtb_start);
		KT_CHECK(boot_range_reserved(boot_info.dtb_start,
					     boot_info.dtb_end));
	}
	for (unsigned int i = 0; i < boot_info.module_count; i++)
		KT_CHECK(boot_range_reserved(boot_info.modules[i].start,
					     boot_info.modules[i].end));
}

KTEST(boot, command_line)
{
	char buf[16];

	KT_CHECK(boot_cmdline_value("test", buf, sizeof(buf)));
	KT_CHECK(!strcmp(buf, "boot"));
	KT_CHECK(!boot_cmdline_value("no.such.key", buf, sizeof(buf)));
	KT_CHECK(!boot_cmdline_has("tes"));
}

/* Every page the boot allocator hands out is free RAM, and distinct. */
KTEST(boot, bootmem_allocates_free_ram)
{
	paddr_t a, b;
	uint64_t before = bootmem_free_bytes();

	KT_CHECK(bootmem_alloc(PAGE_SIZE, PAGE_SIZE, &a));
	KT_CHECK(bootmem_alloc(3 * PAGE_SIZE, 4 * PAGE_SIZE, &b));
	KT_CHECK((b & (4 * PAGE_SIZE - 1)) == 0);
	KT_CHECK(a + PAGE_SIZE <= b || b + 3 * PAGE_SIZE <= a);
	KT_CHECK(boot_range_in_ram(a, a + PAGE_SIZE));
	KT_CHECK(boot_range_in_ram(b, b + 3 * PAGE_SIZE));
	for (unsigned int i = 0; i < boot_info.reserved_count; i++) {
		const struct phys_range *r = &boot_info.reserved[i];

		KT_CHECK(a + PAGE_SIZE <= r->start || a >= r->end);
		KT_CHECK(b + 3 * PAGE_SIZE <= r->start || b >= r->end);
	}
	/* Zeroed, and writable through the direct map. */
	KT_CHECK(((volatile uint64_t *)phys_to_virt(b))[100] == 0);
	memset(phys_to_virt(a), 0x5a, PAGE_SIZE);
	KT_CHECK(((volatile uint8_t *)phys_to_virt(a))[PAGE_SIZE - 1] == 0x5a);
	/* Four pages taken; aligning b may strand at most three more. */
	KT_CHECK(before - bootmem_free_bytes() >= 4 * PAGE_SIZE);
	KT_CHECK(before - bootmem_free_bytes() <= 7 * PAGE_SIZE);
	/* Absurd requests fail cleanly. */
	KT_CHECK(!bootmem_alloc((size_t)1 << 46, PAGE_SIZE, &a));
	KT_CHECK(!bootmem_alloc(PAGE_SIZE, 3 * PAGE_SIZE, &a));
}
