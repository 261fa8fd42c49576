/*
 * device/i8254.h - the PC's 8254 programmable interval timer, used only as
 * a reference clock to calibrate other timers (channel 2, polled).
 */
#ifndef DEVICE_I8254_H
#define DEVICE_I8254_H

#include <kern/types.h>

#define I8254_HZ	1193182UL	/* input clock */

/* Start a one-shot countdown of count input ticks on channel 2. */
void i8254_oneshot_start(uint16_t count);

/* Has the countdown started by i8254_oneshot_start() reached zero? */
bool i8254_oneshot_done(void);

/* The current count of channel 2 (latched, so the two bytes agree). */
uint16_t i8254_read_count(void);

#endif /* DEVICE_I8254_H */
