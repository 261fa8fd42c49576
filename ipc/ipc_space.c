/*
 * ipc/ipc_space.c - port name spaces: entries, names with generations,
 * lowest-free-name allocation, and the reverse map.
 *
 * Invariants (space locked):
 *  - bit i of free_map is set iff table[i] is free (type == 0); index 0 is
 *    never free (name 0 is MACH_PORT_NULL);
 *  - a live entry with IE_SEND or IE_RECEIVE is in the reverse map under
 *    its object; no other entry is;
 *  - the reverse map never fills: it grows at 50 % use (tombstones count).
 */
#include <kern/panic.h>
#include <machine/cpu.h>		/* cpu_ctz64 */
#include <kern/string.h>
#include <ipc/ipc_space.h>
#include <vm/vm_kern.h>

#define INITIAL_SIZE	64
#define REVERSE_TOMB	((struct ipc_object *)1)

static unsigned long spaces_alive;

struct ipc_space *ipc_space_create(void)
{
	struct ipc_space *space = kalloc(sizeof(*space));

	if (!space)
		return NULL;
	memset(space, 0, sizeof(*space));
	simple_lock_init(&space->lock);
	space->active = true;
	space->ref_count = 1;
	__atomic_add_fetch(&spaces_alive, 1, __ATOMIC_RELAXED);
	return space;
}

void ipc_space_reference(struct ipc_space *space)
{
	__atomic_add_fetch(&space->ref_count, 1, __ATOMIC_RELAXED);
}

/*
 * ipc_space_release: drop a reference; the last one frees the table.  The
 * entries must already be empty (ipc_space_terminate destroys the rights).
 */
void ipc_space_release(struct ipc_space *space)
{
	if (__atomic_sub_fetch(&space->ref_count, 1, __ATOMIC_ACQ_REL) != 0)
		return;
	assert(space->in_use == 0);
	if (space->table) {
		kfree(space->table, space->size * sizeof(struct ipc_entry));
		kfree(space->free_map, space->size / 8);
	}
	if (space->reverse)
		kfree(space->reverse,
		      space->reverse_size * sizeof(struct ipc_reverse_slot));
	kfree(space, sizeof(*space));
	__atomic_sub_fetch(&spaces_alive, 1, __ATOMIC_RELAXED);
}

unsigned long ipc_space_count(void)
{
	return __atomic_load_n(&spaces_alive, __ATOMIC_RELAXED);
}

/*
 * space_grow: make the table at least `want` entries (a multiple of 64,
 * at most 2^24).  Returns false on exhaustion; the old table stays valid.
 */
static bool space_grow(struct ipc_space *space, uint32_t want)
{
	uint32_t size = space->size ? space->size : INITIAL_SIZE;
	struct ipc_entry *table;
	uint64_t *map;

	while (size < want)
		size *= 2;
	if (size > (1u << IPC_NAME_INDEX_BITS) || size <= space->size)
		return false;
	table = kalloc(size * sizeof(*table));
	map = kalloc(size / 8);
	if (!table || !map) {
		if (table)
			kfree(table, size * sizeof(*table));
		if (map)
			kfree(map, size / 8);
		return false;
	}
	memset(table, 0, size * sizeof(*table));
	memset(map, 0xff, size / 8);
	if (space->table) {
		memcpy(table, space->table, space->size * sizeof(*table));
		memcpy(map, space->free_map, space->size / 8);
		kfree(space->table, space->size * sizeof(*table));
		kfree(space->free_map, space->size / 8);
	}
	map[0] &= ~1ULL;		/* index 0 is never handed out */
	space->table = table;
	space->free_map = map;
	space->size = size;
	return true;
}

mach_port_name_t ipc_entry_name(struct ipc_space *space,
				const struct ipc_entry *entry)
{
	uint32_t index = (uint32_t)(entry - space->table);

	return IPC_NAME_MAKE(index, entry->gen);
}

static void mark_used(struct ipc_space *space, uint32_t index)
{
	space->free_map[index / 64] &= ~(1ULL << (index % 64));
	space->in_use++;
}

struct ipc_entry *ipc_entry_alloc(struct ipc_space *space,
				  mach_port_name_t *name)
{
	for (;;) {
		for (uint32_t w = 0; w < space->size / 64; w++) {
			uint64_t bits = space->free_map[w];
			uint32_t index;
			struct ipc_entry *e;

			if (!bits)
				continue;
			index = w * 64 + cpu_ctz64(bits);
			e = &space->table[index];
			/* Skip the one index whose name would be DEAD. */
			if (IPC_NAME_MAKE(index, e->gen) == IPC_NAME_DEAD)
				e->gen++;
			mark_used(space, index);
			e->type = IE_DEAD_NAME;	/* placeholder: caller sets */
			e->object = NULL;
			e->urefs = 0;
			e->request = 0;
			*name = IPC_NAME_MAKE(index, e->gen);
			return e;
		}
		if (!space_grow(space, space->size + 1))
			return NULL;
	}
}

