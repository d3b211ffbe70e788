// SPDX-License-Identifier: GPL-2.0-only
/*
 * mock: devices of the kernel's selftest mock IOMMU (CONFIG_IOMMUFD_TEST),
 * created and checked through IOMMU_TEST_CMD. They have no VFIO cdev; they
 * exist to exercise every iommufd path on a kernel without IOMMU hardware.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>

#include "attach.h"
#include "buffer.h"
#include "cmd.h"
#include "dirty.h"
#include "error.h"
#include "host.h"
#include "iommufd.h"
#include "kerrors.h"
#include "kfeature.h"
#include "kwargs.h"
#include "mock_checks.h"
#include "objects.h"
#include "output.h"
#include "session.h"
#include "sysfs.h"

/* The report for err from cmd: ENOTTY means the kernel has no mock driver
 * at all, EOPNOTSUPP may mean a mock that predates the op. */
static int test_cmd_error(int fd, const struct ictl_iommu_test_cmd *cmd, int err,
			  const char *hint)
{
	int rc;

	if (err >= 0)
		return 0;
	if (err == -ENOTTY)
		return err_unsupported("IOMMU_TEST_CMD: this kernel was built without "
				       "CONFIG_IOMMUFD_TEST (the selftest mock IOMMU)");
	if ((rc = kfeature_require_test_op(cmd->op, err, fd)))
		return rc;
	return err_ioctl("IOMMU_TEST_CMD", err, hint);
}

/* One IOMMU_TEST_CMD, its failure reported. */
static int test_cmd(int fd, struct ictl_iommu_test_cmd *cmd, const char *hint)
{
	return test_cmd_error(fd, cmd, ifd_test_cmd(fd, cmd), hint);
}

/*
 * EINVAL from adding a mock device onto an IOAS, on a host with a hardware
 * IOMMU unit: a kernel whose bus-registered IOMMUs have no firmware node of
 * their own (Linux 6.12; 7.2 gives them one) probes every device without a
 * fwspec with the ops of the first such driver, here the unit's (VT-d,
 * AMD-Vi). The mock device then has no IOMMU and iommufd refuses to bind
 * it (no cache coherency). The mock is unusable on such a host: unsupported,
 * and said why. Told apart from a passing EINVAL (an injected fault, say) by
 * asking once more: this one answers EINVAL every time. *err is the second
 * answer; 0 when this is not the case.
 */
static int mock_probed_by_hw(int fd, struct ictl_iommu_test_cmd *cmd, int *err,
			     const struct sobj *pto)
{
	struct sf_list units = { 0 };
	int rc = 0;

	if (*err != -EINVAL || (pto && !(pto->kind & SOBJ_IOAS)) || iommu_list_units(&units) ||
	    !units.n)
		goto out;
	*err = ifd_test_cmd(fd, cmd);
	if (*err != -EINVAL)
		goto out;
	rc = err_unsupported("IOMMU_TEST_CMD: EINVAL: the selftest mock device could not be "
			     "bound: this kernel probed it with the driver of IOMMU unit %s (it "
			     "gives the mock IOMMU no firmware node of its own, as Linux 6.12 "
			     "does not), so the mock has no IOMMU; on this kernel the mock works "
			     "only without a hardware IOMMU driver (e.g. intel_iommu=off)",
			     units.names[0]);
out:
	sf_list_free(&units);
	return rc;
}

