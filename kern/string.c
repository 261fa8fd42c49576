/*
 * kern/string.c - freestanding memory and string routines.
 *
 * Written for clarity first: word-at-a-time copies when both pointers share
 * alignment, bytes otherwise.  Performance-critical copies (copyin/copyout,
 * page copies) have their own paths elsewhere.
 */
#include <kern/string.h>

#define WORD sizeof(unsigned long)

void *memcpy(void *restrict dst, const void *restrict src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if ((((uintptr_t)d ^ (uintptr_t)s) & (WORD - 1)) == 0) {
		while (n && ((uintptr_t)d & (WORD - 1))) {
			*d++ = *s++;
			n--;
		}
		/* Eight words an iteration: page copies take this path. */
		while (n >= 8 * WORD) {
			unsigned long *dw = (unsigned long *)(void *)d;
			const unsigned long *sw = (const unsigned long *)(const void *)s;
			unsigned long a = sw[0], b = sw[1], c = sw[2], e = sw[3];

			dw[0] = a; dw[1] = b; dw[2] = c; dw[3] = e;
			a = sw[4]; b = sw[5]; c = sw[6]; e = sw[7];
			dw[4] = a; dw[5] = b; dw[6] = c; dw[7] = e;
			d += 8 * WORD;
			s += 8 * WORD;
			n -= 8 * WORD;
		}
		while (n >= WORD) {
			*(unsigned long *)(void *)d =
				*(const unsigned long *)(const void *)s;
			d += WORD;
			s += WORD;
			n -= WORD;
		}
	}
	while (n--)
		*d++ = *s++;
	return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if (d == s || n == 0)
		return dst;
	if (d < s || d >= s + n)
		return memcpy(dst, src, n);
	/* Overlap with dst above src: copy backwards. */
	d += n;
	s += n;
	while (n--)
		*--d = *--s;
	return dst;
}

void *memset(void *dst, int c, size_t n)
{
	unsigned char *d = dst;
	unsigned long pattern = (unsigned char)c;

	pattern |= pattern << 8;
	pattern |= pattern << 16;
	pattern |= (pattern << 16) << 16;
	while (n && ((uintptr_t)d & (WORD - 1))) {
		*d++ = (unsigned char)c;
		n--;
	}
	while (n >= 8 * WORD) {
		unsigned long *dw = (unsigned long *)(void *)d;

		dw[0] = pattern; dw[1] = pattern; dw[2] = pattern; dw[3] = pattern;
		dw[4] = pattern; dw[5] = pattern; dw[6] = pattern; dw[7] = pattern;
		d += 8 * WORD;
		n -= 8 * WORD;
	}
	while (n >= WORD) {
		*(unsigned long *)(void *)d = pattern;
		d += WORD;
		n -= WORD;
	}
	while (n--)
		*d++ = (unsigned char)c;
	return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;

	for (; n; n--, x++, y++)
		if (*x != *y)
			return *x < *y ? -1 : 1;
	return 0;
}

size_t strlen(const char *s)
{
	const char *p = s;

	while (*p)
		p++;
	return (size_t)(p - s);
}

size_t strnlen(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n])
		n++;
	return n;
}

int strcmp(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return (unsigned char)*a - (unsigned char)*b;
}

int strncmp(const char *a, const char *b, size_t n)
{
	for (; n; n--, a++, b++) {
		if (*a != *b)
			return (unsigned char)*a - (unsigned char)*b;
		if (!*a)
			break;
	}
	return 0;
}

char *strchr(const char *s, int c)
{
	for (;; s++) {
		if (*s == (char)c)
			return (char *)s;
		if (!*s)
			return NULL;
	}
}

size_t strlcpy(char *dst, const char *src, size_t size)
{
	size_t len = strlen(src);

	if (size) {
		size_t n = len < size - 1 ? len : size - 1;
		memcpy(dst, src, n);
		dst[n] = '\0';
	}
	return len;
}
