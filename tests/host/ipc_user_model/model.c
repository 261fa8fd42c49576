/*
 * tests/host/ipc_user_model/model.c - a host model of the kernel side the
 * IPC test modules (tests/user/ipc_*.c, kobject.c) talk to, built on the
 * kernel's IPC core (ipc_space, ipc_port, ipc_right, mach_port,
 * ipc_kmsg), so that the modules run natively, under ASan and UBSan,
 * before and beside the real kernel.
 *
 * What is modelled: one task (its space, task/thread/host kernel ports),
 * the traps (mach_msg_trap, mach_reply_port, mach_task_self,
 * mach_thread_self, mach_host_self), message queues with limits and
 * sequence numbers, port sets, notifications delivered as real queued
 * messages, and the task port's server.  Single-threaded: a send that
 * would block or a receive that would wait forever aborts the run; a
 * timeout expires at once.
 *
 * The task port's server is the generated user-mode mach_port server run
 * in a second space K that stands for the kernel: a request is copied
 * out into K (its reply and argument rights get names there), the demux
 * runs, the reply is copied in from K and queued.  Whatever a request
 * left in K (the rights of a refused request) is destroyed afterwards,
 * as the kernel destroys a request its server refused.  task_terminate
 * on the task port ends the process.
 *
 * User memory: [0x7ffe0000, 0x7fff0000) is mapped as the top of the user
 * stack (the modules test buffers running off its end); below it nothing
 * is user memory, and the host's own heap and stack above 2 GiB are.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <vm/vm_kern.h>
#include <ipc/ipc_kmsg.h>
#include <ipc/ipc_mqueue.h>
#include <ipc/ipc_notify.h>
#include <ipc/ipc_port.h>
#include <ipc/ipc_right.h>
#include <ipc/mach_port.h>
#include <mach/mig_errors.h>
#include <mach/notify.h>
#include "mach_portServer.h"

long host_kalloc_live;
long host_kalloc_fail_after = -1;

#define STACK_TOP	0x7fff0000UL	/* kern/exec.h USER_STACK_TOP */
#define STACK_MAPPED	0x10000UL

static struct ipc_space *space, *K;
static struct ipc_port *task_port, *thread_port, *host_port;
static mach_port_name_t task_in_K;

/* ---- User memory ---------------------------------------------------------- */

static bool user_ok(const void *p, size_t len)
{
	uintptr_t a = (uintptr_t)p, e = a + len;

	if (e < a)
		return false;
	if (a >= STACK_TOP - STACK_MAPPED && e <= STACK_TOP)
		return true;
	return a >= 0x80000000UL && e <= 0x800000000000UL;
}

int ipc_copyin_user(const void *src, void *dst, size_t len)
{
	if (!user_ok(src, len))
		return -1;
	memcpy(dst, src, len);
	return 0;
}

/*
 * Out-of-line regions: a "copy" is a malloc'd buffer of the bytes, which
 * the receiver gets as its address; the deallocate flag changes nothing
 * here (the host's memory stays).
 */
mach_msg_return_t ipc_ool_copyin(struct ipc_space *space, const void *user,
				 size_t len, bool dealloc, void **copy)
{
	void *p = malloc(len);

	(void)space, (void)dealloc;
	*copy = NULL;
	if (!p)
		return MACH_SEND_NO_BUFFER;
	if (ipc_copyin_user(user, p, len) != 0) {
		free(p);
		return MACH_SEND_INVALID_MEMORY;
	}
	*copy = p;
	return MACH_MSG_SUCCESS;
}

uintptr_t ipc_ool_copyout(struct ipc_space *s, void *copy, size_t size)
{
	(void)s, (void)size;
	return (uintptr_t)copy;
}

void ipc_ool_discard(void *copy)
{
	free(copy);
}

