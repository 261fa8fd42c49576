/*
 * tests/host/ipc_right_test.c - port rights (ipc/ipc_right.c, ipc_port.c)
 * on the host: every disposition, user references, dead names, send-once
 * rights, notifications asked for, errors, and a random workload across
 * several spaces after which every port and every byte must be gone.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <mach/kern_return.h>
#include <ipc/ipc_notify.h>
#include <ipc/ipc_right.h>
#include <ipc/ipc_kmsg.h>
#include "ipc_stubs.h"

long host_kalloc_live;
long host_kalloc_fail_after = -1;

static int failures;
#define CHECK(c) do { if (!(c)) { fprintf(stderr, "%s:%d: check failed: %s\n", \
	__FILE__, __LINE__, #c); failures++; } } while (0)
#define CHECK_KR(expr, want) do { kern_return_t kr_ = (expr); if (kr_ != (want)) { \
	fprintf(stderr, "%s:%d: %s returned %d, expected %d\n", __FILE__, __LINE__, \
	#expr, kr_, (want)); failures++; } } while (0)

/* Move a right from one space to another as a message would. */
static kern_return_t give(struct ipc_space *from, mach_port_name_t name,
			  unsigned int disposition, struct ipc_space *to,
			  mach_port_name_t *out)
{
	struct ipc_object *obj;
	unsigned int kind;
	kern_return_t kr = ipc_right_copyin(from, name, disposition, &obj, &kind);

	if (kr != KERN_SUCCESS)
		return kr;
	return ipc_right_copyout(to, obj, kind, out);
}

static uint32_t refs(struct ipc_space *s, mach_port_name_t n, unsigned int right)
{
	uint32_t r = 0xdead;

	if (ipc_right_get_refs(s, n, right, &r) != KERN_SUCCESS)
		return 0xdead;
	return r;
}

static uint32_t type_of(struct ipc_space *s, mach_port_name_t n)
{
	uint32_t t = 0;

	return ipc_right_type(s, n, &t) == KERN_SUCCESS ? t : 0xdead;
}

static struct ipc_port *port_of(struct ipc_space *s, mach_port_name_t n)
{
	struct ipc_entry *e = ipc_entry_lookup(s, n);

	return e ? ipc_port_of(e->object) : NULL;
}

