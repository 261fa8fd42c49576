/*
 * device/gic.c - Arm GICv2 and GICv3 interrupt controller driver.
 *
 * One distributor (GICD) routes shared peripheral interrupts (SPIs) to
 * CPUs; each CPU has its own banked view of SGIs and PPIs.  GICv2 reaches
 * the per-CPU state through the distributor's banked registers and a
 * memory-mapped CPU interface (GICC); GICv3 through a redistributor frame
 * per CPU (GICR) and the ICC_* system registers.  Only the boot CPU is
 * brought up today; every interrupt goes to it at one priority, and the
 * kernel runs with the priority mask open below that.
 *
 * Interrupts are non-secure Group 1 on GICv3 (signalled as IRQ at EL1).  A
 * GICv2 without security extensions (QEMU virt) has only Group 0, which
 * the CPU interface signals as IRQ while FIQEn is clear.
 */
#include <device/gic.h>
#include <kern/machine.h>
#include <kern/console.h>
#include <machine/sysreg.h>

/* Distributor, both versions. */
#define GICD_CTLR		0x0000
#define GICD_TYPER		0x0004
#define GICD_IGROUPR		0x0080
#define GICD_ISENABLER		0x0100
#define GICD_ICENABLER		0x0180
#define GICD_ICPENDR		0x0280
#define GICD_ICACTIVER		0x0380
#define GICD_IPRIORITYR		0x0400
#define GICD_ITARGETSR		0x0800	/* v2 */
#define GICD_ICFGR		0x0c00
#define GICD_IROUTER		0x6000	/* v3, 64-bit per SPI */
#define GICD_CTLR_V2_ENABLE	(1u << 0)
#define GICD_CTLR_V3_G1		(1u << 0)	/* EnableGrp1 (NS view) */
#define GICD_CTLR_V3_G1A	(1u << 1)	/* EnableGrp1A / EnableGrp1 (DS=1) */
#define GICD_CTLR_V3_ARE	(1u << 4)	/* affinity routing (ARE_NS) */
#define GICD_CTLR_RWP		(1u << 31)

/* GICv2 CPU interface. */
#define GICC_CTLR		0x0000
#define GICC_PMR		0x0004
#define GICC_BPR		0x0008
#define GICC_IAR		0x000c
#define GICC_EOIR		0x0010

/* GICv3 redistributor: RD_base frame, then SGI_base frame at +64 KiB. */
#define GICR_CTLR		0x0000
#define GICR_TYPER		0x0008
#define GICR_WAKER		0x0014
#define GICR_SGI_OFFSET		0x10000
#define GICR_FRAME		0x20000		/* RD + SGI frames */
#define GICR_CTLR_RWP		(1u << 3)
#define GICR_TYPER_VLPIS	(1u << 1)
#define GICR_TYPER_LAST		(1u << 4)
#define GICR_WAKER_SLEEP	(1u << 1)	/* ProcessorSleep */
#define GICR_WAKER_ASLEEP	(1u << 2)	/* ChildrenAsleep */

/* GICv3 CPU interface system registers, by encoding. */
#define ICC_PMR_EL1		S3_0_C4_C6_0
#define ICC_IAR1_EL1		S3_0_C12_C12_0
#define ICC_EOIR1_EL1		S3_0_C12_C12_1
#define ICC_BPR1_EL1		S3_0_C12_C12_3
#define ICC_CTLR_EL1		S3_0_C12_C12_4
#define ICC_SRE_EL1		S3_0_C12_C12_5
#define ICC_IGRPEN1_EL1		S3_0_C12_C12_7

#define GIC_PRIORITY		0xa0	/* every interrupt */
#define GIC_PRIORITY_MASK	0xf0	/* lets GIC_PRIORITY through */
#define GIC_SPURIOUS		1020	/* INTIDs 1020-1023 are special */

struct gic_handler {
	gic_handler_t fn;
	void *arg;
};

static struct {
	unsigned int version;	/* 0: none found */
	vaddr_t dist;
	vaddr_t cpu;		/* v2 GICC */
	vaddr_t rdist;		/* v3 this CPU's RD_base */
	unsigned int nirqs;	/* INTIDs below this exist */
	struct gic_handler handlers[GIC_MAX_IRQS];
} gic;

static inline uint32_t rd32(vaddr_t base, unsigned int off)
{
	return *(volatile uint32_t *)(base + off);
}