uintptr_t ipc_ool_copyout_data(struct ipc_space *s, const void *data,
			       size_t size)
{
	void *p = malloc(size);

	(void)s;
	if (p)
		memcpy(p, data, size);
	return (uintptr_t)p;
}

/* ---- Queues and notifications --------------------------------------------- */

/*
 * enqueue: queue a copied-in message on its destination.  A message for
 * a dead port, or for a kernel port with no server here, is destroyed.
 */
static void enqueue(struct ipc_kmsg *k)
{
	struct ipc_port *port = ipc_kmsg_dest(k);

	if (!port->obj.active || port->kotype != IKOT_NONE) {
		ipc_kmsg_destroy(k);
		return;
	}
	simple_lock(&port->obj.lock);
	list_push_back(&port->messages, &k->link);
	port->msgcount++;
	simple_unlock(&port->obj.lock);
}

void ipc_port_wakeup_senders(struct ipc_port *port) { (void)port; }
void ipc_mqueue_pset_changed(struct ipc_pset *pset) { (void)pset; }
void ipc_mqueue_changed_locked(struct ipc_port *port) { (void)port; }
/* Nothing is forced past a queue limit here (MACH_SEND_NOTIFY is not
 * modelled): a raised limit accepts nothing. */
void ipc_mqueue_limit_changed(struct ipc_port *port) { (void)port; }
unsigned long ipc_notify_lost(void) { return 0; }

/* A kernel message of `size` bytes to the send-once right `notify`. */
static struct ipc_kmsg *kmsg_to(struct ipc_port *notify, mach_msg_id_t id,
				size_t size)
{
	struct ipc_kmsg *k = ipc_kmsg_alloc(size);

	if (!k)
		abort();
	memset(&k->header, 0, size);
	k->header.msgh_bits = MACH_MSGH_BITS(IPC_RIGHT_SEND_ONCE, 0);
	k->header.msgh_size = size;
	k->header.msgh_remote_kport = notify;
	k->header.msgh_id = id;
	return k;
}

static void notify_name(struct ipc_port *n, mach_msg_id_t id, mach_port_name_t name)
{
	struct ipc_kmsg *k = kmsg_to(n, id, sizeof(mach_dead_name_notification_t));
	mach_dead_name_notification_t *m = (void *)&k->header;

	m->not_type = (mach_msg_type_t){ .msgt_name = MACH_MSG_TYPE_PORT_NAME,
		.msgt_size = 32, .msgt_number = 1, .msgt_inline = 1 };
	m->not_port = name;
	enqueue(k);
}

void ipc_notify_port_deleted(struct ipc_port *n, mach_port_name_t name)
{
	notify_name(n, MACH_NOTIFY_PORT_DELETED, name);
}

void ipc_notify_msg_accepted(struct ipc_port *n, mach_port_name_t name)
{
	notify_name(n, MACH_NOTIFY_MSG_ACCEPTED, name);
}

void ipc_notify_dead_name(struct ipc_port *n, mach_port_name_t name)
{
	notify_name(n, MACH_NOTIFY_DEAD_NAME, name);
}

void ipc_notify_port_destroyed(struct ipc_port *n, struct ipc_port *port)
{
	struct ipc_kmsg *k = kmsg_to(n, MACH_NOTIFY_PORT_DESTROYED,
				     sizeof(mach_port_destroyed_notification_t));
	mach_port_destroyed_notification_t *m = (void *)&k->header;

	k->header.msgh_bits |= MACH_MSGH_BITS_COMPLEX;
	m->not_type = (mach_msg_type_t){ .msgt_name = IPC_RIGHT_RECEIVE,
		.msgt_size = 64, .msgt_number = 1, .msgt_inline = 1 };
	m->not_port.kernel_port = port;
	enqueue(k);
}

