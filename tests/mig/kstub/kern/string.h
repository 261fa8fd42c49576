/* tests/mig/kstub/kern/string.h - stands in for the kernel's string.h when
 * the golden test compiles KernelServer/KernelUser stubs on the host. */
#include <string.h>
