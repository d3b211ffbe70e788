// SPDX-License-Identifier: GPL-2.0-only
/*
 * doctor's decisions: pinned pages against RLIMIT_MEMLOCK in both accounting
 * modes, the kernel options that matter, driver bindings and group peers,
 * and what a size-0 ioctl probe means.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "doctor.h"

#define KiB 1024ULL
#define MiB (1024 * KiB)

static struct doc_memlock ml(uint64_t limit, uint64_t map, bool lock, int mode, int64_t locked)
{
	struct doc_memlock m = {
		.limit = limit, .page_size = 4096, .map_size = map, .ipc_lock = lock,
		.mode = mode, .locked = locked, .uid = 1000,
	};

	doc_memlock(&m);
	return m;
}

static void test_memlock(void **state)
{
	struct doc_memlock m;

	(void)state;
	/* CAP_IPC_LOCK: nothing is charged, whatever the limit */
	m = ml(64 * KiB, 1024 * MiB, true, 0, -1);
	assert_int_equal(m.v.status, DOC_OK);
	assert_false(m.charged);
	assert_int_equal(m.map_pages, 262144);
	assert_non_null(strstr(m.v.msg, "CAP_IPC_LOCK"));
	/* unlimited */
	m = ml(UINT64_MAX, 1024 * MiB, false, 0, -1);
	assert_int_equal(m.v.status, DOC_OK);
	assert_false(m.charged);
	assert_true(m.limit_pages == UINT64_MAX);
	/* user mode: 2 MiB = 512 pages against 8 MiB = 2048 pages */
	m = ml(8 * MiB, 2 * MiB, false, 0, -1);
	assert_int_equal(m.v.status, DOC_OK);
	assert_true(m.charged);
	assert_int_equal(m.map_pages, 512);
	assert_int_equal(m.limit_pages, 2048);
	assert_non_null(strstr(m.v.msg, "user 1000"));
	/* exactly the limit fits; one page more does not */
	m = ml(8 * MiB, 8 * MiB, false, 0, -1);
	assert_int_equal(m.v.status, DOC_OK);
	m = ml(8 * MiB, 8 * MiB + 1, false, 0, -1);
	assert_int_equal(m.v.status, DOC_MISSING);
	assert_int_equal(m.map_pages, 2049);
	/* Debian's default 8 MiB... and a tight 64 KiB */
	m = ml(64 * KiB, 2 * MiB, false, 0, -1);
	assert_int_equal(m.v.status, DOC_MISSING);
	assert_int_equal(m.room_pages, 16);
	assert_non_null(strstr(m.v.msg, "ENOMEM"));
	assert_non_null(strstr(m.v.msg, "CAP_IPC_LOCK"));
	/* user mode ignores this process's own mlock()s (a different counter) */
	m = ml(8 * MiB, 4 * MiB, false, 0, 6 * MiB);
	assert_int_equal(m.v.status, DOC_OK);
	/* mm mode: VmLck counts, 8 - 6 MiB leaves 512 pages */
	m = ml(8 * MiB, 4 * MiB, false, 1, 6 * MiB);
	assert_int_equal(m.v.status, DOC_MISSING);
	assert_int_equal(m.room_pages, 512);
	m = ml(8 * MiB, 2 * MiB, false, 1, 6 * MiB);
	assert_int_equal(m.v.status, DOC_OK);
	assert_non_null(strstr(m.v.msg, "this process"));
	/* no size asked: the limit in pages; under one page is a warning */
	m = ml(8 * MiB, 0, false, 0, -1);
	assert_int_equal(m.v.status, DOC_OK);
	assert_int_equal(m.map_pages, 0);
	assert_non_null(strstr(m.v.msg, "2048 pages"));
	m = ml(100, 0, false, 0, -1);
	assert_int_equal(m.v.status, DOC_WARN);
	/* partial pages round up */
	m = ml(8 * MiB, 4097, false, 0, -1);
	assert_int_equal(m.map_pages, 2);
}

static int item(const char *key, const char *val, const char *vendor)
{
	struct doc_verdict v;

	if (!doc_cmdline_item(key, val, vendor, &v))
		return -1;
	assert_true(v.msg[0]);
	return (int)v.status;
}

