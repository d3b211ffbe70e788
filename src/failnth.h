/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Kernel fault injection for tests: IOMMUCTL_FAIL_NTH=N arms the kernel's
 * per-task fail-nth counter (/proc/thread-self/fail-nth, CONFIG_FAULT_INJECTION)
 * so that the Nth fault-injection point this process reaches in the kernel
 * (a slab or page allocation, a user copy, an iommufd object lookup) fails.
 * The counter is per task and not inherited, so the tool arms it itself,
 * right before the command runs; a test raises N until the run is untouched.
 */
#ifndef IOMMUCTL_FAILNTH_H
#define IOMMUCTL_FAILNTH_H

/* Arm from the environment; a bad value or a kernel without fail-nth is a
 * usage error (exit 2) or unsupported (exit 3), reported. 0: armed or unset. */
int failnth_arm(void);
/* Print to stderr whether the fault was injected ("fail-nth: N injected" or
 * "fail-nth: N not reached"). Nothing if not armed. */
void failnth_report(void);

#endif
