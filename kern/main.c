/*
 * kern/main.c - the machine-independent start of the kernel.
 *
 * The port's boot code calls kern_main() on the boot CPU with interrupts
 * disabled, the kernel mapped high, a console registered and boot_info
 * filled.  kern_main() brings up the MI services in dependency order, runs
 * whatever tests the command line asks for, and otherwise idles with the
 * clock ticking.
 */
#include <kern/machine.h>
#include <kern/bootinfo.h>
#include <kern/bootmem.h>
#include <kern/bootstrap.h>
#include <kern/clock.h>
#include <kern/console.h>
#include <kern/host.h>
#include <kern/panic.h>
#include <kern/processor.h>
#include <kern/sched_prim.h>
#include <kern/task.h>
#include <kern/thread.h>
#include <ipc/mach_msg.h>
#include <vm/pmap.h>
#include <vm/vm_kern.h>
#include <vm/vm_page.h>
#include <vm/vm_pageout.h>
#ifdef MICA_KERNEL_TESTS
#include <tests/kernel/ktest.h>
#endif

#define MICA_VERSION "0.1.0"

/* The banner, and what host_kernel_version answers. */
const char mica_version_string[] = "Mica " MICA_VERSION
	" - a Mach 3 microkernel - " MACHINE_NAME " on " MICA_BOARD;

/*
 * boot_thread_loop: what the boot thread does once the system is up: poll
 * the console every 100 ms, echoing input so an interactive `make run`
 * shows the console is alive, and report the uptime every ten seconds so
 * it shows the clock is ticking.  The processor idles in between (the idle
 * thread runs).
 */
static void __noreturn boot_thread_loop(void)
{
	uint64_t next_report = 10 * HZ;

	kprintf("mica: up, timer at %d Hz (quit QEMU: Ctrl-a x)\n", HZ);
	for (;;) {
		int c;

		thread_sleep_ms(100);
		while ((c = console_getc()) >= 0)
			kprintf("%c", c == '\r' ? '\n' : c);
		if (clock_ticks >= next_report) {
			kprintf("mica: uptime %llu s\n",
				(unsigned long long)(clock_ticks / HZ));
			next_report += 10 * HZ;
		}
	}
}

void kern_main(void)
{
	kprintf("\n%s\n", mica_version_string);
	boot_info_print();
	if (boot_info.ram_count == 0)
		panic("boot: no RAM reported by the boot protocol");

	bootmem_init();
	kprintf("mica: %llu KiB free for the kernel\n",
		(unsigned long long)(bootmem_free_bytes() >> 10));

	md_cpu_init();

	/* Virtual memory: resident pages, the kernel pmap, allocators. */
	vm_page_init();
	pmap_bootstrap();
	pmap_init();
	kalloc_init();
	kmem_init();

	/* Threads: the boot context becomes the kernel task's first thread. */
	sched_init();
	processor_bootstrap();
	task_bootstrap();
	ipc_bootstrap();
	thread_bootstrap();
	processor_start_idle();

	clock_init();
	clock_start_scheduling();
	cpu_intr_enable();
	vm_pageout_start();	/* ages the page queues from now on */

#ifdef MICA_KERNEL_TESTS
	ktest_run_from_cmdline();
#endif
	bootstrap_modules();
	boot_thread_loop();
}
