// SPDX-License-Identifier: GPL-2.0-only
/* IOMMUCTL_FAIL_NTH: the kernel's per-task fault injection, for tests. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "error.h"
#include "failnth.h"

static int nth_fd = -1;
static unsigned nth;

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
	ssize_t n;

	if (nth_fd < 0)
		return;
	/* reads the counter left: 0 once the fault fired. The read copies to
	 * user space, itself an injection point: a failed read fired there. */
	n = pread(nth_fd, buf, sizeof(buf) - 1, 0);
	if (n < 0 || strtoul(buf, NULL, 10) == 0)
		fprintf(stderr, "fail-nth: %u injected\n", nth);
	else
		fprintf(stderr, "fail-nth: %u not reached (%lu points short)\n", nth,
			strtoul(buf, NULL, 10));
	close(nth_fd);
	nth_fd = -1;
}
