/*
 * include/mach/thread_status.h - thread_get_state / thread_set_state
 * flavours for the machine this is compiled for.  Each ISA's flavours and
 * structures are in include/mach/<isa>/thread_status.h (the kernel's
 * ports include theirs directly); counts are in 32-bit words.
 */
#ifndef MACH_THREAD_STATUS_H
#define MACH_THREAD_STATUS_H

#define THREAD_STATE_MAX	1024	/* words in any flavour */

#if defined(__x86_64__)
#include <mach/x86_64/thread_status.h>
#elif defined(__aarch64__)
#include <mach/aarch64/thread_status.h>
#elif defined(__riscv) && __riscv_xlen == 64
#include <mach/riscv64/thread_status.h>
#else
#error "mach/thread_status.h: no thread state for this machine"
#endif

#endif /* MACH_THREAD_STATUS_H */
