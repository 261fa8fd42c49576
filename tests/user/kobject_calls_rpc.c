/*
 * tests/user/kobject_calls_rpc.c - the kobject_calls module's hand-built
 * messages: requests item by item, mach_msg_trap, replies item by item,
 * and one small wrapper per routine the checks use.
 */
#include "kobject_calls.h"

long trap0(long n)
{
	return mach_trap_raw(n, 0, 0, 0, 0, 0, 0, 0);
}

mach_msg_return_t msg_trap(mach_msg_header_t *m, int option,
			   unsigned int send_size, unsigned int rcv_size,
			   mach_port_t rcv_name, unsigned int timeout)
{
	return (mach_msg_return_t)mach_trap_raw(TRAP_MACH_MSG, (long)m, option,
						send_size, rcv_size, rcv_name,
						timeout, 0);
}

/* ---- Hand-built messages -------------------------------------------------- */

struct msg M, R;
mach_port_t rport;

/* Start a request to dest with id; the reply comes to a send-once right. */
struct msg *req(mach_port_t dest, int id)
{
	memset(&M.u.h, 0, sizeof(M.u.h));
	M.u.h.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
					 MACH_MSG_TYPE_MAKE_SEND_ONCE);
	M.u.h.msgh_remote_port = dest;
	M.u.h.msgh_local_port = rport;
	M.u.h.msgh_id = id;
	M.len = sizeof(mach_msg_header_t);
	return &M;
}

void put_item(struct msg *m, unsigned int name, unsigned int bits,
		     unsigned int number, bool is_inline, const void *data,
		     unsigned int bytes)
{
	mach_msg_type_t t;

	memset(&t, 0, sizeof(t));
	t.msgt_name = name;
	t.msgt_size = bits;
	t.msgt_number = number;
	t.msgt_inline = is_inline;
	t.msgt_longform = bits > 255 || number > 4095;
	memcpy(m->u.b + m->len, &t, sizeof(t));
	m->len += sizeof(t);
	memset(m->u.b + m->len, 0, (bytes + 7) & ~7u);
	memcpy(m->u.b + m->len, data, bytes);
	m->len += (bytes + 7) & ~7u;
}

void put_int(struct msg *m, int v)
{
	put_item(m, MACH_MSG_TYPE_INTEGER_32, 32, 1, true, &v, 4);
}

void put_bool(struct msg *m, int v)
{
	put_item(m, MACH_MSG_TYPE_BOOLEAN, 32, 1, true, &v, 4);
}

void put_ints(struct msg *m, const void *v, unsigned int n)
{
	put_item(m, MACH_MSG_TYPE_INTEGER_32, 32, n, true, v, n * 4);
}

void put_port(struct msg *m, mach_port_t name, unsigned int disp)
{
	uint64_t slot = name;

	put_item(m, disp, 64, 1, true, &slot, 8);
	m->u.h.msgh_bits |= MACH_MSGH_BITS_COMPLEX;
}

void put_ool_ports(struct msg *m, const mach_port_t *names,
			  unsigned int n, unsigned int disp)
{
	uint64_t addr = (uintptr_t)names;

	put_item(m, disp, 32, n, false, &addr, 8);
	m->u.h.msgh_bits |= MACH_MSGH_BITS_COMPLEX;
}

/*
 * rpc: send the request, receive the reply on rport; returns the
 * mach_msg error, MIG_REPLY_MISMATCH for a reply of another id, or the
 * reply's RetCode.  The reply's items are then read with get_*.
 */
kern_return_t rpc(struct msg *m)
{
	mach_msg_return_t mr;
	int id = m->u.h.msgh_id;
	int32_t ret;

	m->u.h.msgh_size = m->len;
	mr = msg_trap(&m->u.h, MACH_SEND_MSG | MACH_RCV_MSG | MACH_RCV_TIMEOUT,
		      m->len, sizeof(m->u), rport, 5000);
	if (mr != MACH_MSG_SUCCESS)
		return mr;
	/* The reply came into the request's buffer: keep it in R. */
	memcpy(&R.u, &m->u, m->u.h.msgh_size < sizeof(R.u) ?
	       m->u.h.msgh_size : sizeof(R.u));
	if (R.u.h.msgh_id != id + 100)
		return MIG_REPLY_MISMATCH;
	memcpy(&ret, R.u.b + 40, 4);
	R.rd = 48;
	return ret;
}

