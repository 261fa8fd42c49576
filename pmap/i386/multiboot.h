/*
 * pmap/i386/multiboot.h - the multiboot (version 1) information structure
 * as the loader leaves it in memory.  All addresses are physical, 32 bits.
 */
#ifndef I386_MULTIBOOT_H
#define I386_MULTIBOOT_H

#include <kern/types.h>

#define MULTIBOOT_BOOTLOADER_MAGIC	0x2badb002

#define MBI_FLAG_MEM		(1 << 0)	/* mem_lower, mem_upper */
#define MBI_FLAG_CMDLINE	(1 << 2)
#define MBI_FLAG_MODS		(1 << 3)
#define MBI_FLAG_MMAP		(1 << 6)

struct multiboot_info {
	uint32_t flags;
	uint32_t mem_lower;	/* KiB below 1 MiB */
	uint32_t mem_upper;	/* KiB from 1 MiB to the first hole */
	uint32_t boot_device;
	uint32_t cmdline;
	uint32_t mods_count;
	uint32_t mods_addr;
	uint32_t syms[4];
	uint32_t mmap_length;
	uint32_t mmap_addr;
	uint32_t drives_length;
	uint32_t drives_addr;
	uint32_t config_table;
	uint32_t boot_loader_name;
	uint32_t apm_table;
	/* VBE and framebuffer fields follow; unused. */
} __packed;

struct multiboot_module {
	uint32_t mod_start;
	uint32_t mod_end;
	uint32_t cmdline;
	uint32_t reserved;
} __packed;

/* A memory map entry; 'size' does not count itself: the next entry is at
 * (char *)entry + size + 4. */
struct multiboot_mmap_entry {
	uint32_t size;
	uint64_t addr;
	uint64_t len;
	uint32_t type;		/* 1 = available RAM */
} __packed;

#define MULTIBOOT_MEMORY_AVAILABLE	1

#endif /* I386_MULTIBOOT_H */