static int mock_add(int argc, char **argv)
{
	const char *ctx = "mock add", *name = NULL;
	bool pasid = false, no_dirty = false;
	uint32_t pt;
	struct sobj *pto;
	struct kwarg kw[] = {
		KW("pasid", KW_FLAG, &pasid),
		KW("no-dirty", KW_FLAG, &no_dirty),
		KW("name", KW_NAME, &name),
	};
	struct ictl_iommu_test_cmd cmd = { .size = sizeof(cmd),
					   .op = ICTL_IOMMU_TEST_OP_MOCK_DOMAIN_FLAGS };
	struct sobj *o;
	int fd, rc, err;

	if (argc < 1)
		return err_usage("%s: missing IOAS or HWPT to attach the new device to", ctx);
	if ((rc = session_resolve(argv[0], SOBJ_IOAS | SOBJ_HWPT, "mock add: IOAS or HWPT", &pt, &pto)) ||
	    (rc = parse_kwargs(ctx, argc - 1, argv + 1, kw, ARRAY_SIZE(kw))))
		return rc;
	if ((rc = session_iommufd(&fd)))
		return rc;
	cmd.id = pt;
	cmd.mock_domain.dev_flags = (pasid ? ICTL_MOCK_FLAGS_DEVICE_PASID : 0) |
				    (no_dirty ? ICTL_MOCK_FLAGS_DEVICE_NO_DIRTY : 0);
	err = ifd_test_cmd(fd, &cmd);
	/* A mock without PASID devices rejects the flag with EINVAL. */
	if (pasid && err == -EINVAL && (rc = attach_require_pasid(NULL, "IOMMU_TEST_CMD", err)))
		return rc;
	if ((rc = mock_probed_by_hw(fd, &cmd, &err, pto)))
		return rc;
	if ((rc = test_cmd_error(fd, &cmd, err, "the IOAS or HWPT to attach to does not exist "
				 "or does not fit")))
		return rc;
	o = session_add(SOBJ_MOCK, cmd.mock_domain.out_idev_id, name, -1,
			"mock device (selftest object %u)%s%s", cmd.mock_domain.out_stdev_id,
			pasid ? " pasid" : "", no_dirty ? " no-dirty" : "");
	if (!o)
		return EXIT_FAILED;
	o->stdev_id = cmd.mock_domain.out_stdev_id;
	o->mock_hwpt_id = cmd.mock_domain.out_hwpt_id;
	session_id_seen(o->stdev_id);
	session_id_seen(o->mock_hwpt_id);
	o->attached_pt = cmd.mock_domain.out_hwpt_id;
	o->pasid_log2 = pasid ? ICTL_MOCK_PASID_WIDTH : 0;
	print_u64(PRINT_ANY, "dev_id", "mock dev_id %" PRIu64, o->id);
	print_u64(PRINT_ANY, "stdev_id", " stdev %" PRIu64, o->stdev_id);
	print_u64(PRINT_ANY, "hwpt_id", " hwpt %" PRIu64, o->mock_hwpt_id);
	print_bool(PRINT_JSON, "pasid", NULL, pasid);
	print_bool(PRINT_JSON, "dirty", NULL, !no_dirty);
	if (pasid)
		print_text(" pasid");
	if (no_dirty)
		print_text(" no-dirty");
	if (name)
		print_string(PRINT_ANY, "name", " name %s", name);
	print_nl();
	return 0;
}

