/*
 * device/uart_ns16550.c - 16550-compatible UART console driver.
 *
 * Polled transmit and receive; the console never depends on interrupts so
 * that panic output always gets out.  Registers are reached through the
 * accessors in struct ns16550 (x86 port I/O) or by MMIO with a register
 * stride of 1 << reg_shift.
 */
#include <device/uart.h>

#define UART_RBR 0	/* receive buffer (read) */
#define UART_THR 0	/* transmit holding (write) */
#define UART_DLL 0	/* divisor latch low (DLAB=1) */
#define UART_IER 1	/* interrupt enable */
#define UART_DLM 1	/* divisor latch high (DLAB=1) */
#define UART_FCR 2	/* FIFO control (write) */
#define UART_LCR 3	/* line control */
#define UART_MCR 4	/* modem control */
#define UART_LSR 5	/* line status */

#define LCR_8N1		0x03
#define LCR_DLAB	0x80
#define LSR_DR		0x01	/* data ready */
#define LSR_THRE	0x20	/* transmit holding register empty */

static uint8_t reg_read(struct ns16550 *u, unsigned int reg)
{
	uintptr_t a;

	if (u->read)
		return u->read(u, reg);
	a = u->base + ((uintptr_t)reg << u->reg_shift);
	if (u->reg_width == 4)
		return (uint8_t)*(volatile uint32_t *)a;
	return *(volatile uint8_t *)a;
}

static void reg_write(struct ns16550 *u, unsigned int reg, uint8_t v)
{
	uintptr_t a;

	if (u->write) {
		u->write(u, reg, v);
		return;
	}
	a = u->base + ((uintptr_t)reg << u->reg_shift);
	if (u->reg_width == 4)
		*(volatile uint32_t *)a = v;
	else
		*(volatile uint8_t *)a = v;
}

void ns16550_init(struct ns16550 *u, unsigned int divisor)
{
	reg_write(u, UART_IER, 0);
	if (divisor) {
		reg_write(u, UART_LCR, LCR_DLAB);
		reg_write(u, UART_DLL, divisor & 0xff);
		reg_write(u, UART_DLM, (divisor >> 8) & 0xff);
	}
	reg_write(u, UART_LCR, LCR_8N1);
	reg_write(u, UART_FCR, 0x07);	/* enable and clear both FIFOs */
	reg_write(u, UART_MCR, 0x03);	/* DTR, RTS */
	u->console.name = "ns16550";
	u->console.putc = ns16550_putc;
	u->console.getc = ns16550_getc;
	u->console.ctx = u;
}

void ns16550_putc(void *ctx, int c)
{
	struct ns16550 *u = ctx;
	unsigned int spins = 0;

	/* Bounded wait: a wedged UART must not hang a panic forever. */
	while (!(reg_read(u, UART_LSR) & LSR_THRE) && ++spins < 1000000)
		;
	reg_write(u, UART_THR, (uint8_t)c);
}

int ns16550_getc(void *ctx)
{
	struct ns16550 *u = ctx;

	if (!(reg_read(u, UART_LSR) & LSR_DR))
		return -1;
	return reg_read(u, UART_RBR);
}
