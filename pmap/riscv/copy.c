/*
 * pmap/riscv/copy.c - copyin/copyout range checks and the recovery table
 * lookup the page-fault path uses (the accesses themselves are in copy.S).
 */
#include <kern/machine.h>
#include "md.h"

_Static_assert(MD_EFAULT == 14, "copy.S returns 14 for MD_EFAULT");

struct recovery {
	uintptr_t begin, end, recover;
};

extern const struct recovery riscv_recovery_table[],
	riscv_recovery_table_end[];

int riscv_copy_user(void *dst, const void *src, size_t len);

/*
 * user_range: is [addr, addr + len) wholly inside the user half?  Written
 * so that no sum can wrap around (an address below USER_VA_MIN makes the
 * first difference huge).
 */
static bool user_range(const void *addr, size_t len)
{
	uintptr_t a = (uintptr_t)addr;

	return a - USER_VA_MIN <= USER_VA_MAX - USER_VA_MIN &&
	       len <= USER_VA_MAX - a;
}

/* copyin: see kern/machine.h.  Returns 0 or MD_EFAULT. */
int copyin(const void *user_src, void *kernel_dst, size_t len)
{
	if (!user_range(user_src, len))
		return MD_EFAULT;
	return riscv_copy_user(kernel_dst, user_src, len);
}

/* copyout: see kern/machine.h.  Returns 0 or MD_EFAULT. */
int copyout(const void *kernel_src, void *user_dst, size_t len)
{
	if (!user_range(user_dst, len))
		return MD_EFAULT;
	return riscv_copy_user(user_dst, kernel_src, len);
}

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
