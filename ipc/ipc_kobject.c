/*
 * ipc/ipc_kobject.c - kernel objects behind ports: the task port, the
 * conversions the generated server stubs use, and the dispatch of requests
 * to the generated demultiplexers.
 *
 * A request reaches ipc_kobject_server in kernel form (remote = the
 * object's port, local = the reply right).  The stubs expect the
 * receiver's view (local = the request port, remote = the reply right), so
 * the header is turned around before the demux runs; the reply they build
 * goes to the request's reply right.  On success the routine consumed the
 * rights the request carried; on failure they are destroyed with it.
 */
#include <kern/ipc_kobject.h>
#include <kern/panic.h>
#include <kern/string.h>
#include <kern/task.h>
#include <mach/mig_errors.h>
#include <ipc/ipc_kmsg.h>
#include "mach_portServer.h"

#define KOBJECT_REPLY_MAX	4096

ipc_port_t ipc_task_port_create(task_t task)
{
	return ipc_port_alloc_kernel(IKOT_TASK, task);
}

/*
 * ipc_task_port_destroy: the task is going: its port no longer names it
 * (requests then fail with MIG_BAD_ID-style errors from the conversions)
 * and dies.
 */
void ipc_task_port_destroy(ipc_port_t port)
{
	simple_lock(&port->obj.lock);
	port->kobject = NULL;
	port->kotype = IKOT_NONE;
	ipc_port_destroy(port);		/* unlocks; drops the creation ref */
}

task_t convert_port_to_task(ipc_port_t port)
{
	task_t t = NULL;

	if (!port)
		return NULL;
	simple_lock(&port->obj.lock);
	if (port->obj.active && port->kotype == IKOT_TASK) {
		t = port->kobject;
		task_reference(t);
	}
	simple_unlock(&port->obj.lock);
	return t;
}

ipc_space_t convert_port_to_space(ipc_port_t port)
{
	task_t t = convert_port_to_task(port);
	ipc_space_t s = NULL;

	if (t) {
		s = t->itk_space;
		if (s)
			ipc_space_reference(s);
		task_deallocate(t);
	}
	return s;
}

void space_deallocate(ipc_space_t space)
{
	if (space)
		ipc_space_release(space);
}

ipc_port_t convert_task_to_port(task_t task)
{
	ipc_port_t port = task->itk_self;

	if (port)
		ipc_port_make_send(port);
	task_deallocate(task);
	return port;
}

/* Rewrite the reply body's dispositions as transit kinds. */
static bool normalize_reply(struct ipc_kmsg *r)
{
	uint8_t *body = ipc_kmsg_body(r);
	size_t size = r->size - sizeof(mach_msg_header_t), off = 0;
	bool complex = false;

	while (off + sizeof(mach_msg_type_t) <= size) {
		mach_msg_type_t *t = (mach_msg_type_t *)(void *)(body + off);
		size_t bytes = ((size_t)t->msgt_number * t->msgt_size + 7) / 8;

		if (t->msgt_name >= MACH_MSG_TYPE_MOVE_RECEIVE &&
		    t->msgt_name <= MACH_MSG_TYPE_MAKE_SEND_ONCE) {
			t->msgt_name = ipc_right_transit_kind(t->msgt_name);
			complex = true;
		}
		if (!t->msgt_inline)
			complex = true;
		off += sizeof(*t) + (t->msgt_inline ? ROUND_UP(bytes, 8) : 8);
	}
	return complex;
}

struct ipc_kmsg *ipc_kobject_server(struct ipc_kmsg *req)
{
	mach_msg_header_t *in = &req->header;
	struct ipc_port *dest = ipc_kmsg_dest(req);
	struct ipc_port *reply_port = ipc_kmsg_reply(req);
	unsigned int bits = in->msgh_bits;

	/* A dead reply right (MACH_PORT_DEAD) gets no reply. */
	if (reply_port == (struct ipc_port *)IPC_OBJECT_DEAD)
		reply_port = NULL;
	unsigned int dkind = MACH_MSGH_BITS_REMOTE(bits);
	unsigned int rkind = MACH_MSGH_BITS_LOCAL(bits);
	struct ipc_kmsg *reply = ipc_kmsg_alloc(KOBJECT_REPLY_MAX);
	mig_reply_header_t *rep;
	bool served;

	if (!reply) {
		ipc_kmsg_destroy(req);
		return NULL;
	}
	/* The receiver's view for the stubs. */
	in->msgh_local_kport = dest;
	in->msgh_remote_kport = reply_port;
	in->msgh_bits = (bits & MACH_MSGH_BITS_COMPLEX) |
			MACH_MSGH_BITS(rkind, dkind);
	served = mach_port_server(in, &reply->header);
	(void)served;
	rep = (mig_reply_header_t *)&reply->header;

	/* The request's destination right is consumed by delivery. */
	if (dkind == IPC_RIGHT_SEND_ONCE)
		ipc_port_release_sonce(dest);
	else
		ipc_port_release_send(dest);
	in->msgh_local_kport = NULL;
	in->msgh_remote_kport = NULL;		/* moves to the reply */
	if (rep->RetCode == KERN_SUCCESS) {
		/* The routine consumed the request's rights and memory. */
		in->msgh_bits = 0;
	} else {
		in->msgh_bits &= MACH_MSGH_BITS_COMPLEX;
	}
	ipc_kmsg_destroy(req);

	if (!reply_port || rep->RetCode == MIG_NO_REPLY) {
		if (reply_port)
			ipc_right_release(&reply_port->obj, rkind);
		ipc_kmsg_free(reply);
		return NULL;
	}
	/* Shrink the bookkeeping size to what the stub wrote. */
	reply->header.msgh_remote_kport = reply_port;
	reply->header.msgh_local_kport = NULL;
	reply->header.msgh_bits = MACH_MSGH_BITS(rkind, 0);
	ipc_kmsg_set_size(reply, reply->header.msgh_size);
	if (rep->RetCode == KERN_SUCCESS && normalize_reply(reply))
		reply->header.msgh_bits |= MACH_MSGH_BITS_COMPLEX;
	return reply;
}
