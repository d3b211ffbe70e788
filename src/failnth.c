// SPDX-License-Identifier: GPL-2.0-only
/* IOMMUCTL_FAIL_NTH: the kernel's per-task fault injection, for tests. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "cmd.h"
#include "error.h"
#include "failnth.h"

static int nth_fd = -1;
static unsigned nth;
static int lock_err;	/* errno of mlockall, 0 when the pages are locked */

int failnth_arm(void)
{
	const char *s = getenv("IOMMUCTL_FAIL_NTH");
	char buf[16];
	uint32_t v;
	int len;

	if (!s)
		return 0;
	if (parse_u32("IOMMUCTL_FAIL_NTH", s, &v))
		return EXIT_USAGE;
	if (v == 0 || v > INT32_MAX)
		return err_usage("IOMMUCTL_FAIL_NTH: %s: expected 1 to %d", s, INT32_MAX);
	/* The tool's own pages (code, libraries, heap, stack) are faulted in
	 * and locked before arming, and later mappings are populated when
	 * made: the points walked are then the kernel's work for the command
	 * (an injected failure in a later mapping is an mmap/brk error that
	 * malloc handles), not lazy faults on the tool's own code. */
	lock_err = mlockall(MCL_CURRENT | MCL_FUTURE) ? errno : 0;
	/* opened before arming: the open itself allocates in the kernel */
	nth_fd = open("/proc/thread-self/fail-nth", O_RDWR | O_CLOEXEC);
	if (nth_fd < 0)
		return err_errno(EXIT_UNSUPPORTED, "open", errno, "/proc/thread-self/fail-nth: "
				 "the kernel has no per-task fault injection "
				 "(CONFIG_FAULT_INJECTION)");
	nth = v;
	len = snprintf(buf, sizeof(buf), "%u", v);
	if (write(nth_fd, buf, (size_t)len) != len) {
		int e = errno;

		close(nth_fd);
		nth_fd = -1;
		return err_errno(EXIT_FAILED, "write", e, "/proc/thread-self/fail-nth");
	}
	return 0;
}

void failnth_report(void)
{
	char buf[16] = "";
	unsigned long left;
	ssize_t n;

	if (nth_fd < 0)
		return;
	/* reads the counter left: 0 once the fault fired. The read copies to
	 * user space, itself an injection point: a failed read fired there. */
	n = pread(nth_fd, buf, sizeof(buf) - 1, 0);
	left = n < 0 ? 0 : strtoul(buf, NULL, 10);
	/* Disarm: what is left is process exit (unmapping and closing the
	 * files mapped at start), not iommuctl's work; on the test VM's 9p
	 * root, Linux 7.2's 9p client fails every later open with EINVAL once
	 * a failure is injected there. The write's copy from user space is a
	 * point too: if it fails, the fault fired there. */
	if (left && pwrite(nth_fd, "0", 1, 0) != 1)
		left = 0;
	if (!left)
		fprintf(stderr, "fail-nth: %u injected", nth);
	else
		fprintf(stderr, "fail-nth: %u not reached (%lu points short)", nth, left);
	if (lock_err)
		fprintf(stderr, " (pages not locked: mlockall: %s)", strerror(lock_err));
	fputc('\n', stderr);
	close(nth_fd);
	nth_fd = -1;
}
