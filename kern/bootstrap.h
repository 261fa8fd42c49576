/*
 * kern/bootstrap.h - starting the boot modules as the first user tasks.
 */
#ifndef KERN_BOOTSTRAP_H
#define KERN_BOOTSTRAP_H

/*
 * bootstrap_modules: create a task for every boot module, following its
 * boot-script command line (kern/bootstrap.c).  Returns how many started.
 * Conditions: the scheduler runs; called from the boot thread.
 */
unsigned int bootstrap_modules(void);

#endif /* KERN_BOOTSTRAP_H */
