/*
 * user/include/mica/runtime.h - the small freestanding runtime of Mica's
 * early user programs and test modules: formatted output over mach_print,
 * string functions, exit.
 */
#ifndef MICA_RUNTIME_H
#define MICA_RUNTIME_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include <mach/mach_traps.h>

int printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int vprintf(const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int puts(const char *s);

void *memcpy(void *restrict dst, const void *restrict src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);

/* End the task: task_terminate on mach_task_self(). */
void exit(int status) __attribute__((noreturn));

/* The cycle counter (rdtsc, cntvct, rdtime): for spinning a while. */
uint64_t read_cycles(void);

/* Execute the port's defined-illegal instruction (fault tests). */
void illegal_instruction(void);

#endif /* MICA_RUNTIME_H */
