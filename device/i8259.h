/*
 * device/i8259.h - the PC's pair of 8259A interrupt controllers.
 */
#ifndef DEVICE_I8259_H
#define DEVICE_I8259_H

#include <kern/types.h>

/*
 * Reprogram both PICs to deliver IRQ 0-15 at vectors base .. base + 15
 * (so that a stray or spurious one cannot look like a CPU exception) and
 * mask every line: the local APIC takes over.
 */
void i8259_disable(uint8_t vector_base);

#endif /* DEVICE_I8259_H */
