/* Host-test shim for <machine/pmap.h>: the fake pmap of tests/host/vm_shim.c
 * (a hash of recorded mappings; no page tables). */
#ifndef MACHINE_PMAP_H
#define MACHINE_PMAP_H
#define HOST_PMAP_BUCKETS 256
struct host_pte;
struct pmap {
	struct pmap_common common;
	struct host_pte *buckets[HOST_PMAP_BUCKETS];
	unsigned long nptes;
	struct pmap *next_pmap;		/* every live fake pmap */
	int id;
};
#endif
