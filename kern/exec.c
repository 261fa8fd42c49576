/*
 * kern/exec.c - loading ELF64 executables into new tasks.
 *
 * Until vm_map exists (VM issue) a task's user memory is a set of wired
 * pages made with task_map_page(); the loader copies each PT_LOAD segment
 * into such pages and zero-fills the rest.  Segments must not share pages
 * with different protections (the user linker script page-aligns them);
 * a page needed twice is refused.
 */
#include <kern/machine.h>
#include <kern/console.h>
#include <kern/elf.h>
#include <kern/exec.h>
#include <kern/string.h>
#include <vm/pmap.h>

#define EXEC_ERR (-1)

static int exec_fail(const char *why)
{
	kprintf("exec: %s\n", why);
	return EXEC_ERR;
}

static vm_prot_t segment_prot(uint32_t flags)
{
	vm_prot_t p = 0;

	if (flags & PF_R)
		p |= VM_PROT_READ;
	if (flags & PF_W)
		p |= VM_PROT_WRITE | VM_PROT_READ;
	if (flags & PF_X)
		p |= VM_PROT_EXECUTE | VM_PROT_READ;
	return p;
}

/* Load one PT_LOAD segment (already bounds-checked) page by page. */
static int load_segment(task_t task, const uint8_t *image,
			const struct elf64_phdr *ph)
{
	vaddr_t start = ROUND_DOWN(ph->p_vaddr, PAGE_SIZE);
	vaddr_t end = ROUND_UP(ph->p_vaddr + ph->p_memsz, PAGE_SIZE);
	vm_prot_t prot = segment_prot(ph->p_flags);

	for (vaddr_t va = start; va < end; va += PAGE_SIZE) {
		uint8_t *page = task_map_page(task, va, prot);
		uint64_t lo, hi;

		if (!page)
			return exec_fail("cannot map a segment page (out of "
					 "memory, or pages shared by segments)");
		/* File bytes that fall in [va, va + PAGE_SIZE). */
		lo = MAX(va, ph->p_vaddr);
		hi = MIN(va + PAGE_SIZE, ph->p_vaddr + ph->p_filesz);
		if (lo < hi)
			memcpy(page + (lo - va),
			       image + ph->p_offset + (lo - ph->p_vaddr), hi - lo);
	}
	return 0;
}

int exec_load(task_t task, const void *image, size_t size, vaddr_t *entry)
{
	const struct elf64_ehdr *eh = image;
	const uint8_t *base = image;
	bool loaded = false;

	if (size < sizeof(*eh) || memcmp(eh->e_ident, ELF_MAGIC, 4))
		return exec_fail("not an ELF file");
	if (eh->e_ident[4] != ELFCLASS64 || eh->e_ident[5] != ELFDATA2LSB)
		return exec_fail("not a little-endian ELF64 file");
	if (eh->e_type != ET_EXEC || eh->e_machine != MACHINE_ELF_MACHINE)
		return exec_fail("not an executable for this machine");
	if (eh->e_phentsize != sizeof(struct elf64_phdr) || eh->e_phnum == 0 ||
	    eh->e_phnum > 64 || eh->e_phoff > size ||
	    eh->e_phnum * sizeof(struct elf64_phdr) > size - eh->e_phoff ||
	    (eh->e_phoff & 7))
		return exec_fail("bad program header table");
	for (unsigned int i = 0; i < eh->e_phnum; i++) {
		const struct elf64_phdr *ph = (const void *)(base + eh->e_phoff +
					      i * sizeof(struct elf64_phdr));

		if (ph->p_type != PT_LOAD || ph->p_memsz == 0)
			continue;
		if (ph->p_filesz > ph->p_memsz || ph->p_offset > size ||
		    ph->p_filesz > size - ph->p_offset ||
		    /* One unsigned test: USER_VA_MIN may be 0 (-Wtype-limits). */
		    ph->p_vaddr - USER_VA_MIN >= USER_VA_MAX - USER_VA_MIN ||
		    ph->p_memsz > USER_VA_MAX - ph->p_vaddr ||
		    ph->p_vaddr + ph->p_memsz > USER_STACK_TOP -
						17 * EXEC_STACK_STRIDE)
			return exec_fail("segment outside the file or user space");
		if (load_segment(task, base, ph) != 0)
			return EXEC_ERR;
		loaded = true;
	}
	if (!loaded)
		return exec_fail("no loadable segment");
	if (eh->e_entry - USER_VA_MIN >= USER_VA_MAX - USER_VA_MIN)
		return exec_fail("entry point outside user space");
	*entry = eh->e_entry;
	return 0;
}

