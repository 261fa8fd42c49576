/*
 * user/lib/runtime.c - printf over mach_print, puts, exit.
 *
 * Output is buffered per call (up to 256 bytes a chunk) so that one printf
 * reaches the console as one mach_print.
 */
#include <mica/runtime.h>
#include <kern/format.h>

struct outbuf {
	char buf[257];
	size_t len;
};

static void out_flush(struct outbuf *o)
{
	if (o->len) {
		o->buf[o->len] = '\0';
		mach_print(o->buf);
		o->len = 0;
	}
}

static void out_sink(void *arg, char c)
{
	struct outbuf *o = arg;

	o->buf[o->len++] = c;
	if (o->len == sizeof(o->buf) - 1)
		out_flush(o);
}

int vprintf(const char *fmt, va_list ap)
{
	struct outbuf o = { .len = 0 };
	int n = kformat(out_sink, &o, fmt, ap);

	out_flush(&o);
	return n;
}

int printf(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprintf(fmt, ap);
	va_end(ap);
	return n;
}

struct strbuf {
	char *buf;
	size_t size, len;
};

static void str_sink(void *arg, char c)
{
	struct strbuf *b = arg;

	if (b->len + 1 < b->size)
		b->buf[b->len] = c;
	b->len++;
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct strbuf b = { buf, size, 0 };
	int n;

	n = kformat(str_sink, &b, fmt, ap);
	if (size)
		buf[b.len < size ? b.len : size - 1] = '\0';
	return n;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

int puts(const char *s)
{
	return printf("%s\n", s);
}

void exit(int status)
{
	(void)status;
	syscall_task_terminate(mach_task_self());
	for (;;)
		thread_switch(MACH_PORT_NULL, SWITCH_OPTION_WAIT, 1000);
}
