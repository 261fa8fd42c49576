/*
 * kern/ipc_host.c - the ports of the host, the processors and the
 * processor sets, and the conversions the kernel server stubs use for
 * them (kern/ipc_kobject.h).
 *
 * These objects live as long as the kernel: their ports are made once at
 * boot and never die, so the conversions take no reference on the host or
 * a processor.  Processor sets are counted (pset_reference) so that the
 * interface can grow sets that come and go; the default set is static and
 * its count only guards against underflow.
 */
#include <kern/host.h>
#include <kern/ipc_kobject.h>
#include <kern/panic.h>
#include <kern/processor.h>

struct host realhost;

/* A kernel port for kobject, or a panic: boot cannot go on without it. */
static struct ipc_port *boot_port(enum ipc_kobject_type kotype, void *kobject)
{
	struct ipc_port *port = ipc_port_alloc_kernel(kotype, kobject);

	if (!port)
		panic("ipc_host_init: no memory for a kernel object port");
	return port;
}

void ipc_host_init(void)
{
	realhost.host_self = boot_port(IKOT_HOST, &realhost);
	realhost.host_priv_self = boot_port(IKOT_HOST_PRIV, &realhost);
	default_pset.ref_count = 1;
	default_pset.pset_self = boot_port(IKOT_PSET, &default_pset);
	default_pset.pset_name_self = boot_port(IKOT_PSET_NAME, &default_pset);
	for (unsigned int i = 0; i < MAX_CPUS; i++)
		if (processor_array[i].running)
			processor_array[i].processor_self =
				boot_port(IKOT_PROCESSOR, &processor_array[i]);
}

/*
 * port_object: the object of port if it is active and of one of the two
 * kinds given (pass the same kind twice for one), else NULL.
 */
static void *port_object(ipc_port_t port, enum ipc_kobject_type a,
			 enum ipc_kobject_type b)
{
	void *object = NULL;

	if (!IP_VALID(port))
		return NULL;
	simple_lock(&port->obj.lock);
	if (port->obj.active && (port->kotype == a || port->kotype == b))
		object = port->kobject;
	simple_unlock(&port->obj.lock);
	return object;
}

/* A send right to a port that never dies (NULL if there is none). */
static ipc_port_t make_send(struct ipc_port *port)
{
	if (port)
		ipc_port_make_send(port);
	return port;
}

host_t convert_port_to_host(ipc_port_t port)
{
	return port_object(port, IKOT_HOST, IKOT_HOST_PRIV);
}

host_t convert_port_to_host_priv(ipc_port_t port)
{
	return port_object(port, IKOT_HOST_PRIV, IKOT_HOST_PRIV);
}

ipc_port_t convert_host_to_port(host_t host)
{
	return host ? make_send(host->host_self) : NULL;
}

processor_t convert_port_to_processor(ipc_port_t port)
{
	return port_object(port, IKOT_PROCESSOR, IKOT_PROCESSOR);
}

ipc_port_t convert_processor_to_port(processor_t processor)
{
	return processor ? make_send(processor->processor_self) : NULL;
}

void pset_reference(processor_set_t pset)
{
	if (pset)
		__atomic_add_fetch(&pset->ref_count, 1, __ATOMIC_RELAXED);
}

/*
 * pset_deallocate: drop a reference.  No set is ever freed today (the
 * default set is the only one); the count must not reach zero.
 */
void pset_deallocate(processor_set_t pset)
{
	if (pset && __atomic_sub_fetch(&pset->ref_count, 1,
				       __ATOMIC_ACQ_REL) == 0)
		panic("pset_deallocate: the last reference to set %s",
		      pset->name);
}

/*
 * port_pset: the set a set port (kotype kind, or also alt) names, with a
 * reference for the caller, or NULL.  Conditions: nothing locked.
 */
static processor_set_t port_pset(ipc_port_t port,
				 enum ipc_kobject_type kind,
				 enum ipc_kobject_type alt)
{
	processor_set_t pset = port_object(port, kind, alt);

	pset_reference(pset);
	return pset;
}

/*
 * pset_port: a send right to one of pset's ports (its name port if
 * name), consuming the caller's reference on pset; NULL for no set.
 * Conditions: nothing locked.
 */
static ipc_port_t pset_port(processor_set_t pset, bool name)
{
	ipc_port_t port;

	if (!pset)
		return NULL;
	port = make_send(name ? pset->pset_name_self : pset->pset_self);
	pset_deallocate(pset);
	return port;
}

processor_set_t convert_port_to_pset(ipc_port_t port)
{
	return port_pset(port, IKOT_PSET, IKOT_PSET);
}

processor_set_t convert_port_to_pset_name(ipc_port_t port)
{
	return port_pset(port, IKOT_PSET, IKOT_PSET_NAME);
}

ipc_port_t convert_pset_to_port(processor_set_t pset)
{
	return pset_port(pset, false);
}

ipc_port_t convert_pset_name_to_port(processor_set_t pset)
{
	return pset_port(pset, true);
}
