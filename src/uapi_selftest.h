/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The iommufd selftest mock driver (CONFIG_IOMMUFD_TEST), Linux 7.2, from
 * the reference §9. Not an installed UAPI: it is internal to the kernel and
 * changes between releases, so every value here is tied to 7.2. Naming as in
 * uapi_iommufd.h (kernel X -> ictl_X / ICTL_X).
 *
 * Runtime probe: IOMMU_TEST_CMD answers ENOTTY when the option is off.
 */
#ifndef IOMMUCTL_UAPI_SELFTEST_H
#define IOMMUCTL_UAPI_SELFTEST_H

#include "uapi_iommufd.h"

#define ICTL_IOMMU_TEST_CMD	_IO(ICTL_IOMMUFD_TYPE, 0xa0)

/* The mock's answers to the core ioctls. */
#define ICTL_IOMMU_HW_INFO_TYPE_SELFTEST		0xfeedbeefU
#define ICTL_IOMMU_HW_INFO_SELFTEST_REGVAL		0xdeadbeefU
#define ICTL_IOMMU_HWPT_DATA_SELFTEST			0xdeadU
#define ICTL_IOMMU_HWPT_INVALIDATE_DATA_SELFTEST	0xdeadbeefU	/* nested HWPT */
#define ICTL_IOMMU_HWPT_INVALIDATE_DATA_SELFTEST_INVALID 0xdadbeefU
#define ICTL_IOMMU_VIOMMU_TYPE_SELFTEST			0xdeadbeefU
#define ICTL_IOMMU_VIOMMU_INVALIDATE_DATA_SELFTEST	0xdeadbeefU	/* vIOMMU */
#define ICTL_IOMMU_VIOMMU_INVALIDATE_DATA_SELFTEST_INVALID 0xdadbeefU
#define ICTL_IOMMU_VEVENTQ_TYPE_SELFTEST		0xbeefbeefU
#define ICTL_IOMMU_HW_QUEUE_TYPE_SELFTEST		0xdeadbeefU

/* Mock geometry: IOVAs in [16 MiB, 2 GiB) and 2 KiB aligned once attached. */
#define ICTL_MOCK_APERTURE_START	(1ULL << 24)
#define ICTL_MOCK_APERTURE_LAST		((1ULL << 31) - 1)
#define ICTL_MOCK_PAGE_SIZE		2048
#define ICTL_MOCK_HUGE_PAGE_SIZE	(1ULL << 20)
#define ICTL_MOCK_PASID_WIDTH		20

#define ICTL_IOMMU_TEST_IOTLB_DEFAULT		0xbadbeefU
#define ICTL_IOMMU_TEST_DEV_CACHE_DEFAULT	0xbaddadU
#define ICTL_MOCK_NESTED_DOMAIN_IOTLB_ID_MAX	3
#define ICTL_MOCK_NESTED_DOMAIN_IOTLB_NUM	4
#define ICTL_MOCK_DEV_CACHE_ID_MAX		3
#define ICTL_MOCK_DEV_CACHE_NUM			4
/* The second set_dev_pasid on this PASID fails with ENOMEM on purpose. */
#define ICTL_IOMMU_TEST_PASID_RESERVED		1024
#define ICTL_IOMMU_TEST_HW_QUEUE_MAX		2

/* MOCK_DOMAIN_FLAGS dev_flags; bit 1 and unknown bits give EINVAL. */
#define ICTL_MOCK_FLAGS_DEVICE_NO_DIRTY		(1U << 0)
#define ICTL_MOCK_FLAGS_DEVICE_PASID		(1U << 2)

/* CREATE_ACCESS flags */
#define ICTL_MOCK_FLAGS_ACCESS_CREATE_NEEDS_PIN_PAGES	(1U << 0)
/* ACCESS_PAGES flags */
#define ICTL_MOCK_FLAGS_ACCESS_WRITE		(1U << 0)
#define ICTL_MOCK_FLAGS_ACCESS_SYZ		(1U << 16)
/* ACCESS_RW flags */
#define ICTL_MOCK_ACCESS_RW_WRITE		(1U << 0)
#define ICTL_MOCK_ACCESS_RW_SLOW_PATH		(1U << 2)

/* iommu_hwpt_selftest.pagetable_type, paging HWPTs only */
#define ICTL_MOCK_IOMMUPT_DEFAULT	0
#define ICTL_MOCK_IOMMUPT_HUGE		1

/* Invalidation entry flags (both entry kinds); other bits: EOPNOTSUPP. */
#define ICTL_IOMMU_TEST_INVALIDATE_FLAG_ALL	(1U << 0)

