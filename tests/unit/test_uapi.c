// SPDX-License-Identifier: GPL-2.0-only
/*
 * The ABI definitions against the reference's tables (sizes, offsets, ioctl
 * numbers), the wrappers' zeroing and write-back rules, and the -d tracer
 * (run against fd -1, stderr captured).
 */
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

#include "cmd.h"
#include "iommufd.h"
#include "trace.h"
#include "uapi.h"

/* ---- sizes and offsets (reference §2-§9) ---- */

struct size_row {
	const char *name;
	size_t got, want;
};

#define SZ(t, n) { #t, sizeof(struct t), n }

static void test_sizes(void **state)
{
	static const struct size_row rows[] = {
		SZ(ictl_iommu_destroy, 8),
		SZ(ictl_iommu_ioas_alloc, 12),
		SZ(ictl_iommu_ioas_allow_iovas, 24),
		SZ(ictl_iommu_ioas_copy, 40),
		SZ(ictl_iommu_ioas_iova_ranges, 32),
		SZ(ictl_iommu_iova_range, 16),
		SZ(ictl_iommu_ioas_map, 40),
		SZ(ictl_iommu_ioas_unmap, 24),
		SZ(ictl_iommu_option, 24),
		SZ(ictl_iommu_vfio_ioas, 12),
		SZ(ictl_iommu_hwpt_alloc, 48),
		SZ(ictl_iommu_hw_info, 40),
		SZ(ictl_iommu_hwpt_set_dirty_tracking, 16),
		SZ(ictl_iommu_hwpt_get_dirty_bitmap, 48),
		SZ(ictl_iommu_hwpt_invalidate, 32),
		SZ(ictl_iommu_fault_alloc, 16),
		SZ(ictl_iommu_ioas_map_file, 40),
		SZ(ictl_iommu_viommu_alloc, 40),
		SZ(ictl_iommu_vdevice_alloc, 24),
		SZ(ictl_iommu_ioas_change_process, 8),
		SZ(ictl_iommu_veventq_alloc, 32),
		SZ(ictl_iommu_hw_queue_alloc, 40),
		SZ(ictl_iommu_test_cmd, 72),
		SZ(ictl_iommu_hwpt_vtd_s1, 24),
		SZ(ictl_iommu_hwpt_arm_smmuv3, 16),
		SZ(ictl_iommu_hwpt_amd_guest, 32),
		SZ(ictl_iommu_hwpt_selftest, 8),
		SZ(ictl_iommu_hw_info_vtd, 24),
		SZ(ictl_iommu_hw_info_arm_smmuv3, 40),
		SZ(ictl_iommu_hw_info_tegra241_cmdqv, 8),
		SZ(ictl_iommu_hw_info_amd, 16),
		SZ(ictl_iommu_test_hw_info, 8),
		SZ(ictl_iommu_hwpt_vtd_s1_invalidate, 24),
		SZ(ictl_iommu_viommu_arm_smmuv3_invalidate, 16),
		SZ(ictl_iommu_hwpt_invalidate_selftest, 8),
		SZ(ictl_iommu_viommu_invalidate_selftest, 12),
		SZ(ictl_iommu_hwpt_pgfault, 40),
		SZ(ictl_iommu_hwpt_page_response, 8),
		SZ(ictl_iommu_viommu_tegra241_cmdqv, 16),
		SZ(ictl_iommu_viommu_selftest, 24),
		SZ(ictl_iommufd_vevent_header, 8),
		SZ(ictl_iommu_vevent_arm_smmuv3, 32),
		SZ(ictl_iommu_vevent_tegra241_cmdqv, 16),
		SZ(ictl_iommu_viommu_event_selftest, 4),
		SZ(ictl_vfio_device_bind_iommufd, 24),
		SZ(ictl_vfio_device_attach_iommufd_pt, 16),
		SZ(ictl_vfio_device_detach_iommufd_pt, 12),
		SZ(ictl_vfio_device_info, 24),
		SZ(ictl_vfio_device_feature, 8),
		SZ(ictl_vfio_device_feature_dma_logging_control, 24),
		SZ(ictl_vfio_device_feature_dma_logging_range, 16),
		SZ(ictl_vfio_device_feature_dma_logging_report, 32),
		SZ(ictl_vfio_device_feature_dma_buf, 16),
		SZ(ictl_vfio_region_dma_range, 16),
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		if (rows[i].got != rows[i].want)
			fail_msg("%s: %zu bytes, reference says %zu", rows[i].name, rows[i].got,
				 rows[i].want);
	}
}

