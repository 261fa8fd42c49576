/*
 * kern/bootstrap.c - the first user tasks: boot modules run by their
 * GNU Mach-style boot-script command lines.
 *
 * Every boot module's command line is a boot-script line: the module's
 * name (the file, possibly with a path), its arguments, and directives:
 *   $(task-create)   create a task for this module (implied: every module
 *                    becomes a task)
 *   $(task-resume)   start it now; without it the task stays suspended
 *                    (so a server started later can resume it)
 *   ${host-port} ${device-port} ...  port names inserted as send rights at
 *                    the lowest free names: that needs the IPC name spaces
 *                    of the IPC issue; until then such a word is replaced
 *                    by "0" (MACH_PORT_NULL) and the boot report says so.
 * Words are separated by blanks; single quotes group and are removed, as
 * in GNU Mach's boot scripts.  argv[0] is the module's base name.
 */
#include <kern/machine.h>
#include <kern/bootinfo.h>
#include <kern/bootstrap.h>
#include <kern/console.h>
#include <kern/exec.h>
#include <kern/string.h>

#define WORD_MAX 64

/*
 * next_word: copy the next blank-separated word of *p (quotes removed)
 * into buf; returns false at the end of the line.
 */
static bool next_word(const char **p, char *buf, size_t size)
{
	const char *s = *p;
	size_t n = 0;
	bool quoted = false;

	while (*s == ' ' || *s == '\t')
		s++;
	if (!*s)
		return false;
	for (; *s && (quoted || (*s != ' ' && *s != '\t')); s++) {
		if (*s == '\'') {
			quoted = !quoted;
			continue;
		}
		if (n + 1 < size)
			buf[n++] = *s;
	}
	buf[n] = '\0';
	*p = s;
	return true;
}

static const char *base_name(const char *path)
{
	const char *slash = strchr(path, '/');

	while (slash) {
		path = slash + 1;
		slash = strchr(path, '/');
	}
	return path;
}

/* Does the line hold any $(...) directive? */
static bool has_directive(const char *line)
{
	for (; *line; line++)
		if (line[0] == '$' && line[1] == '(')
			return true;
	return false;
}

/*
 * bootstrap_module: start one module as its command line says; a line
 * without any $(...) directive is a plain program, created and resumed.
 * Returns true on success.
 */
static bool bootstrap_module(const struct boot_module *m)
{
	static char words[EXEC_MAX_ARGS][WORD_MAX];
	const char *argv[EXEC_MAX_ARGS];
	const char *p = m->cmdline;
	char word[WORD_MAX];
	bool resume = !has_directive(m->cmdline);
	int argc = 0;
	thread_t t;
	task_t task;

	while (next_word(&p, word, sizeof(word))) {
		if (!strcmp(word, "$(task-create)"))
			continue;
		if (!strcmp(word, "$(task-resume)")) {
			resume = true;
			continue;
		}
		if (argc == EXEC_MAX_ARGS) {
			kprintf("bootstrap: too many arguments in \"%s\"\n", m->cmdline);
			return false;
		}
		if (word[0] == '$' && word[1] == '{') {
			kprintf("bootstrap: %s needs port name spaces (IPC issue); "
				"passing 0\n", word);
			strlcpy(word, "0", sizeof(word));
		}
		strlcpy(words[argc], argc == 0 ? base_name(word) : word, WORD_MAX);
		argv[argc] = words[argc];
		argc++;
	}
	if (argc == 0)
		return false;
	task = exec_start_module(argv[0], phys_to_virt(m->start),
				 (size_t)(m->end - m->start), argc, argv, &t, NULL);
	if (!task) {
		kprintf("bootstrap: %s: not started\n", argv[0]);
		return false;
	}
	kprintf("bootstrap: %s: task started%s\n", argv[0],
		resume ? "" : " suspended (no $(task-resume))");
	if (resume)
		thread_resume(t);
	task_deallocate(task);		/* the task keeps itself alive */
	return true;
}

unsigned int bootstrap_modules(void)
{
	unsigned int started = 0;

	for (unsigned int i = 0; i < boot_info.module_count; i++)
		started += bootstrap_module(&boot_info.modules[i]);
	return started;
}
