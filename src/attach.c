// SPDX-License-Identifier: GPL-2.0-only
/*
 * Attach and detach for both kinds of device: VFIO cdevs (the VFIO attach
 * ioctls on the device fd) and selftest mock devices (IOMMU_TEST_CMD ops on
 * the iommufd). A second attach of the same RID or PASID is a replace in the
 * kernel; "replace" here only insists that something is attached already.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "attach.h"
#include "cmd.h"
#include "error.h"
#include "iommufd.h"
#include "kerrors.h"
#include "kfeature.h"
#include "kwargs.h"
#include "nesting.h"
#include "output.h"
#include "session.h"
#include "uapi.h"
#include "vfio.h"

int attach_require_pasid(const struct sobj *dev, const char *op, int err)
{
	int fd;

	if (session_iommufd(&fd))
		return 0;
	return kfeature_require(KF_PASID, op, err, fd,
				dev && dev->kind == SOBJ_DEVICE ? dev->fd : -1, 0);
}

/* PASID 0 is the RID: the kernel would alias it silently, so refuse it. */
int attach_check_pasid(const char *ctx, const struct sobj *dev, uint32_t pasid)
{
	int rc;

	if (pasid == 0)
		return err_usage("%s: pasid 0 is the device's RID (no PASID); attach without "
				 "'pasid' for that", ctx);
	/* A kernel without PASID support reports every width as 0. */
	if (dev && dev->pasid_log2 == 0 && (rc = attach_require_pasid(dev, ctx, 0)))
		return rc;
	if (dev && dev->pasid_log2 == 0)
		return err_unsupported("%s: %s %u has no PASID support (hw info reports "
				       "max_pasid_log2 0)", ctx, sobj_kind_name(dev->kind), dev->id);
	if (dev && dev->pasid_log2 > 0 && dev->pasid_log2 < 32 &&
	    pasid >= (1u << dev->pasid_log2))
		return err_usage("%s: pasid %u is beyond the device's %d-bit PASID width "
				 "(1..%u)", ctx, pasid, dev->pasid_log2,
				 (1u << dev->pasid_log2) - 1);
	return 0;
}

static const char *attach_hint(int err, bool pasid)
{
	if (err == -EINVAL && pasid)
		return "a PASID needs an HWPT allocated with 'pasid' (never an IOAS), and the "
		       "RID must be detached or on a 'pasid' HWPT too";
	if (err == -EINVAL)
		return "the HWPT is incompatible with this device (another IOMMU instance, "
		       "dirty tracking the device lacks, a stage-1 configuration the hardware "
		       "rejects, or PASIDs attached to a non-pasid HWPT)";
	if (err == -ENOENT)
		return "no such IOAS or HWPT, or (vIOMMU-nested HWPT) no vDEVICE for this device yet";
	if (err == -EBUSY)
		return "the device or its group is busy (reset in progress)";
	return NULL;
}

/*
 * VT-d checks a nested HWPT's stage-1 flags and width only at attach time,
 * with a bare EINVAL: name the register bit the unit lacks for what this
 * HWPT asked for. NULL when the registers allow all of it.
 */
static const char *vtd_s1_attach_reason(int fd, const struct sobj *dev, const struct sobj *pt,
					char *buf, size_t n)
{
	const char *keys[4];
	char why[300];

	if (!pt || pt->kind != SOBJ_HWPT || pt->data_type != ICTL_IOMMU_HWPT_DATA_VTD_S1 ||
	    dev->kind != SOBJ_DEVICE || !vtd_s1_needs(pt->s1_flags, pt->s1_addr_width, keys))
		return NULL;
	if (!device_verdict_reason(fd, dev->id, keys, why, sizeof(why)))
		return NULL;
	snprintf(buf, n, "the nested HWPT's stage-1 configuration needs what this unit lacks: %s",
		 why);
	return buf;
}

int attach_op(struct sobj *dev, uint32_t pt_id, bool has_pasid, uint32_t pasid, bool replace,
	      uint32_t *out_pt)
{
	const char *op;
	int fd, rc, err;

	if ((rc = session_iommufd(&fd)))
		return rc;
	if (dev->kind == SOBJ_DEVICE) {
		op = "VFIO_DEVICE_ATTACH_IOMMUFD_PT";
		err = vfio_attach_pt(dev->fd, pt_id, has_pasid ? pasid : IFD_NO_PASID, &pt_id);
	} else {
		struct ictl_iommu_test_cmd cmd = { .size = sizeof(cmd), .id = dev->stdev_id };

		if (has_pasid) {
			cmd.op = replace ? ICTL_IOMMU_TEST_OP_PASID_REPLACE : ICTL_IOMMU_TEST_OP_PASID_ATTACH;
			cmd.pasid_attach.pasid = pasid;
			cmd.pasid_attach.pt_id = pt_id;
		} else {
			cmd.op = ICTL_IOMMU_TEST_OP_MOCK_DOMAIN_REPLACE;
			cmd.mock_domain_replace.pt_id = pt_id;
		}
		op = "IOMMU_TEST_CMD";
		err = ifd_test_cmd(fd, &cmd);
		if (err > 0)
			err = 0;
		if (!err && has_pasid && !replace)
			pt_id = cmd.pasid_attach.pt_id;
		else if (!err && !has_pasid)
			pt_id = cmd.mock_domain_replace.pt_id;
	}
	/* VFIO rejects an unknown flag with EINVAL, the mock an unknown op with
	 * EOPNOTSUPP. */
	if (err && has_pasid && (err == -EINVAL || err == -EOPNOTSUPP) &&
	    (rc = attach_require_pasid(dev, op, err)))
		return rc;
	if (err) {
		char why[400];
		const char *h = err == -EINVAL ?
			vtd_s1_attach_reason(fd, dev, session_find_id(pt_id), why, sizeof(why)) : NULL;

		return err_ioctl(op, err, h ? h : attach_hint(err, has_pasid));
	}
	session_id_seen(pt_id);	/* an automatic domain of an IOAS has a new id */
	if (!has_pasid)
		dev->attached_pt = pt_id;
	if (out_pt)
		*out_pt = pt_id;
	return 0;
}