struct off_row {
	const char *name;
	size_t got, want;
};

#define OF(t, f, n) { #t "." #f, offsetof(struct t, f), n }

static void test_offsets(void **state)
{
	static const struct off_row rows[] = {
		/* §3.11 */
		OF(ictl_iommu_hwpt_alloc, flags, 4), OF(ictl_iommu_hwpt_alloc, dev_id, 8),
		OF(ictl_iommu_hwpt_alloc, pt_id, 12), OF(ictl_iommu_hwpt_alloc, out_hwpt_id, 16),
		OF(ictl_iommu_hwpt_alloc, reserved, 20), OF(ictl_iommu_hwpt_alloc, data_type, 24),
		OF(ictl_iommu_hwpt_alloc, data_len, 28), OF(ictl_iommu_hwpt_alloc, data_uptr, 32),
		OF(ictl_iommu_hwpt_alloc, fault_id, 40), OF(ictl_iommu_hwpt_alloc, reserved2, 44),
		/* §5.1 */
		OF(ictl_iommu_hw_info, dev_id, 8), OF(ictl_iommu_hw_info, data_len, 12),
		OF(ictl_iommu_hw_info, data_uptr, 16), OF(ictl_iommu_hw_info, in_data_type, 24),
		OF(ictl_iommu_hw_info, out_data_type, 24),
		OF(ictl_iommu_hw_info, out_max_pasid_log2, 28), OF(ictl_iommu_hw_info, reserved, 29),
		OF(ictl_iommu_hw_info, out_capabilities, 32),
		/* §3.3-§3.10 */
		OF(ictl_iommu_ioas_iova_ranges, num_iovas, 8),
		OF(ictl_iommu_ioas_iova_ranges, allowed_iovas, 16),
		OF(ictl_iommu_ioas_iova_ranges, out_iova_alignment, 24),
		OF(ictl_iommu_ioas_map, user_va, 16), OF(ictl_iommu_ioas_map, length, 24),
		OF(ictl_iommu_ioas_map, iova, 32),
		OF(ictl_iommu_ioas_map_file, fd, 12), OF(ictl_iommu_ioas_map_file, start, 16),
		OF(ictl_iommu_ioas_copy, length, 16), OF(ictl_iommu_ioas_copy, dst_iova, 24),
		OF(ictl_iommu_ioas_copy, src_iova, 32),
		OF(ictl_iommu_ioas_unmap, iova, 8), OF(ictl_iommu_ioas_unmap, length, 16),
		OF(ictl_iommu_option, op, 8), OF(ictl_iommu_option, reserved, 10),
		OF(ictl_iommu_option, object_id, 12), OF(ictl_iommu_option, val64, 16),
		OF(ictl_iommu_vfio_ioas, op, 8), OF(ictl_iommu_vfio_ioas, reserved, 10),
		/* §3.13-§3.19 */
		OF(ictl_iommu_hwpt_set_dirty_tracking, hwpt_id, 8),
		OF(ictl_iommu_hwpt_get_dirty_bitmap, flags, 8),
		OF(ictl_iommu_hwpt_get_dirty_bitmap, iova, 16),
		OF(ictl_iommu_hwpt_get_dirty_bitmap, page_size, 32),
		OF(ictl_iommu_hwpt_get_dirty_bitmap, data, 40),
		OF(ictl_iommu_fault_alloc, out_fault_id, 8),
		OF(ictl_iommu_fault_alloc, out_fault_fd, 12),
		OF(ictl_iommu_viommu_alloc, type, 8), OF(ictl_iommu_viommu_alloc, dev_id, 12),
		OF(ictl_iommu_viommu_alloc, hwpt_id, 16),
		OF(ictl_iommu_viommu_alloc, out_viommu_id, 20),
		OF(ictl_iommu_viommu_alloc, data_len, 24), OF(ictl_iommu_viommu_alloc, reserved, 28),
		OF(ictl_iommu_viommu_alloc, data_uptr, 32),
		OF(ictl_iommu_vdevice_alloc, out_vdevice_id, 12),
		OF(ictl_iommu_vdevice_alloc, virt_id, 16),
		/* §7.1 */
		OF(ictl_iommu_hwpt_invalidate, data_uptr, 8),
		OF(ictl_iommu_hwpt_invalidate, data_type, 16),
		OF(ictl_iommu_hwpt_invalidate, entry_len, 20),
		OF(ictl_iommu_hwpt_invalidate, entry_num, 24),
		OF(ictl_iommu_hwpt_invalidate, reserved, 28),
		/* §8 */
		OF(ictl_iommu_veventq_alloc, type, 12), OF(ictl_iommu_veventq_alloc, veventq_depth, 16),
		OF(ictl_iommu_veventq_alloc, out_veventq_id, 20),
		OF(ictl_iommu_veventq_alloc, out_veventq_fd, 24),
		OF(ictl_iommu_veventq_alloc, reserved, 28),
		OF(ictl_iommu_hwpt_pgfault, perm, 16), OF(ictl_iommu_hwpt_pgfault, addr, 24),
		OF(ictl_iommu_hwpt_pgfault, length, 32), OF(ictl_iommu_hwpt_pgfault, cookie, 36),
		OF(ictl_iommu_hw_queue_alloc, index, 16),
		OF(ictl_iommu_hw_queue_alloc, out_hw_queue_id, 20),
		OF(ictl_iommu_hw_queue_alloc, nesting_parent_iova, 24),
		OF(ictl_iommu_hw_queue_alloc, length, 32),
		OF(ictl_iommu_viommu_selftest, out_mmap_offset, 8),
		OF(ictl_iommu_viommu_selftest, out_mmap_length, 16),
		/* §4.2, §5.5, §7.2 */
		OF(ictl_iommu_hwpt_vtd_s1, pgtbl_addr, 8), OF(ictl_iommu_hwpt_vtd_s1, addr_width, 16),
		OF(ictl_iommu_hw_info_vtd, cap_reg, 8), OF(ictl_iommu_hw_info_vtd, ecap_reg, 16),
		OF(ictl_iommu_hw_info_arm_smmuv3, idr, 8), OF(ictl_iommu_hw_info_arm_smmuv3, iidr, 32),
		OF(ictl_iommu_hw_info_arm_smmuv3, aidr, 36),
		OF(ictl_iommu_hw_info_tegra241_cmdqv, version, 4),
		OF(ictl_iommu_hw_info_tegra241_cmdqv, log2vsids, 6),
		OF(ictl_iommu_hwpt_vtd_s1_invalidate, flags, 16),
		OF(ictl_iommu_viommu_invalidate_selftest, cache_id, 8),
		/* §9 */
		OF(ictl_iommu_test_cmd, id, 8), OF(ictl_iommu_test_cmd, add_reserved.length, 24),
		OF(ictl_iommu_test_cmd, mock_domain.out_idev_id, 24),
		OF(ictl_iommu_test_cmd, mock_domain.dev_flags, 28),
		OF(ictl_iommu_test_cmd, check_refs.refs, 32),
		OF(ictl_iommu_test_cmd, access_pages.uptr, 40),
		OF(ictl_iommu_test_cmd, access_rw.flags, 40),
		OF(ictl_iommu_test_cmd, dirty.uptr, 48),
		OF(ictl_iommu_test_cmd, dirty.out_nr_dirty, 56),
		OF(ictl_iommu_test_cmd, trigger_iopf.addr, 32),
		OF(ictl_iommu_test_cmd, pasid_attach.pt_id, 20),
		OF(ictl_iommu_test_cmd, dmabuf_revoke.revoked, 20),
		OF(ictl_iommu_test_cmd, last, 64),
		/* §6 */
		OF(ictl_vfio_device_bind_iommufd, iommufd, 8),
		OF(ictl_vfio_device_bind_iommufd, out_devid, 12),
		OF(ictl_vfio_device_bind_iommufd, token_uuid_ptr, 16),
		OF(ictl_vfio_device_attach_iommufd_pt, pt_id, 8),
		OF(ictl_vfio_device_attach_iommufd_pt, pasid, 12),
		OF(ictl_vfio_device_detach_iommufd_pt, pasid, 8),
		OF(ictl_vfio_device_info, cap_offset, 16),
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		if (rows[i].got != rows[i].want)
			fail_msg("%s at %zu, reference says %zu", rows[i].name, rows[i].got,
				 rows[i].want);
	}
}