void ipc_notify_no_senders(struct ipc_port *n, uint32_t mscount)
{
	struct ipc_kmsg *k = kmsg_to(n, MACH_NOTIFY_NO_SENDERS,
				     sizeof(mach_no_senders_notification_t));
	mach_no_senders_notification_t *m = (void *)&k->header;

	m->not_type = (mach_msg_type_t){ .msgt_name = MACH_MSG_TYPE_INTEGER_32,
		.msgt_size = 32, .msgt_number = 1, .msgt_inline = 1 };
	m->not_count = mscount;
	enqueue(k);
}

/*
 * A send-once right died unused.  If its port is dead there is nobody to
 * tell: the right is just released.  (Without this check, destroying a
 * message sent through a send-once right to a dead port would notify
 * that port, whose notification is destroyed, which notifies ...)
 */
void ipc_notify_send_once(struct ipc_port *n)
{
	if (!n->obj.active) {
		ipc_port_release_sonce(n);
		return;
	}
	enqueue(kmsg_to(n, MACH_NOTIFY_SEND_ONCE, sizeof(mach_msg_header_t)));
}

/* ---- The task port's server ------------------------------------------------ */

static union {
	mach_msg_header_t head;
	uint8_t bytes[8192];
} srv_in, srv_out;

/* A MIG_BAD_ID reply in srv_out to the request in srv_in (no server). */
static void bad_id_reply(void)
{
	mig_reply_header_t *rep = (void *)&srv_out.head;

	memset(rep, 0, sizeof(*rep));
	srv_out.head.msgh_bits =
		MACH_MSGH_BITS(MACH_MSGH_BITS_REMOTE(srv_in.head.msgh_bits), 0);
	srv_out.head.msgh_size = sizeof(*rep);
	srv_out.head.msgh_remote_port = srv_in.head.msgh_remote_port;
	srv_out.head.msgh_id = srv_in.head.msgh_id + 100;
	rep->RetCodeType = (mach_msg_type_t){ .msgt_name = MACH_MSG_TYPE_INTEGER_32,
		.msgt_size = 32, .msgt_number = 1, .msgt_inline = 1 };
	rep->RetCode = MIG_BAD_ID;
}

/*
 * kobject_server: a copied-in request k to a kernel port.  Runs the
 * server in K, queues the reply, then destroys what the request left in
 * K.  Consumes k.
 */
static void kobject_server(struct ipc_kmsg *k)
{
	enum ipc_kobject_type kt = ipc_kmsg_dest(k)->kotype;
	mig_reply_header_t *rep = (void *)&srv_out.head;
	struct ipc_kmsg *r;

	if (k->size > sizeof(srv_in))
		abort();
	ipc_kmsg_copyout(k, K, task_in_K);
	memcpy(&srv_in, &k->header, k->size);
	ipc_kmsg_free(k);
	if (kt == IKOT_TASK && srv_in.head.msgh_id == 2008) {	/* task_terminate */
		printf("[model] task_terminate(mach_task_self()): the task ends\n");
		fflush(stdout);
		exit(0);
	}
	if (kt != IKOT_TASK || !mach_port_server(&srv_in.head, &srv_out.head))
		bad_id_reply();
	if (srv_out.head.msgh_remote_port != MACH_PORT_NULL &&
	    rep->RetCode != MIG_NO_REPLY) {
		r = ipc_kmsg_alloc(srv_out.head.msgh_size);
		memcpy(&r->header, &srv_out.head, srv_out.head.msgh_size);
		if (ipc_kmsg_copyin(r, K) != MACH_MSG_SUCCESS) {
			fprintf(stderr, "[model] reply copyin failed\n");
			abort();
		}
		enqueue(r);
	}
	for (uint32_t i = 1; i < K->size; i++) {
		mach_port_name_t n;

		if (!K->table[i].type)
			continue;
		n = IPC_NAME_MAKE(i, K->table[i].gen);
		if (n != task_in_K)
			ipc_right_destroy(K, n);
	}
}

