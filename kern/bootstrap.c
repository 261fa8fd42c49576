/*
 * kern/bootstrap.c - the first user tasks: boot modules run by their
 * GNU Mach-style boot-script command lines.
 *
 * Every boot module's command line is a boot-script line: the module's
 * name (the file, possibly with a path), its arguments, and directives:
 *   $(task-create)   create a task for this module (implied: every module
 *                    becomes a task)
 *   $(NAME=task-create)  the same, and bind the variable NAME to the task
 *   $(task-resume)   start it now; without it the task is left with a
 *                    suspend count of one (a server that holds its port
 *                    starts it with task_resume)
 *   ${host-port}     a send right to the privileged host port, inserted
 *                    into this line's task; the word becomes its name in
 *                    decimal (as GNU Mach's boot scripts pass it)
 *   ${NAME}          a send right to the task port of the line that bound
 *                    NAME (earlier or later lines: every task is created
 *                    before any argument is resolved)
 *   ${device-port}   no device interface yet: the word becomes "0"
 *                    (MACH_PORT_NULL) and the console says so; an unknown
 *                    variable does the same.
 * Words are separated by blanks; single quotes group and are removed, as
 * in GNU Mach's boot scripts.  argv[0] is the module's base name.
 */
#include <kern/machine.h>
#include <kern/bootinfo.h>
#include <kern/bootstrap.h>
#include <kern/console.h>
#include <kern/exec.h>
#include <kern/host.h>
#include <kern/ipc_tt.h>
#include <kern/string.h>
#include <mach/port.h>
#include <ipc/ipc_port.h>
#include <ipc/ipc_right.h>

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

/* One boot-script line: its module, its task, the variable bound to it. */
struct boot_line {
	const struct boot_module *module;
	task_t task;			/* NULL if it could not be made */
	char var[WORD_MAX];		/* "" unless $(NAME=task-create) */
	bool resume;
};

static struct boot_line boot_lines[BOOT_MAX_MODULES];

/*
 * create_line_task: pass one for a line: its task (empty, no thread yet),
 * the variable a $(NAME=task-create) binds and whether $(task-resume)
 * asks to start it.  A line without any $(...) is created and resumed.
 */
static void create_line_task(struct boot_line *l)
{
	const char *p = l->module->cmdline;
	char word[WORD_MAX];
	bool first = true;

	l->resume = !has_directive(p);
	l->var[0] = '\0';
	l->task = NULL;
	while (next_word(&p, word, sizeof(word))) {
		size_t n = strlen(word);

		if (first) {
			/* Its creation reference is dropped by task_terminate;
			 * the pass holds one more, since a task started early
			 * may end before a later line names it. */
			l->task = task_create(kernel_task, base_name(word));
			if (l->task)
				task_reference(l->task);
			first = false;
		} else if (!strcmp(word, "$(task-resume)")) {
			l->resume = true;
		} else if (n > 14 && word[0] == '$' && word[1] == '(' &&
			   !strcmp(word + n - 13, "=task-create)")) {
			size_t len = n - 2 - 13;

			memcpy(l->var, word + 2, len);
			l->var[len] = '\0';
		} else if (word[0] == '$' && word[1] == '(' &&
			   strcmp(word, "$(task-create)")) {
			kprintf("bootstrap: unknown directive %s ignored\n",
				word);
		}
	}
}

/*
 * variable_port: the port a ${...} word names (a send right made for the
 * caller), or NULL after saying why on the console.
 */
static struct ipc_port *variable_port(const char *word, unsigned int count)
{
	char name[WORD_MAX];
	size_t n = strlen(word);

	if (n < 4 || word[n - 1] != '}') {
		kprintf("bootstrap: malformed variable %s; passing 0\n", word);
		return NULL;
	}
	memcpy(name, word + 2, n - 3);
	name[n - 3] = '\0';
	if (!strcmp(name, "host-port")) {
		ipc_port_make_send(realhost.host_priv_self);
		return realhost.host_priv_self;
	}
	for (unsigned int i = 0; i < count; i++)
		if (boot_lines[i].task && !strcmp(boot_lines[i].var, name))
			return retrieve_task_self(boot_lines[i].task);
	kprintf("bootstrap: %s is not available (no device interface yet, or "
		"no line binds it); passing 0\n", word);
	return NULL;
}

/*
 * start_line: pass two for a line: resolve its ${...} words into send
 * rights inserted into its task, load the image with the argv that
 * results and start it if $(task-resume) (or no directive) says so.
 * Returns true on success; on failure the task is terminated.
 */
static bool start_line(struct boot_line *l, unsigned int count)
{
	static char words[EXEC_MAX_ARGS][WORD_MAX];
	const char *argv[EXEC_MAX_ARGS];
	const struct boot_module *m = l->module;
	const char *p = m->cmdline;
	char word[WORD_MAX];
	int argc = 0;
	thread_t t;

	if (!l->task) {
		kprintf("bootstrap: \"%s\": no task\n", m->cmdline);
		return false;
	}
	while (next_word(&p, word, sizeof(word))) {
		if (word[0] == '$' && word[1] == '(')
			continue;
		if (argc == EXEC_MAX_ARGS) {
			kprintf("bootstrap: too many arguments in \"%s\"\n",
				m->cmdline);
			goto fail;
		}
		if (word[0] == '$' && word[1] == '{') {
			struct ipc_port *port = variable_port(word, count);
			mach_port_name_t name = MACH_PORT_NULL;

			if (port && ipc_right_copyout(l->task->itk_space,
						      &port->obj, IPC_RIGHT_SEND,
						      &name) != KERN_SUCCESS) {
				ipc_port_release_send(port);
				name = MACH_PORT_NULL;
			}
			ksnprintf(word, sizeof(word), "%u", (unsigned int)name);
		}
		strlcpy(words[argc], argc == 0 ? base_name(word) : word, WORD_MAX);
		argv[argc] = words[argc];
		argc++;
	}
	if (argc == 0 ||
	    !exec_start_in_task(l->task, phys_to_virt(m->start),
				(size_t)(m->end - m->start), argc, argv, &t,
				NULL)) {
		kprintf("bootstrap: %s: not started\n",
			argc ? argv[0] : m->cmdline);
		goto fail;
	}
	kprintf("bootstrap: %s: task started%s\n", argv[0],
		l->resume ? "" : " suspended (no $(task-resume))");
	/* Without $(task-resume) the task itself is suspended, as GNU Mach
	 * leaves it: task_resume through its port starts it. */
	if (!l->resume)
		task_suspend(l->task);
	thread_resume(t);
	return true;
fail:
	task_terminate(l->task);
	return false;
}

unsigned int bootstrap_modules(void)
{
	unsigned int count = boot_info.module_count, started = 0;

	if (count > BOOT_MAX_MODULES)
		count = BOOT_MAX_MODULES;
	for (unsigned int i = 0; i < count; i++) {
		boot_lines[i].module = &boot_info.modules[i];
		create_line_task(&boot_lines[i]);
	}
	for (unsigned int i = 0; i < count; i++)
		started += start_line(&boot_lines[i], count);
	/* The tasks keep themselves alive while they have threads; drop the
	 * references the passes held now that every right is made. */
	for (unsigned int i = 0; i < count; i++) {
		if (boot_lines[i].task)
			task_deallocate(boot_lines[i].task);
		boot_lines[i].task = NULL;
	}
	return started;
}
