/*
 * pmap/riscv/md.h - declarations shared by the files of the RISC-V port
 * (not part of the machine-independent interface).
 */
#ifndef RISCV_MD_H
#define RISCV_MD_H

#include <kern/types.h>
#include <kern/fdt.h>
#include <machine/percpu.h>

struct trap_frame;

/* start.S, trap_entry.S */
extern uint64_t boot_pgdir[];
extern char boot_stack_guard[], boot_stack[], boot_stack_top[];
void trap_entry(void);

/* Linker-script symbols (kernel.ld). */
extern char __kernel_start[], __kernel_end[];
extern char __text_start[], __text_end[], __rodata_start[], __data_start[];
extern char __bss_start[], __bss_end[];

/* boot.c: the devicetree, validated, readable through the direct map. */
extern struct fdt riscv_fdt;
extern bool riscv_fdt_valid;
int riscv_fdt_find_phandle(uint32_t phandle);

/* mmu.c: the kernel tree before and during pmap_bootstrap. */
void riscv_mmu_build_direct_map(void);
void riscv_mmu_late_init(void);
void riscv_mmu_begin_vm_page(void);
void riscv_mmu_map_kernel(uint64_t *root, bool quiet);
bool riscv_mmu_map_range(uint64_t *root, vaddr_t va, paddr_t pa, size_t size,
			 uint64_t flags, int max_level);
bool riscv_mmu_ensure_table(uint64_t *root, vaddr_t va, int level);
bool riscv_mmu_adopt(uint64_t *root);

/* pmap.c, pmap_boot.c */
struct pmap;
uint64_t *riscv_pt_alloc_kernel(paddr_t *pa);
bool riscv_pmap_fault(vaddr_t va, unsigned long cause, bool user,
		      unsigned long sstatus);
void riscv_pmap_asid_assign(struct pmap *pmap);
void riscv_pmap_cache_init(void);
const char *riscv_pmap_ad_mode(void);
extern struct pmap *riscv_cur_pmap;	/* user pmap active on this hart */
extern uint64_t riscv_asid_generation;
extern unsigned int riscv_asid_bits;

/* copy.S, copy.c: user access with fault recovery. */
uintptr_t riscv_recovery_pc(uintptr_t pc);

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
void riscv_user_trap(struct trap_frame *tf);

/* switch.S, trap_entry.S, thread.c: threads and the per-hart blocks. */
struct thread;
void riscv_thread_trampoline(void);
void riscv_fp_load(struct thread *t);
void user_return(void);
void riscv_stack_overflow(struct trap_frame *tf) __noreturn;
extern char riscv_emergency_stacks[][RISCV_EMERGENCY_STACK_SIZE];

#endif /* RISCV_MD_H */
