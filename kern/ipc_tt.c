/*
 * kern/ipc_tt.c - task and thread ports: made and destroyed with their
 * objects, the special ports tasks and threads keep (self, exception,
 * bootstrap, registered), the conversions the kernel server stubs use
 * (kern/ipc_kobject.h) and the special-port routines of the mach
 * subsystem: task/thread_get/set_special_port, mach_ports_register and
 * mach_ports_lookup.
 *
 * The kernel port of a task or thread holds no reference on it; the
 * object clears the port's kobject when it terminates, under the port
 * lock, so a conversion either sees a live object (and references it) or
 * nothing.  The special ports are counted send rights the object owns.
 *
 * Locking: task->itk_lock and thread->ith_lock (simple locks) protect the
 * port fields; they are taken before any port lock.
 */
#include <kern/ipc_kobject.h>
#include <kern/ipc_tt.h>
#include <kern/panic.h>
#include <kern/string.h>
#include <mach/mach_param.h>
#include <mach/task_special_ports.h>
#include <mach/thread_special_ports.h>
#include <ipc/ipc_right.h>
#include <vm/vm_kern.h>
#include "machServer.h"

/* A counted copy of the send right p (which may be NULL). */
static struct ipc_port *copy_send(struct ipc_port *p)
{
	if (p)
		ipc_port_copy_send(p);
	return p;
}

static void release_send(struct ipc_port *p)
{
	if (p)
		ipc_port_release_send(p);
}

/* A send right a request gave: a dead one (no reference) is kept as NULL. */
static struct ipc_port *given_right(ipc_port_t p)
{
	return IP_VALID(p) ? p : NULL;
}

/*
 * kobject_port_destroy: the object behind a kernel port is going: the
 * port stops naming it and dies (holders' rights become dead names).
 * Consumes the port's receive-right reference.  Conditions: nothing
 * locked.
 */
static void kobject_port_destroy(struct ipc_port *port)
{
	simple_lock(&port->obj.lock);
	port->kobject = NULL;
	port->kotype = IKOT_NONE;
	ipc_port_destroy(port);		/* unlocks */
}

/* ---- Tasks ---------------------------------------------------------------- */

bool ipc_task_init(task_t task, task_t parent)
{
	simple_lock_init(&task->itk_lock);
	task->itk_space = ipc_space_create();
	if (!task->itk_space)
		return false;
	task->itk_space->task = task;
	task->itk_self = ipc_port_alloc_kernel(IKOT_TASK, task);
	if (!task->itk_self)
		return false;
	ipc_port_make_send(task->itk_self);
	task->itk_sself = task->itk_self;
	if (parent) {
		simple_lock(&parent->itk_lock);
		for (int i = 0; i < TASK_PORT_REGISTER_MAX; i++)
			task->itk_registered[i] =
				copy_send(parent->itk_registered[i]);
		task->itk_exception = copy_send(parent->itk_exception);
		task->itk_bootstrap = copy_send(parent->itk_bootstrap);
		simple_unlock(&parent->itk_lock);
	}
	return true;
}

void ipc_kernel_task_init(task_t task)
{
	simple_lock_init(&task->itk_lock);
	task->itk_self = ipc_port_alloc_kernel(IKOT_TASK, task);
	if (!task->itk_self)
		panic("ipc: no memory for the kernel task's port");
	ipc_port_make_send(task->itk_self);
	task->itk_sself = task->itk_self;
}

/*
 * ipc_task_terminate: take every port field under the lock (so that
 * conversions and special-port calls see a terminated task: itk_self
 * NULL), then release the rights, destroy the kernel port and empty the
 * space.  Works on a partly initialised task.  Conditions: nothing locked.
 */