/* ---- ioctl numbers: plain _IO(';', nr), never _IOWR ---- */

struct cmd_row {
	const char *name;
	unsigned long got, want;
};

#define CMD(n, v) { #n, ICTL_##n, v }

static const struct cmd_row cmds[] = {
	CMD(IOMMU_DESTROY, 0x3b80),
	CMD(IOMMU_IOAS_ALLOC, 0x3b81),
	CMD(IOMMU_IOAS_ALLOW_IOVAS, 0x3b82),
	CMD(IOMMU_IOAS_COPY, 0x3b83),
	CMD(IOMMU_IOAS_IOVA_RANGES, 0x3b84),
	CMD(IOMMU_IOAS_MAP, 0x3b85),
	CMD(IOMMU_IOAS_UNMAP, 0x3b86),
	CMD(IOMMU_OPTION, 0x3b87),
	CMD(IOMMU_VFIO_IOAS, 0x3b88),
	CMD(IOMMU_HWPT_ALLOC, 0x3b89),
	CMD(IOMMU_GET_HW_INFO, 0x3b8a),
	CMD(IOMMU_HWPT_SET_DIRTY_TRACKING, 0x3b8b),
	CMD(IOMMU_HWPT_GET_DIRTY_BITMAP, 0x3b8c),
	CMD(IOMMU_HWPT_INVALIDATE, 0x3b8d),
	CMD(IOMMU_FAULT_QUEUE_ALLOC, 0x3b8e),
	CMD(IOMMU_IOAS_MAP_FILE, 0x3b8f),
	CMD(IOMMU_VIOMMU_ALLOC, 0x3b90),
	CMD(IOMMU_VDEVICE_ALLOC, 0x3b91),
	CMD(IOMMU_IOAS_CHANGE_PROCESS, 0x3b92),
	CMD(IOMMU_VEVENTQ_ALLOC, 0x3b93),
	CMD(IOMMU_HW_QUEUE_ALLOC, 0x3b94),
	CMD(IOMMU_TEST_CMD, 0x3ba0),
	CMD(VFIO_DEVICE_GET_INFO, 0x3b6b),
	CMD(VFIO_DEVICE_FEATURE, 0x3b75),
	CMD(VFIO_DEVICE_BIND_IOMMUFD, 0x3b76),
	CMD(VFIO_DEVICE_ATTACH_IOMMUFD_PT, 0x3b77),
	CMD(VFIO_DEVICE_DETACH_IOMMUFD_PT, 0x3b78),
};

