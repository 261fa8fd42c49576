/*
 * device/plic.c - RISC-V PLIC driver for one context (see plic.h).
 *
 * Register map (offsets from the base):
 *   0x000000 + 4 * source          priority (0 = never interrupts)
 *   0x001000                       pending bits
 *   0x002000 + 0x80 * context      enable bits, one word per 32 sources
 *   0x200000 + 0x1000 * context    priority threshold
 *   0x200004 + 0x1000 * context    claim (read) / complete (write)
 * A source interrupts a context when it is pending, enabled there, and its
 * priority exceeds the context's threshold.  Claiming clears the pending
 * bit; the source cannot interrupt again until it is completed.
 */
#include <kern/machine.h>
#include <kern/fdt.h>
#include <device/plic.h>

#define PLIC_PRIORITY(src)	(4 * (src))
#define PLIC_ENABLE(ctx)	(0x2000 + 0x80 * (ctx))
#define PLIC_THRESHOLD(ctx)	(0x200000 + 0x1000 * (ctx))
#define PLIC_CLAIM(ctx)		(0x200004 + 0x1000 * (ctx))

static inline volatile uint32_t *plic_reg(struct plic *p, uintptr_t off)
{
	return (volatile uint32_t *)(p->base + off);
}

static uint32_t be32(const void *ptr)
{
	const uint8_t *b = ptr;

	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 |
	       (uint32_t)b[2] << 8 | b[3];
}

/*
 * hart_intc_phandle: the phandle of the "riscv,cpu-intc" interrupt
 * controller inside the /cpus node of hart hartid.  Returns false if the
 * tree does not describe it.
 */
static bool hart_intc_phandle(const struct fdt *fdt, unsigned long hartid,
			      uint32_t *phandle, uint32_t *cells)
{
	int cpus = fdt_path_offset(fdt, "/cpus");

	if (cpus < 0)
		return false;
	for (int cpu = fdt_first_child(fdt, cpus); cpu >= 0;
	     cpu = fdt_next_sibling(fdt, cpu)) {
		uint64_t reg, size;

		if (fdt_read_reg(fdt, cpu, 0, &reg, &size) != 0 ||
		    reg != hartid)
			continue;
		for (int ic = fdt_first_child(fdt, cpu); ic >= 0;
		     ic = fdt_next_sibling(fdt, ic)) {
			if (!fdt_is_compatible(fdt, ic, "riscv,cpu-intc"))
				continue;
			if (!fdt_getprop_u32(fdt, ic, "phandle", phandle) &&
			    !fdt_getprop_u32(fdt, ic, "linux,phandle",
					     phandle))
				return false;
			if (!fdt_getprop_u32(fdt, ic, "#interrupt-cells",
					     cells))
				*cells = 1;
			return true;
		}
	}
	return false;
}

/*
 * find_context: the index, in the PLIC's interrupts-extended list, of the
 * entry <hart's intc, hart_irq>.  Each entry is one context.  Entries are
 * assumed to use the #interrupt-cells of the hart's own intc (all harts'
 * cpu-intc nodes use one cell).  Returns the index or -FDT_ERR_NOTFOUND.
 */
static int find_context(const struct fdt *fdt, int node,
			unsigned long hartid, unsigned int hart_irq)
{
	uint32_t intc, cells;
	const uint8_t *prop;
	int len, ctx = 0;

	if (!hart_intc_phandle(fdt, hartid, &intc, &cells) || cells == 0)
		return -FDT_ERR_NOTFOUND;
	prop = fdt_getprop(fdt, node, "interrupts-extended", &len);
	if (!prop || len < 0)
		return -FDT_ERR_NOTFOUND;
	for (int off = 0; off + 4 * (1 + (int)cells) <= len;
	     off += 4 * (1 + (int)cells), ctx++) {
		if (be32(prop + off) == intc && be32(prop + off + 4) == hart_irq)
			return ctx;
	}
	return -FDT_ERR_NOTFOUND;
}

int plic_probe(struct plic *p, const struct fdt *fdt, int node,
	       unsigned long hartid, unsigned int hart_irq)
{
	uint64_t pa, size;
	uint32_t ndev = 0;
	int ctx, err;
	vaddr_t va;

	err = fdt_read_reg(fdt, node, 0, &pa, &size);
	if (err)
		return err;
	ctx = find_context(fdt, node, hartid, hart_irq);
	if (ctx < 0)
		return ctx;
	if (!fdt_getprop_u32(fdt, node, "riscv,ndev", &ndev) || ndev == 0 ||
	    ndev >= PLIC_MAX_SOURCES)
		ndev = PLIC_MAX_SOURCES - 1;
	/* The context's threshold and claim words must be inside reg. */
	if (PLIC_CLAIM((uint64_t)ctx) + 4 > size)
		return -FDT_ERR_BADVALUE;
	va = md_io_map(pa, size);
	if (!va)
		return -FDT_ERR_BADVALUE;
	p->base = va;
	p->ndev = ndev;
	p->context = (unsigned int)ctx;
	return 0;
}

void plic_init_context(struct plic *p)
{
	for (unsigned int w = 0; w <= p->ndev / 32; w++)
		*plic_reg(p, PLIC_ENABLE(p->context) + 4 * w) = 0;
	*plic_reg(p, PLIC_THRESHOLD(p->context)) = 0;
}

/*
 * plic_enable / plic_disable: the enable word is shared by 32 sources of
 * this context, so callers serialise (interrupts off, one CPU today).
 */
void plic_enable(struct plic *p, unsigned int irq, unsigned int priority)
{
	volatile uint32_t *en;

	if (irq == 0 || irq > p->ndev)
		return;
	*plic_reg(p, PLIC_PRIORITY(irq)) = priority ? priority : 1;
	en = plic_reg(p, PLIC_ENABLE(p->context) + 4 * (irq / 32));
	*en |= 1u << (irq % 32);
}

void plic_disable(struct plic *p, unsigned int irq)
{
	volatile uint32_t *en;

	if (irq == 0 || irq > p->ndev)
		return;
	en = plic_reg(p, PLIC_ENABLE(p->context) + 4 * (irq / 32));
	*en &= ~(1u << (irq % 32));
}

unsigned int plic_claim(struct plic *p)
{
	return *plic_reg(p, PLIC_CLAIM(p->context));
}

void plic_complete(struct plic *p, unsigned int irq)
{
	*plic_reg(p, PLIC_CLAIM(p->context)) = irq;
}