static int mock_check_map(int argc, char **argv)
{
	const char *ctx = "mock check-map";
	uint64_t iova = 0, length = 0;
	uint32_t hwpt, ioas = 0;
	struct sobj *ho;
	struct kwarg kw[] = {
		KW("iova", KW_U64, &iova),
		KW("length", KW_SIZE, &length),
		KW_KIND("ioas", &ioas, SOBJ_IOAS),
	};
	struct ictl_iommu_test_cmd cmd = { .size = sizeof(cmd), .op = ICTL_IOMMU_TEST_OP_MD_CHECK_MAP };
	struct buffer *b;
	int fd, rc;

	if (argc < 1)
		return err_usage("%s: missing HWPT (a mock paging domain)", ctx);
	if ((rc = session_resolve(argv[0], SOBJ_HWPT | SOBJ_MOCK, "mock check-map: HWPT", &hwpt, &ho)) ||
	    (rc = parse_kwargs(ctx, argc - 1, argv + 1, kw, ARRAY_SIZE(kw))) ||
	    (rc = kw_require(ctx, kw, ARRAY_SIZE(kw), "iova")) ||
	    (rc = kw_require(ctx, kw, ARRAY_SIZE(kw), "length")))
		return rc;
	if (!length)
		return err_usage("%s: length: 0 checks nothing", ctx);
	if ((rc = check_range(ctx, "iova", iova, length)))
		return rc;
	if (ho && ho->kind == SOBJ_MOCK)	/* a mock device means its RID domain */
		hwpt = ho->mock_hwpt_id;
	b = buffer_find(ioas, iova, length);
	if (!b)
		return err_usage("%s: nothing this session mapped covers iova 0x%" PRIx64
				 " length %" PRIu64 "; map it with 'ioas map' first", ctx, iova, length);
	if ((rc = session_iommufd(&fd)))
		return rc;
	cmd.id = hwpt;
	cmd.check_map.iova = iova;
	cmd.check_map.length = length;
	cmd.check_map.uptr = (uintptr_t)b->va + (iova - b->iova);
	if ((rc = test_cmd(fd, &cmd, "the mock page table does not map that range to this "
				     "session's memory (or it is not 2 KiB aligned)")))
		return rc;
	print_u64(PRINT_ANY, "hwpt_id", "hwpt %" PRIu64, hwpt);
	print_hex(PRINT_ANY, "iova", " iova 0x%" PRIx64, iova);
	print_u64(PRINT_ANY, "length", " length %" PRIu64, length);
	print_bool(PRINT_ANY, "mapped", " maps this session's memory: %s\n", true);
	return 0;
}

static int mock_destroy(int argc, char **argv)
{
	struct sobj *o;
	uint32_t id;
	int rc;

	if (argc != 1)
		return err_usage("mock destroy: expected one MOCK device");
	if ((rc = session_resolve(argv[0], SOBJ_MOCK, "mock destroy: MOCK", &id, &o)))
		return rc;
	if (!o)
		return err_usage("mock destroy: %u is not a mock device of this session", id);
	/* The device goes with its selftest object. */
	char stdev[16];
	char *args[] = { stdev };

	snprintf(stdev, sizeof(stdev), "%u", o->stdev_id);
	rc = destroy_object("mock destroy", 1, args, SOBJ_ANY, "MOCK");
	if (!rc)
		session_forget(o);
	return rc;
}

const struct cmd mock_cmds[] = {
	{ "add", mock_add, "IOAS|HWPT [pasid] [no-dirty] [name NAME]",
	  "create a selftest mock device attached to IOAS or HWPT" },
	{ "check-map", mock_check_map, "HWPT|MOCK iova ADDR length SIZE [ioas IOAS]",
	  "check that a mock domain maps the range to this session's memory" },
	{ "check-iotlb", mock_check_iotlb, "HWPT [slot 0-3] value V",
	  "which IOTLB slots of a nested mock HWPT hold V" },
	{ "check-cache", mock_check_cache, "MOCK [slot 0-3] value V",
	  "which device-cache slots of a mock device hold V (vIOMMU invalidation)" },
	{ "check-pasid", mock_check_pasid, "MOCK PASID HWPT|none",
	  "check what a mock device's PASID is attached to" },
	{ "trigger-iopf", mock_trigger_iopf,
	  "MOCK [addr A] [pasid P] [grpid G] [read] [write] [exec] [priv]",
	  "make the mock device raise a page request" },
	{ "trigger-vevent", mock_trigger_vevent, "MOCK [count N]",
	  "make the mock device raise N vEVENTs on its vIOMMU" },
	{ "dirty", mock_dirty, "HWPT iova ADDR length SIZE [page-size SIZE] [stride N]",
	  "mark every Nth page of a range dirty in a mock paging HWPT" },
	{ "destroy", mock_destroy, "MOCK", "remove a mock device" },
	{ NULL },
};
