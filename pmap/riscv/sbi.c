/*
 * pmap/riscv/sbi.c - SBI calls (the firmware interface of S-mode).
 *
 * An SBI call is an ecall with the extension id in a7, the function id in
 * a6 and arguments in a0..a5; the firmware returns an error code in a0 and
 * a value in a1.  Legacy (v0.1) calls take no function id and return only
 * a0.  The extensions are probed once at boot; the timer uses the TIME
 * extension where present and the legacy call otherwise.
 */
#include <kern/types.h>
#include "sbi.h"

static unsigned long spec_version;
static bool have_time, have_srst, have_legacy_console = true;

static struct sbiret sbi_call(unsigned long eid, unsigned long fid,
			      unsigned long arg0, unsigned long arg1,
			      unsigned long arg2)
{
	register unsigned long a0 __asm__("a0") = arg0;
	register unsigned long a1 __asm__("a1") = arg1;
	register unsigned long a2 __asm__("a2") = arg2;
	register unsigned long a6 __asm__("a6") = fid;
	register unsigned long a7 __asm__("a7") = eid;

	__asm__ __volatile__("ecall"
			     : "+r"(a0), "+r"(a1)
			     : "r"(a2), "r"(a6), "r"(a7)
			     : "memory");
	return (struct sbiret){ (long)a0, (long)a1 };
}

/*
 * sbi_probe: is extension eid implemented?  Base extension function 3
 * returns 0 for absent extensions.  Needs SBI v0.2 or later.
 */
static bool sbi_probe(unsigned long eid)
{
	struct sbiret r = sbi_call(SBI_EXT_BASE, 3, eid, 0, 0);

	return r.error == 0 && r.value != 0;
}

void sbi_init(void)
{
	struct sbiret r = sbi_call(SBI_EXT_BASE, 0, 0, 0, 0);

	/* A v0.1 firmware fails the base call: it only has legacy calls. */
	if (r.error != 0) {
		spec_version = 1;	/* 0.1 */
		return;
	}
	spec_version = (unsigned long)r.value;
	have_time = sbi_probe(SBI_EXT_TIME);
	have_srst = sbi_probe(SBI_EXT_SRST);
	have_legacy_console = sbi_probe(SBI_EXT_LEGACY_PUTCHAR);
}

unsigned long sbi_spec_version(void)
{
	return spec_version;
}

bool sbi_has_time(void)
{
	return have_time;
}

bool sbi_has_srst(void)
{
	return have_srst;
}

void sbi_set_timer(uint64_t when)
{
	if (have_time)
		sbi_call(SBI_EXT_TIME, 0, when, 0, 0);
	else
		sbi_call(SBI_EXT_LEGACY_SET_TIMER, 0, when, 0, 0);
}

void sbi_shutdown(bool failure)
{
	if (have_srst)
		sbi_call(SBI_EXT_SRST, 0, SBI_SRST_SHUTDOWN,
			 failure ? SBI_SRST_REASON_FAILURE :
				   SBI_SRST_REASON_NONE, 0);
	sbi_call(SBI_EXT_LEGACY_SHUTDOWN, 0, 0, 0, 0);
}

void sbi_console_putchar(int c)
{
	if (have_legacy_console)
		sbi_call(SBI_EXT_LEGACY_PUTCHAR, 0, (unsigned long)c, 0, 0);
}

int sbi_console_getchar(void)
{
	if (!have_legacy_console)
		return -1;
	return (int)sbi_call(SBI_EXT_LEGACY_GETCHAR, 0, 0, 0, 0).error;
}
