/*
 * kern/console.h - the kernel console and formatted output.
 *
 * A port (or board) registers the UART driver it found; until then output
 * is dropped.  kprintf() serialises whole calls with the console lock so
 * lines from interrupt handlers do not interleave mid-line.
 */
#ifndef KERN_CONSOLE_H
#define KERN_CONSOLE_H

#include <kern/types.h>

struct console_driver {
	const char *name;
	void (*putc)(void *ctx, int c);	/* blocking; must work with intrs off */
	int (*getc)(void *ctx);		/* -1 if nothing pending */
	void *ctx;
};

void console_register(const struct console_driver *drv);
void console_putc(int c);
int console_getc(void);

/* Tests: record console output and search it (kern/console.c). */
void console_capture_start(void);
void console_capture_stop(void);
bool console_captured(const char *text);

int kprintf(const char *fmt, ...) __printflike(1, 2);
int kvprintf(const char *fmt, va_list ap);
int ksnprintf(char *buf, size_t size, const char *fmt, ...) __printflike(3, 4);
int kvsnprintf(char *buf, size_t size, const char *fmt, va_list ap);

#endif /* KERN_CONSOLE_H */
