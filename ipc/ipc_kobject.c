/*
 * ipc/ipc_kobject.c - serving requests sent to kernel object ports: the
 * dispatch to the generated demultiplexers of the mach (2000), mach_port
 * (3200) and mach_host (2600) subsystems.
 *
 * A request reaches ipc_kobject_server in kernel form (remote = the
 * object's port, local = the reply right).  The stubs expect the
 * receiver's view (local = the request port, remote = the reply right), so
 * the header is turned around before the demux runs; the reply they build
 * goes to the request's reply right.  On success the routine consumed the
 * rights the request carried; on failure they are destroyed with it.
 *
 * The kind of the port picks the subsystems it answers, tried in order
 * (the first that knows the message id serves it):
 *   task ports             mach, mach_port, mach_host (task_assign ...)
 *   thread ports           mach (thread routines), mach_host (priorities)
 *   host and host_priv     mach_host, mach (vm_set_default_memory_manager)
 *   processors, sets       mach_host
 * An id none of them knows is answered MIG_BAD_ID.  A routine of a served
 * subsystem whose target is another kind of object fails in the stub's
 * conversion with the routine's documented error (KERN_INVALID_ARGUMENT,
 * KERN_INVALID_TASK, KERN_INVALID_HOST ...), as in GNU Mach.
 */
#include <kern/ipc_kobject.h>
#include <kern/panic.h>
#include <kern/string.h>
#include <mach/mig_errors.h>
#include <ipc/ipc_kmsg.h>
#include "machServer.h"
#include "mach_hostServer.h"
#include "mach_portServer.h"

#define KOBJECT_REPLY_MAX						\
	MAX(MAX(MACH_SERVER_REPLY_MAX, MACH_HOST_SERVER_REPLY_MAX),	\
	    MACH_PORT_SERVER_REPLY_MAX)

struct kobject_subsystem {
	boolean_t (*demux)(mach_msg_header_t *in, mach_msg_header_t *out);
	mig_routine_t (*routine)(const mach_msg_header_t *in);
};

static const struct kobject_subsystem sub_mach = {
	mach_server, mach_server_routine };
static const struct kobject_subsystem sub_mach_port = {
	mach_port_server, mach_port_server_routine };
static const struct kobject_subsystem sub_mach_host = {
	mach_host_server, mach_host_server_routine };

static const struct kobject_subsystem *const task_subs[] = {
	&sub_mach, &sub_mach_port, &sub_mach_host, NULL };
static const struct kobject_subsystem *const thread_subs[] = {
	&sub_mach, &sub_mach_host, NULL };
static const struct kobject_subsystem *const host_subs[] = {
	&sub_mach_host, &sub_mach, NULL };
static const struct kobject_subsystem *const processor_subs[] = {
	&sub_mach_host, NULL };
static const struct kobject_subsystem *const no_subs[] = { NULL };

/* The subsystems a kind of kernel object answers, in order. */
static const struct kobject_subsystem *const *subsystems_of(
	enum ipc_kobject_type kotype)
{
	switch (kotype) {
	case IKOT_TASK:
		return task_subs;
	case IKOT_THREAD:
		return thread_subs;
	case IKOT_HOST:
	case IKOT_HOST_PRIV:
		return host_subs;
	case IKOT_PROCESSOR:
	case IKOT_PSET:
	case IKOT_PSET_NAME:
		return processor_subs;
	default:
		return no_subs;
	}
}

/*
 * kobject_demux: run the demux of the first subsystem of dest's kind that
 * knows the request's id; if none does, any demux answers MIG_BAD_ID.
 * The kind is read without the port lock: it changes only when the port
 * dies, and then every conversion in the stub fails anyway.
 */
static void kobject_demux(struct ipc_port *dest, mach_msg_header_t *in,
			  mach_msg_header_t *out)
{
	const struct kobject_subsystem *const *subs =
		subsystems_of(dest ? dest->kotype : IKOT_NONE);

	for (; *subs; subs++) {
		if ((*subs)->routine(in)) {
			(*subs)->demux(in, out);
			return;
		}
	}
	/* Unknown here: the demux fills the reply header and MIG_BAD_ID. */
	mach_server(in, out);
	((mig_reply_header_t *)out)->RetCode = MIG_BAD_ID;
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

	if (!reply) {
		ipc_kmsg_destroy(req);
		return NULL;
	}
	/* The receiver's view for the stubs. */
	in->msgh_local_kport = dest;
	in->msgh_remote_kport = reply_port;
	in->msgh_bits = (bits & MACH_MSGH_BITS_COMPLEX) |
			MACH_MSGH_BITS(rkind, dkind);
	kobject_demux(dest, in, &reply->header);
	rep = (mig_reply_header_t *)&reply->header;

	/* The request's destination right is consumed by delivery. */
	if (dkind == IPC_RIGHT_SEND_ONCE)
		ipc_port_release_sonce(dest);
	else
		ipc_port_release_send(dest);
	in->msgh_local_kport = NULL;
	in->msgh_remote_kport = NULL;		/* moves to the reply */
	if (rep->RetCode == KERN_SUCCESS || rep->RetCode == MIG_NO_REPLY) {
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
