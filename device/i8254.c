/*
 * device/i8254.c - 8254 PIT channel 2 as a polled one-shot reference.
 *
 * Channel 2 is gated by bit 0 of port 0x61 (bit 1 would drive the PC
 * speaker) and its output can be read back in bit 5 of the same port, so
 * a countdown can be timed without taking an interrupt.  In mode 0 the
 * output goes low when the count is written and high at terminal count.
 * Conditions: one user at a time (boot-time calibration, interrupts off).
 */
#include <kern/types.h>
#include <machine/pio.h>
#include <device/i8254.h>

#define PIT_CH2		0x42
#define PIT_MODE	0x43
#define PORT_B		0x61
#define PORT_B_GATE2	0x01
#define PORT_B_SPEAKER	0x02
#define PORT_B_OUT2	0x20

void i8254_oneshot_start(uint16_t count)
{
	uint8_t b = inb(PORT_B);

	outb(PORT_B, (b & ~PORT_B_SPEAKER) | PORT_B_GATE2);
	outb(PIT_MODE, 0xb0);		/* channel 2, lo/hi byte, mode 0 */
	outb(PIT_CH2, count & 0xff);
	outb(PIT_CH2, count >> 8);	/* counting starts here */
}

bool i8254_oneshot_done(void)
{
	return (inb(PORT_B) & PORT_B_OUT2) != 0;
}

uint16_t i8254_read_count(void)
{
	uint8_t lo, hi;

	outb(PIT_MODE, 0x80);		/* latch channel 2's count */
	lo = inb(PIT_CH2);
	hi = inb(PIT_CH2);
	return (uint16_t)(lo | (hi << 8));
}
