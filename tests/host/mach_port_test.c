/*
 * tests/host/mach_port_test.c - the mach_port interface (ipc/mach_port.c)
 * on the host: names and types, rename, allocation, port sets, notification
 * requests, receive status and its setters, with leak checks at the end.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ipc/ipc_notify.h>
#include <ipc/mach_port.h>
#include <ipc/ipc_kmsg.h>
#include <vm/vm_kern.h>
#include "ipc_stubs.h"

long host_kalloc_live;
long host_kalloc_fail_after = -1;

static int failures;
#define CHECK(c) do { if (!(c)) { fprintf(stderr, "%s:%d: check failed: %s\n", \
	__FILE__, __LINE__, #c); failures++; } } while (0)
#define CHECK_KR(expr, want) do { kern_return_t kr_ = (expr); if (kr_ != (want)) { \
	fprintf(stderr, "%s:%d: %s returned %d, expected %d\n", __FILE__, __LINE__, \
	#expr, kr_, (want)); failures++; } } while (0)

#define T_SEND		(1u << 16)
#define T_RECEIVE	(1u << 17)
#define T_SEND_ONCE	(1u << 18)
#define T_PORT_SET	(1u << 19)
#define T_DEAD_NAME	(1u << 20)
#define T_DNREQUEST	0x80000000u

static uint32_t mtype(struct ipc_space *s, mach_port_name_t n)
{
	uint32_t t = 0;

	return mach_port_type_kernel(s, n, &t) == KERN_SUCCESS ? t : 0xdead;
}

/* A send-once right to port name r of space s, in transit. */
static struct ipc_port *sonce(struct ipc_space *s, mach_port_name_t r)
{
	struct ipc_object *obj;
	unsigned int kind;

	if (ipc_right_copyin(s, r, IPC_MSG_TYPE_MAKE_SEND_ONCE, &obj, &kind))
		return NULL;
	return ipc_port_of(obj);
}

static void test_names_types_rename(void)
{
	struct ipc_space *s = ipc_space_create();
	mach_port_name_t r, ps, dn, *names;
	uint32_t *types, count;
	struct ipc_port *p;

	CHECK_KR(mach_port_allocate_kernel(s, IPC_PORT_RIGHT_RECEIVE, &r), KERN_SUCCESS);
	CHECK_KR(mach_port_allocate_kernel(s, IPC_PORT_RIGHT_PORT_SET, &ps), KERN_SUCCESS);
	CHECK_KR(mach_port_allocate_kernel(s, IPC_PORT_RIGHT_DEAD_NAME, &dn), KERN_SUCCESS);
	CHECK_KR(mach_port_allocate_kernel(s, IPC_PORT_RIGHT_SEND, &dn), KERN_INVALID_VALUE);
	CHECK_KR(mach_port_allocate_kernel(s, 77, &dn), KERN_INVALID_VALUE);
	CHECK(mtype(s, r) == T_RECEIVE && mtype(s, ps) == T_PORT_SET &&
	      mtype(s, dn) == T_DEAD_NAME);
	CHECK_KR(mach_port_names_kernel(s, &names, &types, &count), KERN_SUCCESS);
	CHECK(count == 3);
	CHECK(names[0] == r && types[0] == T_RECEIVE);
	CHECK(names[1] == ps && types[1] == T_PORT_SET);
	CHECK(names[2] == dn && types[2] == T_DEAD_NAME);
	kfree(names, count * 4);
	kfree(types, count * 4);
	CHECK_KR(mach_port_allocate_name_kernel(s, IPC_PORT_RIGHT_RECEIVE, r),
		 KERN_NAME_EXISTS);
	CHECK_KR(mach_port_allocate_name_kernel(s, IPC_PORT_RIGHT_RECEIVE, 0),
		 KERN_INVALID_VALUE);
	CHECK_KR(mach_port_allocate_name_kernel(s, IPC_PORT_RIGHT_RECEIVE, 0x4242),
		 KERN_SUCCESS);
	/* Rename keeps the right and tells the port its new name. */
	p = ipc_port_of(ipc_entry_lookup(s, r)->object);
	CHECK_KR(mach_port_rename_kernel(s, r, 0x777), KERN_SUCCESS);
	CHECK(mtype(s, r) == 0xdead && mtype(s, 0x777) == T_RECEIVE);
	CHECK(p->receiver_name == 0x777);
	CHECK_KR(mach_port_rename_kernel(s, 0x777, ps), KERN_NAME_EXISTS);
	CHECK_KR(mach_port_rename_kernel(s, 12345, 0x888), KERN_INVALID_NAME);
	CHECK_KR(mach_port_rename_kernel(s, 0x777, 0), KERN_INVALID_VALUE);
	CHECK_KR(mach_port_rename_kernel(s, ps, 0x999), KERN_SUCCESS);
	CHECK(ipc_pset_of(ipc_entry_lookup(s, 0x999)->object)->name == 0x999);
	ipc_space_terminate(s);
	ipc_space_release(s);
}