/* The right named n in K, taken out of K (a transit right). */
static struct ipc_object *from_K(mach_port_name_t n, unsigned int disposition,
				 unsigned int *kind)
{
	struct ipc_object *o = NULL;

	*kind = ipc_right_transit_kind(disposition);
	if (n == MACH_PORT_NULL || n == MACH_PORT_DEAD)
		return n == MACH_PORT_DEAD ? IPC_OBJECT_DEAD : NULL;
	if (ipc_right_copyin(K, n, disposition, &o, kind) != KERN_SUCCESS)
		abort();
	return o;
}

/* A transit right put into K, to travel in the reply. */
static mach_port_name_t to_K(struct ipc_object *o, unsigned int kind)
{
	mach_port_name_t n = MACH_PORT_NULL;

	if (o == IPC_OBJECT_DEAD)
		return MACH_PORT_DEAD;
	if (o)
		ipc_right_copyout(K, o, kind, &n);
	return n;
}

/* Out-of-line results: the core's kalloc'd array, copied to "user" memory. */
static void *ool_array(mach_port_name_t *v, uint32_t count)
{
	void *p = malloc(count * sizeof(*v) + 1);

	if (count)
		memcpy(p, v, count * sizeof(*v));
	if (v)
		kfree(v, (count ? count : 1) * sizeof(*v));
	return p;
}

kern_return_t S_mach_port_names(mach_port_t t, mach_port_name_array_t *names,
				mach_msg_type_number_t *namesCnt,
				mach_port_type_array_t *types,
				mach_msg_type_number_t *typesCnt)
{
	mach_port_name_t *nv;
	uint32_t *tv, c;
	kern_return_t kr = mach_port_names_kernel(space, &nv, &tv, &c);

	if (kr == KERN_SUCCESS) {
		*names = ool_array(nv, c);
		*types = ool_array(tv, c);
		*namesCnt = *typesCnt = c;
	}
	return kr;
}

kern_return_t S_mach_port_type(mach_port_t t, mach_port_name_t n, mach_port_type_t *p)
{
	return mach_port_type_kernel(space, n, p);
}

kern_return_t S_mach_port_rename(mach_port_t t, mach_port_name_t a, mach_port_name_t b)
{
	return mach_port_rename_kernel(space, a, b);
}

kern_return_t S_mach_port_allocate_name(mach_port_t t, mach_port_right_t r,
					mach_port_name_t n)
{
	return mach_port_allocate_name_kernel(space, r, n);
}

kern_return_t S_mach_port_allocate(mach_port_t t, mach_port_right_t r,
				   mach_port_name_t *n)
{
	return mach_port_allocate_kernel(space, r, n);
}

kern_return_t S_mach_port_destroy(mach_port_t t, mach_port_name_t n)
{
	return ipc_right_destroy(space, n);
}

kern_return_t S_mach_port_deallocate(mach_port_t t, mach_port_name_t n)
{
	return ipc_right_deallocate(space, n);
}

kern_return_t S_mach_port_get_refs(mach_port_t t, mach_port_name_t n,
				   mach_port_right_t r, mach_port_urefs_t *u)
{
	return ipc_right_get_refs(space, n, r, u);
}

kern_return_t S_mach_port_mod_refs(mach_port_t t, mach_port_name_t n,
				   mach_port_right_t r, mach_port_delta_t d)
{
	return ipc_right_mod_refs(space, n, r, d);
}

kern_return_t S_mach_port_set_qlimit(mach_port_t t, mach_port_name_t n,
				     mach_port_msgcount_t q)
{
	return mach_port_set_qlimit_kernel(space, n, q);
}

kern_return_t S_mach_port_set_mscount(mach_port_t t, mach_port_name_t n,
				      mach_port_mscount_t m)
{
	return mach_port_set_mscount_kernel(space, n, m);
}

