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
#include <vm/vm_page.h>
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

/*
 * The boot allocator handed every page it had left to the resident page
 * system: each page of its remaining free ranges has a struct vm_page, and
 * none of them is reserved.
 */
KTEST(boot, bootmem_handoff_to_vm_page)
{
	struct phys_range r[2 * BOOT_MAX_RANGES];
	unsigned int n = bootmem_free_ranges(r, ARRAY_SIZE(r));
	unsigned long pages = 0;

	KT_CHECK(n > 0);
	for (unsigned int i = 0; i < n; i++) {
		KT_CHECK(boot_range_in_ram(r[i].start, r[i].end));
		for (paddr_t pa = r[i].start; pa < r[i].end; pa += PAGE_SIZE) {
			/* Ranges too small for a page array stay unmanaged. */
			if (r[i].end - r[i].start < 16 * PAGE_SIZE)
				break;
			KT_CHECK_MSG(vm_page_lookup_phys(pa) != NULL,
				     "free boot page 0x%llx not managed",
				     (unsigned long long)pa);
			pages++;
		}
		KT_CHECK(!boot_range_reserved(r[i].start, r[i].start + PAGE_SIZE));
	}
	KT_CHECK(pages > 0);
}
