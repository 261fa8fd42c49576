/*
 * pmap/riscv/copy.c - the recovery table lookup the page-fault path uses
 * (copyin, copyout and the probes themselves are in copy.S).
 */
#include <kern/machine.h>
#include "md.h"

_Static_assert(MD_EFAULT == 14, "copy.S returns 14 for MD_EFAULT");
_Static_assert(USER_VA_MIN == 0, "copy.S checks user ranges against 0");

struct recovery {
	uintptr_t begin, end, recover;
};

extern const struct recovery riscv_recovery_table[],
	riscv_recovery_table_end[];

/*
 * riscv_recovery_pc: where a faulting access at pc resumes, or 0 if pc is
 * not inside a routine that expects faults.
 */
uintptr_t riscv_recovery_pc(uintptr_t pc)
{
	for (const struct recovery *r = riscv_recovery_table;
	     r < riscv_recovery_table_end; r++)
		if (pc >= r->begin && pc < r->end)
			return r->recover;
	return 0;
}
