/*
 * vm/vm_kern.c - kernel virtual memory (kmem) and variable-size kalloc.
 *
 * kmem keeps a bitmap with one bit per page of the kernel virtual range it
 * manages; allocation is first fit.  kmem_lock protects the bitmap and the
 * counters; it is dropped while pages are allocated and mapped (the run is
 * already marked used, so nobody else can take it).
 */
#include <kern/machine.h>
#include <kern/console.h>
#include <kern/lock.h>
#include <kern/panic.h>
#include <kern/zalloc.h>
#include <vm/pmap.h>
#include <vm/vm_kern.h>
#include <vm/vm_page.h>

#define KMEM_MAX_PAGES	(256UL * 1024 * 1024 / PAGE_SIZE)	/* 256 MiB of VA */
#define BITS		(8 * sizeof(unsigned long))

static unsigned long kmem_bitmap[KMEM_MAX_PAGES / BITS];
static vaddr_t kmem_base;
static unsigned long kmem_pages;
static struct kmem_stats kstats;
static simple_lock_t kmem_lock = SIMPLE_LOCK_INITIALIZER;

static bool bit_get(unsigned long i)
{
	return kmem_bitmap[i / BITS] & (1UL << (i % BITS));
}

static void bit_set_range(unsigned long i, unsigned long n, bool v)
{
	for (; n; n--, i++) {
		if (v)
			kmem_bitmap[i / BITS] |= 1UL << (i % BITS);
		else
			kmem_bitmap[i / BITS] &= ~(1UL << (i % BITS));
	}
}

void kmem_init(void)
{
	vaddr_t start, end;

	pmap_virtual_space(&start, &end);
	start = ROUND_UP(start, PAGE_SIZE);
	kmem_base = start;
	kmem_pages = MIN((end - start) / PAGE_SIZE, KMEM_MAX_PAGES);
	kstats.va_pages_total = kmem_pages;
	kprintf("vm: kernel virtual memory [%p, %p), %lu MiB\n",
		(void *)kmem_base, (void *)(kmem_base + kmem_pages * PAGE_SIZE),
		kmem_pages >> (20 - PAGE_SHIFT));
}

/* Find and mark a run of n free VA pages; returns its index or -1. */
static long va_take(unsigned long n)
{
	intr_state_t s = simple_lock_irq(&kmem_lock);
	unsigned long run = 0;

	for (unsigned long i = 0; i < kmem_pages; i++) {
		if (bit_get(i)) {
			run = 0;
			continue;
		}
		if (++run == n) {
			bit_set_range(i + 1 - n, n, true);
			kstats.va_pages_used += n;
			simple_unlock_irq(&kmem_lock, s);
			return (long)(i + 1 - n);
		}
	}
	kstats.failures++;
	simple_unlock_irq(&kmem_lock, s);
	return -1;
}

static void va_give(unsigned long index, unsigned long n)
{
	intr_state_t s = simple_lock_irq(&kmem_lock);

	bit_set_range(index, n, false);
	kstats.va_pages_used -= n;
	simple_unlock_irq(&kmem_lock, s);
}

/* Unmap and free the first n pages of a kmem run starting at va. */
static void unmap_pages(vaddr_t va, unsigned long n)
{
	for (unsigned long i = 0; i < n; i++) {
		bool valid;
		paddr_t pa = pmap_extract(kernel_pmap, va + i * PAGE_SIZE, &valid);

		if (!valid)
			panic("kmem: %p not mapped", (void *)(va + i * PAGE_SIZE));
		pmap_remove(kernel_pmap, va + i * PAGE_SIZE,
			    va + (i + 1) * PAGE_SIZE);
		vm_page_free(vm_page_lookup_phys(pa));
	}
	pmap_update(kernel_pmap);
}

void *kmem_alloc(size_t size)
{
	unsigned long n = ROUND_UP(size, PAGE_SIZE) / PAGE_SIZE;
	long index;
	vaddr_t va;
	intr_state_t s;

	if (n == 0 || n > kmem_pages)
		return NULL;
	index = va_take(n);
	if (index < 0)
		return NULL;
	va = kmem_base + (vaddr_t)index * PAGE_SIZE;
	for (unsigned long i = 0; i < n; i++) {
		struct vm_page *m = vm_page_alloc();

		if (!m || pmap_enter(kernel_pmap, va + i * PAGE_SIZE,
				     m->phys_addr, VM_PROT_READ | VM_PROT_WRITE,
				     VM_PROT_NONE, true) != 0) {
			if (m)
				vm_page_free(m);
			unmap_pages(va, i);
			va_give((unsigned long)index, n);
			s = simple_lock_irq(&kmem_lock);
			kstats.failures++;
			simple_unlock_irq(&kmem_lock, s);
			return NULL;
		}
		m->flags |= VM_PAGE_FLAG_KERNEL;
	}
	s = simple_lock_irq(&kmem_lock);
	kstats.allocs++;
	simple_unlock_irq(&kmem_lock, s);
	return (void *)va;
}