vaddr_t exec_build_stack(task_t task, unsigned int index, int argc,
			 const char *const *argv)
{
	vaddr_t top = USER_STACK_TOP - index * EXEC_STACK_STRIDE;
	vaddr_t base = top - USER_STACK_PAGES * PAGE_SIZE;
	uint8_t *pages[USER_STACK_PAGES];
	size_t strings = 0;
	vaddr_t sp, strp;
	uint64_t slot;

	if (argc < 0 || argc > EXEC_MAX_ARGS || index > 16)
		return 0;
	for (unsigned int i = 0; i < USER_STACK_PAGES; i++) {
		pages[i] = task_map_page(task, base + i * PAGE_SIZE,
					 VM_PROT_READ | VM_PROT_WRITE);
		if (!pages[i])
			return 0;
	}
	for (int i = 0; i < argc; i++)
		strings += strlen(argv[i]) + 1;
	/* argc, argv[argc], NULL, envp NULL: (argc + 3) words, 16-aligned. */
	strp = top - ROUND_UP(strings, 16);
	sp = ROUND_DOWN(strp - (argc + 3) * 8, 16);
	if (sp < base + PAGE_SIZE)
		return 0;

#define STACK_PUT(va, src, len)						\
	do {								\
		for (size_t k_ = 0; k_ < (len); k_++) {			\
			vaddr_t a_ = (va) + k_;				\
			pages[(a_ - base) / PAGE_SIZE][a_ & PAGE_MASK] =	\
				((const uint8_t *)(src))[k_];		\
		}							\
	} while (0)

	slot = (uint64_t)argc;
	STACK_PUT(sp, &slot, 8);
	for (int i = 0; i < argc; i++) {
		size_t len = strlen(argv[i]) + 1;

		slot = strp;
		STACK_PUT(sp + 8 + 8 * (vaddr_t)i, &slot, 8);
		STACK_PUT(strp, argv[i], len);
		strp += len;
	}
	slot = 0;
	STACK_PUT(sp + 8 + 8 * (vaddr_t)argc, &slot, 8);	/* argv end */
	STACK_PUT(sp + 16 + 8 * (vaddr_t)argc, &slot, 8);	/* envp end */
#undef STACK_PUT
	return sp;
}

thread_t exec_add_thread(task_t task, vaddr_t entry, unsigned int index,
			 int argc, const char *const *argv)
{
	vaddr_t sp = exec_build_stack(task, index, argc, argv);
	thread_t t;

	if (!sp || !(t = thread_create(task)))
		return NULL;
	thread_start_user(t, entry, sp);
	return t;
}

task_t exec_start_module(const char *name, const void *image, size_t size,
			 int argc, const char *const *argv, thread_t *tp,
			 vaddr_t *entry_out)
{
	task_t task = task_create(kernel_task, name);
	thread_t t;
	vaddr_t entry, sp;

	if (!task)
		return NULL;
	if (exec_load(task, image, size, &entry) != 0 ||
	    !(sp = exec_build_stack(task, 0, argc, argv)) ||
	    !(t = thread_create(task))) {
		task_terminate(task);
		return NULL;
	}
	thread_start_user(t, entry, sp);
	if (tp)
		*tp = t;
	if (entry_out)
		*entry_out = entry;
	task_reference(task);
	return task;
}