static void test_send_rights(void)
{
	struct ipc_space *a = ipc_space_create(), *b = ipc_space_create();
	mach_port_name_t r, sa, sb, sb2;
	struct ipc_port *p;

	CHECK_KR(ipc_right_alloc_receive(a, &r, false), KERN_SUCCESS);
	CHECK(r == 1);
	CHECK(type_of(a, r) == IE_RECEIVE);
	p = port_of(a, r);
	/* MAKE_SEND into the same space joins the receive right's name. */
	CHECK_KR(give(a, r, IPC_MSG_TYPE_MAKE_SEND, a, &sa), KERN_SUCCESS);
	CHECK(sa == r);
	CHECK(type_of(a, r) == (IE_RECEIVE | IE_SEND));
	CHECK(refs(a, r, IPC_PORT_RIGHT_SEND) == 1);
	CHECK(p->mscount == 1 && p->srights == 1);
	/* Into another space: a new name; a second copy joins it. */
	CHECK_KR(give(a, r, IPC_MSG_TYPE_COPY_SEND, b, &sb), KERN_SUCCESS);
	CHECK_KR(give(a, r, IPC_MSG_TYPE_MAKE_SEND, b, &sb2), KERN_SUCCESS);
	CHECK(sb == sb2 && sb == 1);
	CHECK(refs(b, sb, IPC_PORT_RIGHT_SEND) == 2);
	CHECK(p->srights == 2 && p->mscount == 2);
	/* User references. */
	CHECK_KR(ipc_right_mod_refs(b, sb, IPC_PORT_RIGHT_SEND, 5), KERN_SUCCESS);
	CHECK(refs(b, sb, IPC_PORT_RIGHT_SEND) == 7);
	CHECK_KR(ipc_right_mod_refs(b, sb, IPC_PORT_RIGHT_SEND, -8), KERN_INVALID_VALUE);
	CHECK_KR(ipc_right_mod_refs(b, sb, IPC_PORT_RIGHT_SEND, IE_UREFS_MAX),
		 KERN_UREFS_OVERFLOW);
	CHECK_KR(ipc_right_mod_refs(b, sb, IPC_PORT_RIGHT_RECEIVE, -1), KERN_INVALID_RIGHT);
	CHECK_KR(ipc_right_deallocate(b, sb), KERN_SUCCESS);
	CHECK(refs(b, sb, IPC_PORT_RIGHT_SEND) == 6);
	/* MOVE_SEND of the last reference moves the entry's right. */
	CHECK_KR(ipc_right_mod_refs(b, sb, IPC_PORT_RIGHT_SEND, -5), KERN_SUCCESS);
	CHECK_KR(give(b, sb, IPC_MSG_TYPE_MOVE_SEND, a, &sa), KERN_SUCCESS);
	CHECK(type_of(b, sb) == 0xdead);		/* name gone */
	CHECK(sa == r && refs(a, r, IPC_PORT_RIGHT_SEND) == 2);
	CHECK(p->srights == 1);
	/* Errors. */
	CHECK_KR(give(b, 12345, IPC_MSG_TYPE_COPY_SEND, a, &sa), KERN_INVALID_NAME);
	CHECK_KR(give(a, r, 99, b, &sb), KERN_INVALID_VALUE);
	CHECK_KR(give(a, r, IPC_MSG_TYPE_MOVE_SEND_ONCE, b, &sb), KERN_INVALID_RIGHT);
	ipc_space_terminate(a);
	ipc_space_terminate(b);
	ipc_space_release(a);
	ipc_space_release(b);
}

