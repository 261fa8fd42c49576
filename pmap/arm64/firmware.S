/*
 * pmap/arm64/firmware.S - calls into the firmware and the debugger:
 * PSCI (SMC Calling Convention, HVC or SMC conduit) and Arm semihosting.
 */

	.text
/*
 * uint64_t arm64_psci_hvc(fn, a1, a2, a3) / arm64_psci_smc(...): one
 * SMCCC call; the result is in x0.  The conduit comes from the DTB's
 * /psci method: "hvc" when the kernel was entered at EL1 under a
 * hypervisor or QEMU's built-in PSCI, "smc" when EL3 firmware serves it.
 */
	.globl	arm64_psci_hvc
arm64_psci_hvc:
	hvc	#0
	ret

	.globl	arm64_psci_smc
arm64_psci_smc:
	smc	#0
	ret

/*
 * long arm64_semihost(op, param): an A64 semihosting call (hlt #0xf000,
 * operation in w0, parameter block address in x1, result in x0).  When
 * the debugger or QEMU does not implement semihosting the hlt is an
 * undefined instruction: the trap handler recognises arm64_semihost_hlt,
 * returns -1 in x0 and resumes after it.
 */
	.globl	arm64_semihost
	.globl	arm64_semihost_hlt
arm64_semihost:
arm64_semihost_hlt:
	hlt	#0xf000
	ret
