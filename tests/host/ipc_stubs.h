/* tests/host/ipc_stubs.h - the notifications the IPC host stubs recorded. */
#ifndef TESTS_HOST_IPC_STUBS_H
#define TESTS_HOST_IPC_STUBS_H
#include <ipc/ipc_port.h>
#define MAX_NOTIFICATIONS 4096
struct notification {
	int kind;			/* IPC_NOTIFY_* */
	struct ipc_port *to;		/* the send-once right's port */
	uint32_t value;			/* name or make-send count */
};
extern struct notification notifications[MAX_NOTIFICATIONS];
extern int notification_count;
extern const uint8_t *host_user_base;
extern size_t host_user_size;
extern long host_ool_live;
extern long host_ool_copies;	/* OOL copies held by messages */
void host_ool_free(uintptr_t addr);
#endif