/* enum iommu_test_op: the `id` meaning depends on the op (reference §9). */
#define ICTL_IOMMU_TEST_OP_ADD_RESERVED		1
#define ICTL_IOMMU_TEST_OP_MOCK_DOMAIN		2
#define ICTL_IOMMU_TEST_OP_MD_CHECK_MAP		3
#define ICTL_IOMMU_TEST_OP_MD_CHECK_REFS	4
#define ICTL_IOMMU_TEST_OP_CREATE_ACCESS	5
#define ICTL_IOMMU_TEST_OP_DESTROY_ACCESS_PAGES	6
#define ICTL_IOMMU_TEST_OP_ACCESS_PAGES		7
#define ICTL_IOMMU_TEST_OP_ACCESS_RW		8
#define ICTL_IOMMU_TEST_OP_SET_TEMP_MEMORY_LIMIT 9
#define ICTL_IOMMU_TEST_OP_MOCK_DOMAIN_REPLACE	10
#define ICTL_IOMMU_TEST_OP_ACCESS_REPLACE_IOAS	11
#define ICTL_IOMMU_TEST_OP_MOCK_DOMAIN_FLAGS	12
#define ICTL_IOMMU_TEST_OP_DIRTY		13
#define ICTL_IOMMU_TEST_OP_MD_CHECK_IOTLB	14
#define ICTL_IOMMU_TEST_OP_TRIGGER_IOPF		15
#define ICTL_IOMMU_TEST_OP_DEV_CHECK_CACHE	16
#define ICTL_IOMMU_TEST_OP_TRIGGER_VEVENT	17
#define ICTL_IOMMU_TEST_OP_PASID_ATTACH		18
#define ICTL_IOMMU_TEST_OP_PASID_REPLACE	19
#define ICTL_IOMMU_TEST_OP_PASID_DETACH		20
#define ICTL_IOMMU_TEST_OP_PASID_CHECK_HWPT	21
#define ICTL_IOMMU_TEST_OP_DMABUF_GET		22	/* returns the fd */
#define ICTL_IOMMU_TEST_OP_DMABUF_REVOKE	23
#define ICTL_IOMMU_TEST_OP_MAX			23

/*
 * struct iommu_test_cmd: 72 bytes, minimum 68 (the end of `last`). The
 * union members are placed so that their offsets in the whole command match
 * the reference table; see the assertions.
 */
