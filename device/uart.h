/*
 * device/uart.h - UART drivers usable as the kernel console.
 *
 * The drivers are machine independent: register access goes through the
 * accessors given at init, so the same 16550 driver serves x86 port I/O and
 * RISC-V / board MMIO.
 */
#ifndef DEVICE_UART_H
#define DEVICE_UART_H

#include <kern/types.h>
#include <kern/console.h>

/* National Semiconductor 16550 and compatibles. */
struct ns16550 {
	uintptr_t base;		/* MMIO virtual address or I/O port */
	unsigned int reg_shift;	/* register stride is 1 << reg_shift */
	unsigned int reg_width;	/* MMIO access width in bytes: 1 or 4 */
	uint8_t (*read)(struct ns16550 *u, unsigned int reg);	/* NULL: MMIO */
	void (*write)(struct ns16550 *u, unsigned int reg, uint8_t v);
	struct console_driver console;
};

/* Program 8N1 with FIFOs; divisor 0 keeps the firmware's baud rate. */
void ns16550_init(struct ns16550 *u, unsigned int divisor);
void ns16550_putc(void *u, int c);
int ns16550_getc(void *u);

/* ARM PrimeCell PL011. */
struct pl011 {
	uintptr_t base;		/* MMIO virtual address */
	struct console_driver console;
};

void pl011_init(struct pl011 *u);
void pl011_putc(void *u, int c);
int pl011_getc(void *u);

#endif /* DEVICE_UART_H */