static inline void wr32(vaddr_t base, unsigned int off, uint32_t v)
{
	*(volatile uint32_t *)(base + off) = v;
}

static inline uint64_t rd64(vaddr_t base, unsigned int off)
{
	return *(volatile uint64_t *)(base + off);
}

static inline void wr64(vaddr_t base, unsigned int off, uint64_t v)
{
	*(volatile uint64_t *)(base + off) = v;
}

static uint32_t be32(const void *p)
{
	const uint8_t *b = p;

	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 |
	       (uint32_t)b[2] << 8 | b[3];
}

/* Wait (bounded) for a register-write-pending bit to clear. */
static void wait_rwp(vaddr_t base, unsigned int off, uint32_t bit)
{
	for (unsigned int spins = 0; spins < 1000000; spins++)
		if (!(rd32(base, off) & bit))
			return;
	kprintf("gic: register writes still pending\n");
}

/* The MPIDR affinity fields packed as GICR_TYPER reports them. */
static uint32_t my_affinity(void)
{
	uint64_t mpidr = read_sysreg(mpidr_el1);

	return (uint32_t)((mpidr >> 8) & 0xff000000) | (uint32_t)(mpidr & 0xffffff);
}

/*
 * dist_init_spis: disable, clear and give one priority to every SPI, level
 * triggered, routed to this CPU.  Distributor disabled by the caller.
 */
static void dist_init_spis(void)
{
	uint64_t mpidr = read_sysreg(mpidr_el1);

	for (unsigned int i = GIC_SPI_BASE; i < gic.nirqs; i += 32) {
		wr32(gic.dist, GICD_ICENABLER + i / 8, 0xffffffff);
		wr32(gic.dist, GICD_ICPENDR + i / 8, 0xffffffff);
		wr32(gic.dist, GICD_ICACTIVER + i / 8, 0xffffffff);
		if (gic.version == 3)
			wr32(gic.dist, GICD_IGROUPR + i / 8, 0xffffffff);
	}
	for (unsigned int i = GIC_SPI_BASE; i < gic.nirqs; i += 4)
		wr32(gic.dist, GICD_IPRIORITYR + i, GIC_PRIORITY * 0x01010101u);
	for (unsigned int i = GIC_SPI_BASE; i < gic.nirqs; i += 16)
		wr32(gic.dist, GICD_ICFGR + i / 4, 0);
	if (gic.version == 2) {
		/* ITARGETSR0 is banked and reads back this CPU's own bit. */
		uint32_t self = rd32(gic.dist, GICD_ITARGETSR) & 0xff;

		for (unsigned int i = GIC_SPI_BASE; i < gic.nirqs; i += 4)
			wr32(gic.dist, GICD_ITARGETSR + i, self * 0x01010101u);
	} else {
		uint64_t route = (mpidr & 0xffffff) | ((mpidr >> 32) & 0xff) << 32;

		for (unsigned int i = GIC_SPI_BASE; i < gic.nirqs; i++)
			wr64(gic.dist, GICD_IROUTER + i * 8, route);
	}
}

/*
 * banked_init: this CPU's SGIs and PPIs (INTIDs 0-31) in the given
 * register frame (v2: the distributor, v3: the redistributor's SGI frame):
 * PPIs disabled, every one at GIC_PRIORITY.
 */
static void banked_init(vaddr_t base)
{
	if (gic.version == 3)
		wr32(base, GICD_IGROUPR, 0xffffffff);
	wr32(base, GICD_ICENABLER, 0xffff0000);
	wr32(base, GICD_ICPENDR, 0xffffffff);
	wr32(base, GICD_ICACTIVER, 0xffffffff);
	for (unsigned int i = 0; i < GIC_SPI_BASE; i += 4)
		wr32(base, GICD_IPRIORITYR + i, GIC_PRIORITY * 0x01010101u);
}