static void test_port_sets(void)
{
	struct ipc_space *s = ipc_space_create();
	mach_port_name_t a, b, set1, set2, *m;
	uint32_t n;
	struct ipc_port_status st;

	mach_port_allocate_kernel(s, IPC_PORT_RIGHT_RECEIVE, &a);
	mach_port_allocate_kernel(s, IPC_PORT_RIGHT_RECEIVE, &b);
	mach_port_allocate_kernel(s, IPC_PORT_RIGHT_PORT_SET, &set1);
	mach_port_allocate_kernel(s, IPC_PORT_RIGHT_PORT_SET, &set2);
	CHECK_KR(mach_port_move_member_kernel(s, a, set1), KERN_SUCCESS);
	CHECK_KR(mach_port_move_member_kernel(s, b, set1), KERN_SUCCESS);
	CHECK_KR(mach_port_get_set_status_kernel(s, set1, &m, &n), KERN_SUCCESS);
	CHECK(n == 2 && ((m[0] == a && m[1] == b) || (m[0] == b && m[1] == a)));
	kfree(m, n * 4);
	CHECK_KR(mach_port_get_receive_status_kernel(s, a, &st), KERN_SUCCESS);
	CHECK(st.pset == set1);
	/* Move between sets; remove; errors. */
	CHECK_KR(mach_port_move_member_kernel(s, a, set2), KERN_SUCCESS);
	CHECK_KR(mach_port_get_set_status_kernel(s, set1, &m, &n), KERN_SUCCESS);
	CHECK(n == 1 && m[0] == b);
	kfree(m, n * 4);
	CHECK_KR(mach_port_move_member_kernel(s, a, 0), KERN_SUCCESS);
	CHECK_KR(mach_port_move_member_kernel(s, a, 0), KERN_NOT_IN_SET);
	CHECK_KR(mach_port_move_member_kernel(s, set1, set2), KERN_INVALID_RIGHT);
	CHECK_KR(mach_port_move_member_kernel(s, a, b), KERN_INVALID_RIGHT);
	CHECK_KR(mach_port_move_member_kernel(s, a, 4321), KERN_INVALID_NAME);
	CHECK_KR(mach_port_get_set_status_kernel(s, a, &m, &n), KERN_INVALID_RIGHT);
	/* Destroying a set frees its members from it. */
	CHECK_KR(ipc_right_destroy(s, set1), KERN_SUCCESS);
	CHECK_KR(mach_port_get_receive_status_kernel(s, b, &st), KERN_SUCCESS);
	CHECK(st.pset == 0);
	/* Destroying a member leaves the set empty. */
	CHECK_KR(mach_port_move_member_kernel(s, b, set2), KERN_SUCCESS);
	CHECK_KR(ipc_right_destroy(s, b), KERN_SUCCESS);
	CHECK_KR(mach_port_get_set_status_kernel(s, set2, &m, &n), KERN_SUCCESS);
	CHECK(n == 0);
	kfree(m, 4);
	ipc_space_terminate(s);
	ipc_space_release(s);
}