/* No-senders: registered with a send-once right, fired with mscount. */
static void test_no_senders_and_dead_names(void)
{
	struct ipc_space *a = ipc_space_create(), *b = ipc_space_create();
	mach_port_name_t r, n, s1, so, dead;
	struct ipc_object *obj;
	unsigned int kind;
	struct ipc_port *p, *np;
	int base;

	CHECK_KR(ipc_right_alloc_receive(a, &r, false), KERN_SUCCESS);
	CHECK_KR(ipc_right_alloc_receive(a, &n, false), KERN_SUCCESS);
	p = port_of(a, r);
	np = port_of(a, n);
	CHECK_KR(give(a, r, IPC_MSG_TYPE_MAKE_SEND, b, &s1), KERN_SUCCESS);
	CHECK_KR(give(a, r, IPC_MSG_TYPE_MAKE_SEND, b, &s1), KERN_SUCCESS);
	/* A no-senders request, as mach_port_request_notification makes it. */
	CHECK_KR(ipc_right_copyin(a, n, IPC_MSG_TYPE_MAKE_SEND_ONCE, &obj, &kind),
		 KERN_SUCCESS);
	p->nsrequest = ipc_port_of(obj);
	base = notification_count;
	CHECK_KR(ipc_right_mod_refs(b, s1, IPC_PORT_RIGHT_SEND, -2), KERN_SUCCESS);
	CHECK(notification_count == base + 1);
	CHECK(notifications[base].kind == IPC_NOTIFY_NO_SENDERS);
	CHECK(notifications[base].to == np && notifications[base].value == 2);
	CHECK(np->sorights == 0);			/* consumed */

	/* Dead names: a send right whose port dies reads as a dead name
	 * with its user references, and a dead-name request fires. */
	CHECK_KR(give(a, r, IPC_MSG_TYPE_MAKE_SEND, b, &s1), KERN_SUCCESS);
	CHECK_KR(ipc_right_mod_refs(b, s1, IPC_PORT_RIGHT_SEND, 2), KERN_SUCCESS);
	CHECK_KR(ipc_right_copyin(a, n, IPC_MSG_TYPE_MAKE_SEND_ONCE, &obj, &kind),
		 KERN_SUCCESS);
	CHECK(ipc_port_add_dnrequest(p, b, s1, ipc_port_of(obj)));
	ipc_entry_lookup(b, s1)->request = 1;
	CHECK_KR(give(a, r, IPC_MSG_TYPE_MAKE_SEND_ONCE, b, &so), KERN_SUCCESS);
	CHECK(so != s1 && type_of(b, so) == IE_SEND_ONCE);
	base = notification_count;
	CHECK_KR(ipc_right_destroy(a, r), KERN_SUCCESS);	/* the port dies */
	CHECK(notification_count == base + 1);
	CHECK(notifications[base].kind == IPC_NOTIFY_DEAD_NAME);
	CHECK(notifications[base].value == s1);
	CHECK(type_of(b, s1) == IE_DEAD_NAME);
	/* Three send references, plus one for the dead-name notification
	 * that carries the name. */
	CHECK(refs(b, s1, IPC_PORT_RIGHT_DEAD_NAME) == 4);
	CHECK_KR(ipc_right_mod_refs(b, s1, IPC_PORT_RIGHT_SEND, -1), KERN_INVALID_RIGHT);
	CHECK(type_of(b, so) == IE_DEAD_NAME);		/* send-once: 1 ref */
	CHECK(refs(b, so, IPC_PORT_RIGHT_DEAD_NAME) == 1);
	/* Moving a dead name yields MACH_PORT_DEAD and costs a reference. */
	CHECK_KR(give(b, s1, IPC_MSG_TYPE_MOVE_SEND, a, &dead), KERN_SUCCESS);
	CHECK(dead == IPC_NAME_DEAD);
	CHECK(refs(b, s1, IPC_PORT_RIGHT_DEAD_NAME) == 3);
	CHECK_KR(ipc_right_mod_refs(b, s1, IPC_PORT_RIGHT_DEAD_NAME, -3), KERN_SUCCESS);
	CHECK(type_of(b, s1) == 0xdead);
	CHECK_KR(ipc_right_deallocate(b, so), KERN_SUCCESS);
	CHECK(type_of(b, so) == 0xdead);
	ipc_space_terminate(a);
	ipc_space_terminate(b);
	ipc_space_release(a);
	ipc_space_release(b);
}

/* Send-once rights always yield one message or notification. */
static void test_send_once(void)
{
	struct ipc_space *a = ipc_space_create(), *b = ipc_space_create();
	mach_port_name_t r, o1, o2;
	struct ipc_port *p;
	int base;

	CHECK_KR(ipc_right_alloc_receive(a, &r, false), KERN_SUCCESS);
	p = port_of(a, r);
	CHECK_KR(give(a, r, IPC_MSG_TYPE_MAKE_SEND_ONCE, b, &o1), KERN_SUCCESS);
	CHECK_KR(give(a, r, IPC_MSG_TYPE_MAKE_SEND_ONCE, b, &o2), KERN_SUCCESS);
	CHECK(o1 != o2);				/* each its own name */
	CHECK(p->sorights == 2);
	CHECK_KR(ipc_right_mod_refs(b, o1, IPC_PORT_RIGHT_SEND_ONCE, 1), KERN_INVALID_VALUE);
	base = notification_count;
	CHECK_KR(ipc_right_deallocate(b, o1), KERN_SUCCESS);
	CHECK(notification_count == base + 1);
	CHECK(notifications[base].kind == IPC_NOTIFY_SEND_ONCE);
	CHECK(notifications[base].to == p);
	/* Moving it to another space keeps exactly one right. */
	CHECK_KR(give(b, o2, IPC_MSG_TYPE_MOVE_SEND_ONCE, a, &o1), KERN_SUCCESS);
	CHECK(type_of(b, o2) == 0xdead && type_of(a, o1) == IE_SEND_ONCE);
	CHECK(p->sorights == 1);
	base = notification_count;
	ipc_space_terminate(a);		/* destroys the send-once right too */
	CHECK(notification_count >= base);
	ipc_space_terminate(b);
	ipc_space_release(a);
	ipc_space_release(b);
}

