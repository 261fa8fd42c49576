/*
 * pmap/i386/console.c - the PC console: a 16550 UART on COM1 (port 0x3f8)
 * driven by the machine-independent ns16550 driver through port I/O.
 */
#include <kern/types.h>
#include <kern/console.h>
#include <device/uart.h>
#include <machine/pio.h>
#include "x86.h"

#define COM1_PORT	0x3f8

static uint8_t com_read(struct ns16550 *u, unsigned int reg)
{
	return inb((uint16_t)(u->base + (reg << u->reg_shift)));
}

static void com_write(struct ns16550 *u, unsigned int reg, uint8_t v)
{
	outb((uint16_t)(u->base + (reg << u->reg_shift)), v);
}

static struct ns16550 com1 = {
	.base = COM1_PORT,
	.reg_shift = 0,
	.reg_width = 1,
	.read = com_read,
	.write = com_write,
};

/*
 * pc_console_init: program COM1 for 115200 8N1 (divisor 1) and make it the
 * kernel console.  Conditions: boot CPU, interrupts disabled.
 */
void pc_console_init(void)
{
	ns16550_init(&com1, 1);
	com1.console.name = "com1";
	com1.console.putc = ns16550_putc;
	com1.console.getc = ns16550_getc;
	com1.console.ctx = &com1;
	console_register(&com1.console);
}
