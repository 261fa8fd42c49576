/*
 * kern/bootinfo.h - what the boot path learned about the machine.
 *
 * Filled by the port's early boot code (from multiboot or the devicetree)
 * before kern_main() runs; read by the MI core.  All addresses are physical
 * and ranges are half open, [start, end).
 */
#ifndef KERN_BOOTINFO_H
#define KERN_BOOTINFO_H

#include <kern/types.h>

#define BOOT_MAX_RANGES		64
#define BOOT_MAX_MODULES	16
#define BOOT_CMDLINE_MAX	512

struct phys_range {
	paddr_t start;
	paddr_t end;
	const char *what;	/* reserved ranges: why (for the boot report) */
};

struct boot_module {
	paddr_t start;
	paddr_t end;
	char cmdline[BOOT_CMDLINE_MAX];
};

struct boot_info {
	char cmdline[BOOT_CMDLINE_MAX];	/* kernel command line */
	struct phys_range ram[BOOT_MAX_RANGES];
	unsigned int ram_count;
	struct phys_range reserved[BOOT_MAX_RANGES];
	unsigned int reserved_count;
	struct boot_module modules[BOOT_MAX_MODULES];
	unsigned int module_count;
	paddr_t kernel_start;		/* the loaded kernel image, incl. bss */
	paddr_t kernel_end;
	paddr_t dtb_start;		/* 0 if the boot protocol has no DTB */
	paddr_t dtb_end;
	unsigned long boot_cpu;		/* APIC id, MPIDR affinity, hart id */
	const char *boot_protocol;	/* "multiboot", "linux-image", "sbi" */
};

extern struct boot_info boot_info;

/* Builders used by the ports and by fdt_boot.c.  Ranges are page-rounded
 * (RAM inwards, reservations outwards), overlapping reservations are kept
 * as given.  They return false (and print why) when a table is full. */
bool boot_add_ram(paddr_t start, paddr_t end);
bool boot_add_reserved(paddr_t start, paddr_t end, const char *what);
bool boot_add_module(paddr_t start, paddr_t end, const char *cmdline);
void boot_set_cmdline(const char *cmdline);

/* Queries. */
bool boot_range_in_ram(paddr_t start, paddr_t end);
bool boot_range_reserved(paddr_t start, paddr_t end);
uint64_t boot_ram_total(void);
void boot_info_print(void);

/*
 * boot_cmdline_value: find "key=value" in the kernel command line and copy
 * the value (up to the next blank) into buf.  Returns false if key is absent.
 * boot_cmdline_has: true if "key" or "key=..." is present.
 */
bool boot_cmdline_value(const char *key, char *buf, size_t buflen);
bool boot_cmdline_has(const char *key);

#endif /* KERN_BOOTINFO_H */