static bool gicv2_init(const struct fdt *fdt, int node)
{
	uint64_t dpa, dsize, cpa, csize;

	if (fdt_read_reg(fdt, node, 0, &dpa, &dsize) < 0 ||
	    fdt_read_reg(fdt, node, 1, &cpa, &csize) < 0)
		return false;
	gic.dist = md_io_map(dpa, 0x1000);
	gic.cpu = md_io_map(cpa, 0x2000);
	if (!gic.dist || !gic.cpu)
		return false;
	wr32(gic.dist, GICD_CTLR, 0);
	gic.nirqs = MIN(32 * ((rd32(gic.dist, GICD_TYPER) & 0x1f) + 1),
			(unsigned int)GIC_MAX_IRQS);
	dist_init_spis();
	banked_init(gic.dist);
	wr32(gic.dist, GICD_CTLR, GICD_CTLR_V2_ENABLE);
	wr32(gic.cpu, GICC_PMR, GIC_PRIORITY_MASK);
	wr32(gic.cpu, GICC_BPR, 0);
	wr32(gic.cpu, GICC_CTLR, 1);
	kprintf("gic: GICv2, distributor 0x%llx, cpu interface 0x%llx, "
		"%u interrupts\n", (unsigned long long)dpa,
		(unsigned long long)cpa, gic.nirqs);
	return true;
}

/*
 * gicv3_find_rdist: walk the redistributor frames of region [pa, pa+size)
 * for the one whose affinity is this CPU's, mapping frame by frame.
 * Returns its RD_base virtual address (physical in *found), or 0.
 */
static vaddr_t gicv3_find_rdist(uint64_t pa, uint64_t size, uint64_t *found)
{
	uint32_t aff = my_affinity();
	uint64_t off = 0;

	while (off + GICR_FRAME <= size) {
		vaddr_t rd = md_io_map(pa + off, GICR_FRAME);
		uint64_t typer;

		if (!rd)
			return 0;
		typer = rd64(rd, GICR_TYPER);
		if ((uint32_t)(typer >> 32) == aff) {
			*found = pa + off;
			return rd;
		}
		if (typer & GICR_TYPER_LAST)
			break;
		off += (typer & GICR_TYPER_VLPIS) ? 2 * GICR_FRAME : GICR_FRAME;
	}
	return 0;
}

static bool gicv3_init(const struct fdt *fdt, int node)
{
	uint64_t dpa, dsize, rpa, rsize, rdpa = 0;
	uint32_t regions = 1;

	if (fdt_read_reg(fdt, node, 0, &dpa, &dsize) < 0)
		return false;
	gic.dist = md_io_map(dpa, 0x10000);
	if (!gic.dist)
		return false;
	fdt_getprop_u32(fdt, node, "#redistributor-regions", &regions);
	for (uint32_t r = 0; r < regions && !gic.rdist; r++) {
		if (fdt_read_reg(fdt, node, 1 + (int)r, &rpa, &rsize) < 0)
			break;
		gic.rdist = gicv3_find_rdist(rpa, rsize, &rdpa);
	}
	if (!gic.rdist) {
		kprintf("gic: no redistributor for this CPU\n");
		return false;
	}

	wr32(gic.dist, GICD_CTLR, 0);
	wait_rwp(gic.dist, GICD_CTLR, GICD_CTLR_RWP);
	gic.nirqs = MIN(32 * ((rd32(gic.dist, GICD_TYPER) & 0x1f) + 1),
			(unsigned int)GIC_MAX_IRQS);
	dist_init_spis();
	wr32(gic.dist, GICD_CTLR,
	     GICD_CTLR_V3_ARE | GICD_CTLR_V3_G1A | GICD_CTLR_V3_G1);
	wait_rwp(gic.dist, GICD_CTLR, GICD_CTLR_RWP);

	/* Wake this CPU's redistributor, then set up its SGIs and PPIs. */
	wr32(gic.rdist, GICR_WAKER,
	     rd32(gic.rdist, GICR_WAKER) & ~GICR_WAKER_SLEEP);
	for (unsigned int spins = 0; spins < 1000000; spins++)
		if (!(rd32(gic.rdist, GICR_WAKER) & GICR_WAKER_ASLEEP))
			break;
	banked_init(gic.rdist + GICR_SGI_OFFSET);
	wait_rwp(gic.rdist, GICR_CTLR, GICR_CTLR_RWP);

	/* The system-register CPU interface (EL2, if any, enabled it). */
	write_sysreg(ICC_SRE_EL1, read_sysreg(ICC_SRE_EL1) | 1);
	isb();
	if (!(read_sysreg(ICC_SRE_EL1) & 1)) {
		kprintf("gic: GICv3 system register interface is disabled\n");
		return false;
	}
	write_sysreg(ICC_PMR_EL1, GIC_PRIORITY_MASK);
	write_sysreg(ICC_BPR1_EL1, 0);
	write_sysreg(ICC_CTLR_EL1, 0);		/* EOI also deactivates */
	write_sysreg(ICC_IGRPEN1_EL1, 1);
	isb();
	kprintf("gic: GICv3, distributor 0x%llx, redistributor 0x%llx, "
		"%u interrupts\n", (unsigned long long)dpa,
		(unsigned long long)rdpa, gic.nirqs);
	return true;
}