struct ipc_entry *ipc_entry_alloc_name(struct ipc_space *space,
				       mach_port_name_t name)
{
	uint32_t index = IPC_NAME_INDEX(name);
	struct ipc_entry *e;

	if (name == IPC_NAME_NULL || name == IPC_NAME_DEAD || index == 0)
		return NULL;
	if (index >= space->size && !space_grow(space, index + 1))
		return NULL;
	e = &space->table[index];
	if (e->type != 0)
		return NULL;
	e->gen = (uint8_t)IPC_NAME_GEN(name);
	mark_used(space, index);
	e->type = IE_DEAD_NAME;
	e->object = NULL;
	e->urefs = 0;
	e->request = 0;
	return e;
}

void ipc_entry_free(struct ipc_space *space, mach_port_name_t name)
{
	uint32_t index = IPC_NAME_INDEX(name);
	struct ipc_entry *e = &space->table[index];

	/* Callers may have cleared e->type already; the bitmap says whether
	 * the index is in use. */
	assert(index && index < space->size &&
	       !(space->free_map[index / 64] & (1ULL << (index % 64))));
	e->type = 0;
	e->object = NULL;
	e->urefs = 0;
	e->request = 0;
	e->gen++;			/* stale names stop matching */
	space->free_map[index / 64] |= 1ULL << (index % 64);
	space->in_use--;
}

/* ---- Reverse map ---------------------------------------------------------- */

static uint32_t hash_ptr(const void *p)
{
	uint64_t x = (uintptr_t)p;

	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 29;
	return (uint32_t)x;
}

/* Rebuild the reverse map with `size` slots (a power of two). */
static bool reverse_rehash(struct ipc_space *space, uint32_t size)
{
	struct ipc_reverse_slot *old = space->reverse, *slots;
	uint32_t old_size = space->reverse_size;

	slots = kalloc(size * sizeof(*slots));
	if (!slots)
		return false;
	memset(slots, 0, size * sizeof(*slots));
	space->reverse = slots;
	space->reverse_size = size;
	space->reverse_used = 0;
	for (uint32_t i = 0; i < old_size; i++) {
		struct ipc_object *o = old[i].object;
		uint32_t h;

		if (!o || o == REVERSE_TOMB)
			continue;
		for (h = hash_ptr(o) & (size - 1); slots[h].object;
		     h = (h + 1) & (size - 1))
			;
		slots[h] = old[i];
		space->reverse_used++;
	}
	if (old)
		kfree(old, old_size * sizeof(*old));
	return true;
}

bool ipc_reverse_lookup(struct ipc_space *space, struct ipc_object *object,
			mach_port_name_t *name)
{
	uint32_t mask = space->reverse_size - 1, h;

	if (!space->reverse_size)
		return false;
	for (h = hash_ptr(object) & mask; space->reverse[h].object;
	     h = (h + 1) & mask) {
		if (space->reverse[h].object == object) {
			uint32_t index = space->reverse[h].index;

			*name = IPC_NAME_MAKE(index, space->table[index].gen);
			return true;
		}
	}
	return false;
}

bool ipc_reverse_insert(struct ipc_space *space, struct ipc_object *object,
			mach_port_name_t name)
{
	uint32_t h, mask;

	if ((space->reverse_used + 1) * 2 > space->reverse_size &&
	    !reverse_rehash(space, space->reverse_size ? space->reverse_size * 2
						       : 64))
		return false;
	mask = space->reverse_size - 1;
	for (h = hash_ptr(object) & mask;
	     space->reverse[h].object && space->reverse[h].object != REVERSE_TOMB;
	     h = (h + 1) & mask)
		assert(space->reverse[h].object != object);
	if (!space->reverse[h].object)
		space->reverse_used++;
	space->reverse[h].object = object;
	space->reverse[h].index = IPC_NAME_INDEX(name);
	return true;
}

void ipc_reverse_remove(struct ipc_space *space, struct ipc_object *object)
{
	uint32_t mask = space->reverse_size - 1, h;

	if (!space->reverse_size)
		return;
	for (h = hash_ptr(object) & mask; space->reverse[h].object;
	     h = (h + 1) & mask) {
		if (space->reverse[h].object == object) {
			space->reverse[h].object = REVERSE_TOMB;
			return;
		}
	}
}
