/* Host-test shim for kern/string.h: libc's string functions. */
#ifndef KERN_STRING_H
#define KERN_STRING_H
#include <string.h>
#endif
