/*
 * kern/bootmem.c - the boot-time physical allocator.
 *
 * bootmem_init() subtracts every reserved range from the RAM ranges to get
 * a sorted list of free ranges; bootmem_alloc() carves aligned blocks from
 * the lowest range that fits (first fit).  Runs single-threaded at boot.
 */
#include <kern/machine.h>
#include <kern/bootmem.h>
#include <kern/console.h>
#include <kern/panic.h>
#include <kern/string.h>

#define BOOTMEM_MAX_FREE (2 * BOOT_MAX_RANGES)

static struct phys_range free_ranges[BOOTMEM_MAX_FREE];
static unsigned int free_count;
static bool bootmem_closed;

/* Remove [start, end) from the free list, splitting ranges as needed. */
static void bootmem_carve(paddr_t start, paddr_t end)
{
	for (unsigned int i = 0; i < free_count; i++) {
		struct phys_range *r = &free_ranges[i];

		if (end <= r->start || start >= r->end)
			continue;
		if (start <= r->start && end >= r->end) {
			/* Covers the whole range: drop it. */
			memmove(r, r + 1, (free_count - i - 1) * sizeof(*r));
			free_count--;
			i--;
		} else if (start <= r->start) {
			r->start = end;
		} else if (end >= r->end) {
			r->end = start;
		} else {
			/* Strictly inside: split in two. */
			if (free_count == BOOTMEM_MAX_FREE)
				panic("bootmem: free range table full");
			memmove(r + 2, r + 1,
				(free_count - i - 1) * sizeof(*r));
			free_count++;
			r[1] = (struct phys_range){ end, r->end, "free" };
			r->end = start;
			i++;
		}
	}
}

void bootmem_init(void)
{
	free_count = 0;
	/* Insert RAM ranges sorted by start (insertion sort, few ranges). */
	for (unsigned int i = 0; i < boot_info.ram_count; i++) {
		struct phys_range r = boot_info.ram[i];
		unsigned int j = free_count;

		r.what = "free";
		while (j > 0 && free_ranges[j - 1].start > r.start) {
			free_ranges[j] = free_ranges[j - 1];
			j--;
		}
		free_ranges[j] = r;
		free_count++;
	}
	for (unsigned int i = 0; i < boot_info.reserved_count; i++)
		bootmem_carve(boot_info.reserved[i].start,
			      boot_info.reserved[i].end);
	/* Physical page 0 is never handed out: 0 is too easily a bug. */
	bootmem_carve(0, PAGE_SIZE);
}

void bootmem_close(void)
{
	bootmem_closed = true;
}

bool bootmem_alloc(size_t size, size_t align, paddr_t *pa)
{
	if (bootmem_closed)
		panic("bootmem_alloc after vm_page_init");
	size = ROUND_UP(size, PAGE_SIZE);
	if (align < PAGE_SIZE)
		align = PAGE_SIZE;
	if (size == 0 || (align & (align - 1)))
		return false;
	for (unsigned int i = 0; i < free_count; i++) {
		paddr_t start = ROUND_UP(free_ranges[i].start, (paddr_t)align);

		if (start < free_ranges[i].end &&
		    free_ranges[i].end - start >= size) {
			bootmem_carve(start, start + size);
			memset(phys_to_virt(start), 0, size);
			*pa = start;
			return true;
		}
	}
	return false;
}

unsigned int bootmem_free_ranges(struct phys_range *out, unsigned int max)
{
	unsigned int n = MIN(max, free_count);

	memcpy(out, free_ranges, n * sizeof(*out));
	return n;
}

uint64_t bootmem_free_bytes(void)
{
	uint64_t total = 0;

	for (unsigned int i = 0; i < free_count; i++)
		total += free_ranges[i].end - free_ranges[i].start;
	return total;
}
