/*
 * device/i8259.c - initialise and mask the legacy 8259A PICs.
 */
#include <kern/types.h>
#include <machine/pio.h>
#include <device/i8259.h>

#define PIC1_CMD	0x20
#define PIC1_DATA	0x21
#define PIC2_CMD	0xa0
#define PIC2_DATA	0xa1

/*
 * i8259_disable: ICW1-ICW4 (edge triggered, cascaded, 8086 mode), then mask
 * all lines.  The spurious vectors base + 7 and base + 15 may still be
 * delivered and must be ignored.  Conditions: interrupts disabled.
 */
void i8259_disable(uint8_t vector_base)
{
	outb(PIC1_CMD, 0x11);			/* ICW1: init, ICW4 needed */
	outb(PIC2_CMD, 0x11);
	outb(PIC1_DATA, vector_base);		/* ICW2: vector offset */
	outb(PIC2_DATA, vector_base + 8);
	outb(PIC1_DATA, 0x04);			/* ICW3: slave on IRQ 2 */
	outb(PIC2_DATA, 0x02);			/*       slave id 2 */
	outb(PIC1_DATA, 0x01);			/* ICW4: 8086 mode */
	outb(PIC2_DATA, 0x01);
	outb(PIC1_DATA, 0xff);			/* OCW1: mask everything */
	outb(PIC2_DATA, 0xff);
}
