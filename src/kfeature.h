/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Kernel features that arrived after iommufd itself, asked of the running
 * kernel. A command that fails with an answer that may mean "this kernel is
 * too old" (EOPNOTSUPP for a flag or mock op, EINVAL for a VFIO flag) asks
 * the kernel a harmless question that only a kernel with the feature
 * answers differently; the kernel's version string is never consulted. The
 * release that added a feature only explains the answer ("needs 6.15 or
 * later"). An ioctl the kernel lacks answers ENOTTY by itself (kerrors.c).
 */
#ifndef IOMMUCTL_KFEATURE_H
#define IOMMUCTL_KFEATURE_H

#include <stdint.h>

enum kfeature {
	/*
	 * PASID support (6.15, one series): VFIO_DEVICE_ATTACH/DETACH_PASID,
	 * IOMMU_HWPT_ALLOC_PASID, out_max_pasid_log2 and the mock's PASID ops.
	 * Probed on a VFIO device (detach PASID 0, which is never attached:
	 * EINVAL from a kernel without the flag) or on the mock (an unknown op
	 * is EOPNOTSUPP, a known one with id 0 is ENOENT).
	 */
	KF_PASID,
	KF_HW_INFO_TYPE,	/* IOMMU_HW_INFO_FLAG_INPUT_TYPE, 6.17 */
	KF_MOCK_DEV_CACHE,	/* IOMMU_TEST_OP_DEV_CHECK_CACHE, 6.13 */
	KF_MOCK_VEVENT,		/* IOMMU_TEST_OP_TRIGGER_VEVENT, 6.15 */
	KF_COUNT,
};

/*
 * Does the running kernel have f? 1 yes, 0 no, -1 the probe could not tell
 * (no device to ask, no mock driver). devfd: a bound VFIO device cdev or -1;
 * dev_id: its iommufd device id (KF_HW_INFO_TYPE), else 0.
 */
int kfeature_probe(enum kfeature f, int iommufd, int devfd, uint32_t dev_id);

/* The mock-driver feature of a selftest op, or KF_COUNT for the 6.2-6.12 ops. */
enum kfeature kfeature_of_test_op(uint32_t op);

/* kfeature_require() for a selftest op that failed with err: only an
 * EOPNOTSUPP can mean the mock does not know the op. */
int kfeature_require_test_op(uint32_t op, int err, int iommufd);

/*
 * When the kernel lacks f, report "<op>: not supported by this kernel
 * (needs X.Y or later): <what f is>" (exit 3) and return EXIT_UNSUPPORTED;
 * otherwise return 0 and report nothing.
 */
int kfeature_require(enum kfeature f, const char *op, int err, int iommufd, int devfd,
		     uint32_t dev_id);

#endif