struct ictl_iommu_test_cmd {
	uint32_t size;
	uint32_t op;
	uint32_t id;
	uint32_t reserved;	/* not checked; keep 0 */
	union {
		struct {
			ictl_aligned_u64 start;
			ictl_aligned_u64 length;
		} add_reserved;
		struct {	/* MOCK_DOMAIN and MOCK_DOMAIN_FLAGS */
			uint32_t out_stdev_id;
			uint32_t out_hwpt_id;
			uint32_t out_idev_id;	/* dev_id for HWPT_ALLOC etc. */
			uint32_t dev_flags;	/* MOCK_DOMAIN_FLAGS only */
		} mock_domain;
		struct {
			uint32_t pt_id;	/* in/out */
		} mock_domain_replace;
		struct {
			ictl_aligned_u64 iova;
			ictl_aligned_u64 length;
			ictl_aligned_u64 uptr;
		} check_map;
		struct {
			ictl_aligned_u64 length;
			ictl_aligned_u64 uptr;
			uint32_t refs;
		} check_refs;
		struct {
			uint32_t out_access_fd;	/* access ops pass it as id */
			uint32_t flags;
		} create_access;
		struct {
			uint32_t access_pages_id;
		} destroy_access_pages;
		struct {
			uint32_t flags;
			uint32_t out_access_pages_id;
			ictl_aligned_u64 iova;
			ictl_aligned_u64 length;
			ictl_aligned_u64 uptr;
		} access_pages;
		struct {
			ictl_aligned_u64 iova;
			ictl_aligned_u64 length;
			ictl_aligned_u64 uptr;
			uint32_t flags;
		} access_rw;
		struct {
			uint32_t limit;
		} memory_limit;
		struct {
			uint32_t ioas_id;
		} access_replace_ioas;
		struct {
			uint32_t flags;
			uint32_t pad;	/* implicit in the kernel's layout */
			ictl_aligned_u64 iova;
			ictl_aligned_u64 length;
			ictl_aligned_u64 page_size;
			ictl_aligned_u64 uptr;	/* bitmap of pages to mark */
			ictl_aligned_u64 out_nr_dirty;
		} dirty;
		struct {
			uint32_t id;	/* slot 0..3 */
			uint32_t iotlb;	/* expected */
		} check_iotlb;
		struct {
			uint32_t dev_id;	/* idev */
			uint32_t pasid;
			uint32_t grpid;
			uint32_t perm;
			ictl_aligned_u64 addr;
		} trigger_iopf;
		struct {
			uint32_t id;	/* slot 0..3 */
			uint32_t cache;	/* expected */
		} check_dev_cache;
		struct {
			uint32_t dev_id;	/* idev */
		} trigger_vevent;
		struct {
			uint32_t pasid;
			uint32_t pt_id;	/* in/out */
		} pasid_attach;
		struct {
			uint32_t pasid;
			uint32_t pt_id;
		} pasid_replace;
		struct {
			uint32_t pasid;
		} pasid_detach;
		struct {
			uint32_t pasid;
			uint32_t hwpt_id;	/* 0: expect detached */
		} pasid_check;
		struct {
			uint32_t length;
			uint32_t open_flags;
		} dmabuf_get;
		struct {
			int32_t dmabuf_fd;
			uint32_t revoked;
		} dmabuf_revoke;
	};
	uint32_t last;
};
ICTL_SIZE(ictl_iommu_test_cmd, 72);
ICTL_OFF(ictl_iommu_test_cmd, op, 4);
ICTL_OFF(ictl_iommu_test_cmd, id, 8);
ICTL_OFF(ictl_iommu_test_cmd, reserved, 12);
ICTL_OFF(ictl_iommu_test_cmd, add_reserved.start, 16);
ICTL_OFF(ictl_iommu_test_cmd, add_reserved.length, 24);
ICTL_OFF(ictl_iommu_test_cmd, mock_domain.out_stdev_id, 16);
ICTL_OFF(ictl_iommu_test_cmd, mock_domain.out_hwpt_id, 20);
ICTL_OFF(ictl_iommu_test_cmd, mock_domain.out_idev_id, 24);
ICTL_OFF(ictl_iommu_test_cmd, mock_domain.dev_flags, 28);
ICTL_OFF(ictl_iommu_test_cmd, mock_domain_replace.pt_id, 16);
ICTL_OFF(ictl_iommu_test_cmd, check_map.iova, 16);
ICTL_OFF(ictl_iommu_test_cmd, check_map.length, 24);
ICTL_OFF(ictl_iommu_test_cmd, check_map.uptr, 32);
ICTL_OFF(ictl_iommu_test_cmd, check_refs.length, 16);
ICTL_OFF(ictl_iommu_test_cmd, check_refs.uptr, 24);
ICTL_OFF(ictl_iommu_test_cmd, check_refs.refs, 32);
ICTL_OFF(ictl_iommu_test_cmd, create_access.out_access_fd, 16);
ICTL_OFF(ictl_iommu_test_cmd, create_access.flags, 20);
ICTL_OFF(ictl_iommu_test_cmd, destroy_access_pages.access_pages_id, 16);
ICTL_OFF(ictl_iommu_test_cmd, access_pages.flags, 16);
ICTL_OFF(ictl_iommu_test_cmd, access_pages.out_access_pages_id, 20);
ICTL_OFF(ictl_iommu_test_cmd, access_pages.iova, 24);
ICTL_OFF(ictl_iommu_test_cmd, access_pages.length, 32);
ICTL_OFF(ictl_iommu_test_cmd, access_pages.uptr, 40);
ICTL_OFF(ictl_iommu_test_cmd, access_rw.iova, 16);
ICTL_OFF(ictl_iommu_test_cmd, access_rw.length, 24);
ICTL_OFF(ictl_iommu_test_cmd, access_rw.uptr, 32);
ICTL_OFF(ictl_iommu_test_cmd, access_rw.flags, 40);
ICTL_OFF(ictl_iommu_test_cmd, memory_limit.limit, 16);
ICTL_OFF(ictl_iommu_test_cmd, access_replace_ioas.ioas_id, 16);
ICTL_OFF(ictl_iommu_test_cmd, dirty.flags, 16);
ICTL_OFF(ictl_iommu_test_cmd, dirty.iova, 24);
ICTL_OFF(ictl_iommu_test_cmd, dirty.length, 32);
ICTL_OFF(ictl_iommu_test_cmd, dirty.page_size, 40);
ICTL_OFF(ictl_iommu_test_cmd, dirty.uptr, 48);
ICTL_OFF(ictl_iommu_test_cmd, dirty.out_nr_dirty, 56);
ICTL_OFF(ictl_iommu_test_cmd, check_iotlb.id, 16);
ICTL_OFF(ictl_iommu_test_cmd, check_iotlb.iotlb, 20);
ICTL_OFF(ictl_iommu_test_cmd, trigger_iopf.dev_id, 16);
ICTL_OFF(ictl_iommu_test_cmd, trigger_iopf.pasid, 20);
ICTL_OFF(ictl_iommu_test_cmd, trigger_iopf.grpid, 24);
ICTL_OFF(ictl_iommu_test_cmd, trigger_iopf.perm, 28);
ICTL_OFF(ictl_iommu_test_cmd, trigger_iopf.addr, 32);
ICTL_OFF(ictl_iommu_test_cmd, check_dev_cache.id, 16);
ICTL_OFF(ictl_iommu_test_cmd, check_dev_cache.cache, 20);
ICTL_OFF(ictl_iommu_test_cmd, trigger_vevent.dev_id, 16);
ICTL_OFF(ictl_iommu_test_cmd, pasid_attach.pasid, 16);
ICTL_OFF(ictl_iommu_test_cmd, pasid_attach.pt_id, 20);
ICTL_OFF(ictl_iommu_test_cmd, pasid_replace.pasid, 16);
ICTL_OFF(ictl_iommu_test_cmd, pasid_replace.pt_id, 20);
ICTL_OFF(ictl_iommu_test_cmd, pasid_detach.pasid, 16);
ICTL_OFF(ictl_iommu_test_cmd, pasid_check.pasid, 16);
ICTL_OFF(ictl_iommu_test_cmd, pasid_check.hwpt_id, 20);
ICTL_OFF(ictl_iommu_test_cmd, dmabuf_get.length, 16);
ICTL_OFF(ictl_iommu_test_cmd, dmabuf_get.open_flags, 20);
ICTL_OFF(ictl_iommu_test_cmd, dmabuf_revoke.dmabuf_fd, 16);
ICTL_OFF(ictl_iommu_test_cmd, dmabuf_revoke.revoked, 20);
ICTL_OFF(ictl_iommu_test_cmd, last, 64);
#define ICTL_IOMMU_TEST_CMD_SIZE_MIN	68
_Static_assert(ICTL_END(ictl_iommu_test_cmd, last) == ICTL_IOMMU_TEST_CMD_SIZE_MIN,
	       "test_cmd min size");

