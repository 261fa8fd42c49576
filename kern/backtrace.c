/*
 * kern/backtrace.c - symbolised stack backtraces from frame pointers.
 *
 * Every port compiles with frame pointers; <machine/cpu.h> supplies
 * cpu_frame_unwind(), which knows where its ABI keeps the saved frame
 * pointer and return address.  The walk stops at a null, misaligned or
 * non-increasing frame pointer, or after a fixed depth, so a corrupt stack
 * cannot make it loop.
 */
#include <kern/machine.h>
#include <kern/console.h>
#include <kern/panic.h>
#include <kern/ksyms.h>

#define BACKTRACE_MAX_DEPTH 32

/*
 * ksym_lookup: binary search for the last symbol at or below addr.
 * Returns the name and sets *offset, or NULL if addr is outside every
 * known function.
 */
const char *ksym_lookup(uintptr_t addr, uintptr_t *offset)
{
	uint64_t lo = 0, hi = ksyms_count;

	if (ksyms_count == 0 || addr < ksyms_table[0].addr)
		return NULL;
	while (hi - lo > 1) {
		uint64_t mid = lo + (hi - lo) / 2;

		if (ksyms_table[mid].addr <= addr)
			lo = mid;
		else
			hi = mid;
	}
	/* Past the end of a sized function, and not inside the next one:
	 * say nothing rather than something wrong. */
	if (ksyms_table[lo].size &&
	    addr >= ksyms_table[lo].addr + ksyms_table[lo].size + 16)
		return NULL;
	if (offset)
		*offset = addr - ksyms_table[lo].addr;
	return &ksyms_names[ksyms_table[lo].name];
}

static void print_frame(unsigned int depth, uintptr_t pc)
{
	uintptr_t off;
	const char *name = ksym_lookup(pc, &off);

	if (name)
		kprintf("  #%-2u 0x%016lx %s+0x%lx\n", depth,
			(unsigned long)pc, name, (unsigned long)off);
	else
		kprintf("  #%-2u 0x%016lx ?\n", depth, (unsigned long)pc);
}

void backtrace_print(uintptr_t pc, uintptr_t fp)
{
	unsigned int depth = 0;

	kprintf("backtrace:\n");
	print_frame(depth++, pc);
	while (depth < BACKTRACE_MAX_DEPTH) {
		uintptr_t prev_fp = fp, ret;

		if (!cpu_frame_unwind(&fp, &ret) || ret == 0)
			break;
		/* Return addresses point after the call: look up ret - 1. */
		print_frame(depth++, ret - 1);
		if (fp <= prev_fp)
			break;
	}
}
