/*
 * kern/format.h - the printf formatter shared by kernel and user runtime.
 */
#ifndef KERN_FORMAT_H
#define KERN_FORMAT_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

typedef void (*format_sink_fn)(void *arg, char c);

/* Format fmt through sink; returns the number of characters produced. */
int kformat(format_sink_fn sink, void *arg, const char *fmt, va_list ap);

#endif /* KERN_FORMAT_H */