static void test_ioctl_numbers(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cmds); i++) {
		const struct tf_struct *s = trace_ioctl_struct(cmds[i].got);

		if (cmds[i].got != cmds[i].want)
			fail_msg("%s = %#lx, reference says %#lx", cmds[i].name, cmds[i].got,
				 cmds[i].want);
		/* The tracer knows every one, by the same name. */
		assert_non_null(trace_ioctl_name(cmds[i].got));
		assert_string_equal(trace_ioctl_name(cmds[i].got), cmds[i].name);
		assert_non_null(s);
		for (unsigned f = 0; f < s->nfields; f++) {
			const struct tf_field *fd = &s->fields[f];

			if (fd->kind != TF_UNION &&
			    fd->off + (size_t)fd->size * (fd->count ? fd->count : 1) > s->size)
				fail_msg("%s.%s outside the struct", s->name, fd->name);
		}
	}
	assert_null(trace_ioctl_name(0x3b95));
}

static void test_constants(void **state)
{
	(void)state;
	/* Minimum sizes (§2) and a few values that are easy to mistype. */
	assert_int_equal(ICTL_IOMMU_HWPT_ALLOC_SIZE_MIN, 24);
	assert_int_equal(ICTL_IOMMU_GET_HW_INFO_SIZE_MIN, 32);
	assert_int_equal(ICTL_IOMMU_VIOMMU_ALLOC_SIZE_MIN, 24);
	assert_int_equal(ICTL_IOMMU_VEVENTQ_ALLOC_SIZE_MIN, 28);
	assert_int_equal(ICTL_IOMMU_TEST_CMD_SIZE_MIN, 68);
	assert_int_equal(ICTL_IOMMU_HWPT_ALLOC_PASID, 8);
	assert_int_equal(ICTL_IOMMU_HWPT_FAULT_ID_VALID, 4);
	assert_int_equal(ICTL_IOMMU_HWPT_DATA_SELFTEST, 0xdead);
	assert_int_equal(ICTL_IOMMU_HW_INFO_TYPE_SELFTEST, 0xfeedbeef);
	assert_int_equal(ICTL_IOMMU_VEVENTQ_TYPE_SELFTEST, 0xbeefbeef);
	assert_int_equal(ICTL_IOMMU_HW_CAP_PCI_ATS_NOT_SUPPORTED, 8);
	assert_int_equal(ICTL_MOCK_APERTURE_START, 0x1000000);
	assert_int_equal(ICTL_MOCK_APERTURE_LAST, 0x7fffffff);
	assert_int_equal(ICTL_MOCK_PASID_WIDTH, 20);
	assert_int_equal(ICTL_IOMMU_TEST_IOTLB_DEFAULT, 0xbadbeef);
	assert_int_equal(ICTL_IOMMU_TEST_DEV_CACHE_DEFAULT, 0xbaddad);
	assert_int_equal(ICTL_MOCK_FLAGS_DEVICE_PASID, 4);
	assert_int_equal(ICTL_IOMMU_TEST_OP_DMABUF_REVOKE, 23);
	assert_int_equal(ICTL_VFIO_DEVICE_FEATURE_DMA_BUF, 11);
	assert_int_equal(ICTL_IOMMU_HWPT_INVALIDATE_ENTRY_NUM_MAX, 1 << 19);
}

