/*
 * kern/format.c - the printf formatter, shared by the kernel (kern/printf.c)
 * and the user runtime (user/lib), which give it different sinks.
 *
 * Supported: flags '-', '0', '+', ' ', '#'; width and precision (also
 * '*'); length modifiers hh, h, l, ll, z, t, j; conversions d i u x X o p s
 * c %.  Unknown conversions are printed verbatim so a bad format never
 * reads stray arguments silently.  Freestanding: needs only strlen and
 * strnlen.
 */
#include <kern/format.h>
#include <kern/string.h>

struct spec {
	bool left, zero, plus, space, alt;
	int width, prec;
};

static void emit_pad(format_sink_fn sink, void *arg, char c, int n, int *count)
{
	while (n-- > 0) {
		sink(arg, c);
		(*count)++;
	}
}

/*
 * emit_number: print v in the given base honouring width, precision and
 * flags.  neg says v is the magnitude of a negative number.
 */
static void emit_number(format_sink_fn sink, void *arg, unsigned long long v,
			bool neg, unsigned int base, bool upper,
			const struct spec *sp, int *count)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char buf[24];
	int len = 0, zeros, pad;
	char sign = 0;
	const char *prefix = "";

	do {
		buf[len++] = digits[v % base];
		v /= base;
	} while (v);
	if (sp->prec == 0 && len == 1 && buf[0] == '0')
		len = 0;
	if (neg)
		sign = '-';
	else if (sp->plus)
		sign = '+';
	else if (sp->space)
		sign = ' ';
	if (sp->alt && base == 16 && len)
		prefix = upper ? "0X" : "0x";
	else if (sp->alt && base == 8)
		prefix = "0";

	zeros = sp->prec > len ? sp->prec - len : 0;
	pad = sp->width - len - zeros - (sign ? 1 : 0) - (int)strlen(prefix);
	if (sp->zero && !sp->left && sp->prec < 0) {
		zeros += pad > 0 ? pad : 0;
		pad = 0;
	}
	if (!sp->left)
		emit_pad(sink, arg, ' ', pad, count);
	if (sign) {
		sink(arg, sign);
		(*count)++;
	}
	for (; *prefix; prefix++) {
		sink(arg, *prefix);
		(*count)++;
	}
	emit_pad(sink, arg, '0', zeros, count);
	while (len) {
		sink(arg, buf[--len]);
		(*count)++;
	}
	if (sp->left)
		emit_pad(sink, arg, ' ', pad, count);
}

int kformat(format_sink_fn sink, void *arg, const char *fmt, va_list ap)
{
	int count = 0;

	for (; *fmt; fmt++) {
		const char *start = fmt;
		struct spec sp = { .prec = -1 };
		int lng = 0;	/* -2 hh, -1 h, 1 l, 2 ll, 3 size/ptrdiff/intmax */
		unsigned long long uv;
		long long sv;
		const char *s;

		if (*fmt != '%') {
			sink(arg, *fmt);
			count++;
			continue;
		}
		for (fmt++;; fmt++) {
			if (*fmt == '-')
				sp.left = true;
			else if (*fmt == '0')
				sp.zero = true;
			else if (*fmt == '+')
				sp.plus = true;
			else if (*fmt == ' ')
				sp.space = true;
			else if (*fmt == '#')
				sp.alt = true;
			else
				break;
		}
		if (*fmt == '*') {
			sp.width = va_arg(ap, int);
			if (sp.width < 0) {
				sp.left = true;
				sp.width = -sp.width;
			}
			fmt++;
		} else {
			while (*fmt >= '0' && *fmt <= '9')
				sp.width = sp.width * 10 + (*fmt++ - '0');
		}
		if (*fmt == '.') {
			fmt++;
			sp.prec = 0;
			if (*fmt == '*') {
				sp.prec = va_arg(ap, int);
				fmt++;
			} else {
				while (*fmt >= '0' && *fmt <= '9')
					sp.prec = sp.prec * 10 + (*fmt++ - '0');
			}
		}
		for (;; fmt++) {
			if (*fmt == 'h')
				lng = lng < 0 ? -2 : -1;
			else if (*fmt == 'l')
				lng = lng > 0 ? 2 : 1;
			else if (*fmt == 'z' || *fmt == 't' || *fmt == 'j')
				lng = 3;
			else
				break;
		}

		switch (*fmt) {
		case 'd':
		case 'i':
			if (lng >= 2)
				sv = va_arg(ap, long long);
			else if (lng == 1 || lng == 3)
				sv = va_arg(ap, long);
			else
				sv = va_arg(ap, int);
			if (lng == -1)
				sv = (short)sv;
			else if (lng == -2)
				sv = (signed char)sv;
			uv = sv < 0 ? -(unsigned long long)sv : (unsigned long long)sv;
			emit_number(sink, arg, uv, sv < 0, 10, false, &sp, &count);
			break;
		case 'u':
		case 'x':
		case 'X':
		case 'o':
			if (lng >= 2)
				uv = va_arg(ap, unsigned long long);
			else if (lng == 1 || lng == 3)
				uv = va_arg(ap, unsigned long);
			else
				uv = va_arg(ap, unsigned int);
			if (lng == -1)
				uv = (unsigned short)uv;
			else if (lng == -2)
				uv = (unsigned char)uv;
			emit_number(sink, arg, uv, false,
				    *fmt == 'u' ? 10 : *fmt == 'o' ? 8 : 16,
				    *fmt == 'X', &sp, &count);
			break;
		case 'p':
			sp.alt = true;
			emit_number(sink, arg, (uintptr_t)va_arg(ap, void *),
				    false, 16, false, &sp, &count);
			break;
		case 'c':
			emit_pad(sink, arg, ' ', sp.left ? 0 : sp.width - 1, &count);
			sink(arg, (char)va_arg(ap, int));
			count++;
			emit_pad(sink, arg, ' ', sp.left ? sp.width - 1 : 0, &count);
			break;
		case 's': {
			int len;

			s = va_arg(ap, const char *);
			if (!s)
				s = "(null)";
			len = (int)strnlen(s, sp.prec >= 0 ? (size_t)sp.prec
							   : (size_t)-1);
			if (!sp.left)
				emit_pad(sink, arg, ' ', sp.width - len, &count);
			for (int i = 0; i < len; i++)
				sink(arg, s[i]);
			count += len;
			if (sp.left)
				emit_pad(sink, arg, ' ', sp.width - len, &count);
			break;
		}
		case '%':
			sink(arg, '%');
			count++;
			break;
		default:
			/* Unknown conversion: show it as written. */
			for (; start <= fmt && *start; start++) {
				sink(arg, *start);
				count++;
			}
			if (!*fmt)
				return count;
			break;
		}
	}
	return count;
}