int attach_device(const char *ctx, int argc, char **argv, bool replace)
{
	uint32_t dev_id, pt_id, pasid = 0;
	struct sobj *dev, *pt;
	struct kwarg kw[] = { KW("pasid", KW_U32, &pasid) };
	char what[96];
	bool has_pasid;
	int rc;

	if (argc < 2)
		return err_usage("%s: expected DEV and an IOAS or HWPT", ctx);
	snprintf(what, sizeof(what), "%s: DEV", ctx);
	if ((rc = session_resolve(argv[0], SOBJ_ANY_DEVICE, what, &dev_id, &dev)))
		return rc;
	snprintf(what, sizeof(what), "%s: IOAS or HWPT", ctx);
	if ((rc = session_resolve(argv[1], SOBJ_IOAS | SOBJ_HWPT, what, &pt_id, &pt)))
		return rc;
	if ((rc = parse_kwargs(ctx, argc - 2, argv + 2, kw, ARRAY_SIZE(kw))))
		return rc;
	has_pasid = kw[0].seen;
	if (has_pasid && (rc = attach_check_pasid(ctx, dev, pasid)))
		return rc;
	if (!dev)
		return err_usage("%s: device %u was not opened in this session (use 'device open' "
				 "or 'mock add' and its name or id)", ctx, dev_id);
	if (replace && !has_pasid && !dev->attached_pt)
		return err_usage("%s: %s %u is not attached; use attach", ctx,
				 sobj_kind_name(dev->kind), dev->id);
	if ((rc = attach_op(dev, pt_id, has_pasid, pasid, replace, &pt_id)))
		return rc;
	print_string(PRINT_ANY, "device", "%s", dev->name[0] ? dev->name : sobj_kind_name(dev->kind));
	print_u64(PRINT_ANY, "dev_id", " (dev_id %" PRIu64 ")", dev->id);
	if (has_pasid)
		print_u64(PRINT_ANY, "pasid", " pasid %" PRIu64, pasid);
	print_u64(PRINT_ANY, "attached_hwpt_id", " attached to hwpt %" PRIu64, pt_id);
	if (pt && pt->kind == SOBJ_IOAS)
		print_u64(PRINT_ANY, "ioas_id", " (automatic domain of ioas %" PRIu64 ")", pt->id);
	print_nl();
	return 0;
}

int detach_op(struct sobj *dev, bool has_pasid, uint32_t pasid)
{
	const char *op;
	int fd, rc, err;

	if ((rc = session_iommufd(&fd)))
		return rc;
	if (dev->kind == SOBJ_DEVICE) {
		op = "VFIO_DEVICE_DETACH_IOMMUFD_PT";
		err = vfio_detach_pt(dev->fd, has_pasid ? pasid : IFD_NO_PASID);
	} else {
		struct ictl_iommu_test_cmd cmd = {
			.size = sizeof(cmd), .id = dev->stdev_id,
			.op = ICTL_IOMMU_TEST_OP_PASID_DETACH,
		};

		if (!has_pasid)
			return err_unsupported("a selftest mock device's RID cannot be detached, "
					       "only replaced; 'mock destroy' removes the device");
		cmd.pasid_detach.pasid = pasid;
		op = "IOMMU_TEST_CMD";
		err = ifd_test_cmd(fd, &cmd);
	}
	if (err && has_pasid && (err == -EINVAL || err == -EOPNOTSUPP) &&
	    (rc = attach_require_pasid(dev, op, err)))
		return rc;
	if (err)
		return err_ioctl(op, err, NULL);
	if (!has_pasid)
		dev->attached_pt = 0;
	return 0;
}

int detach_device(const char *ctx, int argc, char **argv)
{
	uint32_t dev_id, pasid = 0;
	struct sobj *dev;
	struct kwarg kw[] = { KW("pasid", KW_U32, &pasid) };
	char what[96];
	bool has_pasid;
	int rc;

	if (argc < 1)
		return err_usage("%s: missing DEV", ctx);
	snprintf(what, sizeof(what), "%s: DEV", ctx);
	if ((rc = session_resolve(argv[0], SOBJ_ANY_DEVICE, what, &dev_id, &dev)))
		return rc;
	if ((rc = parse_kwargs(ctx, argc - 1, argv + 1, kw, ARRAY_SIZE(kw))))
		return rc;
	has_pasid = kw[0].seen;
	if (has_pasid && (rc = attach_check_pasid(ctx, dev, pasid)))
		return rc;
	if (!dev)
		return err_usage("%s: device %u was not opened in this session", ctx, dev_id);
	if ((rc = detach_op(dev, has_pasid, pasid)))
		return rc;
	print_string(PRINT_ANY, "device", "%s", dev->name[0] ? dev->name : sobj_kind_name(dev->kind));
	print_u64(PRINT_ANY, "dev_id", " (dev_id %" PRIu64 ")", dev->id);
	if (has_pasid)
		print_u64(PRINT_ANY, "pasid", " pasid %" PRIu64, pasid);
	print_bool(PRINT_ANY, "detached", " detached\n", true);
	return 0;
}
