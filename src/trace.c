// SPDX-License-Identifier: GPL-2.0-only
/* -d/--debug ioctl tracing: see trace.h. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "error.h"
#include "output.h"
#include "trace.h"
#include "uapi.h"

#define BLOB_MAX	4096	/* bytes read behind one user pointer */
#define BLOB_ELEMS	8	/* array entries shown; the rest are counted */
#define MAX_BLOBS	4

/* ---- descriptor helpers ---- */

#define MEMBER(st, f)	(((struct st *)0)->f)
#define OFF(st, f)	((int16_t)offsetof(struct st, f))
#define NONE		(-1)

#define FLD(st, f, k, d, ...) \
	{ .name = #f, .off = offsetof(struct st, f), .size = sizeof(MEMBER(st, f)), \
	  .kind = (k), .dir = (d), __VA_ARGS__ }
/* An array of scalars. */
#define FLDA(st, f, k, d) \
	{ .name = #f, .off = offsetof(struct st, f), .size = sizeof(MEMBER(st, f)[0]), \
	  .count = ARRAY_SIZE(MEMBER(st, f)), .kind = (k), .dir = (d) }
/* A member of union u, offset relative to the union. */
#define FLDU(st, u, f, k, d, ...) \
	{ .name = #f, .off = offsetof(struct st, u.f) - offsetof(struct st, u), \
	  .size = sizeof(MEMBER(st, u.f)), .kind = (k), .dir = (d), __VA_ARGS__ }
#define NAMES(t)	.names = (t)
/* A user pointer whose pointee is decoded; key/len/num are field offsets. */
#define PTR(st, f, bd, vars, key, len, num) \
	{ .name = #f, .off = offsetof(struct st, f), .size = 8, .kind = TF_PTR, \
	  .dir = TF_IN, .bdir = (bd), .variants = (vars), .key_off = (key), \
	  .len_off = (len), .num_off = (num) }