static void test_notification_requests(void)
{
	struct ipc_space *s = ipc_space_create(), *t = ipc_space_create();
	mach_port_name_t r, nt, sn, dead;
	struct ipc_port *prev, *p, *np;
	struct ipc_object *obj;
	unsigned int kind;
	int base;

	mach_port_allocate_kernel(s, IPC_PORT_RIGHT_RECEIVE, &r);
	mach_port_allocate_kernel(s, IPC_PORT_RIGHT_RECEIVE, &nt);
	p = ipc_port_of(ipc_entry_lookup(s, r)->object);
	np = ipc_port_of(ipc_entry_lookup(s, nt)->object);

	/* No-senders with no senders and mscount >= sync: fires at once. */
	base = notification_count;
	CHECK_KR(mach_port_request_notification_kernel(s, r, IPC_NOTIFY_REQ_NO_SENDERS,
		 0, sonce(s, nt), &prev), KERN_SUCCESS);
	CHECK(prev == NULL && notification_count == base + 1);
	CHECK(notifications[base].kind == IPC_NOTIFY_NO_SENDERS);
	/* With a sender: registered, returned as previous when replaced. */
	CHECK_KR(ipc_right_copyin(s, r, IPC_MSG_TYPE_MAKE_SEND, &obj, &kind), KERN_SUCCESS);
	CHECK_KR(ipc_right_copyout(t, obj, kind, &sn), KERN_SUCCESS);
	CHECK_KR(mach_port_request_notification_kernel(s, r, IPC_NOTIFY_REQ_NO_SENDERS,
		 1, sonce(s, nt), &prev), KERN_SUCCESS);
	CHECK(prev == NULL && p->nsrequest != NULL);
	CHECK_KR(mach_port_request_notification_kernel(s, r, IPC_NOTIFY_REQ_NO_SENDERS,
		 1, sonce(s, nt), &prev), KERN_SUCCESS);
	CHECK(prev == np);
	ipc_right_release(&prev->obj, IPC_RIGHT_SEND_ONCE);	/* caller's */
	base = notification_count;
	CHECK_KR(ipc_right_deallocate(t, sn), KERN_SUCCESS);	/* last sender */
	CHECK(notification_count == base + 1);
	CHECK(notifications[base].kind == IPC_NOTIFY_NO_SENDERS &&
	      notifications[base].value == 1);			/* mscount */
	/* Rights checks. */
	CHECK_KR(mach_port_request_notification_kernel(s, 999, IPC_NOTIFY_REQ_DEAD_NAME,
		 0, NULL, &prev), KERN_INVALID_NAME);
	CHECK_KR(mach_port_request_notification_kernel(s, r, 0123, 0, NULL, &prev),
		 KERN_INVALID_VALUE);
	CHECK_KR(mach_port_request_notification_kernel(s, r,
		 IPC_NOTIFY_REQ_PORT_DESTROYED, 5, NULL, &prev), KERN_INVALID_VALUE);

	/* Dead-name requests: the type shows it; the port's death fires
	 * it; a request on an already dead name with sync fires at once. */
	CHECK_KR(ipc_right_copyin(s, r, IPC_MSG_TYPE_MAKE_SEND, &obj, &kind), KERN_SUCCESS);
	CHECK_KR(ipc_right_copyout(t, obj, kind, &sn), KERN_SUCCESS);
	CHECK_KR(mach_port_request_notification_kernel(t, sn, IPC_NOTIFY_REQ_DEAD_NAME,
		 0, sonce(s, nt), &prev), KERN_SUCCESS);
	CHECK(mtype(t, sn) == (T_SEND | T_DNREQUEST));
	base = notification_count;
	CHECK_KR(ipc_right_destroy(s, r), KERN_SUCCESS);
	CHECK(notification_count >= base + 1);
	CHECK(notifications[base].kind == IPC_NOTIFY_DEAD_NAME &&
	      notifications[base].value == sn);
	CHECK(mtype(t, sn) == T_DEAD_NAME);
	dead = sn;
	CHECK_KR(mach_port_request_notification_kernel(t, dead, IPC_NOTIFY_REQ_DEAD_NAME,
		 0, NULL, &prev), KERN_INVALID_ARGUMENT);
	base = notification_count;
	CHECK_KR(mach_port_request_notification_kernel(t, dead, IPC_NOTIFY_REQ_DEAD_NAME,
		 1, sonce(s, nt), &prev), KERN_SUCCESS);
	CHECK(notification_count == base + 1);
	CHECK_KR(ipc_right_get_refs(t, dead, IPC_PORT_RIGHT_DEAD_NAME, (uint32_t *)&base),
		 KERN_SUCCESS);
	CHECK(base == 3);	/* 1, +1 at death (request), +1 now */
	/* Port-destroyed: the receive right travels in the notification. */
	mach_port_allocate_kernel(s, IPC_PORT_RIGHT_RECEIVE, &r);
	CHECK_KR(mach_port_request_notification_kernel(s, r,
		 IPC_NOTIFY_REQ_PORT_DESTROYED, 0, sonce(s, nt), &prev), KERN_SUCCESS);
	base = notification_count;
	CHECK_KR(ipc_right_destroy(s, r), KERN_SUCCESS);
	CHECK(notification_count >= base + 1);
	CHECK(notifications[base].kind == IPC_NOTIFY_PORT_DESTROYED);
	ipc_space_terminate(s);
	ipc_space_terminate(t);
	ipc_space_release(s);
	ipc_space_release(t);
}

