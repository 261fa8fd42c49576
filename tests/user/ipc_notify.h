/*
 * tests/user/ipc_notify.h - suite ipc_notify: the checks of notification
 * messages ipc_notify.c offers its other part, ipc_notify_msg.c (the
 * mach_msg options MACH_SEND_NOTIFY, MACH_SEND_CANCEL, MACH_RCV_NOTIFY).
 */
#ifndef TESTS_USER_IPC_NOTIFY_H
#define TESTS_USER_IPC_NOTIFY_H

#include "ipc_test.h"

/*
 * Receive the next message on n and check that it is notification id,
 * sent through a send-once right (false, with a failed check, if not).
 */
bool notification(int line, mach_port_t n, mach_msg_id_t id, msgbuf_t *m);
/* A name-carrying notification (dead name, port deleted, msg accepted):
 * the name. */
mach_port_t notified_name(int line, mach_port_t n, mach_msg_id_t id);
/* Nothing more is queued on n. */
void nothing_on(int line, mach_port_t n);

/* ipc_notify_msg.c: the mach_msg notify options. */
void ipc_notify_msg(void);

#endif /* TESTS_USER_IPC_NOTIFY_H */