/* Receive rights move; the make-send count and sequence number reset. */
static void test_move_receive(void)
{
	struct ipc_space *a = ipc_space_create(), *b = ipc_space_create();
	mach_port_name_t r, sb, rb, ra;
	struct ipc_port *p;

	CHECK_KR(ipc_right_alloc_receive(a, &r, false), KERN_SUCCESS);
	p = port_of(a, r);
	CHECK_KR(give(a, r, IPC_MSG_TYPE_MAKE_SEND, b, &sb), KERN_SUCCESS);
	CHECK_KR(give(a, r, IPC_MSG_TYPE_MAKE_SEND, a, &ra), KERN_SUCCESS);
	p->seqno = 7;
	/* a keeps its send right under the same name; b's receive right
	 * joins b's send right's name. */
	CHECK_KR(give(a, r, IPC_MSG_TYPE_MOVE_RECEIVE, b, &rb), KERN_SUCCESS);
	CHECK(rb == sb);
	CHECK(type_of(b, sb) == (IE_RECEIVE | IE_SEND));
	CHECK(type_of(a, r) == IE_SEND);
	CHECK(p->receiver == b && p->receiver_name == sb);
	CHECK(p->mscount == 0 && p->seqno == 0);
	CHECK_KR(give(a, r, IPC_MSG_TYPE_MOVE_RECEIVE, b, &rb), KERN_INVALID_RIGHT);
	CHECK_KR(ipc_right_mod_refs(b, sb, IPC_PORT_RIGHT_RECEIVE, -2), KERN_INVALID_VALUE);
	CHECK_KR(ipc_right_mod_refs(b, sb, IPC_PORT_RIGHT_RECEIVE, -1), KERN_SUCCESS);
	CHECK(type_of(b, sb) == IE_DEAD_NAME);		/* the send right died */
	CHECK(type_of(a, r) == IE_DEAD_NAME);
	ipc_space_terminate(a);
	ipc_space_terminate(b);
	ipc_space_release(a);
	ipc_space_release(b);
}

static void test_names_and_sets(void)
{
	struct ipc_space *a = ipc_space_create();
	mach_port_name_t n = 0x100, ps, dn = 0x200, r;

	CHECK_KR(ipc_right_alloc_receive(a, &n, true), KERN_SUCCESS);
	CHECK(n == 0x100 && type_of(a, 0x100) == IE_RECEIVE);
	CHECK_KR(ipc_right_alloc_receive(a, &n, true), KERN_NAME_EXISTS);
	n = 0;
	CHECK_KR(ipc_right_alloc_receive(a, &n, true), KERN_INVALID_VALUE);
	CHECK_KR(ipc_right_alloc_pset(a, &ps, false), KERN_SUCCESS);
	CHECK(type_of(a, ps) == IE_PORT_SET);
	CHECK_KR(ipc_right_alloc_dead(a, &dn, true), KERN_SUCCESS);
	CHECK(type_of(a, dn) == IE_DEAD_NAME && refs(a, dn, IPC_PORT_RIGHT_DEAD_NAME) == 1);
	CHECK_KR(ipc_right_deallocate(a, ps), KERN_SUCCESS);	/* sets go whole */
	CHECK(type_of(a, ps) == 0xdead);
	CHECK_KR(ipc_right_deallocate(a, 0x100), KERN_INVALID_RIGHT);	/* receive */
	CHECK_KR(ipc_right_destroy(a, 0x100), KERN_SUCCESS);
	CHECK_KR(ipc_right_destroy(a, 0x100), KERN_INVALID_NAME);
	CHECK_KR(ipc_right_alloc_receive(a, &r, false), KERN_SUCCESS);
	/* A stale name (index reused) is invalid, not the new right. */
	CHECK(IPC_NAME_INDEX(r) == 1 || r != 0x100);
	CHECK_KR(ipc_right_mod_refs(a, r, 9, 0), KERN_INVALID_VALUE);
	/* insert_right under a chosen name. */
	{
		struct ipc_object *obj;
		unsigned int kind;
		mach_port_name_t chosen = 0x300;

		CHECK_KR(ipc_right_copyin(a, r, IPC_MSG_TYPE_MAKE_SEND, &obj, &kind),
			 KERN_SUCCESS);
		CHECK_KR(ipc_right_copyout_name(a, obj, kind, chosen), KERN_RIGHT_EXISTS);
		CHECK_KR(ipc_right_copyout_name(a, obj, kind, r), KERN_SUCCESS);
		CHECK(type_of(a, r) == (IE_RECEIVE | IE_SEND));
		CHECK_KR(ipc_right_copyin(a, r, IPC_MSG_TYPE_MAKE_SEND, &obj, &kind),
			 KERN_SUCCESS);
		CHECK_KR(ipc_right_copyout_name(a, obj, kind, dn), KERN_NAME_EXISTS);
		ipc_right_release(obj, kind);
	}
	ipc_space_terminate(a);
	CHECK_KR(ipc_right_destroy(a, r), KERN_INVALID_TASK);
	ipc_space_release(a);
}

