/* tests/mig/sample_types.h - C types of sample.defs (golden test). */
#ifndef SAMPLE_TYPES_H
#define SAMPLE_TYPES_H
#include <mach/std_types.h>
typedef int *words_t;
typedef int *words_any_t;
typedef mach_port_t *ports_t;
typedef mach_port_t *ports_ool_t;
typedef char name_t[64];
typedef char path_t[256];
typedef char version_t[32];
typedef struct { int v[3]; } triple_t;
typedef struct { int64_t seconds; int32_t micros; } stamp_t;
typedef stamp_t *stamps_t;
typedef int big_t;
typedef mach_port_t obj_t;
#endif
