/*
 * device/uart_pl011.c - ARM PrimeCell PL011 UART console driver.
 *
 * Polled; keeps the firmware's baud rate (QEMU ignores it, real boards set it
 * in firmware) and only makes sure the UART, transmitter and receiver are on
 * with FIFOs and 8N1.
 */
#include <device/uart.h>

#define PL011_DR	0x00
#define PL011_FR	0x18
#define PL011_LCRH	0x2c
#define PL011_CR	0x30
#define PL011_IMSC	0x38
#define PL011_ICR	0x44

#define FR_RXFE		(1u << 4)	/* receive FIFO empty */
#define FR_TXFF		(1u << 5)	/* transmit FIFO full */
#define LCRH_FEN	(1u << 4)
#define LCRH_WLEN8	(3u << 5)
#define CR_UARTEN	(1u << 0)
#define CR_TXE		(1u << 8)
#define CR_RXE		(1u << 9)

static inline uint32_t rd(struct pl011 *u, unsigned int off)
{
	return *(volatile uint32_t *)(u->base + off);
}

static inline void wr(struct pl011 *u, unsigned int off, uint32_t v)
{
	*(volatile uint32_t *)(u->base + off) = v;
}

void pl011_init(struct pl011 *u)
{
	wr(u, PL011_IMSC, 0);
	wr(u, PL011_ICR, 0x7ff);
	wr(u, PL011_LCRH, LCRH_FEN | LCRH_WLEN8);
	wr(u, PL011_CR, CR_UARTEN | CR_TXE | CR_RXE);
	u->console.name = "pl011";
	u->console.putc = pl011_putc;
	u->console.getc = pl011_getc;
	u->console.ctx = u;
}

void pl011_putc(void *ctx, int c)
{
	struct pl011 *u = ctx;
	unsigned int spins = 0;

	while ((rd(u, PL011_FR) & FR_TXFF) && ++spins < 1000000)
		;
	wr(u, PL011_DR, (uint32_t)(uint8_t)c);
}

int pl011_getc(void *ctx)
{
	struct pl011 *u = ctx;

	if (rd(u, PL011_FR) & FR_RXFE)
		return -1;
	return (int)(rd(u, PL011_DR) & 0xff);
}
