/* Host-test shim for kern/lock.h: single-threaded tests; a lock records
 * that it is held so that tests can catch double locking. */
#ifndef KERN_LOCK_H
#define KERN_LOCK_H
#include <kern/panic.h>
typedef struct simple_lock { int locked; } simple_lock_t;
typedef unsigned long intr_state_t;
#define SIMPLE_LOCK_INITIALIZER { 0 }
static inline void simple_lock_init(simple_lock_t *l) { l->locked = 0; }
static inline void simple_lock(simple_lock_t *l)
{ if (l->locked) panic("simple_lock: already held"); l->locked = 1; }
static inline void simple_unlock(simple_lock_t *l)
{ if (!l->locked) panic("simple_unlock: not held"); l->locked = 0; }
static inline bool simple_lock_try(simple_lock_t *l)
{ if (l->locked) return false; l->locked = 1; return true; }
static inline bool simple_lock_held(simple_lock_t *l) { return l->locked; }
static inline intr_state_t simple_lock_irq(simple_lock_t *l)
{ simple_lock(l); return 0; }
static inline void simple_unlock_irq(simple_lock_t *l, intr_state_t s)
{ (void)s; simple_unlock(l); }
#endif
