/*
 * pmap/i386/multiboot.c - boot_info from the multiboot (v1) information.
 *
 * The loader's structures are read through the direct map (they lie below
 * 4 GiB, which start.S maps).  Everything the kernel keeps (command lines)
 * is copied into boot_info, but the structures above 1 MiB are reserved
 * anyway so that they survive for a debugger and for later readers.
 */
#include <kern/types.h>
#include <kern/machine.h>
#include <kern/bootinfo.h>
#include <kern/panic.h>
#include "x86.h"
#include "multiboot.h"

#define ONE_MIB		0x100000UL

static size_t str_len(const char *s)
{
	size_t n = 0;

	while (s[n] != '\0')
		n++;
	return n;
}

/* Reserve a loader structure if it lies above the low megabyte (which is
 * reserved as a whole) and no earlier reservation covers it already
 * (loaders pack their structures into a few pages). */
static void reserve_loader_data(paddr_t pa, size_t len)
{
	if (pa + len > ONE_MIB && !boot_range_reserved(pa, pa + len))
		boot_add_reserved(pa, pa + len, "multiboot");
}

/* A loader string: its kernel virtual address, reserved in place. */
static const char *loader_string(uint32_t pa)
{
	const char *s = phys_to_virt(pa);

	reserve_loader_data(pa, str_len(s) + 1);
	return s;
}

/*
 * The kernel command line.  Loaders (QEMU, GRUB) put the kernel's own path
 * first; drop a first word that is not a key=value option.
 */
static void parse_cmdline(const struct multiboot_info *mbi)
{
	const char *s, *w;
	bool has_eq = false;

	if (!(mbi->flags & MBI_FLAG_CMDLINE)) {
		boot_set_cmdline("");
		return;
	}
	s = loader_string(mbi->cmdline);
	while (*s == ' ')
		s++;
	for (w = s; *w != '\0' && *w != ' '; w++)
		if (*w == '=')
			has_eq = true;
	if (!has_eq) {
		s = w;
		while (*s == ' ')
			s++;
	}
	boot_set_cmdline(s);
}

/*
 * RAM from the BIOS memory map (type 1 entries), or from mem_lower and
 * mem_upper if the loader gave no map.  RAM beyond what the direct map can
 * cover is dropped.
 */
static void parse_memory(const struct multiboot_info *mbi)
{
	if (mbi->flags & MBI_FLAG_MMAP) {
		const char *p = phys_to_virt(mbi->mmap_addr);
		const char *end = p + mbi->mmap_length;
		const struct multiboot_mmap_entry *e;
		paddr_t top = 0, limit;

		reserve_loader_data(mbi->mmap_addr, mbi->mmap_length);
		for (const char *q = p; q < end; q += e->size + 4) {
			e = (const void *)q;
			if (e->type == MULTIBOOT_MEMORY_AVAILABLE)
				top = MAX(top, e->addr + e->len);
		}
		limit = pmap_boot_direct_map(top);
		for (const char *q = p; q < end; q += e->size + 4) {
			e = (const void *)q;
			if (e->type != MULTIBOOT_MEMORY_AVAILABLE ||
			    e->addr >= limit)
				continue;
			boot_add_ram(e->addr, MIN(e->addr + e->len, limit));
		}
	} else if (mbi->flags & MBI_FLAG_MEM) {
		boot_add_ram(0, (paddr_t)mbi->mem_lower << 10);
		boot_add_ram(ONE_MIB, ONE_MIB + ((paddr_t)mbi->mem_upper << 10));
	} else {
		panic("multiboot: the loader gave no memory information");
	}
}

/* Modules, with their command lines, reserved where they lie. */
static void parse_modules(const struct multiboot_info *mbi)
{
	const struct multiboot_module *m;

	if (!(mbi->flags & MBI_FLAG_MODS) || mbi->mods_count == 0)
		return;
	m = phys_to_virt(mbi->mods_addr);
	reserve_loader_data(mbi->mods_addr, mbi->mods_count * sizeof(*m));
	for (uint32_t i = 0; i < mbi->mods_count; i++) {
		const char *cmd = m[i].cmdline ? loader_string(m[i].cmdline)
					       : "";

		boot_add_module(m[i].mod_start, m[i].mod_end, cmd);
		boot_add_reserved(m[i].mod_start, m[i].mod_end, "module");
	}
}

/*
 * multiboot_parse: fill boot_info from the multiboot information at
 * mbi_pa.  Conditions: boot CPU, interrupts disabled, console up (a wrong
 * magic number panics), the boot direct map (4 GiB) in place.
 */
void multiboot_parse(uint32_t magic, paddr_t mbi_pa)
{
	const struct multiboot_info *mbi = phys_to_virt(mbi_pa);
	uint32_t r[4];

	if (magic != MULTIBOOT_BOOTLOADER_MAGIC)
		panic("not started by a multiboot loader (eax %#x)", magic);
	boot_info.boot_protocol = "multiboot";
	reserve_loader_data(mbi_pa, sizeof(*mbi));

	parse_cmdline(mbi);
	parse_memory(mbi);
	boot_add_reserved(0, ONE_MIB, "bios");

	boot_info.kernel_start = virt_to_phys(__kernel_start);
	boot_info.kernel_end = virt_to_phys(__kernel_end);
	boot_add_reserved(boot_info.kernel_start, boot_info.kernel_end,
			  "kernel");
	parse_modules(mbi);

	cpuid(1, 0, r);
	boot_info.boot_cpu = r[1] >> 24;	/* initial APIC id */
}
