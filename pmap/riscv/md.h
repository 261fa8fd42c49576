/*
 * pmap/riscv/md.h - declarations shared by the files of the RISC-V port
 * (not part of the machine-independent interface).
 */
#ifndef RISCV_MD_H
#define RISCV_MD_H

#include <kern/types.h>
#include <kern/fdt.h>

struct trap_frame;

/* start.S, trap_entry.S */
extern uint64_t boot_pgdir[];
extern char boot_stack[], boot_stack_top[];
void trap_entry(void);

/* Linker-script symbols (kernel.ld). */
extern char __kernel_start[], __kernel_end[];
extern char __text_start[], __text_end[], __rodata_start[], __data_start[];
extern char __bss_start[], __bss_end[];

/* boot.c: the devicetree, validated, readable through the direct map. */
extern struct fdt riscv_fdt;
extern bool riscv_fdt_valid;
int riscv_fdt_find_phandle(uint32_t phandle);

/* mmu.c */
void riscv_mmu_build_direct_map(void);
void riscv_mmu_late_init(void);
void riscv_mmu_report(void);

/* timer.c */
void riscv_timer_probe(void);
void riscv_timer_interrupt(void);
uint32_t riscv_timer_frequency(void);

/* intr.c */
void riscv_intr_external(void);
int riscv_intr_establish(unsigned int irq, void (*fn)(void *), void *arg);

/* machdep.c */
void riscv_exit_probe(void);

/* trap.c */
void riscv_trap(struct trap_frame *tf);

#endif /* RISCV_MD_H */
