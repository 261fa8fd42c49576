/*
 * kern/bootinfo.c - building and querying struct boot_info.
 *
 * The port's boot code adds what its boot protocol reports; the MI core only
 * reads.  Everything here runs on the boot CPU before interrupts are enabled,
 * so nothing is locked.
 */
#include <kern/bootinfo.h>
#include <kern/console.h>
#include <kern/string.h>

struct boot_info boot_info;

bool boot_add_ram(paddr_t start, paddr_t end)
{
	start = ROUND_UP(start, PAGE_SIZE);
	end = ROUND_DOWN(end, PAGE_SIZE);
	if (end <= start)
		return true;	/* less than a page: nothing usable */
	if (boot_info.ram_count == BOOT_MAX_RANGES) {
		kprintf("boot: too many RAM ranges, ignoring [0x%llx, 0x%llx)\n",
			(unsigned long long)start, (unsigned long long)end);
		return false;
	}
	boot_info.ram[boot_info.ram_count++] =
		(struct phys_range){ start, end, "ram" };
	return true;
}

bool boot_add_reserved(paddr_t start, paddr_t end, const char *what)
{
	start = ROUND_DOWN(start, PAGE_SIZE);
	end = ROUND_UP(end, PAGE_SIZE);
	if (end <= start)
		return true;
	if (boot_info.reserved_count == BOOT_MAX_RANGES) {
		kprintf("boot: too many reserved ranges, cannot reserve %s\n",
			what);
		return false;
	}
	boot_info.reserved[boot_info.reserved_count++] =
		(struct phys_range){ start, end, what };
	return true;
}

bool boot_add_module(paddr_t start, paddr_t end, const char *cmdline)
{
	struct boot_module *m;

	if (boot_info.module_count == BOOT_MAX_MODULES) {
		kprintf("boot: too many modules, ignoring \"%s\"\n", cmdline);
		return false;
	}
	m = &boot_info.modules[boot_info.module_count++];
	m->start = start;
	m->end = end;
	strlcpy(m->cmdline, cmdline ? cmdline : "", sizeof(m->cmdline));
	return true;
}

void boot_set_cmdline(const char *cmdline)
{
	strlcpy(boot_info.cmdline, cmdline ? cmdline : "",
		sizeof(boot_info.cmdline));
}

bool boot_range_in_ram(paddr_t start, paddr_t end)
{
	for (unsigned int i = 0; i < boot_info.ram_count; i++)
		if (start >= boot_info.ram[i].start &&
		    end <= boot_info.ram[i].end)
			return true;
	return false;
}

/*
 * boot_range_reserved: true if every page of [start, end) is covered by
 * the union of the reserved ranges.
 */
bool boot_range_reserved(paddr_t start, paddr_t end)
{
	paddr_t pa = ROUND_DOWN(start, PAGE_SIZE);

	while (pa < end) {
		bool covered = false;

		for (unsigned int i = 0; i < boot_info.reserved_count; i++) {
			const struct phys_range *r = &boot_info.reserved[i];

			if (pa >= r->start && pa < r->end) {
				pa = r->end;
				covered = true;
				break;
			}
		}
		if (!covered)
			return false;
	}
	return true;
}

uint64_t boot_ram_total(void)
{
	uint64_t total = 0;

	for (unsigned int i = 0; i < boot_info.ram_count; i++)
		total += boot_info.ram[i].end - boot_info.ram[i].start;
	return total;
}

void boot_info_print(void)
{
	kprintf("boot: protocol %s, cpu %lu, command line \"%s\"\n",
		boot_info.boot_protocol ? boot_info.boot_protocol : "?",
		boot_info.boot_cpu, boot_info.cmdline);
	for (unsigned int i = 0; i < boot_info.ram_count; i++)
		kprintf("boot: ram      [0x%010llx, 0x%010llx) %6llu KiB\n",
			(unsigned long long)boot_info.ram[i].start,
			(unsigned long long)boot_info.ram[i].end,
			(unsigned long long)(boot_info.ram[i].end -
					     boot_info.ram[i].start) >> 10);
	for (unsigned int i = 0; i < boot_info.reserved_count; i++)
		kprintf("boot: reserved [0x%010llx, 0x%010llx) %s\n",
			(unsigned long long)boot_info.reserved[i].start,
			(unsigned long long)boot_info.reserved[i].end,
			boot_info.reserved[i].what);
	for (unsigned int i = 0; i < boot_info.module_count; i++)
		kprintf("boot: module   [0x%010llx, 0x%010llx) \"%s\"\n",
			(unsigned long long)boot_info.modules[i].start,
			(unsigned long long)boot_info.modules[i].end,
			boot_info.modules[i].cmdline);
	kprintf("boot: %llu MiB of RAM, kernel image [0x%llx, 0x%llx)\n",
		(unsigned long long)(boot_ram_total() >> 20),
		(unsigned long long)boot_info.kernel_start,
		(unsigned long long)boot_info.kernel_end);
}

/*
 * find_word: locate key as a whole blank-separated word of the command
 * line, either alone or followed by '='.  Returns a pointer just past the
 * key, or NULL.
 */
static const char *find_word(const char *key)
{
	size_t klen = strlen(key);
	const char *p = boot_info.cmdline;

	while (*p) {
		while (*p == ' ')
			p++;
		if (!strncmp(p, key, klen) && (p[klen] == '=' ||
		    p[klen] == ' ' || p[klen] == '\0'))
			return p + klen;
		while (*p && *p != ' ')
			p++;
	}
	return NULL;
}

bool boot_cmdline_has(const char *key)
{
	return find_word(key) != NULL;
}

bool boot_cmdline_value(const char *key, char *buf, size_t buflen)
{
	const char *p = find_word(key);
	size_t n = 0;

	if (!p || *p != '=' || buflen == 0)
		return false;
	p++;
	while (p[n] && p[n] != ' ' && n + 1 < buflen) {
		buf[n] = p[n];
		n++;
	}
	buf[n] = '\0';
	return true;
}
