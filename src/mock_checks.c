// SPDX-License-Identifier: GPL-2.0-only
/*
 * What the selftest mock lets userspace read back or provoke: the IOTLB slots
 * of a nested mock HWPT and the device cache slots that invalidations reset,
 * which HWPT a PASID is attached to, and page-request faults and vEVENTs to
 * watch. The mock only compares (EINVAL on a mismatch), so a check reports,
 * per slot, whether the expected value is there.
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
#include "mock_checks.h"
#include "output.h"
#include "session.h"

/* No mock driver at all (ENOTTY), or one that predates op (EOPNOTSUPP). */
static int no_mock(int fd, uint32_t op, int err)
{
	if (err == -ENOTTY)
		return err_unsupported("IOMMU_TEST_CMD: this kernel was built without "
				       "CONFIG_IOMMUFD_TEST (the selftest mock IOMMU)");
	return kfeature_require_test_op(op, err, fd);
}

/* slot checks: op MD_CHECK_IOTLB (id: nested HWPT) or DEV_CHECK_CACHE (id: idev) */
static int check_slots(const char *ctx, int argc, char **argv, bool iotlb)
{
	uint32_t id, slot = 0, value = 0, nslots = 4;
	struct kwarg kw[] = {
		KW_MAX("slot", KW_U32, &slot, 3),
		KW("value", KW_U32, &value),
	};
	unsigned matched = 0, checked = 0;
	struct sobj *o;
	char what[64];
	int fd, rc;

	if (argc < 1)
		return err_usage("%s: missing the %s", ctx, iotlb ? "nested HWPT" : "mock device");
	snprintf(what, sizeof(what), "%s: %s", ctx, iotlb ? "HWPT" : "MOCK");
	if ((rc = session_resolve(argv[0], iotlb ? SOBJ_HWPT : SOBJ_MOCK, what, &id, &o)) ||
	    (rc = parse_kwargs(ctx, argc - 1, argv + 1, kw, ARRAY_SIZE(kw))) ||
	    (rc = kw_require(ctx, kw, ARRAY_SIZE(kw), "value")))
		return rc;
	if ((rc = session_iommufd(&fd)))
		return rc;
	print_u64(PRINT_ANY, iotlb ? "hwpt_id" : "dev_id", iotlb ? "hwpt %" PRIu64 : "mock %" PRIu64, id);
	print_hex(PRINT_ANY, "expected", " expected %#" PRIx64 ":", value);
	open_array("slots");
	for (uint32_t s = kw[0].seen ? slot : 0; s < (kw[0].seen ? slot + 1 : nslots); s++) {
		struct ictl_iommu_test_cmd cmd = { .size = sizeof(cmd), .id = id };
		int err;

		if (iotlb) {
			cmd.op = ICTL_IOMMU_TEST_OP_MD_CHECK_IOTLB;
			cmd.check_iotlb.id = s;
			cmd.check_iotlb.iotlb = value;
		} else {
			cmd.op = ICTL_IOMMU_TEST_OP_DEV_CHECK_CACHE;
			cmd.check_dev_cache.id = s;
			cmd.check_dev_cache.cache = value;
		}
		err = ifd_test_cmd(fd, &cmd);
		if ((rc = no_mock(fd, cmd.op, err)))
			return rc;
		if (err && err != -EINVAL)
			return err_ioctl("IOMMU_TEST_CMD", err, iotlb ? "not a nested mock HWPT"
								    : "not a mock device");
		open_object(NULL);
		print_u64(PRINT_ANY, "slot", " [%" PRIu64 "]", s);
		print_bool(PRINT_ANY, "match", " %s", !err);
		close_object();
		checked++;
		matched += !err;
	}
	close_array();
	print_u64(PRINT_ANY, "matched", " (%" PRIu64, matched);
	print_u64(PRINT_ANY, "checked", " of %" PRIu64 " match)\n", checked);
	if (matched != checked)
		return err_fail("%s: %u of %u slot(s) do not hold %#x", ctx, checked - matched,
				checked, value);
	return 0;
}