kern_return_t S_mach_port_get_set_status(mach_port_t t, mach_port_name_t n,
					 mach_port_name_array_t *members,
					 mach_msg_type_number_t *count)
{
	mach_port_name_t *v;
	uint32_t c;
	kern_return_t kr = mach_port_get_set_status_kernel(space, n, &v, &c);

	if (kr == KERN_SUCCESS) {
		*members = ool_array(v, c);
		*count = c;
	}
	return kr;
}

kern_return_t S_mach_port_move_member(mach_port_t t, mach_port_name_t m,
				      mach_port_name_t a)
{
	return mach_port_move_member_kernel(space, m, a);
}

/* The notify right is consumed on success, destroyed on refusal. */
kern_return_t S_mach_port_request_notification(mach_port_t t, mach_port_name_t n,
	mach_msg_id_t id, mach_port_mscount_t sync, mach_port_t notify,
	mach_port_t *previous)
{
	unsigned int kind;
	struct ipc_object *o = from_K(notify, MACH_MSG_TYPE_MOVE_SEND_ONCE, &kind);
	struct ipc_port *prev = NULL;
	kern_return_t kr;

	if (o == IPC_OBJECT_DEAD)
		return KERN_INVALID_CAPABILITY;
	kr = mach_port_request_notification_kernel(space, n, id, sync,
						   ipc_port_of(o), &prev);
	if (kr != KERN_SUCCESS) {
		if (o)
			ipc_right_release(o, IPC_RIGHT_SEND_ONCE);
		return kr;
	}
	*previous = to_K(prev ? &prev->obj : NULL, IPC_RIGHT_SEND_ONCE);
	return KERN_SUCCESS;
}

/*
 * The right arrives in K as a name and goes to the core as a transit
 * right; a null or dead one is no capability (as the kernel's server,
 * ipc/mach_port_server.c, answers).
 */
kern_return_t S_mach_port_insert_right(mach_port_t t, mach_port_name_t n,
				       mach_port_t poly, mach_msg_type_name_t polyPoly)
{
	unsigned int kind;
	struct ipc_object *o = from_K(poly, polyPoly, &kind);
	kern_return_t kr;

	if (!o || o == IPC_OBJECT_DEAD)
		return KERN_INVALID_CAPABILITY;
	kr = mach_port_insert_right_kernel(space, n, o, kind);
	if (kr != KERN_SUCCESS)
		ipc_right_release(o, kind);
	return kr;
}

kern_return_t S_mach_port_extract_right(mach_port_t t, mach_port_name_t n,
	mach_msg_type_name_t msgt_name, mach_port_t *poly,
	mach_msg_type_name_t *polyPoly)
{
	struct ipc_object *o;
	unsigned int kind;
	kern_return_t kr = mach_port_extract_right_kernel(space, n, msgt_name, &o, &kind);

	if (kr == KERN_SUCCESS) {
		*poly = to_K(o, kind);
		*polyPoly = kind;	/* PORT_* values are the MOVE_* ones */
	}
	return kr;
}

kern_return_t S_mach_port_get_receive_status(mach_port_t t, mach_port_name_t n,
					     mach_port_status_t *st)
{
	struct ipc_port_status s;
	kern_return_t kr = mach_port_get_receive_status_kernel(space, n, &s);

	if (kr == KERN_SUCCESS)
		*st = (mach_port_status_t){
			.mps_pset = s.pset, .mps_seqno = s.seqno,
			.mps_mscount = s.mscount, .mps_qlimit = s.qlimit,
			.mps_msgcount = s.msgcount, .mps_sorights = s.sorights,
			.mps_srights = s.srights, .mps_pdrequest = s.pdrequest,
			.mps_nsrequest = s.nsrequest,
		};
	return kr;
}

kern_return_t S_mach_port_set_seqno(mach_port_t t, mach_port_name_t n,
				    mach_port_seqno_t s)
{
	return mach_port_set_seqno_kernel(space, n, s);
}

kern_return_t S_mach_port_set_protected_payload(mach_port_t t, mach_port_name_t n,
						natural_t p)
{
	return KERN_FAILURE;
}