/* Exhaustion: copyout that cannot get memory destroys the right, and
 * nothing leaks. */
static void test_exhaustion(void)
{
	struct ipc_space *a = ipc_space_create(), *b = ipc_space_create();
	mach_port_name_t r, n;
	struct ipc_object *obj;
	unsigned int kind;
	struct ipc_port *p;

	CHECK_KR(ipc_right_alloc_receive(a, &r, false), KERN_SUCCESS);
	p = port_of(a, r);
	CHECK_KR(ipc_right_copyin(a, r, IPC_MSG_TYPE_MAKE_SEND, &obj, &kind), KERN_SUCCESS);
	host_kalloc_fail_after = 0;		/* b has no table yet */
	CHECK_KR(ipc_right_copyout(b, obj, kind, &n), KERN_RESOURCE_SHORTAGE);
	host_kalloc_fail_after = -1;
	CHECK(p->srights == 0);
	host_kalloc_fail_after = 0;
	n = 0;
	CHECK_KR(ipc_right_alloc_receive(b, &n, false), KERN_RESOURCE_SHORTAGE);
	host_kalloc_fail_after = -1;
	ipc_space_terminate(a);
	ipc_space_terminate(b);
	ipc_space_release(a);
	ipc_space_release(b);
}

/*
 * MACH_RCV_NOTIFY's copyout (ipc_right_copyout_dnrequest) and
 * MACH_SEND_CANCEL's copyin (ipc_right_copyin_cancel): a client space a
 * with its reply port r, a server space b with its notify port n.
 */
