/*
 * kern/console.c - the kernel console: one registered output driver, a lock
 * that keeps kprintf() calls whole, and "\n" -> "\r\n" translation.
 */
#include <kern/console.h>
#include <kern/lock.h>
#include <kern/string.h>

int kvprintf_locked(const char *fmt, va_list ap);

static const struct console_driver *console_drv;
static simple_lock_t console_lock = SIMPLE_LOCK_INITIALIZER;

/* Set by panic(): from then on output bypasses the lock, which the
 * panicking CPU may itself hold. */
bool console_panic_mode;

void console_register(const struct console_driver *drv)
{
	console_drv = drv;
}

/*
 * Capture: tests can record what goes to the console (user programs print
 * through mach_print) and look for expected text.  One buffer; appends
 * stop when it is full.
 */
#define CAPTURE_SIZE 16384
static char capture_buf[CAPTURE_SIZE];
static size_t capture_len;
static bool capture_on;

void console_capture_start(void)
{
	capture_len = 0;
	capture_on = true;
}

void console_capture_stop(void)
{
	capture_on = false;
}

bool console_captured(const char *text)
{
	size_t n = strlen(text);

	for (size_t i = 0; i + n <= capture_len; i++)
		if (!memcmp(capture_buf + i, text, n))
			return true;
	return false;
}

void console_putc(int c)
{
	const struct console_driver *d = console_drv;

	if (capture_on && capture_len < CAPTURE_SIZE)
		capture_buf[capture_len++] = (char)c;

	if (!d)
		return;
	if (c == '\n')
		d->putc(d->ctx, '\r');
	d->putc(d->ctx, c);
}

int console_getc(void)
{
	const struct console_driver *d = console_drv;

	if (!d || !d->getc)
		return -1;
	return d->getc(d->ctx);
}

int kvprintf(const char *fmt, va_list ap)
{
	intr_state_t s;
	int n;

	if (console_panic_mode)
		return kvprintf_locked(fmt, ap);
	s = simple_lock_irq(&console_lock);
	n = kvprintf_locked(fmt, ap);
	simple_unlock_irq(&console_lock, s);
	return n;
}

int kprintf(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = kvprintf(fmt, ap);
	va_end(ap);
	return n;
}
