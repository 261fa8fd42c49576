/*
 * kern/panic.h - fatal errors and assertions.
 */
#ifndef KERN_PANIC_H
#define KERN_PANIC_H

#include <kern/types.h>

struct trap_frame;

/*
 * panic: print "panic: <message>", the CPU state, a symbolised backtrace,
 * then halt.  panic_trap does the same with a saved trap frame.  Re-entry
 * (a panic while panicking) halts at once.
 */
void panic(const char *fmt, ...) __noreturn __printflike(1, 2);
void panic_trap(const struct trap_frame *tf, const char *fmt, ...)
	__noreturn __printflike(2, 3);

/* backtrace: print the frame-pointer chain starting at fp (pc first). */
void backtrace_print(uintptr_t pc, uintptr_t fp);

/* ksym_lookup: name of the function containing addr, and the offset. */
const char *ksym_lookup(uintptr_t addr, uintptr_t *offset);

#define assert(cond)							\
	do {								\
		if (unlikely(!(cond)))					\
			panic("assertion \"%s\" failed at %s:%d",	\
			      #cond, __FILE__, __LINE__);		\
	} while (0)

#endif /* KERN_PANIC_H */