static void test_notify_options(void)
{
	struct ipc_space *a = ipc_space_create(), *b = ipc_space_create();
	mach_port_name_t r, n, o, s, s2;
	struct ipc_object *obj;
	struct ipc_port *rp, *np;
	unsigned int kind;
	bool lost;
	int base;

	CHECK_KR(ipc_right_alloc_receive(a, &r, false), KERN_SUCCESS);
	CHECK_KR(ipc_right_alloc_receive(b, &n, false), KERN_SUCCESS);
	rp = port_of(a, r);
	np = port_of(b, n);
	/* A send-once reply right: a new name with a dead-name request. */
	CHECK_KR(ipc_right_copyin(a, r, IPC_MSG_TYPE_MAKE_SEND_ONCE, &obj, &kind),
		 KERN_SUCCESS);
	CHECK_KR(ipc_right_copyout_dnrequest(b, obj, kind, n, &o, &lost), KERN_SUCCESS);
	CHECK(!lost);
	CHECK(type_of(b, o) == (IE_SEND_ONCE | IE_DNREQUEST));
	CHECK(np->sorights == 1);
	/* Moved out with the cancel port n: silently cancelled. */
	base = notification_count;
	CHECK_KR(ipc_right_copyin_cancel(b, o, IPC_MSG_TYPE_MOVE_SEND_ONCE, &obj, &kind,
					 np), KERN_SUCCESS);
	CHECK(notification_count == base);
	CHECK(np->sorights == 0);
	CHECK(type_of(b, o) == 0xdead);
	/* Back with a request again; moved out with another cancel port:
	 * the port-deleted notification goes as usual. */
	CHECK_KR(ipc_right_copyout_dnrequest(b, obj, kind, n, &o, &lost), KERN_SUCCESS);
	CHECK(np->sorights == 1);
	base = notification_count;
	CHECK_KR(ipc_right_copyin_cancel(b, o, IPC_MSG_TYPE_MOVE_SEND_ONCE, &obj, &kind,
					 rp), KERN_SUCCESS);
	CHECK(notification_count == base + 1);
	CHECK(notifications[base].kind == IPC_NOTIFY_PORT_DELETED);
	CHECK(notifications[base].to == np && notifications[base].value == o);
	CHECK(np->sorights == 0);
	/* A notify name that is no receive right: no request. */
	CHECK_KR(ipc_right_copyout_dnrequest(b, obj, kind, 0xabcdef, &o, &lost),
		 KERN_SUCCESS);
	CHECK(!lost && type_of(b, o) == IE_SEND_ONCE);
	CHECK_KR(ipc_right_copyin_cancel(b, o, IPC_MSG_TYPE_MOVE_SEND_ONCE, &obj, &kind,
					 np), KERN_SUCCESS);
	ipc_right_release(obj, kind);		/* a send-once notification to r */
	CHECK(rp->sorights == 0);
	/* A send right joining a name b already has: no request. */
	CHECK_KR(give(a, r, IPC_MSG_TYPE_MAKE_SEND, b, &s), KERN_SUCCESS);
	CHECK_KR(ipc_right_copyin(a, r, IPC_MSG_TYPE_MAKE_SEND, &obj, &kind), KERN_SUCCESS);
	CHECK_KR(ipc_right_copyout_dnrequest(b, obj, kind, n, &s2, &lost), KERN_SUCCESS);
	CHECK(s2 == s && type_of(b, s) == IE_SEND && refs(b, s, IPC_PORT_RIGHT_SEND) == 2);
	CHECK(np->sorights == 0);
	CHECK_KR(ipc_right_destroy(b, s), KERN_SUCCESS);
	/* No memory for the request: the right arrives without one. */
	CHECK_KR(ipc_right_copyin(a, r, IPC_MSG_TYPE_MAKE_SEND_ONCE, &obj, &kind),
		 KERN_SUCCESS);
	host_kalloc_fail_after = 0;
	CHECK_KR(ipc_right_copyout_dnrequest(b, obj, kind, n, &o, &lost), KERN_SUCCESS);
	host_kalloc_fail_after = -1;
	CHECK(lost && type_of(b, o) == IE_SEND_ONCE && np->sorights == 0);
	CHECK_KR(ipc_right_destroy(b, o), KERN_SUCCESS);
	/* A send right under a new name: a request, answered when the port
	 * dies, the dead name gaining the notification's reference. */
	CHECK_KR(ipc_right_copyin(a, r, IPC_MSG_TYPE_MAKE_SEND, &obj, &kind), KERN_SUCCESS);
	CHECK_KR(ipc_right_copyout_dnrequest(b, obj, kind, n, &s, &lost), KERN_SUCCESS);
	CHECK(type_of(b, s) == (IE_SEND | IE_DNREQUEST) && np->sorights == 1);
	/* A right of a port dead in transit: a dead name, no request. */
	CHECK_KR(ipc_right_copyin(a, r, IPC_MSG_TYPE_MAKE_SEND_ONCE, &obj, &kind),
		 KERN_SUCCESS);
	base = notification_count;
	CHECK_KR(ipc_right_destroy(a, r), KERN_SUCCESS);
	CHECK(notification_count == base + 1);
	CHECK(notifications[base].kind == IPC_NOTIFY_DEAD_NAME);
	CHECK(notifications[base].to == np && notifications[base].value == s);
	CHECK(type_of(b, s) == IE_DEAD_NAME && refs(b, s, IPC_PORT_RIGHT_DEAD_NAME) == 2);
	CHECK_KR(ipc_right_copyout_dnrequest(b, obj, kind, n, &o, &lost), KERN_SUCCESS);
	CHECK(o == IPC_NAME_DEAD && !lost && np->sorights == 0);
	ipc_space_terminate(a);
	ipc_space_terminate(b);
	ipc_space_release(a);
	ipc_space_release(b);
}