int mock_check_iotlb(int argc, char **argv)
{
	return check_slots("mock check-iotlb", argc, argv, true);
}

int mock_check_cache(int argc, char **argv)
{
	return check_slots("mock check-cache", argc, argv, false);
}

int mock_check_pasid(int argc, char **argv)
{
	const char *ctx = "mock check-pasid";
	uint32_t id, hwpt = 0;
	uint64_t pasid;
	struct sobj *o;
	struct ictl_iommu_test_cmd cmd = { .size = sizeof(cmd), .op = ICTL_IOMMU_TEST_OP_PASID_CHECK_HWPT };
	int fd, rc, err;

	if (argc != 3)
		return err_usage("%s: expected MOCK PASID HWPT|none", ctx);
	if ((rc = session_resolve(argv[0], SOBJ_MOCK, "mock check-pasid: MOCK", &id, &o)) ||
	    (rc = parse_u64("mock check-pasid: PASID", argv[1], UINT32_MAX, &pasid)) ||
	    (rc = attach_check_pasid(ctx, NULL, (uint32_t)pasid)))
		return rc;
	if (strcmp(argv[2], "none") &&
	    (rc = session_resolve(argv[2], SOBJ_HWPT, "mock check-pasid: HWPT", &hwpt, NULL)))
		return rc;
	if (!o)
		return err_usage("%s: %u is not a mock device of this session", ctx, id);
	if ((rc = attach_check_pasid(ctx, o, (uint32_t)pasid)))
		return rc;
	if ((rc = session_iommufd(&fd)))
		return rc;
	cmd.id = o->stdev_id;
	cmd.pasid_check.pasid = (uint32_t)pasid;
	cmd.pasid_check.hwpt_id = hwpt;
	err = ifd_test_cmd(fd, &cmd);
	if ((rc = no_mock(fd, cmd.op, err)))
		return rc;
	print_u64(PRINT_ANY, "pasid", "pasid %" PRIu64, pasid);
	if (hwpt)
		print_u64(PRINT_ANY, "hwpt_id", " attached to hwpt %" PRIu64, hwpt);
	else
		print_null(PRINT_ANY, "hwpt_id", " detached");
	print_bool(PRINT_ANY, "match", ": %s\n", !err);
	if (err == -EINVAL)
		return err_fail("%s: pasid %" PRIu64 " is not %s", ctx, pasid,
				hwpt ? "attached to that HWPT" : "detached");
	if (err)
		return err_ioctl("IOMMU_TEST_CMD", err, NULL);
	return 0;
}

static const struct {
	const char *name;
	uint32_t bit;
} perms[] = { { "read", 1 }, { "write", 2 }, { "exec", 4 }, { "priv", 8 } };