static void test_receive_status(void)
{
	struct ipc_space *s = ipc_space_create();
	mach_port_name_t r, d;
	struct ipc_port_status st;

	mach_port_allocate_kernel(s, IPC_PORT_RIGHT_RECEIVE, &r);
	mach_port_allocate_kernel(s, IPC_PORT_RIGHT_DEAD_NAME, &d);
	CHECK_KR(mach_port_get_receive_status_kernel(s, r, &st), KERN_SUCCESS);
	CHECK(st.qlimit == 5 && st.msgcount == 0 && st.seqno == 0 && st.mscount == 0);
	CHECK(!st.srights && !st.pdrequest && !st.nsrequest && st.sorights == 0);
	CHECK_KR(mach_port_set_qlimit_kernel(s, r, 16), KERN_SUCCESS);
	CHECK_KR(mach_port_set_qlimit_kernel(s, r, 17), KERN_INVALID_VALUE);
	CHECK_KR(mach_port_set_mscount_kernel(s, r, 9), KERN_SUCCESS);
	CHECK_KR(mach_port_set_seqno_kernel(s, r, 42), KERN_SUCCESS);
	CHECK_KR(mach_port_get_receive_status_kernel(s, r, &st), KERN_SUCCESS);
	CHECK(st.qlimit == 16 && st.mscount == 9 && st.seqno == 42);
	CHECK_KR(mach_port_set_qlimit_kernel(s, d, 3), KERN_INVALID_RIGHT);
	CHECK_KR(mach_port_set_seqno_kernel(s, 555, 3), KERN_INVALID_NAME);
	ipc_space_terminate(s);
	CHECK_KR(mach_port_set_seqno_kernel(s, r, 3), KERN_INVALID_TASK);
	ipc_space_release(s);
}

int main(void)
{
	test_names_types_rename();
	test_port_sets();
	test_notification_requests();
	test_receive_status();
	CHECK(ipc_port_count() == 0);
	CHECK(ipc_pset_count() == 0);
	CHECK(ipc_space_count() == 0);
	ipc_kmsg_cache_drain();
	CHECK(host_kalloc_live == 0);
	if (failures) {
		fprintf(stderr, "mach_port: %d checks failed (ports %lu, sets %lu, "
			"allocations %ld left)\n", failures, ipc_port_count(),
			ipc_pset_count(), host_kalloc_live);
		return 1;
	}
	printf("mach_port: all checks passed\n");
	return 0;
}
