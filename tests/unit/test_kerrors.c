// SPDX-License-Identifier: GPL-2.0-only
/* Kernel error sentences and exit codes, read back from the JSON error object. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <json.h>

#include "cmd.h"
#include "error.h"
#include "kerrors.h"
#include "output.h"
#include "trace.h"
#include "uapi.h"

struct reported {
	int rc;
	char op[64], name[32], kind[32], message[1024];
	int64_t err, exit_code;
};

static const char *jstr(struct json_object *o, const char *key)
{
	struct json_object *v;

	if (!json_object_object_get_ex(o, key, &v))
		fail_msg("no \"%s\" in the error object", key);
	return json_object_get_string(v);
}

static int64_t jint(struct json_object *o, const char *key)
{
	struct json_object *v;

	if (!json_object_object_get_ex(o, key, &v))
		fail_msg("no \"%s\" in the error object", key);
	return json_object_get_int64(v);
}

/* Run err_ioctl in JSON mode and take the error object apart. */
static struct reported run(const char *ioctl, int err, const char *context)
{
	struct reported r;
	struct json_object *root, *e;

	memset(&r, 0, sizeof(r));
	out_set_mode(true, false);
	out_begin();
	r.rc = err_ioctl(ioctl, err, context);
	root = out_take();
	assert_non_null(root);
	assert_true(json_object_object_get_ex(root, "error", &e));
	snprintf(r.op, sizeof(r.op), "%s", jstr(e, "op"));
	snprintf(r.name, sizeof(r.name), "%s", jstr(e, "name"));
	snprintf(r.kind, sizeof(r.kind), "%s", jstr(e, "kind"));
	snprintf(r.message, sizeof(r.message), "%s", jstr(e, "message"));
	r.err = jint(e, "errno");
	r.exit_code = jint(e, "exit_code");
	json_object_put(root);
	out_set_mode(false, false);
	assert_int_equal(r.rc, r.exit_code);
	return r;
}

static void expect_in(const char *text, const char *want)
{
	if (!strstr(text, want))
		fail_msg("expected \"%s\" in \"%s\"", want, text);
}

static void test_enotty_needs_version(void **state)
{
	struct reported r;

	(void)state;
	r = run("IOMMU_VIOMMU_ALLOC", ENOTTY, NULL);
	assert_int_equal(r.rc, EXIT_UNSUPPORTED);
	assert_string_equal(r.op, "IOMMU_VIOMMU_ALLOC");
	assert_string_equal(r.name, "ENOTTY");
	assert_string_equal(r.kind, "unsupported");
	assert_int_equal(r.err, ENOTTY);
	expect_in(r.message, "not supported by this kernel (needs 6.13 or later)");

	r = run("IOMMU_HWPT_INVALIDATE", -ENOTTY, NULL);	/* -errno as wrappers give it */
	assert_int_equal(r.rc, EXIT_UNSUPPORTED);
	assert_int_equal(r.err, ENOTTY);
	expect_in(r.message, "needs 6.8");

	r = run("IOMMU_VEVENTQ_ALLOC", ENOTTY, NULL);
	expect_in(r.message, "needs 6.15");
	r = run("VFIO_DEVICE_BIND_IOMMUFD", ENOTTY, NULL);
	expect_in(r.message, "needs 6.6");
	assert_null(strstr(r.message, "iommufd"));	/* not an iommufd ioctl */

	r = run("IOMMU_TEST_CMD", ENOTTY, NULL);
	assert_int_equal(r.rc, EXIT_UNSUPPORTED);
	expect_in(r.message, "CONFIG_IOMMUFD_TEST");
}

static void test_hwpt_alloc(void **state)
{
	struct reported r;

	(void)state;
	r = run("IOMMU_HWPT_ALLOC", EINVAL, "on dmar0, which has ECAP.NEST=0");
	assert_int_equal(r.rc, EXIT_FAILED);
	assert_string_equal(r.kind, "failed");
	expect_in(r.message, "unknown pt_id (HWPT_ALLOC answers EINVAL, not ENOENT, for a bad id)"
			     " or invalid combination");
	expect_in(r.message, " (on dmar0, which has ECAP.NEST=0)");

	r = run("IOMMU_HWPT_ALLOC", EOPNOTSUPP, "");
	assert_int_equal(r.rc, EXIT_UNSUPPORTED);
	expect_in(r.message, "the IOMMU driver does not support this flag or data type on this "
			     "device");
	assert_null(strstr(r.message, "()"));

	r = run("IOMMU_HWPT_ALLOC", EIO, NULL);
	assert_int_equal(r.rc, EXIT_FAILED);
	expect_in(r.message, "illegal vSTE");

	r = run("IOMMU_HWPT_ALLOC", ENOENT, NULL);
	expect_in(r.message, "dev_id");
}

