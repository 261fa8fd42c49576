/*
 * include/sys/reboot.h - host_reboot options (the BSD bits GNU Mach
 * accepts).  Mica honours RB_HALT and RB_DEBUGGER; other bits are refused
 * with KERN_INVALID_ARGUMENT.
 */
#ifndef SYS_REBOOT_H
#define SYS_REBOOT_H

#define RB_AUTOBOOT	0x0000	/* reboot */
#define RB_HALT		0x0008	/* halt (power off where the machine can) */
#define RB_DEBUGGER	0x1000	/* enter the kernel debugger */

#endif /* SYS_REBOOT_H */