static void test_cmdline(void **state)
{
	(void)state;
	assert_int_equal(item("intel_iommu", "on", "GenuineIntel"), DOC_OK);
	assert_int_equal(item("intel_iommu", "off", "GenuineIntel"), DOC_MISSING);
	assert_int_equal(item("intel_iommu", "off", "AuthenticAMD"), DOC_OK);
	assert_int_equal(item("intel_iommu", "sm_on", "GenuineIntel"), DOC_OK);
	assert_int_equal(item("intel_iommu", "sm_off", "GenuineIntel"), DOC_WARN);
	assert_int_equal(item("intel_iommu", "igfx_off", "GenuineIntel"), -1);
	assert_int_equal(item("amd_iommu", "off", "AuthenticAMD"), DOC_MISSING);
	assert_int_equal(item("amd_iommu", "off", "HygonGenuine"), DOC_MISSING);
	assert_int_equal(item("amd_iommu", "off", "GenuineIntel"), DOC_OK);
	assert_int_equal(item("amd_iommu", "fullflush", "AuthenticAMD"), -1);
	assert_int_equal(item("iommu", "pt", NULL), DOC_OK);
	assert_int_equal(item("iommu", "off", NULL), DOC_MISSING);
	assert_int_equal(item("iommu.passthrough", "1", NULL), DOC_OK);
	assert_int_equal(item("iommu.passthrough", "maybe", NULL), -1);
	assert_int_equal(item("iommu.strict", "0", NULL), DOC_OK);
	/* a bare bool parameter is true */
	assert_int_equal(item("iommufd.allow_unsafe_interrupts", NULL, NULL), DOC_WARN);
	assert_int_equal(item("iommufd.allow_unsafe_interrupts", "Y", NULL), DOC_WARN);
	assert_int_equal(item("iommufd.allow_unsafe_interrupts", "N", NULL), DOC_OK);
	assert_int_equal(item("vfio_iommu_type1.allow_unsafe_interrupts", "1", NULL), DOC_OK);
	assert_int_equal(item("vfio.enable_unsafe_noiommu_mode", "1", NULL), DOC_WARN);
	assert_int_equal(item("vfio-pci.ids", "1234:11e8", NULL), DOC_OK);
	assert_int_equal(item("vfio_pci.ids", "1234:11e8", NULL), DOC_OK);
	assert_int_equal(item("intremap", "off", NULL), DOC_WARN);
	assert_int_equal(item("intremap", "nosid", NULL), -1);
	assert_int_equal(item("nointremap", NULL, NULL), DOC_WARN);
	assert_int_equal(item("pci", "noats", NULL), DOC_WARN);
	assert_int_equal(item("pci", "realloc", NULL), -1);
	assert_int_equal(item("quiet", NULL, NULL), -1);
	assert_int_equal(item("root", "/dev/sda1", NULL), -1);
	assert_true(doc_cmdline_is_list("intel_iommu"));
	assert_true(doc_cmdline_is_list("pci"));
	assert_false(doc_cmdline_is_list("iommu.passthrough"));
}

static void test_driver(void **state)
{
	struct doc_verdict v;

	(void)state;
	doc_driver("0000:00:10.0", "", &v);
	assert_int_equal(v.status, DOC_MISSING);
	assert_non_null(strstr(v.msg, "driverctl set-override 0000:00:10.0 vfio-pci"));
	doc_driver("0000:00:10.0", "vfio-pci", &v);
	assert_int_equal(v.status, DOC_OK);
	doc_driver("0000:17:00.0", "mlx5_vfio_pci", &v);
	assert_int_equal(v.status, DOC_OK);
	assert_non_null(strstr(v.msg, "variant"));
	doc_driver("0000:17:00.1", "mlx5_core", &v);
	assert_int_equal(v.status, DOC_MISSING);
	assert_non_null(strstr(v.msg, "driverctl set-override 0000:17:00.1 vfio-pci"));
	assert_non_null(strstr(v.msg, "never rebinds"));

	assert_true(doc_group_peer_ok(""));
	assert_true(doc_group_peer_ok(NULL));
	assert_true(doc_group_peer_ok("vfio-pci"));
	assert_true(doc_group_peer_ok("pci-stub"));
	assert_true(doc_group_peer_ok("pcieport"));
	assert_false(doc_group_peer_ok("snd_hda_intel"));
	assert_false(doc_group_peer_ok("i915"));
}

static void test_probe(void **state)
{
	(void)state;
	assert_int_equal(doc_probe_result(-EINVAL), 1);
	assert_int_equal(doc_probe_result(-ENOTTY), 0);
	assert_int_equal(doc_probe_result(-EFAULT), -1);
	assert_int_equal(doc_probe_result(0), -1);	/* size 0 never succeeds on iommufd */
}

static void test_size(void **state)
{
	char b[32];

	(void)state;
	assert_string_equal(doc_size(2 * MiB, b, sizeof(b)), "2 MiB");
	assert_string_equal(doc_size(64 * KiB, b, sizeof(b)), "64 KiB");
	assert_string_equal(doc_size(1536 * KiB, b, sizeof(b)), "1536 KiB");
	assert_string_equal(doc_size(4097, b, sizeof(b)), "4097 bytes");
	assert_string_equal(doc_size(0, b, sizeof(b)), "0 bytes");
	assert_string_equal(doc_size(1ULL << 40, b, sizeof(b)), "1 TiB");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_memlock),
		cmocka_unit_test(test_cmdline),
		cmocka_unit_test(test_driver),
		cmocka_unit_test(test_probe),
		cmocka_unit_test(test_size),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