/* ---- wrappers against a bad descriptor ---- */

static void test_wrappers_zero_and_size(void **state)
{
	struct ictl_iommu_hwpt_alloc a = {
		.size = 3, .flags = ICTL_IOMMU_HWPT_ALLOC_NEST_PARENT, .dev_id = 1, .pt_id = 2,
		.reserved = 0x55, .reserved2 = 0x66, .out_hwpt_id = 9,
	};
	struct ictl_iommu_hw_info h = { .dev_id = 1, .in_data_type = 2 };
	struct ictl_iommu_test_cmd t = {
		.op = ICTL_IOMMU_TEST_OP_PASID_ATTACH, .id = 4, .reserved = 7, .last = 8,
		.pasid_attach = { .pasid = 5, .pt_id = 6 },
	};
	uint32_t n = 10, id = 77;
	uint8_t entries[10 * 8] = { 0 };

	(void)state;
	opts.debug = false;
	assert_int_equal(ifd_hwpt_alloc(-1, &a), -EBADF);
	assert_int_equal(a.size, 48);
	assert_int_equal(a.reserved, 0);
	assert_int_equal(a.reserved2, 0);
	assert_int_equal(a.out_hwpt_id, 0);
	assert_int_equal(a.flags, ICTL_IOMMU_HWPT_ALLOC_NEST_PARENT);

	/* Without FLAG_INPUT_TYPE the (shared) type field is not sent. */
	assert_int_equal(ifd_get_hw_info(-1, &h), -EBADF);
	assert_int_equal(h.size, 40);
	assert_int_equal(h.in_data_type, 0);

	assert_int_equal(ifd_test_cmd(-1, &t), -EBADF);
	assert_int_equal(t.size, 72);
	assert_int_equal(t.reserved, 0);
	assert_int_equal(t.last, 0);
	assert_int_equal(t.pasid_attach.pasid, 5);
	assert_int_equal(t.pasid_attach.pt_id, 6);

	/* entry_num is always written back; 0 when the kernel never saw it. */
	assert_int_equal(ifd_hwpt_invalidate(-1, 3, ICTL_IOMMU_HWPT_INVALIDATE_DATA_SELFTEST,
					     entries, 8, &n), -EBADF);
	assert_int_equal(n, 0);

	assert_int_equal(ifd_ioas_alloc(-1, &id), -EBADF);
	assert_int_equal(id, 77);
	assert_int_equal(vfio_attach_pt(-1, 5, 7, NULL), -EBADF);
	assert_int_equal(vfio_detach_pt(-1, IFD_NO_PASID), -EBADF);
	/* A VFIO ioctl on a non-VFIO descriptor. */
	assert_true(vfio_device_feature(0, ICTL_VFIO_DEVICE_FEATURE_PROBE, NULL, 0) < 0);
}

