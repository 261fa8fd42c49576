/*
 * include/mach/boolean.h - boolean_t, TRUE and FALSE of the Mach interface
 * (an int, as GNU Mach defines it on every architecture).
 */
#ifndef MACH_BOOLEAN_H
#define MACH_BOOLEAN_H

typedef int boolean_t;

#ifndef TRUE
#define TRUE	((boolean_t) 1)
#endif
#ifndef FALSE
#define FALSE	((boolean_t) 0)
#endif

#endif /* MACH_BOOLEAN_H */