static void test_destroy_and_generic(void **state)
{
	struct reported r;

	(void)state;
	r = run("IOMMU_DESTROY", EBUSY, NULL);
	assert_int_equal(r.rc, EXIT_FAILED);
	expect_in(r.message, "another object still uses it; destroy dependants first");

	r = run("IOMMU_DESTROY", ENOENT, NULL);
	expect_in(r.message, "no object with that id in this iommufd");

	/* E2BIG means the same for every ioctl: our struct is newer. */
	r = run("IOMMU_GET_HW_INFO", E2BIG, NULL);
	assert_int_equal(r.rc, EXIT_UNSUPPORTED);
	expect_in(r.message, "this iommuctl's structure is newer than the kernel's and carries "
			     "a non-zero field it does not know");

	/* Generic table behind an ioctl without its own entry. */
	r = run("IOMMU_VDEVICE_ALLOC", ENOMEM, NULL);
	assert_int_equal(r.rc, EXIT_FAILED);
	expect_in(r.message, "out of memory");

	/* Unknown ioctl and unknown errno still give a sentence. */
	r = run("SOMETHING_ELSE", EXDEV, NULL);
	assert_int_equal(r.rc, EXIT_FAILED);
	assert_string_equal(r.message, strerror(EXDEV));
	r = run("SOMETHING_ELSE", ENOTTY, NULL);
	assert_int_equal(r.rc, EXIT_UNSUPPORTED);
}

static void test_exit_code_policy(void **state)
{
	static const struct {
		const char *ioctl;
		int err, code;
		const char *words;
	} rows[] = {
		{ "VFIO_DEVICE_BIND_IOMMUFD", EPERM, EXIT_UNSUPPORTED, "no interrupt remapping" },
		{ "VFIO_DEVICE_BIND_IOMMUFD", EBUSY, EXIT_FAILED, "ownership" },
		{ "IOMMU_HWPT_INVALIDATE", EIO, EXIT_FAILED, "illegal command" },
		{ "IOMMU_HWPT_INVALIDATE", EINVAL, EXIT_FAILED, "entry_num" },
		{ "IOMMU_HWPT_INVALIDATE", EOPNOTSUPP, EXIT_UNSUPPORTED, "cache invalidation" },
		{ "IOMMU_VIOMMU_ALLOC", EOPNOTSUPP, EXIT_UNSUPPORTED, "VT-d has none" },
		{ "IOMMU_GET_HW_INFO", EOPNOTSUPP, EXIT_UNSUPPORTED, "hw_info type" },
		{ "IOMMU_IOAS_ALLOC", EOPNOTSUPP, EXIT_FAILED, "flags must be 0" },
		{ "IOMMU_VEVENTQ_ALLOC", EOPNOTSUPP, EXIT_FAILED, "type 0" },
		{ "IOMMU_VEVENTQ_ALLOC", EEXIST, EXIT_FAILED, "already has a vEVENTQ" },
		{ "IOMMU_IOAS_IOVA_RANGES", EMSGSIZE, EXIT_FAILED, "num_iovas" },
		{ "IOMMU_IOAS_MAP", ENOMEM, EXIT_FAILED, "RLIMIT_MEMLOCK" },
		{ "IOMMU_IOAS_UNMAP", ENOENT, EXIT_FAILED, "cuts through" },
		{ "IOMMU_OPTION", EPERM, EXIT_FAILED, "CAP_SYS_RESOURCE" },
		{ "IOMMU_IOAS_CHANGE_PROCESS", EINVAL, EXIT_FAILED, "IOMMU_IOAS_MAP_FILE" },
		{ "IOMMU_HW_QUEUE_ALLOC", EIO, EXIT_FAILED, "ascending" },
		{ "VFIO_DEVICE_ATTACH_IOMMUFD_PT", EOPNOTSUPP, EXIT_UNSUPPORTED, "vfio-pci" },
		{ "VFIO_DEVICE_ATTACH_IOMMUFD_PT", EINVAL, EXIT_FAILED, "IOMMU_HWPT_ALLOC_PASID" },
		{ "VFIO_DEVICE_ATTACH_IOMMUFD_PT", ENOENT, EXIT_FAILED, "vDEVICE" },
		{ "VFIO_DEVICE_GET_INFO", EINVAL, EXIT_FAILED, "not bound" },
	};
	char buf[512];

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		int code = ioctl_error_text(rows[i].ioctl, rows[i].err, buf, sizeof(buf));

		if (code != rows[i].code)
			fail_msg("%s %s: exit %d, want %d", rows[i].ioctl, errno_name(rows[i].err),
				 code, rows[i].code);
		expect_in(buf, rows[i].words);
	}
}