kern_return_t S_mach_port_clear_protected_payload(mach_port_t t, mach_port_name_t n)
{
	return KERN_FAILURE;
}

/* ---- Traps ------------------------------------------------------------------ */

/* A new send right to a kernel port in the task's space. */
static mach_port_name_t self_right(struct ipc_port *p)
{
	mach_port_name_t n = MACH_PORT_NULL;

	ipc_port_make_send(p);
	if (ipc_right_copyout(space, &p->obj, IPC_RIGHT_SEND, &n) != KERN_SUCCESS)
		return MACH_PORT_NULL;
	return n;
}

mach_port_name_t mach_task_self(void) { return self_right(task_port); }
mach_port_name_t mach_thread_self(void) { return self_right(thread_port); }
mach_port_name_t mach_host_self(void) { return self_right(host_port); }

mach_port_name_t mach_reply_port(void)
{
	mach_port_name_t n = MACH_PORT_NULL;

	return ipc_right_alloc_receive(space, &n, false) == KERN_SUCCESS ? n : 0;
}

kern_return_t thread_switch(mach_port_name_t t, int option, mach_msg_timeout_t ms)
{
	return KERN_SUCCESS;
}

kern_return_t mach_print(const char *s)
{
	fputs(s, stdout);
	return KERN_SUCCESS;
}

/*
 * The send half of mach_msg_trap: copy in, then serve (kernel port),
 * queue, or - queue full and MACH_SEND_TIMEOUT - hand the message back
 * by pseudo-receive with MACH_SEND_TIMED_OUT.
 */
static mach_msg_return_t do_send(mach_msg_header_t *msg, mach_msg_option_t option,
				 mach_msg_size_t size)
{
	struct ipc_kmsg *k;
	struct ipc_port *port;
	mach_msg_return_t mr;

	if (size < sizeof(mach_msg_header_t) || (size & 7))
		return MACH_SEND_MSG_TOO_SMALL;
	if (size > IPC_KMSG_MAX_SIZE)
		return MACH_SEND_NO_BUFFER;
	if (!user_ok(msg, size))
		return MACH_SEND_INVALID_DATA;
	k = ipc_kmsg_alloc(size);
	memcpy(&k->header, msg, size);
	mr = ipc_kmsg_copyin(k, space);
	if (mr != MACH_MSG_SUCCESS) {
		ipc_kmsg_destroy(k);
		return mr;
	}
	port = ipc_kmsg_dest(k);
	if (port->obj.active && port->kotype != IKOT_NONE) {
		kobject_server(k);
		return MACH_MSG_SUCCESS;
	}
	if (port->obj.active && port->msgcount >= port->qlimit &&
	    MACH_MSGH_BITS_REMOTE(k->header.msgh_bits) != IPC_RIGHT_SEND_ONCE) {
		if (!(option & MACH_SEND_TIMEOUT)) {
			fprintf(stderr, "[model] the send would block forever\n");
			abort();
		}
		ipc_kmsg_copyout_pseudo(k, space);
		memcpy(msg, &k->header, k->size);
		ipc_kmsg_free(k);
		return MACH_SEND_TIMED_OUT;
	}
	enqueue(k);
	return MACH_MSG_SUCCESS;
}

/* The port with a message for a receive on name, or an error. */
static mach_msg_return_t receive_source(mach_port_name_t name, struct ipc_port **pp)
{
	struct ipc_entry *e;
	struct list_node *n;
	uint32_t t;

	*pp = NULL;
	if (ipc_right_type(space, name, &t) != KERN_SUCCESS ||
	    !(t & (IE_RECEIVE | IE_PORT_SET)))
		return MACH_RCV_INVALID_NAME;
	e = ipc_entry_lookup(space, name);
	if (t & IE_RECEIVE) {
		struct ipc_port *port = ipc_port_of(e->object);

		if (port->pset)
			return MACH_RCV_IN_SET;
		if (!list_empty(&port->messages))
			*pp = port;
		return MACH_MSG_SUCCESS;
	}
	for (n = ipc_pset_of(e->object)->members.next;
	     n != &ipc_pset_of(e->object)->members; n = n->next) {
		struct ipc_port *port = list_entry(n, struct ipc_port, pset_link);

		if (!list_empty(&port->messages)) {
			*pp = port;
			break;
		}
	}
	return MACH_MSG_SUCCESS;
}

