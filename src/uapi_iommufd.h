/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The iommufd user ABI (/dev/iommu), Linux 7.2, written for iommuctl from the
 * project's reference (/work/shared/reference/iommufd-uapi.md); Debian 12's
 * linux-libc-dev (6.1) is too old to use.
 *
 * Naming: every kernel identifier X becomes ictl_X (structs) or ICTL_X
 * (constants), so a grep for the kernel name finds ours and no system header
 * can clash. Reserved fields drop the leading underscores ("__reserved" is
 * "reserved"). Offsets and sizes are asserted below each struct.
 */
#ifndef IOMMUCTL_UAPI_IOMMUFD_H
#define IOMMUCTL_UAPI_IOMMUFD_H

#include <stddef.h>
#include <stdint.h>
#include <linux/ioctl.h>

/* __aligned_u64: 8-byte aligned on i386 too, so offsets are the same. */
typedef uint64_t ictl_aligned_u64 __attribute__((aligned(8)));
/* __aligned_le64: raw little-endian words (SMMUv3 STE, CMDQ, event records). */
typedef uint64_t ictl_aligned_le64 __attribute__((aligned(8)));

#define ICTL_SIZE(type, n) \
	_Static_assert(sizeof(struct type) == (n), #type " must be " #n " bytes")
#define ICTL_OFF(type, field, n) \
	_Static_assert(offsetof(struct type, field) == (n), #type "." #field " at " #n)
/* The minimum size the kernel accepts: the end of the original last field. */
#define ICTL_END(type, field) \
	(offsetof(struct type, field) + sizeof(((struct type *)0)->field))

/*
 * Every iommufd ioctl is _IO(';', nr): no size or direction in the number.
 * _IOWR re-encodings get ENOTTY (reference §1.1, §11.1).
 */
#define ICTL_IOMMUFD_TYPE		';'

#define ICTL_IOMMU_DESTROY		_IO(ICTL_IOMMUFD_TYPE, 0x80)
#define ICTL_IOMMU_IOAS_ALLOC		_IO(ICTL_IOMMUFD_TYPE, 0x81)
#define ICTL_IOMMU_IOAS_ALLOW_IOVAS	_IO(ICTL_IOMMUFD_TYPE, 0x82)
#define ICTL_IOMMU_IOAS_COPY		_IO(ICTL_IOMMUFD_TYPE, 0x83)
#define ICTL_IOMMU_IOAS_IOVA_RANGES	_IO(ICTL_IOMMUFD_TYPE, 0x84)
#define ICTL_IOMMU_IOAS_MAP		_IO(ICTL_IOMMUFD_TYPE, 0x85)
#define ICTL_IOMMU_IOAS_UNMAP		_IO(ICTL_IOMMUFD_TYPE, 0x86)
#define ICTL_IOMMU_OPTION		_IO(ICTL_IOMMUFD_TYPE, 0x87)
#define ICTL_IOMMU_VFIO_IOAS		_IO(ICTL_IOMMUFD_TYPE, 0x88)
#define ICTL_IOMMU_HWPT_ALLOC		_IO(ICTL_IOMMUFD_TYPE, 0x89)
#define ICTL_IOMMU_GET_HW_INFO		_IO(ICTL_IOMMUFD_TYPE, 0x8a)
#define ICTL_IOMMU_HWPT_SET_DIRTY_TRACKING _IO(ICTL_IOMMUFD_TYPE, 0x8b)
#define ICTL_IOMMU_HWPT_GET_DIRTY_BITMAP _IO(ICTL_IOMMUFD_TYPE, 0x8c)
#define ICTL_IOMMU_HWPT_INVALIDATE	_IO(ICTL_IOMMUFD_TYPE, 0x8d)
#define ICTL_IOMMU_FAULT_QUEUE_ALLOC	_IO(ICTL_IOMMUFD_TYPE, 0x8e)
#define ICTL_IOMMU_IOAS_MAP_FILE	_IO(ICTL_IOMMUFD_TYPE, 0x8f)
#define ICTL_IOMMU_VIOMMU_ALLOC		_IO(ICTL_IOMMUFD_TYPE, 0x90)
#define ICTL_IOMMU_VDEVICE_ALLOC	_IO(ICTL_IOMMUFD_TYPE, 0x91)
#define ICTL_IOMMU_IOAS_CHANGE_PROCESS	_IO(ICTL_IOMMUFD_TYPE, 0x92)
#define ICTL_IOMMU_VEVENTQ_ALLOC	_IO(ICTL_IOMMUFD_TYPE, 0x93)
#define ICTL_IOMMU_HW_QUEUE_ALLOC	_IO(ICTL_IOMMUFD_TYPE, 0x94)

/* ---- IOMMU_DESTROY (0x80) ---- */
struct ictl_iommu_destroy {
	uint32_t size;
	uint32_t id;
};
ICTL_SIZE(ictl_iommu_destroy, 8);
ICTL_OFF(ictl_iommu_destroy, id, 4);

/* ---- IOMMU_IOAS_ALLOC (0x81) ---- */
struct ictl_iommu_ioas_alloc {
	uint32_t size;
	uint32_t flags;		/* must be 0 */
	uint32_t out_ioas_id;
};
ICTL_SIZE(ictl_iommu_ioas_alloc, 12);
ICTL_OFF(ictl_iommu_ioas_alloc, flags, 4);
ICTL_OFF(ictl_iommu_ioas_alloc, out_ioas_id, 8);

/* ---- IOMMU_IOAS_IOVA_RANGES (0x84) ---- */
struct ictl_iommu_iova_range {
	ictl_aligned_u64 start;
	ictl_aligned_u64 last;	/* inclusive */
};
ICTL_SIZE(ictl_iommu_iova_range, 16);
ICTL_OFF(ictl_iommu_iova_range, last, 8);

struct ictl_iommu_ioas_iova_ranges {
	uint32_t size;
	uint32_t ioas_id;
	uint32_t num_iovas;	/* in: capacity; out: total (EMSGSIZE if short) */
	uint32_t reserved;
	ictl_aligned_u64 allowed_iovas;	/* struct ictl_iommu_iova_range[] */
	ictl_aligned_u64 out_iova_alignment;
};
ICTL_SIZE(ictl_iommu_ioas_iova_ranges, 32);
ICTL_OFF(ictl_iommu_ioas_iova_ranges, ioas_id, 4);
ICTL_OFF(ictl_iommu_ioas_iova_ranges, num_iovas, 8);
ICTL_OFF(ictl_iommu_ioas_iova_ranges, reserved, 12);
ICTL_OFF(ictl_iommu_ioas_iova_ranges, allowed_iovas, 16);
ICTL_OFF(ictl_iommu_ioas_iova_ranges, out_iova_alignment, 24);

/* ---- IOMMU_IOAS_ALLOW_IOVAS (0x82) ---- */
struct ictl_iommu_ioas_allow_iovas {
	uint32_t size;
	uint32_t ioas_id;
	uint32_t num_iovas;
	uint32_t reserved;
	ictl_aligned_u64 allowed_iovas;	/* struct ictl_iommu_iova_range[] */
};
ICTL_SIZE(ictl_iommu_ioas_allow_iovas, 24);
ICTL_OFF(ictl_iommu_ioas_allow_iovas, ioas_id, 4);
ICTL_OFF(ictl_iommu_ioas_allow_iovas, num_iovas, 8);
ICTL_OFF(ictl_iommu_ioas_allow_iovas, reserved, 12);
ICTL_OFF(ictl_iommu_ioas_allow_iovas, allowed_iovas, 16);

/* ---- IOMMU_IOAS_MAP (0x85) ---- */
/* enum iommufd_ioas_map_flags */
#define ICTL_IOMMU_IOAS_MAP_FIXED_IOVA	(1U << 0)
#define ICTL_IOMMU_IOAS_MAP_WRITEABLE	(1U << 1)
#define ICTL_IOMMU_IOAS_MAP_READABLE	(1U << 2)

struct ictl_iommu_ioas_map {
	uint32_t size;
	uint32_t flags;
	uint32_t ioas_id;
	uint32_t reserved;
	ictl_aligned_u64 user_va;
	ictl_aligned_u64 length;
	ictl_aligned_u64 iova;	/* in with FIXED_IOVA; out */
};
ICTL_SIZE(ictl_iommu_ioas_map, 40);
ICTL_OFF(ictl_iommu_ioas_map, flags, 4);
ICTL_OFF(ictl_iommu_ioas_map, ioas_id, 8);
ICTL_OFF(ictl_iommu_ioas_map, reserved, 12);
ICTL_OFF(ictl_iommu_ioas_map, user_va, 16);
ICTL_OFF(ictl_iommu_ioas_map, length, 24);
ICTL_OFF(ictl_iommu_ioas_map, iova, 32);

/* ---- IOMMU_IOAS_MAP_FILE (0x8f): flags as IOAS_MAP ---- */
struct ictl_iommu_ioas_map_file {
	uint32_t size;
	uint32_t flags;
	uint32_t ioas_id;
	int32_t fd;		/* memfd or supported dma-buf */
	ictl_aligned_u64 start;	/* byte offset in the file */
	ictl_aligned_u64 length;
	ictl_aligned_u64 iova;
};
ICTL_SIZE(ictl_iommu_ioas_map_file, 40);
ICTL_OFF(ictl_iommu_ioas_map_file, flags, 4);
ICTL_OFF(ictl_iommu_ioas_map_file, ioas_id, 8);
ICTL_OFF(ictl_iommu_ioas_map_file, fd, 12);
ICTL_OFF(ictl_iommu_ioas_map_file, start, 16);
ICTL_OFF(ictl_iommu_ioas_map_file, length, 24);
ICTL_OFF(ictl_iommu_ioas_map_file, iova, 32);

/* ---- IOMMU_IOAS_COPY (0x83) ---- */
struct ictl_iommu_ioas_copy {
	uint32_t size;
	uint32_t flags;		/* IOAS_MAP flags */
	uint32_t dst_ioas_id;
	uint32_t src_ioas_id;
	ictl_aligned_u64 length;
	ictl_aligned_u64 dst_iova;	/* in with FIXED_IOVA; out */
	ictl_aligned_u64 src_iova;	/* with length: exactly one existing mapping */
};
ICTL_SIZE(ictl_iommu_ioas_copy, 40);
ICTL_OFF(ictl_iommu_ioas_copy, flags, 4);
ICTL_OFF(ictl_iommu_ioas_copy, dst_ioas_id, 8);
ICTL_OFF(ictl_iommu_ioas_copy, src_ioas_id, 12);
ICTL_OFF(ictl_iommu_ioas_copy, length, 16);
ICTL_OFF(ictl_iommu_ioas_copy, dst_iova, 24);
ICTL_OFF(ictl_iommu_ioas_copy, src_iova, 32);

/* ---- IOMMU_IOAS_UNMAP (0x86) ---- */
struct ictl_iommu_ioas_unmap {
	uint32_t size;
	uint32_t ioas_id;
	ictl_aligned_u64 iova;
	ictl_aligned_u64 length;	/* out: bytes unmapped */
};
ICTL_SIZE(ictl_iommu_ioas_unmap, 24);
ICTL_OFF(ictl_iommu_ioas_unmap, ioas_id, 4);
ICTL_OFF(ictl_iommu_ioas_unmap, iova, 8);
ICTL_OFF(ictl_iommu_ioas_unmap, length, 16);

/* ---- IOMMU_OPTION (0x87) ---- */
/* enum iommufd_option */
#define ICTL_IOMMU_OPTION_RLIMIT_MODE	0	/* global; object_id 0 */
#define ICTL_IOMMU_OPTION_HUGE_PAGES	1	/* per IOAS */
/* enum iommufd_option_ops */
#define ICTL_IOMMU_OPTION_OP_SET	0
#define ICTL_IOMMU_OPTION_OP_GET	1

struct ictl_iommu_option {
	uint32_t size;
	uint32_t option_id;
	uint16_t op;
	uint16_t reserved;
	uint32_t object_id;
	ictl_aligned_u64 val64;	/* GET writes back only this */
};
ICTL_SIZE(ictl_iommu_option, 24);
ICTL_OFF(ictl_iommu_option, option_id, 4);
ICTL_OFF(ictl_iommu_option, op, 8);
ICTL_OFF(ictl_iommu_option, reserved, 10);
ICTL_OFF(ictl_iommu_option, object_id, 12);
ICTL_OFF(ictl_iommu_option, val64, 16);

/* ---- IOMMU_VFIO_IOAS (0x88) ---- */
/* enum iommufd_vfio_ioas_op */
#define ICTL_IOMMU_VFIO_IOAS_GET	0
#define ICTL_IOMMU_VFIO_IOAS_SET	1
#define ICTL_IOMMU_VFIO_IOAS_CLEAR	2

struct ictl_iommu_vfio_ioas {
	uint32_t size;
	uint32_t ioas_id;	/* in for SET, out for GET */
	uint16_t op;
	uint16_t reserved;
};
ICTL_SIZE(ictl_iommu_vfio_ioas, 12);
ICTL_OFF(ictl_iommu_vfio_ioas, ioas_id, 4);
ICTL_OFF(ictl_iommu_vfio_ioas, op, 8);
ICTL_OFF(ictl_iommu_vfio_ioas, reserved, 10);

/* ---- IOMMU_HWPT_ALLOC (0x89) ---- */
/* enum iommufd_hwpt_alloc_flags */
#define ICTL_IOMMU_HWPT_ALLOC_NEST_PARENT	(1U << 0)
#define ICTL_IOMMU_HWPT_ALLOC_DIRTY_TRACKING	(1U << 1)
#define ICTL_IOMMU_HWPT_FAULT_ID_VALID		(1U << 2)
#define ICTL_IOMMU_HWPT_ALLOC_PASID		(1U << 3)

/* enum iommu_hwpt_data_type (selftest 0xdead: uapi_selftest.h) */
#define ICTL_IOMMU_HWPT_DATA_NONE		0
#define ICTL_IOMMU_HWPT_DATA_VTD_S1		1
#define ICTL_IOMMU_HWPT_DATA_ARM_SMMUV3		2
#define ICTL_IOMMU_HWPT_DATA_AMD_GUEST		3

/* enum iommu_hwpt_vtd_s1_flags */
#define ICTL_IOMMU_VTD_S1_SRE	(1ULL << 0)	/* supervisor requests */
#define ICTL_IOMMU_VTD_S1_EAFE	(1ULL << 1)	/* extended access flag */
#define ICTL_IOMMU_VTD_S1_WPE	(1ULL << 2)	/* write protect, only with SRE */

/* Checked at attach time, not at alloc (reference §4.3). */
struct ictl_iommu_hwpt_vtd_s1 {
	ictl_aligned_u64 flags;
	ictl_aligned_u64 pgtbl_addr;	/* stage-1 root, a parent IOVA */
	uint32_t addr_width;		/* 48, or 57 with cap.FL5LP */
	uint32_t reserved;
};
ICTL_SIZE(ictl_iommu_hwpt_vtd_s1, 24);
ICTL_OFF(ictl_iommu_hwpt_vtd_s1, pgtbl_addr, 8);
ICTL_OFF(ictl_iommu_hwpt_vtd_s1, addr_width, 16);
ICTL_OFF(ictl_iommu_hwpt_vtd_s1, reserved, 20);

/* The first two words of the guest STE; illegal bits give EIO. */
struct ictl_iommu_hwpt_arm_smmuv3 {
	ictl_aligned_le64 ste[2];
};
ICTL_SIZE(ictl_iommu_hwpt_arm_smmuv3, 16);

/* Guest DTE; defined but not reachable in Linux 7.2 (reference §4.5). */
struct ictl_iommu_hwpt_amd_guest {
	ictl_aligned_u64 dte[4];
};
ICTL_SIZE(ictl_iommu_hwpt_amd_guest, 32);

struct ictl_iommu_hwpt_alloc {
	uint32_t size;
	uint32_t flags;
	uint32_t dev_id;
	uint32_t pt_id;		/* IOAS, nest-parent HWPT or vIOMMU */
	uint32_t out_hwpt_id;
	uint32_t reserved;
	uint32_t data_type;
	uint32_t data_len;
	ictl_aligned_u64 data_uptr;
	uint32_t fault_id;	/* with ICTL_IOMMU_HWPT_FAULT_ID_VALID */
	uint32_t reserved2;	/* not checked by the kernel; keep 0 */
};
ICTL_SIZE(ictl_iommu_hwpt_alloc, 48);
ICTL_OFF(ictl_iommu_hwpt_alloc, flags, 4);
ICTL_OFF(ictl_iommu_hwpt_alloc, dev_id, 8);
ICTL_OFF(ictl_iommu_hwpt_alloc, pt_id, 12);
ICTL_OFF(ictl_iommu_hwpt_alloc, out_hwpt_id, 16);
ICTL_OFF(ictl_iommu_hwpt_alloc, reserved, 20);
ICTL_OFF(ictl_iommu_hwpt_alloc, data_type, 24);
ICTL_OFF(ictl_iommu_hwpt_alloc, data_len, 28);
ICTL_OFF(ictl_iommu_hwpt_alloc, data_uptr, 32);
ICTL_OFF(ictl_iommu_hwpt_alloc, fault_id, 40);
ICTL_OFF(ictl_iommu_hwpt_alloc, reserved2, 44);
#define ICTL_IOMMU_HWPT_ALLOC_SIZE_MIN	24	/* the 6.6 struct */
_Static_assert(ICTL_END(ictl_iommu_hwpt_alloc, reserved) == ICTL_IOMMU_HWPT_ALLOC_SIZE_MIN,
	       "hwpt_alloc min size");

/* ---- IOMMU_GET_HW_INFO (0x8a) ---- */
/* enum iommu_hw_info_type (selftest 0xfeedbeef: uapi_selftest.h) */
#define ICTL_IOMMU_HW_INFO_TYPE_NONE		0
#define ICTL_IOMMU_HW_INFO_TYPE_DEFAULT		0	/* input: the driver's own */
#define ICTL_IOMMU_HW_INFO_TYPE_INTEL_VTD	1
#define ICTL_IOMMU_HW_INFO_TYPE_ARM_SMMUV3	2
#define ICTL_IOMMU_HW_INFO_TYPE_TEGRA241_CMDQV	3	/* only when asked for */
#define ICTL_IOMMU_HW_INFO_TYPE_AMD		4

/* enum iommufd_hw_info_flags */
#define ICTL_IOMMU_HW_INFO_FLAG_INPUT_TYPE	(1U << 0)

/* enum iommufd_hw_capabilities (out_capabilities) */
#define ICTL_IOMMU_HW_CAP_DIRTY_TRACKING	(1ULL << 0)
#define ICTL_IOMMU_HW_CAP_PCI_PASID_EXEC	(1ULL << 1)
#define ICTL_IOMMU_HW_CAP_PCI_PASID_PRIV	(1ULL << 2)
#define ICTL_IOMMU_HW_CAP_PCI_ATS_NOT_SUPPORTED	(1ULL << 3)

/* enum iommu_hw_info_vtd_flags: always set by Linux 7.2 */
#define ICTL_IOMMU_HW_INFO_VTD_ERRATA_772415_SPR17	(1U << 0)

struct ictl_iommu_hw_info_vtd {
	uint32_t flags;
	uint32_t reserved;
	ictl_aligned_u64 cap_reg;	/* host-endian raw CAP_REG */
	ictl_aligned_u64 ecap_reg;	/* host-endian raw ECAP_REG */
};
ICTL_SIZE(ictl_iommu_hw_info_vtd, 24);
ICTL_OFF(ictl_iommu_hw_info_vtd, reserved, 4);
ICTL_OFF(ictl_iommu_hw_info_vtd, cap_reg, 8);
ICTL_OFF(ictl_iommu_hw_info_vtd, ecap_reg, 16);

struct ictl_iommu_hw_info_arm_smmuv3 {
	uint32_t flags;
	uint32_t reserved;
	uint32_t idr[6];	/* SMMU_IDR0..IDR5 */
	uint32_t iidr;
	uint32_t aidr;
};
ICTL_SIZE(ictl_iommu_hw_info_arm_smmuv3, 40);
ICTL_OFF(ictl_iommu_hw_info_arm_smmuv3, reserved, 4);
ICTL_OFF(ictl_iommu_hw_info_arm_smmuv3, idr, 8);
ICTL_OFF(ictl_iommu_hw_info_arm_smmuv3, iidr, 32);
ICTL_OFF(ictl_iommu_hw_info_arm_smmuv3, aidr, 36);

struct ictl_iommu_hw_info_tegra241_cmdqv {
	uint32_t flags;
	uint8_t version;	/* PARAM[3:0] */
	uint8_t log2vcmdqs;
	uint8_t log2vsids;
	uint8_t reserved;
};
ICTL_SIZE(ictl_iommu_hw_info_tegra241_cmdqv, 8);
ICTL_OFF(ictl_iommu_hw_info_tegra241_cmdqv, version, 4);
ICTL_OFF(ictl_iommu_hw_info_tegra241_cmdqv, log2vcmdqs, 5);
ICTL_OFF(ictl_iommu_hw_info_tegra241_cmdqv, log2vsids, 6);
ICTL_OFF(ictl_iommu_hw_info_tegra241_cmdqv, reserved, 7);

struct ictl_iommu_hw_info_amd {
	ictl_aligned_u64 efr;	/* host-endian raw EFR */
	ictl_aligned_u64 efr2;
};
ICTL_SIZE(ictl_iommu_hw_info_amd, 16);
ICTL_OFF(ictl_iommu_hw_info_amd, efr2, 8);

/* A buffer for any known vendor data (largest: SMMUv3, 40 bytes). */
#define ICTL_IOMMU_HW_INFO_DATA_MAX	40

struct ictl_iommu_hw_info {
	uint32_t size;
	uint32_t flags;
	uint32_t dev_id;
	uint32_t data_len;	/* in: buffer; out: the kernel's length */
	ictl_aligned_u64 data_uptr;
	union {			/* shared: reset before reuse */
		uint32_t in_data_type;	/* read only with FLAG_INPUT_TYPE */
		uint32_t out_data_type;
	};
	uint8_t out_max_pasid_log2;	/* 0: no PASID (and before 6.15) */
	uint8_t reserved[3];
	ictl_aligned_u64 out_capabilities;	/* not returned with size 32 */
};
ICTL_SIZE(ictl_iommu_hw_info, 40);
ICTL_OFF(ictl_iommu_hw_info, flags, 4);
ICTL_OFF(ictl_iommu_hw_info, dev_id, 8);
ICTL_OFF(ictl_iommu_hw_info, data_len, 12);
ICTL_OFF(ictl_iommu_hw_info, data_uptr, 16);
ICTL_OFF(ictl_iommu_hw_info, in_data_type, 24);
ICTL_OFF(ictl_iommu_hw_info, out_data_type, 24);
ICTL_OFF(ictl_iommu_hw_info, out_max_pasid_log2, 28);
ICTL_OFF(ictl_iommu_hw_info, reserved, 29);
ICTL_OFF(ictl_iommu_hw_info, out_capabilities, 32);
#define ICTL_IOMMU_GET_HW_INFO_SIZE_MIN	32	/* the 6.6 struct */
_Static_assert(ICTL_END(ictl_iommu_hw_info, reserved) == ICTL_IOMMU_GET_HW_INFO_SIZE_MIN,
	       "hw_info min size");

/* ---- IOMMU_HWPT_SET_DIRTY_TRACKING (0x8b) ---- */
/* enum iommufd_hwpt_set_dirty_tracking_flags */
#define ICTL_IOMMU_HWPT_DIRTY_TRACKING_ENABLE	(1U << 0)

struct ictl_iommu_hwpt_set_dirty_tracking {
	uint32_t size;
	uint32_t flags;
	uint32_t hwpt_id;
	uint32_t reserved;	/* not checked; keep 0 */
};
ICTL_SIZE(ictl_iommu_hwpt_set_dirty_tracking, 16);
ICTL_OFF(ictl_iommu_hwpt_set_dirty_tracking, flags, 4);
ICTL_OFF(ictl_iommu_hwpt_set_dirty_tracking, hwpt_id, 8);
ICTL_OFF(ictl_iommu_hwpt_set_dirty_tracking, reserved, 12);

/* ---- IOMMU_HWPT_GET_DIRTY_BITMAP (0x8c) ---- */
/* enum iommufd_hwpt_get_dirty_bitmap_flags */
#define ICTL_IOMMU_HWPT_GET_DIRTY_BITMAP_NO_CLEAR	(1U << 0)

struct ictl_iommu_hwpt_get_dirty_bitmap {
	uint32_t size;
	uint32_t hwpt_id;
	uint32_t flags;
	uint32_t reserved;
	ictl_aligned_u64 iova;
	ictl_aligned_u64 length;
	ictl_aligned_u64 page_size;
	ictl_aligned_u64 data;	/* u64 bitmap, bit per page from iova */
};
ICTL_SIZE(ictl_iommu_hwpt_get_dirty_bitmap, 48);
ICTL_OFF(ictl_iommu_hwpt_get_dirty_bitmap, hwpt_id, 4);
ICTL_OFF(ictl_iommu_hwpt_get_dirty_bitmap, flags, 8);
ICTL_OFF(ictl_iommu_hwpt_get_dirty_bitmap, reserved, 12);
ICTL_OFF(ictl_iommu_hwpt_get_dirty_bitmap, iova, 16);
ICTL_OFF(ictl_iommu_hwpt_get_dirty_bitmap, length, 24);
ICTL_OFF(ictl_iommu_hwpt_get_dirty_bitmap, page_size, 32);
ICTL_OFF(ictl_iommu_hwpt_get_dirty_bitmap, data, 40);

/* ---- IOMMU_HWPT_INVALIDATE (0x8d) ---- */
/* enum iommu_hwpt_invalidate_data_type (selftest: uapi_selftest.h) */
#define ICTL_IOMMU_HWPT_INVALIDATE_DATA_VTD_S1		0	/* nested HWPT */
#define ICTL_IOMMU_VIOMMU_INVALIDATE_DATA_ARM_SMMUV3	1	/* vIOMMU */

/* Recent hardening caps; keep batches within them on any kernel. */
#define ICTL_IOMMU_HWPT_INVALIDATE_ENTRY_NUM_MAX	(1U << 19)
#define ICTL_IOMMU_HWPT_INVALIDATE_ENTRY_LEN_MAX	4096	/* PAGE_SIZE */

/* enum iommu_hwpt_vtd_s1_invalidate_flags */
#define ICTL_IOMMU_VTD_INV_FLAGS_LEAF	(1U << 0)

/* entry_len must be exactly 24; addr=0 npages=U64_MAX: everything. */
struct ictl_iommu_hwpt_vtd_s1_invalidate {
	ictl_aligned_u64 addr;	/* 4 KiB aligned */
	ictl_aligned_u64 npages;	/* 4 KiB pages */
	uint32_t flags;
	uint32_t reserved;
};
ICTL_SIZE(ictl_iommu_hwpt_vtd_s1_invalidate, 24);
ICTL_OFF(ictl_iommu_hwpt_vtd_s1_invalidate, npages, 8);
ICTL_OFF(ictl_iommu_hwpt_vtd_s1_invalidate, flags, 16);
ICTL_OFF(ictl_iommu_hwpt_vtd_s1_invalidate, reserved, 20);

/* A raw little-endian CMDQ command; opcode is cmd[0] & 0xff. */
struct ictl_iommu_viommu_arm_smmuv3_invalidate {
	ictl_aligned_le64 cmd[2];
};
ICTL_SIZE(ictl_iommu_viommu_arm_smmuv3_invalidate, 16);

/* The SMMUv3 CMDQ opcodes a vIOMMU accepts; all others give EIO. */
#define ICTL_SMMUV3_CMD_CFGI_CD		0x05
#define ICTL_SMMUV3_CMD_CFGI_CD_ALL	0x06
#define ICTL_SMMUV3_CMD_TLBI_NH_ALL	0x10
#define ICTL_SMMUV3_CMD_TLBI_NH_ASID	0x11
#define ICTL_SMMUV3_CMD_TLBI_NH_VA	0x12
#define ICTL_SMMUV3_CMD_TLBI_NH_VAA	0x13
#define ICTL_SMMUV3_CMD_TLBI_NSNH_ALL	0x30
#define ICTL_SMMUV3_CMD_ATC_INV		0x40

struct ictl_iommu_hwpt_invalidate {
	uint32_t size;
	uint32_t hwpt_id;	/* nested HWPT or vIOMMU */
	ictl_aligned_u64 data_uptr;
	uint32_t data_type;
	uint32_t entry_len;
	uint32_t entry_num;	/* in: count; out: handled, even on failure */
	uint32_t reserved;
};
ICTL_SIZE(ictl_iommu_hwpt_invalidate, 32);
ICTL_OFF(ictl_iommu_hwpt_invalidate, hwpt_id, 4);
ICTL_OFF(ictl_iommu_hwpt_invalidate, data_uptr, 8);
ICTL_OFF(ictl_iommu_hwpt_invalidate, data_type, 16);
ICTL_OFF(ictl_iommu_hwpt_invalidate, entry_len, 20);
ICTL_OFF(ictl_iommu_hwpt_invalidate, entry_num, 24);
ICTL_OFF(ictl_iommu_hwpt_invalidate, reserved, 28);

/* ---- IOMMU_FAULT_QUEUE_ALLOC (0x8e) and the fault fd ---- */
struct ictl_iommu_fault_alloc {
	uint32_t size;
	uint32_t flags;		/* must be 0 */
	uint32_t out_fault_id;
	uint32_t out_fault_fd;	/* O_CLOEXEC; read/write records below */
};
ICTL_SIZE(ictl_iommu_fault_alloc, 16);
ICTL_OFF(ictl_iommu_fault_alloc, flags, 4);
ICTL_OFF(ictl_iommu_fault_alloc, out_fault_id, 8);
ICTL_OFF(ictl_iommu_fault_alloc, out_fault_fd, 12);

/* enum iommu_hwpt_pgfault_flags */
#define ICTL_IOMMU_PGFAULT_FLAGS_PASID_VALID	(1U << 0)
#define ICTL_IOMMU_PGFAULT_FLAGS_LAST_PAGE	(1U << 1)
/* enum iommu_hwpt_pgfault_perm */
#define ICTL_IOMMU_PGFAULT_PERM_READ	(1U << 0)
#define ICTL_IOMMU_PGFAULT_PERM_WRITE	(1U << 1)
#define ICTL_IOMMU_PGFAULT_PERM_EXEC	(1U << 2)
#define ICTL_IOMMU_PGFAULT_PERM_PRIV	(1U << 3)

/* read() of the fault fd: multiples of 40 bytes, else ESPIPE. */
struct ictl_iommu_hwpt_pgfault {
	uint32_t flags;
	uint32_t dev_id;
	uint32_t pasid;
	uint32_t grpid;		/* PRG index */
	uint32_t perm;
	uint32_t reserved;
	ictl_aligned_u64 addr;
	uint32_t length;	/* 0 today */
	uint32_t cookie;	/* answer the group's last one */
};
ICTL_SIZE(ictl_iommu_hwpt_pgfault, 40);
ICTL_OFF(ictl_iommu_hwpt_pgfault, dev_id, 4);
ICTL_OFF(ictl_iommu_hwpt_pgfault, pasid, 8);
ICTL_OFF(ictl_iommu_hwpt_pgfault, grpid, 12);
ICTL_OFF(ictl_iommu_hwpt_pgfault, perm, 16);
ICTL_OFF(ictl_iommu_hwpt_pgfault, reserved, 20);
ICTL_OFF(ictl_iommu_hwpt_pgfault, addr, 24);
ICTL_OFF(ictl_iommu_hwpt_pgfault, length, 32);
ICTL_OFF(ictl_iommu_hwpt_pgfault, cookie, 36);

/* enum iommufd_page_response_code */
#define ICTL_IOMMUFD_PAGE_RESP_SUCCESS	0
#define ICTL_IOMMUFD_PAGE_RESP_INVALID	1

/* write() to the fault fd: multiples of 8 bytes, else ESPIPE. */
struct ictl_iommu_hwpt_page_response {
	uint32_t cookie;
	uint32_t code;
};
ICTL_SIZE(ictl_iommu_hwpt_page_response, 8);
ICTL_OFF(ictl_iommu_hwpt_page_response, code, 4);

/* ---- IOMMU_VIOMMU_ALLOC (0x90) ---- */
/* enum iommu_viommu_type (selftest 0xdeadbeef: uapi_selftest.h) */
#define ICTL_IOMMU_VIOMMU_TYPE_DEFAULT		0	/* rejected */
#define ICTL_IOMMU_VIOMMU_TYPE_ARM_SMMUV3	1
#define ICTL_IOMMU_VIOMMU_TYPE_TEGRA241_CMDQV	2	/* data required */

/* Tegra241 vIOMMU data: pass the mmap pair to mmap() unchanged. */
struct ictl_iommu_viommu_tegra241_cmdqv {
	ictl_aligned_u64 out_vintf_mmap_offset;
	ictl_aligned_u64 out_vintf_mmap_length;
};
ICTL_SIZE(ictl_iommu_viommu_tegra241_cmdqv, 16);
ICTL_OFF(ictl_iommu_viommu_tegra241_cmdqv, out_vintf_mmap_length, 8);

struct ictl_iommu_viommu_alloc {
	uint32_t size;
	uint32_t flags;		/* must be 0 */
	uint32_t type;
	uint32_t dev_id;
	uint32_t hwpt_id;	/* a NEST_PARENT HWPT_PAGING */
	uint32_t out_viommu_id;
	uint32_t data_len;
	uint32_t reserved;	/* not checked; keep 0 */
	ictl_aligned_u64 data_uptr;	/* driver data, in and out */
};
ICTL_SIZE(ictl_iommu_viommu_alloc, 40);
ICTL_OFF(ictl_iommu_viommu_alloc, flags, 4);
ICTL_OFF(ictl_iommu_viommu_alloc, type, 8);
ICTL_OFF(ictl_iommu_viommu_alloc, dev_id, 12);
ICTL_OFF(ictl_iommu_viommu_alloc, hwpt_id, 16);
ICTL_OFF(ictl_iommu_viommu_alloc, out_viommu_id, 20);
ICTL_OFF(ictl_iommu_viommu_alloc, data_len, 24);
ICTL_OFF(ictl_iommu_viommu_alloc, reserved, 28);
ICTL_OFF(ictl_iommu_viommu_alloc, data_uptr, 32);
#define ICTL_IOMMU_VIOMMU_ALLOC_SIZE_MIN	24	/* the 6.13 struct */
_Static_assert(ICTL_END(ictl_iommu_viommu_alloc, out_viommu_id) ==
	       ICTL_IOMMU_VIOMMU_ALLOC_SIZE_MIN, "viommu_alloc min size");

/* ---- IOMMU_VDEVICE_ALLOC (0x91) ---- */
struct ictl_iommu_vdevice_alloc {
	uint32_t size;
	uint32_t viommu_id;
	uint32_t dev_id;
	uint32_t out_vdevice_id;
	ictl_aligned_u64 virt_id;	/* vSID (SMMUv3), vDeviceID (AMD), vRID (VT-d) */
};
ICTL_SIZE(ictl_iommu_vdevice_alloc, 24);
ICTL_OFF(ictl_iommu_vdevice_alloc, viommu_id, 4);
ICTL_OFF(ictl_iommu_vdevice_alloc, dev_id, 8);
ICTL_OFF(ictl_iommu_vdevice_alloc, out_vdevice_id, 12);
ICTL_OFF(ictl_iommu_vdevice_alloc, virt_id, 16);

/* ---- IOMMU_IOAS_CHANGE_PROCESS (0x92) ---- */
struct ictl_iommu_ioas_change_process {
	uint32_t size;
	uint32_t reserved;
};
ICTL_SIZE(ictl_iommu_ioas_change_process, 8);
ICTL_OFF(ictl_iommu_ioas_change_process, reserved, 4);

/* ---- IOMMU_VEVENTQ_ALLOC (0x93) and the vEVENTQ fd ---- */
/* enum iommu_veventq_type (selftest 0xbeefbeef: uapi_selftest.h) */
#define ICTL_IOMMU_VEVENTQ_TYPE_DEFAULT		0	/* rejected */
#define ICTL_IOMMU_VEVENTQ_TYPE_ARM_SMMUV3	1
#define ICTL_IOMMU_VEVENTQ_TYPE_TEGRA241_CMDQV	2

#define ICTL_IOMMU_VEVENTQ_DEPTH_MAX	(1U << 19)

struct ictl_iommu_veventq_alloc {
	uint32_t size;
	uint32_t flags;		/* must be 0 */
	uint32_t viommu_id;
	uint32_t type;
	uint32_t veventq_depth;	/* 1..ICTL_IOMMU_VEVENTQ_DEPTH_MAX */
	uint32_t out_veventq_id;
	uint32_t out_veventq_fd;	/* O_CLOEXEC; the caller closes it */
	uint32_t reserved;
};
ICTL_SIZE(ictl_iommu_veventq_alloc, 32);
ICTL_OFF(ictl_iommu_veventq_alloc, flags, 4);
ICTL_OFF(ictl_iommu_veventq_alloc, viommu_id, 8);
ICTL_OFF(ictl_iommu_veventq_alloc, type, 12);
ICTL_OFF(ictl_iommu_veventq_alloc, veventq_depth, 16);
ICTL_OFF(ictl_iommu_veventq_alloc, out_veventq_id, 20);
ICTL_OFF(ictl_iommu_veventq_alloc, out_veventq_fd, 24);
ICTL_OFF(ictl_iommu_veventq_alloc, reserved, 28);
#define ICTL_IOMMU_VEVENTQ_ALLOC_SIZE_MIN	28
_Static_assert(ICTL_END(ictl_iommu_veventq_alloc, out_veventq_fd) ==
	       ICTL_IOMMU_VEVENTQ_ALLOC_SIZE_MIN, "veventq_alloc min size");

/* enum iommu_veventq_flag */
#define ICTL_IOMMU_VEVENTQ_FLAG_LOST_EVENTS	(1U << 0)

/*
 * read() gives packed records: a header, then the type's payload with no
 * padding (selftest records are 12 bytes). Parse them with memcpy.
 */
struct ictl_iommufd_vevent_header {
	uint32_t flags;
	uint32_t sequence;	/* 0..INT_MAX, wraps; a gap of d lost d-1 */
};
ICTL_SIZE(ictl_iommufd_vevent_header, 8);
ICTL_OFF(ictl_iommufd_vevent_header, sequence, 4);

/* A raw little-endian SMMUv3 event record; StreamID rewritten to the vSID. */
struct ictl_iommu_vevent_arm_smmuv3 {
	ictl_aligned_le64 evt[4];
};
ICTL_SIZE(ictl_iommu_vevent_arm_smmuv3, 32);

/* SMMUv3 event ids forwarded to a vEVENTQ (evt[0] 7:0). */
#define ICTL_SMMUV3_EVT_C_BAD_STE		0x04
#define ICTL_SMMUV3_EVT_F_STREAM_DISABLED	0x06
#define ICTL_SMMUV3_EVT_C_BAD_SUBSTREAMID	0x08
#define ICTL_SMMUV3_EVT_C_BAD_CD		0x0a
#define ICTL_SMMUV3_EVT_F_TRANSLATION		0x10
#define ICTL_SMMUV3_EVT_F_ADDR_SIZE		0x11
#define ICTL_SMMUV3_EVT_F_ACCESS		0x12
#define ICTL_SMMUV3_EVT_F_PERMISSION		0x13

struct ictl_iommu_vevent_tegra241_cmdqv {
	ictl_aligned_le64 lvcmdq_err_map[2];
};
ICTL_SIZE(ictl_iommu_vevent_tegra241_cmdqv, 16);

/* ---- IOMMU_HW_QUEUE_ALLOC (0x94) ---- */
/* enum iommu_hw_queue_type (selftest 0xdeadbeef: uapi_selftest.h) */
#define ICTL_IOMMU_HW_QUEUE_TYPE_DEFAULT	0	/* rejected */
#define ICTL_IOMMU_HW_QUEUE_TYPE_TEGRA241_CMDQV	1

struct ictl_iommu_hw_queue_alloc {
	uint32_t size;
	uint32_t flags;		/* must be 0 */
	uint32_t viommu_id;
	uint32_t type;
	uint32_t index;		/* ascending; destroy descending */
	uint32_t out_hw_queue_id;
	ictl_aligned_u64 nesting_parent_iova;
	ictl_aligned_u64 length;
};
ICTL_SIZE(ictl_iommu_hw_queue_alloc, 40);
ICTL_OFF(ictl_iommu_hw_queue_alloc, flags, 4);
ICTL_OFF(ictl_iommu_hw_queue_alloc, viommu_id, 8);
ICTL_OFF(ictl_iommu_hw_queue_alloc, type, 12);
ICTL_OFF(ictl_iommu_hw_queue_alloc, index, 16);
ICTL_OFF(ictl_iommu_hw_queue_alloc, out_hw_queue_id, 20);
ICTL_OFF(ictl_iommu_hw_queue_alloc, nesting_parent_iova, 24);
ICTL_OFF(ictl_iommu_hw_queue_alloc, length, 32);

#endif
