/*
 * kern/exec.h - starting user programs from ELF images (boot modules).
 */
#ifndef KERN_EXEC_H
#define KERN_EXEC_H

#include <kern/types.h>
#include <kern/task.h>
#include <kern/thread.h>

#define USER_STACK_TOP		0x7fff0000UL	/* all ports: below 2 GiB */
#define USER_STACK_PAGES	16
#define EXEC_MAX_ARGS		32

/*
 * exec_load: validate the ELF64 executable image [image, image + size)
 * (kernel-readable memory, e.g. a boot module in the direct map) and load
 * its PT_LOAD segments into task.  Returns 0 and the entry point, or a
 * negative error with a message on the console: the image is never
 * trusted (bounds, overflow, alignment, machine type are all checked).
 */
int exec_load(task_t task, const void *image, size_t size, vaddr_t *entry);

/*
 * exec_build_stack: map user stack number `index` of task (stack i ends
 * at USER_STACK_TOP - i * EXEC_STACK_STRIDE, with an unmapped page between
 * stacks: zero-fill memory, read/write, inheritance COPY) and lay out
 * argc, argv[], NULL, envp[] (empty), NULL and the strings at its top;
 * returns the initial stack pointer (16-byte aligned, pointing at argc)
 * or 0 on exhaustion or if the slot is already mapped.
 */
#define EXEC_STACK_STRIDE	((USER_STACK_PAGES + 1) * PAGE_SIZE)
vaddr_t exec_build_stack(task_t task, unsigned int index, int argc,
			 const char *const *argv);

/*
 * exec_add_thread: another thread in task starting at entry on its own
 * stack (index > 0) with its own argv; created suspended.  NULL on failure.
 */
thread_t exec_add_thread(task_t task, vaddr_t entry, unsigned int index,
			 int argc, const char *const *argv);

/*
 * exec_start_in_task: load the ELF image into task (a new, empty task with
 * no thread yet) and make its first thread with argv, suspended.  Returns
 * true and the thread in *tp; false on a bad image or exhaustion, leaving
 * what was loaded for the caller's task_terminate.
 */
bool exec_start_in_task(task_t task, const void *image, size_t size,
			int argc, const char *const *argv, thread_t *tp,
			vaddr_t *entry_out);

/*
 * exec_start_module: a new task named name running the ELF image with
 * argv, its first thread created suspended (thread_resume starts it).
 * Returns the task (one reference for the caller) and the thread in *tp,
 * or NULL.
 */
task_t exec_start_module(const char *name, const void *image, size_t size,
			 int argc, const char *const *argv, thread_t *tp,
			 vaddr_t *entry_out);

#endif /* KERN_EXEC_H */
