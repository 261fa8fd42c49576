/*
 * pmap/riscv/libgcc.c - the few libgcc helpers GCC calls on RV64IMAC.
 *
 * The kernel links without libgcc: Debian's riscv64 libgcc is built for
 * the lp64d ABI and cannot be linked with the kernel's soft-float lp64.
 * Without Zbb there is no count-trailing-zeros instruction, so
 * __builtin_ctzll (the scheduler's run-queue bitmap, the IPC name
 * allocator) becomes a call to __ctzdi2, once or more per context switch.
 */
#include <kern/types.h>
#include <machine/cpu.h>

int __ctzdi2(uint64_t x);

/*
 * x & -x keeps only the lowest set bit, 1 << n.  Multiplied by this de
 * Bruijn sequence B(2, 6), its top six bits are a different number for
 * each n, which the table maps back to n.
 */

const uint8_t riscv_debruijn_index[64] = {
	0, 1, 48, 2, 57, 49, 28, 3, 61, 58, 50, 42, 38, 29, 17, 4,
	62, 55, 59, 36, 53, 51, 43, 22, 45, 39, 33, 30, 24, 18, 12, 5,
	63, 47, 56, 27, 60, 41, 37, 16, 54, 35, 52, 21, 44, 32, 23, 11,
	46, 26, 40, 15, 34, 20, 31, 10, 25, 14, 19, 9, 13, 8, 7, 6,
};

/*
 * __ctzdi2: the number of trailing zero bits of x (undefined for 0, as
 * for the builtin; 64 here).  Branch-free but for the zero test: a
 * multiply and a table load (a binary search cost about 25 instructions).
 * A leaf: no frame record needed (backtraces handle leaves, trap.c).
 */
__attribute__((optimize("omit-frame-pointer"))) int __ctzdi2(uint64_t x)
{
	if (x == 0)
		return 64;
	return riscv_debruijn_index[((x & -x) * RISCV_DEBRUIJN64) >> 58];
}
