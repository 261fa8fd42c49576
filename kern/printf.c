/*
 * kern/printf.c - formatted output for the kernel: kvsnprintf() sinks the
 * shared formatter (kern/format.c) into a buffer, kvprintf() into the
 * console.
 */
#include <kern/console.h>
#include <kern/format.h>
#include <kern/string.h>

struct bufsink {
	char *buf;
	size_t size;
	size_t len;
};

static void buf_sink(void *arg, char c)
{
	struct bufsink *b = arg;

	if (b->len + 1 < b->size)
		b->buf[b->len] = c;
	b->len++;
}

int kvsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct bufsink b = { buf, size, 0 };
	int n = kformat(buf_sink, &b, fmt, ap);

	if (size)
		buf[b.len < size ? b.len : size - 1] = '\0';
	return n;
}

int ksnprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = kvsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

static void console_sink(void *arg __unused, char c)
{
	console_putc(c);
}

/*
 * kvprintf: format straight to the console.  The caller (kprintf) holds the
 * console lock so that concurrent lines do not interleave.
 */
int kvprintf_locked(const char *fmt, va_list ap);
int kvprintf_locked(const char *fmt, va_list ap)
{
	return kformat(console_sink, NULL, fmt, ap);
}
