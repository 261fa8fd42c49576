/*
 * kern/exec.c - loading ELF64 executables into new tasks.
 *
 * Each PT_LOAD segment becomes one VM object entered in the task's map at
 * the segment's pages with the segment's protection (text R+X, rodata R,
 * data R+W; maximum VM_PROT_ALL, inheritance COPY): the pages holding
 * file bytes are filled now, the rest (.bss) is zero-filled by the first
 * fault.  A user stack is zero-fill memory too, except for the pages that
 * receive argc, argv and the strings.  Segments must not share pages (the
 * user linker script page-aligns them): a page needed twice is refused.
 */
#include <kern/machine.h>
#include <kern/console.h>
#include <kern/elf.h>
#include <kern/exec.h>
#include <kern/string.h>
#include <vm/vm_kern.h>
#include <vm/vm_user.h>

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

/*
 * load_segment: enter one PT_LOAD segment (already bounds-checked) in the
 * task's map, its file bytes copied, the rest zero.  Returns 0 or
 * EXEC_ERR with a message.
 */
static int load_segment(task_t task, const uint8_t *image,
			const struct elf64_phdr *ph)
{
	vaddr_t start = ROUND_DOWN(ph->p_vaddr, PAGE_SIZE);
	vaddr_t end = ROUND_UP(ph->p_vaddr + ph->p_memsz, PAGE_SIZE);
	kern_return_t kr;

	kr = vm_map_enter_data(task->map, &start, end - start, false,
			       image + ph->p_offset, ph->p_vaddr - start,
			       ph->p_filesz, segment_prot(ph->p_flags),
			       VM_INHERIT_COPY);
	if (kr == KERN_NO_SPACE)
		return exec_fail("segments share a page");
	if (kr != KERN_SUCCESS)
		return exec_fail("cannot map a segment (out of memory)");
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
	size_t strings = 0, len;
	vaddr_t sp, strp, at;
	uint8_t *block;
	uint64_t slot;
	kern_return_t kr;

	if (argc < 0 || argc > EXEC_MAX_ARGS || index > 16)
		return 0;
	for (int i = 0; i < argc; i++)
		strings += strlen(argv[i]) + 1;
	/* argc, argv[argc], NULL, envp NULL: (argc + 3) words, 16-aligned. */
	strp = top - ROUND_UP(strings, 16);
	sp = ROUND_DOWN(strp - (argc + 3) * 8, 16);
	if (sp < base + PAGE_SIZE)
		return 0;
	/* The block [sp, top) is laid out in a kernel buffer first. */
	len = top - sp;
	block = kalloc(len);
	if (!block)
		return 0;
	memset(block, 0, len);
	slot = (uint64_t)argc;
	memcpy(block, &slot, 8);
	at = strp;
	for (int i = 0; i < argc; i++) {
		size_t n = strlen(argv[i]) + 1;

		slot = at;
		memcpy(block + 8 + 8 * (size_t)i, &slot, 8);
		memcpy(block + (at - sp), argv[i], n);
		at += n;
	}
	/* argv[argc] and the empty envp's NULL are the buffer's zeros. */
	kr = vm_map_enter_data(task->map, &base, top - base, false, block,
			       sp - base, len, VM_PROT_READ | VM_PROT_WRITE,
			       VM_INHERIT_COPY);
	kfree(block, len);
	return kr == KERN_SUCCESS ? sp : 0;
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

bool exec_start_in_task(task_t task, const void *image, size_t size,
			int argc, const char *const *argv, thread_t *tp,
			vaddr_t *entry_out)
{
	thread_t t;
	vaddr_t entry, sp;

	if (exec_load(task, image, size, &entry) != 0 ||
	    !(sp = exec_build_stack(task, 0, argc, argv)) ||
	    !(t = thread_create(task)))
		return false;
	thread_start_user(t, entry, sp);
	if (tp)
		*tp = t;
	if (entry_out)
		*entry_out = entry;
	return true;
}

task_t exec_start_module(const char *name, const void *image, size_t size,
			 int argc, const char *const *argv, thread_t *tp,
			 vaddr_t *entry_out)
{
	task_t task = task_create(kernel_task, name);

	if (!task)
		return NULL;
	if (!exec_start_in_task(task, image, size, argc, argv, tp, entry_out)) {
		task_terminate(task);
		return NULL;
	}
	task_reference(task);
	return task;
}