int mock_trigger_iopf(int argc, char **argv)
{
	const char *ctx = "mock trigger-iopf";
	uint32_t id, pasid = 0, grpid = 0, perm = 0;
	uint64_t addr = 0;
	bool pf[ARRAY_SIZE(perms)] = { false };
	struct kwarg kw[] = {
		KW("addr", KW_U64, &addr),
		KW("pasid", KW_U32, &pasid),
		KW("grpid", KW_U32, &grpid),
		KW("read", KW_FLAG, &pf[0]),
		KW("write", KW_FLAG, &pf[1]),
		KW("exec", KW_FLAG, &pf[2]),
		KW("priv", KW_FLAG, &pf[3]),
	};
	struct ictl_iommu_test_cmd cmd = { .size = sizeof(cmd), .op = ICTL_IOMMU_TEST_OP_TRIGGER_IOPF };
	struct sobj *o;
	int fd, rc, err;

	if (argc < 1)
		return err_usage("%s: missing MOCK", ctx);
	if ((rc = session_resolve(argv[0], SOBJ_MOCK, "mock trigger-iopf: MOCK", &id, &o)) ||
	    (rc = parse_kwargs(ctx, argc - 1, argv + 1, kw, ARRAY_SIZE(kw))))
		return rc;
	/* pasid 0 is a request without PASID (the mock's encoding); others must
	 * fit the device's width */
	if (pasid && o && o->pasid_log2 > 0 && (rc = attach_check_pasid(ctx, o, pasid)))
		return rc;
	for (size_t i = 0; i < ARRAY_SIZE(perms); i++)
		if (pf[i])
			perm |= perms[i].bit;
	if (!perm)
		perm = 1;	/* a read fault unless told */
	if ((rc = session_iommufd(&fd)))
		return rc;
	cmd.trigger_iopf.dev_id = id;
	cmd.trigger_iopf.pasid = pasid;
	cmd.trigger_iopf.grpid = grpid;
	cmd.trigger_iopf.perm = perm;
	cmd.trigger_iopf.addr = addr;
	err = ifd_test_cmd(fd, &cmd);
	if ((rc = no_mock(fd, cmd.op, err)))
		return rc;
	if (err)
		return err_ioctl("IOMMU_TEST_CMD", err, NULL);
	print_u64(PRINT_ANY, "dev_id", "page request from dev_id %" PRIu64, id);
	print_hex(PRINT_ANY, "addr", " addr %#" PRIx64, addr);
	print_u64(PRINT_ANY, "pasid", " pasid %" PRIu64, pasid);
	print_u64(PRINT_ANY, "grpid", " grpid %" PRIu64, grpid);
	print_hex(PRINT_ANY, "perm", " perm %#" PRIx64 " (it arrives only where a fault-capable "
		  "HWPT is attached)\n", perm);
	return 0;
}

int mock_trigger_vevent(int argc, char **argv)
{
	const char *ctx = "mock trigger-vevent";
	uint32_t id;
	struct ictl_iommu_test_cmd cmd = { .size = sizeof(cmd), .op = ICTL_IOMMU_TEST_OP_TRIGGER_VEVENT };
	uint64_t count = 1, raised;
	struct kwarg kw[] = { KW_MAX("count", KW_U64, &count, 1u << 20) };
	int fd, rc, err = 0;

	if (argc < 1)
		return err_usage("%s: missing MOCK", ctx);
	if ((rc = session_resolve(argv[0], SOBJ_MOCK, "mock trigger-vevent: MOCK", &id, NULL)) ||
	    (rc = parse_kwargs(ctx, argc - 1, argv + 1, kw, ARRAY_SIZE(kw))))
		return rc;
	if (!count)
		return err_usage("%s: count 0 raises nothing", ctx);
	if ((rc = session_iommufd(&fd)))
		return rc;
	cmd.trigger_vevent.dev_id = id;
	for (raised = 0; raised < count; raised++) {
		err = ifd_test_cmd(fd, &cmd);
		if ((rc = no_mock(fd, cmd.op, err)))
			return rc;
		if (err)
			break;
	}
	/* Also after a failure: how many were raised (they are queued). */
	print_u64(PRINT_ANY, "dev_id", "vevent from dev_id %" PRIu64, id);
	print_u64(PRINT_ANY, "count", " x%" PRIu64, raised);
	print_u64(PRINT_ANY, "requested", " of %" PRIu64 "\n", count);
	if (!err)
		return 0;
	char hint[320];

	snprintf(hint, sizeof(hint), "vEVENT %" PRIu64 " of %" PRIu64 " failed, %" PRIu64 " raised "
		 "before it%s%s", raised + 1, count, raised, err == -ENOENT || err == -EOPNOTSUPP ? "; " : "",
		 err == -ENOENT ? "the mock device is not attached to a vIOMMU-nested HWPT with a "
				  "non-zero virt-id"
		 : err == -EOPNOTSUPP ? "the vIOMMU has no selftest vEVENTQ ('veventq alloc VIOMMU "
					"type selftest')" : "");
	return err_ioctl("IOMMU_TEST_CMD", err, hint);
}
