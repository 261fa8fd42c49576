/*
 * ipc/ipc_space.h - port name spaces: a task's table of names.
 *
 * A name is 32 bits: the low IPC_NAME_INDEX_BITS are the index of an
 * entry in the space's table, the high bits the entry's generation.  Each
 * time an index is freed its generation advances, so a stale name (one
 * whose right is gone and whose index was reused) no longer matches and is
 * reported as invalid instead of silently naming the new right.  Index 0
 * is never used (name 0 is MACH_PORT_NULL) and neither is the all-ones
 * name (MACH_PORT_DEAD); generation 0 names are 1, 2, 3 ..., so the first
 * names a task gets are the small integers GNU Mach's bootstrap uses.
 *
 * An entry holds at most one object (a port or a port set), the set of
 * right types it has for it (IE_* bits), and the user reference count.
 * All send and receive rights a space holds for one port share one entry;
 * each send-once right has an entry of its own.  The space keeps a reverse
 * map (port -> index) so that a right arriving for a port it already names
 * finds that name.
 *
 * Locking: space->lock (a simple lock) protects the table, the reverse map
 * and the free-index bitmap.  The entries' objects have their own locks,
 * taken after the space lock.
 */
#ifndef IPC_IPC_SPACE_H
#define IPC_IPC_SPACE_H

#include <kern/types.h>
#include <kern/lock.h>

typedef uint32_t mach_port_name_t;

#define IPC_NAME_INDEX_BITS	24
#define IPC_NAME_INDEX_MASK	((1u << IPC_NAME_INDEX_BITS) - 1)
#define IPC_NAME_GEN_SHIFT	IPC_NAME_INDEX_BITS
#define IPC_NAME_INDEX(n)	((n) & IPC_NAME_INDEX_MASK)
#define IPC_NAME_GEN(n)		((n) >> IPC_NAME_GEN_SHIFT)
#define IPC_NAME_MAKE(i, g)	(((uint32_t)(g) << IPC_NAME_GEN_SHIFT) | (i))
#define IPC_NAME_NULL		0u
#define IPC_NAME_DEAD		0xffffffffu

/* What an entry holds (bits of ipc_entry.type). */
#define IE_SEND		0x01
#define IE_RECEIVE	0x02
#define IE_SEND_ONCE	0x04
#define IE_PORT_SET	0x08
#define IE_DEAD_NAME	0x10
#define IE_ANY		0x1f
#define IE_DNREQUEST	0x20	/* ipc_right_type only: a dead-name request */

#define IE_UREFS_MAX	0xffff	/* user references per entry */

struct ipc_object;

struct ipc_entry {
	struct ipc_object *object;	/* NULL for free and dead-name entries */
	uint32_t type;			/* IE_* */
	uint32_t urefs;			/* send/send-once/dead-name references */
	uint8_t gen;			/* the generation names must carry */
	uint32_t request;		/* dead-name request index, 0 if none */
};

struct ipc_space {
	simple_lock_t lock;
	bool active;			/* false once the task is gone */
	unsigned int ref_count;		/* atomic */
	struct ipc_entry *table;	/* table[0] unused */
	uint32_t size;			/* entries in table */
	uint64_t *free_map;		/* bit i set: index i free */
	uint32_t in_use;		/* entries not free */
	/* Reverse map: open addressing, port pointer -> index. */
	struct ipc_reverse_slot {
		struct ipc_object *object;
		uint32_t index;
	} *reverse;
	uint32_t reverse_size;		/* a power of two, or 0 */
	uint32_t reverse_used;		/* live + tombstones */
	void *task;			/* the owning task (not referenced) */
};

/* Spaces are created empty and grow on demand. */
struct ipc_space *ipc_space_create(void);
void ipc_space_reference(struct ipc_space *space);
void ipc_space_release(struct ipc_space *space);

/*
 * ipc_entry_lookup: the entry a name denotes, or NULL if the index is out
 * of range, free, or the generation does not match.  Conditions: space
 * locked.
 */
static inline struct ipc_entry *ipc_entry_lookup(struct ipc_space *space,
						 mach_port_name_t name)
{
	uint32_t index = IPC_NAME_INDEX(name);
	struct ipc_entry *e;

	/* Index 0 is never used, so NULL (index 0) fails the first test
	 * and DEAD (all ones) the generation or size test. */
	if (index == 0 || index >= space->size || name == IPC_NAME_DEAD)
		return NULL;
	e = &space->table[index];
	if (e->type == 0 || e->gen != IPC_NAME_GEN(name))
		return NULL;
	return e;
}

/*
 * ipc_entry_alloc: a free entry with the lowest free index; returns its
 * name in *name.  ipc_entry_alloc_name: the entry of a given name, which
 * must be free (its generation is set from the name).  Both return NULL on
 * memory exhaustion or an unusable name.  Conditions: space locked; the
 * table may move, so entry pointers taken before are stale afterwards.
 */
struct ipc_entry *ipc_entry_alloc(struct ipc_space *space,
				  mach_port_name_t *name);
struct ipc_entry *ipc_entry_alloc_name(struct ipc_space *space,
				       mach_port_name_t name);

/* Free an entry: its generation advances.  Conditions: space locked. */
void ipc_entry_free(struct ipc_space *space, mach_port_name_t name);

/* The name of an entry (its index and current generation). */
mach_port_name_t ipc_entry_name(struct ipc_space *space,
				const struct ipc_entry *entry);

/*
 * Reverse map for send/receive rights: which name, if any, this space
 * uses for object.  Conditions: space locked.
 */
bool ipc_reverse_lookup(struct ipc_space *space, struct ipc_object *object,
			mach_port_name_t *name);
bool ipc_reverse_insert(struct ipc_space *space, struct ipc_object *object,
			mach_port_name_t name);
void ipc_reverse_remove(struct ipc_space *space, struct ipc_object *object);

/* Counters for tests: live spaces, entries in use across all spaces. */
unsigned long ipc_space_count(void);

#endif /* IPC_IPC_SPACE_H */
