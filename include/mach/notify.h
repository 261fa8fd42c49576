/*
 * include/mach/notify.h - kernel notification message ids and layouts.
 *
 * Notifications are ordinary messages from the kernel; the ids are those
 * of the notify subsystem (64 = 0100 octal, see notify.defs).  Layouts
 * follow the LP64 rules of message.h: a port name travels as a
 * PORT_NAME (a 32-bit name, item padded to 8 bytes), a receive right in
 * a pointer-sized slot.
 */
#ifndef MACH_NOTIFY_H
#define MACH_NOTIFY_H

#include <mach/port.h>
#include <mach/message.h>

#define MACH_NOTIFY_FIRST		0100
#define MACH_NOTIFY_PORT_DELETED	(MACH_NOTIFY_FIRST + 001)
	/* a send or send-once right was deleted */
#define MACH_NOTIFY_MSG_ACCEPTED	(MACH_NOTIFY_FIRST + 002)
	/* a MACH_SEND_NOTIFY message was queued */
#define MACH_NOTIFY_PORT_DESTROYED	(MACH_NOTIFY_FIRST + 005)
	/* a receive right would have been destroyed: here it is */
#define MACH_NOTIFY_NO_SENDERS		(MACH_NOTIFY_FIRST + 006)
	/* no send rights remain */
#define MACH_NOTIFY_SEND_ONCE		(MACH_NOTIFY_FIRST + 007)
	/* a send-once right died unused */
#define MACH_NOTIFY_DEAD_NAME		(MACH_NOTIFY_FIRST + 010)
	/* a right died, leaving a dead name */
#define MACH_NOTIFY_LAST		(MACH_NOTIFY_FIRST + 015)

/* PORT_DELETED, MSG_ACCEPTED, DEAD_NAME: the name concerned. */
typedef struct {
	mach_msg_header_t	not_header;
	mach_msg_type_t		not_type;	/* PORT_NAME, 32, 1 */
	mach_port_t		not_port;
} mach_port_deleted_notification_t;

typedef mach_port_deleted_notification_t mach_msg_accepted_notification_t;
typedef mach_port_deleted_notification_t mach_dead_name_notification_t;

/* PORT_DESTROYED: the receive right itself, in a pointer-sized slot. */
typedef struct {
	mach_msg_header_t	not_header;
	mach_msg_type_t		not_type;	/* PORT_RECEIVE, 64, 1 */
	mach_port_name_inlined_t not_port;
} mach_port_destroyed_notification_t;

/* NO_SENDERS: the make-send count. */
typedef struct {
	mach_msg_header_t	not_header;
	mach_msg_type_t		not_type;	/* INTEGER_32, 32, 1 */
	unsigned int		not_count;
} mach_no_senders_notification_t;

/* SEND_ONCE: the header alone. */
typedef struct {
	mach_msg_header_t	not_header;
} mach_send_once_notification_t;

#endif /* MACH_NOTIFY_H */