static void test_open(void **state)
{
	const char *root = opts.dev_root;

	(void)state;
	opts.iommufd_fd = 1000;
	assert_int_equal(ifd_open(), -EBADF);
	opts.iommufd_fd = 2;
	assert_int_equal(ifd_open(), 2);
	opts.iommufd_fd = -1;
	opts.dev_root = "/nonexistent-iommuctl";
	assert_int_equal(ifd_open(), -ENOENT);
	opts.dev_root = root;
}

/* ---- the tracer ---- */

static int saved_stderr = -1;
static FILE *cap;

static void cap_start(void)
{
	fflush(stderr);
	cap = tmpfile();
	assert_non_null(cap);
	saved_stderr = dup(2);
	assert_true(saved_stderr >= 0);
	assert_true(dup2(fileno(cap), 2) == 2);
}

/* The captured text; the caller frees it. */
static char *cap_end(void)
{
	long n;
	char *buf;

	fflush(stderr);
	dup2(saved_stderr, 2);
	close(saved_stderr);
	n = ftell(cap);
	assert_true(n >= 0);
	buf = calloc(1, (size_t)n + 1);
	assert_non_null(buf);
	rewind(cap);
	assert_int_equal(fread(buf, 1, (size_t)n, cap), (size_t)n);
	fclose(cap);
	return buf;
}

static void expect_in(const char *text, const char *want)
{
	if (!strstr(text, want))
		fail_msg("expected \"%s\" in:\n%s", want, text);
}

static void test_trace_hwpt_alloc(void **state)
{
	struct ictl_iommu_hwpt_alloc a = {
		.flags = ICTL_IOMMU_HWPT_ALLOC_NEST_PARENT | ICTL_IOMMU_HWPT_ALLOC_DIRTY_TRACKING,
		.dev_id = 1, .pt_id = 2,
	};
	struct ictl_iommu_hwpt_vtd_s1 s1 = {
		.flags = ICTL_IOMMU_VTD_S1_SRE | ICTL_IOMMU_VTD_S1_WPE,
		.pgtbl_addr = 0x1000, .addr_width = 48,
	};
	struct ictl_iommu_hwpt_alloc n = {
		.flags = ICTL_IOMMU_HWPT_ALLOC_PASID | 0x100, .dev_id = 1, .pt_id = 3,
		.data_type = ICTL_IOMMU_HWPT_DATA_VTD_S1, .data_len = sizeof(s1),
		.data_uptr = (uintptr_t)&s1,
	};
	struct ictl_iommu_hwpt_alloc bad = {
		.dev_id = 1, .pt_id = 3, .data_type = ICTL_IOMMU_HWPT_DATA_VTD_S1,
		.data_len = 24, .data_uptr = 0x10,
	};
	char *t;

	(void)state;
	opts.debug = true;
	cap_start();
	ifd_hwpt_alloc(-1, &a);
	ifd_hwpt_alloc(-1, &n);
	ifd_hwpt_alloc(-1, &bad);
	t = cap_end();
	opts.debug = false;
	expect_in(t, "ioctl IOMMU_HWPT_ALLOC(0x3b89) {size=48 flags=NEST_PARENT|DIRTY_TRACKING "
		     "dev_id=1 pt_id=2 data_type=NONE data_len=0 data_uptr=0x0 fault_id=0} "
		     "= -1 EBADF (Bad file descriptor)\n");
	/* Unknown bits stay visible; the blob is decoded below the line. */
	expect_in(t, "flags=PASID|0x100 dev_id=1 pt_id=3 data_type=VTD_S1 data_len=24 ");
	expect_in(t, "  data_uptr -> iommu_hwpt_vtd_s1 {flags=SRE|WPE pgtbl_addr=0x1000 "
		     "addr_width=48}\n");
	expect_in(t, "  data_uptr -> unreadable (24 bytes at 0x10)\n");
	/* No output printed for a call that failed before the kernel wrote. */
	assert_null(strstr(t, "out_hwpt_id"));
	free(t);
}

