/*
 * tests/user/exception_test.h - what the exception module's files share
 * (tests/user/exception.c: the main part, the handler and the machine
 * helpers; tests/user/exception_parts.c: the other parts).
 */
#ifndef TESTS_USER_EXCEPTION_TEST_H
#define TESTS_USER_EXCEPTION_TEST_H

#include "ipc_test.h"
#include <mach/exception.h>
#include <mach/task_special_ports.h>
#include <mach/thread_special_ports.h>
#include <mach/thread_info.h>
#include <mach/thread_status.h>
#include <mach/vm_types.h>

#ifndef VM_PROT_READ		/* no public vm_prot.h yet */
#define VM_PROT_READ	0x1
#define VM_PROT_WRITE	0x2
#endif

#define PG		4096UL
#define BAD_ADDR	0x50000000UL	/* never mapped unless a handler does */

/* The machine's user thread state: its flavour, pc and result register. */
#if defined(__x86_64__)
typedef struct i386_thread_state state_t;
#define STATE_FLAVOR	i386_THREAD_STATE
#define STATE_COUNT	i386_THREAD_STATE_COUNT
#define PC(s)		((s)->rip)
#define RET(s)		((s)->rax)
#elif defined(__aarch64__)
typedef struct aarch64_thread_state state_t;
#define STATE_FLAVOR	AARCH64_THREAD_STATE
#define STATE_COUNT	AARCH64_THREAD_STATE_COUNT
#define PC(s)		((s)->pc)
#define RET(s)		((s)->x[0])
#elif defined(__riscv)
typedef struct riscv_thread_state state_t;
#define STATE_FLAVOR	RISCV_THREAD_STATE
#define STATE_COUNT	RISCV_THREAD_STATE_COUNT
#define PC(s)		((s)->pc)
#define RET(s)		((s)->x[10 - 1])
#endif

boolean_t exc_server(mach_msg_header_t *in, mach_msg_header_t *out);
kern_return_t catch_exception_raise(mach_port_t exception_port,
				    mach_port_t thread, mach_port_t task_port,
				    integer_t exception, integer_t code,
				    rpc_long_integer_t subcode);

/* exception.c */
extern mach_port_t exc_task, worker_thread;
extern bool refuse;		/* catch_exception_raise answers KERN_FAILURE */
/* A thread of ours at fn(arg) on the one worker stack, resumed. */
mach_port_t start_thread(void (*fn)(long), long arg);
bool get_state(mach_port_t t, state_t *s);
bool set_state(mach_port_t t, const state_t *s);
/* Wait until thread t waits in the kernel; false if it never does. */
bool wait_waiting(mach_port_t t);
/* A reply to an exception_raise request with reply right `to`. */
void exc_reply_init(mig_reply_header_t *rep, mach_port_t to,
		    kern_return_t ret);

/* exception_parts.c: the parts other than the main one. */
int badpc_part(void);
int machine_part(void);
int fail_part(const char *part);
int abort_part(void);
int bench_part(const char *num);

#endif /* TESTS_USER_EXCEPTION_TEST_H */