/* The kernel's name: ours without "ictl_". */
#define STRUCT(st, fl) \
	{ .name = &#st[5], .size = sizeof(struct st), .nfields = ARRAY_SIZE(fl), .fields = (fl) }
#define VARIANT(nm, fl) { .name = (nm), .nfields = ARRAY_SIZE(fl), .fields = (fl) }

/* ---- names ---- */

static const struct tf_name map_flags[] = {
	{ ICTL_IOMMU_IOAS_MAP_FIXED_IOVA, "FIXED_IOVA" },
	{ ICTL_IOMMU_IOAS_MAP_WRITEABLE, "WRITEABLE" },
	{ ICTL_IOMMU_IOAS_MAP_READABLE, "READABLE" },
	{ 0, NULL }
};

static const struct tf_name option_ids[] = {
	{ ICTL_IOMMU_OPTION_RLIMIT_MODE, "RLIMIT_MODE" },
	{ ICTL_IOMMU_OPTION_HUGE_PAGES, "HUGE_PAGES" },
	{ 0, NULL }
};

static const struct tf_name option_ops[] = {
	{ ICTL_IOMMU_OPTION_OP_SET, "SET" },
	{ ICTL_IOMMU_OPTION_OP_GET, "GET" },
	{ 0, NULL }
};

static const struct tf_name vfio_ioas_ops[] = {
	{ ICTL_IOMMU_VFIO_IOAS_GET, "GET" },
	{ ICTL_IOMMU_VFIO_IOAS_SET, "SET" },
	{ ICTL_IOMMU_VFIO_IOAS_CLEAR, "CLEAR" },
	{ 0, NULL }
};

static const struct tf_name hwpt_alloc_flags[] = {
	{ ICTL_IOMMU_HWPT_ALLOC_NEST_PARENT, "NEST_PARENT" },
	{ ICTL_IOMMU_HWPT_ALLOC_DIRTY_TRACKING, "DIRTY_TRACKING" },
	{ ICTL_IOMMU_HWPT_FAULT_ID_VALID, "FAULT_ID_VALID" },
	{ ICTL_IOMMU_HWPT_ALLOC_PASID, "PASID" },
	{ 0, NULL }
};

static const struct tf_name hwpt_data_types[] = {
	{ ICTL_IOMMU_HWPT_DATA_NONE, "NONE" },
	{ ICTL_IOMMU_HWPT_DATA_VTD_S1, "VTD_S1" },
	{ ICTL_IOMMU_HWPT_DATA_ARM_SMMUV3, "ARM_SMMUV3" },
	{ ICTL_IOMMU_HWPT_DATA_AMD_GUEST, "AMD_GUEST" },
	{ ICTL_IOMMU_HWPT_DATA_SELFTEST, "SELFTEST" },
	{ 0, NULL }
};

static const struct tf_name vtd_s1_flags[] = {
	{ ICTL_IOMMU_VTD_S1_SRE, "SRE" },
	{ ICTL_IOMMU_VTD_S1_EAFE, "EAFE" },
	{ ICTL_IOMMU_VTD_S1_WPE, "WPE" },
	{ 0, NULL }
};

static const struct tf_name hw_info_types[] = {
	{ ICTL_IOMMU_HW_INFO_TYPE_NONE, "NONE" },
	{ ICTL_IOMMU_HW_INFO_TYPE_INTEL_VTD, "INTEL_VTD" },
	{ ICTL_IOMMU_HW_INFO_TYPE_ARM_SMMUV3, "ARM_SMMUV3" },
	{ ICTL_IOMMU_HW_INFO_TYPE_TEGRA241_CMDQV, "TEGRA241_CMDQV" },
	{ ICTL_IOMMU_HW_INFO_TYPE_AMD, "AMD" },
	{ ICTL_IOMMU_HW_INFO_TYPE_SELFTEST, "SELFTEST" },
	{ 0, NULL }
};

static const struct tf_name hw_info_flags[] = {
	{ ICTL_IOMMU_HW_INFO_FLAG_INPUT_TYPE, "INPUT_TYPE" },
	{ 0, NULL }
};

static const struct tf_name hw_caps[] = {
	{ ICTL_IOMMU_HW_CAP_DIRTY_TRACKING, "DIRTY_TRACKING" },
	{ ICTL_IOMMU_HW_CAP_PCI_PASID_EXEC, "PCI_PASID_EXEC" },
	{ ICTL_IOMMU_HW_CAP_PCI_PASID_PRIV, "PCI_PASID_PRIV" },
	{ ICTL_IOMMU_HW_CAP_PCI_ATS_NOT_SUPPORTED, "PCI_ATS_NOT_SUPPORTED" },
	{ 0, NULL }
};

static const struct tf_name hw_info_vtd_flags[] = {
	{ ICTL_IOMMU_HW_INFO_VTD_ERRATA_772415_SPR17, "ERRATA_772415_SPR17" },
	{ 0, NULL }
};

static const struct tf_name dirty_tracking_flags[] = {
	{ ICTL_IOMMU_HWPT_DIRTY_TRACKING_ENABLE, "ENABLE" },
	{ 0, NULL }
};

static const struct tf_name dirty_bitmap_flags[] = {
	{ ICTL_IOMMU_HWPT_GET_DIRTY_BITMAP_NO_CLEAR, "NO_CLEAR" },
	{ 0, NULL }
};

/* One table for nested HWPTs and vIOMMUs: the values do not collide. */
static const struct tf_name invalidate_types[] = {
	{ ICTL_IOMMU_HWPT_INVALIDATE_DATA_VTD_S1, "VTD_S1" },
	{ ICTL_IOMMU_VIOMMU_INVALIDATE_DATA_ARM_SMMUV3, "ARM_SMMUV3" },
	{ ICTL_IOMMU_HWPT_INVALIDATE_DATA_SELFTEST, "SELFTEST" },
	{ ICTL_IOMMU_HWPT_INVALIDATE_DATA_SELFTEST_INVALID, "SELFTEST_INVALID" },
	{ 0, NULL }
};

static const struct tf_name vtd_inv_flags[] = {
	{ ICTL_IOMMU_VTD_INV_FLAGS_LEAF, "LEAF" },
	{ 0, NULL }
};

static const struct tf_name test_inv_flags[] = {
	{ ICTL_IOMMU_TEST_INVALIDATE_FLAG_ALL, "ALL" },
	{ 0, NULL }
};

static const struct tf_name viommu_types[] = {
	{ ICTL_IOMMU_VIOMMU_TYPE_DEFAULT, "DEFAULT" },
	{ ICTL_IOMMU_VIOMMU_TYPE_ARM_SMMUV3, "ARM_SMMUV3" },
	{ ICTL_IOMMU_VIOMMU_TYPE_TEGRA241_CMDQV, "TEGRA241_CMDQV" },
	{ ICTL_IOMMU_VIOMMU_TYPE_SELFTEST, "SELFTEST" },
	{ 0, NULL }
};

static const struct tf_name veventq_types[] = {
	{ ICTL_IOMMU_VEVENTQ_TYPE_DEFAULT, "DEFAULT" },
	{ ICTL_IOMMU_VEVENTQ_TYPE_ARM_SMMUV3, "ARM_SMMUV3" },
	{ ICTL_IOMMU_VEVENTQ_TYPE_TEGRA241_CMDQV, "TEGRA241_CMDQV" },
	{ ICTL_IOMMU_VEVENTQ_TYPE_SELFTEST, "SELFTEST" },
	{ 0, NULL }
};

static const struct tf_name vevent_flags[] = {
	{ ICTL_IOMMU_VEVENTQ_FLAG_LOST_EVENTS, "LOST_EVENTS" },
	{ 0, NULL }
};

static const struct tf_name hw_queue_types[] = {
	{ ICTL_IOMMU_HW_QUEUE_TYPE_DEFAULT, "DEFAULT" },
	{ ICTL_IOMMU_HW_QUEUE_TYPE_TEGRA241_CMDQV, "TEGRA241_CMDQV" },
	{ ICTL_IOMMU_HW_QUEUE_TYPE_SELFTEST, "SELFTEST" },
	{ 0, NULL }
};

static const struct tf_name pgfault_flags[] = {
	{ ICTL_IOMMU_PGFAULT_FLAGS_PASID_VALID, "PASID_VALID" },
	{ ICTL_IOMMU_PGFAULT_FLAGS_LAST_PAGE, "LAST_PAGE" },
	{ 0, NULL }
};

static const struct tf_name pgfault_perm[] = {
	{ ICTL_IOMMU_PGFAULT_PERM_READ, "READ" },
	{ ICTL_IOMMU_PGFAULT_PERM_WRITE, "WRITE" },
	{ ICTL_IOMMU_PGFAULT_PERM_EXEC, "EXEC" },
	{ ICTL_IOMMU_PGFAULT_PERM_PRIV, "PRIV" },
	{ 0, NULL }
};

static const struct tf_name test_ops[] = {
	{ ICTL_IOMMU_TEST_OP_ADD_RESERVED, "ADD_RESERVED" },
	{ ICTL_IOMMU_TEST_OP_MOCK_DOMAIN, "MOCK_DOMAIN" },
	{ ICTL_IOMMU_TEST_OP_MD_CHECK_MAP, "MD_CHECK_MAP" },
	{ ICTL_IOMMU_TEST_OP_MD_CHECK_REFS, "MD_CHECK_REFS" },
	{ ICTL_IOMMU_TEST_OP_CREATE_ACCESS, "CREATE_ACCESS" },
	{ ICTL_IOMMU_TEST_OP_DESTROY_ACCESS_PAGES, "DESTROY_ACCESS_PAGES" },
	{ ICTL_IOMMU_TEST_OP_ACCESS_PAGES, "ACCESS_PAGES" },
	{ ICTL_IOMMU_TEST_OP_ACCESS_RW, "ACCESS_RW" },
	{ ICTL_IOMMU_TEST_OP_SET_TEMP_MEMORY_LIMIT, "SET_TEMP_MEMORY_LIMIT" },
	{ ICTL_IOMMU_TEST_OP_MOCK_DOMAIN_REPLACE, "MOCK_DOMAIN_REPLACE" },
	{ ICTL_IOMMU_TEST_OP_ACCESS_REPLACE_IOAS, "ACCESS_REPLACE_IOAS" },
	{ ICTL_IOMMU_TEST_OP_MOCK_DOMAIN_FLAGS, "MOCK_DOMAIN_FLAGS" },
	{ ICTL_IOMMU_TEST_OP_DIRTY, "DIRTY" },
	{ ICTL_IOMMU_TEST_OP_MD_CHECK_IOTLB, "MD_CHECK_IOTLB" },
	{ ICTL_IOMMU_TEST_OP_TRIGGER_IOPF, "TRIGGER_IOPF" },
	{ ICTL_IOMMU_TEST_OP_DEV_CHECK_CACHE, "DEV_CHECK_CACHE" },
	{ ICTL_IOMMU_TEST_OP_TRIGGER_VEVENT, "TRIGGER_VEVENT" },
	{ ICTL_IOMMU_TEST_OP_PASID_ATTACH, "PASID_ATTACH" },
	{ ICTL_IOMMU_TEST_OP_PASID_REPLACE, "PASID_REPLACE" },
	{ ICTL_IOMMU_TEST_OP_PASID_DETACH, "PASID_DETACH" },
	{ ICTL_IOMMU_TEST_OP_PASID_CHECK_HWPT, "PASID_CHECK_HWPT" },
	{ ICTL_IOMMU_TEST_OP_DMABUF_GET, "DMABUF_GET" },
	{ ICTL_IOMMU_TEST_OP_DMABUF_REVOKE, "DMABUF_REVOKE" },
	{ 0, NULL }
};

static const struct tf_name mock_dev_flags[] = {
	{ ICTL_MOCK_FLAGS_DEVICE_NO_DIRTY, "NO_DIRTY" },
	{ ICTL_MOCK_FLAGS_DEVICE_PASID, "PASID" },
	{ 0, NULL }
};

static const struct tf_name mock_access_create_flags[] = {
	{ ICTL_MOCK_FLAGS_ACCESS_CREATE_NEEDS_PIN_PAGES, "NEEDS_PIN_PAGES" },
	{ 0, NULL }
};

static const struct tf_name mock_access_flags[] = {
	{ ICTL_MOCK_FLAGS_ACCESS_WRITE, "WRITE" },
	{ ICTL_MOCK_FLAGS_ACCESS_SYZ, "SYZ" },
	{ 0, NULL }
};

static const struct tf_name mock_rw_flags[] = {
	{ ICTL_MOCK_ACCESS_RW_WRITE, "WRITE" },
	{ ICTL_MOCK_ACCESS_RW_SLOW_PATH, "SLOW_PATH" },
	{ 0, NULL }
};

static const struct tf_name mock_pt_types[] = {
	{ ICTL_MOCK_IOMMUPT_DEFAULT, "DEFAULT" },
	{ ICTL_MOCK_IOMMUPT_HUGE, "HUGE" },
	{ 0, NULL }
};

static const struct tf_name bind_flags[] = {
	{ ICTL_VFIO_DEVICE_BIND_FLAG_TOKEN, "TOKEN" },
	{ 0, NULL }
};

static const struct tf_name attach_flags[] = {
	{ ICTL_VFIO_DEVICE_ATTACH_PASID, "PASID" },
	{ 0, NULL }
};

static const struct tf_name detach_flags[] = {
	{ ICTL_VFIO_DEVICE_DETACH_PASID, "PASID" },
	{ 0, NULL }
};

static const struct tf_name vfio_device_flags[] = {
	{ ICTL_VFIO_DEVICE_FLAGS_RESET, "RESET" },
	{ ICTL_VFIO_DEVICE_FLAGS_PCI, "PCI" },
	{ ICTL_VFIO_DEVICE_FLAGS_PLATFORM, "PLATFORM" },
	{ ICTL_VFIO_DEVICE_FLAGS_AMBA, "AMBA" },
	{ ICTL_VFIO_DEVICE_FLAGS_CCW, "CCW" },
	{ ICTL_VFIO_DEVICE_FLAGS_AP, "AP" },
	{ ICTL_VFIO_DEVICE_FLAGS_FSL_MC, "FSL_MC" },
	{ ICTL_VFIO_DEVICE_FLAGS_CAPS, "CAPS" },
	{ ICTL_VFIO_DEVICE_FLAGS_CDX, "CDX" },
	{ 0, NULL }
};

static const struct tf_name feature_flags[] = {
	{ ICTL_VFIO_DEVICE_FEATURE_GET, "GET" },
	{ ICTL_VFIO_DEVICE_FEATURE_SET, "SET" },
	{ ICTL_VFIO_DEVICE_FEATURE_PROBE, "PROBE" },
	{ 0, NULL }
};

static const struct tf_name feature_ids[] = {
	{ ICTL_VFIO_DEVICE_FEATURE_PCI_VF_TOKEN, "PCI_VF_TOKEN" },
	{ ICTL_VFIO_DEVICE_FEATURE_DMA_LOGGING_START, "DMA_LOGGING_START" },
	{ ICTL_VFIO_DEVICE_FEATURE_DMA_LOGGING_STOP, "DMA_LOGGING_STOP" },
	{ ICTL_VFIO_DEVICE_FEATURE_DMA_LOGGING_REPORT, "DMA_LOGGING_REPORT" },
	{ ICTL_VFIO_DEVICE_FEATURE_DMA_BUF, "DMA_BUF" },
	{ 0, NULL }
};

/* ---- blobs behind user pointers ---- */

static const struct tf_field f_iova_range[] = {
	FLD(ictl_iommu_iova_range, start, TF_HEX, 0),
	FLD(ictl_iommu_iova_range, last, TF_HEX, 0),
};
static const struct tf_struct tf_iova_range = STRUCT(ictl_iommu_iova_range, f_iova_range);
static const struct tf_variant v_iova_range[] = {
	{ .s = &tf_iova_range },
	{ .s = NULL }
};

static const struct tf_field f_vtd_s1[] = {
	FLD(ictl_iommu_hwpt_vtd_s1, flags, TF_FLAGS, 0, NAMES(vtd_s1_flags)),
	FLD(ictl_iommu_hwpt_vtd_s1, pgtbl_addr, TF_HEX, 0),
	FLD(ictl_iommu_hwpt_vtd_s1, addr_width, TF_U, 0),
	FLD(ictl_iommu_hwpt_vtd_s1, reserved, TF_RSVD, 0),
};
static const struct tf_struct tf_vtd_s1 = STRUCT(ictl_iommu_hwpt_vtd_s1, f_vtd_s1);

static const struct tf_field f_smmuv3_ste[] = {
	FLDA(ictl_iommu_hwpt_arm_smmuv3, ste, TF_HEX, 0),
};
static const struct tf_struct tf_smmuv3_ste = STRUCT(ictl_iommu_hwpt_arm_smmuv3, f_smmuv3_ste);

static const struct tf_field f_amd_guest[] = {
	FLDA(ictl_iommu_hwpt_amd_guest, dte, TF_HEX, 0),
};
static const struct tf_struct tf_amd_guest = STRUCT(ictl_iommu_hwpt_amd_guest, f_amd_guest);

static const struct tf_field f_hwpt_selftest[] = {
	FLD(ictl_iommu_hwpt_selftest, iotlb, TF_HEX, 0),
	FLD(ictl_iommu_hwpt_selftest, pagetable_type, TF_ENUM, 0, NAMES(mock_pt_types)),
};
static const struct tf_struct tf_hwpt_selftest = STRUCT(ictl_iommu_hwpt_selftest, f_hwpt_selftest);

static const struct tf_variant v_hwpt_data[] = {
	{ ICTL_IOMMU_HWPT_DATA_VTD_S1, &tf_vtd_s1, 0 },
	{ ICTL_IOMMU_HWPT_DATA_ARM_SMMUV3, &tf_smmuv3_ste, 0 },
	{ ICTL_IOMMU_HWPT_DATA_AMD_GUEST, &tf_amd_guest, 0 },
	{ ICTL_IOMMU_HWPT_DATA_SELFTEST, &tf_hwpt_selftest, 0 },
	{ 0, NULL, 0 }
};

static const struct tf_field f_hw_info_vtd[] = {
	FLD(ictl_iommu_hw_info_vtd, flags, TF_FLAGS, 0, NAMES(hw_info_vtd_flags)),
	FLD(ictl_iommu_hw_info_vtd, reserved, TF_RSVD, 0),
	FLD(ictl_iommu_hw_info_vtd, cap_reg, TF_HEX, 0),
	FLD(ictl_iommu_hw_info_vtd, ecap_reg, TF_HEX, 0),
};
static const struct tf_struct tf_hw_info_vtd = STRUCT(ictl_iommu_hw_info_vtd, f_hw_info_vtd);

static const struct tf_field f_hw_info_smmuv3[] = {
	FLD(ictl_iommu_hw_info_arm_smmuv3, flags, TF_HEX, 0),
	FLD(ictl_iommu_hw_info_arm_smmuv3, reserved, TF_RSVD, 0),
	FLDA(ictl_iommu_hw_info_arm_smmuv3, idr, TF_HEX, 0),
	FLD(ictl_iommu_hw_info_arm_smmuv3, iidr, TF_HEX, 0),
	FLD(ictl_iommu_hw_info_arm_smmuv3, aidr, TF_HEX, 0),
};
static const struct tf_struct tf_hw_info_smmuv3 =
	STRUCT(ictl_iommu_hw_info_arm_smmuv3, f_hw_info_smmuv3);

static const struct tf_field f_hw_info_tegra[] = {
	FLD(ictl_iommu_hw_info_tegra241_cmdqv, flags, TF_HEX, 0),
	FLD(ictl_iommu_hw_info_tegra241_cmdqv, version, TF_U, 0),
	FLD(ictl_iommu_hw_info_tegra241_cmdqv, log2vcmdqs, TF_U, 0),
	FLD(ictl_iommu_hw_info_tegra241_cmdqv, log2vsids, TF_U, 0),
	FLD(ictl_iommu_hw_info_tegra241_cmdqv, reserved, TF_RSVD, 0),
};
static const struct tf_struct tf_hw_info_tegra =
	STRUCT(ictl_iommu_hw_info_tegra241_cmdqv, f_hw_info_tegra);

static const struct tf_field f_hw_info_amd[] = {
	FLD(ictl_iommu_hw_info_amd, efr, TF_HEX, 0),
	FLD(ictl_iommu_hw_info_amd, efr2, TF_HEX, 0),
};
static const struct tf_struct tf_hw_info_amd = STRUCT(ictl_iommu_hw_info_amd, f_hw_info_amd);

static const struct tf_field f_test_hw_info[] = {
	FLD(ictl_iommu_test_hw_info, flags, TF_HEX, 0),
	FLD(ictl_iommu_test_hw_info, test_reg, TF_HEX, 0),
};
static const struct tf_struct tf_test_hw_info = STRUCT(ictl_iommu_test_hw_info, f_test_hw_info);

static const struct tf_variant v_hw_info_data[] = {
	{ ICTL_IOMMU_HW_INFO_TYPE_INTEL_VTD, &tf_hw_info_vtd, 0 },
	{ ICTL_IOMMU_HW_INFO_TYPE_ARM_SMMUV3, &tf_hw_info_smmuv3, 0 },
	{ ICTL_IOMMU_HW_INFO_TYPE_TEGRA241_CMDQV, &tf_hw_info_tegra, 0 },
	{ ICTL_IOMMU_HW_INFO_TYPE_AMD, &tf_hw_info_amd, 0 },
	{ ICTL_IOMMU_HW_INFO_TYPE_SELFTEST, &tf_test_hw_info, 0 },
	{ 0, NULL, 0 }
};

static const struct tf_field f_vtd_inv[] = {
	FLD(ictl_iommu_hwpt_vtd_s1_invalidate, addr, TF_HEX, 0),
	FLD(ictl_iommu_hwpt_vtd_s1_invalidate, npages, TF_U, 0),
	FLD(ictl_iommu_hwpt_vtd_s1_invalidate, flags, TF_FLAGS, 0, NAMES(vtd_inv_flags)),
	FLD(ictl_iommu_hwpt_vtd_s1_invalidate, reserved, TF_RSVD, 0),
};
static const struct tf_struct tf_vtd_inv = STRUCT(ictl_iommu_hwpt_vtd_s1_invalidate, f_vtd_inv);

static const struct tf_field f_smmuv3_inv[] = {
	/* The opcode alone, then the raw words. */
	{ .name = "opcode", .off = 0, .size = 8, .kind = TF_HEX, .mask = 0xff },
	FLDA(ictl_iommu_viommu_arm_smmuv3_invalidate, cmd, TF_HEX, 0),
};
static const struct tf_struct tf_smmuv3_inv =
	STRUCT(ictl_iommu_viommu_arm_smmuv3_invalidate, f_smmuv3_inv);

static const struct tf_field f_test_hwpt_inv[] = {
	FLD(ictl_iommu_hwpt_invalidate_selftest, flags, TF_FLAGS, 0, NAMES(test_inv_flags)),
	FLD(ictl_iommu_hwpt_invalidate_selftest, iotlb_id, TF_U, 0),
};
static const struct tf_struct tf_test_hwpt_inv =
	STRUCT(ictl_iommu_hwpt_invalidate_selftest, f_test_hwpt_inv);

static const struct tf_field f_test_viommu_inv[] = {
	FLD(ictl_iommu_viommu_invalidate_selftest, flags, TF_FLAGS, 0, NAMES(test_inv_flags)),
	FLD(ictl_iommu_viommu_invalidate_selftest, vdev_id, TF_U, 0),
	FLD(ictl_iommu_viommu_invalidate_selftest, cache_id, TF_U, 0),
};
static const struct tf_struct tf_test_viommu_inv =
	STRUCT(ictl_iommu_viommu_invalidate_selftest, f_test_viommu_inv);

static const struct tf_variant v_invalidate[] = {
	{ ICTL_IOMMU_HWPT_INVALIDATE_DATA_VTD_S1, &tf_vtd_inv, 0 },
	{ ICTL_IOMMU_VIOMMU_INVALIDATE_DATA_ARM_SMMUV3, &tf_smmuv3_inv, 0 },
	/* Same key for both selftest entry kinds; their lengths differ. */
	{ ICTL_IOMMU_HWPT_INVALIDATE_DATA_SELFTEST, &tf_test_hwpt_inv,
	  sizeof(struct ictl_iommu_hwpt_invalidate_selftest) },
	{ ICTL_IOMMU_VIOMMU_INVALIDATE_DATA_SELFTEST, &tf_test_viommu_inv, 0 },
	{ 0, NULL, 0 }
};

static const struct tf_field f_viommu_tegra[] = {
	FLD(ictl_iommu_viommu_tegra241_cmdqv, out_vintf_mmap_offset, TF_HEX, TF_OUT),
	FLD(ictl_iommu_viommu_tegra241_cmdqv, out_vintf_mmap_length, TF_HEX, TF_OUT),
};
static const struct tf_struct tf_viommu_tegra =
	STRUCT(ictl_iommu_viommu_tegra241_cmdqv, f_viommu_tegra);

static const struct tf_field f_viommu_selftest[] = {
	FLD(ictl_iommu_viommu_selftest, in_data, TF_HEX, TF_IN),
	FLD(ictl_iommu_viommu_selftest, out_data, TF_HEX, TF_OUT),
	FLD(ictl_iommu_viommu_selftest, out_mmap_offset, TF_HEX, TF_OUT),
	FLD(ictl_iommu_viommu_selftest, out_mmap_length, TF_HEX, TF_OUT),
};
static const struct tf_struct tf_viommu_selftest =
	STRUCT(ictl_iommu_viommu_selftest, f_viommu_selftest);

static const struct tf_variant v_viommu_data[] = {
	{ ICTL_IOMMU_VIOMMU_TYPE_TEGRA241_CMDQV, &tf_viommu_tegra, 0 },
	{ ICTL_IOMMU_VIOMMU_TYPE_SELFTEST, &tf_viommu_selftest, 0 },
	{ 0, NULL, 0 }
};

/* ---- event records ---- */

static const struct tf_field f_pgfault[] = {
	FLD(ictl_iommu_hwpt_pgfault, flags, TF_FLAGS, 0, NAMES(pgfault_flags)),
	FLD(ictl_iommu_hwpt_pgfault, dev_id, TF_ID, 0),
	FLD(ictl_iommu_hwpt_pgfault, pasid, TF_U, 0),
	FLD(ictl_iommu_hwpt_pgfault, grpid, TF_U, 0),
	FLD(ictl_iommu_hwpt_pgfault, perm, TF_FLAGS, 0, NAMES(pgfault_perm)),
	FLD(ictl_iommu_hwpt_pgfault, reserved, TF_RSVD, 0),
	FLD(ictl_iommu_hwpt_pgfault, addr, TF_HEX, 0),
	FLD(ictl_iommu_hwpt_pgfault, length, TF_U, 0),
	FLD(ictl_iommu_hwpt_pgfault, cookie, TF_U, 0),
};
const struct tf_struct tf_iommu_hwpt_pgfault = STRUCT(ictl_iommu_hwpt_pgfault, f_pgfault);

static const struct tf_field f_vevent_header[] = {
	FLD(ictl_iommufd_vevent_header, flags, TF_FLAGS, 0, NAMES(vevent_flags)),
	FLD(ictl_iommufd_vevent_header, sequence, TF_U, 0),
};
const struct tf_struct tf_iommufd_vevent_header =
	STRUCT(ictl_iommufd_vevent_header, f_vevent_header);

/* ---- ioctl arguments ---- */

static const struct tf_field f_destroy[] = {
	FLD(ictl_iommu_destroy, size, TF_U, TF_IN),
	FLD(ictl_iommu_destroy, id, TF_ID, TF_IN),
};
static const struct tf_struct tf_destroy = STRUCT(ictl_iommu_destroy, f_destroy);

static const struct tf_field f_ioas_alloc[] = {
	FLD(ictl_iommu_ioas_alloc, size, TF_U, TF_IN),
	FLD(ictl_iommu_ioas_alloc, flags, TF_HEX, TF_IN),
	FLD(ictl_iommu_ioas_alloc, out_ioas_id, TF_ID, TF_OUT),
};
static const struct tf_struct tf_ioas_alloc = STRUCT(ictl_iommu_ioas_alloc, f_ioas_alloc);

static const struct tf_field f_iova_ranges[] = {
	FLD(ictl_iommu_ioas_iova_ranges, size, TF_U, TF_IN),
	FLD(ictl_iommu_ioas_iova_ranges, ioas_id, TF_ID, TF_IN),
	/* Written back with EMSGSIZE too: the count needed. */
	FLD(ictl_iommu_ioas_iova_ranges, num_iovas, TF_U, TF_IO | TF_ERR),
	FLD(ictl_iommu_ioas_iova_ranges, reserved, TF_RSVD, TF_IN),
	PTR(ictl_iommu_ioas_iova_ranges, allowed_iovas, TF_OUT, v_iova_range, NONE, NONE,
	    OFF(ictl_iommu_ioas_iova_ranges, num_iovas)),
	FLD(ictl_iommu_ioas_iova_ranges, out_iova_alignment, TF_HEX, TF_OUT),
};
static const struct tf_struct tf_iova_ranges = STRUCT(ictl_iommu_ioas_iova_ranges, f_iova_ranges);

static const struct tf_field f_allow_iovas[] = {
	FLD(ictl_iommu_ioas_allow_iovas, size, TF_U, TF_IN),
	FLD(ictl_iommu_ioas_allow_iovas, ioas_id, TF_ID, TF_IN),
	FLD(ictl_iommu_ioas_allow_iovas, num_iovas, TF_U, TF_IN),
	FLD(ictl_iommu_ioas_allow_iovas, reserved, TF_RSVD, TF_IN),
	PTR(ictl_iommu_ioas_allow_iovas, allowed_iovas, TF_IN, v_iova_range, NONE, NONE,
	    OFF(ictl_iommu_ioas_allow_iovas, num_iovas)),
};
static const struct tf_struct tf_allow_iovas = STRUCT(ictl_iommu_ioas_allow_iovas, f_allow_iovas);

static const struct tf_field f_ioas_map[] = {
	FLD(ictl_iommu_ioas_map, size, TF_U, TF_IN),
	FLD(ictl_iommu_ioas_map, flags, TF_FLAGS, TF_IN, NAMES(map_flags)),
	FLD(ictl_iommu_ioas_map, ioas_id, TF_ID, TF_IN),
	FLD(ictl_iommu_ioas_map, reserved, TF_RSVD, TF_IN),
	FLD(ictl_iommu_ioas_map, user_va, TF_HEX, TF_IN),
	FLD(ictl_iommu_ioas_map, length, TF_HEX, TF_IN),
	FLD(ictl_iommu_ioas_map, iova, TF_HEX, TF_IO),
};
static const struct tf_struct tf_ioas_map = STRUCT(ictl_iommu_ioas_map, f_ioas_map);

static const struct tf_field f_ioas_map_file[] = {
	FLD(ictl_iommu_ioas_map_file, size, TF_U, TF_IN),
	FLD(ictl_iommu_ioas_map_file, flags, TF_FLAGS, TF_IN, NAMES(map_flags)),
	FLD(ictl_iommu_ioas_map_file, ioas_id, TF_ID, TF_IN),
	FLD(ictl_iommu_ioas_map_file, fd, TF_S, TF_IN),
	FLD(ictl_iommu_ioas_map_file, start, TF_HEX, TF_IN),
	FLD(ictl_iommu_ioas_map_file, length, TF_HEX, TF_IN),
	FLD(ictl_iommu_ioas_map_file, iova, TF_HEX, TF_IO),
};
static const struct tf_struct tf_ioas_map_file = STRUCT(ictl_iommu_ioas_map_file, f_ioas_map_file);

static const struct tf_field f_ioas_copy[] = {
	FLD(ictl_iommu_ioas_copy, size, TF_U, TF_IN),
	FLD(ictl_iommu_ioas_copy, flags, TF_FLAGS, TF_IN, NAMES(map_flags)),
	FLD(ictl_iommu_ioas_copy, dst_ioas_id, TF_ID, TF_IN),
	FLD(ictl_iommu_ioas_copy, src_ioas_id, TF_ID, TF_IN),
	FLD(ictl_iommu_ioas_copy, length, TF_HEX, TF_IN),
	FLD(ictl_iommu_ioas_copy, dst_iova, TF_HEX, TF_IO),
	FLD(ictl_iommu_ioas_copy, src_iova, TF_HEX, TF_IN),
};
static const struct tf_struct tf_ioas_copy = STRUCT(ictl_iommu_ioas_copy, f_ioas_copy);

static const struct tf_field f_ioas_unmap[] = {
	FLD(ictl_iommu_ioas_unmap, size, TF_U, TF_IN),
	FLD(ictl_iommu_ioas_unmap, ioas_id, TF_ID, TF_IN),
	FLD(ictl_iommu_ioas_unmap, iova, TF_HEX, TF_IN),
	FLD(ictl_iommu_ioas_unmap, length, TF_HEX, TF_IO),
};
static const struct tf_struct tf_ioas_unmap = STRUCT(ictl_iommu_ioas_unmap, f_ioas_unmap);

static const struct tf_field f_option[] = {
	FLD(ictl_iommu_option, size, TF_U, TF_IN),
	FLD(ictl_iommu_option, option_id, TF_ENUM, TF_IN, NAMES(option_ids)),
	FLD(ictl_iommu_option, op, TF_ENUM, TF_IN, NAMES(option_ops)),
	FLD(ictl_iommu_option, reserved, TF_RSVD, TF_IN),
	FLD(ictl_iommu_option, object_id, TF_ID, TF_IN),
	FLD(ictl_iommu_option, val64, TF_U, TF_IO),
};
static const struct tf_struct tf_option = STRUCT(ictl_iommu_option, f_option);

static const struct tf_field f_vfio_ioas[] = {
	FLD(ictl_iommu_vfio_ioas, size, TF_U, TF_IN),
	FLD(ictl_iommu_vfio_ioas, ioas_id, TF_ID, TF_IO),
	FLD(ictl_iommu_vfio_ioas, op, TF_ENUM, TF_IN, NAMES(vfio_ioas_ops)),
	FLD(ictl_iommu_vfio_ioas, reserved, TF_RSVD, TF_IN),
};
static const struct tf_struct tf_vfio_ioas = STRUCT(ictl_iommu_vfio_ioas, f_vfio_ioas);

static const struct tf_field f_hwpt_alloc[] = {
	FLD(ictl_iommu_hwpt_alloc, size, TF_U, TF_IN),
	FLD(ictl_iommu_hwpt_alloc, flags, TF_FLAGS, TF_IN, NAMES(hwpt_alloc_flags)),
	FLD(ictl_iommu_hwpt_alloc, dev_id, TF_ID, TF_IN),
	FLD(ictl_iommu_hwpt_alloc, pt_id, TF_ID, TF_IN),
	FLD(ictl_iommu_hwpt_alloc, out_hwpt_id, TF_ID, TF_OUT),
	FLD(ictl_iommu_hwpt_alloc, reserved, TF_RSVD, TF_IN),
	FLD(ictl_iommu_hwpt_alloc, data_type, TF_ENUM, TF_IN, NAMES(hwpt_data_types)),
	FLD(ictl_iommu_hwpt_alloc, data_len, TF_U, TF_IN),
	PTR(ictl_iommu_hwpt_alloc, data_uptr, TF_IN, v_hwpt_data,
	    OFF(ictl_iommu_hwpt_alloc, data_type), OFF(ictl_iommu_hwpt_alloc, data_len), NONE),
	FLD(ictl_iommu_hwpt_alloc, fault_id, TF_ID, TF_IN),
	FLD(ictl_iommu_hwpt_alloc, reserved2, TF_RSVD, TF_IN),
};
static const struct tf_struct tf_hwpt_alloc = STRUCT(ictl_iommu_hwpt_alloc, f_hwpt_alloc);

static const struct tf_field f_hw_info[] = {
	FLD(ictl_iommu_hw_info, size, TF_U, TF_IN),
	FLD(ictl_iommu_hw_info, flags, TF_FLAGS, TF_IN, NAMES(hw_info_flags)),
	FLD(ictl_iommu_hw_info, dev_id, TF_ID, TF_IN),
	FLD(ictl_iommu_hw_info, data_len, TF_U, TF_IO),
	PTR(ictl_iommu_hw_info, data_uptr, TF_OUT, v_hw_info_data,
	    OFF(ictl_iommu_hw_info, out_data_type), OFF(ictl_iommu_hw_info, data_len), NONE),
	FLD(ictl_iommu_hw_info, in_data_type, TF_ENUM, TF_IN, NAMES(hw_info_types)),
	FLD(ictl_iommu_hw_info, out_data_type, TF_ENUM, TF_OUT, NAMES(hw_info_types)),
	FLD(ictl_iommu_hw_info, out_max_pasid_log2, TF_U, TF_OUT),
	FLDA(ictl_iommu_hw_info, reserved, TF_RSVD, TF_IN),
	FLD(ictl_iommu_hw_info, out_capabilities, TF_FLAGS, TF_OUT, NAMES(hw_caps)),
};
static const struct tf_struct tf_hw_info = STRUCT(ictl_iommu_hw_info, f_hw_info);

static const struct tf_field f_set_dirty[] = {
	FLD(ictl_iommu_hwpt_set_dirty_tracking, size, TF_U, TF_IN),
	FLD(ictl_iommu_hwpt_set_dirty_tracking, flags, TF_FLAGS, TF_IN, NAMES(dirty_tracking_flags)),
	FLD(ictl_iommu_hwpt_set_dirty_tracking, hwpt_id, TF_ID, TF_IN),
	FLD(ictl_iommu_hwpt_set_dirty_tracking, reserved, TF_RSVD, TF_IN),
};
static const struct tf_struct tf_set_dirty =
	STRUCT(ictl_iommu_hwpt_set_dirty_tracking, f_set_dirty);

static const struct tf_field f_get_dirty[] = {
	FLD(ictl_iommu_hwpt_get_dirty_bitmap, size, TF_U, TF_IN),
	FLD(ictl_iommu_hwpt_get_dirty_bitmap, hwpt_id, TF_ID, TF_IN),
	FLD(ictl_iommu_hwpt_get_dirty_bitmap, flags, TF_FLAGS, TF_IN, NAMES(dirty_bitmap_flags)),
	FLD(ictl_iommu_hwpt_get_dirty_bitmap, reserved, TF_RSVD, TF_IN),
	FLD(ictl_iommu_hwpt_get_dirty_bitmap, iova, TF_HEX, TF_IN),
	FLD(ictl_iommu_hwpt_get_dirty_bitmap, length, TF_HEX, TF_IN),
	FLD(ictl_iommu_hwpt_get_dirty_bitmap, page_size, TF_HEX, TF_IN),
	FLD(ictl_iommu_hwpt_get_dirty_bitmap, data, TF_HEX, TF_IN),
};
static const struct tf_struct tf_get_dirty = STRUCT(ictl_iommu_hwpt_get_dirty_bitmap, f_get_dirty);

static const struct tf_field f_invalidate[] = {
	FLD(ictl_iommu_hwpt_invalidate, size, TF_U, TF_IN),
	FLD(ictl_iommu_hwpt_invalidate, hwpt_id, TF_ID, TF_IN),
	PTR(ictl_iommu_hwpt_invalidate, data_uptr, TF_IN, v_invalidate,
	    OFF(ictl_iommu_hwpt_invalidate, data_type), OFF(ictl_iommu_hwpt_invalidate, entry_len),
	    OFF(ictl_iommu_hwpt_invalidate, entry_num)),
	FLD(ictl_iommu_hwpt_invalidate, data_type, TF_ENUM, TF_IN, NAMES(invalidate_types)),
	FLD(ictl_iommu_hwpt_invalidate, entry_len, TF_U, TF_IN),
	/* Always written back: the entries handled before a failure. */
	FLD(ictl_iommu_hwpt_invalidate, entry_num, TF_U, TF_IO | TF_ERR),
	FLD(ictl_iommu_hwpt_invalidate, reserved, TF_RSVD, TF_IN),
};
static const struct tf_struct tf_invalidate = STRUCT(ictl_iommu_hwpt_invalidate, f_invalidate);

static const struct tf_field f_fault_alloc[] = {
	FLD(ictl_iommu_fault_alloc, size, TF_U, TF_IN),
	FLD(ictl_iommu_fault_alloc, flags, TF_HEX, TF_IN),
	FLD(ictl_iommu_fault_alloc, out_fault_id, TF_ID, TF_OUT),
	FLD(ictl_iommu_fault_alloc, out_fault_fd, TF_S, TF_OUT),
};
static const struct tf_struct tf_fault_alloc = STRUCT(ictl_iommu_fault_alloc, f_fault_alloc);

static const struct tf_field f_viommu_alloc[] = {
	FLD(ictl_iommu_viommu_alloc, size, TF_U, TF_IN),
	FLD(ictl_iommu_viommu_alloc, flags, TF_HEX, TF_IN),
	FLD(ictl_iommu_viommu_alloc, type, TF_ENUM, TF_IN, NAMES(viommu_types)),
	FLD(ictl_iommu_viommu_alloc, dev_id, TF_ID, TF_IN),
	FLD(ictl_iommu_viommu_alloc, hwpt_id, TF_ID, TF_IN),
	FLD(ictl_iommu_viommu_alloc, out_viommu_id, TF_ID, TF_OUT),
	FLD(ictl_iommu_viommu_alloc, data_len, TF_U, TF_IN),
	FLD(ictl_iommu_viommu_alloc, reserved, TF_RSVD, TF_IN),
	PTR(ictl_iommu_viommu_alloc, data_uptr, TF_IO, v_viommu_data,
	    OFF(ictl_iommu_viommu_alloc, type), OFF(ictl_iommu_viommu_alloc, data_len), NONE),
};
static const struct tf_struct tf_viommu_alloc = STRUCT(ictl_iommu_viommu_alloc, f_viommu_alloc);

static const struct tf_field f_vdevice_alloc[] = {
	FLD(ictl_iommu_vdevice_alloc, size, TF_U, TF_IN),
	FLD(ictl_iommu_vdevice_alloc, viommu_id, TF_ID, TF_IN),
	FLD(ictl_iommu_vdevice_alloc, dev_id, TF_ID, TF_IN),
	FLD(ictl_iommu_vdevice_alloc, out_vdevice_id, TF_ID, TF_OUT),
	FLD(ictl_iommu_vdevice_alloc, virt_id, TF_HEX, TF_IN),
};
static const struct tf_struct tf_vdevice_alloc = STRUCT(ictl_iommu_vdevice_alloc, f_vdevice_alloc);

static const struct tf_field f_change_process[] = {
	FLD(ictl_iommu_ioas_change_process, size, TF_U, TF_IN),
	FLD(ictl_iommu_ioas_change_process, reserved, TF_RSVD, TF_IN),
};
static const struct tf_struct tf_change_process =
	STRUCT(ictl_iommu_ioas_change_process, f_change_process);

static const struct tf_field f_veventq_alloc[] = {
	FLD(ictl_iommu_veventq_alloc, size, TF_U, TF_IN),
	FLD(ictl_iommu_veventq_alloc, flags, TF_HEX, TF_IN),
	FLD(ictl_iommu_veventq_alloc, viommu_id, TF_ID, TF_IN),
	FLD(ictl_iommu_veventq_alloc, type, TF_ENUM, TF_IN, NAMES(veventq_types)),
	FLD(ictl_iommu_veventq_alloc, veventq_depth, TF_U, TF_IN),
	FLD(ictl_iommu_veventq_alloc, out_veventq_id, TF_ID, TF_OUT),
	FLD(ictl_iommu_veventq_alloc, out_veventq_fd, TF_S, TF_OUT),
	FLD(ictl_iommu_veventq_alloc, reserved, TF_RSVD, TF_IN),
};
static const struct tf_struct tf_veventq_alloc = STRUCT(ictl_iommu_veventq_alloc, f_veventq_alloc);

static const struct tf_field f_hw_queue_alloc[] = {
	FLD(ictl_iommu_hw_queue_alloc, size, TF_U, TF_IN),
	FLD(ictl_iommu_hw_queue_alloc, flags, TF_HEX, TF_IN),
	FLD(ictl_iommu_hw_queue_alloc, viommu_id, TF_ID, TF_IN),
	FLD(ictl_iommu_hw_queue_alloc, type, TF_ENUM, TF_IN, NAMES(hw_queue_types)),
	FLD(ictl_iommu_hw_queue_alloc, index, TF_U, TF_IN),
	FLD(ictl_iommu_hw_queue_alloc, out_hw_queue_id, TF_ID, TF_OUT),
	FLD(ictl_iommu_hw_queue_alloc, nesting_parent_iova, TF_HEX, TF_IN),
	FLD(ictl_iommu_hw_queue_alloc, length, TF_HEX, TF_IN),
};
static const struct tf_struct tf_hw_queue_alloc =
	STRUCT(ictl_iommu_hw_queue_alloc, f_hw_queue_alloc);

/* ---- IOMMU_TEST_CMD: the union member follows the op ---- */

#define T ictl_iommu_test_cmd
static const struct tf_field ft_add_reserved[] = {
	FLDU(T, add_reserved, start, TF_HEX, TF_IN),
	FLDU(T, add_reserved, length, TF_HEX, TF_IN),
};
/* MOCK_DOMAIN uses the first three, MOCK_DOMAIN_FLAGS all four. */
static const struct tf_field ft_mock_domain[] = {
	FLDU(T, mock_domain, out_stdev_id, TF_ID, TF_OUT),
	FLDU(T, mock_domain, out_hwpt_id, TF_ID, TF_OUT),
	FLDU(T, mock_domain, out_idev_id, TF_ID, TF_OUT),
	FLDU(T, mock_domain, dev_flags, TF_FLAGS, TF_IN, NAMES(mock_dev_flags)),
};
static const struct tf_field ft_mock_domain_replace[] = {
	FLDU(T, mock_domain_replace, pt_id, TF_ID, TF_IO),
};
static const struct tf_field ft_check_map[] = {
	FLDU(T, check_map, iova, TF_HEX, TF_IN),
	FLDU(T, check_map, length, TF_HEX, TF_IN),
	FLDU(T, check_map, uptr, TF_HEX, TF_IN),
};
static const struct tf_field ft_check_refs[] = {
	FLDU(T, check_refs, length, TF_HEX, TF_IN),
	FLDU(T, check_refs, uptr, TF_HEX, TF_IN),
	FLDU(T, check_refs, refs, TF_U, TF_IN),
};
static const struct tf_field ft_create_access[] = {
	FLDU(T, create_access, out_access_fd, TF_S, TF_OUT),
	FLDU(T, create_access, flags, TF_FLAGS, TF_IN, NAMES(mock_access_create_flags)),
};
static const struct tf_field ft_destroy_access_pages[] = {
	FLDU(T, destroy_access_pages, access_pages_id, TF_ID, TF_IN),
};
static const struct tf_field ft_access_pages[] = {
	FLDU(T, access_pages, flags, TF_FLAGS, TF_IN, NAMES(mock_access_flags)),
	FLDU(T, access_pages, out_access_pages_id, TF_ID, TF_OUT),
	FLDU(T, access_pages, iova, TF_HEX, TF_IN),
	FLDU(T, access_pages, length, TF_HEX, TF_IN),
	FLDU(T, access_pages, uptr, TF_HEX, TF_IN),
};
static const struct tf_field ft_access_rw[] = {
	FLDU(T, access_rw, iova, TF_HEX, TF_IN),
	FLDU(T, access_rw, length, TF_HEX, TF_IN),
	FLDU(T, access_rw, uptr, TF_HEX, TF_IN),
	FLDU(T, access_rw, flags, TF_FLAGS, TF_IN, NAMES(mock_rw_flags)),
};
static const struct tf_field ft_memory_limit[] = {
	FLDU(T, memory_limit, limit, TF_U, TF_IN),
};
static const struct tf_field ft_access_replace_ioas[] = {
	FLDU(T, access_replace_ioas, ioas_id, TF_ID, TF_IN),
};
static const struct tf_field ft_dirty[] = {
	FLDU(T, dirty, flags, TF_HEX, TF_IN),
	FLDU(T, dirty, iova, TF_HEX, TF_IN),
	FLDU(T, dirty, length, TF_HEX, TF_IN),
	FLDU(T, dirty, page_size, TF_HEX, TF_IN),
	FLDU(T, dirty, uptr, TF_HEX, TF_IN),
	FLDU(T, dirty, out_nr_dirty, TF_U, TF_OUT),
};
static const struct tf_field ft_check_iotlb[] = {
	FLDU(T, check_iotlb, id, TF_U, TF_IN),
	FLDU(T, check_iotlb, iotlb, TF_HEX, TF_IN),
};
static const struct tf_field ft_trigger_iopf[] = {
	FLDU(T, trigger_iopf, dev_id, TF_ID, TF_IN),
	FLDU(T, trigger_iopf, pasid, TF_U, TF_IN),
	FLDU(T, trigger_iopf, grpid, TF_U, TF_IN),
	FLDU(T, trigger_iopf, perm, TF_FLAGS, TF_IN, NAMES(pgfault_perm)),
	FLDU(T, trigger_iopf, addr, TF_HEX, TF_IN),
};
static const struct tf_field ft_check_dev_cache[] = {
	FLDU(T, check_dev_cache, id, TF_U, TF_IN),
	FLDU(T, check_dev_cache, cache, TF_HEX, TF_IN),
};
static const struct tf_field ft_trigger_vevent[] = {
	FLDU(T, trigger_vevent, dev_id, TF_ID, TF_IN),
};
static const struct tf_field ft_pasid_attach[] = {
	FLDU(T, pasid_attach, pasid, TF_U, TF_IN),
	FLDU(T, pasid_attach, pt_id, TF_ID, TF_IO),
};
static const struct tf_field ft_pasid_replace[] = {
	FLDU(T, pasid_replace, pasid, TF_U, TF_IN),
	FLDU(T, pasid_replace, pt_id, TF_ID, TF_IN),
};
static const struct tf_field ft_pasid_detach[] = {
	FLDU(T, pasid_detach, pasid, TF_U, TF_IN),
};
static const struct tf_field ft_pasid_check[] = {
	FLDU(T, pasid_check, pasid, TF_U, TF_IN),
	FLDU(T, pasid_check, hwpt_id, TF_ID, TF_IN),
};
static const struct tf_field ft_dmabuf_get[] = {
	FLDU(T, dmabuf_get, length, TF_U, TF_IN),
	FLDU(T, dmabuf_get, open_flags, TF_HEX, TF_IN),
};
static const struct tf_field ft_dmabuf_revoke[] = {
	FLDU(T, dmabuf_revoke, dmabuf_fd, TF_S, TF_IN),
	FLDU(T, dmabuf_revoke, revoked, TF_U, TF_IN),
};

static const struct tf_struct ts_add_reserved = VARIANT("add_reserved", ft_add_reserved);
static const struct tf_struct ts_mock_domain = {
	.name = "mock_domain", .nfields = 3, .fields = ft_mock_domain
};
static const struct tf_struct ts_mock_domain_flags = VARIANT("mock_domain", ft_mock_domain);
static const struct tf_struct ts_mock_domain_replace =
	VARIANT("mock_domain_replace", ft_mock_domain_replace);
static const struct tf_struct ts_check_map = VARIANT("check_map", ft_check_map);
static const struct tf_struct ts_check_refs = VARIANT("check_refs", ft_check_refs);
static const struct tf_struct ts_create_access = VARIANT("create_access", ft_create_access);
static const struct tf_struct ts_destroy_access_pages =
	VARIANT("destroy_access_pages", ft_destroy_access_pages);
static const struct tf_struct ts_access_pages = VARIANT("access_pages", ft_access_pages);
static const struct tf_struct ts_access_rw = VARIANT("access_rw", ft_access_rw);
static const struct tf_struct ts_memory_limit = VARIANT("memory_limit", ft_memory_limit);
static const struct tf_struct ts_access_replace_ioas =
	VARIANT("access_replace_ioas", ft_access_replace_ioas);
static const struct tf_struct ts_dirty = VARIANT("dirty", ft_dirty);
static const struct tf_struct ts_check_iotlb = VARIANT("check_iotlb", ft_check_iotlb);
static const struct tf_struct ts_trigger_iopf = VARIANT("trigger_iopf", ft_trigger_iopf);
static const struct tf_struct ts_check_dev_cache = VARIANT("check_dev_cache", ft_check_dev_cache);
static const struct tf_struct ts_trigger_vevent = VARIANT("trigger_vevent", ft_trigger_vevent);
static const struct tf_struct ts_pasid_attach = VARIANT("pasid_attach", ft_pasid_attach);
static const struct tf_struct ts_pasid_replace = VARIANT("pasid_replace", ft_pasid_replace);
static const struct tf_struct ts_pasid_detach = VARIANT("pasid_detach", ft_pasid_detach);
static const struct tf_struct ts_pasid_check = VARIANT("pasid_check", ft_pasid_check);
static const struct tf_struct ts_dmabuf_get = VARIANT("dmabuf_get", ft_dmabuf_get);
static const struct tf_struct ts_dmabuf_revoke = VARIANT("dmabuf_revoke", ft_dmabuf_revoke);

static const struct tf_variant v_test_ops[] = {
	{ ICTL_IOMMU_TEST_OP_ADD_RESERVED, &ts_add_reserved, 0 },
	{ ICTL_IOMMU_TEST_OP_MOCK_DOMAIN, &ts_mock_domain, 0 },
	{ ICTL_IOMMU_TEST_OP_MD_CHECK_MAP, &ts_check_map, 0 },
	{ ICTL_IOMMU_TEST_OP_MD_CHECK_REFS, &ts_check_refs, 0 },
	{ ICTL_IOMMU_TEST_OP_CREATE_ACCESS, &ts_create_access, 0 },
	{ ICTL_IOMMU_TEST_OP_DESTROY_ACCESS_PAGES, &ts_destroy_access_pages, 0 },
	{ ICTL_IOMMU_TEST_OP_ACCESS_PAGES, &ts_access_pages, 0 },
	{ ICTL_IOMMU_TEST_OP_ACCESS_RW, &ts_access_rw, 0 },
	{ ICTL_IOMMU_TEST_OP_SET_TEMP_MEMORY_LIMIT, &ts_memory_limit, 0 },
	{ ICTL_IOMMU_TEST_OP_MOCK_DOMAIN_REPLACE, &ts_mock_domain_replace, 0 },
	{ ICTL_IOMMU_TEST_OP_ACCESS_REPLACE_IOAS, &ts_access_replace_ioas, 0 },
	{ ICTL_IOMMU_TEST_OP_MOCK_DOMAIN_FLAGS, &ts_mock_domain_flags, 0 },
	{ ICTL_IOMMU_TEST_OP_DIRTY, &ts_dirty, 0 },
	{ ICTL_IOMMU_TEST_OP_MD_CHECK_IOTLB, &ts_check_iotlb, 0 },
	{ ICTL_IOMMU_TEST_OP_TRIGGER_IOPF, &ts_trigger_iopf, 0 },
	{ ICTL_IOMMU_TEST_OP_DEV_CHECK_CACHE, &ts_check_dev_cache, 0 },
	{ ICTL_IOMMU_TEST_OP_TRIGGER_VEVENT, &ts_trigger_vevent, 0 },
	{ ICTL_IOMMU_TEST_OP_PASID_ATTACH, &ts_pasid_attach, 0 },
	{ ICTL_IOMMU_TEST_OP_PASID_REPLACE, &ts_pasid_replace, 0 },
	{ ICTL_IOMMU_TEST_OP_PASID_DETACH, &ts_pasid_detach, 0 },
	{ ICTL_IOMMU_TEST_OP_PASID_CHECK_HWPT, &ts_pasid_check, 0 },
	{ ICTL_IOMMU_TEST_OP_DMABUF_GET, &ts_dmabuf_get, 0 },
	{ ICTL_IOMMU_TEST_OP_DMABUF_REVOKE, &ts_dmabuf_revoke, 0 },
	{ 0, NULL, 0 }
};

static const struct tf_field f_test_cmd[] = {
	FLD(T, size, TF_U, TF_IN),
	FLD(T, op, TF_ENUM, TF_IN, NAMES(test_ops)),
	FLD(T, id, TF_U, TF_IN),	/* ioas, hwpt, stdev or access fd */
	FLD(T, reserved, TF_RSVD, TF_IN),
	{ .name = "union", .off = offsetof(struct T, add_reserved), .kind = TF_UNION,
	  .variants = v_test_ops, .key_off = OFF(T, op), .len_off = NONE, .num_off = NONE },
	FLD(T, last, TF_RSVD, TF_IN),
};
static const struct tf_struct tf_test_cmd = STRUCT(ictl_iommu_test_cmd, f_test_cmd);
#undef T

/* ---- VFIO ---- */

static const struct tf_field f_bind[] = {
	FLD(ictl_vfio_device_bind_iommufd, argsz, TF_U, TF_IN),
	FLD(ictl_vfio_device_bind_iommufd, flags, TF_FLAGS, TF_IN, NAMES(bind_flags)),
	FLD(ictl_vfio_device_bind_iommufd, iommufd, TF_S, TF_IN),
	FLD(ictl_vfio_device_bind_iommufd, out_devid, TF_ID, TF_OUT),
	FLD(ictl_vfio_device_bind_iommufd, token_uuid_ptr, TF_HEX, TF_IN),
};
static const struct tf_struct tf_bind = STRUCT(ictl_vfio_device_bind_iommufd, f_bind);

static const struct tf_field f_attach[] = {
	FLD(ictl_vfio_device_attach_iommufd_pt, argsz, TF_U, TF_IN),
	FLD(ictl_vfio_device_attach_iommufd_pt, flags, TF_FLAGS, TF_IN, NAMES(attach_flags)),
	FLD(ictl_vfio_device_attach_iommufd_pt, pt_id, TF_ID, TF_IO),
	FLD(ictl_vfio_device_attach_iommufd_pt, pasid, TF_U, TF_IN),
};
static const struct tf_struct tf_attach = STRUCT(ictl_vfio_device_attach_iommufd_pt, f_attach);

static const struct tf_field f_detach[] = {
	FLD(ictl_vfio_device_detach_iommufd_pt, argsz, TF_U, TF_IN),
	FLD(ictl_vfio_device_detach_iommufd_pt, flags, TF_FLAGS, TF_IN, NAMES(detach_flags)),
	FLD(ictl_vfio_device_detach_iommufd_pt, pasid, TF_U, TF_IN),
};
static const struct tf_struct tf_detach = STRUCT(ictl_vfio_device_detach_iommufd_pt, f_detach);

static const struct tf_field f_device_info[] = {
	FLD(ictl_vfio_device_info, argsz, TF_U, TF_IO),
	FLD(ictl_vfio_device_info, flags, TF_FLAGS, TF_OUT, NAMES(vfio_device_flags)),
	FLD(ictl_vfio_device_info, num_regions, TF_U, TF_OUT),
	FLD(ictl_vfio_device_info, num_irqs, TF_U, TF_OUT),
	FLD(ictl_vfio_device_info, cap_offset, TF_HEX, TF_OUT),
};
static const struct tf_struct tf_device_info = STRUCT(ictl_vfio_device_info, f_device_info);

static const struct tf_name region_flags[] = {
	{ ICTL_VFIO_REGION_INFO_FLAG_READ, "READ" },
	{ ICTL_VFIO_REGION_INFO_FLAG_WRITE, "WRITE" },
	{ ICTL_VFIO_REGION_INFO_FLAG_MMAP, "MMAP" },
	{ ICTL_VFIO_REGION_INFO_FLAG_CAPS, "CAPS" },
	{ 0, NULL }
};

static const struct tf_field f_region_info[] = {
	FLD(ictl_vfio_region_info, argsz, TF_U, TF_IO),
	FLD(ictl_vfio_region_info, flags, TF_FLAGS, TF_OUT, NAMES(region_flags)),
	FLD(ictl_vfio_region_info, index, TF_U, TF_IN),
	FLD(ictl_vfio_region_info, cap_offset, TF_HEX, TF_OUT),
	FLD(ictl_vfio_region_info, size, TF_HEX, TF_OUT),
	FLD(ictl_vfio_region_info, offset, TF_HEX, TF_OUT),
};
static const struct tf_struct tf_region_info = STRUCT(ictl_vfio_region_info, f_region_info);

static const struct tf_field f_vf_token[] = {
	{ .name = "uuid", .off = 0, .size = 1, .count = 16, .kind = TF_BYTES, .dir = TF_IN },
};
static const struct tf_struct ts_vf_token = VARIANT("pci_vf_token", f_vf_token);

static const struct tf_field f_logging_range[] = {
	FLD(ictl_vfio_device_feature_dma_logging_range, iova, TF_HEX, 0),
	FLD(ictl_vfio_device_feature_dma_logging_range, length, TF_HEX, 0),
};
static const struct tf_struct tf_logging_range =
	STRUCT(ictl_vfio_device_feature_dma_logging_range, f_logging_range);
static const struct tf_variant v_logging_range[] = {
	{ .s = &tf_logging_range },
	{ .s = NULL }
};

static const struct tf_field f_logging_control[] = {
	FLD(ictl_vfio_device_feature_dma_logging_control, page_size, TF_HEX, TF_IN),
	FLD(ictl_vfio_device_feature_dma_logging_control, num_ranges, TF_U, TF_IN),
	FLD(ictl_vfio_device_feature_dma_logging_control, reserved, TF_RSVD, TF_IN),
	PTR(ictl_vfio_device_feature_dma_logging_control, ranges, TF_IN, v_logging_range,
	    NONE, NONE, OFF(ictl_vfio_device_feature_dma_logging_control, num_ranges)),
};
static const struct tf_struct tf_logging_control =
	STRUCT(ictl_vfio_device_feature_dma_logging_control, f_logging_control);

static const struct tf_field f_logging_report[] = {
	FLD(ictl_vfio_device_feature_dma_logging_report, iova, TF_HEX, TF_IN),
	FLD(ictl_vfio_device_feature_dma_logging_report, length, TF_HEX, TF_IN),
	FLD(ictl_vfio_device_feature_dma_logging_report, page_size, TF_HEX, TF_IN),
	FLD(ictl_vfio_device_feature_dma_logging_report, bitmap, TF_HEX, TF_IN),
};
static const struct tf_struct tf_logging_report =
	STRUCT(ictl_vfio_device_feature_dma_logging_report, f_logging_report);

static const struct tf_field f_dma_buf[] = {
	FLD(ictl_vfio_device_feature_dma_buf, region_index, TF_U, TF_IN),
	FLD(ictl_vfio_device_feature_dma_buf, open_flags, TF_HEX, TF_IN),
	FLD(ictl_vfio_device_feature_dma_buf, flags, TF_HEX, TF_IN),
	FLD(ictl_vfio_device_feature_dma_buf, nr_ranges, TF_U, TF_IN),
};
static const struct tf_struct tf_dma_buf = STRUCT(ictl_vfio_device_feature_dma_buf, f_dma_buf);

static const struct tf_variant v_features[] = {
	{ ICTL_VFIO_DEVICE_FEATURE_PCI_VF_TOKEN, &ts_vf_token, 0 },
	{ ICTL_VFIO_DEVICE_FEATURE_DMA_LOGGING_START, &tf_logging_control, 0 },
	{ ICTL_VFIO_DEVICE_FEATURE_DMA_LOGGING_STOP, &tf_logging_control, 0 },
	{ ICTL_VFIO_DEVICE_FEATURE_DMA_LOGGING_REPORT, &tf_logging_report, 0 },
	{ ICTL_VFIO_DEVICE_FEATURE_DMA_BUF, &tf_dma_buf, 0 },
	{ 0, NULL, 0 }
};

static const struct tf_field f_feature[] = {
	FLD(ictl_vfio_device_feature, argsz, TF_U, TF_IN),
	FLD(ictl_vfio_device_feature, flags, TF_FLAGS, TF_IN, NAMES(feature_flags),
	    .mask = ~(uint64_t)ICTL_VFIO_DEVICE_FEATURE_MASK),
	{ .name = "feature", .off = offsetof(struct ictl_vfio_device_feature, flags), .size = 4,
	  .kind = TF_ENUM, .dir = TF_IN, .names = feature_ids,
	  .mask = ICTL_VFIO_DEVICE_FEATURE_MASK },
	{ .name = "data", .off = offsetof(struct ictl_vfio_device_feature, data), .kind = TF_UNION,
	  .variants = v_features, .key_off = OFF(ictl_vfio_device_feature, flags),
	  .key_mask = ICTL_VFIO_DEVICE_FEATURE_MASK, .len_off = NONE, .num_off = NONE },
};
static const struct tf_struct tf_feature = STRUCT(ictl_vfio_device_feature, f_feature);

/* ---- the ioctl table ---- */

static const struct {
	unsigned long cmd;
	const char *name;
	const struct tf_struct *s;
} ioctls[] = {
	{ ICTL_IOMMU_DESTROY, "IOMMU_DESTROY", &tf_destroy },
	{ ICTL_IOMMU_IOAS_ALLOC, "IOMMU_IOAS_ALLOC", &tf_ioas_alloc },
	{ ICTL_IOMMU_IOAS_ALLOW_IOVAS, "IOMMU_IOAS_ALLOW_IOVAS", &tf_allow_iovas },
	{ ICTL_IOMMU_IOAS_COPY, "IOMMU_IOAS_COPY", &tf_ioas_copy },
	{ ICTL_IOMMU_IOAS_IOVA_RANGES, "IOMMU_IOAS_IOVA_RANGES", &tf_iova_ranges },
	{ ICTL_IOMMU_IOAS_MAP, "IOMMU_IOAS_MAP", &tf_ioas_map },
	{ ICTL_IOMMU_IOAS_UNMAP, "IOMMU_IOAS_UNMAP", &tf_ioas_unmap },
	{ ICTL_IOMMU_OPTION, "IOMMU_OPTION", &tf_option },
	{ ICTL_IOMMU_VFIO_IOAS, "IOMMU_VFIO_IOAS", &tf_vfio_ioas },
	{ ICTL_IOMMU_HWPT_ALLOC, "IOMMU_HWPT_ALLOC", &tf_hwpt_alloc },
	{ ICTL_IOMMU_GET_HW_INFO, "IOMMU_GET_HW_INFO", &tf_hw_info },
	{ ICTL_IOMMU_HWPT_SET_DIRTY_TRACKING, "IOMMU_HWPT_SET_DIRTY_TRACKING", &tf_set_dirty },
	{ ICTL_IOMMU_HWPT_GET_DIRTY_BITMAP, "IOMMU_HWPT_GET_DIRTY_BITMAP", &tf_get_dirty },
	{ ICTL_IOMMU_HWPT_INVALIDATE, "IOMMU_HWPT_INVALIDATE", &tf_invalidate },
	{ ICTL_IOMMU_FAULT_QUEUE_ALLOC, "IOMMU_FAULT_QUEUE_ALLOC", &tf_fault_alloc },
	{ ICTL_IOMMU_IOAS_MAP_FILE, "IOMMU_IOAS_MAP_FILE", &tf_ioas_map_file },
	{ ICTL_IOMMU_VIOMMU_ALLOC, "IOMMU_VIOMMU_ALLOC", &tf_viommu_alloc },
	{ ICTL_IOMMU_VDEVICE_ALLOC, "IOMMU_VDEVICE_ALLOC", &tf_vdevice_alloc },
	{ ICTL_IOMMU_IOAS_CHANGE_PROCESS, "IOMMU_IOAS_CHANGE_PROCESS", &tf_change_process },
	{ ICTL_IOMMU_VEVENTQ_ALLOC, "IOMMU_VEVENTQ_ALLOC", &tf_veventq_alloc },
	{ ICTL_IOMMU_HW_QUEUE_ALLOC, "IOMMU_HW_QUEUE_ALLOC", &tf_hw_queue_alloc },
	{ ICTL_IOMMU_TEST_CMD, "IOMMU_TEST_CMD", &tf_test_cmd },
	{ ICTL_VFIO_DEVICE_GET_INFO, "VFIO_DEVICE_GET_INFO", &tf_device_info },
	{ ICTL_VFIO_DEVICE_GET_REGION_INFO, "VFIO_DEVICE_GET_REGION_INFO", &tf_region_info },
	{ ICTL_VFIO_DEVICE_FEATURE, "VFIO_DEVICE_FEATURE", &tf_feature },
	{ ICTL_VFIO_DEVICE_BIND_IOMMUFD, "VFIO_DEVICE_BIND_IOMMUFD", &tf_bind },
	{ ICTL_VFIO_DEVICE_ATTACH_IOMMUFD_PT, "VFIO_DEVICE_ATTACH_IOMMUFD_PT", &tf_attach },
	{ ICTL_VFIO_DEVICE_DETACH_IOMMUFD_PT, "VFIO_DEVICE_DETACH_IOMMUFD_PT", &tf_detach },
};

const char *trace_ioctl_name(unsigned long cmd)
{
	for (size_t i = 0; i < ARRAY_SIZE(ioctls); i++)
		if (ioctls[i].cmd == cmd)
			return ioctls[i].name;
	return NULL;
}

const struct tf_struct *trace_ioctl_struct(unsigned long cmd)
{
	for (size_t i = 0; i < ARRAY_SIZE(ioctls); i++)
		if (ioctls[i].cmd == cmd)
			return ioctls[i].s;
	return NULL;
}

/* ---- the printer ---- */

struct blob {
	const struct tf_field *f;
	const uint8_t *bef, *aft;	/* the struct holding the pointer */
	size_t avail;
	int pass;
};

struct printer {
	FILE *f;
	int pass;		/* TF_IN or TF_OUT */
	bool ok;		/* the ioctl succeeded */
	bool any;		/* a field was printed in this group */
	struct blob blobs[MAX_BLOBS];
	int nblobs;
};

static uint64_t rd(const uint8_t *p, unsigned size)
{
	uint8_t v8;
	uint16_t v16;
	uint32_t v32;
	uint64_t v64;

	switch (size) {
	case 1:
		memcpy(&v8, p, 1);
		return v8;
	case 2:
		memcpy(&v16, p, 2);
		return v16;
	case 4:
		memcpy(&v32, p, 4);
		return v32;
	case 8:
		memcpy(&v64, p, 8);
		return v64;
	}
	return 0;
}

static size_t field_bytes(const struct tf_field *f)
{
	return (size_t)f->size * (f->count ? f->count : 1);
}

/* A u32 helper field (key, length, count) of the struct at bef/aft. On the
 * way out, lengths and counts are the smaller of sent and returned: the
 * kernel may report more than the buffer holds. */
static uint64_t aux(const struct blob *b, int16_t off, bool shrink)
{
	uint64_t in, out;

	if (off < 0 || (size_t)off + 4 > b->avail)
		return 0;
	in = rd(b->bef + off, 4);
	out = rd(b->aft + off, 4);
	if (b->pass == TF_IN)
		return in;
	return shrink && in < out ? in : out;
}

static const struct tf_struct *pick(const struct tf_variant *v, uint64_t key, uint64_t len)
{
	for (; v && v->s; v++)
		if (v->key == key && (!v->len || v->len == len))
			return v->s;
	return NULL;
}

static void put_flags(FILE *f, const struct tf_name *names, uint64_t v)
{
	bool first = true;

	if (!v) {
		fputc('0', f);
		return;
	}
	for (const struct tf_name *n = names; n && n->name; n++) {
		if (n->val && (v & n->val) == n->val) {
			fprintf(f, "%s%s", first ? "" : "|", n->name);
			first = false;
			v &= ~n->val;
		}
	}
	if (v)
		fprintf(f, "%s0x%" PRIx64, first ? "" : "|", v);
}

static void put_scalar(FILE *f, const struct tf_field *fd, uint64_t v)
{
	if (fd->mask)
		v &= fd->mask;
	switch (fd->kind) {
	case TF_S: {
		unsigned shift = 64 - 8 * fd->size;

		fprintf(f, "%" PRId64, (int64_t)(v << shift) >> shift);
		break;
	}
	case TF_HEX:
	case TF_PTR:
	case TF_RSVD:
		fprintf(f, "0x%" PRIx64, v);
		break;
	case TF_FLAGS:
		put_flags(f, fd->names, v);
		break;
	case TF_ENUM:
		for (const struct tf_name *n = fd->names; n && n->name; n++) {
			if (n->val == v) {
				fputs(n->name, f);
				return;
			}
		}
		if (v > 9)
			fprintf(f, "0x%" PRIx64, v);
		else
			fprintf(f, "%" PRIu64, v);
		break;
	default:
		fprintf(f, "%" PRIu64, v);
		break;
	}
}

static bool all_zero(const uint8_t *p, size_t n)
{
	while (n--)
		if (*p++)
			return false;
	return true;
}

static void put_field(struct printer *pr, const struct tf_field *fd, const uint8_t *p)
{
	unsigned n = fd->count ? fd->count : 1;

	if (fd->kind == TF_RSVD && all_zero(p, field_bytes(fd)))
		return;
	fprintf(pr->f, "%s%s=", pr->any ? " " : "", fd->name);
	pr->any = true;
	if (fd->kind == TF_BYTES) {
		for (unsigned i = 0; i < n; i++)
			fprintf(pr->f, "%02x", p[i]);
		return;
	}
	if (n > 1)
		fputc('{', pr->f);
	for (unsigned i = 0; i < n; i++) {
		if (i)
			fputc(',', pr->f);
		put_scalar(pr->f, fd, rd(p + (size_t)i * fd->size, fd->size));
	}
	if (n > 1)
		fputc('}', pr->f);
}

static bool wanted(const struct printer *pr, uint8_t dir)
{
	if (!dir)
		return true;	/* blob and record fields: both ways */
	if (!(dir & pr->pass))
		return false;
	return pr->pass == TF_IN || pr->ok || (dir & TF_ERR);
}

/* Print the fields of s for the current pass; bef/aft hold avail bytes. */
static void walk(struct printer *pr, const struct tf_struct *s, const uint8_t *bef,
		 const uint8_t *aft, size_t avail)
{
	const uint8_t *cur = pr->pass == TF_OUT ? aft : bef;

	for (unsigned i = 0; i < s->nfields; i++) {
		const struct tf_field *fd = &s->fields[i];

		if (fd->kind == TF_UNION) {
			uint64_t key;
			const struct tf_struct *v;

			if (fd->key_off < 0 || (size_t)fd->key_off + 4 > avail ||
			    fd->off > avail)
				continue;
			key = rd(bef + fd->key_off, 4);
			if (fd->key_mask)
				key &= fd->key_mask;
			v = pick(fd->variants, key, 0);
			if (v)
				walk(pr, v, bef + fd->off, aft + fd->off, avail - fd->off);
			continue;
		}
		if (fd->off + field_bytes(fd) > avail)
			continue;
		if (fd->kind == TF_PTR && (fd->bdir & pr->pass) &&
		    (pr->pass == TF_IN || pr->ok) && pr->nblobs < MAX_BLOBS)
			pr->blobs[pr->nblobs++] = (struct blob){
				.f = fd, .bef = bef, .aft = aft, .avail = avail, .pass = pr->pass,
			};
		if (!wanted(pr, fd->dir))
			continue;
		/* After a failure, only what the kernel wrote back: an untouched
		 * field means it never got that far (ENOTTY, EBADF …). */
		if (pr->pass == TF_OUT && !pr->ok &&
		    !memcmp(bef + fd->off, aft + fd->off, field_bytes(fd)))
			continue;
		put_field(pr, fd, cur + fd->off);
	}
}

/*
 * Copy len bytes at a user address without trusting it: the kernel checks
 * the address for write(2) to a pipe and answers EFAULT instead of us
 * taking a SIGSEGV. len stays below the pipe's capacity.
 */
static bool safe_copy(void *dst, uint64_t addr, size_t len)
{
	int p[2];
	bool ok;

	if (!addr || pipe2(p, O_CLOEXEC))
		return false;
	ok = write(p[1], (const void *)(uintptr_t)addr, len) == (ssize_t)len &&
	     read(p[0], dst, len) == (ssize_t)len;
	close(p[0]);
	close(p[1]);
	return ok;
}

static void put_blob(FILE *f, const struct blob *b)
{
	const struct tf_field *fd = b->f;
	const char *arrow = b->pass == TF_IN ? "->" : "<-";
	uint64_t addr = rd(b->bef + fd->off, 8);
	uint64_t key = aux(b, fd->key_off, false);
	uint64_t len = aux(b, fd->len_off, true);
	uint64_t num = fd->num_off >= 0 ? aux(b, fd->num_off, true) : 1;
	const struct tf_struct *s;
	size_t shown, stride;
	uint8_t *buf;

	if (fd->key_mask)
		key &= fd->key_mask;
	s = pick(fd->variants, key, len);
	if (fd->len_off < 0 && s)
		len = s->size;
	if (!num || !len)
		return;		/* nothing there (a probe, or no vendor data) */
	if (!s) {
		fprintf(f, "  %s %s type 0x%" PRIx64 ", %" PRIu64 " bytes, not decoded\n",
			fd->name, arrow, key, len * num);
		return;
	}
	stride = len;
	shown = num < BLOB_ELEMS ? num : BLOB_ELEMS;
	if (stride > BLOB_MAX)
		stride = BLOB_MAX;
	if (shown * stride > BLOB_MAX)
		shown = BLOB_MAX / stride;
	buf = malloc(shown * stride);
	if (!buf)
		return;
	if (!safe_copy(buf, addr, shown * stride)) {
		fprintf(f, "  %s %s unreadable (%zu bytes at 0x%" PRIx64 ")\n", fd->name, arrow,
			shown * stride, addr);
		free(buf);
		return;
	}
	for (size_t i = 0; i < shown; i++) {
		struct printer sub = { .f = f, .pass = b->pass, .ok = true };

		if (fd->num_off >= 0)
			fprintf(f, "  %s[%zu] %s %s {", fd->name, i, arrow, s->name);
		else
			fprintf(f, "  %s %s %s {", fd->name, arrow, s->name);
		walk(&sub, s, buf + i * stride, buf + i * stride,
		     stride < s->size ? stride : s->size);
		fputs("}\n", f);
	}
	if (num > shown)
		fprintf(f, "  %s: %" PRIu64 " more entries\n", fd->name, num - shown);
	free(buf);
}

static void emit(char *text)
{
	out_flush();	/* keep stdout and stderr in order on a terminal */
	fputs(text, stderr);
	fflush(stderr);
	free(text);
}

void trace_ioctl(unsigned long cmd, const void *before, const void *after, size_t size, int ret)
{
	const char *name = trace_ioctl_name(cmd);
	const struct tf_struct *s = trace_ioctl_struct(cmd);
	struct printer pr = { .ok = ret >= 0 };
	char *text = NULL, *outs = NULL;
	size_t n = 0, on = 0;

	pr.f = open_memstream(&text, &n);
	if (!pr.f)
		return;
	fprintf(pr.f, "ioctl %s(%#lx) {", name ? name : "?", cmd);
	if (s) {
		pr.pass = TF_IN;
		walk(&pr, s, before, after, size);
	}
	fputc('}', pr.f);
	if (ret >= 0)
		fprintf(pr.f, " = %d", ret);
	else
		fprintf(pr.f, " = -1 %s (%s)", errno_name(-ret), strerror(-ret));
	if (s) {
		FILE *main_f = pr.f;

		pr.f = open_memstream(&outs, &on);
		if (pr.f) {
			pr.pass = TF_OUT;
			pr.any = false;
			walk(&pr, s, before, after, size);
			fclose(pr.f);
			if (on)
				fprintf(main_f, " -> {%s}", outs);
			free(outs);
		}
		pr.f = main_f;
	}
	fputc('\n', pr.f);
	for (int i = 0; i < pr.nblobs; i++)
		put_blob(pr.f, &pr.blobs[i]);
	fclose(pr.f);
	emit(text);
}

void trace_record(const char *what, const struct tf_struct *s, const void *p, size_t len)
{
	struct printer pr = { .pass = TF_IN, .ok = true };
	char *text = NULL;
	size_t n = 0;

	pr.f = open_memstream(&text, &n);
	if (!pr.f)
		return;
	fprintf(pr.f, "read %s -> %s {", what, s->name);
	walk(&pr, s, p, p, len < s->size ? len : s->size);
	fputs("}\n", pr.f);
	fclose(pr.f);
	emit(text);
}
