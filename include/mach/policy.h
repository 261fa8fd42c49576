/*
 * include/mach/policy.h - scheduling policies (thread_policy,
 * processor_set_policy_enable/disable; GNU Mach's values).
 */
#ifndef MACH_POLICY_H
#define MACH_POLICY_H

#define POLICY_TIMESHARE	1	/* priority decays with CPU use */
#define POLICY_FIXEDPRI		2	/* base priority, round robin */

#endif /* MACH_POLICY_H */