void kmem_free(void *addr, size_t size)
{
	unsigned long n = ROUND_UP(size, PAGE_SIZE) / PAGE_SIZE;
	vaddr_t va = (vaddr_t)addr;
	intr_state_t s;

	if ((va & PAGE_MASK) || va < kmem_base ||
	    va + n * PAGE_SIZE > kmem_base + kmem_pages * PAGE_SIZE)
		panic("kmem_free: %p (%zu bytes) is not kmem", addr, size);
	unmap_pages(va, n);
	va_give((va - kmem_base) / PAGE_SIZE, n);
	s = simple_lock_irq(&kmem_lock);
	kstats.frees++;
	simple_unlock_irq(&kmem_lock, s);
}

void *kmem_alloc_stack(size_t size)
{
	char *base = kmem_alloc(size + PAGE_SIZE);

	if (!base)
		return NULL;
	/* Unmap the lowest page: it becomes the guard. */
	unmap_pages((vaddr_t)base, 1);
	return base + PAGE_SIZE;
}

void kmem_free_stack(void *addr, size_t size)
{
	vaddr_t va = (vaddr_t)addr - PAGE_SIZE;
	unsigned long n = ROUND_UP(size, PAGE_SIZE) / PAGE_SIZE;
	intr_state_t s;

	unmap_pages((vaddr_t)addr, n);
	va_give((va - kmem_base) / PAGE_SIZE, n + 1);
	s = simple_lock_irq(&kmem_lock);
	kstats.frees++;
	simple_unlock_irq(&kmem_lock, s);
}

void kmem_get_stats(struct kmem_stats *out)
{
	intr_state_t s = simple_lock_irq(&kmem_lock);

	*out = kstats;
	simple_unlock_irq(&kmem_lock, s);
}

/* ---- kalloc ------------------------------------------------------------ */

#define KALLOC_ZONES 8		/* 16, 32, ..., 2048 */

static struct zone kalloc_zones[KALLOC_ZONES];
static const char *const kalloc_zone_names[KALLOC_ZONES] = {
	"kalloc.16", "kalloc.32", "kalloc.64", "kalloc.128",
	"kalloc.256", "kalloc.512", "kalloc.1024", "kalloc.2048",
};
static unsigned long kalloc_large_inuse, kalloc_failures;

void kalloc_init(void)
{
	for (unsigned int i = 0; i < KALLOC_ZONES; i++)
		zone_init(&kalloc_zones[i], kalloc_zone_names[i],
			  (size_t)KALLOC_MIN_ZONE << i, 0);
}

static int kalloc_class(size_t size)
{
	int i = 0;

	while (((size_t)KALLOC_MIN_ZONE << i) < size)
		i++;
	return i;
}

void *kalloc(size_t size)
{
	void *p;

	if (size == 0)
		return NULL;
	if (size <= KALLOC_MAX_ZONE)
		p = zalloc(&kalloc_zones[kalloc_class(size)]);
	else if ((p = kmem_alloc(size)) != NULL)
		__atomic_add_fetch(&kalloc_large_inuse, 1, __ATOMIC_RELAXED);
	if (!p)
		__atomic_add_fetch(&kalloc_failures, 1, __ATOMIC_RELAXED);
	return p;
}

void kfree(void *addr, size_t size)
{
	if (!addr)
		return;
	if (size == 0)
		panic("kfree: %p with size 0", addr);
	if (size <= KALLOC_MAX_ZONE) {
		zfree(&kalloc_zones[kalloc_class(size)], addr);
	} else {
		kmem_free(addr, size);
		__atomic_sub_fetch(&kalloc_large_inuse, 1, __ATOMIC_RELAXED);
	}
}

void kalloc_get_stats(struct kalloc_stats *out)
{
	for (unsigned int i = 0; i < KALLOC_ZONES; i++) {
		struct zone_stats zs;

		zone_get_stats(&kalloc_zones[i], &zs);
		out->zone_inuse[i] = zs.inuse;
		out->zone_pages[i] = zs.pages;
	}
	out->large_inuse = __atomic_load_n(&kalloc_large_inuse, __ATOMIC_RELAXED);
	out->failures = __atomic_load_n(&kalloc_failures, __ATOMIC_RELAXED);
}
