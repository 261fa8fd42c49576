/*
 * include/mach/mig_support.h - what generated user stubs need from the
 * runtime (libmach in user space): a per-thread reply port, memory for
 * indefinite arrays that came back too large, and bounded string copy.
 */
#ifndef MACH_MIG_SUPPORT_H
#define MACH_MIG_SUPPORT_H

#include <mach/port.h>
#include <mach/vm_types.h>

/* The calling thread's reply port (allocated on first use). */
extern mach_port_t mig_get_reply_port(void);
/* Destroy the reply port after a failed receive (a reply may be late). */
extern void mig_dealloc_reply_port(mach_port_t reply);
/* Done with the reply port after a complete RPC. */
extern void mig_put_reply_port(mach_port_t reply);
/* Fresh zeroed memory (vm_allocate in the caller's task). */
extern void mig_allocate(vm_address_t *addr, vm_size_t size);
/* Release mig_allocate'd memory or out-of-line data. */
extern void mig_deallocate(vm_address_t addr, vm_size_t size);
/*
 * Copy at most len bytes of src, stopping after its NUL; returns the
 * bytes copied including the NUL (len if none was found).
 */
extern vm_size_t mig_strncpy(char *dst, const char *src, vm_size_t len);

#endif /* MACH_MIG_SUPPORT_H */