static void test_trace_invalidate(void **state)
{
	struct ictl_iommu_hwpt_invalidate_selftest e[10];
	uint32_t n = 10;
	char *t;

	(void)state;
	for (unsigned i = 0; i < 10; i++)
		e[i] = (struct ictl_iommu_hwpt_invalidate_selftest){
			.flags = i == 0 ? ICTL_IOMMU_TEST_INVALIDATE_FLAG_ALL : 0, .iotlb_id = i,
		};
	opts.debug = true;
	cap_start();
	ifd_hwpt_invalidate(-1, 5, ICTL_IOMMU_HWPT_INVALIDATE_DATA_SELFTEST, e, sizeof(e[0]), &n);
	t = cap_end();
	opts.debug = false;
	expect_in(t, "ioctl IOMMU_HWPT_INVALIDATE(0x3b8d) {size=32 hwpt_id=5 data_uptr=0x");
	expect_in(t, " data_type=SELFTEST entry_len=8 entry_num=10} = -1 EBADF");
	expect_in(t, "  data_uptr[0] -> iommu_hwpt_invalidate_selftest {flags=ALL iotlb_id=0}\n");
	expect_in(t, "  data_uptr[7] -> iommu_hwpt_invalidate_selftest {flags=0 iotlb_id=7}\n");
	expect_in(t, "  data_uptr: 2 more entries\n");
	assert_null(strstr(t, "data_uptr[8]"));
	/* entry_num untouched by the kernel: not reported as output. */
	assert_null(strstr(t, "-> {"));
	free(t);
}

static void test_trace_test_cmd_and_vfio(void **state)
{
	struct ictl_iommu_test_cmd m = {
		.op = ICTL_IOMMU_TEST_OP_MOCK_DOMAIN_FLAGS, .id = 1,
		.mock_domain.dev_flags = ICTL_MOCK_FLAGS_DEVICE_NO_DIRTY |
					 ICTL_MOCK_FLAGS_DEVICE_PASID,
	};
	struct ictl_vfio_device_feature_dma_logging_range r[2] = {
		{ .iova = 0x1000, .length = 0x2000 }, { .iova = 0x8000, .length = 0x1000 },
	};
	struct ictl_vfio_device_feature_dma_logging_control lc = {
		.page_size = 4096, .num_ranges = 2, .ranges = (uintptr_t)r,
	};
	char *t;

	(void)state;
	opts.debug = true;
	cap_start();
	ifd_test_cmd(-1, &m);
	vfio_attach_pt(-1, 5, 7, NULL);
	vfio_detach_pt(-1, IFD_NO_PASID);
	vfio_device_feature(-1, ICTL_VFIO_DEVICE_FEATURE_SET |
			    ICTL_VFIO_DEVICE_FEATURE_DMA_LOGGING_START, &lc, sizeof(lc));
	t = cap_end();
	opts.debug = false;
	expect_in(t, "ioctl IOMMU_TEST_CMD(0x3ba0) {size=72 op=MOCK_DOMAIN_FLAGS id=1 "
		     "dev_flags=NO_DIRTY|PASID} = -1 EBADF");
	expect_in(t, "ioctl VFIO_DEVICE_ATTACH_IOMMUFD_PT(0x3b77) {argsz=16 flags=PASID pt_id=5 "
		     "pasid=7} = -1 EBADF");
	expect_in(t, "ioctl VFIO_DEVICE_DETACH_IOMMUFD_PT(0x3b78) {argsz=12 flags=0 pasid=0} "
		     "= -1 EBADF");
	expect_in(t, "ioctl VFIO_DEVICE_FEATURE(0x3b75) {argsz=32 flags=SET "
		     "feature=DMA_LOGGING_START page_size=0x1000 num_ranges=2 ranges=0x");
	expect_in(t, "  ranges[1] -> vfio_device_feature_dma_logging_range {iova=0x8000 "
		     "length=0x1000}\n");
	free(t);
}

