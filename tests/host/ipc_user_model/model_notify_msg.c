/*
 * tests/host/ipc_user_model/model_notify_msg.c - the model does not
 * model mach_msg's notify argument (MACH_SEND_NOTIFY, MACH_SEND_CANCEL,
 * MACH_RCV_NOTIFY: forced messages, msg-accepted notifications, and the
 * seventh trap argument).  The ipc_notify module's part that tests them
 * (tests/user/ipc_notify_msg.c) runs only in the kernel suites; here it
 * is this empty stand-in, which says so.
 */
#include <stdio.h>
#include "../../user/ipc_notify.h"

void ipc_notify_msg(void)
{
	printf("ipc_notify: the mach_msg notify options are not modelled "
	       "(kernel suite ipc_notify tests them)\n");
}
