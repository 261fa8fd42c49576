/*
 * tests/host/boot_stub.h - control of the host boot_info builder stubs.
 */
#ifndef TESTS_HOST_BOOT_STUB_H
#define TESTS_HOST_BOOT_STUB_H

#include <stdbool.h>

extern bool boot_stub_cmdline_set;	/* boot_set_cmdline() was called */
extern bool boot_stub_quiet;		/* drop kprintf output (fuzzing) */

/* Empty boot_info before a new collection. */
void boot_stub_reset(void);

#endif