/* Success paths, fed to the printer directly: no kernel here. */
static void test_trace_outputs(void **state)
{
	struct ictl_iommu_hw_info_vtd vtd = {
		.flags = ICTL_IOMMU_HW_INFO_VTD_ERRATA_772415_SPR17,
		.cap_reg = 0xd2008c40660462ULL, .ecap_reg = 0xf050da,
	};
	struct ictl_iommu_hw_info in = {
		.size = sizeof(in), .dev_id = 1, .data_len = 40, .data_uptr = (uintptr_t)&vtd,
	};
	struct ictl_iommu_hw_info out = in;
	struct ictl_iommu_iova_range ranges[2];
	struct ictl_iommu_ioas_iova_ranges rin = {
		.size = sizeof(rin), .ioas_id = 2, .num_iovas = 2, .allowed_iovas = (uintptr_t)ranges,
	};
	struct ictl_iommu_ioas_iova_ranges rout = rin;
	struct ictl_iommu_hwpt_pgfault pf = {
		.flags = ICTL_IOMMU_PGFAULT_FLAGS_LAST_PAGE, .dev_id = 3,
		.perm = ICTL_IOMMU_PGFAULT_PERM_READ | ICTL_IOMMU_PGFAULT_PERM_WRITE,
		.addr = 0x4000, .cookie = 9,
	};
	char *t;

	(void)state;
	out.data_len = 24;
	out.out_data_type = ICTL_IOMMU_HW_INFO_TYPE_INTEL_VTD;
	out.out_max_pasid_log2 = 20;
	out.out_capabilities = ICTL_IOMMU_HW_CAP_DIRTY_TRACKING |
			       ICTL_IOMMU_HW_CAP_PCI_ATS_NOT_SUPPORTED;
	rout.num_iovas = 3;
	cap_start();
	trace_ioctl(ICTL_IOMMU_GET_HW_INFO, &in, &out, sizeof(in), 0);
	trace_ioctl(ICTL_IOMMU_IOAS_IOVA_RANGES, &rin, &rout, sizeof(rin), -EMSGSIZE);
	trace_record("fault", &tf_iommu_hwpt_pgfault, &pf, sizeof(pf));
	t = cap_end();
	expect_in(t, "ioctl IOMMU_GET_HW_INFO(0x3b8a) {size=40 flags=0 dev_id=1 data_len=40 "
		     "data_uptr=0x");
	expect_in(t, " in_data_type=NONE} = 0 -> {data_len=24 out_data_type=INTEL_VTD "
		     "out_max_pasid_log2=20 out_capabilities=DIRTY_TRACKING|PCI_ATS_NOT_SUPPORTED}\n");
	expect_in(t, "  data_uptr <- iommu_hw_info_vtd {flags=ERRATA_772415_SPR17 "
		     "cap_reg=0xd2008c40660462 ecap_reg=0xf050da}\n");
	/* EMSGSIZE: the count needed comes back, the array is not decoded. */
	expect_in(t, "= -1 EMSGSIZE (Message too long) -> {num_iovas=3}\n");
	assert_null(strstr(t, "allowed_iovas["));
	expect_in(t, "read fault -> iommu_hwpt_pgfault {flags=LAST_PAGE dev_id=3 pasid=0 grpid=0 "
		     "perm=READ|WRITE addr=0x4000 length=0 cookie=9}\n");
	free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sizes),
		cmocka_unit_test(test_offsets),
		cmocka_unit_test(test_ioctl_numbers),
		cmocka_unit_test(test_constants),
		cmocka_unit_test(test_wrappers_zero_and_size),
		cmocka_unit_test(test_open),
		cmocka_unit_test(test_trace_hwpt_alloc),
		cmocka_unit_test(test_trace_invalidate),
		cmocka_unit_test(test_trace_test_cmd_and_vfio),
		cmocka_unit_test(test_trace_outputs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
