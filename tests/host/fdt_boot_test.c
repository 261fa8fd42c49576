/*
 * tests/host/fdt_boot_test.c - run kern/fdt_boot.c on a DTB against the
 * recording builders of boot_stub.c and print what it collected, for
 * tests/host/fdt_boot_oracle.py.
 *
 * Usage: fdt_boot_test FILE.dtb.  The DTB is taken to sit at 0x4c000000.
 * Output: "rc N", then "cmdline [..]" if set, "ram START END",
 * "reserved START END WHAT", "module START END [CMDLINE]", "dtb START END"
 * (hex, in the order the builders were called).  Exits 1 if a built-in
 * check fails, 2 if the DTB does not pass fdt_init().
 */
#include <string.h>
#include <kern/bootinfo.h>
#include "fdt_test.h"
#include "boot_stub.h"

#define DTB_PHYS	0x4c000000ULL

int main(int argc, char **argv)
{
	struct fdt fdt;
	unsigned char *blob;
	size_t size;
	unsigned int i;
	int err, rc;

	if (argc != 2) {
		fprintf(stderr, "usage: fdt_boot_test FILE.dtb\n");
		return 2;
	}
	blob = load_file(argv[1], &size);

	/* A tree that failed fdt_init() yields an error and no boot info. */
	boot_stub_reset();
	CHECK_EQ(fdt_init(&fdt, blob, 3), -FDT_ERR_TRUNCATED);
	CHECK(fdt_boot_collect(&fdt, DTB_PHYS) < 0);
	CHECK(boot_info.ram_count == 0 && boot_info.reserved_count == 0 &&
	      boot_info.module_count == 0 && boot_info.dtb_end == 0);

	err = fdt_init(&fdt, blob, size);
	if (err != 0) {
		fprintf(stderr, "%s: %s\n", argv[1], fdt_strerror(err));
		return 2;
	}
	boot_stub_reset();
	rc = fdt_boot_collect(&fdt, DTB_PHYS);

	/* The DTB is always reserved, whatever else went wrong. */
	CHECK(boot_info.dtb_start == DTB_PHYS &&
	      boot_info.dtb_end == DTB_PHYS + fdt.totalsize);
	CHECK(boot_info.reserved_count > 0 &&
	      strcmp(boot_info.reserved[0].what, "dtb") == 0);

	printf("rc %d\n", rc);
	if (boot_stub_cmdline_set)
		printf("cmdline [%s]\n", boot_info.cmdline);
	for (i = 0; i < boot_info.ram_count; i++)
		printf("ram %llx %llx\n",
		       (unsigned long long)boot_info.ram[i].start,
		       (unsigned long long)boot_info.ram[i].end);
	for (i = 0; i < boot_info.reserved_count; i++)
		printf("reserved %llx %llx %s\n",
		       (unsigned long long)boot_info.reserved[i].start,
		       (unsigned long long)boot_info.reserved[i].end,
		       boot_info.reserved[i].what);
	for (i = 0; i < boot_info.module_count; i++)
		printf("module %llx %llx [%s]\n",
		       (unsigned long long)boot_info.modules[i].start,
		       (unsigned long long)boot_info.modules[i].end,
		       boot_info.modules[i].cmdline);
	printf("dtb %llx %llx\n", (unsigned long long)boot_info.dtb_start,
	       (unsigned long long)boot_info.dtb_end);
	free(blob);
	return test_failures ? 1 : 0;
}