void ipc_task_terminate(task_t task)
{
	struct ipc_port *kport, *drop[TASK_PORT_REGISTER_MAX + 3];
	unsigned int n = 0;

	simple_lock(&task->itk_lock);
	kport = task->itk_self;
	task->itk_self = NULL;
	drop[n++] = task->itk_sself;
	drop[n++] = task->itk_exception;
	drop[n++] = task->itk_bootstrap;
	task->itk_sself = task->itk_exception = task->itk_bootstrap = NULL;
	for (int i = 0; i < TASK_PORT_REGISTER_MAX; i++) {
		drop[n++] = task->itk_registered[i];
		task->itk_registered[i] = NULL;
	}
	simple_unlock(&task->itk_lock);

	for (unsigned int i = 0; i < n; i++)
		release_send(drop[i]);
	if (kport)
		kobject_port_destroy(kport);
	if (task->itk_space)
		ipc_space_terminate(task->itk_space);
}

void ipc_task_release(task_t task)
{
	if (task->itk_space) {
		ipc_space_release(task->itk_space);
		task->itk_space = NULL;
	}
}

struct ipc_port *retrieve_task_self(task_t task)
{
	struct ipc_port *port = NULL;

	simple_lock(&task->itk_lock);
	if (task->itk_self)
		port = copy_send(task->itk_sself);
	simple_unlock(&task->itk_lock);
	return port;
}

/* ---- Threads -------------------------------------------------------------- */

struct ipc_port *ipc_thread_port_alloc(void)
{
	return ipc_port_alloc_kernel(IKOT_THREAD, NULL);
}

void ipc_thread_init(thread_t thread, struct ipc_port *port)
{
	simple_lock_init(&thread->ith_lock);
	simple_lock(&port->obj.lock);
	port->kobject = thread;
	simple_unlock(&port->obj.lock);
	thread->ith_self = port;
	ipc_port_make_send(port);
	thread->ith_sself = port;
	thread->ith_exception = NULL;
}

void ipc_thread_terminate(thread_t thread)
{
	struct ipc_port *kport, *sself, *exc;

	simple_lock(&thread->ith_lock);
	kport = thread->ith_self;
	sself = thread->ith_sself;
	exc = thread->ith_exception;
	thread->ith_self = thread->ith_sself = thread->ith_exception = NULL;
	simple_unlock(&thread->ith_lock);
	if (!kport)
		return;
	release_send(sself);
	release_send(exc);
	kobject_port_destroy(kport);
}

struct ipc_port *retrieve_thread_self(thread_t thread)
{
	struct ipc_port *port = NULL;

	simple_lock(&thread->ith_lock);
	if (thread->ith_self)
		port = copy_send(thread->ith_sself);
	simple_unlock(&thread->ith_lock);
	return port;
}

thread_t port_name_to_thread(uint32_t name)
{
	struct ipc_space *space = current_thread()->task->itk_space;
	struct ipc_object *obj;
	unsigned int kind;
	thread_t t;

	if (!space || name == MACH_PORT_NULL || name == MACH_PORT_DEAD)
		return NULL;
	if (ipc_right_copyin(space, name, MACH_MSG_TYPE_COPY_SEND, &obj,
			     &kind) != KERN_SUCCESS)
		return NULL;
	if (obj == IPC_OBJECT_DEAD)
		return NULL;
	t = convert_port_to_thread(ipc_port_of(obj));
	ipc_right_release(obj, kind);
	return t;
}

/* ---- Conversions (kern/ipc_kobject.h) ------------------------------------- */