static void test_min_kernel(void **state)
{
	static const unsigned long cmds[] = {
		ICTL_IOMMU_DESTROY, ICTL_IOMMU_IOAS_ALLOC, ICTL_IOMMU_IOAS_ALLOW_IOVAS,
		ICTL_IOMMU_IOAS_COPY, ICTL_IOMMU_IOAS_IOVA_RANGES, ICTL_IOMMU_IOAS_MAP,
		ICTL_IOMMU_IOAS_UNMAP, ICTL_IOMMU_OPTION, ICTL_IOMMU_VFIO_IOAS,
		ICTL_IOMMU_HWPT_ALLOC, ICTL_IOMMU_GET_HW_INFO, ICTL_IOMMU_HWPT_SET_DIRTY_TRACKING,
		ICTL_IOMMU_HWPT_GET_DIRTY_BITMAP, ICTL_IOMMU_HWPT_INVALIDATE,
		ICTL_IOMMU_FAULT_QUEUE_ALLOC, ICTL_IOMMU_IOAS_MAP_FILE, ICTL_IOMMU_VIOMMU_ALLOC,
		ICTL_IOMMU_VDEVICE_ALLOC, ICTL_IOMMU_IOAS_CHANGE_PROCESS, ICTL_IOMMU_VEVENTQ_ALLOC,
		ICTL_IOMMU_HW_QUEUE_ALLOC, ICTL_IOMMU_TEST_CMD, ICTL_VFIO_DEVICE_BIND_IOMMUFD,
		ICTL_VFIO_DEVICE_ATTACH_IOMMUFD_PT, ICTL_VFIO_DEVICE_DETACH_IOMMUFD_PT,
	};

	(void)state;
	assert_string_equal(ioctl_min_kernel("IOMMU_DESTROY"), "6.2");
	assert_string_equal(ioctl_min_kernel("IOMMU_HWPT_ALLOC"), "6.6");
	assert_string_equal(ioctl_min_kernel("IOMMU_HWPT_GET_DIRTY_BITMAP"), "6.7");
	assert_string_equal(ioctl_min_kernel("IOMMU_HWPT_INVALIDATE"), "6.8");
	assert_string_equal(ioctl_min_kernel("IOMMU_FAULT_QUEUE_ALLOC"), "6.11");
	assert_string_equal(ioctl_min_kernel("IOMMU_VIOMMU_ALLOC"), "6.13");
	assert_string_equal(ioctl_min_kernel("IOMMU_VEVENTQ_ALLOC"), "6.15");
	assert_string_equal(ioctl_min_kernel("IOMMU_HW_QUEUE_ALLOC"), "6.17");
	assert_string_equal(ioctl_min_kernel("VFIO_DEVICE_ATTACH_IOMMUFD_PT"), "6.6");
	assert_null(ioctl_min_kernel("VFIO_DEVICE_GET_INFO"));
	assert_null(ioctl_min_kernel("NOPE"));
	assert_null(ioctl_min_kernel(NULL));
	/* Every iommufd ioctl the tracer names has a release in the table. */
	for (size_t i = 0; i < ARRAY_SIZE(cmds); i++) {
		const char *name = trace_ioctl_name(cmds[i]);

		assert_non_null(name);
		if (!ioctl_min_kernel(name))
			fail_msg("%s has no release", name);
	}
}

static void test_text_mode(void **state)
{
	FILE *cap = tmpfile();
	int saved = dup(2);
	char buf[512] = "";
	int rc;

	(void)state;
	assert_non_null(cap);
	fflush(stderr);
	dup2(fileno(cap), 2);
	out_set_mode(false, false);
	rc = err_ioctl("IOMMU_VIOMMU_ALLOC", ENOTTY, "on smmu3.0x9000000");
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	rewind(cap);
	assert_non_null(fgets(buf, sizeof(buf), cap));
	fclose(cap);
	assert_int_equal(rc, EXIT_UNSUPPORTED);
	assert_string_equal(buf, "iommuctl: unsupported: IOMMU_VIOMMU_ALLOC: ENOTTY: not "
				 "supported by this kernel (needs 6.13 or later), or the "
				 "descriptor is not an iommufd (on smmu3.0x9000000)\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_enotty_needs_version),
		cmocka_unit_test(test_hwpt_alloc),
		cmocka_unit_test(test_destroy_and_generic),
		cmocka_unit_test(test_exit_code_policy),
		cmocka_unit_test(test_min_kernel),
		cmocka_unit_test(test_text_mode),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