/* Random traffic among four spaces; afterwards everything is freed. */
static void test_random_traffic(void)
{
	enum { SPACES = 4 };
	struct ipc_space *sp[SPACES];
	static const unsigned int disp[] = {
		IPC_MSG_TYPE_MOVE_RECEIVE, IPC_MSG_TYPE_MOVE_SEND,
		IPC_MSG_TYPE_MOVE_SEND_ONCE, IPC_MSG_TYPE_COPY_SEND,
		IPC_MSG_TYPE_MAKE_SEND, IPC_MSG_TYPE_MAKE_SEND_ONCE,
	};
	unsigned long long x = 7;

	for (int i = 0; i < SPACES; i++)
		sp[i] = ipc_space_create();
	for (int step = 0; step < 100000; step++) {
		unsigned int r, si, di;
		struct ipc_space *s;
		mach_port_name_t name, out;

		x = x * 6364136223846793005ULL + 1442695040888963407ULL;
		r = (unsigned int)(x >> 33);
		si = r % SPACES;
		di = (r / 4) % SPACES;
		s = sp[si];
		/* Pick a name that probably exists (small indices). */
		name = 1 + (r / 16) % 24;
		if (ipc_entry_lookup(s, name) == NULL && s->size > IPC_NAME_INDEX(name))
			name = IPC_NAME_MAKE(name, s->table[name].gen);
		switch ((r / 512) % 8) {
		case 0:
			ipc_right_alloc_receive(s, &out, false);
			break;
		case 1:
		case 2:
		case 3:
			give(s, name, disp[(r / 4096) % 6], sp[di], &out);
			break;
		case 4:
			ipc_right_deallocate(s, name);
			break;
		case 5:
			ipc_right_mod_refs(s, name, (r / 4096) % 5, (int)((r / 65536) % 5) - 2);
			break;
		case 6:
			if ((r / 4096) % 4 == 0)
				ipc_right_destroy(s, name);
			break;
		default:
			if ((r / 4096) % 8 == 0)
				ipc_right_alloc_pset(s, &out, false);
			break;
		}
	}
	for (int i = 0; i < SPACES; i++) {
		ipc_space_terminate(sp[i]);
		CHECK(sp[i]->in_use == 0);
		ipc_space_release(sp[i]);
	}
}

int main(void)
{
	test_send_rights();
	test_no_senders_and_dead_names();
	test_send_once();
	test_move_receive();
	test_names_and_sets();
	test_exhaustion();
	test_notify_options();
	test_random_traffic();
	CHECK(ipc_port_count() == 0);
	CHECK(ipc_pset_count() == 0);
	CHECK(ipc_space_count() == 0);
	ipc_kmsg_cache_drain();
	CHECK(host_kalloc_live == 0);
	if (failures) {
		fprintf(stderr, "ipc_right: %d checks failed (ports %lu, sets %lu, "
			"allocations %ld left)\n", failures, ipc_port_count(),
			ipc_pset_count(), host_kalloc_live);
		return 1;
	}
	printf("ipc_right: all checks passed (%d notifications)\n", notification_count);
	return 0;
}
