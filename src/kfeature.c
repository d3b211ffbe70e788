// SPDX-License-Identifier: GPL-2.0-only
/* Kernel features asked of the running kernel: see kfeature.h. */
#include <errno.h>

#include "cmd.h"
#include "error.h"
#include "iommufd.h"
#include "kfeature.h"

struct kfeat_def {
	const char *since;	/* the release that added it (iommufd-uapi.md §10) */
	const char *what;	/* what the kernel lacks, for the sentence */
	uint32_t test_op;	/* the selftest op that probes it, 0 if none */
};

static const struct kfeat_def defs[KF_COUNT] = {
	[KF_PASID] = { "6.15", "PASID attach (VFIO_DEVICE_ATTACH_PASID, IOMMU_HWPT_ALLOC_PASID, "
			       "the mock's PASID ops)", ICTL_IOMMU_TEST_OP_PASID_CHECK_HWPT },
	[KF_HW_INFO_TYPE] = { "6.17", "asking IOMMU_GET_HW_INFO for a given data type "
				      "(IOMMU_HW_INFO_FLAG_INPUT_TYPE)", 0 },
	[KF_MOCK_DEV_CACHE] = { "6.13", "the mock's device cache (IOMMU_TEST_OP_DEV_CHECK_CACHE, "
					"with vIOMMU invalidation)", ICTL_IOMMU_TEST_OP_DEV_CHECK_CACHE },
	[KF_MOCK_VEVENT] = { "6.15", "the mock's vEVENTs (IOMMU_TEST_OP_TRIGGER_VEVENT)",
			     ICTL_IOMMU_TEST_OP_TRIGGER_VEVENT },
};

/* One answer per feature and process: the kernel does not change under us. */
static int cache[KF_COUNT];	/* 0 not asked, 1 has it, 2 lacks it */

enum kfeature kfeature_of_test_op(uint32_t op)
{
	switch (op) {
	case ICTL_IOMMU_TEST_OP_DEV_CHECK_CACHE:
		return KF_MOCK_DEV_CACHE;
	case ICTL_IOMMU_TEST_OP_TRIGGER_VEVENT:
		return KF_MOCK_VEVENT;
	case ICTL_IOMMU_TEST_OP_PASID_ATTACH:
	case ICTL_IOMMU_TEST_OP_PASID_REPLACE:
	case ICTL_IOMMU_TEST_OP_PASID_DETACH:
	case ICTL_IOMMU_TEST_OP_PASID_CHECK_HWPT:
		return KF_PASID;
	default:
		return KF_COUNT;
	}
}

/* A selftest op with id 0 (never an object): unknown ops are EOPNOTSUPP,
 * known ones fail their id lookup (ENOENT) first. */
static int probe_test_op(int iommufd, uint32_t op)
{
	struct ictl_iommu_test_cmd cmd = { .size = sizeof(cmd), .op = op };
	int err;

	if (iommufd < 0)
		return -1;
	err = ifd_test_cmd(iommufd, &cmd);
	if (err == -ENOTTY)
		return -1;	/* no mock driver: it cannot tell */
	return err != -EOPNOTSUPP;
}

/* Detach PASID 0 (iommuctl never attaches it, so this detaches nothing):
 * a kernel without the flag rejects it with EINVAL. */
static int probe_vfio_pasid(int devfd)
{
	int err = vfio_detach_pt(devfd, 0);

	if (err == -EINVAL)
		return 0;
	return err == 0 || err == -EOPNOTSUPP ? 1 : -1;
}

/* The flag with the default type: only a kernel without the flag refuses. */
static int probe_hw_info_type(int iommufd, uint32_t dev_id)
{
	struct ictl_iommu_hw_info cmd = {
		.size = sizeof(cmd),
		.flags = ICTL_IOMMU_HW_INFO_FLAG_INPUT_TYPE,
		.dev_id = dev_id,
	};
	int err = ifd_get_hw_info(iommufd, &cmd);

	if (err == -EOPNOTSUPP)
		return 0;
	return err == 0 ? 1 : -1;
}

int kfeature_probe(enum kfeature f, int iommufd, int devfd, uint32_t dev_id)
{
	int r = -1;

	if (f >= KF_COUNT)
		return -1;
	if (cache[f])
		return cache[f] == 1;
	if (f == KF_PASID && devfd >= 0)
		r = probe_vfio_pasid(devfd);
	else if (f == KF_HW_INFO_TYPE && dev_id)
		r = probe_hw_info_type(iommufd, dev_id);
	else if (defs[f].test_op)
		r = probe_test_op(iommufd, defs[f].test_op);
	if (r >= 0)
		cache[f] = r ? 1 : 2;
	return r;
}

int kfeature_require_test_op(uint32_t op, int err, int iommufd)
{
	if (err != -EOPNOTSUPP)
		return 0;
	return kfeature_require(kfeature_of_test_op(op), "IOMMU_TEST_CMD", err, iommufd, -1, 0);
}

int kfeature_require(enum kfeature f, const char *op, int err, int iommufd, int devfd,
		     uint32_t dev_id)
{
	if (f >= KF_COUNT || kfeature_probe(f, iommufd, devfd, dev_id) != 0)
		return 0;
	if (err < 0)
		err = -err;
	if (!err)	/* refused before the kernel was asked */
		return err_unsupported("%s: not supported by this kernel (needs %s or later): "
				       "it lacks %s", op, defs[f].since, defs[f].what);
	return err_errno(EXIT_UNSUPPORTED, op, err,
			 "not supported by this kernel (needs %s or later): it lacks %s",
			 defs[f].since, defs[f].what);
}