/* hw_info data of a mock device (data_len out 8). */
struct ictl_iommu_test_hw_info {
	uint32_t flags;		/* 0 */
	uint32_t test_reg;	/* ICTL_IOMMU_HW_INFO_SELFTEST_REGVAL */
};
ICTL_SIZE(ictl_iommu_test_hw_info, 8);
ICTL_OFF(ictl_iommu_test_hw_info, test_reg, 4);

/* HWPT data type 0xdead: nested (iotlb) or paging (pagetable_type). */
struct ictl_iommu_hwpt_selftest {
	uint32_t iotlb;		/* initial value of the 4 IOTLB slots */
	uint32_t pagetable_type;	/* ICTL_MOCK_IOMMUPT_*, paging only */
};
ICTL_SIZE(ictl_iommu_hwpt_selftest, 8);
ICTL_OFF(ictl_iommu_hwpt_selftest, pagetable_type, 4);
#define ICTL_IOMMU_HWPT_SELFTEST_LEN_MIN	4

/* Nested-HWPT invalidation entry; entry_len exactly 8. */
struct ictl_iommu_hwpt_invalidate_selftest {
	uint32_t flags;
	uint32_t iotlb_id;	/* <= ICTL_MOCK_NESTED_DOMAIN_IOTLB_ID_MAX */
};
ICTL_SIZE(ictl_iommu_hwpt_invalidate_selftest, 8);
ICTL_OFF(ictl_iommu_hwpt_invalidate_selftest, iotlb_id, 4);

/* vIOMMU invalidation entry (copy_struct rules on entry_len). */
struct ictl_iommu_viommu_invalidate_selftest {
	uint32_t flags;
	uint32_t vdev_id;	/* a virt_id of this vIOMMU */
	uint32_t cache_id;	/* <= ICTL_MOCK_DEV_CACHE_ID_MAX */
};
ICTL_SIZE(ictl_iommu_viommu_invalidate_selftest, 12);
ICTL_OFF(ictl_iommu_viommu_invalidate_selftest, vdev_id, 4);
ICTL_OFF(ictl_iommu_viommu_invalidate_selftest, cache_id, 8);

/* Optional mock vIOMMU data (min 8): a loopback and a 2-page mmap. */
struct ictl_iommu_viommu_selftest {
	uint32_t in_data;
	uint32_t out_data;	/* = in_data */
	ictl_aligned_u64 out_mmap_offset;
	ictl_aligned_u64 out_mmap_length;
};
ICTL_SIZE(ictl_iommu_viommu_selftest, 24);
ICTL_OFF(ictl_iommu_viommu_selftest, out_data, 4);
ICTL_OFF(ictl_iommu_viommu_selftest, out_mmap_offset, 8);
ICTL_OFF(ictl_iommu_viommu_selftest, out_mmap_length, 16);
#define ICTL_IOMMU_VIOMMU_SELFTEST_LEN_MIN	8

/* vEVENTQ payload for type 0xbeefbeef (record: 8 + 4 bytes, unaligned). */
struct ictl_iommu_viommu_event_selftest {
	uint32_t virt_id;
};
ICTL_SIZE(ictl_iommu_viommu_event_selftest, 4);

#endif