/* The next reply item: its type in *t and where its data is. */
const uint8_t *get_item(mach_msg_type_t *t)
{
	const uint8_t *data;
	unsigned int bytes;

	if (R.rd + 8 > R.u.h.msgh_size) {
		memset(t, 0, sizeof(*t));
		return NULL;
	}
	memcpy(t, R.u.b + R.rd, 8);
	data = R.u.b + R.rd + 8;
	bytes = (t->msgt_number * t->msgt_size + 7) / 8;
	R.rd += 8 + (t->msgt_inline ? ((bytes + 7) & ~7u) : 8);
	return data;
}

mach_port_t get_port(void)
{
	mach_msg_type_t t;
	const uint8_t *d = get_item(&t);
	mach_port_t n = MACH_PORT_NULL;

	if (d && t.msgt_name == MACH_MSG_TYPE_PORT_SEND && t.msgt_inline)
		memcpy(&n, d, 4);
	return n;
}

/* Inline 32-bit words: up to max into out; the count the reply gave. */
unsigned int get_ints(void *out, unsigned int max)
{
	mach_msg_type_t t;
	const uint8_t *d = get_item(&t);

	if (!d || !t.msgt_inline || t.msgt_size != 32)
		return ~0u;
	memcpy(out, d, 4 * (t.msgt_number < max ? t.msgt_number : max));
	return t.msgt_number;
}

/* Out-of-line port names: their address (in our space) and count. */
const mach_port_t *get_ool_ports(unsigned int *n)
{
	mach_msg_type_t t;
	const uint8_t *d = get_item(&t);
	uint64_t addr;

	*n = 0;
	if (!d || t.msgt_inline || t.msgt_name != MACH_MSG_TYPE_PORT_SEND ||
	    t.msgt_size != 32)
		return NULL;
	memcpy(&addr, d, 8);
	*n = t.msgt_number;
	return (const mach_port_t *)(uintptr_t)addr;
}

/* ---- The routines, one wrapper each --------------------------------------- */

kern_return_t k_info(mach_port_t obj, int id, int flavor, void *out,
			    unsigned int *count)
{
	kern_return_t kr;
	struct msg *m = req(obj, id);

	put_int(m, flavor);
	put_int(m, (int)*count);
	kr = rpc(m);
	if (kr == KERN_SUCCESS)
		*count = get_ints(out, *count);
	return kr;
}

/* Routines with only the request port: task_terminate, thread_resume ... */
kern_return_t k_simple(mach_port_t obj, int id)
{
	return rpc(req(obj, id));
}

/* Routines returning one port: task_create, thread_create ... */
kern_return_t k_port_out(struct msg *m, mach_port_t *out)
{
	kern_return_t kr = rpc(m);

	*out = kr == KERN_SUCCESS ? get_port() : MACH_PORT_NULL;
	return kr;
}

kern_return_t task_create(mach_port_t parent, mach_port_t *child)
{
	struct msg *m = req(parent, 2007);

	put_bool(m, 0);
	return k_port_out(m, child);
}

kern_return_t thread_create(mach_port_t task, mach_port_t *thread)
{
	return k_port_out(req(task, 2061), thread);
}

kern_return_t get_special(mach_port_t obj, int id, int which,
				 mach_port_t *port)
{
	struct msg *m = req(obj, id);

	put_int(m, which);
	return k_port_out(m, port);
}

kern_return_t set_special(mach_port_t obj, int id, int which,
				 mach_port_t port, unsigned int disp)
{
	struct msg *m = req(obj, id);

	put_int(m, which);
	put_port(m, port, disp);
	return rpc(m);
}

/* Routines returning an out-of-line port array: task_threads ... */
kern_return_t k_ports_out(struct msg *m, const mach_port_t **a,
				 unsigned int *n)
{
	kern_return_t kr = rpc(m);

	*a = NULL;
	*n = 0;
	if (kr == KERN_SUCCESS)
		*a = get_ool_ports(n);
	return kr;
}

kern_return_t thread_state(mach_port_t thread, int id, int flavor,
				  void *state, unsigned int *count)
{
	struct msg *m = req(thread, id);
	kern_return_t kr;

	put_int(m, flavor);
	if (id == 2017) {			/* get: capacity */
		put_int(m, (int)*count);
		kr = rpc(m);
		if (kr == KERN_SUCCESS)
			*count = get_ints(state, *count);
		return kr;
	}
	put_ints(m, state, *count);		/* set */
	return rpc(m);
}

/* mach_port_deallocate (3206) on our own space. */
kern_return_t port_deallocate(mach_port_t task, mach_port_t name)
{
	struct msg *m = req(task, 3206);

	put_item(m, MACH_MSG_TYPE_PORT_NAME, 32, 1, true, &name, 4);
	return rpc(m);
}

/* A new port: a receive right (send rights are made in messages). */
mach_port_t new_port(void)
{
	return (mach_port_t)trap0(TRAP_MACH_REPLY_PORT);
}
