// SPDX-License-Identifier: GPL-2.0-only
/*
 * The raw-ioctl limit for `hwpt invalidate` (bench/README): on the kernel's
 * selftest mock IOMMU, set up what tests/vm/nesting.bats' NESTED lines make
 * (an IOAS, a mock device on it, a nest-parent HWPT, a nested selftest HWPT
 * with the IOTLB seeded, the device moved onto it), then issue
 * IOMMU_HWPT_INVALIDATE CALLS times with ENTRIES selftest entries each, in a
 * tight loop, and print the loop's rate. Written from iommuctl's own ABI
 * headers (src/uapi*.h); nothing else of iommuctl is linked.
 *
 * usage: hwpt_inval CALLS ENTRIES [DEV]   (DEV: /dev/iommu)
 * Entries are iotlb-id 1 for ENTRIES=1 (as the batch line "hwpt invalidate n
 * iotlb-id 1") and ids 0,1,2,3,0,... otherwise (the mock has 4 IOTLB slots).
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "uapi.h"

static int fd;

static void call(unsigned long cmd, void *arg, const char *what)
{
	if (ioctl(fd, cmd, arg)) {
		fprintf(stderr, "hwpt_inval: %s: %s\n", what, strerror(errno));
		exit(1);
	}
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	struct ictl_iommu_ioas_alloc ioas = { .size = sizeof(ioas) };
	struct ictl_iommu_test_cmd mock = { .size = sizeof(mock),
					    .op = ICTL_IOMMU_TEST_OP_MOCK_DOMAIN_FLAGS };
	struct ictl_iommu_hwpt_alloc parent = { .size = sizeof(parent),
						.flags = ICTL_IOMMU_HWPT_ALLOC_NEST_PARENT };
	struct ictl_iommu_hwpt_selftest seed = { .iotlb = 0x1234 };
	struct ictl_iommu_hwpt_alloc nested = { .size = sizeof(nested) };
	struct ictl_iommu_test_cmd replace = { .size = sizeof(replace),
					       .op = ICTL_IOMMU_TEST_OP_MOCK_DOMAIN_REPLACE };
	struct ictl_iommu_hwpt_invalidate_selftest *e;
	unsigned long calls, entries;
	double t0, t;

	if (argc < 3 || argc > 4) {
		fprintf(stderr, "usage: hwpt_inval CALLS ENTRIES [DEV]\n");
		return 2;
	}
	calls = strtoul(argv[1], NULL, 0);
	entries = strtoul(argv[2], NULL, 0);
	if (!calls || !entries || entries > ICTL_IOMMU_HWPT_INVALIDATE_ENTRY_NUM_MAX) {
		fprintf(stderr, "hwpt_inval: CALLS and ENTRIES must be positive, ENTRIES <= %u\n",
			ICTL_IOMMU_HWPT_INVALIDATE_ENTRY_NUM_MAX);
		return 2;
	}
	fd = open(argc > 3 ? argv[3] : "/dev/iommu", O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		perror("hwpt_inval: open");
		return 1;
	}
	call(ICTL_IOMMU_IOAS_ALLOC, &ioas, "IOMMU_IOAS_ALLOC");
	mock.id = ioas.out_ioas_id;
	call(ICTL_IOMMU_TEST_CMD, &mock, "IOMMU_TEST_CMD MOCK_DOMAIN_FLAGS");
	parent.dev_id = mock.mock_domain.out_idev_id;
	parent.pt_id = ioas.out_ioas_id;
	call(ICTL_IOMMU_HWPT_ALLOC, &parent, "IOMMU_HWPT_ALLOC nest parent");
	nested.dev_id = mock.mock_domain.out_idev_id;
	nested.pt_id = parent.out_hwpt_id;
	nested.data_type = ICTL_IOMMU_HWPT_DATA_SELFTEST;
	nested.data_len = sizeof(seed);
	nested.data_uptr = (uintptr_t)&seed;
	call(ICTL_IOMMU_HWPT_ALLOC, &nested, "IOMMU_HWPT_ALLOC nested");
	replace.id = mock.mock_domain.out_stdev_id;
	replace.mock_domain_replace.pt_id = nested.out_hwpt_id;
	call(ICTL_IOMMU_TEST_CMD, &replace, "IOMMU_TEST_CMD MOCK_DOMAIN_REPLACE");

	e = calloc(entries, sizeof(*e));
	if (!e)
		return 1;
	for (unsigned long i = 0; i < entries; i++)
		e[i].iotlb_id = entries == 1 ? 1 : (uint32_t)(i % 4);

	t0 = now();
	for (unsigned long i = 0; i < calls; i++) {
		struct ictl_iommu_hwpt_invalidate inv = {
			.size = sizeof(inv),
			.hwpt_id = nested.out_hwpt_id,
			.data_uptr = (uintptr_t)e,
			.data_type = ICTL_IOMMU_HWPT_INVALIDATE_DATA_SELFTEST,
			.entry_len = sizeof(*e),
			.entry_num = (uint32_t)entries,
		};

		call(ICTL_IOMMU_HWPT_INVALIDATE, &inv, "IOMMU_HWPT_INVALIDATE");
		if (inv.entry_num != entries) {
			fprintf(stderr, "hwpt_inval: call %lu: %u of %lu entries handled\n", i,
				inv.entry_num, entries);
			return 1;
		}
	}
	t = now() - t0;
	printf("hwpt_inval: %lu calls x %lu entries in %.6f s: %.0f calls/s, %.0f entries/s\n",
	       calls, entries, t, (double)calls / t, (double)(calls * entries) / t);
	free(e);
	close(fd);
	return 0;
}
