/*
 * kern/ksyms_empty.c - the empty symbol table of the first link pass.
 * The final image links the generated ksyms.c instead (tools/ksyms.py).
 */
#include <kern/ksyms.h>

const struct ksym ksyms_table[1] __section(".ksyms") = { { 0, 0, 0 } };
const uint64_t ksyms_count __section(".ksyms") = 0;
const char ksyms_names[1] __section(".ksyms") = "";