unsigned int gic_init(const struct fdt *fdt)
{
	static const char *const v2_compat[] = {
		"arm,cortex-a15-gic", "arm,gic-400", "arm,cortex-a7-gic",
		"arm,cortex-a9-gic",
	};
	int node = fdt_find_compatible(fdt, -1, "arm,gic-v3");

	if (node >= 0) {
		gic.version = 3;
		if (gicv3_init(fdt, node))
			return 3;
		gic.version = 0;
		return 0;
	}
	for (unsigned int i = 0; i < ARRAY_SIZE(v2_compat); i++) {
		node = fdt_find_compatible(fdt, -1, v2_compat[i]);
		if (node >= 0) {
			gic.version = 2;
			if (gicv2_init(fdt, node))
				return 2;
			gic.version = 0;
			return 0;
		}
	}
	return 0;
}

int gic_fdt_intid(const struct fdt *fdt, int node, int index, bool *edge)
{
	int len;
	const uint8_t *p = fdt_getprop(fdt, node, "interrupts", &len);
	uint32_t type, num, flags;

	if (!p || index < 0 || len < (index + 1) * 12)
		return -1;
	p += index * 12;
	type = be32(p);
	num = be32(p + 4);
	flags = be32(p + 8);
	if (edge)
		*edge = (flags & 0x3) != 0;	/* 1, 2: edge; 4, 8: level */
	if (type == 1 && num < 16)
		return (int)(GIC_PPI_BASE + num);
	if (type == 0 && num < GIC_MAX_IRQS - GIC_SPI_BASE)
		return (int)(GIC_SPI_BASE + num);
	return -1;
}

bool gic_attach(unsigned int intid, bool edge, gic_handler_t handler,
		void *arg)
{
	vaddr_t base;
	unsigned int cfg_off = GICD_ICFGR + (intid / 16) * 4;
	uint32_t cfg_bit = 2u << (2 * (intid % 16));

	if (!gic.version || intid >= gic.nirqs || intid < GIC_PPI_BASE)
		return false;
	gic.handlers[intid] = (struct gic_handler){ handler, arg };
	/* SGIs/PPIs live in the banked frame; SPIs in the distributor. */
	base = (gic.version == 3 && intid < GIC_SPI_BASE)
		       ? gic.rdist + GICR_SGI_OFFSET : gic.dist;
	if (edge)
		wr32(base, cfg_off, rd32(base, cfg_off) | cfg_bit);
	else
		wr32(base, cfg_off, rd32(base, cfg_off) & ~cfg_bit);
	wr32(base, GICD_ISENABLER + (intid / 32) * 4, 1u << (intid % 32));
	return true;
}

/*
 * deliver: run the handler of an acknowledged interrupt.  One without a
 * handler is disabled, so a misconfigured device cannot storm.
 */
static void deliver(unsigned int intid)
{
	struct gic_handler *h = &gic.handlers[intid];
	vaddr_t base;

	if (h->fn) {
		h->fn(intid, h->arg);
		return;
	}
	kprintf("gic: interrupt %u has no handler, disabling it\n", intid);
	base = (gic.version == 3 && intid < GIC_SPI_BASE)
		       ? gic.rdist + GICR_SGI_OFFSET : gic.dist;
	wr32(base, GICD_ICENABLER + (intid / 32) * 4, 1u << (intid % 32));
}

void gic_dispatch(void)
{
	/* Bounded: a level interrupt that stays asserted cannot hold the
	 * CPU here forever; it is taken again after the return. */
	for (int n = 0; n < 16; n++) {
		uint32_t iar, intid;

		if (gic.version == 3)
			iar = (uint32_t)read_sysreg(ICC_IAR1_EL1);
		else if (gic.version == 2)
			iar = rd32(gic.cpu, GICC_IAR);
		else
			return;
		intid = iar & (gic.version == 3 ? 0xffffff : 0x3ff);
		if (intid >= GIC_SPURIOUS && intid < GIC_SPURIOUS + 4)
			return;
		if (intid < GIC_MAX_IRQS)
			deliver(intid);
		if (gic.version == 3)
			write_sysreg(ICC_EOIR1_EL1, iar);
		else
			wr32(gic.cpu, GICC_EOIR, iar);
	}
}
