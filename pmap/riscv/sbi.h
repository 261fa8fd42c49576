/*
 * pmap/riscv/sbi.h - calls into the SBI firmware (OpenSBI) from S-mode.
 */
#ifndef RISCV_SBI_H
#define RISCV_SBI_H

#include <kern/types.h>

#define SBI_EXT_LEGACY_SET_TIMER	0x00
#define SBI_EXT_LEGACY_PUTCHAR		0x01
#define SBI_EXT_LEGACY_GETCHAR		0x02
#define SBI_EXT_LEGACY_SHUTDOWN		0x08
#define SBI_EXT_BASE			0x10
#define SBI_EXT_TIME			0x54494D45	/* "TIME" */
#define SBI_EXT_SRST			0x53525354	/* "SRST" */

#define SBI_SRST_SHUTDOWN		0
#define SBI_SRST_REASON_NONE		0
#define SBI_SRST_REASON_FAILURE		1

struct sbiret {
	long error;	/* 0 on success, negative SBI error code */
	long value;
};

/* sbi_init: find the implemented extensions (once, on the boot hart). */
void sbi_init(void);
unsigned long sbi_spec_version(void);
bool sbi_has_time(void);
bool sbi_has_srst(void);

/* Program this hart's next timer interrupt (absolute time CSR value). */
void sbi_set_timer(uint64_t when);
/* Ask firmware to power off; returns only if it cannot. */
void sbi_shutdown(bool failure);
/* The legacy firmware console, for before a UART is known. */
void sbi_console_putchar(int c);
int sbi_console_getchar(void);

#endif /* RISCV_SBI_H */