/*
 * The receive half: dequeue, stamp the sequence number, copy out to the
 * space and the buffer.  Too large: with MACH_RCV_LARGE the needed size
 * goes to msgh_size and the message stays; without, it is destroyed.
 */
static mach_msg_return_t do_receive(mach_msg_header_t *msg, mach_msg_option_t option,
				    mach_msg_size_t rcv_size, mach_port_name_t name)
{
	struct ipc_port *port;
	struct ipc_kmsg *k;
	mach_msg_return_t mr = receive_source(name, &port);
	uint32_t seqno;

	if (mr != MACH_MSG_SUCCESS)
		return mr;
	if (!port) {
		if (option & MACH_RCV_TIMEOUT)
			return MACH_RCV_TIMED_OUT;
		fprintf(stderr, "[model] the receive would wait forever\n");
		abort();
	}
	k = list_entry(port->messages.next, struct ipc_kmsg, link);
	if (k->size > rcv_size && (option & MACH_RCV_LARGE)) {
		if (!user_ok(msg, sizeof(*msg)))
			return MACH_RCV_INVALID_DATA;
		msg->msgh_size = k->size;
		return MACH_RCV_TOO_LARGE;
	}
	list_remove(&k->link);
	port->msgcount--;
	seqno = port->seqno++;
	if (k->size > rcv_size) {
		ipc_kmsg_destroy(k);
		return MACH_RCV_TOO_LARGE;
	}
	mr = ipc_kmsg_copyout(k, space, port->receiver_name);
	k->header.msgh_seqno = seqno;
	if (!user_ok(msg, k->size))
		mr = MACH_RCV_INVALID_DATA;
	else
		memcpy(msg, &k->header, k->size);
	ipc_kmsg_free(k);
	return mr;
}

mach_msg_return_t mach_msg_trap(mach_msg_header_t *msg, mach_msg_option_t option,
				mach_msg_size_t send_size, mach_msg_size_t rcv_size,
				mach_port_name_t rcv_name, mach_msg_timeout_t timeout,
				mach_port_name_t notify)
{
	mach_msg_return_t mr;

	if (option & MACH_SEND_MSG) {
		mr = do_send(msg, option, send_size);
		if (mr != MACH_MSG_SUCCESS)
			return mr;
	}
	if (option & MACH_RCV_MSG)
		return do_receive(msg, option, rcv_size, rcv_name);
	return MACH_MSG_SUCCESS;
}

kern_return_t syscall_task_terminate(mach_port_name_t t)
{
	exit(0);
}

/* Before main: the stack top, the spaces and the kernel ports. */
__attribute__((constructor)) static void model_init(void)
{
	if (mmap((void *)(STACK_TOP - STACK_MAPPED), STACK_MAPPED,
		 PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0) == MAP_FAILED) {
		perror("[model] mmap of the stack top");
		abort();
	}
	space = ipc_space_create();
	K = ipc_space_create();
	task_port = ipc_port_alloc_kernel(IKOT_TASK, space);
	thread_port = ipc_port_alloc_kernel(IKOT_THREAD, NULL);
	host_port = ipc_port_alloc_kernel(IKOT_HOST, NULL);
	ipc_port_make_send(task_port);
	if (ipc_right_copyout(K, &task_port->obj, IPC_RIGHT_SEND, &task_in_K) !=
	    KERN_SUCCESS)
		abort();
}