task_t convert_port_to_task(ipc_port_t port)
{
	task_t t = NULL;

	if (!IP_VALID(port))
		return NULL;
	simple_lock(&port->obj.lock);
	if (port->obj.active && port->kotype == IKOT_TASK && port->kobject) {
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
	ipc_port_t port = NULL;

	if (!task)
		return NULL;
	simple_lock(&task->itk_lock);
	if (task->itk_self) {
		port = task->itk_self;
		ipc_port_make_send(port);
	}
	simple_unlock(&task->itk_lock);
	task_deallocate(task);
	return port;
}

thread_t convert_port_to_thread(ipc_port_t port)
{
	thread_t t = NULL;

	if (!IP_VALID(port))
		return NULL;
	simple_lock(&port->obj.lock);
	if (port->obj.active && port->kotype == IKOT_THREAD && port->kobject) {
		t = port->kobject;
		thread_reference(t);
	}
	simple_unlock(&port->obj.lock);
	return t;
}

ipc_port_t convert_thread_to_port(thread_t thread)
{
	ipc_port_t port = NULL;

	if (!thread)
		return NULL;
	simple_lock(&thread->ith_lock);
	if (thread->ith_self) {
		port = thread->ith_self;
		ipc_port_make_send(port);
	}
	simple_unlock(&thread->ith_lock);
	thread_deallocate(thread);
	return port;
}

/* ---- Special ports (mach subsystem) --------------------------------------- */

/* The field of task that which_port names, or NULL. */
static struct ipc_port **task_special_slot(task_t task, int which)
{
	switch (which) {
	case TASK_KERNEL_PORT:
		return &task->itk_sself;
	case TASK_EXCEPTION_PORT:
		return &task->itk_exception;
	case TASK_BOOTSTRAP_PORT:
		return &task->itk_bootstrap;
	default:
		return NULL;
	}
}

static struct ipc_port **thread_special_slot(thread_t thread, int which)
{
	switch (which) {
	case THREAD_KERNEL_PORT:
		return &thread->ith_sself;
	case THREAD_EXCEPTION_PORT:
		return &thread->ith_exception;
	default:
		return NULL;
	}
}

/*
 * special_port_get: the body of S_task_get_special_port and
 * S_thread_get_special_port: under *lock, a send right to *slot (NULL if
 * unset) in *special_port, unless the object is terminated (*self NULL).
 * Returns KERN_SUCCESS or KERN_FAILURE.  Conditions: nothing locked;
 * takes and drops *lock, the object's IPC lock guarding self and slot.
 */
static kern_return_t special_port_get(simple_lock_t *lock,
				      struct ipc_port *const *self,
				      struct ipc_port **slot,
				      ipc_port_t *special_port)
{
	simple_lock(lock);
	if (!*self) {
		simple_unlock(lock);
		return KERN_FAILURE;
	}
	*special_port = copy_send(*slot);
	simple_unlock(lock);
	return KERN_SUCCESS;
}

/*
 * special_port_set: the body of S_task_set_special_port and
 * S_thread_set_special_port: under *lock, special_port (consumed on
 * success) replaces *slot, unless the object is terminated (*self NULL);
 * the old right is released after unlocking.  Returns KERN_SUCCESS or
 * KERN_FAILURE (special_port not consumed).  Conditions: nothing locked;
 * takes and drops *lock.
 */
static kern_return_t special_port_set(simple_lock_t *lock,
				      struct ipc_port *const *self,
				      struct ipc_port **slot,
				      ipc_port_t special_port)
{
	struct ipc_port *old;

	simple_lock(lock);
	if (!*self) {
		simple_unlock(lock);
		return KERN_FAILURE;
	}
	old = *slot;
	*slot = given_right(special_port);
	simple_unlock(lock);
	release_send(old);
	return KERN_SUCCESS;
}

/*
 * S_task_get_special_port: a send right to the task's special port
 * which_port (NULL if unset).  Returns KERN_INVALID_ARGUMENT for a bad
 * task or which_port, KERN_FAILURE if the task is terminated.
 * Conditions: nothing locked; takes itk_lock.
 */
kern_return_t S_task_get_special_port(task_t task, int which_port,
				      ipc_port_t *special_port)
{
	struct ipc_port **slot;

	if (!task || !(slot = task_special_slot(task, which_port)))
		return KERN_INVALID_ARGUMENT;
	return special_port_get(&task->itk_lock, &task->itk_self, slot,
				special_port);
}

/*
 * S_task_set_special_port: make special_port (a send right, consumed on
 * success; NULL, or a dead right, unsets) the task's special port
 * which_port; the old one is released.  Setting TASK_KERNEL_PORT changes
 * what mach_task_self returns.  Errors as S_task_get_special_port.
 * Conditions: nothing locked.
 */
kern_return_t S_task_set_special_port(task_t task, int which_port,
				      ipc_port_t special_port)
{
	struct ipc_port **slot;

	if (!task || !(slot = task_special_slot(task, which_port)))
		return KERN_INVALID_ARGUMENT;
	return special_port_set(&task->itk_lock, &task->itk_self, slot,
				special_port);
}

/* S_thread_get_special_port: as the task's, with THREAD_*_PORT. */
kern_return_t S_thread_get_special_port(thread_t thread, int which_port,
					ipc_port_t *special_port)
{
	struct ipc_port **slot;

	if (!thread || !(slot = thread_special_slot(thread, which_port)))
		return KERN_INVALID_ARGUMENT;
	return special_port_get(&thread->ith_lock, &thread->ith_self, slot,
				special_port);
}

/* S_thread_set_special_port: as the task's, with THREAD_*_PORT. */
kern_return_t S_thread_set_special_port(thread_t thread, int which_port,
					ipc_port_t special_port)
{
	struct ipc_port **slot;

	if (!thread || !(slot = thread_special_slot(thread, which_port)))
		return KERN_INVALID_ARGUMENT;
	return special_port_set(&thread->ith_lock, &thread->ith_self, slot,
				special_port);
}

/*
 * S_mach_ports_register: keep up to TASK_PORT_REGISTER_MAX send rights
 * in the task (the missing ones become NULL); the old ones are released.
 * init_port_set is the kernel-form array of the request (port pointers):
 * on success its rights and memory are consumed.  Returns
 * KERN_INVALID_ARGUMENT for a bad or terminated task or too many ports.
 * Conditions: nothing locked.
 */
kern_return_t S_mach_ports_register(task_t task,
				    mach_port_array_t init_port_set,
				    mach_msg_type_number_t count)
{
	ipc_port_t *given = (ipc_port_t *)(void *)init_port_set;
	struct ipc_port *ports[TASK_PORT_REGISTER_MAX];
	unsigned int i;

	if (!task || count > TASK_PORT_REGISTER_MAX)
		return KERN_INVALID_ARGUMENT;
	for (i = 0; i < TASK_PORT_REGISTER_MAX; i++)
		ports[i] = i < count ? given_right(given[i]) : NULL;
	simple_lock(&task->itk_lock);
	if (!task->itk_self) {
		simple_unlock(&task->itk_lock);
		return KERN_INVALID_ARGUMENT;
	}
	for (i = 0; i < TASK_PORT_REGISTER_MAX; i++) {
		struct ipc_port *old = task->itk_registered[i];

		task->itk_registered[i] = ports[i];
		ports[i] = old;
	}
	simple_unlock(&task->itk_lock);
	for (i = 0; i < TASK_PORT_REGISTER_MAX; i++)
		release_send(ports[i]);
	if (given)
		kfree(given, count * sizeof(ipc_port_t));
	return KERN_SUCCESS;
}

/*
 * S_mach_ports_lookup: send rights to the task's registered ports, always
 * TASK_PORT_REGISTER_MAX of them (NULL where unset), in a kalloc'd array
 * the reply takes.  Returns KERN_INVALID_ARGUMENT for a bad or terminated
 * task, KERN_RESOURCE_SHORTAGE without memory.  Conditions: nothing locked.
 */
kern_return_t S_mach_ports_lookup(task_t task,
				  mach_port_array_t *init_port_set,
				  mach_msg_type_number_t *count)
{
	size_t size = TASK_PORT_REGISTER_MAX * sizeof(ipc_port_t);
	ipc_port_t *ports;

	if (!task)
		return KERN_INVALID_ARGUMENT;
	ports = kalloc(size);
	if (!ports)
		return KERN_RESOURCE_SHORTAGE;
	simple_lock(&task->itk_lock);
	if (!task->itk_self) {
		simple_unlock(&task->itk_lock);
		kfree(ports, size);
		return KERN_INVALID_ARGUMENT;
	}
	for (int i = 0; i < TASK_PORT_REGISTER_MAX; i++)
		ports[i] = copy_send(task->itk_registered[i]);
	simple_unlock(&task->itk_lock);
	*init_port_set = (mach_port_array_t)(void *)ports;
	*count = TASK_PORT_REGISTER_MAX;
	return KERN_SUCCESS;
}
