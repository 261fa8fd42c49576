/*
 * user/lib/mig_support.c - the runtime generated MIG user stubs need
 * (include/mach/mig_support.h): a reply port per thread, memory for
 * out-of-line results, bounded string copy.
 *
 * Reply ports.  A stub sends its request with a MAKE_SEND_ONCE right to
 * the calling thread's reply port and receives the reply there.  The port
 * is made once per thread by mach_reply_port() and kept.  There is no
 * thread library yet, so "per thread" is keyed by the thread's stack: the
 * kernel gives every thread it starts from an ELF image its own stack
 * slot (kern/exec.h: slot i ends at USER_STACK_TOP - i * stride).  A
 * thread running on any other stack shares one spare reply port, held
 * under a lock from mig_get_reply_port() to the matching put/dealloc, so
 * two such threads never receive each other's replies.
 *
 * When a receive fails (interrupted, timed out, bad reply) a late reply
 * may still arrive on the port, so the stub calls mig_dealloc_reply_port:
 * the port is destroyed and the next call makes a fresh one.
 */
#include <stddef.h>
#include <mach/mach_traps.h>
#include <mach/mig_support.h>
#include <mach_interface.h>
#include <mach_port.h>

/* The exec layout of user stacks (kern/exec.h), identical on every port. */
#define EXEC_STACK_TOP		0x7fff0000UL
#define EXEC_STACK_STRIDE	((16UL + 1) * 4096)
#define EXEC_STACK_SLOTS	17	/* exec_load keeps images below them */

struct reply_slot {
	mach_port_t port;	/* MACH_PORT_NULL until first use */
	int destroying;		/* inside mig_dealloc_reply_port */
};

static struct reply_slot slots[EXEC_STACK_SLOTS];
static struct reply_slot spare;		/* threads on other stacks */
static char spare_lock;
static mach_port_t task_self_cached;

/* The task's own port, fetched once (each trap adds a user reference). */
static mach_port_t task_self(void)
{
	mach_port_t t = __atomic_load_n(&task_self_cached, __ATOMIC_RELAXED);

	if (t == MACH_PORT_NULL) {
		t = mach_task_self();
		__atomic_store_n(&task_self_cached, t, __ATOMIC_RELAXED);
	}
	return t;
}

/* The slot of the calling thread's stack, or NULL for a foreign stack. */
static struct reply_slot *my_slot(void)
{
	uintptr_t sp = (uintptr_t)__builtin_frame_address(0);
	uintptr_t low = EXEC_STACK_TOP - EXEC_STACK_SLOTS * EXEC_STACK_STRIDE;

	if (sp >= EXEC_STACK_TOP || sp < low)
		return NULL;
	return &slots[(EXEC_STACK_TOP - 1 - sp) / EXEC_STACK_STRIDE];
}

static void spare_acquire(void)
{
	while (__atomic_test_and_set(&spare_lock, __ATOMIC_ACQUIRE))
		thread_switch(MACH_PORT_NULL, SWITCH_OPTION_WAIT, 1);
}

static void spare_release(void)
{
	__atomic_clear(&spare_lock, __ATOMIC_RELEASE);
}

/*
 * Destroy a receive right that was a reply port.  The RPC doing it uses
 * the thread's (new) reply port; if that RPC fails in turn, its own
 * dealloc does not recurse again (the `destroying` guard) and merely
 * forgets the port.  The spare slot's guard is shared by the threads on
 * foreign stacks: at worst one of two concurrent failures leaks a name.
 */
static void destroy_reply(struct reply_slot *s, mach_port_t port)
{
	if (s->destroying || !MACH_PORT_VALID(port))
		return;
	s->destroying = 1;
	(void)mach_port_mod_refs(task_self(), port, MACH_PORT_RIGHT_RECEIVE, -1);
	s->destroying = 0;
}

/*
 * mig_get_reply_port: the calling thread's reply port, made on first use.
 * Returns MACH_PORT_NULL if mach_reply_port() failed; the stub's receive
 * on it then fails (MACH_RCV_INVALID_NAME) and the next call tries again.
 */
mach_port_t mig_get_reply_port(void)
{
	struct reply_slot *s = my_slot();

	if (!s) {
		spare_acquire();	/* released by put or dealloc */
		s = &spare;
	}
	if (s->port == MACH_PORT_NULL)
		s->port = mach_reply_port();
	return s->port;
}

/*
 * mig_put_reply_port: the RPC on reply is complete.  The port stays
 * cached; a thread on a foreign stack gives the spare port back.
 */
void mig_put_reply_port(mach_port_t reply)
{
	(void)reply;
	if (!my_slot())
		spare_release();
}

/*
 * mig_dealloc_reply_port: the receive on reply failed; destroy the port
 * (a late reply must not be taken for the next call's) and forget it.
 */
void mig_dealloc_reply_port(mach_port_t reply)
{
	struct reply_slot *s = my_slot();

	if (!s) {
		if (spare.port == reply)
			spare.port = MACH_PORT_NULL;
		spare_release();
		destroy_reply(&spare, reply);
		return;
	}
	if (s->port == reply)
		s->port = MACH_PORT_NULL;
	destroy_reply(s, reply);
}

/* mig_allocate: zeroed memory anywhere in the task; *addr = 0 on failure. */
void mig_allocate(vm_address_t *addr, vm_size_t size)
{
	if (vm_allocate(task_self(), addr, size, TRUE) != KERN_SUCCESS)
		*addr = 0;
}

/* mig_deallocate: release memory of mig_allocate or out-of-line data. */
void mig_deallocate(vm_address_t addr, vm_size_t size)
{
	(void)vm_deallocate(task_self(), addr, size);
}

/*
 * mig_strncpy: copy src into dst, at most len bytes, stopping after the
 * NUL.  Returns the bytes copied including the NUL, or len when src did
 * not end within len bytes (dst is then not terminated).
 */
vm_size_t mig_strncpy(char *dst, const char *src, vm_size_t len)
{
	vm_size_t i;

	for (i = 0; i < len; i++) {
		dst[i] = src[i];
		if (src[i] == '\0')
			return i + 1;
	}
	return len;
}
