/*
 * tests/host/boot_stub.c - host stand-ins for the boot_info builders and
 * kprintf, so kern/fdt_boot.c can run natively.
 *
 * Unlike kern/bootinfo.c these record ranges exactly as given (no page
 * rounding), so a test sees what fdt_boot_collect() passed.  Tables fill
 * up the same way: a full table makes the builder return false.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <kern/bootinfo.h>
#include <kern/console.h>
#include "boot_stub.h"

struct boot_info boot_info;
bool boot_stub_cmdline_set;
bool boot_stub_quiet;

void boot_stub_reset(void)
{
	memset(&boot_info, 0, sizeof(boot_info));
	boot_stub_cmdline_set = false;
}

bool boot_add_ram(paddr_t start, paddr_t end)
{
	if (boot_info.ram_count == BOOT_MAX_RANGES)
		return false;
	boot_info.ram[boot_info.ram_count].start = start;
	boot_info.ram[boot_info.ram_count].end = end;
	boot_info.ram_count++;
	return true;
}

bool boot_add_reserved(paddr_t start, paddr_t end, const char *what)
{
	if (boot_info.reserved_count == BOOT_MAX_RANGES)
		return false;
	boot_info.reserved[boot_info.reserved_count].start = start;
	boot_info.reserved[boot_info.reserved_count].end = end;
	boot_info.reserved[boot_info.reserved_count].what = what;
	boot_info.reserved_count++;
	return true;
}

bool boot_add_module(paddr_t start, paddr_t end, const char *cmdline)
{
	struct boot_module *m;

	if (boot_info.module_count == BOOT_MAX_MODULES)
		return false;
	m = &boot_info.modules[boot_info.module_count++];
	m->start = start;
	m->end = end;
	snprintf(m->cmdline, sizeof(m->cmdline), "%s", cmdline);
	return true;
}

void boot_set_cmdline(const char *cmdline)
{
	snprintf(boot_info.cmdline, sizeof(boot_info.cmdline), "%s", cmdline);
	boot_stub_cmdline_set = true;
}

int kprintf(const char *fmt, ...)
{
	va_list ap;
	int n = 0;

	if (!boot_stub_quiet) {
		va_start(ap, fmt);
		n = vfprintf(stderr, fmt, ap);
		va_end(ap);
	}
	return n;
}
