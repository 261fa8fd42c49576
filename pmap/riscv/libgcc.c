/*
 * pmap/riscv/libgcc.c - the few libgcc helpers GCC calls on RV64IMAC.
 *
 * The kernel links without libgcc: Debian's riscv64 libgcc is built for
 * the lp64d ABI and cannot be linked with the kernel's soft-float lp64.
 * Without Zbb there is no count-trailing-zeros instruction, so
 * __builtin_ctzll (the scheduler's run-queue bitmap) becomes a call to
 * __ctzdi2.
 */
#include <kern/types.h>

int __ctzdi2(uint64_t x);

/*
 * __ctzdi2: the number of trailing zero bits of x (undefined for 0, as
 * for the builtin; 64 here).  A binary search, which GCC does not turn
 * back into a ctz idiom (and so into a call to itself).
 */
int __ctzdi2(uint64_t x)
{
	int n = 0;

	if (x == 0)
		return 64;
	if (!(x & 0xffffffffULL)) { n += 32; x >>= 32; }
	if (!(x & 0xffffULL)) { n += 16; x >>= 16; }
	if (!(x & 0xffULL)) { n += 8; x >>= 8; }
	if (!(x & 0xfULL)) { n += 4; x >>= 4; }
	if (!(x & 0x3ULL)) { n += 2; x >>= 2; }
	if (!(x & 0x1ULL))
		n += 1;
	return n;
}
